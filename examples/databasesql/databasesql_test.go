// This file shows database/sql with a Java service's JDBC URL, three ways:
// a connector (sql.OpenDB), the registered driver name (sql.Open), and a
// go-sql-driver DSN from FormatDSN for code in the same process.
package databasesql_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jdbcmysql/jdbcmysql"
	"github.com/jdbcmysql/jdbcmysql/examples/internal/javaservice"
)

func TestMain(m *testing.M) { javaservice.Main(m) }

// roundTrip writes a row through db and reads it back unchanged.
func roundTrip(t *testing.T, db *sql.DB, table string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, "CREATE TABLE "+table+" (id INT PRIMARY KEY, name VARCHAR(64) CHARACTER SET utf8mb4)"); err != nil {
		t.Fatal(err)
	}
	const name = "Grüße 🐬"
	if _, err := db.ExecContext(ctx, "INSERT INTO "+table+" (id, name) VALUES (?, ?)", 1, name); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := db.QueryRowContext(ctx, "SELECT name FROM "+table+" WHERE id = ?", 1).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != name {
		t.Errorf("read back %q, wrote %q", got, name)
	}
}

func TestOpenDBWithConnector(t *testing.T) {
	svc := javaservice.Start(t)

	connector, err := jdbcmysql.NewConnector(svc.URL)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(connector)
	defer db.Close()

	svc.CheckX509Session(t, db)
	roundTrip(t, db, "connector_names")
}

func TestSQLOpenWithDriverName(t *testing.T) {
	svc := javaservice.Start(t)

	db, err := sql.Open("jdbcmysql", svc.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	svc.CheckX509Session(t, db)
	roundTrip(t, db, "driver_names")
}

// TestFormatDSNInThisProcess: FormatDSN's DSN names a TLS configuration
// registered in this process, so it serves code here that only takes a
// go-sql-driver DSN; another process cannot use it (it takes files).
func TestFormatDSNInThisProcess(t *testing.T) {
	svc := javaservice.Start(t)

	cfg, err := jdbcmysql.ParseURL(svc.URL)
	if err != nil {
		t.Fatal(err)
	}
	dsn, err := cfg.FormatDSN()
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	svc.CheckX509Session(t, db)
	roundTrip(t, db, "dsn_names")

	// The name is this process's registration: go-sql-driver looks it up.
	parsed, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	if parsed.TLS == nil || parsed.TLSConfig == "" || parsed.TLSConfig == "true" {
		t.Errorf("DSN %s names no registered TLS configuration (tls=%q)", svc.Redact(dsn), parsed.TLSConfig)
	}
}
