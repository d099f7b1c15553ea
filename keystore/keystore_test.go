// This file tests key store and trust store decoding: every format, type
// hint and password case, with the fixtures testdata/generate.sh made, and
// cross-checks the decoders with keystore-go and go-pkcs12.

package keystore

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	jksgo "github.com/pavlo-v-chernykh/keystore-go/v4"
	gopkcs12 "software.sslmate.com/src/go-pkcs12"
)

const testPassword = "mypassword"

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// decodeAs decodes data with the declared type and the key store or trust
// store rules.
func decodeAs(data []byte, typ, password string, trust bool, opts ...Option) (*KeyStore, error) {
	opts = append([]Option{WithType(typ)}, opts...)
	if trust {
		return DecodeTrustStore(data, password, opts...)
	}
	return Decode(data, password, opts...)
}

// classified reports whether err matches one of the package's classes.
func classified(err error) bool {
	for _, c := range []error{ErrFormat, ErrIncorrectPassword, ErrUnsupported, ErrUnknownType, ErrLimit} {
		if errors.Is(err, c) {
			return true
		}
	}
	return false
}

func TestDecodeFormats(t *testing.T) {
	tests := []struct {
		file, typ, password string
		trust               bool
		wantErr             error // nil: loads
		keys, trusted       int
		firstChain          int // chain length of the first key entry
		firstAlias          string
	}{
		// the seed's two files
		{file: "client-keystore.p12", typ: "PKCS12", password: testPassword, keys: 1, firstChain: 1, firstAlias: "mysqlclient"},
		{file: "keystore", typ: "JKS", password: testPassword, keys: 1, firstChain: 1, firstAlias: "mysqlclient"},
		{file: "keystore", typ: "", password: testPassword, keys: 1, firstChain: 1},
		// PKCS#12 producers
		{file: "openssl-chain.p12", typ: "pkcs12", password: testPassword, keys: 1, firstChain: 2},
		{file: "openssl-legacy.p12", typ: "PKCS12", password: testPassword, keys: 1, firstChain: 2},
		{file: "keytool.p12", typ: "PKCS12", password: testPassword, keys: 1, firstChain: 2},
		{file: "keytool-legacy.p12", typ: "PKCS12", password: testPassword, keys: 1, firstChain: 2},
		{file: "keytool-mixed.p12", typ: "PKCS12", password: testPassword, keys: 1, trusted: 2, firstChain: 2, firstAlias: "mysqlclient"},
		{file: "client2.p12", typ: "PKCS12", password: testPassword, keys: 1, firstChain: 1, firstAlias: "otherclient"},
		// several keys
		{file: "twokeys.p12", typ: "PKCS12", password: testPassword, keys: 2, firstChain: 2, firstAlias: "mysqlclient"},
		{file: "twokeys.jks", typ: "JKS", password: testPassword, keys: 2},
		// JKS and JCEKS
		{file: "chain.jks", typ: "JKS", password: testPassword, keys: 1, firstChain: 2},
		{file: "client.jceks", typ: "JCEKS", password: testPassword, keys: 1, trusted: 1, firstChain: 2, firstAlias: "mysqlclient"},
		{file: "keypass-differs.jks", typ: "JKS", password: testPassword, wantErr: ErrIncorrectPassword},
		// PEM
		{file: "pem-pkcs8.pem", typ: "PEM", keys: 1, firstChain: 2, firstAlias: "mysqlclient"},
		{file: "pem-pkcs1.pem", typ: "PEM", keys: 1, firstChain: 1},
		{file: "pem-sec1.pem", typ: "", keys: 1, firstChain: 1, firstAlias: "otherclient"},
		{file: "pem-encrypted.pem", typ: "PEM", password: testPassword, keys: 1, firstChain: 1},
		{file: "pem-encrypted.pem", typ: "PEM", password: "not-the-password", wantErr: ErrIncorrectPassword},
		{file: "pem-encrypted.pem", typ: "PEM", wantErr: ErrIncorrectPassword},
		{file: "pem-trust.pem", typ: "PEM", trust: true, trusted: 2},
		// non-ASCII passwords
		{file: "nonascii-latin1.jks", typ: "JKS", password: "pässwörd", keys: 1, firstChain: 1},
		{file: "nonascii-euro.jks", typ: "JKS", password: "pa€ss-wörd", keys: 1, firstChain: 1},
		{file: "nonascii-euro.jceks", typ: "JCEKS", password: "pa€ss-wörd", trusted: 1},
		{file: "nonascii-euro.p12", typ: "PKCS12", password: "pa€ss-wörd", keys: 1, firstChain: 1},
		{file: "nonascii-latin1.jks", typ: "JKS", password: "passwort", wantErr: ErrIncorrectPassword},
		// wrong and missing passwords for key stores
		{file: "keystore", typ: "JKS", password: "not-the-password", wantErr: ErrIncorrectPassword},
		{file: "keystore", typ: "JKS", wantErr: ErrIncorrectPassword},
		{file: "client-keystore.p12", typ: "PKCS12", password: "not-the-password", wantErr: ErrIncorrectPassword},
		{file: "client-keystore.p12", typ: "PKCS12", wantErr: ErrIncorrectPassword},
		{file: "keytool.p12", typ: "JKS", wantErr: ErrIncorrectPassword},
		{file: "client.jceks", typ: "JCEKS", password: "not-the-password", wantErr: ErrIncorrectPassword},
		// trust stores: Connector/J 9.1 password rules
		{file: "truststore.jks", typ: "JKS", trust: true, trusted: 1},
		{file: "truststore.jks", typ: "JKS", password: testPassword, trust: true, trusted: 1},
		{file: "truststore.jks", typ: "JKS", password: "not-the-password", trust: true, wantErr: ErrIncorrectPassword},
		{file: "truststore.jceks", typ: "JCEKS", trust: true, trusted: 1},
		{file: "truststore.p12", typ: "PKCS12", trust: true, trusted: 0}, // encrypted: loads empty
		{file: "truststore.p12", typ: "PKCS12", password: testPassword, trust: true, trusted: 1},
		{file: "truststore.p12", typ: "PKCS12", password: "not-the-password", trust: true, wantErr: ErrIncorrectPassword},
		{file: "truststore-openssl.p12", typ: "PKCS12", password: testPassword, trust: true, trusted: 1},
		{file: "truststore-nopass.p12", typ: "PKCS12", trust: true, trusted: 1},
		{file: "truststore-nopass.p12", typ: "PKCS12", password: testPassword, trust: true, trusted: 1}, // Java ignores it
		{file: "keystore", typ: "JKS", trust: true, trusted: 1},                                         // key entry's certificate is trusted, no password needed
		// mismatched and unknown types
		{file: "client.jceks", typ: "JKS", password: testPassword, wantErr: ErrFormat},
		{file: "client.jceks", typ: "PKCS12", password: testPassword, wantErr: ErrFormat},
		{file: "keytool.p12", typ: "JCEKS", password: testPassword, wantErr: ErrFormat},
		{file: "keystore", typ: "PEM", password: testPassword, wantErr: ErrFormat},
		{file: "keystore", typ: "p12", password: testPassword, wantErr: ErrUnknownType},
		{file: "keystore", typ: "PKCS#12", password: testPassword, wantErr: ErrUnknownType},
	}
	for _, tt := range tests {
		name := tt.file + "/" + tt.typ + "/" + map[bool]string{false: "key", true: "trust"}[tt.trust]
		t.Run(name, func(t *testing.T) {
			ks, err := decodeAs(readTestdata(t, tt.file), tt.typ, tt.password, tt.trust)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				if tt.password != "" && strings.Contains(err.Error(), tt.password) {
					t.Fatalf("error shows the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var keys, trusted int
			for _, e := range ks.Entries {
				if e.Trusted() {
					trusted++
				} else {
					keys++
				}
			}
			if keys != tt.keys || trusted != tt.trusted {
				t.Fatalf("keys=%d trusted=%d, want %d and %d", keys, trusted, tt.keys, tt.trusted)
			}
			if tt.keys == 0 {
				return
			}
			var first Entry
			for _, e := range ks.Entries {
				if !e.Trusted() {
					first = e
					break
				}
			}
			if tt.firstChain != 0 && len(first.Chain) != tt.firstChain {
				t.Errorf("chain length %d, want %d", len(first.Chain), tt.firstChain)
			}
			if tt.firstAlias != "" && first.Alias != tt.firstAlias {
				t.Errorf("alias %q, want %q", first.Alias, tt.firstAlias)
			}
			for _, e := range ks.Entries {
				if !e.Trusted() && !publicKeyMatches(e.Chain[0], e.PrivateKey) {
					t.Errorf("%s: key does not match leaf", e.Alias)
				}
			}
		})
	}
}

// TestTypeHintMatrix checks Java's keystore.type.compat: which declared
// type loads which detected format; without WithType every format loads.
func TestTypeHintMatrix(t *testing.T) {
	files := map[string]string{"JKS": "keystore", "PKCS12": "keytool.p12", "JCEKS": "client.jceks", "PEM": "pem-pkcs8.pem"}
	loads := map[string][]string{
		"":       {"JKS", "PKCS12", "PEM"},
		"jks":    {"JKS", "PKCS12", "PEM"},
		"JKS":    {"JKS", "PKCS12", "PEM"},
		"Pkcs12": {"JKS", "PKCS12", "PEM"},
		"jceks":  {"JKS", "JCEKS", "PEM"},
		"PEM":    {"PEM"},
		"p12":    nil,
		"FOO":    nil,
	}
	for typ, ok := range loads {
		for format, file := range files {
			ks, err := decodeAs(readTestdata(t, file), typ, testPassword, false)
			want := slices.Contains(ok, format)
			if want != (err == nil) {
				t.Errorf("type %q, %s file: err = %v, want load=%v", typ, format, err, want)
			}
			if err == nil && ks.Format != format {
				t.Errorf("type %q: Format=%s, want %s", typ, ks.Format, format)
			}
		}
	}
	for format, file := range files {
		if ks, err := Decode(readTestdata(t, file), testPassword); err != nil || ks.Format != format {
			t.Errorf("no declared type, %s file: %v", format, err)
		}
	}
}

func TestPKCS12MixedStoreChainExcludesUnrelatedTrustedCAs(t *testing.T) {
	ks, err := Decode(readTestdata(t, "keytool-mixed.p12"), testPassword)
	if err != nil {
		t.Fatal(err)
	}
	// go-pkcs12 mixes every trusted CA into the chain; we follow issuers, as Java does.
	_, _, cas, err := gopkcs12.DecodeChain(readTestdata(t, "keytool-mixed.p12"), testPassword)
	if err != nil || len(cas) < 2 || cas[len(cas)-1].Subject.CommonName != "jdbcmysql second CA" {
		t.Fatalf("go-pkcs12 baseline changed: %d CAs, %v", len(cas), err)
	}
	chain := ks.Entries[0].Chain
	for _, c := range chain {
		if c.Subject.CommonName == "jdbcmysql second CA" {
			t.Fatal("unrelated trusted CA in the key's chain")
		}
	}
	if chain[len(chain)-1].Subject.CommonName != "jdbcmysql test CA" {
		t.Fatalf("chain does not end at the issuing CA: %v", chain[len(chain)-1].Subject)
	}
}

// TestPKCS12MatchesGoPKCS12 cross-checks our safe-bag walker with go-pkcs12
// on single-key files.
func TestPKCS12MatchesGoPKCS12(t *testing.T) {
	for _, f := range []string{"client-keystore.p12", "openssl-chain.p12", "openssl-legacy.p12", "keytool.p12", "keytool-legacy.p12", "nonascii-euro.p12"} {
		pw := testPassword
		if strings.HasPrefix(f, "nonascii") {
			pw = "pa€ss-wörd"
		}
		key, leaf, _, err := gopkcs12.DecodeChain(readTestdata(t, f), pw)
		if err != nil {
			t.Fatal(f, err)
		}
		ks, err := Decode(readTestdata(t, f), pw)
		if err != nil {
			t.Fatal(f, err)
		}
		if !leaf.Equal(ks.Entries[0].Chain[0]) || !key.(*rsa.PrivateKey).Equal(ks.Entries[0].PrivateKey) {
			t.Errorf("%s: differs from go-pkcs12", f)
		}
	}
}

// TestJKSMatchesKeystoreGo cross-checks our JKS decoder with keystore-go on
// every JKS fixture whose password keystore-go can express (Latin-1).
func TestJKSMatchesKeystoreGo(t *testing.T) {
	for _, c := range []struct{ file, password string }{
		{"keystore", testPassword}, {"chain.jks", testPassword}, {"twokeys.jks", testPassword}, {"nonascii-latin1.jks", "pässwörd"},
	} {
		data := readTestdata(t, c.file)
		var pw []byte
		for _, r := range c.password {
			pw = append(pw, byte(r)) // keystore-go widens each byte to one UTF-16 char
		}
		lib := jksgo.New(jksgo.WithCaseExactAliases())
		if err := lib.Load(bytes.NewReader(data), pw); err != nil {
			t.Fatal(c.file, err)
		}
		ks, err := Decode(data, c.password)
		if err != nil {
			t.Fatal(c.file, err)
		}
		if len(ks.Entries) != len(lib.Aliases()) {
			t.Errorf("%s: %d entries, keystore-go %d", c.file, len(ks.Entries), len(lib.Aliases()))
		}
		for _, e := range ks.Entries {
			want, err := lib.GetPrivateKeyEntry(e.Alias, pw)
			if err != nil {
				t.Fatal(c.file, e.Alias, err)
			}
			key, err := x509.ParsePKCS8PrivateKey(want.PrivateKey)
			if err != nil {
				t.Fatal(err)
			}
			if !sameKey(e.PrivateKey, key) || len(e.Chain) != len(want.CertificateChain) ||
				!bytes.Equal(e.Chain[0].Raw, want.CertificateChain[0].Content) {
				t.Errorf("%s %q: differs from keystore-go", c.file, e.Alias)
			}
		}
	}
}

func TestJKSKeyRecoveryWrongKeyPassword(t *testing.T) {
	entries, _, _, err := walkJavaStore(readTestdata(t, "nonascii-latin1.jks"), jksMagic)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jksRecoverKey(entries[0].encKey, "pässwörd", "x"); err != nil {
		t.Fatal(err)
	}
	if _, err := jksRecoverKey(entries[0].encKey, "passwörd", "x"); !errors.Is(err, ErrIncorrectPassword) {
		t.Fatalf("wrong key password: %v", err)
	}
}

func TestECKeyFromPEM(t *testing.T) {
	ks, err := Decode(readTestdata(t, "pem-sec1.pem"), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ks.Entries[0].PrivateKey.(*ecdsa.PrivateKey); !ok {
		t.Fatalf("key type %T", ks.Entries[0].PrivateKey)
	}
}

// TestCorruptStores truncates and flips bytes in every fixture: each must
// fail with one of the package's error classes (or, for a flipped body
// byte, still decode) and never panic.
func TestCorruptStores(t *testing.T) {
	for _, f := range []struct{ file, typ string }{
		{"keystore", "JKS"}, {"chain.jks", "JKS"}, {"client.jceks", "JCEKS"}, {"keytool.p12", "PKCS12"},
		{"openssl-legacy.p12", "PKCS12"}, {"truststore.jks", "JKS"}, {"pem-encrypted.pem", "PEM"},
	} {
		data := readTestdata(t, f.file)
		for _, n := range []int{0, 1, 4, 11, 12, 31, len(data) / 2, len(data) - 21, len(data) - 1} {
			_, err := decodeAs(data[:n], f.typ, testPassword, false)
			if f.typ != "PEM" && !classified(err) || err != nil && !classified(err) {
				t.Errorf("%s truncated to %d: err = %v", f.file, n, err)
			}
		}
		for i := 0; i < len(data); i += 37 {
			bad := bytes.Clone(data)
			bad[i] ^= 0x55
			if _, err := decodeAs(bad, f.typ, testPassword, false); err != nil && !classified(err) {
				t.Errorf("%s byte %d flipped: unclassified err %v", f.file, i, err)
			}
		}
	}
}

func TestHostileJKSHeaders(t *testing.T) {
	hostile := [][]byte{
		// 23 bytes claiming ~4 billion entries (crashes keystore-go alone)
		append([]byte{0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF}, make([]byte, 11)...),
		// the same claim with room for a digest, so the entry count check runs
		append([]byte{0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF}, make([]byte, 40)...),
	}
	// a key entry claiming a 3.75 GiB key, and one claiming 4 billion certificates
	entry := []byte{0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 'a', 0, 0, 0, 0, 0, 0, 0, 0}
	hostile = append(hostile, append(append(bytes.Clone(entry), 0xF0, 0, 0, 0), make([]byte, 30)...))
	hostile = append(hostile, append(append(bytes.Clone(entry), 0, 0, 0, 1, 0, 0xFF, 0xFF, 0xFF, 0xFF), make([]byte, 30)...))
	// a short encrypted key inside a valid digest (panics keystore-go's GetPrivateKeyEntry)
	hostile = append(hostile, shortKeyJKS(t))
	for i, data := range hostile {
		_, err := Decode(data, testPassword)
		if !errors.Is(err, ErrFormat) {
			t.Errorf("hostile %d: err = %v", i, err)
		}
		t.Logf("hostile %d (%d bytes): %v", i, len(data), err)
		allocs := testing.AllocsPerRun(5, func() { Decode(data, testPassword) })
		if allocs > 200 {
			t.Errorf("hostile %d: %v allocations", i, allocs)
		}
	}
}

// shortKeyJKS builds a JKS file with a correct digest whose one key entry
// has a 10-byte encrypted key.
func shortKeyJKS(t testing.TB) []byte {
	cert := readTestdata(t, "keystore")
	entries, _, _, err := walkJavaStore(cert, jksMagic)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := asn1.Marshal(encryptedPrivateKeyInfo{
		Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidJKSKeyProtector, Parameters: asn1.NullRawValue},
		Data:      make([]byte, 10),
	})
	if err != nil {
		t.Fatal(err)
	}
	var b javaStoreWriter
	b.u32(jksMagic)
	b.u32(2)
	b.u32(1)
	b.u32(jksTagPrivateKey)
	b.utf("k")
	b.u64(0)
	b.bytes32(enc)
	b.u32(1)
	b.utf("X.509")
	b.bytes32(entries[0].certs[0])
	return b.sealed(testPassword)
}

// javaStoreWriter writes the JKS/JCEKS layout for tests that need files no
// tool makes.
type javaStoreWriter struct{ bytes.Buffer }

func (w *javaStoreWriter) u16(v int) { w.Write([]byte{byte(v >> 8), byte(v)}) }
func (w *javaStoreWriter) u32(v uint32) {
	w.Write([]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}
func (w *javaStoreWriter) u64(v uint64) { w.u32(uint32(v >> 32)); w.u32(uint32(v)) }
func (w *javaStoreWriter) utf(s string) { w.u16(len(s)); w.WriteString(s) }
func (w *javaStoreWriter) bytes32(b []byte) {
	w.u32(uint32(len(b)))
	w.Write(b)
}

// sealed appends the integrity digest for password.
func (w *javaStoreWriter) sealed(password string) []byte {
	body := w.Bytes()
	h := sha1.Sum(append(append(utf16BE(password), "Mighty Aphrodite"...), body...))
	return append(bytes.Clone(body), h[:]...)
}

// sameKey reports whether two private keys are equal.
func sameKey(a, b any) bool {
	k, ok := a.(interface{ Equal(crypto.PrivateKey) bool })
	return ok && k.Equal(b)
}

func mustParsePEMCert(t testing.TB, data []byte) *x509.Certificate {
	t.Helper()
	block, _ := pem.Decode(data)
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestJCEKSSecretKeyEntrySkipped(t *testing.T) {
	entries, _, _, err := walkJavaStore(readTestdata(t, "client.jceks"), jceksMagic)
	if err != nil {
		t.Fatal(err)
	}
	var tags []uint32
	for _, e := range entries {
		tags = append(tags, e.tag)
	}
	if !slices.Contains(tags, jksTagSecretKey) || len(tags) != 3 {
		t.Fatalf("entry tags %v, want a secret key among 3 entries", tags)
	}
}

func TestJCEKSNonASCIIKeyPassword(t *testing.T) {
	entries, _, _, err := walkJavaStore(readTestdata(t, "client.jceks"), jceksMagic)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.tag != jksTagPrivateKey {
			continue
		}
		d := newDecoder("pässwörd", false, nil)
		if _, err := d.jceksRecoverKey(e.encKey, e.alias); !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "ASCII") {
			t.Fatalf("err = %v", err)
		}
		d.password = "mypassword1"
		if _, err := d.jceksRecoverKey(e.encKey, e.alias); !errors.Is(err, ErrIncorrectPassword) {
			t.Fatalf("wrong key password: %v", err)
		}
	}
}

func TestSizeLimit(t *testing.T) {
	_, err := Decode(make([]byte, DefaultMaxSize+1), "")
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("oversized: %v", err)
	}
	data := readTestdata(t, "keystore")
	if _, err := Decode(data, testPassword, WithMaxSize(len(data)-1)); !errors.Is(err, ErrLimit) {
		t.Fatalf("WithMaxSize: %v", err)
	}
	if _, err := Decode(data, testPassword, WithMaxSize(len(data))); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
}
