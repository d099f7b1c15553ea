// This file tests PKCS#12 MAC handling: PBMAC1 files (go-pkcs12's
// Modern2026 encoder, the format of OpenSSL 3.4+, Java 26+ and
// cert-manager's newest profile), their limits, and the classification of
// unsupported MAC algorithms.

package keystore

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	gopkcs12 "software.sslmate.com/src/go-pkcs12"
)

// pbmac1KeyStore encodes the seed's client key and certificate with the
// test CA as a PBMAC1 PKCS#12 file.
func pbmac1KeyStore(t testing.TB, password string) []byte {
	t.Helper()
	ks, err := Decode(readTestdata(t, "openssl-chain.p12"), testPassword)
	if err != nil {
		t.Fatal(err)
	}
	e := ks.Entries[0]
	data, err := gopkcs12.Modern2026.Encode(e.PrivateKey, e.Chain[0], e.Chain[1:], password)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestPBMAC1KeyStore(t *testing.T) {
	data := pbmac1KeyStore(t, testPassword)
	ks, err := Decode(data, testPassword, WithType("PKCS12"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ks.Entries) != 1 || ks.Entries[0].Trusted() || len(ks.Entries[0].Chain) != 2 {
		t.Fatalf("entries: %+v", ks.Entries)
	}
	key, leaf, _, err := gopkcs12.DecodeChain(data, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if !leaf.Equal(ks.Entries[0].Chain[0]) || !sameKey(ks.Entries[0].PrivateKey, key) {
		t.Fatal("differs from go-pkcs12")
	}
	for _, pw := range []string{"", "not-the-password"} {
		if _, err := Decode(data, pw); !errors.Is(err, ErrIncorrectPassword) {
			t.Errorf("password %q: err = %v", pw, err)
		}
	}
	ts, err := DecodeTrustStore(data, testPassword)
	if err != nil || len(ts.Entries) != 1 || !ts.Entries[0].Trusted() {
		t.Fatalf("as trust store: %v, %+v", err, ts)
	}
}

// TestPBMAC1TrustStoreKeepsAliases: go-pkcs12's decoder renames entries;
// ours keeps the friendly names, as Java does.
func TestPBMAC1TrustStoreKeepsAliases(t *testing.T) {
	var entries []gopkcs12.TrustStoreEntry
	for _, f := range []struct{ file, alias string }{{"ca-cert.pem", "trustedca"}, {"ca2-cert.pem", "secondca"}} {
		entries = append(entries, gopkcs12.TrustStoreEntry{Cert: mustParsePEMCert(t, readTestdata(t, f.file)), FriendlyName: f.alias})
	}
	data, err := gopkcs12.Modern2026.EncodeTrustStoreEntries(entries, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := DecodeTrustStore(data, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	var aliases []string
	for _, e := range ts.Entries {
		aliases = append(aliases, e.Alias)
	}
	if strings.Join(aliases, ",") != "trustedca,secondca" {
		t.Fatalf("aliases %v", aliases)
	}
	// Java's trust store without a password: no MAC check, encrypted bags skipped.
	if ts, err := DecodeTrustStore(data, ""); err != nil || len(ts.Entries) != 0 {
		t.Fatalf("no password: %v, %d entries", err, len(ts.Entries))
	}
	if _, err := DecodeTrustStore(data, "wrong"); !errors.Is(err, ErrIncorrectPassword) {
		t.Fatalf("wrong password: %v", err)
	}
}

func TestPBMAC1IterationLimit(t *testing.T) {
	data := pbmac1KeyStore(t, testPassword) // 2048 iterations
	_, err := Decode(data, testPassword, withMaxIterations(1000))
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "PBMAC1") || !strings.Contains(err.Error(), "1000") {
		t.Fatalf("err = %v, want the PBMAC1 iteration count refused", err)
	}
}

// TestUnsupportedMACIsUnsupported: an unknown MAC digest is ErrUnsupported
// through every wrapping (issue: a %v in the wrapping hid it).
func TestUnsupportedMACIsUnsupported(t *testing.T) {
	data := bytes.Clone(readTestdata(t, "client-keystore.p12"))
	sha256OID := []byte{0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01}
	i := bytes.LastIndex(data, sha256OID) // the MAC's digest algorithm comes last
	if i < 0 {
		t.Fatal("fixture has no SHA-256 MAC")
	}
	data[i+len(sha256OID)-1] = 0x63 // 2.16.840.1.101.3.4.2.99: no such digest
	_, err := Decode(data, testPassword)
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "MAC") {
		t.Fatalf("err = %v, want ErrUnsupported naming the MAC", err)
	}
}

func TestPBMAC1Parameters(t *testing.T) {
	data := pbmac1KeyStore(t, testPassword)
	hmacSHA256 := []byte{0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x09}
	i := bytes.LastIndex(data, hmacSHA256) // PBMAC1's MAC scheme, after its PRF
	if i < 0 {
		t.Fatal("no HMAC-SHA256 in the PBMAC1 parameters")
	}
	bad := bytes.Clone(data)
	bad[i+len(hmacSHA256)-1] = 0x7f // 1.2.840.113549.2.127: no such HMAC
	if _, err := Decode(bad, testPassword); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("unknown MAC scheme: %v", err)
	}
}
