// This file proves the library against a real server whose users REQUIRE
// X509, through the public API only, on whichever mysqltest backend runs
// here (MYSQLTEST_BACKEND=process|docker forces one). Run these alone with
// go test -run Integration.

package jdbcmysql_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jdbcmysql/jdbcmysql"
	"github.com/jdbcmysql/jdbcmysql/mysqltest"
)

// seedPassword is the seed's key store password.
const seedPassword = "mypassword"

// launchChildEnv makes the test binary act as a freshly launched program
// whose JAVA_TOOL_OPTIONS carry javax.net.ssl.* settings (see
// TestIntegrationLaunchTimeOptions).
const launchChildEnv = "JDBCMYSQL_LAUNCH_CHILD_URL"

func TestMain(m *testing.M) {
	if u := os.Getenv(launchChildEnv); u != "" {
		os.Exit(launchChild(u))
	}
	code := m.Run()
	mysqltest.CloseAll()
	os.Exit(code)
}

// launchChild connects once with u and prints CURRENT_USER(), or the error.
func launchChild(u string) int {
	if v := os.Getenv("JDBCMYSQL_CHILD_SET_KEYSTORE"); v != "" {
		if err := jdbcmysql.SetSystemProperty(jdbcmysql.PropKeyStore, v); err != nil {
			fmt.Println("error:", err)
			return 1
		}
	}
	db, err := sql.Open("jdbcmysql", u)
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	defer db.Close()
	var user string
	if err := db.QueryRow("SELECT CURRENT_USER()").Scan(&user); err != nil {
		fmt.Println("error:", err)
		return 1
	}
	fmt.Println("user:", user)
	return 0
}

// fixture is one shared server plus key stores minted for it.
type fixture struct {
	srv  *mysqltest.Server
	dir  string
	cert *mysqltest.ClientCert // signed by the server's CA, CN=jdbcmysql-it-client
	// paths of stores holding cert, password seedPassword
	jks, p12, pem string
	// trust stores holding the server's CA, password seedPassword
	trustJKS, trustP12 string
}

func newFixture(t *testing.T, opts ...mysqltest.Option) *fixture {
	t.Helper()
	srv := mysqltest.Start(t, opts...)
	t.Logf("server: %s", srv)
	f := &fixture{srv: srv, dir: t.TempDir()}
	var err error
	if f.cert, err = srv.NewClientCert("jdbcmysql-it-client"); err != nil {
		t.Fatal(err)
	}
	f.jks, f.p12, f.pem = f.path("client.jks"), f.path("client.p12"), f.path("client.pem")
	f.trustJKS, f.trustP12 = f.path("trust.jks"), f.path("trust.p12")
	must(t, f.cert.WriteJKS(f.jks, seedPassword, "mysqlclient"))
	must(t, f.cert.WritePKCS12(f.p12, seedPassword))
	f.writePEMStore(t, f.cert, f.pem)
	must(t, srv.WriteTrustStoreJKS(f.trustJKS, seedPassword))
	must(t, srv.WriteTrustStorePKCS12(f.trustP12, seedPassword))
	return f
}

func (f *fixture) path(name string) string { return filepath.Join(f.dir, name) }

// writePEMStore writes c's chain and key into one PEM file.
func (f *fixture) writePEMStore(t *testing.T, c *mysqltest.ClientCert, path string) {
	t.Helper()
	certPath, keyPath := path+".crt", path+".key"
	must(t, c.WritePEM(certPath, keyPath))
	a, err := os.ReadFile(certPath)
	must(t, err)
	b, err := os.ReadFile(keyPath)
	must(t, err)
	must(t, os.WriteFile(path, append(a, b...), 0o600))
}

// url builds a JDBC URL for user on the fixture's server with extra
// properties (already encoded).
func (f *fixture) url(user string, props ...string) string {
	return f.urlHost(f.srv.Host, user, props...)
}

func (f *fixture) urlHost(host, user string, props ...string) string {
	q := append([]string{"user=" + url.QueryEscape(user), "password=" + url.QueryEscape(f.srv.Users.Password)}, props...)
	return fmt.Sprintf("jdbc:mysql://%s:%d/%s?%s", host, f.srv.Port, f.srv.Database, strings.Join(q, "&"))
}

func keyStoreProps(path, typ, password string) []string {
	return storeProps("clientCertificateKeyStore", path, typ, password)
}

func trustProps(path, typ, password string) []string {
	return storeProps("trustCertificateKeyStore", path, typ, password)
}

// storeProps returns PREFIXUrl, PREFIXType and PREFIXPassword properties,
// leaving out the empty ones.
func storeProps(prefix, path, typ, password string) []string {
	p := []string{prefix + "Url=" + url.QueryEscape("file:"+path)}
	if typ != "" {
		p = append(p, prefix+"Type="+typ)
	}
	if password != "" {
		p = append(p, prefix+"Password="+url.QueryEscape(password))
	}
	return p
}

func join(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// session is what the server says about a connection.
type session struct {
	user, sslVersion, sslCipher string
}

// connect opens one connection through NewConnector + sql.OpenDB and asks
// the server who it is and how it is protected.
func connect(t *testing.T, u string, opts ...jdbcmysql.Option) (session, error) {
	t.Helper()
	c, err := jdbcmysql.NewConnector(u, opts...)
	if err != nil {
		return session{}, err
	}
	db := sql.OpenDB(c)
	defer db.Close()
	return query(db)
}

func query(db *sql.DB) (session, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := db.Conn(ctx)
	if err != nil {
		return session{}, err
	}
	defer conn.Close()
	var s session
	if err := conn.QueryRowContext(ctx, "SELECT CURRENT_USER()").Scan(&s.user); err != nil {
		return s, err
	}
	rows, err := conn.QueryContext(ctx, "SHOW SESSION STATUS WHERE Variable_name IN ('Ssl_version','Ssl_cipher')")
	if err != nil {
		return s, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return s, err
		}
		if k == "Ssl_version" {
			s.sslVersion = v
		} else {
			s.sslCipher = v
		}
	}
	return s, rows.Err()
}

// wantUser asserts a TLS session as user.
func wantUser(t *testing.T, s session, err error, user string) {
	t.Helper()
	if err != nil {
		t.Fatalf("connect as %s: %v", user, err)
	}
	if !strings.HasPrefix(s.user, user+"@") {
		t.Fatalf("CURRENT_USER() = %q, want %s@...", s.user, user)
	}
	if !strings.HasPrefix(s.sslVersion, "TLSv1.") || s.sslCipher == "" {
		t.Fatalf("Ssl_version=%q Ssl_cipher=%q, want a TLS session", s.sslVersion, s.sslCipher)
	}
}

// wantRefused asserts a failed connection whose message mentions every
// word of want and no password.
func wantRefused(t *testing.T, err error, passwords []string, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("connection succeeded, want a refusal mentioning %q", want)
	}
	msg := err.Error()
	for _, w := range want {
		if !strings.Contains(strings.ToLower(msg), strings.ToLower(w)) {
			t.Errorf("error %q does not mention %q", msg, w)
		}
	}
	for _, p := range passwords {
		if p != "" && strings.Contains(msg, p) {
			t.Errorf("error %q shows a password", msg)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// needTools skips (fails under CI=true) when a command is missing.
func needTools(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not installed (run scripts/setup-test-deps.sh)", n)
			}
			t.Skipf("%s is not installed", n)
		}
	}
}

func run(t *testing.T, name string, args ...string) {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// TestIntegrationSeedFlow builds the key store with the seed's own two
// commands and connects with clientCertificateKeyStore{Url,Type,Password}.
func TestIntegrationSeedFlow(t *testing.T) {
	needTools(t, "openssl", "keytool")
	f := newFixture(t)
	certPEM, keyPEM := f.path("client-cert.pem"), f.path("client-key.pem")
	must(t, f.cert.WritePEM(certPEM, keyPEM))
	p12, jks := f.path("client-keystore.p12"), f.path("keystore")
	run(t, "openssl", "pkcs12", "-export", "-in", certPEM, "-inkey", keyPEM, "-name", "mysqlclient", "-passout", "pass:"+seedPassword, "-out", p12)
	run(t, "keytool", "-importkeystore", "-noprompt", "-srckeystore", p12, "-srcstoretype", "pkcs12", "-srcstorepass", seedPassword,
		"-destkeystore", jks, "-deststoretype", "JKS", "-deststorepass", seedPassword)

	u := f.url(f.srv.Users.X509, join([]string{"sslMode=VERIFY_CA"}, keyStoreProps(jks, "JKS", seedPassword), trustProps(f.trustJKS, "JKS", seedPassword))...)
	s, err := connect(t, u)
	wantUser(t, s, err, f.srv.Users.X509)

	// The same URL through sql.Open and the registered driver.
	db, err := sql.Open("jdbcmysql", u)
	must(t, err)
	defer db.Close()
	s, err = query(db)
	wantUser(t, s, err, f.srv.Users.X509)

	// The PKCS#12 the seed made first works as well, with its own type.
	s, err = connect(t, f.url(f.srv.Users.X509, join([]string{"sslMode=REQUIRED"}, keyStoreProps(p12, "PKCS12", seedPassword))...))
	wantUser(t, s, err, f.srv.Users.X509)
}

// TestIntegrationStoreFormats connects with every key store format and
// type hint Java accepts.
func TestIntegrationStoreFormats(t *testing.T) {
	f := newFixture(t)
	type store struct{ name, path, typ string }
	stores := []store{
		{"JKS", f.jks, "JKS"},
		{"JKS default type", f.jks, ""},
		{"JKS hinted PKCS12", f.jks, "PKCS12"},
		{"JKS hinted JCEKS", f.jks, "JCEKS"},
		{"PKCS12", f.p12, "PKCS12"},
		{"PKCS12 hinted JKS", f.p12, "JKS"},
		{"PKCS12 lower-case type", f.p12, "pkcs12"},
		{"PEM", f.pem, "PEM"},
	}
	if _, err := exec.LookPath("keytool"); err == nil {
		jceks, ktP12, ktLegacy := f.path("client.jceks"), f.path("keytool.p12"), f.path("keytool-legacy.p12")
		run(t, "keytool", "-importkeystore", "-noprompt", "-srckeystore", f.jks, "-srcstoretype", "JKS", "-srcstorepass", seedPassword,
			"-destkeystore", jceks, "-deststoretype", "JCEKS", "-deststorepass", seedPassword)
		run(t, "keytool", "-importkeystore", "-noprompt", "-srckeystore", f.jks, "-srcstoretype", "JKS", "-srcstorepass", seedPassword,
			"-destkeystore", ktP12, "-deststoretype", "PKCS12", "-deststorepass", seedPassword)
		run(t, "keytool", "-J-Dkeystore.pkcs12.legacy", "-importkeystore", "-noprompt", "-srckeystore", f.jks, "-srcstoretype", "JKS", "-srcstorepass", seedPassword,
			"-destkeystore", ktLegacy, "-deststoretype", "PKCS12", "-deststorepass", seedPassword)
		stores = append(stores,
			store{"JCEKS", jceks, "JCEKS"},
			store{"keytool PKCS12", ktP12, "PKCS12"},
			store{"keytool legacy PKCS12", ktLegacy, "PKCS12"})
	} else if os.Getenv("CI") == "true" {
		t.Fatal("keytool is not installed (run scripts/setup-test-deps.sh)")
	} else {
		t.Log("keytool not installed: JCEKS and keytool PKCS#12 cases skipped")
	}
	if _, err := exec.LookPath("openssl"); err == nil {
		certPEM, keyPEM := f.path("c.pem"), f.path("k.pem")
		must(t, f.cert.WritePEM(certPEM, keyPEM))
		legacy := f.path("openssl-legacy.p12")
		run(t, "openssl", "pkcs12", "-export", "-legacy", "-in", certPEM, "-inkey", keyPEM, "-name", "mysqlclient", "-passout", "pass:"+seedPassword, "-out", legacy)
		stores = append(stores, store{"openssl -legacy PKCS12", legacy, "PKCS12"})
	}
	for _, st := range stores {
		t.Run(st.name, func(t *testing.T) {
			s, err := connect(t, f.url(f.srv.Users.X509, join([]string{"sslMode=REQUIRED"}, keyStoreProps(st.path, st.typ, seedPassword))...))
			wantUser(t, s, err, f.srv.Users.X509)
		})
	}
}

// TestIntegrationTrustStores verifies the server under VERIFY_CA and
// VERIFY_IDENTITY with each trust store format.
func TestIntegrationTrustStores(t *testing.T) {
	f := newFixture(t)
	ks := keyStoreProps(f.jks, "", seedPassword)
	cases := []struct {
		name, host, mode string
		trust            []string
	}{
		{"VERIFY_CA JKS", f.srv.Host, "VERIFY_CA", trustProps(f.trustJKS, "JKS", seedPassword)},
		{"VERIFY_CA JKS without password", f.srv.Host, "VERIFY_CA", trustProps(f.trustJKS, "JKS", "")},
		{"VERIFY_CA PKCS12", f.srv.Host, "VERIFY_CA", trustProps(f.trustP12, "PKCS12", seedPassword)},
		{"VERIFY_CA PEM", f.srv.Host, "VERIFY_CA", trustProps(f.srv.CAFile, "PEM", "")},
		{"VERIFY_IDENTITY by IP SAN", "127.0.0.1", "VERIFY_IDENTITY", trustProps(f.trustJKS, "JKS", seedPassword)},
		{"VERIFY_IDENTITY by DNS SAN", "localhost", "VERIFY_IDENTITY", trustProps(f.trustP12, "PKCS12", seedPassword)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := connect(t, f.urlHost(c.host, f.srv.Users.X509, join([]string{"sslMode=" + c.mode}, ks, c.trust)...))
			wantUser(t, s, err, f.srv.Users.X509)
		})
	}
	t.Run("legacy verifyServerCertificate=true", func(t *testing.T) {
		s, err := connect(t, f.url(f.srv.Users.X509, join([]string{"useSSL=true", "verifyServerCertificate=true"}, ks, trustProps(f.trustJKS, "", seedPassword))...))
		wantUser(t, s, err, f.srv.Users.X509)
	})
	t.Run("TLSv1.2 only", func(t *testing.T) {
		s, err := connect(t, f.url(f.srv.Users.X509, join([]string{"sslMode=VERIFY_CA", "tlsVersions=TLSv1.2"}, ks, trustProps(f.trustJKS, "", seedPassword))...))
		wantUser(t, s, err, f.srv.Users.X509)
		if s.sslVersion != "TLSv1.2" {
			t.Fatalf("Ssl_version = %q, want TLSv1.2", s.sslVersion)
		}
	})
}

// TestIntegrationSubjectUser: REQUIRE SUBJECT ... AND ISSUER ... accepts
// only the certificate with that subject.
func TestIntegrationSubjectUser(t *testing.T) {
	f := newFixture(t)
	right, err := f.srv.NewClientCert(mysqltest.SubjectUserCN)
	must(t, err)
	rightJKS := f.path("subject.jks")
	must(t, right.WriteJKS(rightJKS, seedPassword, "mysqlclient"))

	s, err := connect(t, f.url(f.srv.Users.Subject, join([]string{"sslMode=REQUIRED"}, keyStoreProps(rightJKS, "", seedPassword))...))
	wantUser(t, s, err, f.srv.Users.Subject)

	// The refusal names the certificate that was sent, in MySQL's form.
	_, err = connect(t, f.url(f.srv.Users.Subject, join([]string{"sslMode=REQUIRED"}, keyStoreProps(f.jks, "", seedPassword))...))
	wantRefused(t, err, []string{seedPassword, f.srv.Users.Password}, "access denied", "subject /CN=jdbcmysql-it-client",
		"issuer "+f.srv.CA.Subject, "REQUIRE SUBJECT", f.jks)
	var me *mysql.MySQLError
	if !errors.As(err, &me) || me.Number != 1045 {
		t.Errorf("%v: want the server's *mysql.MySQLError 1045 kept", err)
	}
}

// TestIntegrationConfigurationMethods covers the seed's three ways to name
// the key store, and their precedence, in one process: set in code, then
// connection properties overriding it, then the fallback switched off.
func TestIntegrationConfigurationMethods(t *testing.T) {
	f := newFixture(t)
	subj, err := f.srv.NewClientCert(mysqltest.SubjectUserCN)
	must(t, err)
	subjJKS := f.path("subject.jks")
	must(t, subj.WriteJKS(subjJKS, seedPassword, "mysqlclient"))
	set := func(name, value string) {
		must(t, jdbcmysql.SetSystemProperty(name, value))
		t.Cleanup(func() { jdbcmysql.ClearSystemProperty(name) })
	}
	set(jdbcmysql.PropKeyStore, subjJKS)
	set(jdbcmysql.PropKeyStorePassword, seedPassword)
	set(jdbcmysql.PropKeyStoreType, "JKS")
	set(jdbcmysql.PropTrustStore, f.trustJKS)
	set(jdbcmysql.PropTrustStorePassword, seedPassword)

	t.Run("set in code", func(t *testing.T) {
		s, err := connect(t, f.url(f.srv.Users.Subject, "sslMode=VERIFY_CA"))
		wantUser(t, s, err, f.srv.Users.Subject)
	})
	t.Run("connection properties override code", func(t *testing.T) {
		// The URL's key store has another subject: the SUBJECT user refuses it,
		// which proves the URL's store was sent, not the system one.
		_, err := connect(t, f.url(f.srv.Users.Subject, join([]string{"sslMode=VERIFY_CA"}, keyStoreProps(f.p12, "PKCS12", seedPassword))...))
		wantRefused(t, err, []string{seedPassword}, "access denied")
		s, err := connect(t, f.url(f.srv.Users.X509, join([]string{"sslMode=VERIFY_CA"}, keyStoreProps(f.p12, "PKCS12", seedPassword))...))
		wantUser(t, s, err, f.srv.Users.X509)
	})
	t.Run("fallbackToSystemKeyStore=false", func(t *testing.T) {
		_, err := connect(t, f.url(f.srv.Users.X509, "sslMode=VERIFY_CA", "fallbackToSystemKeyStore=false"))
		wantRefused(t, err, []string{seedPassword}, "access denied")
	})
	t.Run("fallbackToSystemTrustStore=false", func(t *testing.T) {
		_, err := connect(t, f.url(f.srv.Users.X509, "sslMode=VERIFY_CA", "fallbackToSystemTrustStore=false"))
		if !errors.Is(err, jdbcmysql.ErrNoTrustManager) {
			t.Fatalf("err = %v, want ErrNoTrustManager", err)
		}
	})
}

// TestIntegrationLaunchTimeOptions runs this test binary again as a new
// program whose JAVA_TOOL_OPTIONS name the key store, as a Java
// deployment's manifest would, and checks code and URL precedence there.
func TestIntegrationLaunchTimeOptions(t *testing.T) {
	f := newFixture(t)
	subj, err := f.srv.NewClientCert(mysqltest.SubjectUserCN)
	must(t, err)
	subjJKS := f.path("subject launch.jks") // a space, quoted in the options
	must(t, subj.WriteJKS(subjJKS, seedPassword, "mysqlclient"))
	opts := fmt.Sprintf(`-Xmx64m "-Djavax.net.ssl.keyStore=%s" -Djavax.net.ssl.keyStorePassword=%s -Djavax.net.ssl.trustStore=%s -Djavax.net.ssl.trustStorePassword=%s`,
		subjJKS, seedPassword, f.trustJKS, seedPassword)
	child := func(u string, env ...string) (string, error) {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "JAVA_TOOL_OPTIONS="+opts, launchChildEnv+"="+u)
		cmd.Env = append(cmd.Env, env...)
		out, err := cmd.CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	out, err := child(f.url(f.srv.Users.Subject, "sslMode=VERIFY_CA"))
	if err != nil || !strings.HasPrefix(out, "user: "+f.srv.Users.Subject+"@") {
		t.Fatalf("launch-time key store: %v: %s", err, out)
	}
	// Set in code overrides the launch-time value.
	out, _ = child(f.url(f.srv.Users.Subject, "sslMode=VERIFY_CA"), "JDBCMYSQL_CHILD_SET_KEYSTORE="+f.jks)
	if !strings.Contains(strings.ToLower(out), "access denied") {
		t.Fatalf("code-set key store should replace the launch-time one and be refused by the SUBJECT user; got %s", out)
	}
	// Connection properties override both.
	out, err = child(f.url(f.srv.Users.X509, join([]string{"sslMode=VERIFY_CA"}, keyStoreProps(f.p12, "PKCS12", seedPassword))...))
	if err != nil || !strings.HasPrefix(out, "user: "+f.srv.Users.X509+"@") {
		t.Fatalf("URL key store: %v: %s", err, out)
	}
	if strings.Contains(out, seedPassword) {
		t.Fatalf("child output shows a password: %s", out)
	}
}

// TestIntegrationRefusals: each refusal carries its reason and no password.
func TestIntegrationRefusals(t *testing.T) {
	f := newFixture(t)
	pw := []string{seedPassword, f.srv.Users.Password, "wrong-password"}
	verify := trustProps(f.trustJKS, "", seedPassword)

	t.Run("no client certificate", func(t *testing.T) {
		_, err := connect(t, f.url(f.srv.Users.X509, join([]string{"sslMode=VERIFY_CA", "fallbackToSystemKeyStore=false"}, verify)...))
		wantRefused(t, err, pw, "access denied", "no client certificate was sent", "REQUIRE X509")
		var me *mysql.MySQLError
		if !errors.As(err, &me) || me.Number != 1045 {
			t.Fatalf("err = %v, want the server's MySQLError 1045 inside", err)
		}
	})
	t.Run("certificate from another CA", func(t *testing.T) {
		other, err := mysqltest.NewCA("another CA")
		must(t, err)
		stranger, err := other.IssueClient("stranger")
		must(t, err)
		p := f.path("stranger.jks")
		must(t, stranger.WriteJKS(p, seedPassword, "mysqlclient"))
		_, err = connect(t, f.url(f.srv.Users.X509, join([]string{"sslMode=VERIFY_CA"}, keyStoreProps(p, "", seedPassword), verify)...))
		wantRefused(t, err, pw, "stranger")
		if !errors.Is(err, jdbcmysql.ErrClientCertificateRejected) {
			t.Fatalf("err = %v, want ErrClientCertificateRejected", err)
		}
	})
	t.Run("wrong key store password", func(t *testing.T) {
		_, err := connect(t, f.url(f.srv.Users.X509, join([]string{"sslMode=VERIFY_CA"}, keyStoreProps(f.jks, "", "wrong-password"), verify)...))
		wantRefused(t, err, pw, "password")
		if !errors.Is(err, jdbcmysql.ErrKeyStorePassword) {
			t.Fatalf("err = %v, want ErrKeyStorePassword", err)
		}
		var se *jdbcmysql.StoreError
		if !errors.As(err, &se) || !strings.Contains(se.Error(), "client.jks") {
			t.Fatalf("err = %v, want a StoreError naming client.jks", err)
		}
	})
	t.Run("server certificate from an untrusted CA", func(t *testing.T) {
		other, err := mysqltest.NewCA("not the server's CA")
		must(t, err)
		p := f.path("other-trust.jks")
		must(t, other.WriteTrustStoreJKS(p, seedPassword))
		_, err = connect(t, f.url(f.srv.Users.X509, join([]string{"sslMode=VERIFY_CA"}, keyStoreProps(f.jks, "", seedPassword), trustProps(p, "", seedPassword))...))
		wantRefused(t, err, pw, "VERIFY_CA")
		if !errors.Is(err, jdbcmysql.ErrServerCertificate) {
			t.Fatalf("err = %v, want ErrServerCertificate", err)
		}
	})
	t.Run("hostname mismatch", func(t *testing.T) {
		g := newFixture(t, mysqltest.WithServerCertNames("db.jdbcmysql.test"))
		_, err := connect(t, g.url(g.srv.Users.X509, join([]string{"sslMode=VERIFY_IDENTITY"}, keyStoreProps(g.jks, "", seedPassword), trustProps(g.trustJKS, "", seedPassword))...))
		wantRefused(t, err, pw, g.srv.Host)
		if !errors.Is(err, jdbcmysql.ErrServerCertificate) {
			t.Fatalf("err = %v, want ErrServerCertificate", err)
		}
		// VERIFY_CA does not check the name.
		s, err := connect(t, g.url(g.srv.Users.X509, join([]string{"sslMode=VERIFY_CA"}, keyStoreProps(g.jks, "", seedPassword), trustProps(g.trustJKS, "", seedPassword))...))
		wantUser(t, s, err, g.srv.Users.X509)
	})
	t.Run("server without TLS", func(t *testing.T) {
		g := newFixture(t, mysqltest.WithoutTLS())
		_, err := connect(t, g.url(g.srv.Users.Plain, "sslMode=REQUIRED"))
		wantRefused(t, err, pw, "SSL connection required")
		if !errors.Is(err, jdbcmysql.ErrServerNoTLS) {
			t.Fatalf("err = %v, want ErrServerNoTLS", err)
		}
		// PREFERRED falls back to plaintext.
		s, err := connect(t, g.url(g.srv.Users.Plain, "sslMode=PREFERRED"))
		if err != nil {
			t.Fatalf("PREFERRED against a server without TLS: %v", err)
		}
		if s.sslVersion != "" || !strings.HasPrefix(s.user, g.srv.Users.Plain+"@") {
			t.Fatalf("PREFERRED fallback: user %q Ssl_version %q, want plaintext as %s", s.user, s.sslVersion, g.srv.Users.Plain)
		}
	})
}

// TestIntegrationRotation replaces the key store file while a pool is open:
// new connections present the new certificate.
func TestIntegrationRotation(t *testing.T) {
	f := newFixture(t)
	store := f.path("rotating.jks")
	// First a certificate the SUBJECT user refuses, then one it accepts.
	must(t, f.cert.WriteJKS(store, seedPassword, "mysqlclient"))
	c, err := jdbcmysql.NewConnector(f.url(f.srv.Users.Subject, join([]string{"sslMode=REQUIRED"}, keyStoreProps(store, "", seedPassword))...))
	must(t, err)
	db := sql.OpenDB(c)
	defer db.Close()
	db.SetMaxIdleConns(0) // every query opens a new connection
	if _, err := query(db); err == nil {
		t.Fatal("the SUBJECT user accepted the first certificate")
	}
	subj, err := f.srv.NewClientCert(mysqltest.SubjectUserCN)
	must(t, err)
	tmp := store + ".new"
	must(t, subj.WriteJKS(tmp, seedPassword, "mysqlclient"))
	must(t, os.Rename(tmp, store))
	future := time.Now().Add(2 * time.Second)
	must(t, os.Chtimes(store, future, future))
	s, err := query(db)
	wantUser(t, s, err, f.srv.Users.Subject)
	// And back: the old certificate is refused again.
	must(t, f.cert.WriteJKS(tmp, seedPassword, "mysqlclient"))
	must(t, os.Rename(tmp, store))
	future = future.Add(2 * time.Second)
	must(t, os.Chtimes(store, future, future))
	if _, err := query(db); err == nil {
		t.Fatal("after rotating back, the SUBJECT user still got in: the old session or certificate was reused")
	}
}

// TestIntegrationConcurrentConnect opens 32 connections at once through
// one connector (run with -race).
func TestIntegrationConcurrentConnect(t *testing.T) {
	f := newFixture(t)
	c, err := jdbcmysql.NewConnector(f.url(f.srv.Users.X509, join([]string{"sslMode=VERIFY_CA"}, keyStoreProps(f.jks, "", seedPassword), trustProps(f.trustJKS, "", seedPassword))...))
	must(t, err)
	db := sql.OpenDB(c)
	defer db.Close()
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(32)
	const n = 32
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	conns := make(chan *sql.Conn, n)
	start := make(chan struct{})
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			conn, err := db.Conn(ctx)
			if err != nil {
				errs <- err
				return
			}
			conns <- conn
			var user string
			if err := conn.QueryRowContext(ctx, "SELECT CURRENT_USER()").Scan(&user); err != nil {
				errs <- err
				return
			}
			if !strings.HasPrefix(user, f.srv.Users.X509+"@") {
				errs <- fmt.Errorf("CURRENT_USER() = %q", user)
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	close(conns)
	for err := range errs {
		t.Error(err)
	}
	open := 0
	for conn := range conns {
		open++
		conn.Close()
	}
	if open != n {
		t.Fatalf("%d of %d connections opened", open, n)
	}
}

// TestIntegrationFormatDSN: a DSN-only tool gets the same TLS through the
// registered TLS config name.
func TestIntegrationFormatDSN(t *testing.T) {
	f := newFixture(t)
	cfg, err := jdbcmysql.ParseURL(f.url(f.srv.Users.X509, join([]string{"sslMode=VERIFY_CA"}, keyStoreProps(f.p12, "PKCS12", seedPassword), trustProps(f.trustP12, "PKCS12", seedPassword))...))
	must(t, err)
	dsn, err := cfg.FormatDSN()
	must(t, err)
	if strings.Contains(dsn, seedPassword) {
		t.Fatalf("DSN %q carries the key store password", dsn)
	}
	if _, err := mysql.ParseDSN(dsn); err != nil {
		t.Fatalf("go-sql-driver cannot parse %q: %v", dsn, err)
	}
	db, err := sql.Open("mysql", dsn)
	must(t, err)
	defer db.Close()
	s, err := query(db)
	wantUser(t, s, err, f.srv.Users.X509)
}
