// Tests for the harness: both backends start real servers whose users accept
// exactly the connections their REQUIRE clause allows, and the key store
// writers produce files that read back.

package mysqltest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/pavlo-v-chernykh/keystore-go/v4"
	"software.sslmate.com/src/go-pkcs12"
)

func TestMain(m *testing.M) {
	code := m.Run()
	CloseAll()
	os.Exit(code)
}

var backends = []string{BackendProcess, BackendDocker}

// startTimed starts (or reuses) the shared server and logs how long a fresh
// start took.
func startTimed(t *testing.T, opts ...Option) *Server {
	t.Helper()
	begin := time.Now()
	s := Start(t, opts...)
	if d := time.Since(begin); d > 100*time.Millisecond {
		t.Logf("started %v in %.1f s", s, d.Seconds())
	}
	return s
}

// startOwn starts a server of the test's own (closed when it ends), with
// Start's skip-or-fail rule, and logs how long it took.
func startOwn(t *testing.T, ctx context.Context, opts ...Option) *Server {
	t.Helper()
	begin := time.Now()
	s, err := StartServer(ctx, opts...)
	if err != nil {
		if errors.Is(err, ErrUnavailable) && os.Getenv("CI") != "true" {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	t.Logf("started %v in %.1f s", s, time.Since(begin).Seconds())
	return s
}

// connect opens one connection as user with tlsCfg (nil: plaintext) and
// returns CURRENT_USER() and the session's Ssl_version.
func connect(s *Server, user string, tlsCfg *tls.Config) (currentUser, sslVersion string, err error) {
	cfg := s.mysqlConfig(user, s.Users.Password)
	cfg.TLS = tlsCfg
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return "", "", err
	}
	db := sql.OpenDB(conn)
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := db.QueryRowContext(ctx, "SELECT CURRENT_USER()").Scan(&currentUser); err != nil {
		return "", "", err
	}
	var name string
	if err := db.QueryRowContext(ctx, "SHOW SESSION STATUS LIKE 'Ssl_version'").Scan(&name, &sslVersion); err != nil {
		return "", "", err
	}
	return currentUser, sslVersion, nil
}

func TestUsersRequireClauses(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			s := startTimed(t, WithBackend(backend))
			if !strings.HasPrefix(s.Addr, "127.0.0.1:") || s.Version == "" || s.Backend != backend {
				t.Fatalf("server fields: %+v", s)
			}
			right, err := s.NewClientCert("any-client")
			if err != nil {
				t.Fatal(err)
			}
			subject, err := s.NewClientCert(SubjectUserCN)
			if err != nil {
				t.Fatal(err)
			}
			otherCA, err := NewCA("another CA")
			if err != nil {
				t.Fatal(err)
			}
			foreign, err := otherCA.IssueClient(SubjectUserCN)
			if err != nil {
				t.Fatal(err)
			}
			u := s.Users
			cases := []struct {
				name  string
				user  string
				tls   *tls.Config
				allow bool
			}{
				{"x509 with CA-signed cert", u.X509, s.TLSConfig(right), true},
				{"x509 with TLS but no cert", u.X509, s.TLSConfig(nil), false},
				{"x509 plaintext", u.X509, nil, false},
				{"x509 with cert from another CA", u.X509, s.TLSConfig(foreign), false},
				{"subject with right subject", u.Subject, s.TLSConfig(subject), true},
				{"subject with wrong subject", u.Subject, s.TLSConfig(right), false},
				{"subject with no cert", u.Subject, s.TLSConfig(nil), false},
				{"ssl with TLS, no cert", u.SSL, s.TLSConfig(nil), true},
				{"ssl plaintext", u.SSL, nil, false},
				{"plain plaintext", u.Plain, nil, true},
				{"plain with TLS", u.Plain, s.TLSConfig(nil), true},
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					cu, ver, err := connect(s, c.user, c.tls)
					if !c.allow {
						if err == nil {
							t.Fatalf("connected as %s (Ssl_version %q); want refusal", cu, ver)
						}
						if strings.Contains(err.Error(), u.Password) {
							t.Fatalf("error shows the password: %v", err)
						}
						return
					}
					if err != nil {
						t.Fatalf("connect: %v", err)
					}
					if want := c.user + "@%"; cu != want {
						t.Errorf("CURRENT_USER() = %q, want %q", cu, want)
					}
					if (c.tls != nil) != (ver != "") {
						t.Errorf("Ssl_version = %q with tls=%v", ver, c.tls != nil)
					}
				})
			}
		})
	}
}

func TestWithoutTLS(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			s := startTimed(t, WithBackend(backend), WithoutTLS())
			if s.TLS {
				t.Fatal("Server.TLS is true")
			}
			db, err := s.DB(s.RootUser, s.RootPassword, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var name, haveSSL string
			if err := db.QueryRow("SHOW VARIABLES LIKE 'have_ssl'").Scan(&name, &haveSSL); err != nil {
				t.Fatal(err)
			}
			if haveSSL == "YES" {
				t.Fatalf("have_ssl = %q on a server started WithoutTLS", haveSSL)
			}
			if _, _, err := connect(s, s.Users.Plain, s.TLSConfig(nil)); err == nil {
				t.Fatal("a TLS connection succeeded on a server without TLS")
			}
			if cu, _, err := connect(s, s.Users.Plain, nil); err != nil || cu != s.Users.Plain+"@%" {
				t.Fatalf("plaintext as plain user: %q, %v", cu, err)
			}
		})
	}
}

func TestCreateUser(t *testing.T) {
	s := startTimed(t, WithBackend(BackendProcess))
	ctx := context.Background()
	cert, err := s.NewClientCert("custom-subject")
	if err != nil {
		t.Fatal(err)
	}
	require := "SUBJECT " + quote(cert.Subject) + " AND ISSUER " + quote(s.CA.Subject)
	if err := s.CreateUser(ctx, "customuser", "custom pass'word", require); err != nil {
		t.Fatal(err)
	}
	db, err := s.DB("customuser", "custom pass'word", cert)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var cu string
	if err := db.QueryRow("SELECT CURRENT_USER()").Scan(&cu); err != nil || cu != "customuser@%" {
		t.Fatalf("CURRENT_USER() = %q, %v", cu, err)
	}
	if _, err := s.DB("customuser", "custom pass'word", nil); err == nil {
		t.Fatal("a SUBJECT user connected without a certificate")
	}
}

func TestKeyStoreFilesReadBack(t *testing.T) {
	ca, err := NewCA("file test CA")
	if err != nil {
		t.Fatal(err)
	}
	for _, opts := range [][]CertOption{nil, {CertECDSA()}} {
		cert, err := ca.IssueClient("file-client", opts...)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		const pw = "store-pass"

		jks := filepath.Join(dir, "client.jks")
		if err := cert.WriteJKS(jks, pw, "mysqlclient"); err != nil {
			t.Fatal(err)
		}
		ks := readJKS(t, jks, pw)
		entry, err := ks.GetPrivateKeyEntry("mysqlclient", []byte(pw))
		if err != nil {
			t.Fatalf("JKS private key entry: %v", err)
		}
		if len(entry.CertificateChain) != 2 || string(entry.CertificateChain[0].Content) != string(cert.Certificate.Raw) {
			t.Fatalf("JKS chain has %d certificates or the wrong leaf", len(entry.CertificateChain))
		}
		if _, err := x509.ParsePKCS8PrivateKey(entry.PrivateKey); err != nil {
			t.Fatalf("JKS key: %v", err)
		}
		if _, err := ks.GetPrivateKeyEntry("mysqlclient", []byte("wrong")); err == nil {
			t.Fatal("JKS key entry opened with a wrong password")
		}

		p12 := filepath.Join(dir, "client.p12")
		if err := cert.WritePKCS12(p12, pw); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(p12)
		if err != nil {
			t.Fatal(err)
		}
		_, leaf, cas, err := pkcs12.DecodeChain(data, pw)
		if err != nil || !leaf.Equal(cert.Certificate) || len(cas) != 1 {
			t.Fatalf("PKCS#12 read back: %v", err)
		}
		if _, _, _, err := pkcs12.DecodeChain(data, "wrong"); err == nil {
			t.Fatal("PKCS#12 opened with a wrong password")
		}

		certPEM, keyPEM := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
		if err := cert.WritePEM(certPEM, keyPEM); err != nil {
			t.Fatal(err)
		}
		pair, err := tls.LoadX509KeyPair(certPEM, keyPEM)
		if err != nil || len(pair.Certificate) != 2 {
			t.Fatalf("PEM pair: %v", err)
		}
	}

	dir := t.TempDir()
	trustJKS := filepath.Join(dir, "trust.jks")
	if err := ca.WriteTrustStoreJKS(trustJKS, "trust-pass"); err != nil {
		t.Fatal(err)
	}
	tc, err := readJKS(t, trustJKS, "trust-pass").GetTrustedCertificateEntry("mysqltest-ca")
	if err != nil || string(tc.Certificate.Content) != string(ca.Certificate.Raw) {
		t.Fatalf("JKS trust store entry: %v", err)
	}
	trustP12 := filepath.Join(dir, "trust.p12")
	if err := ca.WriteTrustStorePKCS12(trustP12, "trust-pass"); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(trustP12)
	if err != nil {
		t.Fatal(err)
	}
	certs, err := pkcs12.DecodeTrustStore(data, "trust-pass")
	if err != nil || len(certs) != 1 || !certs[0].Equal(ca.Certificate) {
		t.Fatalf("PKCS#12 trust store: %d certificates, %v", len(certs), err)
	}
}

func readJKS(t *testing.T, path, password string) keystore.KeyStore {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ks := keystore.New()
	if err := ks.Load(f, []byte(password)); err != nil {
		t.Fatalf("loading %s: %v", path, err)
	}
	return ks
}

func TestCertificates(t *testing.T) {
	ca, err := NewCA("names CA")
	if err != nil {
		t.Fatal(err)
	}
	if ca.Subject != "/CN=names CA" {
		t.Errorf("CA subject %q", ca.Subject)
	}
	srv, err := ca.IssueServer([]string{"localhost", "127.0.0.1", "::1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, host := range []string{"localhost", "127.0.0.1", "::1"} {
		if err := srv.Certificate.VerifyHostname(host); err != nil {
			t.Errorf("server certificate does not cover %s: %v", host, err)
		}
	}
	if err := srv.Certificate.VerifyHostname("example.invalid"); err == nil {
		t.Error("server certificate covers a name it was not given")
	}
	if _, err := ca.IssueServer(nil); err == nil {
		t.Error("IssueServer accepted no names")
	}
	old := time.Now().Add(-48 * time.Hour)
	expired, err := ca.IssueClient("old", CertValidity(old, old.Add(time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = expired.Certificate.Verify(x509.VerifyOptions{Roots: ca.CertPool(), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	if err == nil {
		t.Error("an expired certificate verified")
	}
}

func TestStartServerRefusals(t *testing.T) {
	ctx := context.Background()
	imageMention := "jdbcmysql/not-built:0" // the image is looked up only with the docker backend built in
	if !dockerBuilt {
		imageMention = "-tags docker"
	}
	cases := []struct {
		name        string
		opts        []Option
		unavailable bool
		mention     string
	}{
		{"unknown backend", []Option{WithBackend("podman")}, false, "podman"},
		{"image not present", []Option{WithImage("jdbcmysql/not-built:0")}, true, imageMention},
		{"flag without dashes", []Option{WithServerFlags("max-connections=5")}, false, "max-connections=5"},
		{"flag with a newline", []Option{WithServerFlags("--a=1\n--b=2")}, false, "one line"},
		{"empty flag name", []Option{WithServerFlags("--=1")}, false, "--=1"},
		{"zone with a quote", []Option{WithTimeZone("x'y")}, false, "x'y"},
		{"empty database", []Option{WithDatabase("")}, false, "WithDatabase"},
		{"no certificate names", []Option{WithServerCertNames()}, false, "at least one name"},
		{"generated certificates with a CA", []Option{WithAutoGeneratedCerts(), WithCA(&CA{})}, false, "exclude"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := StartServer(ctx, c.opts...)
			if err == nil {
				s.Close()
				t.Fatal("started")
			}
			if errors.Is(err, ErrUnavailable) != c.unavailable || !strings.Contains(err.Error(), c.mention) {
				t.Fatalf("error %q: want unavailable=%v mentioning %q", err, c.unavailable, c.mention)
			}
		})
	}
}

func TestServerStringHidesPasswords(t *testing.T) {
	s := &Server{Backend: BackendProcess, Addr: "127.0.0.1:1", RootPassword: "root-secret",
		Users: Users{Password: "user-secret"}}
	if str := s.String(); strings.Contains(str, "secret") {
		t.Fatalf("String() = %q", str)
	}
	err := redactErr(errors.New("bad 'root-secret' and user-secret"), s)
	if strings.Contains(err.Error(), "secret") {
		t.Fatalf("redactErr: %v", err)
	}
}

func TestQuote(t *testing.T) {
	cases := map[string]string{`a`: `'a'`, `it's`: `'it\'s'`, `back\slash`: `'back\\slash'`}
	for in, want := range cases {
		if got := quote(in); got != want {
			t.Errorf("quote(%q) = %s, want %s", in, got, want)
		}
	}
}
