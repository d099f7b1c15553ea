// This file gives a parsed URL its meaning (ParseURL): it checks the
// properties with Connector/J's rules and messages, applies them to a
// Config through the property table (properties.go), maps the legacy
// useSSL/requireSSL/verifyServerCertificate to an sslMode, folds the X
// DevAPI properties in, applies the DNS SRV rules and resolves each host's
// own properties. It does no I/O.

package jdbcmysql

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

const legacySSLSource = "useSSL/requireSSL/verifyServerCertificate"

// ParseURL parses a Connector/J JDBC URL (jdbc:mysql:, jdbc:mysql:loadbalance:,
// jdbc:mysql:replication:, their jdbc:mysql+srv: forms, mysqlx: and
// mysqlx+srv:) with Connector/J's decoding and property rules. The Config
// holds the effective properties of the first host; Host.Properties keeps
// each host's own overrides. It refuses malformed URLs (ErrMalformedURL),
// unknown property names unless AllowUnknownProperties is given
// (ErrUnknownProperty), bad values (ErrInvalidProperty) and settings
// jdbcmysql cannot honour without weakening security (ErrUnsupported), with
// an error naming the property and never showing a password. It does no I/O.
func ParseURL(url string, opts ...Option) (*Config, error) {
	o := newOptions(opts)
	raw, err := parseRawURL(url)
	if err != nil {
		return nil, err
	}
	o.overrideQuery(raw.query)
	typ := raw.scheme.typ
	if typ == URLTypeSingle && len(raw.hosts) > 1 {
		typ = URLTypeFailover
	}
	c := urlDefaults(typ, raw.database, raw.scheme.srv)
	c.Hosts = raw.hosts
	c.parsed = &parsedURL{query: raw.query, pathDatabase: raw.database, schemeSRV: raw.scheme.srv,
		allowUnknown: o.allowUnknown, alias: o.alias, afterPassword: raw.afterPassword}
	for k := range o.properties {
		delete(c.parsed.afterPassword, normalizeName(k))
	}

	srv := srvEnabled(raw)
	if srv {
		if err := checkDNSSRV(raw, typ); err != nil {
			return nil, err
		}
	}
	ha, haIgnored, err := haFromQuery(typ, raw.query)
	if err != nil {
		return nil, err
	}
	for _, ig := range haIgnored {
		c.addIgnored(ig.Name, ig.Value, ig.Reason)
	}
	if err := c.applyProperties(overlay(raw.query, raw.hosts[0].Properties)); err != nil {
		return nil, err
	}
	c.HA, c.DNSSRV = ha, srv
	if srv {
		for i := range c.Hosts {
			c.Hosts[i].Port = 0
		}
	}
	if typ == URLTypeXDevAPI {
		if err := checkXDevAPIHosts(c); err != nil {
			return nil, err
		}
	}
	for i := 1; i < len(c.Hosts); i++ {
		if len(c.Hosts[i].Properties) == 0 {
			continue
		}
		props, _ := c.hostProperties(i)
		if _, _, err := c.checkProperties(props); err != nil {
			return nil, err
		}
	}
	c.parsed.asParsed = c.clone(nil)
	return c, nil
}

// urlDefaults is the Config ParseURL starts from, before any property:
// NewConfig for a URL of type typ (REQUIRED for the X DevAPI, which has no
// PREFERRED), with the path's database and the scheme's DNS SRV.
func urlDefaults(typ URLType, database string, srv bool) *Config {
	c := NewConfig()
	c.Type, c.Database, c.DNSSRV = typ, database, srv
	if typ == URLTypeXDevAPI {
		c.SSLMode = SSLModeRequired
	}
	return c
}

// overlay returns base with top's entries on top (top wins).
func overlay(base, top map[string]string) map[string]string {
	if len(top) == 0 {
		return base
	}
	m := make(map[string]string, len(base)+len(top))
	for k, v := range base {
		m[k] = v
	}
	for k, v := range top {
		m[k] = v
	}
	return m
}

func parseBoolLoose(v string) string {
	switch strings.ToUpper(v) {
	case "TRUE", "YES":
		return "true"
	case "FALSE", "NO":
		return "false"
	}
	return ""
}

// checkXDevAPIHosts applies the X DevAPI host rules: the same credentials
// for every host, and priorities given for all hosts or none, in 0-100.
func checkXDevAPIHosts(c *Config) error {
	withPriority := 0
	for i, h := range c.Hosts {
		if p, ok := h.Properties["priority"]; ok {
			withPriority++
			n, err := strconv.Atoi(p)
			if err != nil || n < 0 || n > 100 {
				return malformed("Priority value must be in the range [0, 100] (host %d).", i+1)
			}
		}
		if i > 0 {
			u0, p0 := hostCredentials(c, 0)
			ui, pi := hostCredentials(c, i)
			if u0 != ui || p0 != pi {
				return malformed("All hosts of an X DevAPI URL must have the same credentials (host %d differs).", i+1)
			}
		}
	}
	if withPriority != 0 && withPriority != len(c.Hosts) {
		return malformed("You must either assign no priority to any of the hosts or give a priority for every host.")
	}
	return nil
}

func hostCredentials(c *Config, i int) (user, password string) {
	user, password = c.parsed.query["user"], c.parsed.query["password"]
	if u, ok := c.Hosts[i].Properties["user"]; ok {
		user = u
	}
	if p, ok := c.Hosts[i].Properties["password"]; ok {
		password = p
	}
	return user, password
}

// hostConfig returns the settings for connecting to host i: a copy of c
// with Hosts holding host i only. For a parsed URL, host 0's settings are
// c's fields as they are now (they are host 0's effective settings); any
// other host gets the query with its own properties on top, and every
// field changed in c after parsing (codeChanges) unless its own
// properties name that field. For a Config filled by hand, host i's
// properties are applied on top of c.
func (c *Config) hostConfig(i int) (*Config, error) {
	return c.hostConfigWith(i, c.codeChanges())
}

// hostConfigWith is hostConfig with c.codeChanges() already computed, so
// that planning many hosts computes it once.
func (c *Config) hostConfigWith(i int, changed []codeChange) (*Config, error) {
	if i < 0 || i >= len(c.Hosts) {
		return nil, fmt.Errorf("jdbcmysql: host index %d out of range (%d hosts)", i, len(c.Hosts))
	}
	cp := c.clone(c.Hosts[i : i+1])
	if c.parsed != nil && i == 0 {
		return cp, nil
	}
	props, touched := c.hostProperties(i)
	if len(props) == 0 && len(touched) == 0 {
		return cp, nil
	}
	if len(touched) > 0 {
		cp.resetGroups(touched)
	}
	if err := cp.applyProperties(props); err != nil {
		return nil, err
	}
	for _, ch := range changed {
		if !namesField(c.Hosts[i].Properties, ch.field) {
			ch.copy(cp, c)
		}
	}
	return cp, nil
}

// codeChange is a field set in code after ParseURL: field is the property
// that names it (sslMode for the sslMode), copy sets it in dst from src.
type codeChange struct {
	field string
	copy  func(dst, src *Config)
}

// codeChanges lists the fields of a parsed Config that differ from what
// ParseURL left in them; nil for a Config filled by hand.
func (c *Config) codeChanges() []codeChange {
	if c.parsed == nil || c.parsed.asParsed == nil {
		return nil
	}
	was := c.parsed.asParsed
	var out []codeChange
	if c.SSLMode != was.SSLMode {
		out = append(out, codeChange{"sslMode", func(dst, src *Config) { dst.SSLMode, dst.SSLModeSource = src.SSLMode, src.SSLModeSource }})
	}
	if c.Database != was.Database {
		out = append(out, codeChange{"dbname", func(dst, src *Config) { dst.Database = src.Database }})
	}
	for i := range propertyTable {
		d := &propertyTable[i]
		if d.rule == nil || d.xdevapiOnly() {
			continue
		}
		now, setNow := d.rule.format(c)
		then, setThen := d.rule.format(was)
		if now != then || setNow != setThen {
			out = append(out, codeChange{d.name, d.rule.reset})
		}
	}
	return out
}

// namesField reports whether a host's own properties set field (a
// classic property name, or sslMode for the properties that decide it).
func namesField(own map[string]string, field string) bool {
	for k := range own {
		if fieldOf(k) == field {
			return true
		}
	}
	return false
}

// fieldOf is the classic property whose field property name sets: sslMode
// for the five that decide the sslMode, the classic counterpart of an X
// DevAPI property, else the property's canonical name.
func fieldOf(name string) string {
	d := propertyIndex[name]
	if d == nil {
		return name
	}
	switch d.name {
	case "sslMode", "useSSL", "requireSSL", "verifyServerCertificate", "xdevapi.ssl-mode":
		return "sslMode"
	}
	if classic, ok := xdevapiClassic[d.name]; ok {
		return classic
	}
	return d.name
}

// xdevapiClassic maps each X DevAPI property with a field to the classic
// property that feeds the same field.
var xdevapiClassic = map[string]string{
	"xdevapi.ssl-keystore":                  "clientCertificateKeyStoreUrl",
	"xdevapi.ssl-keystore-type":             "clientCertificateKeyStoreType",
	"xdevapi.ssl-keystore-password":         "clientCertificateKeyStorePassword",
	"xdevapi.fallback-to-system-keystore":   "fallbackToSystemKeyStore",
	"xdevapi.ssl-truststore":                "trustCertificateKeyStoreUrl",
	"xdevapi.ssl-truststore-type":           "trustCertificateKeyStoreType",
	"xdevapi.ssl-truststore-password":       "trustCertificateKeyStorePassword",
	"xdevapi.fallback-to-system-truststore": "fallbackToSystemTrustStore",
	"xdevapi.tls-versions":                  "tlsVersions",
	"xdevapi.tls-ciphersuites":              "tlsCiphersuites",
	"xdevapi.dns-srv":                       "dnsSrv",
}

// hostProperties is what host i applies on top of c, and the groups it
// touches: for a parsed URL, the query's values of every group host 0's or
// host i's own properties touch (c holds host 0's), then host i's own.
func (c *Config) hostProperties(i int) (props map[string]string, touched map[string]bool) {
	own := c.Hosts[i].Properties
	if c.parsed == nil {
		return own, nil
	}
	touched = propertyGroups(c.Hosts[0].Properties)
	for k := range own {
		touched[groupOf(k)] = true
	}
	if len(touched) == 0 {
		return nil, touched
	}
	props = make(map[string]string, len(own)+len(touched))
	for g := range touched {
		eachGroupName(g, func(k string) {
			if v, ok := c.parsed.query[k]; ok {
				props[k] = v
			}
		})
	}
	for k, v := range own {
		props[k] = v
	}
	return props, touched
}

// groupOf names the Config field(s) a property feeds. Properties of one
// group are resolved again together when a host overrides any of them.
func groupOf(name string) string {
	d := propertyIndex[name]
	if d == nil {
		return "?" + name
	}
	if d.treat == treatTLS {
		return "tls"
	}
	return d.name
}

// eachGroupName calls f with each property name (and alias) of a group.
func eachGroupName(group string, f func(name string)) {
	if name, ok := strings.CutPrefix(group, "?"); ok {
		f(name)
		return
	}
	for _, name := range propertyGroupNames[group] {
		f(name)
	}
}

// propertyGroupNames maps each group of the table to its names and aliases.
var propertyGroupNames = func() map[string][]string {
	m := map[string][]string{}
	for i := range propertyTable {
		d := &propertyTable[i]
		g := groupOf(d.name)
		m[g] = append(m[g], d.name)
		if d.alias != "" {
			m[g] = append(m[g], d.alias)
		}
	}
	return m
}()

func propertyGroups(props map[string]string) map[string]bool {
	g := make(map[string]bool, len(props))
	for k := range props {
		g[groupOf(k)] = true
	}
	return g
}

// resetGroups puts the fields of the given groups back to the values
// ParseURL starts from (each property's rule knows its field) and drops
// their Ignored entries.
func (c *Config) resetGroups(groups map[string]bool) {
	base := urlDefaults(c.Type, c.parsed.pathDatabase, c.parsed.schemeSRV)
	for g := range groups {
		if g == "tls" {
			c.SSLMode, c.SSLModeSource = base.SSLMode, base.SSLModeSource
		}
		eachGroupName(g, func(name string) {
			if d := propertyIndex[name]; d != nil && d.rule != nil && name == d.name {
				d.rule.reset(c, base)
			}
		})
	}
	kept := c.Ignored[:0:0]
	for _, ig := range c.Ignored {
		if !groups[groupOf(ig.Name)] {
			kept = append(kept, ig)
		}
	}
	c.Ignored = kept
	if len(c.Ignored) == 0 {
		c.Ignored = nil
	}
}

// addIgnored lists a property as ignored with the value redactValue shows
// (empty for a password).
func (c *Config) addIgnored(name, value, reason string) {
	if isPasswordName(name) {
		value = ""
	} else {
		value = redactValue(name, value)
	}
	c.Ignored = append(c.Ignored, IgnoredProperty{Name: name, Value: value, Reason: reason})
}

// checkedProperty is a property that passed checkProperties.
type checkedProperty struct {
	def         *propertyDef
	name, value string // as written
}

// checkProperties checks every property of props with Connector/J's rules,
// in name order, and returns those that apply; the ones set aside (unknown
// names with AllowUnknownProperties, an alias whose property is also set)
// are returned as ignored. It changes nothing.
func (c *Config) checkProperties(props map[string]string) (apply []checkedProperty, ignored []IgnoredProperty, err error) {
	allowUnknown := c.parsed != nil && c.parsed.allowUnknown
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	apply = make([]checkedProperty, 0, len(keys))
	for _, k := range keys {
		v := props[k]
		d := propertyIndex[k]
		if d == nil {
			if pw, tail := c.passwordTail(k); tail {
				return nil, nil, passwordTailError(pw)
			}
			if !allowUnknown {
				return nil, nil, unknownPropertyError(k)
			}
			ignored = append(ignored, IgnoredProperty{Name: k, Value: v, Reason: "not a Connector/J property (accepted by AllowUnknownProperties)"})
			continue
		}
		if k != d.name {
			if _, both := props[d.name]; both {
				ignored = append(ignored, IgnoredProperty{Name: k, Value: v, Reason: "alias of " + d.name + ", which is also set and wins"})
				continue
			}
		}
		if err := checkValue(d, k, v); err != nil {
			return nil, nil, err
		}
		if d.refuse != nil {
			if why := d.refuse(v); why != "" {
				return nil, nil, &PropertyError{Property: k, Value: v, Err: ErrUnsupported,
					Msg: "jdbcmysql: connection property '" + k + "' with value '" + v + "' is not supported: " + why + "."}
			}
		}
		apply = append(apply, checkedProperty{def: d, name: k, value: v})
	}
	return apply, ignored, nil
}

// applyProperties checks every property of props and sets the Config
// fields they feed, each through its row's rule; then the sslMode, then
// the X DevAPI properties, which override the classic ones for mysqlx:
// URLs. Properties not acted on are added to Ignored.
func (c *Config) applyProperties(props map[string]string) error {
	apply, ignored, err := c.checkProperties(props)
	if err != nil {
		return err
	}
	for _, ig := range ignored {
		c.addIgnored(ig.Name, ig.Value, ig.Reason)
	}
	isX := c.Type == URLTypeXDevAPI
	ssl := map[string]string{}
	var xdevapi []checkedProperty
	for _, p := range apply {
		d := p.def
		switch {
		case d.xdevapiOnly():
			xdevapi = append(xdevapi, p)
		case d.rule != nil:
			if why := d.rule.apply(c, p.value); why != "" {
				c.addIgnored(p.name, p.value, why)
			}
		case d.treat == treatIgnored:
			c.addIgnored(p.name, p.value, d.note)
		}
		if d.rule == nil && d.treat == treatTLS {
			ssl[d.name] = p.value
		}
	}
	c.applySSLMode(ssl, isX)
	for _, p := range xdevapi {
		switch {
		case !isX:
			c.addIgnored(p.name, p.value, whyXOnly+"; this is not a mysqlx: URL")
		case p.def.rule != nil:
			if why := p.def.rule.apply(c, p.value); why != "" {
				c.addIgnored(p.name, p.value, why)
			}
		}
	}
	if c.parsed != nil && c.parsed.alias != "" {
		c.ClientCertificateAlias = c.parsed.alias
	}
	sort.SliceStable(c.Ignored, func(i, j int) bool { return c.Ignored[i].Name < c.Ignored[j].Name })
	return nil
}

// applySSLMode sets SSLMode from the properties that decide it together
// (set holds their values by canonical name): sslMode, else the legacy
// mapping of Connector/J 8.0.13+; for mysqlx: URLs xdevapi.ssl-mode wins,
// and PREFERRED, which the X Protocol lacks, is REQUIRED
// (XProtocol.beforeHandshake, 8.0.22+).
func (c *Config) applySSLMode(set map[string]string, isX bool) {
	if v, ok := set["sslMode"]; ok {
		c.SSLMode, c.SSLModeSource = SSLMode(strings.ToUpper(v)), "sslMode"
	} else if c.SSLModeSource != "sslMode" && c.SSLModeSource != "xdevapi.ssl-mode" {
		u, okU := set["useSSL"]
		r, okR := set["requireSSL"]
		vs, okV := set["verifyServerCertificate"]
		if okU || okR || okV {
			switch {
			case okU && parseBoolLoose(u) == "false":
				c.SSLMode = SSLModeDisabled
			case okV && parseBoolLoose(vs) == "true":
				c.SSLMode = SSLModeVerifyCA
			case okR && parseBoolLoose(r) == "true":
				c.SSLMode = SSLModeRequired
			default:
				c.SSLMode = SSLModePreferred
			}
			c.SSLModeSource = legacySSLSource
		}
	}
	if !isX {
		return
	}
	if v, ok := set["xdevapi.ssl-mode"]; ok {
		c.SSLMode, c.SSLModeSource = SSLMode(strings.ToUpper(v)), "xdevapi.ssl-mode"
	}
	if c.SSLMode == SSLModePreferred {
		c.SSLMode = SSLModeRequired
	}
}

// splitList splits on commas with surrounding blanks and drops empty
// entries; a set but empty property gives an empty, non-nil list.
func splitList(v string) []string {
	out := []string{}
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// checkValue validates v for d with Connector/J's rules and messages.
func checkValue(d *propertyDef, name, v string) error {
	switch d.kind {
	case kindBool:
		if parseBoolLoose(v) == "" {
			return invalidValue(name, v, []string{"TRUE", "FALSE", "YES", "NO"})
		}
	case kindEnum:
		u := strings.ToUpper(v)
		for _, a := range d.values {
			if a == u {
				return nil
			}
		}
		return invalidValue(name, v, d.values)
	case kindInt:
		_, err := parseIntValue(d, name, v)
		return err
	}
	if d.location && cutLocation(v) {
		return cutLocationError(name)
	}
	if d.rule != nil && d.rule.check != nil {
		return d.rule.check(name, v)
	}
	return nil
}

// cutLocationError refuses store location property name whose value ends
// inside its user info (cutLocation), without showing the value: it holds
// the start of a password, or is all that an unencoded separator left.
func cutLocationError(name string) error {
	return &PropertyError{Property: name, Err: ErrInvalidProperty,
		Msg: "jdbcmysql: connection property '" + name + "' ends inside its user info (the value is not shown: it may hold part of a password): " +
			"an '&', '#' or ',' inside the location's password ends the value there, and a '/' or '@' makes the rest look like a host; " +
			"percent-encode them in the JDBC URL (%26, %23, %2C, %2F, %40). A location with a port or user info needs a path (https://host:8443/ks.p12)"}
}

func invalidValue(name, v string, accepted []string) error {
	var b strings.Builder
	b.WriteString("The connection property '" + name + "' acceptable values are: ")
	for i, a := range accepted {
		switch {
		case i == len(accepted)-1 && i > 0:
			b.WriteString(" or ")
		case i > 0:
			b.WriteString(", ")
		}
		b.WriteString("'" + a + "'")
	}
	b.WriteString(". The value '" + v + "' is not acceptable.")
	return &PropertyError{Property: name, Value: v, Msg: b.String(), Err: ErrInvalidProperty}
}

// parseIntValue reads an integer property: a Java int, with k/m/g
// multipliers for maxAllowedPacket; timeouts and sizes must not be negative.
func parseIntValue(d *propertyDef, name, v string) (int64, error) {
	n, ok := int64(0), false
	if d.name == "maxAllowedPacket" {
		n, ok = parsePacketSize(v)
	} else {
		n, ok = parseJavaInt(v)
	}
	if !ok {
		return 0, &PropertyError{Property: name, Value: v, Err: ErrInvalidProperty,
			Msg: "The connection property '" + name + "' only accepts integer values. The value '" + v + "' can not be converted to an integer."}
	}
	lo, hi := int64(math.MinInt32), int64(math.MaxInt32)
	switch d.name {
	case "connectTimeout", "socketTimeout", "maxAllowedPacket", "port":
		lo = 0
	}
	if n < lo || n > hi {
		return 0, &PropertyError{Property: name, Value: v, Err: ErrInvalidProperty,
			Msg: "The connection property '" + name + "' only accepts integer values in the range of " +
				strconv.FormatInt(lo, 10) + " - " + strconv.FormatInt(hi, 10) + ", the value '" + v + "' exceeds this range."}
	}
	return n, nil
}

// parseJavaInt reads v as a Java int.
func parseJavaInt(v string) (int64, bool) {
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil && n >= math.MinInt32 && n <= math.MaxInt32
}

// parsePacketSize reads a size with an optional k, m or g multiplier.
func parsePacketSize(v string) (int64, bool) {
	s, mult := v, int64(1)
	if s != "" {
		switch s[len(s)-1] {
		case 'k', 'K':
			mult = 1 << 10
		case 'm', 'M':
			mult = 1 << 20
		case 'g', 'G':
			mult = 1 << 30
		}
		if mult > 1 {
			s = s[:len(s)-1]
		}
	}
	n, ok := parseJavaInt(s)
	return n * mult, ok
}

// parseSessionVariables splits name=value,name=value, keeping commas
// inside quotes or parentheses.
func parseSessionVariables(name, v string) ([]SessionVariable, error) {
	var out []SessionVariable
	for _, item := range splitQuoted(v) {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		n, val, ok := strings.Cut(item, "=")
		n, val = strings.TrimSpace(n), strings.TrimSpace(val)
		if !ok || n == "" {
			return nil, &PropertyError{Property: name, Value: v, Err: ErrInvalidProperty,
				Msg: "The connection property '" + name + "' must be a comma-separated list of name=value; the entry '" + item + "' is not."}
		}
		out = append(out, SessionVariable{Name: n, Value: val})
	}
	return out, nil
}

func splitQuoted(s string) []string {
	var out []string
	var quote byte
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"' || c == '`':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			if depth > 0 {
				depth--
			}
		case c == ',' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// parseConnectionAttributes reads key:value,key:value; "none" (or no valid
// pair) gives an empty map, an empty value nil. Pairs without a key are
// skipped, as Connector/J does.
func parseConnectionAttributes(v string) map[string]string {
	if v == "" {
		return nil
	}
	m := map[string]string{}
	if v == "none" {
		return m
	}
	for _, pair := range strings.Split(v, ",") {
		if i := strings.IndexByte(pair, ':'); i > 0 {
			m[pair[:i]] = pair[i+1:]
		}
	}
	return m
}

// unknownPropertyError names the property and suggests the spelling it
// probably meant. It keeps no value: an unknown name may be the tail of a
// password whose '&' was not encoded, which the message then points out.
func unknownPropertyError(name string) error {
	msg := "jdbcmysql: unknown connection property '" + name + "'"
	if s := suggestProperty(name); s != "" {
		msg += "; did you mean '" + s + "'? (Connector/J property names are case-sensitive)"
	} else {
		msg += " (an '&' inside a value must be written %26)"
	}
	msg += "; AllowUnknownProperties accepts unknown names"
	return &PropertyError{Property: name, Msg: msg, Err: ErrUnknownProperty}
}

// passwordTail reports whether the unknown query key k directly follows a
// password property (returned), so that it is probably the password's
// tail after an unencoded '&'.
func (c *Config) passwordTail(k string) (string, bool) {
	if c.parsed == nil {
		return "", false
	}
	pw, ok := c.parsed.afterPassword[k]
	return pw, ok
}

// passwordTailError refuses an unknown property right after password
// property pw (or first in a query that may start with cut user info,
// userInfoCut), even with AllowUnknownProperties, without naming it or
// showing its value: both may be the end of the password.
func passwordTailError(pw string) error {
	if pw == userInfoCut {
		return &PropertyError{Err: ErrUnknownProperty,
			Msg: "jdbcmysql: unknown connection property first in the query (not shown: with an '@' in the query and none in the last host, it may be the end of a user name or password whose '?' ended the host list; a '?' inside one must be written %3F); an unknown property must not come first then"}
	}
	return &PropertyError{Property: pw, Err: ErrUnknownProperty,
		Msg: "jdbcmysql: unknown connection property right after '" + pw + "' (not shown: it may be the end of the password); an '&' inside a value must be written %26, and an unknown property must not directly follow a password"}
}

func suggestProperty(name string) string {
	if len(name) > 64 {
		return ""
	}
	if s, ok := propertyFoldIndex[strings.ToLower(name)]; ok {
		return s
	}
	best, bestD := "", 3
	for i := range propertyTable {
		for _, cand := range []string{propertyTable[i].name, propertyTable[i].alias} {
			if cand == "" || absInt(len(cand)-len(name)) >= bestD {
				continue
			}
			if d := editDistance(strings.ToLower(name), strings.ToLower(cand)); d < bestD {
				best, bestD = cand, d
			}
		}
	}
	return best
}

func absInt(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
