// Tests for the property table and its README rendering.

package jdbcmysql

import (
	"errors"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestPropertyTableConsistent(t *testing.T) {
	seen := map[string]bool{}
	for i := range propertyTable {
		d := &propertyTable[i]
		for _, n := range []string{d.name, d.alias} {
			if n == "" {
				continue
			}
			if seen[n] {
				t.Errorf("%s listed twice", n)
			}
			seen[n] = true
		}
		if d.meaning == "" || d.note == "" {
			t.Errorf("%s: meaning and note must be filled", d.name)
		}
		if d.kind == kindEnum && (len(d.values) == 0 || !sort.StringsAreSorted(d.values)) {
			t.Errorf("%s: enum values must be given sorted (Connector/J lists them sorted)", d.name)
		}
		if d.kind != kindEnum && d.values != nil {
			t.Errorf("%s: values on a non-enum", d.name)
		}
	}
	for _, n := range caseInsensitiveNames {
		if propertyIndex[n] == nil {
			t.Errorf("case-insensitive name %s missing from the table", n)
		}
	}
}

// The TLS properties of the spec's §1.1 table, with their kinds.
func TestPropertyTableHasSpecTLSProperties(t *testing.T) {
	want := map[string]propKind{
		"sslMode": kindEnum, "useSSL": kindBool, "requireSSL": kindBool, "verifyServerCertificate": kindBool,
		"trustCertificateKeyStoreUrl": kindString, "trustCertificateKeyStoreType": kindString, "trustCertificateKeyStorePassword": kindPassword,
		"fallbackToSystemTrustStore": kindBool, "clientCertificateKeyStoreUrl": kindString, "clientCertificateKeyStoreType": kindString,
		"clientCertificateKeyStorePassword": kindPassword, "fallbackToSystemKeyStore": kindBool,
		"tlsVersions": kindString, "enabledTLSProtocols": kindString, "tlsCiphersuites": kindString, "enabledSSLCipherSuites": kindString,
		"fipsCompliantJsse": kindBool, "KeyManagerFactoryProvider": kindString, "trustManagerFactoryProvider": kindString,
		"keyStoreProvider": kindString, "sslContextProvider": kindString, "serverRSAPublicKeyFile": kindString,
		"allowPublicKeyRetrieval": kindBool, "xdevapi.ssl-mode": kindEnum, "xdevapiSslMode": kindEnum,
		"xdevapi.ssl-keystore": kindString, "xdevapi.ssl-keystore-type": kindString, "xdevapi.ssl-keystore-password": kindPassword,
		"xdevapi.fallback-to-system-keystore": kindBool, "xdevapi.ssl-truststore": kindString, "xdevapi.ssl-truststore-type": kindString,
		"xdevapi.ssl-truststore-password": kindPassword, "xdevapi.fallback-to-system-truststore": kindBool,
		"xdevapi.tls-versions": kindString, "xdevapi.tls-ciphersuites": kindString, "xdevapiFallbackToSystemTrustStore": kindBool,
	}
	for name, kind := range want {
		d := propertyIndex[name]
		if d == nil {
			t.Errorf("%s missing", name)
			continue
		}
		if d.kind != kind {
			t.Errorf("%s: kind %s, want %s", name, d.kind, kind)
		}
	}
	if propertyIndex["keyManagerFactoryProvider"] != nil {
		t.Error("the key is spelled KeyManagerFactoryProvider (capital K); the lower-case form is not a property")
	}
}

// Every property accepts its own default, and the table's kinds agree with
// the parser: a bool property refuses "1", an int property refuses "x".
func TestPropertyDefaultsAndKinds(t *testing.T) {
	for i := range propertyTable {
		d := &propertyTable[i]
		if d.name == "host" || d.name == "port" || strings.HasPrefix(d.name, "jdbcmysql.") {
			continue
		}
		scheme := "jdbc:mysql://h/db?"
		if strings.HasPrefix(d.name, "xdevapi.") {
			scheme = "mysqlx://h/db?"
		}
		if d.def != "" {
			if _, err := ParseURL(scheme + encodeComponent(d.name, "") + "=" + encodeComponent(d.def, "")); err != nil {
				t.Errorf("%s=%s (its default): %v", d.name, d.def, err)
			}
		}
		bad := map[propKind]string{kindBool: "1", kindInt: "x", kindEnum: "NOPE"}[d.kind]
		if bad == "" {
			continue
		}
		_, err := ParseURL(scheme + encodeComponent(d.name, "") + "=" + bad)
		var pe *PropertyError
		if !errors.Is(err, ErrInvalidProperty) || !errors.As(err, &pe) || pe.Property != d.name {
			t.Errorf("%s=%s: got %v, want an ErrInvalidProperty naming it", d.name, bad, err)
		}
	}
}

// No property of the table may be silently dropped: each one either sets
// a field, is listed in Ignored, or is refused.
func TestEveryPropertyIsAccountedFor(t *testing.T) {
	for i := range propertyTable {
		d := &propertyTable[i]
		if d.treat != treatIgnored || d.kind == kindPassword {
			continue
		}
		v := map[propKind]string{kindBool: "false", kindInt: "1", kindEnum: d.def, kindString: ""}[d.kind]
		if d.kind == kindInt && d.def != "" {
			v = d.def
		}
		scheme := "jdbc:mysql://h/db?"
		if strings.HasPrefix(d.name, "xdevapi.") {
			scheme = "mysqlx://h/db?"
		}
		c, err := ParseURL(scheme + encodeComponent(d.name, "") + "=" + v)
		if err != nil {
			t.Errorf("%s=%s: %v", d.name, v, err)
			continue
		}
		if len(c.Ignored) != 1 || c.Ignored[0].Name != d.name || c.Ignored[0].Reason == "" {
			t.Errorf("%s=%s: Ignored = %+v, want one entry with a reason", d.name, v, c.Ignored)
		}
	}
}

func TestPropertyMarkdown(t *testing.T) {
	md := propertyMarkdown()
	lines := strings.Split(strings.TrimSpace(md), "\n")
	if lines[0] != "| Property | Connector/J meaning | jdbcmysql behaviour | Difference |" {
		t.Errorf("header %q", lines[0])
	}
	if len(lines) != len(propertyTable)+2 {
		t.Errorf("%d rows for %d properties", len(lines)-2, len(propertyTable))
	}
	for i := range propertyTable {
		if !strings.Contains(md, "| `"+propertyTable[i].name+"`") {
			t.Errorf("%s missing from the README table", propertyTable[i].name)
		}
	}
	for _, l := range lines[2:] {
		if strings.Count(l, " | ")-strings.Count(l, `\|`) != 3 {
			t.Errorf("row does not have 4 cells: %s", l)
		}
	}
}

// TestREADMEPropertyTable keeps the README's property table (between the
// markers) equal to propertyMarkdown. JDBCMYSQL_UPDATE_README=1 rewrites it.
func TestREADMEPropertyTable(t *testing.T) {
	const begin, end = "<!-- properties:begin -->\n", "<!-- properties:end -->"
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatal("README.md has no property table markers")
	}
	want := s[:i+len(begin)] + propertyMarkdown() + s[j:]
	if want == s {
		return
	}
	if os.Getenv("JDBCMYSQL_UPDATE_README") == "1" {
		if err := os.WriteFile("README.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Error("README.md property table is stale; run JDBCMYSQL_UPDATE_README=1 go test -run TestREADMEPropertyTable .")
}

// TestLegacy51PropertiesAccepted: names Connector/J 5.1 knew and 8.0
// silently ignores still parse, listed as ignored with the reason.
func TestLegacy51PropertiesAccepted(t *testing.T) {
	cfg, err := ParseURL("jdbc:mysql://db/app?useUnicode=true&characterEncoding=UTF-8&useLegacyDatetimeCode=false&useJDBCCompliantTimezoneShift=true")
	if err != nil {
		t.Fatal(err)
	}
	ignored := map[string]string{}
	for _, ig := range cfg.Ignored {
		ignored[ig.Name] = ig.Reason
	}
	for _, n := range []string{"useUnicode", "useLegacyDatetimeCode", "useJDBCCompliantTimezoneShift"} {
		if !strings.Contains(ignored[n], "Connector/J 8.0") {
			t.Errorf("%s: ignored reason %q", n, ignored[n])
		}
	}
	if cfg.CharacterEncoding != "UTF-8" {
		t.Errorf("characterEncoding = %q", cfg.CharacterEncoding)
	}
}

// sslModeRows decide the sslMode together (applySSLMode) and have no rule.
var sslModeRows = map[string]bool{"sslMode": true, "useSSL": true, "requireSSL": true, "verifyServerCertificate": true, "xdevapi.ssl-mode": true}

// TestMappedRowsCarryTheirRules: every mapped and TLS row (but the sslMode
// ones) says how to apply, reset and format its field, and each of the
// three works: a non-default value changes the Config, FormatURL writes it
// back, and a host that sets it leaves the next host at the default.
func TestMappedRowsCarryTheirRules(t *testing.T) {
	sample := func(d *propertyDef) string {
		switch d.name {
		case "sessionVariables":
			return "a=1"
		case "connectionAttributes":
			return "k:v"
		case "jdbcmysql.validateConnection":
			return "writable"
		case "characterEncoding":
			return "UTF-8"
		case "connectionCollation":
			return "utf8mb4_bin"
		case "connectionTimeZone":
			return "UTC"
		case "zeroDateTimeBehavior":
			return "ROUND"
		}
		switch d.kind {
		case kindBool:
			if d.def == "true" {
				return "false"
			}
			return "true"
		case kindInt:
			return "7"
		}
		return "x"
	}
	// Fields the URL carries outside the query, or that have none.
	notInQuery := map[string]bool{"dbname": true, "dnsSrv": true, "xdevapi.dns-srv": true, "host": true, "port": true, "protocol": true}
	for i := range propertyTable {
		d := &propertyTable[i]
		if d.treat == treatIgnored || sslModeRows[d.name] {
			if d.rule != nil {
				t.Errorf("%s: a %s row has a field rule", d.name, d.treat)
			}
			continue
		}
		r := d.rule
		if r == nil || r.apply == nil || r.reset == nil || r.format == nil {
			t.Errorf("%s: a %s row must carry apply, reset and format (rule %+v)", d.name, d.treat, r)
			continue
		}
		if d.name == "host" || d.name == "port" || d.name == "protocol" || d.name == "type" {
			continue // URL-level keys: the authority (and the hosts' own properties) carry them
		}
		scheme, defaults := "jdbc:mysql://", "jdbc:mysql://h/db"
		if d.xdevapiOnly() {
			scheme, defaults = "mysqlx://", "mysqlx://h/db"
		}
		prop := encodeComponent(d.name, "") + "=" + encodeComponent(sample(d), "")
		c := mustParse(t, scheme+"h/db?"+prop)
		if reflect.DeepEqual(public(c), public(mustParse(t, defaults))) {
			t.Errorf("%s=%s: apply changed nothing", d.name, sample(d))
		}
		if !notInQuery[d.name] && !d.xdevapiOnly() && !strings.Contains(c.FormatURL(), prop) {
			t.Errorf("%s=%s: FormatURL %s does not write it back", d.name, sample(d), c.FormatURL())
		}
		if d.name == "dnsSrv" || d.name == "xdevapi.dns-srv" {
			continue // one host only
		}
		hc, err := mustParse(t, scheme+"(host=a,"+prop+"),b/db").hostConfig(1)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := mustParse(t, scheme+"a,b/db").hostConfig(1)
		if !reflect.DeepEqual(public(hc), public(want)) {
			t.Errorf("%s: host a's value leaks into host b (reset):\n got  %+v\n want %+v", d.name, public(hc), public(want))
		}
	}
}
