// Tests for the time-zone and value rules that need no server: Connector/J's
// parsing of connectionTimeZone and of a server's zone, R7's values, Java's
// reading of wall times, and the property refusals.

package jdbcmysql

import (
	"errors"
	"testing"
	"time"
)

func TestParseConnectionTimeZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		v       string
		local   bool
		server  bool
		offset  int // seconds, for fixed zones
		name    string
		refused bool
	}{
		{v: "", local: true}, {v: "  ", local: true}, {v: "LOCAL", local: true},
		{v: "SERVER", server: true},
		{v: "UTC", offset: 0}, {v: "Z", offset: 0}, {v: "GMT", offset: 0}, {v: "+05:00", offset: 5 * 3600},
		{v: "-0330", offset: -(3*3600 + 1800)}, {v: "+5", offset: 5 * 3600}, {v: "UTC+01:00", offset: 3600},
		{v: "GMT-08", offset: -8 * 3600}, {v: "Europe/Berlin", name: "Europe/Berlin"},
		{v: " 05:00", refused: true}, {v: "local", refused: true}, {v: "server", refused: true},
		{v: "Local", refused: true}, {v: "+19:00", refused: true}, {v: "Europe/Nowhere", refused: true},
		{v: "../etc/passwd", refused: true}, {v: "PST", refused: true},
	} {
		z, err := parseConnectionTimeZone(c.v)
		switch {
		case c.refused:
			var pe *PropertyError
			if !errors.As(err, &pe) || !errors.Is(err, ErrInvalidProperty) {
				t.Errorf("%q: %v, want a refusal", c.v, err)
			}
		case err != nil:
			t.Errorf("%q: %v", c.v, err)
		case c.local:
			if !z.local || z.loc != time.Local {
				t.Errorf("%q: %+v, want LOCAL", c.v, z)
			}
		case c.server:
			if !z.server {
				t.Errorf("%q: %+v, want SERVER", c.v, z)
			}
		case c.name != "":
			if z.loc.String() != c.name || isFixedZone(z.loc) || z.loc.String() != berlin.String() {
				t.Errorf("%q: %v", c.v, z.loc)
			}
		default:
			if _, off := time.Now().In(z.loc).Zone(); off != c.offset || !isFixedZone(z.loc) {
				t.Errorf("%q: offset %d, want fixed %d", c.v, off, c.offset)
			}
		}
	}
}

func TestSessionTimeZoneValue(t *testing.T) {
	for v, want := range map[string]string{"UTC": "+00:00", "%2B05:00": "", "+05:00": "+05:00", "Etc/UTC": "+00:00",
		"Europe/Berlin": "Europe/Berlin", "Etc/GMT+5": "-05:00", "-00:30": "-00:30", "Asia/Kolkata": "Asia/Kolkata"} {
		if want == "" {
			continue
		}
		z, err := parseConnectionTimeZone(v)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := sessionTimeZoneValue(z); err != nil || got != want {
			t.Errorf("%s: %q, %v; want %q", v, got, err, want)
		}
	}
	t.Setenv("TZ", "Europe/Berlin")
	if got, _ := sessionTimeZoneValue(zoneSetting{loc: mustLoad(t, "Europe/Berlin"), local: true}); got != "Europe/Berlin" {
		t.Errorf("LOCAL in TZ=Europe/Berlin: %q", got)
	}
	if got, _ := sessionTimeZoneValue(zoneSetting{loc: time.UTC, local: true}); got != "+00:00" {
		t.Errorf("LOCAL in UTC: %q", got)
	}
}

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestServerSessionZone(t *testing.T) {
	for _, c := range []struct {
		tz, system string
		offset     int
		name       string
		refused    bool
	}{
		{tz: "SYSTEM", system: "UTC", offset: 0},
		{tz: "system", system: "CET", name: "CET"},
		{tz: "+05:00", offset: 5 * 3600},
		{tz: "-03:30", offset: -(3*3600 + 1800)},
		{tz: "Europe/Berlin", name: "Europe/Berlin"},
		{tz: "SYSTEM", system: "CST", name: "America/Chicago"}, // Java's legacy id, as Connector/J reads it
		{tz: "SYSTEM", system: "JST", name: "Asia/Tokyo"},
		{tz: "EST", offset: -5 * 3600},
		{tz: "SYSTEM", system: "CEST", refused: true},
		{tz: "SYSTEM", system: "MSK", refused: true},
		{tz: "W. Europe Standard Time", refused: true},
	} {
		loc, err := serverSessionZone(c.tz, c.system)
		switch {
		case c.refused:
			if !errors.Is(err, ErrUnsupported) {
				t.Errorf("%s/%s: %v, want a refusal", c.tz, c.system, err)
			}
		case err != nil:
			t.Errorf("%s/%s: %v", c.tz, c.system, err)
		case c.name != "":
			if loc.String() != c.name {
				t.Errorf("%s/%s: %s, want %s", c.tz, c.system, loc, c.name)
			}
		default:
			if _, off := time.Date(2024, 7, 1, 0, 0, 0, 0, loc).Zone(); off != c.offset {
				t.Errorf("%s/%s: offset %d, want %d", c.tz, c.system, off, c.offset)
			}
		}
	}
}

// TestJavaLocalTime: R5 for Europe/Berlin's 2024 changes.
func TestJavaLocalTime(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	if _, err := javaLocalTime(2024, 3, 31, 2, 30, 0, 0, berlin); !errors.Is(err, ErrInvalidDateTime) {
		t.Errorf("02:30 in the spring gap: %v, want ErrInvalidDateTime", err)
	}
	if _, err := javaLocalTime(2024, 2, 30, 12, 0, 0, 0, berlin); !errors.Is(err, ErrInvalidDateTime) {
		t.Errorf("February 30: %v, want ErrInvalidDateTime", err)
	}
	got, err := javaLocalTime(2024, 10, 27, 2, 30, 0, 0, berlin)
	if err != nil || !got.Equal(time.Date(2024, 10, 27, 1, 30, 0, 0, time.UTC)) {
		t.Errorf("02:30 in the fall overlap: %v %v, want the later 01:30Z", got, err)
	}
	got, err = javaLocalTime(2024, 3, 31, 1, 59, 59, 999999000, berlin)
	if err != nil || !got.Equal(time.Date(2024, 3, 31, 0, 59, 59, 999999000, time.UTC)) {
		t.Errorf("01:59:59.999999: %v %v", got, err)
	}
	// A zone whose overlap Go's time.Date resolves the other way round.
	sydney := mustLoad(t, "Australia/Sydney")
	got, err = javaLocalTime(2024, 4, 7, 2, 30, 0, 0, sydney)
	if err != nil || !got.Equal(time.Date(2024, 4, 6, 16, 30, 0, 0, time.UTC)) {
		t.Errorf("Sydney's overlap: %v %v, want the later 16:30Z", got.UTC(), err)
	}
}

func TestParseDateTimeText(t *testing.T) {
	for in, ok := range map[string]bool{"2024-07-15": true, "2024-07-15 12:34:56": true, "2024-07-15 12:34:56.5": true,
		"2024-07-15 12:34:56.123456789": true, "0000-00-00 00:00:00": true, "2024-07-15 12:34": false, "2024-7-15": false,
		"2024-07-15 12:34:56.": false, "2024-07-15T12:34:56": false, "": false, "12:34:56": false} {
		if _, _, _, _, _, _, _, got := parseDateTimeText([]byte(in)); got != ok {
			t.Errorf("%q: %v, want %v", in, got, ok)
		}
	}
	_, _, _, h, mi, s, ns, _ := parseDateTimeText([]byte("2024-07-15 12:34:56.5"))
	if h != 12 || mi != 34 || s != 56 || ns != 500000000 {
		t.Errorf("fraction: %d:%d:%d.%d", h, mi, s, ns)
	}
}

func TestVersionBelow(t *testing.T) {
	for v, below := range map[string]bool{"5.5.5-10.11.19-MariaDB-0+deb12u1": true, "5.6.3": true, "5.6.4": false,
		"8.4.3": false, "5.7.44-log": false, "11.4.2-MariaDB": false, "4.1": true} {
		if got := versionBelow(v, 5, 6, 4); got != below {
			t.Errorf("%s below 5.6.4: %v", v, got)
		}
	}
}

func TestJavaBoolean(t *testing.T) {
	for n, want := range map[int64]bool{0: false, 1: true, 2: true, 127: true, -1: true, -2: false, -128: false} {
		if javaBoolean(n) != want {
			t.Errorf("getBoolean(%d) = %v", n, !want)
		}
	}
}

// TestDataPropertyRefusals: data-affecting values jdbcmysql cannot honour
// fail in ParseURL with ErrUnsupported; the harmless ones parse.
func TestDataPropertyRefusals(t *testing.T) {
	for _, q := range []string{"characterEncoding=ISO-8859-1", "characterEncoding=Cp1252", "connectionCollation=latin1_swedish_ci",
		"characterSetResults=latin1", "padCharsWithSpace=true", "maxRows=10", "createDatabaseIfNotExist=true", "useConfigs=3-0-Compat",
		"useConfigs=maxPerformance,3-0-Compat"} {
		if _, err := ParseURL("jdbc:mysql://h/db?" + q); !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: %v, want ErrUnsupported", q, err)
		}
	}
	for _, q := range []string{"characterEncoding=UTF-8", "characterEncoding=utf8", "connectionCollation=utf8mb4_bin", "characterSetResults=UTF-8",
		"padCharsWithSpace=false", "maxRows=-1", "maxRows=0", "useConfigs=maxPerformance", "zeroDateTimeBehavior=convertToNull",
		"zeroDateTimeBehavior=round"} {
		if _, err := ParseURL("jdbc:mysql://h/db?" + q); err != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
	c, err := ParseURL("jdbc:mysql://h/db?zeroDateTimeBehavior=convertToNull&tinyInt1isBit=false&preserveInstants=false")
	if err != nil {
		t.Fatal(err)
	}
	if c.Data.ZeroDateTimeBehavior != "CONVERT_TO_NULL" || c.Data.TinyInt1IsBit || c.Data.PreserveInstants {
		t.Errorf("Data = %+v", c.Data)
	}
	if _, err := ParseURL("jdbc:mysql://h/db?zeroDateTimeBehavior=NULL"); !errors.Is(err, ErrInvalidProperty) {
		t.Errorf("zeroDateTimeBehavior=NULL: %v", err)
	}
}

// TestSessionPlan: the statements a session gets, in Connector/J's order.
func TestSessionPlan(t *testing.T) {
	c, err := ParseURL("jdbc:mysql://h/db?sessionVariables=sql_mode%3D%27%27,@app%3D1&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true&connectionCollation=utf8mb4_bin&interactiveClient=true")
	if err != nil {
		t.Fatal(err)
	}
	p, err := planSession(c)
	if err != nil {
		t.Fatal(err)
	}
	if p.variables != "SET SESSION sql_mode='',@app=1" || p.forceZone != "+00:00" || p.names != "NAMES utf8mb4 COLLATE utf8mb4_bin" ||
		p.assign != "SESSION autocommit=1, SESSION "+strictTransTables+", SESSION wait_timeout=@@global.interactive_timeout" {
		t.Errorf("plan %+v", p)
	}
	c, _ = ParseURL("jdbc:mysql://h/db?jdbcCompliantTruncation=false&sessionVariables=character_set_client%3Dlatin1")
	if p, _ = planSession(c); p.assign != "SESSION autocommit=1" || p.names != "NAMES utf8mb4" {
		t.Errorf("plan %+v", p)
	}
}
