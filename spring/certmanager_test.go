// This file writes cert-manager Certificate Secrets the way cert-manager's
// issuing controller encodes them (keystore-go for JKS: the key under
// alias "certificate", CAs as trusted entries "ca", "ca-1", ...; go-pkcs12
// with the LegacyRC2, LegacyDES, Modern2023 or Modern2026 profile), mounted
// as Kubernetes does (files linked through a ..data directory symlink), and
// proves each as client key store and trust store against a real REQUIRE
// X509 server through spring.Load(...).OpenDB().

package spring_test

import (
	"bytes"
	"context"
	"crypto/rsa"
	"crypto/x509"
	"database/sql"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jdbcmysql/jdbcmysql/keystore"
	"github.com/jdbcmysql/jdbcmysql/mysqltest"
	"github.com/jdbcmysql/jdbcmysql/spring"
	jks "github.com/pavlo-v-chernykh/keystore-go/v4"
	"software.sslmate.com/src/go-pkcs12"
)

func TestMain(m *testing.M) {
	code := m.Run()
	mysqltest.CloseAll()
	os.Exit(code)
}

// secretPassword is the keystore password, as passwordSecretRef holds it.
const secretPassword = "k8s-st0re&pass"

// pkcs12Profiles maps cert-manager's spec.keystores.pkcs12.profile values
// to the go-pkcs12 encoders cert-manager uses for them.
var pkcs12Profiles = map[string]*pkcs12.Encoder{
	"LegacyRC2":  pkcs12.LegacyRC2,
	"LegacyDES":  pkcs12.LegacyDES,
	"Modern2023": pkcs12.Modern2023,
	"Modern2026": pkcs12.Modern2026,
}

// secretFiles encodes a Certificate Secret's data keys: tls.crt (the
// chain), tls.key (PKCS#1, cert-manager's default for RSA), ca.crt, and the
// four key stores with the given PKCS#12 profile.
func secretFiles(t *testing.T, cert *mysqltest.ClientCert, cas []*x509.Certificate, profile string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	chain := []*x509.Certificate{cert.Certificate}
	files["tls.crt"] = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate.Raw})
	rsaKey, ok := cert.PrivateKey.(*rsa.PrivateKey)
	if !ok {
		t.Fatal("want an RSA key")
	}
	files["tls.key"] = pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey)})
	var caPEM []byte
	for _, c := range cas {
		caPEM = append(caPEM, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	files["ca.crt"] = caPEM

	// keystore.jks: encodeJKSKeystore + addCAsToJKSStore.
	keyDER, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	ks := jks.New()
	var jchain []jks.Certificate
	for _, c := range chain {
		jchain = append(jchain, jks.Certificate{Type: "X509", Content: c.Raw})
	}
	now := time.Now()
	if err := ks.SetPrivateKeyEntry("certificate", jks.PrivateKeyEntry{CreationTime: now, PrivateKey: keyDER, CertificateChain: jchain}, []byte(secretPassword)); err != nil {
		t.Fatal(err)
	}
	addCAs(t, &ks, cas, now)
	files["keystore.jks"] = storeJKS(t, ks)
	ts := jks.New()
	addCAs(t, &ts, cas, now)
	files["truststore.jks"] = storeJKS(t, ts)

	// keystore.p12 / truststore.p12: encodePKCS12Keystore / Truststore.
	enc := pkcs12Profiles[profile]
	p12, err := enc.Encode(cert.PrivateKey, chain[0], append(chain[1:], cas...), secretPassword)
	if err != nil {
		t.Fatal(err)
	}
	files["keystore.p12"] = p12
	tp12, err := enc.EncodeTrustStore(cas, secretPassword)
	if err != nil {
		t.Fatal(err)
	}
	files["truststore.p12"] = tp12
	return files
}

func addCAs(t *testing.T, ks *jks.KeyStore, cas []*x509.Certificate, now time.Time) {
	t.Helper()
	for i, ca := range cas {
		alias := fmt.Sprintf("ca-%d", i)
		if i == 0 {
			alias = "ca"
		}
		if err := ks.SetTrustedCertificateEntry(alias, jks.TrustedCertificateEntry{CreationTime: now,
			Certificate: jks.Certificate{Type: "X509", Content: ca.Raw}}); err != nil {
			t.Fatal(err)
		}
	}
}

func storeJKS(t *testing.T, ks jks.KeyStore) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := ks.Store(&buf, []byte(secretPassword)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// secretVolume is a Secret mounted as a directory the way the kubelet's
// atomic writer lays it out: mount/..TIMESTAMP/files, mount/..data linking
// to the current one, and mount/NAME linking to ..data/NAME.
type secretVolume struct {
	mount string
	gen   int
}

func newSecretVolume(t *testing.T, files map[string][]byte) *secretVolume {
	t.Helper()
	v := &secretVolume{mount: filepath.Join(t.TempDir(), "mysql-tls")}
	if err := os.MkdirAll(v.mount, 0o755); err != nil {
		t.Fatal(err)
	}
	v.update(t, files)
	for name := range files {
		if err := os.Symlink(filepath.Join("..data", name), filepath.Join(v.mount, name)); err != nil {
			t.Fatal(err)
		}
	}
	return v
}

// update writes a new generation and swaps ..data to it with a rename, the
// atomic directory-symlink replacement the kubelet does.
func (v *secretVolume) update(t *testing.T, files map[string][]byte) {
	t.Helper()
	v.gen++
	gen := fmt.Sprintf("..2026_01_01_00_00_%02d.%d", v.gen, os.Getpid())
	if err := os.Mkdir(filepath.Join(v.mount, gen), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(v.mount, gen, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tmp := filepath.Join(v.mount, "..data_tmp")
	if err := os.Symlink(gen, tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(v.mount, "..data")); err != nil {
		t.Fatal(err)
	}
}

func (v *secretVolume) path(name string) string { return filepath.Join(v.mount, name) }

// serviceConfig writes a Spring Boot application.yml as a real service's:
// the URL, the X509 user, Hikari pool settings and TLS in
// data-source-properties, the store password from ${KEY_STORE_PASS}.
func serviceConfig(t *testing.T, srv *mysqltest.Server, keyStore, keyType, trustStore, trustType string) string {
	t.Helper()
	dir := t.TempDir()
	yml := fmt.Sprintf(`spring:
  datasource:
    url: jdbc:mysql://%s:%d/%s?sslMode=VERIFY_CA
    username: ${DB_USER}
    password: ${DB_PASSWORD}
    hikari:
      maximum-pool-size: 4
      minimum-idle: 2
      max-lifetime: 600000
      idle-timeout: 60000
      connection-timeout: 5000
      data-source-properties:
        clientCertificateKeyStoreUrl: file:%s
        clientCertificateKeyStoreType: %s
        clientCertificateKeyStorePassword: ${KEY_STORE_PASS}
        trustCertificateKeyStoreUrl: file:%s
        trustCertificateKeyStoreType: %s
        trustCertificateKeyStorePassword: ${KEY_STORE_PASS}
`, srv.Host, srv.Port, srv.Database, keyStore, keyType, trustStore, trustType)
	if err := os.WriteFile(filepath.Join(dir, "application.yml"), []byte(yml), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func serviceEnv(srv *mysqltest.Server) []string {
	return []string{"DB_USER=" + srv.Users.X509, "DB_PASSWORD=" + srv.Users.Password, "KEY_STORE_PASS=" + secretPassword}
}

// currentUser asks the server who this connection is and whether it is TLS.
func currentUser(t *testing.T, ds *spring.DataSource, db *sql.DB) (string, error) {
	t.Helper()
	conn, err := ds.Pool.Conn(context.Background(), db)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var user, cipher string
	if err := conn.QueryRowContext(ctx, "SELECT CURRENT_USER()").Scan(&user); err != nil {
		return "", err
	}
	var name string
	if err := conn.QueryRowContext(ctx, "SHOW SESSION STATUS LIKE 'Ssl_cipher'").Scan(&name, &cipher); err != nil {
		return "", err
	}
	if cipher == "" {
		return "", fmt.Errorf("connection is not TLS")
	}
	return user, nil
}

func TestIntegrationCertManagerStores(t *testing.T) {
	srv := mysqltest.Start(t)
	t.Logf("server: %s", srv)
	cert, err := srv.NewClientCert("cert-manager-client")
	if err != nil {
		t.Fatal(err)
	}
	// A second, unrelated CA beside the server's in ca.crt gives the
	// stores "ca" and "ca-1" entries, as a CA bundle does.
	other, err := mysqltest.NewCA("other-ca")
	if err != nil {
		t.Fatal(err)
	}
	cas := []*x509.Certificate{srv.CA.Certificate, other.Certificate}
	combos := []struct {
		name             string
		profile          string
		key, keyType     string
		trust, trustType string
		expectFail       bool // TODO(ks): remove once keystore/ decodes PBMAC1
		keyChainLen      int  // the chain Java sends for the key entry
	}{
		{name: "JKS", profile: "LegacyRC2", key: "keystore.jks", keyType: "JKS", trust: "truststore.jks", trustType: "JKS", keyChainLen: 1},
		{name: "PKCS12 LegacyRC2 (default)", profile: "LegacyRC2", key: "keystore.p12", keyType: "PKCS12", trust: "truststore.p12", trustType: "PKCS12", keyChainLen: 2},
		{name: "PKCS12 LegacyDES", profile: "LegacyDES", key: "keystore.p12", keyType: "PKCS12", trust: "truststore.p12", trustType: "PKCS12", keyChainLen: 2},
		{name: "PKCS12 Modern2023", profile: "Modern2023", key: "keystore.p12", keyType: "PKCS12", trust: "truststore.p12", trustType: "PKCS12", keyChainLen: 2},
		{name: "PKCS12 Modern2026 (PBMAC1)", profile: "Modern2026", key: "keystore.p12", keyType: "PKCS12", trust: "truststore.p12", trustType: "PKCS12", keyChainLen: 2},
		{name: "PEM tls.crt+tls.key, ca.crt", profile: "LegacyRC2", key: "tls.pem", keyType: "PEM", trust: "ca.crt", trustType: "PEM", keyChainLen: 1},
		// The mount directory itself: tls.crt and tls.key as the key store,
		// ca.crt as the trust store, read through ..data.
		{name: "Secret directory (tls.crt, tls.key, ca.crt)", profile: "LegacyRC2", key: "", keyType: "PEM", trust: "", trustType: "PEM", keyChainLen: 1},
	}
	for _, c := range combos {
		t.Run(c.name, func(t *testing.T) {
			files := secretFiles(t, cert, cas, c.profile)
			// tls.crt and tls.key joined into one file, as an init container
			// might; the directory case reads them apart.
			files["tls.pem"] = append(append([]byte{}, files["tls.crt"]...), files["tls.key"]...)
			vol := newSecretVolume(t, files)

			// The key entry's chain is what the client sends: JKS keeps the
			// CA entries apart (chain = leaf); PKCS#12 chains the leaf to
			// the CA bag that issued it, as Java's PKCS12KeyStore does.
			keyFile := c.key
			if keyFile == "" {
				keyFile = "tls.pem"
			}
			ks, err := keystore.Decode(files[keyFile], secretPassword, keystore.WithType(c.keyType))
			if err != nil {
				t.Fatal(err)
			}
			var keys, trusted []string
			for _, e := range ks.Entries {
				if e.Trusted() {
					trusted = append(trusted, e.Alias)
					continue
				}
				keys = append(keys, e.Alias)
				if len(e.Chain) != c.keyChainLen || !e.Chain[0].Equal(cert.Certificate) {
					t.Fatalf("key entry %q chain has %d certificates, want %d starting with the leaf", e.Alias, len(e.Chain), c.keyChainLen)
				}
				if c.keyChainLen == 2 && !e.Chain[1].Equal(srv.CA.Certificate) {
					t.Fatalf("key entry chain's second certificate is %s, want the issuing CA", e.Chain[1].Subject)
				}
			}
			if len(keys) != 1 {
				t.Fatalf("key entries %q, want one", keys)
			}
			if c.keyType == "JKS" && (keys[0] != "certificate" || strings.Join(trusted, ",") != "ca,ca-1" && strings.Join(trusted, ",") != "ca-1,ca") {
				t.Fatalf("JKS aliases key %q trusted %q; want certificate and ca, ca-1", keys, trusted)
			}

			dir := serviceConfig(t, srv, vol.path(c.key), c.keyType, vol.path(c.trust), c.trustType)
			ds, err := spring.Load(spring.Options{Dirs: []string{dir}, Env: serviceEnv(srv), Profiles: []string{}})
			if err != nil {
				t.Fatal(err)
			}
			db, err := ds.OpenDB()
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			user, err := currentUser(t, ds, db)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(user, srv.Users.X509+"@") {
				t.Fatalf("CURRENT_USER() = %q, want %s", user, srv.Users.X509)
			}
			if st := db.Stats(); st.MaxOpenConnections != 4 {
				t.Fatalf("MaxOpenConnections = %d, want 4 (maximum-pool-size)", st.MaxOpenConnections)
			}
		})
	}
}

// TestIntegrationCertManagerRotation swaps the mounted Secret's ..data link
// to a re-issued certificate: the next connection must present it, and a
// revoked-by-CA-change old one must stop working.
func TestIntegrationCertManagerRotation(t *testing.T) {
	srv := mysqltest.Start(t)
	first, err := srv.NewClientCert("rotation-first")
	if err != nil {
		t.Fatal(err)
	}
	cas := []*x509.Certificate{srv.CA.Certificate}
	vol := newSecretVolume(t, secretFiles(t, first, cas, "LegacyRC2"))
	dir := serviceConfig(t, srv, vol.path("keystore.jks"), "JKS", vol.path("truststore.jks"), "JKS")
	ds, err := spring.Load(spring.Options{Dirs: []string{dir}, Env: serviceEnv(srv), Profiles: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	db, err := ds.OpenDB()
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxIdleConns(0) // every query opens a new connection
	if _, err := currentUser(t, ds, db); err != nil {
		t.Fatal(err)
	}

	// Re-issue with a certificate from a CA the server does not trust: if
	// the new files are read, the connection must now fail; then re-issue
	// from the right CA and it must work again.
	rogue, err := mysqltest.NewCA("rogue")
	if err != nil {
		t.Fatal(err)
	}
	bad, err := rogue.IssueClient("rotation-bad")
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // a new modification time, as a real re-issue has
	vol.update(t, secretFiles(t, bad, cas, "LegacyRC2"))
	if _, err := currentUser(t, ds, db); err == nil {
		t.Fatal("the connection after rotation to an untrusted certificate succeeded; the old files were used")
	}
	good, err := srv.NewClientCert("rotation-second")
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond)
	vol.update(t, secretFiles(t, good, cas, "LegacyRC2"))
	if user, err := currentUser(t, ds, db); err != nil || !strings.HasPrefix(user, srv.Users.X509+"@") {
		t.Fatalf("after rotation back: user %q, err %v", user, err)
	}
}
