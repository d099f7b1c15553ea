// This file is the JDBC URL grammar: it splits a URL into its scheme, host
// list, database and query, and decodes them as Connector/J does. It gives
// no property a meaning (resolve.go does) and does no I/O.

package jdbcmysql

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// rawURL is a URL as the grammar reads it: decoded, with property names in
// their canonical case, before any property has a meaning.
type rawURL struct {
	scheme       urlScheme
	hosts        []Host // per-host properties and user info in Host.Properties
	explicitPort bool   // some host gave a port (refused with DNS SRV)
	unnamed      []bool // per host: written without a name (localhost; refused with DNS SRV)
	database     string // from the path
	query        map[string]string
	// afterPassword maps each query key that directly follows a password
	// property to that property: with an unencoded '&' in the password,
	// the key is the password's tail.
	afterPassword map[string]string
}

// parseRawURL applies the grammar to s. It refuses what Connector/J's
// parser refuses, with its messages (ErrMalformedURL).
func parseRawURL(s string) (*rawURL, error) {
	parts, err := splitURL(s)
	if err != nil {
		return nil, err
	}
	scheme, ok := schemes[strings.ToLower(parts.scheme)]
	if !ok {
		return nil, malformed("unsupported scheme %q; expected jdbc:mysql:, jdbc:mysql:loadbalance:, jdbc:mysql:replication:, jdbc:mysql+srv: or mysqlx:", redactScheme(parts.scheme))
	}
	defPort := 3306
	if scheme.typ == URLTypeXDevAPI {
		defPort = 33060
	}
	hosts, explicitPort, err := parseAuthority(parts.authority, defPort, scheme.typ == URLTypeXDevAPI)
	if err != nil {
		return nil, err
	}
	unnamed := make([]bool, len(hosts))
	for i := range hosts {
		if hosts[i].Host == "" {
			hosts[i].Host, unnamed[i] = "localhost", true
		}
	}
	if segs := splitOutside(parts.authority, ','); !parts.hasPath && indexOutside(segs[len(segs)-1], '@') < 0 && strings.IndexByte(parts.query, '@') >= 0 {
		// Not shown: this is user info that a '?' in the password cut
		// off (u:12?x@h/db), which would read as properties.
		return nil, malformed("an '@' in the query of a URL without a path: a '?' inside a user name or password must be written %%3F (a URL without a database is written with its '/': jdbc:mysql://h/?...)")
	}
	query, afterPassword, err := parseQuery(parts.query)
	if err != nil {
		return nil, err
	}
	if strings.IndexByte(parts.path, '@') >= 0 {
		// Not shown: this is user info that a '/' in the password cut off.
		return nil, malformed("the database name holds an unencoded '@': a '/' inside a user name or password must be written %%2F (and an '@' in a database name %%40)")
	}
	db, err := decodeComponent(parts.path, "the database")
	if err != nil {
		return nil, err
	}
	return &rawURL{scheme: scheme, hosts: hosts, explicitPort: explicitPort, unnamed: unnamed, database: db, query: query, afterPassword: afterPassword}, nil
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

// urlParts are the raw (undecoded) sections of a URL, after Connector/J's
// main regular expression.
type urlParts struct {
	scheme, authority, path, query string
	hasPath                        bool // a '/' began a path (perhaps empty)
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
			p.path, p.hasPath = s[i+1:j], true
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

// indexOutside is the index of the first sep in s outside (...), or -1.
func indexOutside(s string, sep byte) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case sep:
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// parseAuthority reads the host list. explicitPort reports whether any
// host gave a port (refused with DNS SRV). A host without a name has Host
// "" (parseRawURL makes it localhost).
func parseAuthority(auth string, defPort int, isX bool) (hosts []Host, explicitPort bool, err error) {
	if javaTrim(auth) == "" {
		return []Host{{Port: defPort}}, false, nil
	}
	segs := splitOutside(auth, ',')
	if err := checkUserInfoCommas(segs); err != nil {
		return nil, false, err
	}
	for _, seg := range segs {
		seg = javaTrim(seg)
		var creds map[string]string
		if at := indexOutside(seg, '@'); at >= 0 {
			creds = map[string]string{}
			ui := seg[:at]
			seg = javaTrim(seg[at+1:])
			if indexOutside(seg, '@') >= 0 {
				// Not shown: what precedes the second '@' is part of the password.
				return nil, false, malformed("a host cannot contain '@'; an '@' inside a user name or password must be written %%40")
			}
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

// checkUserInfoCommas refuses a host list entry with user info directly
// after one without. Connector/J splits the host list on ',' before it
// looks for user info, so a ',' in a password (u:pa,ss@h) makes "u:pa" a
// host:port and "ss" the next host's user name; when the fragment before
// the ',' happens to read as a port (u:1234,ss@h), Connector/J connects
// to a host named after the user and shows the password's end as a user
// name. That shape is refused here, with no part of the entries shown.
// Entries after entries that have user info (u1:p1@h1,u2:p2@h2), and
// entries without any, are unaffected; a host list that gives only some
// hosts user info writes those as (host=..,user=..,password=..).
func checkUserInfoCommas(segs []string) error {
	for i := 1; i < len(segs); i++ {
		if indexOutside(segs[i], '@') >= 0 && indexOutside(segs[i-1], '@') < 0 {
			return malformed("a host with user info follows a host without (neither is shown): a ',' inside a user name or password must be written %%2C; to give only some hosts a user, write them as (host=..,user=..,password=..)")
		}
	}
	return nil
}

// parseHostInfo reads one host form (without user info): host[:port],
// [IPv6][:port], [h1,h2] (when allowList), (k=v,...) or address=(k=v)...
func parseHostInfo(hi string, defPort int, isX, allowList bool) ([]Host, bool, error) {
	hi = javaTrim(hi)
	switch {
	case hi == "":
		return []Host{{Port: defPort}}, false, nil
	case hi[0] == '(' && hi[len(hi)-1] != ')':
		// Not shown: the section may hold a password, and an unencoded '/'
		// (in a file: location) ends the authority inside it.
		return nil, false, malformed("a host section that starts with '(' must end with ')'; a '/' inside it must be written %%2F")
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
	if strings.ContainsAny(hostRaw, "()") {
		// Not shown: a ')' in a (host=..) password ended the section
		// early, and the password's end became this host.
		return nil, false, malformed("a host name cannot contain '(' or ')' (it is not shown): a ')' inside a value of a (host=..) section must be written %%29")
	}
	host, err := decodeComponent(hostRaw, "a host name")
	if err != nil {
		return nil, false, err
	}
	h := Host{Host: host, Port: defPort}
	exp := false
	if hasPort {
		p, set, err := parsePort(portRaw, hostRaw)
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
	p, set, err := parsePort(rest[1:], hi[:end+1])
	if err != nil {
		return nil, false, err
	}
	if set {
		h.Port = p
	}
	return []Host{h}, set, nil
}

// parsePort reads a decoded port of host (as written); an empty port means
// the default. The error does not show the port: with a '/' in a password,
// what looks like a port is the password's start.
func parsePort(raw, host string) (int, bool, error) {
	s, err := decodeComponent(raw, "a port")
	if err != nil {
		return 0, false, err
	}
	if s == "" {
		return 0, false, nil
	}
	p, err := strconv.Atoi(s)
	if err != nil || p < 0 || p > 65535 || s[0] == '+' || s[0] == '-' {
		return 0, false, malformed("Failed to parse the host:port pair of host '%s': the port is not a number from 0 to 65535 (it is not shown; a '/', '?' or '#' inside a user name or password must be percent-encoded).", shortKey(host))
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

// decodeProperty decodes a key and value, normalises the key's case, and
// returns the key ("" for none).
func decodeProperty(m map[string]string, rawKey, rawValue string) (string, error) {
	key, err := decodeComponent(rawKey, "a property name")
	if err != nil {
		return "", err
	}
	if key == "" {
		return "", nil
	}
	key = normalizeName(key)
	what := "the value of property '" + key + "'"
	v, err := decodeComponent(rawValue, what)
	if err != nil {
		return "", err
	}
	m[key] = v
	return key, nil
}

// parseKeyValueHost reads "k=v,k=v" of the (host=..) form. Values end at
// the next ',', as in Connector/J, so a ',' inside a password leaves the
// password's end as the next key: a key right after a password (or after a
// store location cut inside its user info) that is not a property name is
// refused without being shown, even with AllowUnknownProperties.
func parseKeyValueHost(s string) (map[string]string, error) {
	m := map[string]string{}
	after := "" // the password or cut location the previous key named
	for _, part := range strings.Split(s, ",") {
		k, v, hasValue := strings.Cut(part, "=")
		if !validKey(k, true) {
			if after != "" {
				return nil, commaTailError(after)
			}
			return nil, malformed("failed to parse the host key-value list near key '%s'.", shortKey(k))
		}
		name, err := decodeProperty(m, k, v)
		if err != nil && after != "" {
			return nil, commaTailError(after)
		}
		if err != nil {
			return nil, err
		}
		if name == "" {
			continue
		}
		if after != "" && propertyIndex[name] == nil && !passwordNamed(name, hasValue) {
			return nil, commaTailError(after)
		}
		after = ""
		if isPasswordName(name) || cutUserInfo(name, m[name]) {
			after = name
		}
	}
	return m, nil
}

// commaTailError refuses what follows property prop in a (host=..)
// section, without showing it: it is probably the end of prop's value.
func commaTailError(prop string) error {
	return malformed("a (host=..) section has a key right after '%s' that is not a property (not shown: it may be the end of the password); a ',' inside a value of a host section must be written %%2C", prop)
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
		if _, err := decodeProperty(m, k, v); err != nil {
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
	h := Host{Port: defPort}
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
// repeatedly; the last of duplicate keys wins. afterPassword maps each
// key that directly follows a password property to that property.
func parseQuery(q string) (m map[string]string, afterPassword map[string]string, err error) {
	m = map[string]string{}
	prevPassword := ""
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
		value, hasValue := "", false
		if i < len(q) && q[i] == '=' {
			hasValue = true
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
			if prevPassword != "" {
				// Not shown: it is probably the password's tail.
				return nil, nil, malformed("failed to parse the connection string after property '%s' (an '&' inside a value must be written %%26)", prevPassword)
			}
			return nil, nil, malformed("failed to parse the connection string near '%s'.", shortKey(near))
		}
		name, err := decodeProperty(m, key, value)
		if err != nil && prevPassword != "" {
			return nil, nil, malformed("bad escape (%%) right after property '%s' (an '&' inside a value must be written %%26)", prevPassword)
		}
		if err != nil {
			return nil, nil, err
		}
		if name == "" {
			continue
		}
		if prevPassword != "" && !passwordNamed(name, hasValue) {
			if afterPassword == nil {
				afterPassword = map[string]string{}
			}
			afterPassword[name] = prevPassword
		}
		prevPassword = ""
		if isPasswordName(name) || cutUserInfo(name, m[name]) {
			prevPassword = name
		}
	}
	return m, afterPassword, nil
}

// passwordNamed reports whether an unknown key that follows a password is
// taken as a property of its own rather than as the password's tail: its
// name contains "password" and it has a value (xPassword=..). A tail
// without '=' is refused even so (p&xpassword); FormatURL writes every
// key with '=' and such names after the passwords, so its output parses.
func passwordNamed(name string, hasValue bool) bool {
	return hasValue && isPasswordName(name)
}

// cutUserInfo reports whether v, the value of store location property
// name, ends inside its user info (cutLocation): an unencoded '&' or ','
// in the password cut it there, and what follows is the password's end.
func cutUserInfo(name, v string) bool {
	d := propertyIndex[name]
	return d != nil && d.location && cutLocation(v)
}

// caseInsensitiveNames are the keys Connector/J folds to lower case
// (PropertyKey.normalizeCase); every other name is case-sensitive.
var caseInsensitiveNames = map[string]string{
	"user": "user", "password": "password", "host": "host", "port": "port",
	"protocol": "protocol", "path": "path", "namedpipepath": "path", "type": "type",
	"address": "address", "priority": "priority", "dbname": "dbname", "paranoid": "paranoid",
}

// normalizeName folds the case-insensitive keys to their canonical
// spelling, as PropertyKey.normalizeCase does; other names are unchanged.
func normalizeName(name string) string {
	if len(name) <= len("namedPipePath") {
		if n, ok := caseInsensitiveNames[strings.ToLower(name)]; ok {
			return n
		}
	}
	return name
}
