// This file holds the fuzz targets and benchmarks of the decoders: they
// must never panic and never allocate far beyond the input size.

package keystore

import (
	"runtime"
	"testing"
	"time"
)

// Fuzzing keeps the production bounds except for key derivation, whose
// cost is linear and tested on its own (kdf_test.go): real stores use
// 2,048 to 200,000 iterations, which only cost time, not coverage.
const (
	fuzzIterations = 2048
	fuzzKDFBudget  = 100_000
	// fuzzMaxInput and fuzzTimeBound: decoding any input up to 64 KiB, in
	// both roles, finishes within the bound (signature checks, walks and
	// parsing included; the scaled KDF budget is a few milliseconds).
	fuzzMaxInput  = 64 << 10
	fuzzTimeBound = 2 * time.Second
)

func fuzzOptions(typ string) []Option {
	opts := []Option{withMaxIterations(fuzzIterations), withKDFBudget(fuzzKDFBudget)}
	if typ != "" {
		opts = append(opts, WithType(typ))
	}
	return opts
}

// fuzzDecode decodes data with both roles (typ "": no declared type, every
// format) and checks that each error is classified, that memory stays
// within a small multiple of the input (plus the fixed cost of one decode),
// and that inputs up to fuzzMaxInput finish within fuzzTimeBound.
func fuzzDecode(t *testing.T, data []byte, typ string) {
	start := time.Now()
	for _, trust := range []bool{false, true} {
		password := testPassword
		if trust {
			password = ""
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		var err error
		if trust {
			_, err = DecodeTrustStore(data, password, fuzzOptions(typ)...)
		} else {
			_, err = Decode(data, password, fuzzOptions(typ)...)
		}
		runtime.ReadMemStats(&after)
		if grown := after.TotalAlloc - before.TotalAlloc; grown > uint64(64*len(data))+1<<20 {
			t.Fatalf("%d-byte input allocated %d bytes", len(data), grown)
		}
		if err != nil && !classified(err) {
			t.Fatalf("unclassified error: %v", err)
		}
	}
	if took := time.Since(start); len(data) <= fuzzMaxInput && took > fuzzTimeBound {
		t.Fatalf("%d-byte input took %v (bound %v)", len(data), took, fuzzTimeBound)
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

func FuzzReadPEM(f *testing.F) {
	for _, name := range []string{"pem-pkcs8.pem", "pem-pkcs1.pem", "pem-sec1.pem", "pem-encrypted.pem", "pem-trust.pem"} {
		f.Add(readTestdata(f, name))
	}
	f.Add(newDecoyShape(f, 8).pem(3))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, data, "PEM") })
}

// FuzzDecodeTimeBound feeds every format, detected from the bytes, with
// seeds of the hostile shapes (decoy issuers, copied keys, many keys): any
// input up to 64 KiB must decode or fail within the time bound.
func FuzzDecodeTimeBound(f *testing.F) {
	for _, name := range []string{"keystore", "client.jceks", "keytool.p12", "openssl-legacy.p12", "pem-pkcs8.pem", "truststore-nopass.p12"} {
		f.Add(readTestdata(f, name))
	}
	s := newDecoyShape(f, 20)
	f.Add(s.pem(5))
	f.Add(s.p12TrustStoreNoMAC(f, 5))
	f.Add(manyKeysJCEKS(f, 20, 1000))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > fuzzMaxInput {
			return
		}
		fuzzDecode(t, data, "")
	})
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
