// This file writes a Config back as a JDBC URL (FormatURL, String), lists
// the mapped properties a Config sets, and holds the redaction that every
// URL, host, property value and store location jdbcmysql prints goes
// through.

package jdbcmysql

import (
	"sort"
	"strconv"
	"strings"
)

// FormatURL returns a JDBC URL that ParseURL (with the same options) turns
// back into an equal Config. It contains the passwords; use String to show
// a Config.
func (c *Config) FormatURL() string { return c.format(false) }

func schemePrefix(t URLType, srv bool) string {
	for _, s := range schemes {
		if s.srv == srv && (s.typ == t || (t == URLTypeFailover && s.typ == URLTypeSingle)) {
			return s.prefix
		}
	}
	if srv {
		return "jdbc:mysql+srv:"
	}
	return "jdbc:mysql:"
}

// format writes c as a URL; with redact, password values become ***.
func (c *Config) format(redact bool) string {
	var b strings.Builder
	b.WriteString(schemePrefix(c.Type, c.DNSSRV))
	b.WriteString("//")
	wroteUserInfo := true
	for i, h := range c.Hosts {
		if i > 0 {
			b.WriteByte(',')
		}
		// User info only where ParseURL takes it: on the first host, or
		// after a host written with user info (checkUserInfoCommas).
		wroteUserInfo = writeHost(&b, h, c.DNSSRV, redact, wroteUserInfo)
	}
	b.WriteByte('/')
	touched := propertyGroups(nil)
	if len(c.Hosts) > 0 {
		touched = propertyGroups(c.Hosts[0].Properties)
	}
	db := c.Database
	if touched["dbname"] && c.parsed != nil {
		db = c.parsed.pathDatabase
	}
	b.WriteString(encodeComponent(db, ""))
	props := c.queryProperties(touched)
	if c.parsed != nil {
		for g := range touched {
			eachGroupName(g, func(k string) {
				if v, ok := c.parsed.query[k]; ok {
					props = append(props, [2]string{k, v})
				}
			})
		}
	}
	sort.SliceStable(props, func(i, j int) bool {
		if li, lj := writtenLast(props[i][0], redact), writtenLast(props[j][0], redact); li != lj {
			return lj
		}
		return props[i][0] < props[j][0]
	})
	for i, kv := range props {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString(encodeComponent(kv[0], ""))
		b.WriteByte('=')
		writeValue(&b, kv[0], kv[1], redact)
	}
	return b.String()
}

// writtenLast reports whether FormatURL writes property name after the
// others of the query or of a host section (each sorted by name): a
// password or a store location. ParseURL refuses an unknown property
// right after one (it may be the password's tail), except a name with
// "password" in it that has a value.
func writtenLast(name string, redact bool) bool {
	d := propertyIndex[name]
	return !redact && (isPasswordName(name) || (d != nil && d.location))
}

// writeValue writes a property value for a URL; with redact, as
// redactValue shows it.
func writeValue(b *strings.Builder, name, v string, redact bool) {
	if !redact {
		b.WriteString(encodeComponent(v, ""))
		return
	}
	if isPasswordName(name) {
		b.WriteString(redacted)
		return
	}
	shown := redactValue(name, v)
	if d := propertyIndex[name]; shown == v && (d == nil || !d.location) {
		b.WriteString(encodeComponent(v, ""))
		return
	}
	b.WriteString(strings.ReplaceAll(encodeComponent(shown, ":/"), "%2A%2A%2A", redacted))
}

// writeHost writes one host: its user and password as user info when
// userInfo allows it and it has a user, its other properties (and then
// the user and password too) in a (host=..) section. It reports whether
// it wrote user info.
func writeHost(b *strings.Builder, h Host, srv, redact, userInfo bool) (wroteUserInfo bool) {
	props := h.Properties
	if user := props["user"]; user != "" && userInfo {
		wroteUserInfo = true
		b.WriteString(encodeComponent(user, ""))
		if pw, ok := props["password"]; ok {
			b.WriteByte(':')
			writeValue(b, "password", pw, redact)
		}
		b.WriteByte('@')
		props = copyMap(props)
		delete(props, "user")
		delete(props, "password")
	}
	if len(props) == 0 {
		if strings.HasPrefix(h.Host, "[") && strings.HasSuffix(h.Host, "]") && strings.Contains(h.Host, ":") && len(h.Host) > 2 {
			b.WriteByte('[')
			b.WriteString(encodeComponent(h.Host[1:len(h.Host)-1], ":"))
			b.WriteByte(']')
		} else {
			b.WriteString(encodeComponent(h.Host, ""))
		}
		if !srv {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(h.Port))
		}
		return wroteUserInfo
	}
	b.WriteString("(host=")
	b.WriteString(encodeComponent(h.Host, ""))
	if !srv {
		b.WriteString(",port=")
		b.WriteString(strconv.Itoa(h.Port))
	}
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if li, lj := writtenLast(keys[i], redact), writtenLast(keys[j], redact); li != lj {
			return lj
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		b.WriteByte(',')
		b.WriteString(encodeComponent(k, ""))
		b.WriteByte('=')
		writeValue(b, k, props[k], redact)
	}
	b.WriteByte(')')
	return wroteUserInfo
}

// encodeComponent percent-encodes every byte but A-Z a-z 0-9 - . _ ~ and
// those in keep, so that decodeComponent returns s unchanged.
func encodeComponent(s, keep string) string {
	const hexDigits = "0123456789ABCDEF"
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i], keep) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c, keep) {
			b = append(b, c)
		} else {
			b = append(b, '%', hexDigits[c>>4], hexDigits[c&15])
		}
	}
	return string(b)
}

func unreserved(c byte, keep string) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		c == '-' || c == '.' || c == '_' || c == '~' || (keep != "" && strings.IndexByte(keep, c) >= 0)
}

// queryProperties writes the fields of the groups not in skip as the
// properties that produce them: each row's rule formats its field, the
// sslMode is written as the property that set it, and Ignored entries are
// written back as they were.
func (c *Config) queryProperties(skip map[string]bool) [][2]string {
	var out [][2]string
	if !skip["tls"] {
		if name, v, ok := c.sslModeProperty(); ok {
			out = append(out, [2]string{name, v})
		}
	}
	for i := range propertyTable {
		d := &propertyTable[i]
		if d.rule == nil || skip[groupOf(d.name)] {
			continue
		}
		if v, ok := d.rule.format(c); ok {
			out = append(out, [2]string{d.name, v})
		}
	}
	for _, ig := range c.Ignored {
		if !skip[groupOf(ig.Name)] {
			out = append(out, [2]string{ig.Name, ig.Value})
		}
	}
	return out
}

// sslModeProperty names the property (and value) that gives c its SSLMode
// and SSLModeSource; false when both are the URL's defaults.
func (c *Config) sslModeProperty() (name, value string, ok bool) {
	isX := c.Type == URLTypeXDevAPI
	def := SSLModePreferred
	if isX {
		def = SSLModeRequired
	}
	switch {
	case c.SSLModeSource == "default" && c.SSLMode == def:
		return "", "", false
	case c.SSLModeSource == "xdevapi.ssl-mode" && isX:
		return "xdevapi.ssl-mode", string(c.SSLMode), true
	case c.SSLModeSource == legacySSLSource && c.SSLMode == SSLModeDisabled:
		return "useSSL", "false", true
	case c.SSLModeSource == legacySSLSource && c.SSLMode == SSLModeVerifyCA:
		return "verifyServerCertificate", "true", true
	case c.SSLModeSource == legacySSLSource && c.SSLMode == SSLModeRequired:
		return "requireSSL", "true", true
	case c.SSLModeSource == legacySSLSource && c.SSLMode == SSLModePreferred:
		return "useSSL", "true", true
	}
	return "sslMode", string(c.SSLMode), true
}

// MappedProperty is a property jdbcmysql passes on to go-sql-driver/mysql,
// with the value a Config gives it.
type MappedProperty struct {
	Name   string // the Connector/J property
	Value  string // as FormatURL writes it; *** for a password
	Target string // what it becomes in go-sql-driver/mysql
}

// MappedProperties lists the properties of c, other than the TLS ones,
// whose value is not Connector/J's default, and what each becomes in
// go-sql-driver/mysql, in the order of the README's property table. The
// database and DNS SRV, which a URL carries in its path and scheme, are
// not listed.
func (c *Config) MappedProperties() []MappedProperty {
	var out []MappedProperty
	for i := range propertyTable {
		d := &propertyTable[i]
		if d.treat != treatMapped || d.rule == nil {
			continue
		}
		if v, ok := d.rule.format(c); ok {
			out = append(out, MappedProperty{Name: d.name, Value: redactValue(d.name, v), Target: d.note})
		}
	}
	return out
}

const redacted = "***"

// redactValue is what may be shown of property name's value v: *** for a
// password; for a store location, or a property jdbcmysql does not know,
// the value with the password of any user info hidden (redactLocation);
// any other value as it is.
func redactValue(name, v string) string {
	if isPasswordName(name) {
		return redacted
	}
	if d := propertyIndex[name]; d == nil || d.location {
		return redactLocation(v)
	}
	return v
}

// RedactLocation returns a store location (or any URL) as jdbcmysql shows
// it in errors, logs, String and the CLI: the password of its user info is
// replaced by ***, even where net/url cannot parse the location. Bare
// paths, file: and classpath: locations are returned unchanged.
func RedactLocation(location string) string { return redactLocation(location) }

// redactLocation is how every URL or store location jdbcmysql prints is
// shown (errors, logs, String, the CLI): the password of its user info
// becomes ***. It does not need net/url to parse the location, which
// fails on much of what a password holds (a space, '/', '?', '#', an
// opaque https:user:password@host): everything between the scheme (and
// "//") and the last '@' is user info, and what follows its first ':' is
// the password. A location that ends inside its user info (cutLocation)
// is shown only up to its first ':'. Bare paths, file: and classpath:
// locations carry no credentials and are shown unchanged. The result
// redacts to itself.
func redactLocation(location string) string {
	scheme, rest, _ := locationScheme(location)
	switch scheme {
	case "", "file", "classpath":
		return location
	case "jar":
		return location[:len(location)-len(rest)] + redactLocation(rest)
	}
	start := 0
	if strings.HasPrefix(rest, "//") {
		start = 2
	}
	prefix := location[:len(location)-len(rest)]
	if cutLocation(location) {
		// All after the first ':' may be the password (or its start).
		colon := strings.IndexByte(rest[start:], ':')
		return prefix + rest[:start+colon+1] + redacted
	}
	at := strings.LastIndexByte(rest, '@')
	if at < 0 {
		return location
	}
	colon := strings.IndexByte(rest[start:at], ':')
	if colon < 0 {
		return location
	}
	return prefix + rest[:start+colon+1] + redacted + rest[at:]
}

// cutLocation reports whether a store location (scheme other than file:
// and classpath:, not a bare path) seems to end inside its user info:
// user info with a password (the part before the last '@' holds a ':')
// that no path follows, or, without an '@', a ':' after the host that no
// port (one or more digits) follows, or a port that no path follows. That is what an unencoded
// '&', '#' or ',' in the password leaves of https://svc:password@host/ks
// (https://svc:pa), with a '/' or '@' inside the password before the cut
// (https://svc:pa/ss, https://svc:pa@ss). A location at a server's root,
// or with a port, is written with its path: https://host:8443/.
func cutLocation(location string) bool {
	scheme, rest, _ := locationScheme(location)
	switch scheme {
	case "", "file", "classpath":
		return false
	case "jar":
		return cutLocation(rest)
	}
	rest = strings.TrimPrefix(rest, "//")
	if at := strings.LastIndexByte(rest, '@'); at >= 0 && strings.IndexByte(rest[:at], ':') >= 0 {
		return strings.IndexByte(rest[at+1:], '/') < 0
	}
	host, hasPath := rest, false
	if end := strings.IndexAny(rest, "/?#"); end >= 0 {
		host, hasPath = rest[:end], rest[end] == '/'
	}
	if strings.HasPrefix(host, "[") {
		if e := strings.IndexByte(host, ']'); e >= 0 {
			host = host[e+1:]
		}
	}
	c := strings.LastIndexByte(host, ':')
	if c < 0 {
		return false
	}
	port := host[c+1:]
	for _, r := range port {
		if r < '0' || r > '9' {
			return true
		}
	}
	return port == "" || !hasPath
}

// redactScheme shows the part of an unsupported scheme that cannot hold
// credentials: its leading segments that name JDBC schemes (and the
// subprotocol after jdbc:), with "..." for the rest, so that
// jdbc:mysql:root:secret shows as jdbc:mysql:....
func redactScheme(s string) string {
	segments := strings.Split(s, ":")
	var b strings.Builder
	for i, seg := range segments {
		if i == len(segments)-1 && seg == "" {
			return b.String()
		}
		switch strings.ToLower(seg) {
		case "jdbc", "mysql", "mysqlx", "mysql+srv", "mysqlx+srv", "loadbalance", "replication":
		default:
			if i != 1 || !strings.EqualFold(segments[0], "jdbc") || len(seg) > 32 {
				return b.String() + "..."
			}
		}
		b.WriteString(seg + ":")
	}
	return b.String()
}
