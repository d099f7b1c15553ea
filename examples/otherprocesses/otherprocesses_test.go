// This file shows what a separate process (migrate's CLI, the mariadb/mysql
// client) takes to log in as the Java service does: PEM files converted from
// its key stores, named on its command line or in its URL. FormatDSN's DSN
// names a TLS configuration registered in this process only, and fails there.
package otherprocesses_test

import (
	"database/sql"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/database/mysql"
	_ "github.com/golang-migrate/migrate/v4/source/file"
	"github.com/jdbcmysql/jdbcmysql"
	"github.com/jdbcmysql/jdbcmysql/examples/internal/javaservice"
)

func TestMain(m *testing.M) { javaservice.Main(m) }

// The migrations of examples/migrate, read from disk as the CLI reads them.
const migrationsSource = "file://../migrate/migrations"

// needTools skips (fails under CI=true) unless every tool is installed.
func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not installed (make setup installs it)", tool)
			}
			t.Skipf("%s is not installed (make setup installs it)", tool)
		}
	}
}

// pemFiles turns the Java service's JKS stores into the PEM files a separate
// process takes, with keytool and openssl as README describes.
func pemFiles(t *testing.T, svc *javaservice.Service) (ca, cert, key string) {
	t.Helper()
	needTools(t, "keytool", "openssl")
	dir := t.TempDir()
	client, trust := filepath.Join(dir, "client.p12"), filepath.Join(dir, "trust.p12")
	ca, cert, key = filepath.Join(dir, "ca.pem"), filepath.Join(dir, "client-cert.pem"), filepath.Join(dir, "client-key.pem")
	pw := javaservice.StorePassword
	for _, c := range [][]string{
		{"keytool", "-importkeystore", "-noprompt", "-srckeystore", svc.KeyStore, "-srcstorepass", pw,
			"-destkeystore", client, "-deststoretype", "PKCS12", "-deststorepass", pw},
		{"keytool", "-importkeystore", "-noprompt", "-srckeystore", svc.TrustStore, "-srcstorepass", pw,
			"-destkeystore", trust, "-deststoretype", "PKCS12", "-deststorepass", pw},
		{"openssl", "pkcs12", "-in", client, "-passin", "pass:" + pw, "-clcerts", "-nokeys", "-out", cert},
		{"openssl", "pkcs12", "-in", client, "-passin", "pass:" + pw, "-nocerts", "-nodes", "-out", key},
		{"openssl", "pkcs12", "-in", trust, "-passin", "pass:" + pw, "-nokeys", "-out", ca},
	} {
		if out, err := exec.Command(c[0], c[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(c[:2], " "), err, out)
		}
	}
	if err := os.Chmod(key, 0o600); err != nil {
		t.Fatal(err)
	}
	return ca, cert, key
}

// TestMigrateURLWithPEMFiles runs the migrations through the source and
// database URLs that migrate's CLI would be given.
func TestMigrateURLWithPEMFiles(t *testing.T) {
	svc := javaservice.Start(t)
	ca, cert, key := pemFiles(t, svc)
	srv := svc.Server
	q := url.Values{
		"tls":        {"jdbcmysql-example-files"}, // any name: migrate registers the files under it
		"x-tls-ca":   {ca},
		"x-tls-cert": {cert},
		"x-tls-key":  {key},
	}
	dbURL := "mysql://" + url.QueryEscape(srv.Users.X509) + ":" + url.QueryEscape(srv.Users.Password) +
		"@tcp(" + srv.Addr + ")/" + srv.Database + "?" + q.Encode()

	m, err := migrate.New(migrationsSource, dbURL)
	if err != nil {
		t.Fatalf("%s: %v", svc.Redact(dbURL), err)
	}
	defer m.Close()
	if err := m.Up(); err != nil {
		t.Fatalf("up: %v", err)
	}
	if version, dirty, err := m.Version(); err != nil || dirty || version != 2 {
		t.Fatalf("version %d dirty %v (%v), want 2 and clean", version, dirty, err)
	}

	// The Go service, through jdbcmysql, sees what the migration wrote.
	connector, err := jdbcmysql.NewConnector(svc.URL)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	var total int
	if err := db.QueryRow("SELECT SUM(total_cents) FROM orders").Scan(&total); err != nil {
		t.Fatal(err)
	}
	if total != 1250 {
		t.Errorf("orders total %d after the migration, want 1250", total)
	}
	if err := m.Down(); err != nil {
		t.Fatalf("down: %v", err)
	}
}

// TestMariaDBClientWithPEMFiles logs in with the command-line client, a
// process of its own, as the X509 user, verifying the server's certificate.
func TestMariaDBClientWithPEMFiles(t *testing.T) {
	svc := javaservice.Start(t)
	needTools(t, "mariadb")
	ca, cert, key := pemFiles(t, svc)
	srv := svc.Server
	cmd := exec.Command("mariadb", "--no-defaults",
		"--host="+srv.Host, "--port="+strconv.Itoa(srv.Port), "--protocol=TCP",
		"--user="+srv.Users.X509, srv.Database,
		"--ssl-ca="+ca, "--ssl-cert="+cert, "--ssl-key="+key, "--ssl-verify-server-cert",
		"--batch", "--skip-column-names",
		"--execute=SELECT CURRENT_USER(); SHOW SESSION STATUS LIKE 'Ssl_version'")
	// The password goes in the environment, not on the command line.
	cmd.Env = append(os.Environ(), "MYSQL_PWD="+srv.Users.Password)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("mariadb client: %v\n%s", err, svc.Redact(string(out)))
	}
	got := strings.Fields(string(out)) // "x509user@%", "Ssl_version", "TLSv1.3"
	if len(got) != 3 || got[0] != srv.Users.X509+"@%" || !strings.HasPrefix(got[2], "TLSv1.") {
		t.Errorf("mariadb client printed %q, want the X509 user over TLS", got)
	}

	// Without the client certificate the X509 user is refused.
	cmd = exec.Command("mariadb", "--no-defaults",
		"--host="+srv.Host, "--port="+strconv.Itoa(srv.Port), "--protocol=TCP",
		"--user="+srv.Users.X509, srv.Database, "--ssl-ca="+ca, "--ssl-verify-server-cert",
		"--batch", "--execute=SELECT 1")
	cmd.Env = append(os.Environ(), "MYSQL_PWD="+srv.Users.Password)
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "1045") {
		t.Errorf("without --ssl-cert the client got in or failed otherwise: %v\n%s", err, svc.Redact(string(out)))
	}
}

// TestFormatDSNIsNotForOtherTools: golang-migrate reads a named tls= as
// "load the file in x-tls-ca", so FormatDSN's DSN fails on the missing file.
func TestFormatDSNIsNotForOtherTools(t *testing.T) {
	svc := javaservice.Start(t)
	cfg, err := jdbcmysql.ParseURL(svc.URL)
	if err != nil {
		t.Fatal(err)
	}
	dsn, err := cfg.FormatDSN()
	if err != nil {
		t.Fatal(err)
	}
	_, err = migrate.New(migrationsSource, "mysql://"+dsn)
	if !errors.Is(err, fs.ErrNotExist) {
		msg := "no error"
		if err != nil {
			msg = svc.Redact(err.Error())
		}
		t.Fatalf("migrate with FormatDSN's DSN: %s; want the missing x-tls-ca file", msg)
	}
}
