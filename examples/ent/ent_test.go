// This file shows ent on a Java service's JDBC URL: jdbcmysql's *sql.DB
// wrapped by ent's SQL driver (entsql.OpenDB), which is what a generated ent
// client takes (ent.NewClient(ent.Driver(drv))). Without a generated client
// here, the test drives the same layers the generated code calls: ent's
// schema migration (Atlas, inspecting the server) and its MySQL query builder.
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

func TestMain(m *testing.M) { javaservice.Main(m) }

// The tables a generated migrate/schema.go would declare for a Team and a
// User edge "members".
var (
	teamColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "name", Type: field.TypeString, Size: 64, Unique: true},
	}
	teams = &schema.Table{Name: "teams", Columns: teamColumns, PrimaryKey: teamColumns[:1]}

	userColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "email", Type: field.TypeString, Size: 128},
		{Name: "team_members", Type: field.TypeInt, Nullable: true},
	}
	users = &schema.Table{Name: "users", Columns: userColumns, PrimaryKey: userColumns[:1],
		ForeignKeys: []*schema.ForeignKey{{
			Symbol: "users_teams_members", Columns: userColumns[2:], RefColumns: teamColumns[:1],
			RefTable: teams, OnDelete: schema.SetNull,
		}},
	}
)

func TestEntDriverOnConnector(t *testing.T) {
	svc := javaservice.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	connector, err := jdbcmysql.NewConnector(svc.URL)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(connector)
	drv := entsql.OpenDB(dialect.MySQL, db)
	defer drv.Close()
	svc.CheckX509Session(t, drv.DB())

	migrate, err := schema.NewMigrate(drv)
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate.Create(ctx, teams, users); err != nil {
		t.Fatalf("ent schema migration: %v", err)
	}
	// A second run finds nothing to change: Atlas read the schema back over
	// the same connections.
	if err := migrate.Create(ctx, teams, users); err != nil {
		t.Fatalf("ent schema migration, second run: %v", err)
	}

	build := entsql.Dialect(dialect.MySQL)
	var res sql.Result
	query, args := build.Insert("teams").Columns("name").Values("platform").Query()
	if err := drv.Exec(ctx, query, args, &res); err != nil {
		t.Fatal(err)
	}
	teamID, err := res.LastInsertId()
	if err != nil {
		t.Fatal(err)
	}
	query, args = build.Insert("users").Columns("email", "team_members").
		Values("ada@example.test", teamID).Values("lin@example.test", teamID).Query()
	if err := drv.Exec(ctx, query, args, nil); err != nil {
		t.Fatal(err)
	}

	t1, t2 := entsql.Table("users"), entsql.Table("teams")
	query, args = build.Select(t1.C("email")).From(t1).
		Join(t2).On(t1.C("team_members"), t2.C("id")).
		Where(entsql.EQ(t2.C("name"), "platform")).
		OrderBy(t1.C("email")).Query()
	var rows entsql.Rows
	if err := drv.Query(ctx, query, args, &rows); err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var emails []string
	if err := entsql.ScanSlice(rows, &emails); err != nil {
		t.Fatal(err)
	}
	if len(emails) != 2 || emails[0] != "ada@example.test" || emails[1] != "lin@example.test" {
		t.Errorf("members of platform: %v", emails)
	}

	// The foreign key migrate created is enforced by the server.
	query, args = build.Insert("users").Columns("email", "team_members").Values("ghost@example.test", teamID+1000).Query()
	if err := drv.Exec(ctx, query, args, nil); err == nil {
		t.Error("a user of a team that does not exist was accepted; the foreign key is missing")
	}
}
