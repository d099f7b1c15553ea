// This file tests key store and trust store decoding: every format, type
// hint and password case, with the fixtures testdata/generate.sh made.

package jdbcmysql

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/tls"
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

	gopkcs12 "software.sslmate.com/src/go-pkcs12"
)

const testPassword = "mypassword"

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestDecodeStoreFormats(t *testing.T) {
	tests := []struct {
		file, typ, password string
		role                storeRole
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
		{file: "keypass-differs.jks", typ: "JKS", password: testPassword, wantErr: ErrKeyStorePassword},
		// PEM
		{file: "pem-pkcs8.pem", typ: "PEM", keys: 1, firstChain: 2, firstAlias: "mysqlclient"},
		{file: "pem-pkcs1.pem", typ: "PEM", keys: 1, firstChain: 1},
		{file: "pem-sec1.pem", typ: "", keys: 1, firstChain: 1, firstAlias: "otherclient"},
		{file: "pem-encrypted.pem", typ: "PEM", password: testPassword, keys: 1, firstChain: 1},
		{file: "pem-encrypted.pem", typ: "PEM", password: "not-the-password", wantErr: ErrKeyStorePassword},
		{file: "pem-encrypted.pem", typ: "PEM", wantErr: ErrKeyStorePassword},
		{file: "pem-trust.pem", typ: "PEM", role: roleTrustStore, trusted: 2},
		// non-ASCII passwords
		{file: "nonascii-latin1.jks", typ: "JKS", password: "pässwörd", keys: 1, firstChain: 1},
		{file: "nonascii-euro.jks", typ: "JKS", password: "pa€ss-wörd", keys: 1, firstChain: 1},
		{file: "nonascii-euro.jceks", typ: "JCEKS", password: "pa€ss-wörd", trusted: 1},
		{file: "nonascii-euro.p12", typ: "PKCS12", password: "pa€ss-wörd", keys: 1, firstChain: 1},
		{file: "nonascii-latin1.jks", typ: "JKS", password: "passwort", wantErr: ErrKeyStorePassword},
		// wrong and missing passwords for key stores
		{file: "keystore", typ: "JKS", password: "not-the-password", wantErr: ErrKeyStorePassword},
		{file: "keystore", typ: "JKS", wantErr: ErrKeyStorePassword},
		{file: "client-keystore.p12", typ: "PKCS12", password: "not-the-password", wantErr: ErrKeyStorePassword},
		{file: "client-keystore.p12", typ: "PKCS12", wantErr: ErrKeyStorePassword},
		{file: "keytool.p12", typ: "JKS", wantErr: ErrKeyStorePassword},
		{file: "client.jceks", typ: "JCEKS", password: "not-the-password", wantErr: ErrKeyStorePassword},
		// trust stores: Connector/J 9.1 password rules
		{file: "truststore.jks", typ: "JKS", role: roleTrustStore, trusted: 1},
		{file: "truststore.jks", typ: "JKS", password: testPassword, role: roleTrustStore, trusted: 1},
		{file: "truststore.jks", typ: "JKS", password: "not-the-password", role: roleTrustStore, wantErr: ErrKeyStorePassword},
		{file: "truststore.jceks", typ: "JCEKS", role: roleTrustStore, trusted: 1},
		{file: "truststore.p12", typ: "PKCS12", role: roleTrustStore, trusted: 0}, // encrypted: loads empty
		{file: "truststore.p12", typ: "PKCS12", password: testPassword, role: roleTrustStore, trusted: 1},
		{file: "truststore.p12", typ: "PKCS12", password: "not-the-password", role: roleTrustStore, wantErr: ErrKeyStorePassword},
		{file: "truststore-openssl.p12", typ: "PKCS12", password: testPassword, role: roleTrustStore, trusted: 1},
		{file: "truststore-nopass.p12", typ: "PKCS12", role: roleTrustStore, trusted: 1},
		{file: "truststore-nopass.p12", typ: "PKCS12", password: testPassword, role: roleTrustStore, trusted: 1}, // Java ignores it
		{file: "keystore", typ: "JKS", role: roleTrustStore, trusted: 1},                                         // key entry's certificate is trusted, no password needed
		// mismatched and unknown types
		{file: "client.jceks", typ: "JKS", password: testPassword, wantErr: ErrKeyStore},
		{file: "client.jceks", typ: "PKCS12", password: testPassword, wantErr: ErrKeyStore},
		{file: "keytool.p12", typ: "JCEKS", password: testPassword, wantErr: ErrKeyStore},
		{file: "keystore", typ: "PEM", password: testPassword, wantErr: ErrKeyStore},
		{file: "keystore", typ: "p12", password: testPassword, wantErr: ErrInvalidProperty},
		{file: "keystore", typ: "PKCS#12", password: testPassword, wantErr: ErrInvalidProperty},
	}
	for _, tt := range tests {
		name := tt.file + "/" + tt.typ + "/" + map[storeRole]string{roleKeyStore: "key", roleTrustStore: "trust"}[tt.role]
		t.Run(name, func(t *testing.T) {
			ks, err := decodeStore(readTestdata(t, tt.file), tt.typ, tt.password, tt.role)
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
			var first KeyStoreEntry
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
// type loads which detected format.
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
			ks, err := decodeStore(readTestdata(t, file), typ, testPassword, roleKeyStore)
			want := false
			for _, f := range ok {
				want = want || f == format
			}
			if want != (err == nil) {
				t.Errorf("type %q, %s file: err = %v, want load=%v", typ, format, err, want)
			}
			if err == nil && (ks.Format != format || ks.DeclaredType != typ) {
				t.Errorf("type %q: Format=%s DeclaredType=%q", typ, ks.Format, ks.DeclaredType)
			}
		}
	}
}

func TestPKCS12MixedStoreChainExcludesUnrelatedTrustedCAs(t *testing.T) {
	ks, err := decodeStore(readTestdata(t, "keytool-mixed.p12"), "PKCS12", testPassword, roleKeyStore)
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
	for _, f := range []string{"client-keystore.p12", "openssl-chain.p12", "openssl-legacy.p12", "keytool.p12", "keytool-legacy.p12"} {
		key, leaf, _, err := gopkcs12.DecodeChain(readTestdata(t, f), testPassword)
		if err != nil {
			t.Fatal(f, err)
		}
		ks, err := decodeStore(readTestdata(t, f), "PKCS12", testPassword, roleKeyStore)
		if err != nil {
			t.Fatal(f, err)
		}
		if !leaf.Equal(ks.Entries[0].Chain[0]) || !key.(*rsa.PrivateKey).Equal(ks.Entries[0].PrivateKey) {
			t.Errorf("%s: differs from go-pkcs12", f)
		}
	}
}

// TestJKSKeyProtectorMatchesKeystoreGo checks our own JKS key recovery (used
// for passwords beyond Latin-1) against keystore-go's.
func TestJKSKeyProtectorMatchesKeystoreGo(t *testing.T) {
	data := readTestdata(t, "nonascii-latin1.jks")
	entries, _, _, err := walkJavaStore(data, jksMagic)
	if err != nil {
		t.Fatal(err)
	}
	ours, err := jksRecoverKey(entries[0].encKey, "pässwörd", entries[0].alias)
	if err != nil {
		t.Fatal(err)
	}
	ks, err := decodeStore(data, "JKS", "pässwörd", roleKeyStore) // keystore-go path
	if err != nil {
		t.Fatal(err)
	}
	key, err := x509.ParsePKCS8PrivateKey(ours)
	if err != nil || !key.(*rsa.PrivateKey).Equal(ks.Entries[0].PrivateKey) {
		t.Fatalf("own protector differs from keystore-go: %v", err)
	}
	if _, err := jksRecoverKey(entries[0].encKey, "passwörd", "x"); !errors.Is(err, ErrKeyStorePassword) {
		t.Fatalf("wrong key password: %v", err)
	}
}

func TestECKeyFromPEM(t *testing.T) {
	ks, err := decodeStore(readTestdata(t, "pem-sec1.pem"), "PEM", "", roleKeyStore)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ks.Entries[0].PrivateKey.(*ecdsa.PrivateKey); !ok {
		t.Fatalf("key type %T", ks.Entries[0].PrivateKey)
	}
}

// TestCorruptStores truncates and flips bytes in every fixture: each must
// fail with ErrKeyStore (or, for a flipped body byte, still decode) and
// never panic.
func TestCorruptStores(t *testing.T) {
	for _, f := range []struct{ file, typ string }{
		{"keystore", "JKS"}, {"chain.jks", "JKS"}, {"client.jceks", "JCEKS"}, {"keytool.p12", "PKCS12"},
		{"openssl-legacy.p12", "PKCS12"}, {"truststore.jks", "JKS"},
	} {
		data := readTestdata(t, f.file)
		for _, n := range []int{0, 1, 4, 11, 12, 31, len(data) / 2, len(data) - 21, len(data) - 1} {
			_, err := decodeStore(data[:n], f.typ, testPassword, roleKeyStore)
			if !errors.Is(err, ErrKeyStore) {
				t.Errorf("%s truncated to %d: err = %v", f.file, n, err)
			}
		}
		for i := 0; i < len(data); i += 37 {
			bad := bytes.Clone(data)
			bad[i] ^= 0x55
			if _, err := decodeStore(bad, f.typ, testPassword, roleKeyStore); err != nil && !errors.Is(err, ErrKeyStore) {
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
		_, err := decodeStore(data, "JKS", testPassword, roleKeyStore)
		if !errors.Is(err, ErrKeyStore) {
			t.Errorf("hostile %d: err = %v", i, err)
		}
		t.Logf("hostile %d (%d bytes): %v", i, len(data), err)
		allocs := testing.AllocsPerRun(5, func() { decodeStore(data, "JKS", testPassword, roleKeyStore) })
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
	enc, err := asn1.Marshal(p12EncryptedPrivateKeyInfo{
		Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidJKSKeyProtector, Parameters: asn1.NullRawValue},
		Data:      make([]byte, 10),
	})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	be := func(v uint32, n int) {
		for i := n - 1; i >= 0; i-- {
			b.WriteByte(byte(v >> (8 * i)))
		}
	}
	be(jksMagic, 4)
	be(2, 4)
	be(1, 4)
	be(1, 4)
	be(1, 2)
	b.WriteString("k")
	be(0, 8)
	be(uint32(len(enc)), 4)
	b.Write(enc)
	be(1, 4)
	be(5, 2)
	b.WriteString("X.509")
	be(uint32(len(entries[0].certs[0])), 4)
	b.Write(entries[0].certs[0])
	body := b.Bytes()
	h := sha1Sum(append(append(utf16BE(testPassword), "Mighty Aphrodite"...), body...))
	return append(body, h...)
}

func TestReadKeyStoreErrors(t *testing.T) {
	_, err := ReadKeyStore(readTestdata(t, "keystore"), "JKS", "secret-wrong")
	var se *StoreError
	if !errors.As(err, &se) || !errors.Is(err, ErrKeyStorePassword) {
		t.Fatalf("err = %v", err)
	}
	if se.Store != "client key store" || strings.Contains(err.Error(), "secret-wrong") || !strings.Contains(err.Error(), "password") {
		t.Fatalf("message: %v", err)
	}
	_, err = ReadKeyStore(make([]byte, 2<<20), "JKS", "")
	if !errors.Is(err, ErrKeyStore) || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("oversized: %v", err)
	}
	ref := storeRef{Role: roleTrustStore, URL: "file:/x.p12", Type: "PKCS#12", Source: "trustCertificateKeyStoreUrl"}
	_, err = decodeStore([]byte{0x30}, ref.Type, "", ref.Role)
	if !errors.As(ref.fail(err), &se) || se.Property != "trustCertificateKeyStoreType" || !errors.Is(se, ErrInvalidProperty) {
		t.Fatalf("unknown type: %+v", se)
	}
}

func TestChooseCertificate(t *testing.T) {
	ks, err := decodeStore(readTestdata(t, "twokeys.p12"), "PKCS12", testPassword, roleKeyStore)
	if err != nil {
		t.Fatal(err)
	}
	m := newKeyMaterial(ks, 1)
	ca2 := readTestdata(t, "ca2-cert.pem")
	ca2Cert := mustParsePEMCert(t, ca2)
	cn := func(c *tls.Certificate) string {
		if c == nil || c.Leaf == nil {
			return ""
		}
		return c.Leaf.Subject.CommonName
	}
	tests := []struct {
		name  string
		cri   *tls.CertificateRequestInfo
		alias string
		want  string
		err   bool
	}{
		{"alias wins, any case", &tls.CertificateRequestInfo{AcceptableCAs: [][]byte{ca2Cert.RawSubject}}, "MySQLClient", "mysqlclient", false},
		{"acceptable CAs pick the second key", &tls.CertificateRequestInfo{AcceptableCAs: [][]byte{ca2Cert.RawSubject}, Version: tls.VersionTLS13,
			SignatureSchemes: []tls.SignatureScheme{tls.ECDSAWithP256AndSHA256, tls.PSSWithSHA256}}, "", "otherclient", false},
		{"no CA list: first key", &tls.CertificateRequestInfo{Version: tls.VersionTLS13, SignatureSchemes: []tls.SignatureScheme{tls.PSSWithSHA256, tls.ECDSAWithP256AndSHA256}}, "", "mysqlclient", false},
		{"nothing matches: none, as Java", &tls.CertificateRequestInfo{AcceptableCAs: [][]byte{[]byte("0\x00")}, Version: tls.VersionTLS13}, "", "", false},
		{"nil request: first key", nil, "", "mysqlclient", false},
		{"unknown alias", nil, "nobody", "", true},
	}
	for _, tt := range tests {
		got, err := m.chooseCertificate(tt.cri, tt.alias)
		if (err != nil) != tt.err || cn(got) != tt.want {
			t.Errorf("%s: got %q, %v", tt.name, cn(got), err)
		}
	}
	empty := newKeyMaterial(&KeyStore{}, 2)
	if c, err := empty.chooseCertificate(nil, ""); err != nil || len(c.Certificate) != 0 {
		t.Errorf("store without keys: %v, %v", c, err)
	}
}

func sha1Sum(b []byte) []byte { h := sha1.Sum(b); return h[:] }

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
	for i, e := range entries {
		if e.tag == jksTagSecretKey {
			t.Logf("secret key entry %q is entry %d of %d", e.alias, i+1, len(entries))
		}
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
		if _, err := jceksRecoverKey(e.encKey, "pässwörd", e.alias); !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "ASCII") {
			t.Fatalf("err = %v", err)
		}
		if _, err := jceksRecoverKey(e.encKey, "mypassword1", e.alias); !errors.Is(err, ErrKeyStorePassword) {
			t.Fatalf("wrong key password: %v", err)
		}
	}
}
