// This file parses Connector/J JDBC URLs into Config and formats them back.
// It knows the URL grammar and the property table; it does no I/O.

package jdbcmysql

import (
	"fmt"
	"net"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// SSLMode is Connector/J's sslMode.
type SSLMode string

// The sslMode values, as Connector/J spells them.
const (
	SSLModeDisabled       SSLMode = "DISABLED"
	SSLModePreferred      SSLMode = "PREFERRED"
	SSLModeRequired       SSLMode = "REQUIRED"
	SSLModeVerifyCA       SSLMode = "VERIFY_CA"
	SSLModeVerifyIdentity SSLMode = "VERIFY_IDENTITY"
)

// URLType is the kind of connection a URL's scheme asks for.
type URLType string

// The URL types, after Connector/J's ConnectionUrl.Type.
const (
	URLTypeSingle      URLType = "SINGLE"      // jdbc:mysql: with one host
	URLTypeFailover    URLType = "FAILOVER"    // jdbc:mysql: with several hosts
	URLTypeLoadBalance URLType = "LOADBALANCE" // jdbc:mysql:loadbalance:
	URLTypeReplication URLType = "REPLICATION" // jdbc:mysql:replication:
	URLTypeXDevAPI     URLType = "XDEVAPI"     // mysqlx:
)

// Host is one host of a URL's host list.
type Host struct {
	Host string // as written; IPv6 literals keep their brackets, as in Connector/J
	Port int    // 3306 (33060 for mysqlx:) when the URL gives none; 0 for DNS SRV
	// Properties set for this host only ((host=..,k=v) and address=(k=v)
	// forms), decoded; they override the query's properties. The segment's
	// user:password@ is kept here as "user" and "password" (it applies to
	// that segment's hosts only, as in Connector/J); nil when none.
	Properties map[string]string
}

// Store names a key store or trust store.
type Store struct {
	// URL is the location: file:PATH, file:///PATH, a bare path,
	// classpath:NAME (see WithFS), or http(s)://.
	URL string
	// Type is the declared type (JKS, PKCS12, JCEKS, PEM; any case). It is a
	// hint: the format is detected from the bytes, as Java does. Empty means JKS.
	Type string
	// Password opens the store and recovers every private key in it. For a
	// trust store, an empty Password means no password: the JKS integrity check
	// is skipped (Connector/J 9.1).
	Password string
}

// IgnoredProperty is a property Connector/J knows that jdbcmysql accepts
// but does not act on.
type IgnoredProperty struct {
	Name   string
	Value  string // empty for password-like properties
	Reason string
}

// Config is a parsed JDBC URL. ParseURL fills it; a program can also fill one
// by hand, starting from NewConfig for Connector/J's defaults. Its fields
// hold the effective settings of the first host (query properties with
// that host's own properties on top); for mysqlx: URLs the X DevAPI TLS
// properties are already folded into the classic fields (§1.8).
type Config struct {
	Type     URLType
	Hosts    []Host
	Database string
	User     string
	Password string

	SSLMode SSLMode
	// SSLModeSource says where SSLMode came from: "default", "sslMode",
	// "useSSL/requireSSL/verifyServerCertificate" or "xdevapi.ssl-mode".
	SSLModeSource string

	ClientKeyStore             Store // clientCertificateKeyStore{Url,Type,Password}
	TrustStore                 Store // trustCertificateKeyStore{Url,Type,Password}
	FallbackToSystemKeyStore   bool  // default true
	FallbackToSystemTrustStore bool  // default true
	// ClientCertificateAlias selects a key entry of the client key store
	// (jdbcmysql.clientCertificateKeyStoreAlias, a jdbcmysql extension).
	ClientCertificateAlias string
	// TLSVersions as given by tlsVersions/enabledTLSProtocols, split on
	// commas; nil means Connector/J's default TLSv1.3,TLSv1.2.
	TLSVersions []string
	// TLSCipherSuites as given by tlsCiphersuites/enabledSSLCipherSuites;
	// nil means Go's defaults filtered by Connector/J's rules.
	TLSCipherSuites []string

	// Settings mapped onto go-sql-driver/mysql.
	ConnectTimeout          time.Duration // connectTimeout (ms); 0 = none
	SocketTimeout           time.Duration // socketTimeout (ms); 0 = none
	CharacterEncoding       string        // characterEncoding (Java charset name)
	ConnectionCollation     string        // connectionCollation
	UseAffectedRows         bool          // useAffectedRows; false sets CLIENT_FOUND_ROWS
	AllowMultiQueries       bool          // allowMultiQueries
	MaxAllowedPacket        int           // maxAllowedPacket (bytes); 0 = driver default
	SessionVariables        []SessionVariable
	ConnectionAttributes    map[string]string // connectionAttributes
	AllowPublicKeyRetrieval bool              // allowPublicKeyRetrieval
	ServerRSAPublicKeyFile  string            // serverRSAPublicKeyFile (a path)
	ConnectionTimeZone      string            // connectionTimeZone/serverTimezone

	// DNSSRV is set by the +srv schemes and by dnsSrv=true (xdevapi.dns-srv
	// for mysqlx:): the single host names a DNS SRV record. (dsn part)
	DNSSRV bool

	// Ignored lists properties accepted but not acted on, with the reason.
	Ignored []IgnoredProperty

	// parsed remembers what ParseURL read, so that per-host overrides can
	// be re-applied (hostConfig) and FormatURL can restore query values
	// that the first host overrides. Nil for a Config filled by hand.
	parsed *parsedURL
}

// parsedURL is the part of a parsed URL that the Config fields do not keep.
type parsedURL struct {
	query        map[string]string   // decoded, name-normalised, last one wins
	groups       map[string][]string // groupOf(name) -> names in query
	pathDatabase string              // the database from the path
	allowUnknown bool
	alias        string // WithClientCertificateAlias
}

// SessionVariable is one name=value pair of sessionVariables.
type SessionVariable struct {
	Name, Value string
}

// NewConfig returns a Config with Connector/J's defaults: one host
// localhost:3306, sslMode PREFERRED, both system fallbacks on.
func NewConfig() *Config {
	return &Config{
		Type:                       URLTypeSingle,
		Hosts:                      []Host{{Host: "localhost", Port: 3306}},
		SSLMode:                    SSLModePreferred,
		SSLModeSource:              "default",
		FallbackToSystemKeyStore:   true,
		FallbackToSystemTrustStore: true,
	}
}

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
	parts, err := splitURL(url)
	if err != nil {
		return nil, err
	}
	scheme, ok := schemes[strings.ToLower(parts.scheme)]
	if !ok {
		return nil, malformed("unsupported scheme %q; expected jdbc:mysql:, jdbc:mysql:loadbalance:, jdbc:mysql:replication:, jdbc:mysql+srv: or mysqlx:", redactScheme(parts.scheme))
	}
	isX := scheme.typ == URLTypeXDevAPI
	defPort := 3306
	if isX {
		defPort = 33060
	}
	hosts, explicitPort, err := parseAuthority(parts.authority, defPort, isX)
	if err != nil {
		return nil, err
	}
	query, err := parseQuery(parts.query)
	if err != nil {
		return nil, err
	}
	o.overrideQuery(query)
	db, err := decodeComponent(parts.path, "the database")
	if err != nil {
		return nil, err
	}

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
	if err := c.checkDNSSRV(scheme.srv, explicitPort); err != nil {
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

// urlScheme is what a scheme selects.
type urlScheme struct {
	typ    URLType
	srv    bool
	prefix string // canonical spelling
}

var schemes = map[string]urlScheme{
	"jdbc:mysql:":                 {URLTypeSingle, false, "jdbc:mysql:"},
	"jdbc:mysql:loadbalance:":     {URLTypeLoadBalance, false, "jdbc:mysql:loadbalance:"},
	"jdbc:mysql:replication:":     {URLTypeReplication, false, "jdbc:mysql:replication:"},
	"jdbc:mysql+srv:":             {URLTypeSingle, true, "jdbc:mysql+srv:"},
	"jdbc:mysql+srv:loadbalance:": {URLTypeLoadBalance, true, "jdbc:mysql+srv:loadbalance:"},
	"jdbc:mysql+srv:replication:": {URLTypeReplication, true, "jdbc:mysql+srv:replication:"},
	"mysqlx:":                     {URLTypeXDevAPI, false, "mysqlx:"},
	"mysqlx+srv:":                 {URLTypeXDevAPI, true, "mysqlx+srv:"},
}

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

// redactScheme keeps an error about a scheme short and free of anything
// that looks like credentials.
func redactScheme(s string) string {
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return s
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMalformedURL}, args...)...)
}

// urlParts are the raw (undecoded) sections of a URL, after Connector/J's
// main regular expression.
type urlParts struct {
	scheme, authority, path, query string
}

func isJavaSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\v' || b == '\f' || b == '\r'
}

func isWordByte(b byte) bool {
	return b == '_' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
}

func skipSpace(s string, i int) int {
	for i < len(s) && isJavaSpace(s[i]) {
		i++
	}
	return i
}

// splitURL applies
// (?<scheme>[\w+:%]+)\s*(?://(?<authority>[^/?#]*))?\s*(?:/(?!\s*/)(?<path>[^?#]*))?(?:\?(?!\s*\?)(?<query>[^#]*))?(?:\s*#(?<fragment>.*))?
// to the whole string.
func splitURL(s string) (urlParts, error) {
	var p urlParts
	i := 0
	for i < len(s) && (isWordByte(s[i]) || s[i] == '+' || s[i] == ':' || s[i] == '%') {
		i++
	}
	if i == 0 {
		return p, malformed("failed to parse the main URL sections.")
	}
	p.scheme = s[:i]
	i = skipSpace(s, i)
	if strings.HasPrefix(s[i:], "//") {
		i += 2
		j := i
		for j < len(s) && s[j] != '/' && s[j] != '?' && s[j] != '#' {
			j++
		}
		p.authority = s[i:j]
		i = j
	}
	i = skipSpace(s, i)
	if i < len(s) && s[i] == '/' {
		if k := skipSpace(s, i+1); k >= len(s) || s[k] != '/' {
			j := i + 1
			for j < len(s) && s[j] != '?' && s[j] != '#' {
				j++
			}
			p.path = s[i+1 : j]
			i = j
		}
	}
	if i < len(s) && s[i] == '?' {
		if k := skipSpace(s, i+1); k >= len(s) || s[k] != '?' {
			j := strings.IndexByte(s[i+1:], '#')
			if j < 0 {
				j = len(s) - i - 1
			}
			p.query = s[i+1 : i+1+j]
			i += 1 + j
		}
	}
	if k := skipSpace(s, i); k < len(s) && s[k] == '#' {
		i = len(s)
	}
	if i != len(s) {
		return p, malformed("failed to parse the main URL sections.")
	}
	return p, nil
}

// javaTrim removes leading and trailing bytes <= ' ', as String.trim does.
func javaTrim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
}

// decodeComponent trims s and decodes it like java.net.URLDecoder with
// UTF-8: '+' is a space, %XX are bytes read as UTF-8 (malformed sequences
// become U+FFFD). what names the part for the error on a bad escape.
func decodeComponent(s, what string) (string, error) {
	s = javaTrim(s)
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return strings.ToValidUTF8(s, "\uFFFD"), nil
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			b = append(b, ' ')
		case '%':
			if i+2 >= len(s) {
				return "", malformed("URLDecoder: Incomplete trailing escape (%%) pattern in %s", what)
			}
			hi, ok1 := unhex(s[i+1])
			lo, ok2 := unhex(s[i+2])
			if !ok1 || !ok2 {
				return "", malformed("URLDecoder: Illegal hex characters in escape (%%) pattern in %s", what)
			}
			b = append(b, hi<<4|lo)
			i += 2
		default:
			b = append(b, c)
		}
	}
	if !utf8.Valid(b) {
		return strings.ToValidUTF8(string(b), "\uFFFD"), nil
	}
	return string(b), nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// splitOutside splits s on sep where it is not inside [...] or (...).
func splitOutside(s string, sep byte) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[', '(':
			depth++
		case ']', ')':
			if depth > 0 {
				depth--
			}
		case sep:
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// parseAuthority reads the host list. explicitPort reports whether any
// host gave a port (refused with DNS SRV).
func parseAuthority(auth string, defPort int, isX bool) (hosts []Host, explicitPort bool, err error) {
	if javaTrim(auth) == "" {
		return []Host{{Host: "localhost", Port: defPort}}, false, nil
	}
	for _, seg := range splitOutside(auth, ',') {
		seg = javaTrim(seg)
		var creds map[string]string
		if at := strings.IndexByte(seg, '@'); at >= 0 {
			creds = map[string]string{}
			ui := seg[:at]
			seg = javaTrim(seg[at+1:])
			userRaw, passRaw, hasPass := strings.Cut(ui, ":")
			user, err := decodeComponent(userRaw, "the user name")
			if err != nil {
				return nil, false, err
			}
			if user != "" {
				creds["user"] = user
			}
			if hasPass {
				pass, err := decodeComponent(passRaw, "the password")
				if err != nil {
					return nil, false, err
				}
				creds["password"] = pass
			}
		}
		hs, exp, err := parseHostInfo(seg, defPort, isX, true)
		if err != nil {
			return nil, false, err
		}
		explicitPort = explicitPort || exp
		for _, h := range hs {
			if len(creds) > 0 {
				if h.Properties == nil {
					h.Properties = make(map[string]string, len(creds))
				}
				for k, v := range creds {
					h.Properties[k] = v
				}
			}
			hosts = append(hosts, h)
		}
	}
	return hosts, explicitPort, nil
}

// parseHostInfo reads one host form (without user info): host[:port],
// [IPv6][:port], [h1,h2] (when allowList), (k=v,...) or address=(k=v)...
func parseHostInfo(hi string, defPort int, isX, allowList bool) ([]Host, bool, error) {
	hi = javaTrim(hi)
	switch {
	case hi == "":
		return []Host{{Host: "localhost", Port: defPort}}, false, nil
	case hi[0] == '(' && hi[len(hi)-1] == ')':
		kv, err := parseKeyValueHost(hi[1 : len(hi)-1])
		if err != nil {
			return nil, false, err
		}
		h, exp, err := hostFromProperties(kv, defPort, isX)
		return []Host{h}, exp, err
	case len(hi) >= 8 && strings.EqualFold(hi[:8], "address="):
		kv, err := parseAddressHost(hi[8:])
		if err != nil {
			return nil, false, err
		}
		h, exp, err := hostFromProperties(kv, defPort, isX)
		return []Host{h}, exp, err
	case hi[0] == '[':
		end := strings.IndexByte(hi, ']')
		if end > 0 {
			inner := hi[1:end]
			if strings.IndexByte(inner, ':') >= 0 && strings.IndexByte(inner, ',') < 0 {
				return ipv6Host(hi, end, defPort)
			}
		}
		if allowList && hi[len(hi)-1] == ']' {
			var out []Host
			exp := false
			for _, e := range splitOutside(hi[1:len(hi)-1], ',') {
				hs, ex, err := parseHostInfo(e, defPort, isX, false)
				if err != nil {
					return nil, false, err
				}
				exp = exp || ex
				out = append(out, hs...)
			}
			return out, exp, nil
		}
		return nil, false, malformed("Failed to parse the host:port pair '%s'.", hi)
	}
	hostRaw, portRaw, hasPort := hi, "", false
	if c := strings.LastIndexByte(hi, ':'); c >= 0 {
		hostRaw, portRaw, hasPort = hi[:c], hi[c+1:], true
	}
	host, err := decodeComponent(hostRaw, "a host name")
	if err != nil {
		return nil, false, err
	}
	h := Host{Host: host, Port: defPort}
	if host == "" {
		h.Host = "localhost"
	}
	exp := false
	if hasPort {
		p, set, err := parsePort(portRaw, hi)
		if err != nil {
			return nil, false, err
		}
		if set {
			h.Port, exp = p, true
		}
	}
	return []Host{h}, exp, nil
}

// ipv6Host reads "[literal]" with an optional ":port"; the brackets stay in
// the host, as in Connector/J.
func ipv6Host(hi string, end, defPort int) ([]Host, bool, error) {
	inner, err := decodeComponent(hi[1:end], "a host name")
	if err != nil {
		return nil, false, err
	}
	h := Host{Host: "[" + inner + "]", Port: defPort}
	rest := javaTrim(hi[end+1:])
	if rest == "" {
		return []Host{h}, false, nil
	}
	if rest[0] != ':' {
		return nil, false, malformed("Failed to parse the host:port pair '%s'.", hi)
	}
	p, set, err := parsePort(rest[1:], hi)
	if err != nil {
		return nil, false, err
	}
	if set {
		h.Port = p
	}
	return []Host{h}, set, nil
}

// parsePort reads a decoded port; an empty port means the default.
func parsePort(raw, pair string) (int, bool, error) {
	s, err := decodeComponent(raw, "a port")
	if err != nil {
		return 0, false, err
	}
	if s == "" {
		return 0, false, nil
	}
	p, err := strconv.Atoi(s)
	if err != nil || p < 0 || p > 65535 || s[0] == '+' || s[0] == '-' {
		return 0, false, malformed("Failed to parse the host:port pair '%s'.", pair)
	}
	return p, true, nil
}

func isKeyByte(b byte, spaces bool) bool {
	return isWordByte(b) || b == '.' || b == '-' || b == '%' || (spaces && isJavaSpace(b))
}

func validKey(k string, spaces bool) bool {
	for i := 0; i < len(k); i++ {
		if !isKeyByte(k[i], spaces) {
			return false
		}
	}
	return true
}

// decodeProperty decodes a key and value and normalises the key's case.
func decodeProperty(m map[string]string, rawKey, rawValue string) error {
	key, err := decodeComponent(rawKey, "a property name")
	if err != nil {
		return err
	}
	if key == "" {
		return nil
	}
	key = normalizeName(key)
	what := "the value of property '" + key + "'"
	v, err := decodeComponent(rawValue, what)
	if err != nil {
		return err
	}
	m[key] = v
	return nil
}

// parseKeyValueHost reads "k=v,k=v" of the (host=..) form.
func parseKeyValueHost(s string) (map[string]string, error) {
	m := map[string]string{}
	for _, part := range strings.Split(s, ",") {
		k, v, _ := strings.Cut(part, "=")
		if !validKey(k, true) {
			return nil, malformed("failed to parse the host key-value list near key '%s'.", shortKey(k))
		}
		if err := decodeProperty(m, k, v); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// parseAddressHost reads "(k=v)(k=v)..." after "address=".
func parseAddressHost(s string) (map[string]string, error) {
	m := map[string]string{}
	i := skipSpace(s, 0)
	if i == len(s) {
		return nil, malformed("failed to parse the address=(key=value) host.")
	}
	for i < len(s) {
		if s[i] != '(' {
			return nil, malformed("failed to parse the address=(key=value) host.")
		}
		end := strings.IndexByte(s[i:], ')')
		if end < 0 {
			return nil, malformed("failed to parse the address=(key=value) host.")
		}
		k, v, _ := strings.Cut(s[i+1:i+end], "=")
		if tk := javaTrim(k); tk == "" || !validKey(tk, false) {
			return nil, malformed("failed to parse the address=(key=value) host near key '%s'.", shortKey(k))
		}
		if err := decodeProperty(m, k, v); err != nil {
			return nil, err
		}
		i = skipSpace(s, i+end+1)
	}
	return m, nil
}

func shortKey(k string) string {
	k = javaTrim(k)
	if len(k) > 64 {
		k = k[:64] + "..."
	}
	return k
}

// hostFromProperties turns the keys of a (host=..) or address=(..) form
// into a Host; host and port become fields, the rest per-host properties.
func hostFromProperties(kv map[string]string, defPort int, isX bool) (Host, bool, error) {
	h := Host{Host: "localhost", Port: defPort}
	exp := false
	if isX {
		if a, ok := kv["address"]; ok {
			delete(kv, "address")
			host, port, hasPort := a, "", false
			if strings.HasPrefix(a, "[") {
				if e := strings.IndexByte(a, ']'); e > 0 {
					host, port = a[:e+1], strings.TrimPrefix(a[e+1:], ":")
					hasPort = len(a) > e+1
				}
			} else if c := strings.LastIndexByte(a, ':'); c >= 0 {
				host, port, hasPort = a[:c], a[c+1:], true
			}
			if _, ok := kv["host"]; !ok && host != "" {
				kv["host"] = host
			}
			if _, ok := kv["port"]; !ok && hasPort {
				kv["port"] = port
			}
		}
	}
	if v, ok := kv["host"]; ok {
		delete(kv, "host")
		if v != "" {
			h.Host = v
		}
	}
	if v, ok := kv["port"]; ok {
		delete(kv, "port")
		if v != "" {
			p, err := strconv.Atoi(v)
			if err != nil || p < 0 || p > 65535 || v[0] == '+' || v[0] == '-' {
				return h, false, malformed("Failed to parse the port '%s' of host '%s'.", v, h.Host)
			}
			h.Port, exp = p, true
		}
	}
	if len(kv) > 0 {
		h.Properties = kv
	}
	return h, exp, nil
}

// parseQuery reads the query with [&\s]*(?<key>[\w.\-\s%]*)(?:=(?<value>[^&]*))?
// repeatedly; the last of duplicate keys wins.
func parseQuery(q string) (map[string]string, error) {
	m := map[string]string{}
	i := 0
	for i < len(q) {
		for i < len(q) && (q[i] == '&' || isJavaSpace(q[i])) {
			i++
		}
		if i == len(q) {
			break
		}
		start := i
		for i < len(q) && isKeyByte(q[i], true) {
			i++
		}
		key := q[start:i]
		value := ""
		if i < len(q) && q[i] == '=' {
			end := strings.IndexByte(q[i+1:], '&')
			if end < 0 {
				end = len(q) - i - 1
			}
			value = q[i+1 : i+1+end]
			i += 1 + end
		} else if i < len(q) && q[i] != '&' {
			near := q[i:]
			if a := strings.IndexByte(near, '&'); a >= 0 {
				near = near[:a]
			}
			if k, _, found := strings.Cut(near, "="); found {
				near = k + "=..."
			}
			return nil, malformed("failed to parse the connection string near '%s'.", shortKey(near))
		}
		if err := decodeProperty(m, key, value); err != nil {
			return nil, err
		}
	}
	return m, nil
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

// clone copies c deeply enough that changing the copy leaves c alone.
func (c *Config) clone() *Config {
	cp := *c
	cp.Hosts = make([]Host, len(c.Hosts))
	for i, h := range c.Hosts {
		cp.Hosts[i] = Host{Host: h.Host, Port: h.Port, Properties: copyMap(h.Properties)}
	}
	cp.TLSVersions = copySlice(c.TLSVersions)
	cp.TLSCipherSuites = copySlice(c.TLSCipherSuites)
	if c.SessionVariables != nil {
		cp.SessionVariables = append([]SessionVariable{}, c.SessionVariables...)
	}
	cp.ConnectionAttributes = copyMap(c.ConnectionAttributes)
	if c.Ignored != nil {
		cp.Ignored = append([]IgnoredProperty{}, c.Ignored...)
	}
	return &cp
}

func copyMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	cp := make(map[string]string, len(m))
	for k, v := range m {
		cp[k] = v
	}
	return cp
}

func copySlice(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string{}, s...)
}

// FormatURL returns a JDBC URL that ParseURL (with the same options) turns
// back into an equal Config. It contains the passwords; use String to show
// a Config.
func (c *Config) FormatURL() string { return c.format(false) }

// String describes the Config as a URL with every password, and the user
// info of store URLs, replaced by ***.
func (c Config) String() string { return c.format(true) }

// GoString is String, so that %#v shows no password either.
func (c Config) GoString() string { return c.format(true) }

// String describes the store with its password replaced by ***.
func (s Store) String() string {
	pw := ""
	if s.Password != "" {
		pw = ", password " + redacted
	}
	typ := s.Type
	if typ == "" {
		typ = "JKS"
	}
	return s.URL + " (" + typ + pw + ")"
}

// GoString is String, so that %#v shows no password either.
func (s Store) GoString() string { return s.String() }

// String describes the host and its own properties, password values
// replaced by ***.
func (h Host) String() string {
	var b strings.Builder
	b.WriteString(net.JoinHostPort(strings.Trim(h.Host, "[]"), strconv.Itoa(h.Port)))
	keys := make([]string, 0, len(h.Properties))
	for k := range h.Properties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := h.Properties[k]
		if isPasswordName(k) {
			v = redacted
		}
		b.WriteString(" " + k + "=" + v)
	}
	return b.String()
}

// GoString is String, so that %#v shows no password either.
func (h Host) GoString() string { return h.String() }

const redacted = "***"

// format writes c as a URL; with redact, password values become ***.
func (c *Config) format(redact bool) string {
	var b strings.Builder
	b.WriteString(schemePrefix(c.Type, c.DNSSRV))
	b.WriteString("//")
	for i, h := range c.Hosts {
		if i > 0 {
			b.WriteByte(',')
		}
		writeHost(&b, h, c.DNSSRV, redact)
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
			for _, k := range c.parsed.groups[g] {
				props = append(props, [2]string{k, c.parsed.query[k]})
			}
		}
	}
	sort.SliceStable(props, func(i, j int) bool { return props[i][0] < props[j][0] })
	for i, kv := range props {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString(encodeComponent(kv[0], ""))
		b.WriteByte('=')
		b.WriteString(redactValue(kv[0], kv[1], redact))
	}
	return b.String()
}

func redactValue(name, v string, redact bool) string {
	if redact {
		if isPasswordName(name) {
			return redacted
		}
		if name == "clientCertificateKeyStoreUrl" || name == "trustCertificateKeyStoreUrl" {
			v = redactURLUserInfo(v)
			return strings.ReplaceAll(encodeComponent(v, ":/"), "%2A%2A%2A", redacted)
		}
	}
	return encodeComponent(v, "")
}

// redactURLUserInfo hides the password of scheme://user:password@host.
func redactURLUserInfo(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		if err != nil && strings.Contains(s, "@") {
			return redacted
		}
		return s
	}
	if _, has := u.User.Password(); has {
		return u.Scheme + "://" + u.User.Username() + ":" + redacted + "@" + u.Host + u.EscapedPath()
	}
	return s
}

func writeHost(b *strings.Builder, h Host, srv, redact bool) {
	props := h.Properties
	if user := props["user"]; user != "" {
		b.WriteString(encodeComponent(user, ""))
		if pw, ok := props["password"]; ok {
			b.WriteByte(':')
			b.WriteString(redactValue("password", pw, redact))
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
		return
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
	sort.Strings(keys)
	for _, k := range keys {
		b.WriteByte(',')
		b.WriteString(encodeComponent(k, ""))
		b.WriteByte('=')
		b.WriteString(redactValue(k, props[k], redact))
	}
	b.WriteByte(')')
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
