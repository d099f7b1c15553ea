// This file shows ent's driver writing and reading time.Time columns (as a
// generated client's field.Time does) through the connector.
package ent_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	"entgo.io/ent/schema/field"
	"github.com/jdbcmysql/jdbcmysql"
	"github.com/jdbcmysql/jdbcmysql/examples/internal/javaservice"
)

var (
	auditColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		// DATETIME as a Java entity's LocalDateTime column would be (ent's
		// default for MySQL is TIMESTAMP, which the server keeps in UTC).
		{Name: "created_at", Type: field.TypeTime, SchemaType: map[string]string{dialect.MySQL: "datetime(6)"}},
		{Name: "reviewed_at", Type: field.TypeTime, Nullable: true},
	}
	audits = &schema.Table{Name: "audits", Columns: auditColumns, PrimaryKey: auditColumns[:1]}
)

func TestEntTimeFields(t *testing.T) {
	svc := javaservice.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	connector, err := jdbcmysql.NewConnector(svc.URL)
	if err != nil {
		t.Fatal(err)
	}
	drv := entsql.OpenDB(dialect.MySQL, sql.OpenDB(connector))
	defer drv.Close()
	migrate, err := schema.NewMigrate(drv)
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate.Create(ctx, audits); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 10, 27, 1, 30, 0, 0, time.UTC) // Berlin's second 02:30
	build := entsql.Dialect(dialect.MySQL)
	query, args := build.Insert("audits").Columns("created_at").Values(at).Query()
	if err := drv.Exec(ctx, query, args, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := svc.StoredText(t, "SELECT CAST(created_at AS CHAR) FROM audits"), at.In(time.Local).Format("2006-01-02 15:04:05"); got[:19] != want {
		t.Errorf("stored %q, want %s (the process zone's wall time)", got, want)
	}
	query, args = build.Select("created_at", "reviewed_at").From(entsql.Table("audits")).Query()
	var rows entsql.Rows
	if err := drv.Query(ctx, query, args, &rows); err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("no row: %v", rows.Err())
	}
	var created time.Time
	var reviewed sql.NullTime
	if err := rows.Scan(&created, &reviewed); err != nil {
		t.Fatal(err)
	}
	// In Europe/Berlin 02:30 exists twice; Connector/J (and jdbcmysql)
	// reads the later instant, which is the one written here.
	if !created.Equal(at) || reviewed.Valid {
		t.Errorf("read %v %v, want %v and NULL", created, reviewed, at)
	}
}
