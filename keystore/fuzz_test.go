// This file holds the fuzz targets and benchmarks of the decoders: they
// must never panic and never allocate far beyond the input size.

package keystore

import (
	"runtime"
	"testing"
)

// fuzzIterations keeps fuzzing fast: real stores use 10,000 to 200,000 KDF
// iterations, which only cost time, not coverage.
const fuzzIterations = 2048

// fuzzDecode decodes data with both roles and checks that memory stays
// within a small multiple of the input (plus the fixed cost of one decode).
func fuzzDecode(t *testing.T, data []byte, typ string) {
	for _, trust := range []bool{false, true} {
		password := testPassword
		if trust {
			password = ""
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := decodeAs(data, typ, password, trust, withMaxIterations(fuzzIterations))
		runtime.ReadMemStats(&after)
		if grown := after.TotalAlloc - before.TotalAlloc; grown > uint64(64*len(data))+1<<20 {
			t.Fatalf("%d-byte input allocated %d bytes", len(data), grown)
		}
		if err != nil && !classified(err) {
			t.Fatalf("unclassified error: %v", err)
		}
	}
}

func FuzzReadJKS(f *testing.F) {
	for _, name := range []string{"keystore", "chain.jks", "truststore.jks", "twokeys.jks"} {
		f.Add(readTestdata(f, name))
	}
	f.Add(append([]byte{0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF}, make([]byte, 11)...))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, data, "JKS") })
}

func FuzzReadJCEKS(f *testing.F) {
	for _, name := range []string{"client.jceks", "truststore.jceks"} {
		f.Add(readTestdata(f, name))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, data, "JCEKS") })
}

func FuzzReadPKCS12(f *testing.F) {
	for _, name := range []string{"client-keystore.p12", "openssl-legacy.p12", "keytool-mixed.p12", "truststore-nopass.p12"} {
		f.Add(readTestdata(f, name))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, data, "PKCS12") })
}

// TestHostileHeaderAllocation measures the 23-byte JKS header that claims
// about 4 billion entries: keystore-go alone dies of it.
func TestHostileHeaderAllocation(t *testing.T) {
	data := append([]byte{0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF}, make([]byte, 11)...)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Decode(data, testPassword)
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("accepted")
	}
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 64*1024 {
		t.Fatalf("allocated %d bytes for a 23-byte file", grown)
	}
}

func BenchmarkReadKeyStore(b *testing.B) {
	for _, c := range []struct{ name, file, typ string }{
		{"JKS", "keystore", "JKS"},
		{"JCEKS", "client.jceks", "JCEKS"},
		{"PKCS12-openssl3", "client-keystore.p12", "PKCS12"},
		{"PKCS12-openssl-legacy", "openssl-legacy.p12", "PKCS12"},
		{"PKCS12-keytool17", "keytool.p12", "PKCS12"},
		{"PKCS12-keytool-legacy", "keytool-legacy.p12", "PKCS12"},
		{"PEM", "pem-pkcs8.pem", "PEM"},
		{"PEM-encrypted", "pem-encrypted.pem", "PEM"},
	} {
		data := readTestdata(b, c.file)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Decode(data, testPassword, WithType(c.typ)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("PKCS12-PBMAC1", func(b *testing.B) {
		data := pbmac1KeyStore(b, testPassword)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Decode(data, testPassword, WithType("PKCS12")); err != nil {
				b.Fatal(err)
			}
		}
	})
}
