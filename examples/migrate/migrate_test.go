// This file shows golang-migrate on a Java service's JDBC URL. In this
// process migrate takes jdbcmysql's *sql.DB (migratemysql.WithInstance), and a
// multi-statement migration file needs allowMultiQueries=true. A separate
// process (migrate's CLI) cannot use jdbcmysql's in-process registrations: it
// takes PEM files named in its own URL (x-tls-ca, x-tls-cert, x-tls-key).
package migrate_test

import (
	"database/sql"
	"embed"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database"
	migratemysql "github.com/golang-migrate/migrate/v4/database/mysql"
	"github.com/golang-migrate/migrate/v4/source"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jdbcmysql/jdbcmysql"
	"github.com/jdbcmysql/jdbcmysql/examples/internal/javaservice"
)

func TestMain(m *testing.M) { javaservice.Main(m) }

//go:embed migrations/*.sql
var migrations embed.FS

// migrationFiles is the embedded migrations directory as migrate's source.
func migrationFiles(t *testing.T) source.Driver {
	t.Helper()
	src, err := iofs.New(migrations, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// openDB opens jdbcmysql's pool for the service's URL.
func openDB(t *testing.T, svc *javaservice.Service) *sql.DB {
	t.Helper()
	connector, err := jdbcmysql.NewConnector(svc.URL)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(connector)
	t.Cleanup(func() { db.Close() })
	return db
}

// checkMigrated fails unless both migrations ran, every statement of the
// first one included, then runs them down again so the next test starts clean.
func checkMigrated(t *testing.T, m *migrate.Migrate, db *sql.DB) {
	t.Helper()
	version, dirty, err := m.Version()
	if err != nil || dirty || version != 2 {
		t.Fatalf("version %d dirty %v (%v), want 2 and clean", version, dirty, err)
	}
	var customers, orders, total int
	if err := db.QueryRow("SELECT (SELECT COUNT(*) FROM customers), COUNT(*), COALESCE(SUM(total_cents), 0) FROM orders").Scan(&customers, &orders, &total); err != nil {
		t.Fatal(err)
	}
	if customers != 1 || orders != 1 || total != 1250 {
		t.Errorf("after the migration: %d customers, %d orders totalling %d; want 1, 1, 1250 (the file's INSERTs)", customers, orders, total)
	}
	if _, err := db.Exec("UPDATE orders SET note = 'from migration 2'"); err != nil {
		t.Errorf("the column migration 2 adds: %v", err)
	}
	if err := m.Down(); err != nil {
		t.Fatalf("down: %v", err)
	}
	var tables int
	if err := db.QueryRow("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name IN ('customers', 'orders')").Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 0 {
		t.Errorf("%d of the migrated tables remain after down", tables)
	}
}

func TestWithInstanceRunsMultiStatementFile(t *testing.T) {
	svc := javaservice.Start(t, "allowMultiQueries=true")
	db := openDB(t, svc)
	svc.CheckX509Session(t, db)

	driver, err := migratemysql.WithInstance(db, &migratemysql.Config{MigrationsTable: "schema_migrations_instance"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := migrate.NewWithInstance("iofs", migrationFiles(t), "mysql", driver)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Up(); err != nil {
		t.Fatalf("up: %v", err)
	}
	checkMigrated(t, m, db)
}

// TestWithInstanceWithoutAllowMultiQueries shows why the property is needed:
// the server sees the whole file as one statement and refuses it.
func TestWithInstanceWithoutAllowMultiQueries(t *testing.T) {
	svc := javaservice.Start(t)
	db := openDB(t, svc)

	driver, err := migratemysql.WithInstance(db, &migratemysql.Config{MigrationsTable: "schema_migrations_single"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := migrate.NewWithInstance("iofs", migrationFiles(t), "mysql", driver)
	if err != nil {
		t.Fatal(err)
	}
	err = m.Up()
	var dbErr database.Error
	var myErr *mysql.MySQLError
	if !errors.As(err, &dbErr) || !errors.As(dbErr.OrigErr, &myErr) || myErr.Number != 1064 {
		t.Fatalf("up without allowMultiQueries: %v; want the server's syntax error 1064", err)
	}
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'customers'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Error("part of the refused file ran")
	}
}

// pemFiles turns the Java service's JKS stores into the PEM files a separate
// process takes, with keytool and openssl as README describes.
func pemFiles(t *testing.T, svc *javaservice.Service) (ca, cert, key string) {
	t.Helper()
	for _, tool := range []string{"keytool", "openssl"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not installed (make setup installs it)", tool)
			}
			t.Skipf("%s is not installed (make setup installs it)", tool)
		}
	}
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

// TestURLWithFilesForOtherProcesses runs the migrations through the URL that
// migrate's CLI would be given, with the PEM files from the Java stores.
func TestURLWithFilesForOtherProcesses(t *testing.T) {
	svc := javaservice.Start(t)
	ca, cert, key := pemFiles(t, svc)
	srv := svc.Server
	q := url.Values{
		"tls":                {"jdbcmysql-example-files"},
		"x-tls-ca":           {ca},
		"x-tls-cert":         {cert},
		"x-tls-key":          {key},
		"x-migrations-table": {"schema_migrations_url"},
	}
	dbURL := "mysql://" + url.QueryEscape(srv.Users.X509) + ":" + url.QueryEscape(srv.Users.Password) +
		"@tcp(" + srv.Addr + ")/" + srv.Database + "?" + q.Encode()

	m, err := migrate.NewWithSourceInstance("iofs", migrationFiles(t), dbURL)
	if err != nil {
		t.Fatalf("%s: %v", svc.Redact(dbURL), err)
	}
	defer m.Close()
	if err := m.Up(); err != nil {
		t.Fatalf("up: %v", err)
	}
	db := openDB(t, svc)
	checkMigrated(t, m, db)
}

// TestFormatDSNIsNotForOtherTools: FormatDSN names a TLS configuration that
// exists only in this process; migrate's URL reads a named tls= as "load
// x-tls-ca", and fails on the missing file.
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
	_, err = migrate.NewWithSourceInstance("iofs", migrationFiles(t), "mysql://"+dsn)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("migrate with FormatDSN's DSN: %v; want the missing x-tls-ca file", svc.Redact(errString(err)))
	}
}

func errString(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}
