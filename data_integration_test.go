// This file proves issue 12's data fidelity against real servers through
// the public API: every rule of shared/reference/connectorj-datetime.md
// (R1-R8) for the reference's instants, on a server whose global time_zone
// is SYSTEM (A) and one at +05:00 (B), checked as stored text (CAST AS CHAR
// in a +00:00 session, as the reference reads it) and as the instant read
// back; zero dates, BIT/TINYINT/YEAR, utf8mb4, sql_mode and the session
// set-up order. The suite runs under TZ=UTC and TZ=Europe/Berlin (make
// test runs both).

package jdbcmysql_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jdbcmysql/jdbcmysql"
	"github.com/jdbcmysql/jdbcmysql/mysqltest"
)

// The reference's instants (§0).
var referenceInstants = []struct{ id, at string }{
	{"i1", "2024-03-31T00:59:59Z"},
	{"i2", "2024-03-31T01:00:00Z"},
	{"i3", "2024-03-31T02:30:00Z"},
	{"i4", "2024-10-27T00:30:00Z"},
	{"i5", "2024-10-27T01:30:00Z"},
	{"i6", "2024-01-15T23:30:00Z"},
	{"f1", "2024-03-31T00:59:59.999999Z"},
	{"f2", "2024-07-15T12:34:56.789012Z"},
	{"f3", "2024-07-15T12:34:56.5Z"},
}

const referenceTable = "(id VARCHAR(96) PRIMARY KEY, dt DATETIME(6), ts TIMESTAMP(6) NULL, d DATE, b BIT(1), ti TINYINT(1), " +
	"s VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin)"

// dataServer is a server for the data tests, with its root pool and the
// zone its SYSTEM time zone really follows.
type dataServer struct {
	srv    *mysqltest.Server
	root   *sql.DB
	system *time.Location // the rules of the server process's own zone
	name   string
}

func startDataServer(t *testing.T, name string, opts ...mysqltest.Option) *dataServer {
	t.Helper()
	srv := mysqltest.Start(t, opts...)
	root, err := srv.DB(srv.RootUser, srv.RootPassword, nil)
	must(t, err)
	t.Cleanup(func() { root.Close() })
	ds := &dataServer{srv: srv, root: root, system: time.UTC, name: name}
	if srv.Backend == mysqltest.BackendProcess {
		ds.system = time.Local // mariadbd inherits the test's TZ
	}
	return ds
}

// url is a JDBC URL for the X509 user with extra properties.
func (ds *dataServer) url(t *testing.T, props ...string) string {
	t.Helper()
	u, err := ds.srv.JDBCURL(ds.srv.Users.X509)
	must(t, err)
	for _, p := range props {
		u += "&" + p
	}
	return u
}

// exec runs statements as root.
func (ds *dataServer) exec(t *testing.T, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := ds.root.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// stored reads columns as text in a +00:00 session, as the reference does.
func (ds *dataServer) stored(t *testing.T, query string, args ...any) []sql.NullString {
	t.Helper()
	ctx := context.Background()
	c, err := ds.root.Conn(ctx)
	must(t, err)
	defer c.Close()
	_, err = c.ExecContext(ctx, "SET time_zone = '+00:00'")
	must(t, err)
	rows, err := c.QueryContext(ctx, query, args...)
	must(t, err)
	defer rows.Close()
	cols, _ := rows.Columns()
	out := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range out {
		ptrs[i] = &out[i]
	}
	if !rows.Next() {
		t.Fatalf("%s %v: no row (%v)", query, args, rows.Err())
	}
	must(t, rows.Scan(ptrs...))
	return out
}

// zoneCase is one row of connection settings.
type zoneCase struct {
	name     string
	props    []string
	conn     string // "" (LOCAL), "SERVER" or a zone: C as the URL says
	sv       string // a time_zone sessionVariables sets, "" for none
	preserve bool
	force    bool
}

var zoneCases = []zoneCase{
	{name: "default", preserve: true},
	{name: "LOCAL", props: []string{"connectionTimeZone=LOCAL"}, preserve: true},
	{name: "SERVER", props: []string{"connectionTimeZone=SERVER"}, conn: "SERVER", preserve: true},
	{name: "serverTimezone=UTC", props: []string{"serverTimezone=UTC"}, conn: "UTC", preserve: true},
	{name: "offset", props: []string{"connectionTimeZone=%2B05:00"}, conn: "+05:00", preserve: true},
	{name: "Berlin", props: []string{"connectionTimeZone=Europe/Berlin"}, conn: "Europe/Berlin", preserve: true},
	{name: "SERVER after sessionVariables", props: []string{"connectionTimeZone=SERVER", "sessionVariables=time_zone%3D%27%2B05:00%27"}, conn: "SERVER", sv: "+05:00", preserve: true},
	{name: "UTC preserveInstants=false", props: []string{"connectionTimeZone=UTC", "preserveInstants=false"}, conn: "UTC"},
	{name: "SERVER preserveInstants=false", props: []string{"connectionTimeZone=SERVER", "preserveInstants=false"}, conn: "SERVER"},
	{name: "forced UTC", props: []string{"connectionTimeZone=UTC", "forceConnectionTimeZoneToSession=true"}, conn: "UTC", preserve: true, force: true},
	{name: "forced LOCAL", props: []string{"forceConnectionTimeZoneToSession=true"}, preserve: true, force: true},
	{name: "forced Berlin", props: []string{"connectionTimeZone=Europe/Berlin", "forceConnectionTimeZoneToSession=true"}, conn: "Europe/Berlin", preserve: true, force: true},
	{name: "forced SERVER", props: []string{"connectionTimeZone=SERVER", "forceConnectionTimeZoneToSession=true"}, conn: "SERVER", preserve: true, force: true},
	{name: "forced UTC preserveInstants=false", props: []string{"connectionTimeZone=UTC", "forceConnectionTimeZoneToSession=true", "preserveInstants=false"}, conn: "UTC", force: true},
	{name: "forced UTC over sessionVariables", props: []string{"connectionTimeZone=UTC", "forceConnectionTimeZoneToSession=true", "sessionVariables=time_zone%3D%27%2B05:00%27"}, conn: "UTC", sv: "+05:00", preserve: true, force: true},
	{name: "forced false", props: []string{"connectionTimeZone=UTC", "forceConnectionTimeZoneToSession=false"}, conn: "UTC", preserve: true},
}

// expected is what the reference's rules predict for one case on a server.
type expected struct {
	w, s        *time.Location // rendering zone W, session zone S
	sessionZone string         // @@session.time_zone after connecting
	// sSystem: S is SYSTEM, the server process's own zone, whose rules come
	// from the C library rather than the tz tables (R4 was observed with a
	// server in UTC): an ambiguous text is the later instant, a text in the
	// gap an error under the strict mode Connector/J's session has.
	sSystem bool
}

// oracle applies R2, R7 and §1's definitions; it is written apart from
// the library, from the reference's text.
func oracle(t *testing.T, ds *dataServer, zc zoneCase, global string) expected {
	t.Helper()
	s0, s0Name := ds.system, global // S before forcing
	if global != "SYSTEM" {
		s0 = offsetZone(t, global)
	}
	if zc.sv != "" {
		s0, s0Name = offsetZone(t, zc.sv), zc.sv
	}
	var c *time.Location
	switch zc.conn {
	case "":
		c = time.Local
	case "SERVER":
		c = s0
	case "UTC":
		c = time.UTC
	case "+05:00":
		c = offsetZone(t, "+05:00")
	default:
		var err error
		c, err = time.LoadLocation(zc.conn)
		must(t, err)
	}
	e := expected{w: c, s: s0, sessionZone: s0Name, sSystem: s0Name == "SYSTEM"}
	if !zc.preserve {
		e.w = time.Local
	}
	if zc.force && zc.conn != "SERVER" {
		e.s, e.sSystem = c, false
		e.sessionZone = r7Value(t, zc.conn)
	}
	return e
}

func offsetZone(t *testing.T, v string) *time.Location {
	t.Helper()
	tt, err := time.Parse("-07:00", v)
	must(t, err)
	_, off := tt.Zone()
	return time.FixedZone(v, off)
}

// r7Value is R7's time_zone for C as the case names it: +hh:mm for fixed
// offsets and UTC, the zone id otherwise; LOCAL is the process zone.
func r7Value(t *testing.T, conn string) string {
	t.Helper()
	switch conn {
	case "UTC":
		return "+00:00"
	case "+05:00":
		return conn
	case "":
		switch tz := os.Getenv("TZ"); tz {
		case "UTC", "Etc/UTC", "":
			return "+00:00"
		case "Europe/Berlin":
			return tz
		default:
			t.Skipf("TZ=%s: the suite knows R7's value for TZ=UTC and TZ=Europe/Berlin", tz)
		}
	}
	return conn
}

// wallText is an instant's wall clock in loc, whole seconds.
func wallText(x time.Time, loc *time.Location) string {
	return x.In(loc).Format("2006-01-02 15:04:05")
}

// javaRead is R5: the instants whose wall clock in loc is text; Java takes
// the later of two and throws for none.
func javaRead(text string, loc *time.Location) (time.Time, bool) {
	u, err := time.Parse("2006-01-02 15:04:05", text[:19])
	if err != nil {
		return time.Time{}, false
	}
	var best time.Time
	found := false
	for h := -36; h <= 36; h++ {
		_, off := u.Add(time.Duration(h) * time.Hour).In(loc).Zone()
		cand := u.Add(-time.Duration(off) * time.Second)
		if wallText(cand, loc) == text[:19] && (!found || cand.After(best)) {
			best, found = cand, true
		}
	}
	return best, found
}

// mariaStore is R4: the instant MariaDB stores for a TIMESTAMP text in S
// (the first of two; in a gap, the end of the gap).
func mariaStore(text string, s *time.Location, system bool) time.Time {
	u, _ := time.Parse("2006-01-02 15:04:05", text)
	var first time.Time
	found := false
	for h := -36; h <= 36; h++ {
		_, off := u.Add(time.Duration(h) * time.Hour).In(s).Zone()
		cand := u.Add(-time.Duration(off) * time.Second)
		if wallText(cand, s) == text && (!found || cand.Before(first) != system) {
			first, found = cand, true
		}
	}
	if found {
		return first
	}
	for x := u.Add(-36 * time.Hour); x.Before(u.Add(36 * time.Hour)); x = x.Add(time.Minute) {
		if wallText(x, s) > text { // the gap: the first instant after it
			return x
		}
	}
	return time.Time{}
}

// writeLocations: the same instant goes in with these Locations (§2 "the
// same bytes whatever its Location").
var writeLocations = []*time.Location{time.UTC, time.FixedZone("x", -9*3600), time.Local}

func TestIntegrationTimeZoneRules(t *testing.T) {
	t.Logf("process time zone: %s", time.Now().Format("MST -07:00"))
	servers := []struct {
		ds     *dataServer
		global string
	}{
		{startDataServer(t, "A"), "SYSTEM"},
		{startDataServer(t, "B", mysqltest.WithTimeZone("+05:00")), "+05:00"},
	}
	for _, sv := range servers {
		ds := sv.ds
		ds.exec(t, "DROP TABLE IF EXISTS tz_rules", "CREATE TABLE tz_rules "+referenceTable)
		var system string
		must(t, ds.root.QueryRow("SELECT @@system_time_zone").Scan(&system))
		for ci, zc := range zoneCases {
			t.Run(ds.name+"/"+zc.name, func(t *testing.T) {
				e := oracle(t, ds, zc, sv.global)
				c, err := jdbcmysql.NewConnector(ds.url(t, zc.props...))
				must(t, err)
				db := sql.OpenDB(c)
				defer db.Close()
				var sessionZone string
				if err := db.QueryRow("SELECT @@session.time_zone").Scan(&sessionZone); err != nil {
					if zc.conn == "SERVER" && sv.global == "SYSTEM" && zc.sv == "" && !knownToGo(system) {
						t.Skipf("system_time_zone %q: Connector/J refuses it too (%v)", system, err)
					}
					t.Fatal(err)
				}
				if sessionZone != e.sessionZone {
					t.Errorf("@@session.time_zone = %q, want %q", sessionZone, e.sessionZone)
				}
				for ii, in := range referenceInstants {
					x, err := time.Parse(time.RFC3339Nano, in.at)
					must(t, err)
					id := fmt.Sprintf("%d-%s", ci, in.id)
					day := time.Date(x.UTC().Year(), x.UTC().Month(), x.UTC().Day(), 0, 0, 0, 0, time.UTC)
					bound := x.In(writeLocations[ii%len(writeLocations)])
					// R3: the wall text in W, truncated to whole seconds on MariaDB.
					text := wallText(x.Truncate(time.Second), e.w)
					_, err = db.Exec("INSERT INTO tz_rules (id, dt, ts, d) VALUES (?, ?, ?, ?)", id, bound, bound, day)
					if _, exists := javaRead(text, e.s); !exists && e.sSystem {
						if err == nil {
							t.Errorf("%s: %s lies in the SYSTEM zone's gap; the strict session should refuse it", in.id, text)
						}
						continue
					}
					if err != nil {
						t.Fatalf("%s: insert: %v", in.id, err)
					}
					got := ds.stored(t, "SELECT CAST(dt AS CHAR), CAST(ts AS CHAR), CAST(d AS CHAR) FROM tz_rules WHERE id = ?", id)
					if got[0].String != text+".000000" {
						t.Errorf("%s: stored DATETIME %q, want %q", in.id, got[0].String, text+".000000")
					}
					// R4: TIMESTAMP reads the text in S.
					tsAt := mariaStore(text, e.s, e.sSystem)
					if want := tsAt.UTC().Format("2006-01-02 15:04:05") + ".000000"; got[1].String != want {
						t.Errorf("%s: stored TIMESTAMP %q (UTC), want %q", in.id, got[1].String, want)
					}
					// R8 for a time.Time day: its date in W.
					if want := day.In(e.w).Format("2006-01-02"); got[2].String != want {
						t.Errorf("%s: stored DATE %q, want %q", in.id, got[2].String, want)
					}
					// R5: reading back.
					checkRead(t, db, in.id, "dt", id, text, e.w)
					checkRead(t, db, in.id, "ts", id, wallText(tsAt, e.s), e.w)
					var d time.Time
					must(t, db.QueryRow("SELECT d FROM tz_rules WHERE id = ?", id).Scan(&d))
					if d.Format("2006-01-02") != got[2].String || d.Hour() != 0 {
						t.Errorf("%s: DATE read as %v, want %s at midnight", in.id, d, got[2].String)
					}
				}
			})
		}
	}
}

func zoneOffset(x time.Time, loc *time.Location) int {
	_, off := x.In(loc).Zone()
	return off
}

func knownToGo(zone string) bool {
	_, err := time.LoadLocation(zone)
	return err == nil
}

// checkRead reads col of row id as time.Time and sql.NullTime and compares
// with R5's instant for text read in w, or R5's error.
func checkRead(t *testing.T, db *sql.DB, label, col, id, text string, w *time.Location) {
	t.Helper()
	want, ok := javaRead(text, w)
	var got time.Time
	err := db.QueryRow("SELECT "+col+" FROM tz_rules WHERE id = ?", id).Scan(&got)
	var nt sql.NullTime
	errNull := db.QueryRow("SELECT "+col+" FROM tz_rules WHERE id = ?", id).Scan(&nt)
	if !ok {
		if !errors.Is(err, jdbcmysql.ErrInvalidDateTime) || !errors.Is(errNull, jdbcmysql.ErrInvalidDateTime) || !strings.Contains(err.Error(), col) {
			t.Errorf("%s: %s %q read in %s: got %v / %v, want ErrInvalidDateTime naming the column (Java throws)", label, col, text, w, err, errNull)
		}
		return
	}
	if err != nil || errNull != nil {
		t.Errorf("%s: reading %s: %v / %v", label, col, err, errNull)
		return
	}
	if !got.Equal(want) || !nt.Valid || !nt.Time.Equal(want) {
		t.Errorf("%s: %s %q read as %v / %v, want %v", label, col, text, got, nt.Time, want.UTC())
	}
	if _, off := got.Zone(); off != zoneOffset(want, w) {
		t.Errorf("%s: %s read with offset %d, want W's %d", label, col, off, zoneOffset(want, w))
	}
}

// TestIntegrationTimeZoneLiterals anchors the oracle on the and the
// reference's literal values.
func TestIntegrationTimeZoneLiterals(t *testing.T) {
	ds := startDataServer(t, "B", mysqltest.WithTimeZone("+05:00"))
	ds.exec(t, "DROP TABLE IF EXISTS tz_literal", "CREATE TABLE tz_literal "+referenceTable)
	noon := time.Date(2024, 7, 15, 12, 0, 0, 0, time.UTC)
	insert := func(props []string, id string, at time.Time) {
		t.Helper()
		db := openDB(t, ds.url(t, props...))
		_, err := db.Exec("INSERT INTO tz_literal (id, dt, ts) VALUES (?, ?, ?)", id, at, at)
		must(t, err)
	}
	// SERVER with a session zone of +05:00: 12:00Z stores 17:00.
	insert([]string{"connectionTimeZone=SERVER"}, "server", noon)
	if got := ds.stored(t, "SELECT CAST(dt AS CHAR) FROM tz_literal WHERE id = 'server'")[0].String; got != "2024-07-15 17:00:00.000000" {
		t.Errorf("SERVER on a +05:00 session stored %q, want 17:00", got)
	}
	// LOCAL: 12:00Z from Berlin stores 14:00, from UTC 12:00.
	insert(nil, "local", noon)
	if want, ok := map[string]string{"UTC": "2024-07-15 12:00:00.000000", "Europe/Berlin": "2024-07-15 14:00:00.000000"}[os.Getenv("TZ")]; ok {
		if got := ds.stored(t, "SELECT CAST(dt AS CHAR) FROM tz_literal WHERE id = 'local'")[0].String; got != want {
			t.Errorf("LOCAL in TZ=%s stored %q, want %q", os.Getenv("TZ"), got, want)
		}
	}
	// R6: server B with LOCAL=UTC stores i1 as 2024-03-30 19:59:59Z.
	i1 := time.Date(2024, 3, 31, 0, 59, 59, 0, time.UTC)
	insert([]string{"connectionTimeZone=UTC"}, "r6", i1)
	if got := ds.stored(t, "SELECT CAST(ts AS CHAR) FROM tz_literal WHERE id = 'r6'")[0].String; got != "2024-03-30 19:59:59.000000" {
		t.Errorf("R6: TIMESTAMP of i1 with C=UTC on a +05:00 session stored %q, want 2024-03-30 19:59:59", got)
	}
	// R3: fractions are truncated against MariaDB (f1 .999999 -> :59, f3 .5 -> :56).
	insert(nil, "f1", time.Date(2024, 3, 31, 0, 59, 59, 999999000, time.UTC))
	insert(nil, "f3", time.Date(2024, 7, 15, 12, 34, 56, 500000000, time.UTC))
	for id, frac := range map[string]string{"f1": ":59.000000", "f3": ":56.000000"} {
		if got := ds.stored(t, "SELECT CAST(dt AS CHAR) FROM tz_literal WHERE id = ?", id)[0].String; !strings.HasSuffix(got, frac) {
			t.Errorf("%s stored %q, want a truncated %s", id, got, frac)
		}
	}
	// jdbcmysql.keepFractionalSeconds keeps them; sendFractionalSeconds=false truncates anyway.
	insert([]string{"jdbcmysql.keepFractionalSeconds=true", "connectionTimeZone=UTC"}, "keep", time.Date(2024, 3, 31, 0, 59, 59, 999999000, time.UTC))
	if got := ds.stored(t, "SELECT CAST(dt AS CHAR) FROM tz_literal WHERE id = 'keep'")[0].String; got != "2024-03-31 00:59:59.999999" {
		t.Errorf("keepFractionalSeconds stored %q, want .999999", got)
	}
	insert([]string{"jdbcmysql.keepFractionalSeconds=true", "sendFractionalSeconds=false"}, "nofrac", time.Date(2024, 3, 31, 0, 59, 59, 999999000, time.UTC))
	if got := ds.stored(t, "SELECT CAST(dt AS CHAR) FROM tz_literal WHERE id = 'nofrac'")[0].String; !strings.HasSuffix(got, ":59.000000") {
		t.Errorf("sendFractionalSeconds=false stored %q, want whole seconds", got)
	}
}

// TestIntegrationTimeZoneFailures: R1's '+' and R7's unknown zone fail as in Java.
func TestIntegrationTimeZoneFailures(t *testing.T) {
	ds := startDataServer(t, "B", mysqltest.WithTimeZone("+05:00"))
	_, err := jdbcmysql.NewConnector(ds.url(t, "connectionTimeZone=+05:00"))
	var pe *jdbcmysql.PropertyError
	if !errors.As(err, &pe) || pe.Property != "connectionTimeZone" || !strings.Contains(err.Error(), "%2B05:00") {
		t.Errorf("connectionTimeZone=+05:00 (a space after decoding): %v, want a PropertyError pointing at %%2B", err)
	}
	// The reference's server has no Europe/Paris: take it out of this one.
	ds.exec(t, "DELETE FROM mysql.time_zone_name WHERE Name = 'Europe/Paris'")
	db := openDB(t, ds.url(t, "connectionTimeZone=Europe/Paris", "forceConnectionTimeZoneToSession=true"))
	err = db.Ping()
	if err == nil || !strings.Contains(err.Error(), "Europe/Paris") || !strings.Contains(err.Error(), "forceConnectionTimeZoneToSession") {
		t.Errorf("forcing a zone the server lacks: %v, want the connection to fail naming the zone", err)
	}
	// Without forcing, the zone is only the client's: the connection works.
	must(t, openDB(t, ds.url(t, "connectionTimeZone=Europe/Paris")).Ping())
}

// TestIntegrationDSTReads: R5 on rows a Go program wrote as text: a wall
// time in Berlin's spring gap is an error, the fall overlap the later instant.
func TestIntegrationDSTReads(t *testing.T) {
	ds := startDataServer(t, "A")
	ds.exec(t, "DROP TABLE IF EXISTS tz_dst", "CREATE TABLE tz_dst "+referenceTable,
		"INSERT INTO tz_dst (id, dt) VALUES ('gap', '2024-03-31 02:30:00'), ('overlap', '2024-10-27 02:30:00'), ('micro', '2024-03-31 01:59:59.999999')")
	db := openDB(t, ds.url(t, "connectionTimeZone=Europe/Berlin"))
	var got time.Time
	err := db.QueryRow("SELECT dt FROM tz_dst WHERE id = 'gap'").Scan(&got)
	var ve *jdbcmysql.ValueError
	if !errors.As(err, &ve) || ve.Column != "dt" || !errors.Is(err, jdbcmysql.ErrInvalidDateTime) {
		t.Errorf("gap: %v, want a ValueError for column dt (ErrInvalidDateTime)", err)
	}
	must(t, db.QueryRow("SELECT dt FROM tz_dst WHERE id = 'overlap'").Scan(&got))
	if want := time.Date(2024, 10, 27, 1, 30, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("overlap read as %v, want the later instant %v", got.UTC(), want)
	}
	must(t, db.QueryRow("SELECT dt FROM tz_dst WHERE id = 'micro'").Scan(&got))
	if want := time.Date(2024, 3, 31, 0, 59, 59, 999999000, time.UTC); !got.Equal(want) {
		t.Errorf("microseconds read as %v, want %v", got.UTC(), want)
	}
}

// TestIntegrationZeroDates: §3 on rows inserted under sql_mode=”.
func TestIntegrationZeroDates(t *testing.T) {
	ds := startDataServer(t, "empty sql_mode", mysqltest.WithSQLMode(""))
	ds.exec(t, "DROP TABLE IF EXISTS zero_dates", "CREATE TABLE zero_dates "+referenceTable,
		"INSERT INTO zero_dates (id, dt, ts, d) VALUES ('zero', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00'), ('control', '2024-07-15 12:34:56', '2024-07-15 12:34:56', '2024-07-15')")
	for _, col := range []string{"dt", "ts", "d"} {
		for _, setting := range []string{"", "zeroDateTimeBehavior=EXCEPTION"} {
			db := openDB(t, ds.url(t, setting))
			var nt sql.NullTime
			err := db.QueryRow("SELECT " + col + " FROM zero_dates WHERE id = 'zero'").Scan(&nt)
			var ve *jdbcmysql.ValueError
			if !errors.Is(err, jdbcmysql.ErrZeroDate) || !errors.As(err, &ve) || ve.Column != col || !strings.Contains(err.Error(), col) {
				t.Errorf("%s %q: %v, want ErrZeroDate naming the column", col, setting, err)
			}
			var s string
			must(t, db.QueryRow("SELECT CAST("+col+" AS CHAR) FROM zero_dates WHERE id = 'zero'").Scan(&s))
			if !strings.HasPrefix(s, "0000-00-00") {
				t.Errorf("getString equivalent of %s: %q", col, s)
			}
		}
		for _, setting := range []string{"zeroDateTimeBehavior=CONVERT_TO_NULL", "zeroDateTimeBehavior=convertToNull"} {
			var nt sql.NullTime
			must(t, openDB(t, ds.url(t, setting)).QueryRow("SELECT "+col+" FROM zero_dates WHERE id = 'zero'").Scan(&nt))
			if nt.Valid {
				t.Errorf("%s %s: %v, want NULL", col, setting, nt)
			}
		}
		var got time.Time
		must(t, openDB(t, ds.url(t, "zeroDateTimeBehavior=ROUND")).QueryRow("SELECT "+col+" FROM zero_dates WHERE id = 'zero'").Scan(&got))
		if got.Format("2006-01-02 15:04:05") != "0001-01-01 00:00:00" {
			t.Errorf("%s ROUND: %v, want 0001-01-01 00:00:00", col, got)
		}
	}
	// The control row under the default settings (§3).
	var dt, ts time.Time
	must(t, openDB(t, ds.url(t)).QueryRow("SELECT dt, ts FROM zero_dates WHERE id = 'control'").Scan(&dt, &ts))
	want := time.Date(2024, 7, 15, 12, 34, 56, 0, time.Local)
	if !dt.Equal(want) {
		t.Errorf("control dt read as %v, want %v", dt, want)
	}
}

// TestIntegrationSQLMode: jdbcCompliantTruncation on a server whose mode is
// empty, and on one that is already strict.
func TestIntegrationSQLMode(t *testing.T) {
	empty := startDataServer(t, "empty sql_mode", mysqltest.WithSQLMode(""))
	empty.exec(t, "DROP TABLE IF EXISTS truncation", "CREATE TABLE truncation (s VARCHAR(3))")
	mode := func(db *sql.DB) string {
		var m string
		must(t, db.QueryRow("SELECT @@session.sql_mode").Scan(&m))
		return m
	}
	strict := openDB(t, empty.url(t))
	if m := mode(strict); m != "STRICT_TRANS_TABLES" {
		t.Errorf("default on sql_mode='': session mode %q, want STRICT_TRANS_TABLES", m)
	}
	if _, err := strict.Exec("INSERT INTO truncation VALUES ('toolong')"); err == nil {
		t.Error("a too-long string was accepted; Java's session refuses it")
	}
	loose := openDB(t, empty.url(t, "jdbcCompliantTruncation=false"))
	if m := mode(loose); m != "" {
		t.Errorf("jdbcCompliantTruncation=false: session mode %q, want empty", m)
	}
	if _, err := loose.Exec("INSERT INTO truncation VALUES ('toolong')"); err != nil {
		t.Errorf("jdbcCompliantTruncation=false: %v, want silent truncation as in Java", err)
	}
	// sessionVariables come first, then the truncation check (Connector/J's
	// order): a sessionVariables sql_mode='' still ends STRICT_TRANS_TABLES,
	// and autocommit=0 from them is reset to 1.
	ordered := openDB(t, empty.url(t, "sessionVariables=sql_mode%3D%27NO_ZERO_DATE%27,autocommit%3D0"))
	if m := mode(ordered); m != "NO_ZERO_DATE,STRICT_TRANS_TABLES" && m != "STRICT_TRANS_TABLES,NO_ZERO_DATE" {
		t.Errorf("after sessionVariables: session mode %q, want NO_ZERO_DATE,STRICT_TRANS_TABLES", m)
	}
	var ac int
	must(t, ordered.QueryRow("SELECT @@session.autocommit").Scan(&ac))
	if ac != 1 {
		t.Errorf("autocommit = %d after sessionVariables autocommit=0; Connector/J sets it back to 1", ac)
	}
	// FormatDSN carries the sql_mode rule and parseTime for DSN-only tools.
	cfg, err := jdbcmysql.ParseURL(empty.url(t))
	must(t, err)
	dsn, err := cfg.FormatDSN()
	must(t, err)
	dsnDB, err := sql.Open("mysql", dsn)
	must(t, err)
	defer dsnDB.Close()
	if m := mode(dsnDB); m != "STRICT_TRANS_TABLES" {
		t.Errorf("FormatDSN on sql_mode='': session mode %q, want STRICT_TRANS_TABLES", m)
	}
	var now time.Time
	must(t, dsnDB.QueryRow("SELECT NOW()").Scan(&now))
	// A server already strict keeps its mode.
	def := startDataServer(t, "A")
	var global string
	must(t, def.root.QueryRow("SELECT @@global.sql_mode").Scan(&global))
	if m := mode(openDB(t, def.url(t))); m != global {
		t.Errorf("strict server: session mode %q, want the global %q", m, global)
	}
	// interactiveClient: wait_timeout is the server's interactive_timeout.
	empty.exec(t, "SET GLOBAL interactive_timeout = 1234")
	var wt int
	must(t, openDB(t, empty.url(t, "interactiveClient=true")).QueryRow("SELECT @@session.wait_timeout").Scan(&wt))
	if wt != 1234 {
		t.Errorf("interactiveClient=true: wait_timeout %d, want 1234", wt)
	}
}

// TestIntegrationBooleansAndYear: §4 and YEAR.
func TestIntegrationBooleansAndYear(t *testing.T) {
	ds := startDataServer(t, "A")
	ds.exec(t, "DROP TABLE IF EXISTS bools", "CREATE TABLE bools (id INT PRIMARY KEY, b BIT(1), ti TINYINT(1), t4 TINYINT, b8 BIT(8), y YEAR, nb BIT(1) NOT NULL DEFAULT b'0')",
		"INSERT INTO bools (id, b, ti, t4, b8, y) VALUES (1, b'0', 0, 5, b'00000011', 2024), (2, b'1', 1, -1, b'11111111', 1999), (3, b'1', 2, 0, b'0', 2000), (4, b'0', -1, 0, b'0', 2001), (5, NULL, -2, NULL, NULL, NULL)")
	want := map[int][2]bool{1: {false, false}, 2: {true, true}, 3: {true, true}, 4: {false, true}}
	db := openDB(t, ds.url(t))
	for _, prepared := range []bool{false, true} { // text and binary protocol
		row := func(query string, id int) *sql.Row {
			if prepared {
				return db.QueryRow(query+" WHERE id = ?", id)
			}
			return db.QueryRow(fmt.Sprintf("%s WHERE id = %d", query, id))
		}
		for id, w := range want {
			var b, ti bool
			must(t, row("SELECT b, ti FROM bools", id).Scan(&b, &ti))
			if b != w[0] || ti != w[1] {
				t.Errorf("row %d: b=%v ti=%v, want %v %v (getBoolean)", id, b, ti, w[0], w[1])
			}
			var anyB, anyTi any
			must(t, row("SELECT b, ti FROM bools", id).Scan(&anyB, &anyTi))
			if anyB != w[0] || anyTi != w[1] {
				t.Errorf("row %d: getObject equivalents %#v %#v", id, anyB, anyTi)
			}
		}
		// getBoolean of -2 is false (Connector/J: -1 or > 0).
		var ti sql.NullBool
		must(t, row("SELECT ti FROM bools", 5).Scan(&ti))
		if !ti.Valid || ti.Bool {
			t.Errorf("TINYINT(1) -2: %+v, want false", ti)
		}
		var nb sql.NullBool
		must(t, row("SELECT b FROM bools", 5).Scan(&nb))
		if nb.Valid {
			t.Errorf("NULL BIT(1): %+v", nb)
		}
		// TINYINT and BIT(8) are untouched; YEAR is the year.
		var t4 int
		var b8 []byte
		var y int
		must(t, row("SELECT t4, b8, y FROM bools", 1).Scan(&t4, &b8, &y))
		if t4 != 5 || len(b8) != 1 || b8[0] != 3 || y != 2024 {
			t.Errorf("TINYINT %d, BIT(8) %x, YEAR %d", t4, b8, y)
		}
		rows, err := db.Query("SELECT b, ti, nb, NOW() AS dt FROM bools WHERE id = 1")
		must(t, err)
		cts, err := rows.ColumnTypes()
		must(t, err)
		rows.Close()
		for i, w := range []string{"sql.NullBool", "sql.NullBool", "bool", "sql.NullTime"} {
			if got := cts[i].ScanType().String(); got != w {
				t.Errorf("ScanType of %s = %s, want %s", cts[i].Name(), got, w)
			}
		}
	}
	// tinyInt1isBit=false: TINYINT(1) is an integer, as getObject's Integer.
	var ti int
	must(t, openDB(t, ds.url(t, "tinyInt1isBit=false")).QueryRow("SELECT ti FROM bools WHERE id = 3").Scan(&ti))
	if ti != 2 {
		t.Errorf("tinyInt1isBit=false: %d, want 2", ti)
	}
}

// TestIntegrationUTF8MB4: §5, with and without characterEncoding, and the
// collation and refusals of other character sets.
func TestIntegrationUTF8MB4(t *testing.T) {
	ds := startDataServer(t, "A")
	ds.exec(t, "DROP TABLE IF EXISTS utf8", "CREATE TABLE utf8 "+referenceTable)
	const s = "héllo wörld 😀 ✓ 𝄞"
	const hex = "68C3A96C6C6F2077C3B6726C6420F09F988020E29C9320F09D849E"
	for i, props := range [][]string{nil, {"characterEncoding=UTF-8"}, {"characterEncoding=utf8mb4", "connectionCollation=utf8mb4_unicode_ci"}} {
		db := openDB(t, ds.url(t, props...))
		id := fmt.Sprint("u", i)
		_, err := db.Exec("INSERT INTO utf8 (id, s) VALUES (?, ?)", id, s)
		must(t, err)
		if got := ds.stored(t, "SELECT HEX(s) FROM utf8 WHERE id = ?", id)[0].String; got != hex {
			t.Errorf("%v: stored %s, want %s", props, got, hex)
		}
		var back string
		must(t, db.QueryRow("SELECT s FROM utf8 WHERE id = ?", id).Scan(&back))
		if back != s {
			t.Errorf("%v: read back %q", props, back)
		}
		var cs, coll string
		must(t, db.QueryRow("SELECT @@character_set_connection, @@collation_connection").Scan(&cs, &coll))
		if cs != "utf8mb4" || (len(props) == 2 && coll != "utf8mb4_unicode_ci") {
			t.Errorf("%v: connection charset %s collation %s", props, cs, coll)
		}
	}
	for _, p := range []string{"characterEncoding=ISO-8859-1", "connectionCollation=latin1_swedish_ci", "characterSetResults=latin1"} {
		_, err := jdbcmysql.NewConnector(ds.url(t, p))
		if !errors.Is(err, jdbcmysql.ErrUnsupported) {
			t.Errorf("%s: %v, want ErrUnsupported", p, err)
		}
	}
}
