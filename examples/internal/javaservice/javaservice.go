// Package javaservice gives each example what a Java service already has: a
// JDBC URL for a real test server (mysqltest) that logs in as a REQUIRE X509
// user, with its client key store and trust store written as JKS files.
package javaservice

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jdbcmysql/jdbcmysql/mysqltest"
)

// StorePassword opens both key stores, as a Java service's
// clientCertificateKeyStorePassword and trustCertificateKeyStorePassword would.
const StorePassword = "changeit"

// Service is the Java side's configuration for one test server.
type Service struct {
	Server     *mysqltest.Server
	KeyStore   string // JKS holding the client certificate (alias "mysqlclient")
	TrustStore string // JKS holding the server's CA
	Cert       *mysqltest.ClientCert
	URL        string // the JDBC URL, password included; never log it
}

// Start returns a Service on the test binary's shared mysqltest server, with
// extra Connector/J properties ("name=value") appended to the URL. It skips
// the test where no server can run (fails under CI=true), like mysqltest.Start.
func Start(t testing.TB, props ...string) *Service {
	t.Helper()
	srv := mysqltest.Start(t)
	dir := t.TempDir()
	cert, err := srv.NewClientCert("jdbcmysql-example")
	if err != nil {
		t.Fatal(err)
	}
	s := &Service{
		Server:     srv,
		KeyStore:   filepath.Join(dir, "keystore.jks"),
		TrustStore: filepath.Join(dir, "truststore.jks"),
		Cert:       cert,
	}
	if err := cert.WriteJKS(s.KeyStore, StorePassword, "mysqlclient"); err != nil {
		t.Fatal(err)
	}
	if err := srv.WriteTrustStoreJKS(s.TrustStore, StorePassword); err != nil {
		t.Fatal(err)
	}
	q := []string{
		"user=" + url.QueryEscape(srv.Users.X509),
		"password=" + url.QueryEscape(srv.Users.Password),
		"sslMode=VERIFY_IDENTITY",
		"clientCertificateKeyStoreUrl=file:" + s.KeyStore,
		"clientCertificateKeyStorePassword=" + StorePassword,
		"trustCertificateKeyStoreUrl=file:" + s.TrustStore,
		"trustCertificateKeyStorePassword=" + StorePassword,
	}
	s.URL = "jdbc:mysql://" + srv.Addr + "/" + srv.Database + "?" + strings.Join(append(q, props...), "&")
	return s
}

// CheckX509Session fails the test unless db's connections log in as the
// server's X509 user over TLS.
func (s *Service) CheckX509Session(t testing.TB, db *sql.DB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatalf("connecting: %v", err)
	}
	defer conn.Close()
	var user, name, tlsVersion string
	if err := conn.QueryRowContext(ctx, "SELECT CURRENT_USER()").Scan(&user); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRowContext(ctx, "SHOW SESSION STATUS LIKE 'Ssl_version'").Scan(&name, &tlsVersion); err != nil {
		t.Fatal(err)
	}
	if want := s.Server.Users.X509 + "@%"; user != want {
		t.Errorf("CURRENT_USER() = %q, want %q", user, want)
	}
	if !strings.HasPrefix(tlsVersion, "TLSv1.") {
		t.Errorf("Ssl_version = %q, want a TLS version", tlsVersion)
	}
}

// StoredText reads one text column as root in a +00:00 session: what the
// server stored, the way the data tests read CAST(col AS CHAR).
func (s *Service) StoredText(t testing.TB, query string, args ...any) string {
	t.Helper()
	root, err := s.Server.DB(s.Server.RootUser, s.Server.RootPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	ctx := context.Background()
	conn, err := root.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET time_zone = '+00:00'"); err != nil {
		t.Fatal(err)
	}
	var text string
	if err := conn.QueryRowContext(ctx, query, args...).Scan(&text); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return text
}

// Main runs a package's tests and stops the shared servers afterwards; call
// it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	mysqltest.CloseAll()
	os.Exit(code)
}

// Redact returns s with the server's passwords and the store password as
// ***, for messages that quote a URL or DSN.
func (s *Service) Redact(text string) string {
	for _, pw := range []string{s.Server.Users.Password, s.Server.RootPassword, StorePassword} {
		text = strings.ReplaceAll(text, pw, "***")
		text = strings.ReplaceAll(text, url.QueryEscape(pw), "***")
	}
	return text
}
