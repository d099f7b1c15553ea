// This file shows sqlx on a Java service's JDBC URL: sqlx.NewDb wraps the
// *sql.DB from jdbcmysql's connector under go-sql-driver's bind style.
package sqlx_test

import (
	"database/sql"
	"testing"

	"github.com/jdbcmysql/jdbcmysql"
	"github.com/jdbcmysql/jdbcmysql/examples/internal/javaservice"
	"github.com/jmoiron/sqlx"
)

func TestMain(m *testing.M) { javaservice.Main(m) }

type account struct {
	ID    int64  `db:"id"`
	Email string `db:"email"`
	Plan  string `db:"plan"`
}

func TestSqlxOnConnector(t *testing.T) {
	svc := javaservice.Start(t)

	connector, err := jdbcmysql.NewConnector(svc.URL)
	if err != nil {
		t.Fatal(err)
	}
	db := sqlx.NewDb(sql.OpenDB(connector), "mysql")
	defer db.Close()

	svc.CheckX509Session(t, db.DB)
	db.MustExec("CREATE TABLE accounts (id BIGINT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(128) NOT NULL, plan VARCHAR(16) NOT NULL)")
	want := []account{{Email: "ada@example.test", Plan: "pro"}, {Email: "lin@example.test", Plan: "free"}}
	if _, err := db.NamedExec("INSERT INTO accounts (email, plan) VALUES (:email, :plan)", want); err != nil {
		t.Fatal(err)
	}

	var got []account
	if err := db.Select(&got, "SELECT id, email, plan FROM accounts WHERE plan IN (?, ?) ORDER BY id", "pro", "free"); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("read %d accounts, wrote %d", len(got), len(want))
	}
	for i := range want {
		if got[i].ID == 0 || got[i].Email != want[i].Email || got[i].Plan != want[i].Plan {
			t.Errorf("account %d: read %+v, wrote %+v", i, got[i], want[i])
		}
	}

	query, args, err := sqlx.In("SELECT COUNT(*) FROM accounts WHERE plan IN (?)", []string{"pro", "team"})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.Get(&n, db.Rebind(query), args...); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("accounts on pro or team: %d, want 1", n)
	}
}
