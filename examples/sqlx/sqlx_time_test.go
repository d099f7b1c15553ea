// This file shows sqlx scanning DATETIME, TIMESTAMP and DATE columns into
// time.Time and sql.NullTime struct fields through the connector.
package sqlx_test

import (
	"database/sql"
	"testing"
	"time"

	"github.com/jdbcmysql/jdbcmysql"
	"github.com/jdbcmysql/jdbcmysql/examples/internal/javaservice"
	"github.com/jmoiron/sqlx"
)

type event struct {
	ID     int64        `db:"id"`
	At     time.Time    `db:"at"`
	Logged time.Time    `db:"logged"`
	Day    time.Time    `db:"day"`
	Closed sql.NullTime `db:"closed"`
}

func TestSqlxTimeFields(t *testing.T) {
	// connectionTimeZone=UTC: wall times are UTC whatever the process zone.
	svc := javaservice.Start(t, "connectionTimeZone=UTC")
	connector, err := jdbcmysql.NewConnector(svc.URL)
	if err != nil {
		t.Fatal(err)
	}
	db := sqlx.NewDb(sql.OpenDB(connector), "mysql")
	defer db.Close()
	db.MustExec("CREATE TABLE events (id BIGINT AUTO_INCREMENT PRIMARY KEY, at DATETIME(6) NOT NULL, logged TIMESTAMP(6) NOT NULL, day DATE NOT NULL, closed DATETIME NULL)")
	at := time.Date(2024, 3, 31, 0, 59, 59, 0, time.UTC)
	in := event{At: at.In(time.Local), Logged: at, Day: time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)}
	if _, err := db.NamedExec("INSERT INTO events (at, logged, day, closed) VALUES (:at, :logged, :day, :closed)", in); err != nil {
		t.Fatal(err)
	}
	if got := svc.StoredText(t, "SELECT CAST(at AS CHAR) FROM events"); got != "2024-03-31 00:59:59.000000" {
		t.Errorf("stored %q, want the UTC wall time", got)
	}
	var got []event
	if err := db.Select(&got, "SELECT id, at, logged, day, closed FROM events"); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !got[0].At.Equal(at) || !got[0].Logged.Equal(at) || got[0].Day.Format("2006-01-02") != "2024-03-31" || got[0].Closed.Valid {
		t.Errorf("read %+v", got)
	}
}
