// This file shows golang-migrate in the service's own process, on a Java
// service's JDBC URL: migrate takes jdbcmysql's *sql.DB
// (migratemysql.WithInstance), and a multi-statement migration file needs
// allowMultiQueries=true. examples/otherprocesses runs the same migrations the
// way migrate's CLI would, from files.
package migrate_test

import (
	"database/sql"
	"embed"
	"errors"
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
