// This file defines DataSettings, the Connector/J properties that decide
// what the server stores and what the application reads (time zones,
// truncation, zero dates, booleans, fractional seconds), with their
// defaults, the property-table rules that feed them and refuse what
// jdbcmysql cannot honour, and how each differs from Connector/J.

package jdbcmysql

import (
	"strings"
)

// DataSettings are the data-affecting settings of a Config; the [data
// guide] shows what each changes against a Java service. NewConfig gives
// Connector/J's defaults.
//
// [data guide]: https://github.com/jdbcmysql/jdbcmysql/blob/main/docs/data.md
type DataSettings struct {
	// PreserveInstants (preserveInstants, default true): time.Time values
	// are rendered and read in the connection zone; false uses the process
	// zone.
	PreserveInstants bool
	// ForceConnectionTimeZoneToSession (forceConnectionTimeZoneToSession)
	// sets the session time_zone to the connection zone at connect.
	ForceConnectionTimeZoneToSession bool
	// JDBCCompliantTruncation (jdbcCompliantTruncation, default true) adds
	// STRICT_TRANS_TABLES to the session sql_mode when it lacks it.
	JDBCCompliantTruncation bool
	// ZeroDateTimeBehavior (zeroDateTimeBehavior): EXCEPTION (default),
	// CONVERT_TO_NULL or ROUND.
	ZeroDateTimeBehavior string
	// TinyInt1IsBit (tinyInt1isBit, default true): TINYINT(1) reads as bool.
	TinyInt1IsBit bool
	// SendFractionalSeconds (sendFractionalSeconds, default true): false
	// truncates time.Time parameters to whole seconds.
	SendFractionalSeconds bool
	// KeepFractionalSeconds (jdbcmysql.keepFractionalSeconds, a jdbcmysql
	// extension) sends fractions to servers whose handshake version is below
	// 5.6.4 (MariaDB 10+ announces 5.5.5-), where Connector/J truncates them.
	KeepFractionalSeconds bool
	// InteractiveClient (interactiveClient): the session's wait_timeout is
	// the server's interactive_timeout.
	InteractiveClient bool
}

// defaultDataSettings are Connector/J's defaults.
func defaultDataSettings() DataSettings {
	return DataSettings{PreserveInstants: true, JDBCCompliantTruncation: true, ZeroDateTimeBehavior: "EXCEPTION",
		TinyInt1IsBit: true, SendFractionalSeconds: true}
}

// zeroDateTimeValues are the spellings Connector/J accepts, by upper case,
// and what each means (convertToNull and round are 5.1's).
var zeroDateTimeValues = map[string]string{"EXCEPTION": "EXCEPTION", "CONVERT_TO_NULL": "CONVERT_TO_NULL",
	"CONVERTTONULL": "CONVERT_TO_NULL", "ROUND": "ROUND"}

var zeroDateTimeRule = &fieldRule{
	apply: func(c *Config, v string) string {
		c.Data.ZeroDateTimeBehavior = zeroDateTimeValues[strings.ToUpper(v)]
		return ""
	},
	reset: func(c, base *Config) { c.Data.ZeroDateTimeBehavior = base.Data.ZeroDateTimeBehavior },
	format: func(c *Config) (string, bool) {
		v := c.Data.ZeroDateTimeBehavior
		return v, v != connectorJDefaults.Data.ZeroDateTimeBehavior
	},
	check: func(name, v string) error {
		if _, ok := zeroDateTimeValues[strings.ToUpper(v)]; !ok {
			return invalidValue(name, v, []string{"CONVERT_TO_NULL", "EXCEPTION", "ROUND"})
		}
		return nil
	},
}

// connectionTimeZoneRule keeps the value as written and refuses what
// java.time.ZoneId.of refuses (Connector/J fails the connection on it).
var connectionTimeZoneRule = func() *fieldRule {
	r := *stringField(func(c *Config) *string { return &c.ConnectionTimeZone })
	r.check = func(name, v string) error {
		_, err := parseConnectionTimeZone(v)
		if pe, ok := err.(*PropertyError); ok {
			pe.Property = name
		}
		return err
	}
	return &r
}()

// isUTF8Charset reports whether a characterEncoding or characterSetResults
// value names UTF-8 (Java's or MySQL's names).
func isUTF8Charset(v string) bool {
	switch strings.ToUpper(strings.ReplaceAll(v, "_", "-")) {
	case "UTF-8", "UTF8", "UTF8MB4", "UTF8MB3":
		return true
	}
	return false
}

const whyNotUTF8 = "Go strings are UTF-8 and go-sql-driver does not transcode, so another character set would store and read different bytes than Connector/J; use UTF-8 (utf8mb4)"

func refuseNonUTF8(v string) string {
	if v == "" || isUTF8Charset(v) {
		return ""
	}
	return whyNotUTF8
}

// refuseNonUTF8Collation refuses collations of other character sets.
func refuseNonUTF8Collation(v string) string {
	l := strings.ToLower(v)
	if v == "" || strings.HasPrefix(l, "utf8mb4_") || strings.HasPrefix(l, "utf8mb3_") || strings.HasPrefix(l, "utf8_") {
		if strings.Trim(l, "abcdefghijklmnopqrstuvwxyz0123456789_") == "" {
			return ""
		}
		return "a collation name is letters, digits and '_'"
	}
	return "the collation belongs to another character set than UTF-8; " + whyNotUTF8
}

// refuseRowLimit refuses maxRows limits: Connector/J would cut every
// result short, database/sql has no such setting.
func refuseRowLimit(v string) string {
	if v == "" || v == "-1" || v == "0" {
		return ""
	}
	return "a connection-wide row limit changes every result the application reads; use LIMIT in the queries"
}

// bundledConfigs are the useConfigs templates whose properties have no
// effect on data or security (caching, session-state tracking, HA).
var bundledConfigs = map[string]bool{"maxPerformance": true, "coldFusion": true, "clusterBase": true}

func refuseUseConfigs(v string) string {
	for _, name := range splitList(v) {
		if !bundledConfigs[name] {
			return "the template " + name + " sets data-affecting properties (3-0-Compat: jdbcCompliantTruncation, zeroDateTimeBehavior, ...) or is unknown; set its properties in the URL"
		}
	}
	return ""
}

// dataPropertyDifference says how jdbcmysql differs from Connector/J for
// the data-affecting properties (propertyDifference).
var dataPropertyDifference = map[string]string{
	"connectionTimeZone":               "a zone ZoneId.of refuses fails in ParseURL, not at connect; for SERVER, Windows zone names are not mapped (the connection fails, as Connector/J's does on names it cannot map)",
	"preserveInstants":                 "none; time.Time parameters render in this zone whatever their Location",
	"forceConnectionTimeZoneToSession": "none",
	"jdbcCompliantTruncation":          "none on the session; Connector/J's client-side DataTruncation for other servers is not emulated",
	"zeroDateTimeBehavior":             "EXCEPTION fails the row (Next/Scan, naming the column) where Java fails only getTimestamp; read CAST(col AS CHAR) for the text",
	"tinyInt1isBit":                    "TINYINT(1) reads as bool (true for -1 and every positive value, as getBoolean), so it no longer scans into integers; set tinyInt1isBit=false for integers",
	"sendFractionalSeconds":            "none",
	"jdbcmysql.keepFractionalSeconds":  "Connector/J has no such setting: it always truncates against servers below 5.6.4",
	"characterEncoding":                "only UTF-8 (utf8mb4); other character sets are refused (ErrUnsupported)",
	"connectionCollation":              "only UTF-8 collations; others are refused (ErrUnsupported)",
	"characterSetResults":              "only UTF-8; others are refused (ErrUnsupported)",
	"interactiveClient":                "emulated with SET SESSION wait_timeout=@@global.interactive_timeout (the CLIENT_INTERACTIVE flag is not sent)",
}
