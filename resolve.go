// This file gives a parsed URL its meaning (ParseURL): it applies the
// properties to a Config with Connector/J's value checks and messages, the
// legacy useSSL/requireSSL/verifyServerCertificate mapping, X DevAPI
// inheritance, the DNS SRV rules and per-host properties. It does no I/O.

package jdbcmysql

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

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
	scheme, hosts, query, db := raw.scheme, raw.hosts, raw.query, raw.database
	isX := scheme.typ == URLTypeXDevAPI

	c := NewConfig()
	c.Type = scheme.typ
	if c.Type == URLTypeSingle && len(hosts) > 1 {
		c.Type = URLTypeFailover
	}
	if isX {
		c.SSLMode = SSLModeRequired
	}
	c.Hosts = hosts
	c.Database = db
	c.DNSSRV = scheme.srv
	c.parsed = &parsedURL{query: query, pathDatabase: db, allowUnknown: o.allowUnknown, alias: o.alias,
		groups: make(map[string][]string, len(query))}
	for k := range query {
		g := groupOf(k)
		c.parsed.groups[g] = append(c.parsed.groups[g], k)
	}

	if err := c.applyProperties(overlay(query, hosts[0].Properties)); err != nil {
		return nil, err
	}
	if err := c.checkDNSSRV(scheme.srv, raw.explicitPort); err != nil {
		return nil, err
	}
	if isX {
		if err := checkXDevAPIHosts(c); err != nil {
			return nil, err
		}
	}
	for i := 1; i < len(c.Hosts); i++ {
		if len(c.Hosts[i].Properties) == 0 {
			continue
		}
		if _, err := c.resolveHost(i, false); err != nil {
			return nil, err
		}
	}
	return c, nil
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

// checkDNSSRV applies Connector/J's DNS SRV rules once dnsSrv is known.
func (c *Config) checkDNSSRV(schemeSRV, explicitPort bool) error {
	if !c.DNSSRV {
		return nil
	}
	if schemeSRV {
		if v, ok := c.parsed.query["dnsSrv"]; ok && parseBoolLoose(v) == "false" {
			return malformed("Using 'dnsSrv=false' with a DNS SRV URL is not allowed.")
		}
		if v, ok := c.parsed.query["xdevapi.dns-srv"]; ok && parseBoolLoose(v) == "false" {
			return malformed("Using 'xdevapi.dns-srv=false' with a DNS SRV URL is not allowed.")
		}
	}
	if len(c.Hosts) != 1 {
		return malformed("Multiple hosts are not allowed with DNS SRV lookup.")
	}
	if explicitPort {
		return malformed("Specifying a port number with DNS SRV lookup is not allowed.")
	}
	c.Hosts[0].Port = 0
	return nil
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

// hostConfig returns a copy of c with host i's own properties applied by
// the same rules as ParseURL, for connecting to that host on failover.
// Settings changed in c after parsing are kept unless a host overrides
// them. For a Config filled by hand, host i's properties are applied on
// top of c.
func (c *Config) hostConfig(i int) (*Config, error) { return c.resolveHost(i, true) }

// resolveHost does the work of hostConfig. Without full, it only checks
// host i's properties: the result shares c's hosts and lacks Ignored, so
// that checking every host of a long list stays linear.
func (c *Config) resolveHost(i int, full bool) (*Config, error) {
	if i < 0 || i >= len(c.Hosts) {
		return nil, fmt.Errorf("jdbcmysql: host index %d out of range (%d hosts)", i, len(c.Hosts))
	}
	var cp *Config
	if full {
		cp = c.clone()
	} else {
		shallow := *c
		shallow.Ignored = nil
		cp = &shallow
	}
	if c.parsed == nil {
		if err := cp.applyProperties(c.Hosts[i].Properties); err != nil {
			return nil, err
		}
		return cp, nil
	}
	touched := propertyGroups(c.Hosts[0].Properties)
	for g := range propertyGroups(c.Hosts[i].Properties) {
		touched[g] = true
	}
	if len(touched) == 0 {
		return cp, nil
	}
	cp.resetGroups(touched)
	props := map[string]string{}
	for g := range touched {
		for _, k := range c.parsed.groups[g] {
			props[k] = c.parsed.query[k]
		}
	}
	for k, v := range c.Hosts[i].Properties {
		props[k] = v
	}
	if err := cp.applyProperties(props); err != nil {
		return nil, err
	}
	return cp, nil
}

const legacySSLSource = "useSSL/requireSSL/verifyServerCertificate"

// groupOf names the Config field(s) a property feeds. Properties of one
// group are re-resolved together when a host overrides any of them.
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

func propertyGroups(props map[string]string) map[string]bool {
	g := make(map[string]bool, len(props))
	for k := range props {
		g[groupOf(k)] = true
	}
	return g
}

// resetGroups puts the fields of the given groups back to their defaults
// (the database back to the URL path) and drops their Ignored entries.
func (c *Config) resetGroups(groups map[string]bool) {
	if groups["tls"] {
		c.SSLMode, c.SSLModeSource = SSLModePreferred, "default"
		if c.Type == URLTypeXDevAPI {
			c.SSLMode = SSLModeRequired
		}
		c.ClientKeyStore, c.TrustStore = Store{}, Store{}
		c.FallbackToSystemKeyStore, c.FallbackToSystemTrustStore = true, true
		c.ClientCertificateAlias = ""
		c.TLSVersions, c.TLSCipherSuites = nil, nil
	}
	for g := range groups {
		switch g {
		case "user":
			c.User = ""
		case "password":
			c.Password = ""
		case "dbname":
			c.Database = ""
			if c.parsed != nil {
				c.Database = c.parsed.pathDatabase
			}
		case "connectTimeout":
			c.ConnectTimeout = 0
		case "socketTimeout":
			c.SocketTimeout = 0
		case "characterEncoding":
			c.CharacterEncoding = ""
		case "connectionCollation":
			c.ConnectionCollation = ""
		case "useAffectedRows":
			c.UseAffectedRows = false
		case "allowMultiQueries":
			c.AllowMultiQueries = false
		case "maxAllowedPacket":
			c.MaxAllowedPacket = 0
		case "sessionVariables":
			c.SessionVariables = nil
		case "connectionAttributes":
			c.ConnectionAttributes = nil
		case "allowPublicKeyRetrieval":
			c.AllowPublicKeyRetrieval = false
		case "serverRSAPublicKeyFile":
			c.ServerRSAPublicKeyFile = ""
		case "connectionTimeZone":
			c.ConnectionTimeZone = ""
		}
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

func (c *Config) addIgnored(name, value, reason string) {
	if isPasswordName(name) {
		value = ""
	}
	c.Ignored = append(c.Ignored, IgnoredProperty{Name: name, Value: value, Reason: reason})
}

// applyProperties checks every property of props and sets the Config
// fields they map to. Properties not acted on are added to Ignored.
func (c *Config) applyProperties(props map[string]string) error {
	allowUnknown := c.parsed != nil && c.parsed.allowUnknown
	isX := c.Type == URLTypeXDevAPI
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)

	set := make(map[string]string, len(props))     // canonical name -> value
	written := make(map[string]string, len(props)) // canonical name -> name as written
	for _, k := range keys {
		v := props[k]
		d := propertyIndex[k]
		if d == nil {
			if allowUnknown {
				c.addIgnored(k, v, "not a Connector/J property (accepted by AllowUnknownProperties)")
				continue
			}
			return unknownPropertyError(k, v)
		}
		if k != d.name {
			if _, both := props[d.name]; both {
				c.addIgnored(k, v, "alias of "+d.name+", which is also set and wins")
				continue
			}
		}
		if err := checkValue(d, k, v); err != nil {
			return err
		}
		if d.refuse != nil {
			if why := d.refuse(v); why != "" {
				return &PropertyError{Property: k, Value: v, Err: ErrUnsupported,
					Msg: "jdbcmysql: connection property '" + k + "' with value '" + v + "' is not supported: " + why + "."}
			}
		}
		set[d.name], written[d.name] = v, k
	}

	for _, k := range keys {
		d := propertyIndex[k]
		if d == nil || written[d.name] != k {
			continue
		}
		v := set[d.name]
		switch d.name {
		case "user":
			c.User = v
		case "password":
			c.Password = v
		case "dbname":
			c.Database = v
		case "protocol":
			// tcp: what jdbcmysql does anyway; pipe was refused above.
		case "host", "port":
			c.addIgnored(k, v, whyURL)
		case "connectTimeout":
			n, _ := parseIntValue(d, k, v)
			c.ConnectTimeout = time.Duration(n) * time.Millisecond
		case "socketTimeout":
			n, _ := parseIntValue(d, k, v)
			c.SocketTimeout = time.Duration(n) * time.Millisecond
		case "maxAllowedPacket":
			n, _ := parseIntValue(d, k, v)
			c.MaxAllowedPacket = int(n)
		case "characterEncoding":
			c.CharacterEncoding = v
		case "connectionCollation":
			c.ConnectionCollation = v
		case "useAffectedRows":
			c.UseAffectedRows = parseBoolLoose(v) == "true"
		case "allowMultiQueries":
			c.AllowMultiQueries = parseBoolLoose(v) == "true"
		case "allowPublicKeyRetrieval":
			c.AllowPublicKeyRetrieval = parseBoolLoose(v) == "true"
		case "serverRSAPublicKeyFile":
			c.ServerRSAPublicKeyFile = v
		case "connectionTimeZone":
			c.ConnectionTimeZone = v
		case "sessionVariables":
			sv, err := parseSessionVariables(k, v)
			if err != nil {
				return err
			}
			c.SessionVariables = sv
		case "connectionAttributes":
			c.ConnectionAttributes = parseConnectionAttributes(v)
		case "dnsSrv":
			if parseBoolLoose(v) == "true" {
				c.DNSSRV = true
			}
		case "xdevapi.dns-srv":
			if !isX {
				c.addIgnored(k, v, whyXOnly)
			} else if parseBoolLoose(v) == "true" {
				c.DNSSRV = true
			}
		default:
			if d.treat != treatTLS {
				c.addIgnored(k, v, d.note)
			}
		}
	}
	c.applyTLS(set, written, isX)
	if c.parsed != nil && c.parsed.alias != "" {
		c.ClientCertificateAlias = c.parsed.alias
	}
	sort.SliceStable(c.Ignored, func(i, j int) bool { return c.Ignored[i].Name < c.Ignored[j].Name })
	return nil
}

// applyTLS sets the TLS fields: sslMode or the legacy mapping of
// Connector/J 8.0.13+, the stores, and for mysqlx: URLs the X DevAPI
// inheritance (XProtocol.beforeHandshake, 8.0.22+).
func (c *Config) applyTLS(set, written map[string]string, isX bool) {
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
	str := func(name string, dst *string) {
		if v, ok := set[name]; ok {
			*dst = v
		}
	}
	boolean := func(name string, dst *bool) {
		if v, ok := set[name]; ok {
			*dst = parseBoolLoose(v) == "true"
		}
	}
	list := func(name string, dst *[]string) {
		if v, ok := set[name]; ok {
			*dst = splitList(v)
		}
	}
	str("trustCertificateKeyStoreUrl", &c.TrustStore.URL)
	str("trustCertificateKeyStoreType", &c.TrustStore.Type)
	str("trustCertificateKeyStorePassword", &c.TrustStore.Password)
	boolean("fallbackToSystemTrustStore", &c.FallbackToSystemTrustStore)
	str("clientCertificateKeyStoreUrl", &c.ClientKeyStore.URL)
	str("clientCertificateKeyStoreType", &c.ClientKeyStore.Type)
	str("clientCertificateKeyStorePassword", &c.ClientKeyStore.Password)
	boolean("fallbackToSystemKeyStore", &c.FallbackToSystemKeyStore)
	list("tlsVersions", &c.TLSVersions)
	list("tlsCiphersuites", &c.TLSCipherSuites)
	str("jdbcmysql.clientCertificateKeyStoreAlias", &c.ClientCertificateAlias)

	xNames := []string{"xdevapi.ssl-mode", "xdevapi.ssl-keystore", "xdevapi.ssl-keystore-type",
		"xdevapi.ssl-keystore-password", "xdevapi.fallback-to-system-keystore", "xdevapi.ssl-truststore",
		"xdevapi.ssl-truststore-type", "xdevapi.ssl-truststore-password",
		"xdevapi.fallback-to-system-truststore", "xdevapi.tls-versions", "xdevapi.tls-ciphersuites"}
	if !isX {
		for _, n := range xNames {
			if v, ok := set[n]; ok {
				c.addIgnored(written[n], v, whyXOnly+"; this is not a mysqlx: URL")
			}
		}
		return
	}
	if v, ok := set["xdevapi.ssl-mode"]; ok {
		c.SSLMode, c.SSLModeSource = SSLMode(strings.ToUpper(v)), "xdevapi.ssl-mode"
	}
	if c.SSLMode == SSLModePreferred {
		c.SSLMode = SSLModeRequired // PREFERRED does not apply to X Protocol
	}
	str("xdevapi.ssl-keystore", &c.ClientKeyStore.URL)
	str("xdevapi.ssl-keystore-type", &c.ClientKeyStore.Type)
	str("xdevapi.ssl-keystore-password", &c.ClientKeyStore.Password)
	boolean("xdevapi.fallback-to-system-keystore", &c.FallbackToSystemKeyStore)
	str("xdevapi.ssl-truststore", &c.TrustStore.URL)
	str("xdevapi.ssl-truststore-type", &c.TrustStore.Type)
	str("xdevapi.ssl-truststore-password", &c.TrustStore.Password)
	boolean("xdevapi.fallback-to-system-truststore", &c.FallbackToSystemTrustStore)
	for _, p := range []struct {
		name string
		dst  *[]string
	}{{"xdevapi.tls-versions", &c.TLSVersions}, {"xdevapi.tls-ciphersuites", &c.TLSCipherSuites}} {
		v, ok := set[p.name]
		if !ok {
			continue
		}
		if c.SSLMode == SSLModeDisabled {
			c.addIgnored(written[p.name], v, "ignored because the X DevAPI ssl mode is DISABLED")
			continue
		}
		*p.dst = splitList(v)
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
	return nil
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
	s, mult := v, int64(1)
	if d.name == "maxAllowedPacket" && s != "" {
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
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < math.MinInt32 || n > math.MaxInt32 {
		return 0, &PropertyError{Property: name, Value: v, Err: ErrInvalidProperty,
			Msg: "The connection property '" + name + "' only accepts integer values. The value '" + v + "' can not be converted to an integer."}
	}
	lo, hi := int64(math.MinInt32), int64(math.MaxInt32)
	switch d.name {
	case "connectTimeout", "socketTimeout", "maxAllowedPacket", "port":
		lo = 0
	}
	n *= mult
	if n < lo || n > hi {
		return 0, &PropertyError{Property: name, Value: v, Err: ErrInvalidProperty,
			Msg: "The connection property '" + name + "' only accepts integer values in the range of " +
				strconv.FormatInt(lo, 10) + " - " + strconv.FormatInt(hi, 10) + ", the value '" + v + "' exceeds this range."}
	}
	return n, nil
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
// probably meant.
func unknownPropertyError(name, v string) error {
	if isPasswordName(name) {
		v = ""
	}
	msg := "jdbcmysql: unknown connection property '" + name + "'"
	if s := suggestProperty(name); s != "" {
		msg += "; did you mean '" + s + "'? (Connector/J property names are case-sensitive)"
	}
	msg += "; AllowUnknownProperties accepts unknown names"
	return &PropertyError{Property: name, Value: v, Msg: msg, Err: ErrUnknownProperty}
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

// queryProperties turns the fields of the groups not in skip back into
// properties, for FormatURL.
func (c *Config) queryProperties(skip map[string]bool) [][2]string {
	var out [][2]string
	add := func(group, name, v string) {
		if !skip[group] {
			out = append(out, [2]string{name, v})
		}
	}
	if c.User != "" {
		add("user", "user", c.User)
	}
	if c.Password != "" {
		add("password", "password", c.Password)
	}
	if !skip["tls"] {
		out = append(out, c.tlsProperties()...)
	}
	if c.ConnectTimeout != 0 {
		add("connectTimeout", "connectTimeout", strconv.FormatInt(c.ConnectTimeout.Milliseconds(), 10))
	}
	if c.SocketTimeout != 0 {
		add("socketTimeout", "socketTimeout", strconv.FormatInt(c.SocketTimeout.Milliseconds(), 10))
	}
	if c.CharacterEncoding != "" {
		add("characterEncoding", "characterEncoding", c.CharacterEncoding)
	}
	if c.ConnectionCollation != "" {
		add("connectionCollation", "connectionCollation", c.ConnectionCollation)
	}
	if c.UseAffectedRows {
		add("useAffectedRows", "useAffectedRows", "true")
	}
	if c.AllowMultiQueries {
		add("allowMultiQueries", "allowMultiQueries", "true")
	}
	if c.MaxAllowedPacket != 0 {
		add("maxAllowedPacket", "maxAllowedPacket", strconv.Itoa(c.MaxAllowedPacket))
	}
	if len(c.SessionVariables) > 0 {
		parts := make([]string, len(c.SessionVariables))
		for i, sv := range c.SessionVariables {
			parts[i] = sv.Name + "=" + sv.Value
		}
		add("sessionVariables", "sessionVariables", strings.Join(parts, ","))
	}
	if c.ConnectionAttributes != nil {
		v := "none"
		if len(c.ConnectionAttributes) > 0 {
			keys := make([]string, 0, len(c.ConnectionAttributes))
			for k := range c.ConnectionAttributes {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for i, k := range keys {
				keys[i] = k + ":" + c.ConnectionAttributes[k]
			}
			v = strings.Join(keys, ",")
		}
		add("connectionAttributes", "connectionAttributes", v)
	}
	if c.AllowPublicKeyRetrieval {
		add("allowPublicKeyRetrieval", "allowPublicKeyRetrieval", "true")
	}
	if c.ServerRSAPublicKeyFile != "" {
		add("serverRSAPublicKeyFile", "serverRSAPublicKeyFile", c.ServerRSAPublicKeyFile)
	}
	if c.ConnectionTimeZone != "" {
		add("connectionTimeZone", "connectionTimeZone", c.ConnectionTimeZone)
	}
	for _, ig := range c.Ignored {
		add(groupOf(ig.Name), ig.Name, ig.Value)
	}
	return out
}

// tlsProperties writes the TLS fields as the properties that produce them.
func (c *Config) tlsProperties() [][2]string {
	var out [][2]string
	add := func(n, v string) { out = append(out, [2]string{n, v}) }
	isX := c.Type == URLTypeXDevAPI
	def := SSLModePreferred
	if isX {
		def = SSLModeRequired
	}
	switch {
	case c.SSLModeSource == "default" && c.SSLMode == def:
	case c.SSLModeSource == "xdevapi.ssl-mode" && isX:
		add("xdevapi.ssl-mode", string(c.SSLMode))
	case c.SSLModeSource == legacySSLSource && c.SSLMode == SSLModeDisabled:
		add("useSSL", "false")
	case c.SSLModeSource == legacySSLSource && c.SSLMode == SSLModeVerifyCA:
		add("verifyServerCertificate", "true")
	case c.SSLModeSource == legacySSLSource && c.SSLMode == SSLModeRequired:
		add("requireSSL", "true")
	case c.SSLModeSource == legacySSLSource && c.SSLMode == SSLModePreferred:
		add("useSSL", "true")
	default:
		add("sslMode", string(c.SSLMode))
	}
	for _, s := range []struct {
		prefix string
		st     Store
	}{{"trustCertificateKeyStore", c.TrustStore}, {"clientCertificateKeyStore", c.ClientKeyStore}} {
		if s.st.URL != "" {
			add(s.prefix+"Url", s.st.URL)
		}
		if s.st.Type != "" {
			add(s.prefix+"Type", s.st.Type)
		}
		if s.st.Password != "" {
			add(s.prefix+"Password", s.st.Password)
		}
	}
	if !c.FallbackToSystemKeyStore {
		add("fallbackToSystemKeyStore", "false")
	}
	if !c.FallbackToSystemTrustStore {
		add("fallbackToSystemTrustStore", "false")
	}
	if c.TLSVersions != nil {
		add("tlsVersions", strings.Join(c.TLSVersions, ","))
	}
	if c.TLSCipherSuites != nil {
		add("tlsCiphersuites", strings.Join(c.TLSCipherSuites, ","))
	}
	if c.ClientCertificateAlias != "" {
		add("jdbcmysql.clientCertificateKeyStoreAlias", c.ClientCertificateAlias)
	}
	return out
}
