// This file is the table of every connection property Connector/J knows:
// its name, alias, kind, default, and what jdbcmysql does with it.

package jdbcmysql

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// propKind is how a property's value is parsed.
type propKind int

const (
	kindString propKind = iota
	kindBool
	kindInt
	kindEnum
	kindPassword // a string that never appears in errors, String() or Ignored
)

func (k propKind) String() string {
	return [...]string{"string", "bool", "int", "enum", "password"}[k]
}

// propTreatment says what jdbcmysql does with a property.
type propTreatment int

const (
	treatIgnored propTreatment = iota // accepted, listed in Config.Ignored
	treatMapped                       // mapped onto go-sql-driver/mysql (or the URL)
	treatTLS                          // feeds the TLS set-up
)

func (t propTreatment) String() string {
	return [...]string{"ignored", "mapped", "tls"}[t]
}

// propertyDef describes one Connector/J connection property.
type propertyDef struct {
	name    string // exact key
	alias   string // older or camel-case name, "" if none
	kind    propKind
	def     string   // Connector/J's default, "" for null
	values  []string // accepted values of an enum, sorted
	treat   propTreatment
	meaning string // what it does in Connector/J
	// note says what jdbcmysql does (mapped/tls) or why it is ignored.
	note string
	// refuse returns a reason when jdbcmysql cannot honour this value and
	// ignoring it would weaken security; the parse then fails with
	// ErrUnsupported.
	refuse func(v string) string
	// location marks a store location, whose user info may hold a password.
	location bool
	// rule is how the property sets, resets and writes back the Config field
	// it feeds. Every mapped and TLS property has one, except the five that
	// decide the sslMode together (see applySSLMode).
	rule *fieldRule
}

// xdevapiOnly reports whether d is an X DevAPI property that applies to
// mysqlx: URLs only (and is ignored elsewhere).
func (d *propertyDef) xdevapiOnly() bool {
	return strings.HasPrefix(d.name, "xdevapi.") && d.treat != treatIgnored
}

// fieldRule is how a property feeds its Config field: apply sets it from a
// value checkProperties accepted (name is the property as written), or
// returns why it does not (the property is then listed as ignored); reset
// puts it back to its value in base (the Config ParseURL starts from), and
// format gives the value FormatURL writes, with false when the field holds
// NewConfig's value or the URL carries it elsewhere (path, scheme). check,
// if set, refuses values the property's kind lets through.
type fieldRule struct {
	apply  func(c *Config, v string) (ignoredBecause string)
	reset  func(c, base *Config)
	format func(c *Config) (string, bool)
	check  func(name, v string) error
}

// connectorJDefaults is NewConfig's Config, which FormatURL leaves out.
var connectorJDefaults = NewConfig()

func stringField(field func(*Config) *string) *fieldRule {
	return &fieldRule{
		apply:  func(c *Config, v string) string { *field(c) = v; return "" },
		reset:  func(c, base *Config) { *field(c) = *field(base) },
		format: func(c *Config) (string, bool) { v := *field(c); return v, v != *field(connectorJDefaults) },
	}
}

func boolField(field func(*Config) *bool) *fieldRule {
	return &fieldRule{
		apply: func(c *Config, v string) string { *field(c) = parseBoolLoose(v) == "true"; return "" },
		reset: func(c, base *Config) { *field(c) = *field(base) },
		format: func(c *Config) (string, bool) {
			v := *field(c)
			return strconv.FormatBool(v), v != *field(connectorJDefaults)
		},
	}
}

// millisecondsField is an integer property in milliseconds.
func millisecondsField(field func(*Config) *time.Duration) *fieldRule {
	return &fieldRule{
		apply: func(c *Config, v string) string {
			n, _ := strconv.ParseInt(v, 10, 64)
			*field(c) = time.Duration(n) * time.Millisecond
			return ""
		},
		reset: func(c, base *Config) { *field(c) = *field(base) },
		format: func(c *Config) (string, bool) {
			d := *field(c)
			return strconv.FormatInt(d.Milliseconds(), 10), d != *field(connectorJDefaults)
		},
	}
}

// listField is a comma-separated list; a set but empty property is an
// empty, non-nil list.
func listField(field func(*Config) *[]string) *fieldRule {
	return &fieldRule{
		apply:  func(c *Config, v string) string { *field(c) = splitList(v); return "" },
		reset:  func(c, base *Config) { *field(c) = *field(base) },
		format: func(c *Config) (string, bool) { v := *field(c); return strings.Join(v, ","), v != nil },
	}
}

// xdevapiField is an X DevAPI property that feeds the same field as a
// classic one (applied after it, for mysqlx: URLs only); FormatURL writes
// the field through the classic property.
func xdevapiField(r *fieldRule) *fieldRule {
	return &fieldRule{apply: r.apply, reset: r.reset, check: r.check,
		format: func(*Config) (string, bool) { return "", false }}
}

// unlessDisabled applies r only when the sslMode is not DISABLED (the X
// DevAPI's tls-versions and tls-ciphersuites); otherwise the property is
// listed as ignored.
func unlessDisabled(r *fieldRule) *fieldRule {
	cp := *r
	cp.apply = func(c *Config, v string) string {
		if c.SSLMode == SSLModeDisabled {
			return "ignored because the X DevAPI ssl mode is DISABLED"
		}
		return r.apply(c, v)
	}
	return &cp
}

// noFormat is the format of a field the URL carries outside its query.
func noFormat(*Config) (string, bool) { return "", false }

// databaseRule: dbname overrides the path's database, which FormatURL
// writes as the path.
var databaseRule = &fieldRule{
	apply:  func(c *Config, v string) string { c.Database = v; return "" },
	reset:  func(c, base *Config) { c.Database = base.Database },
	format: noFormat,
}

// hostKeyRule: a host's own key that host selection reads from the host's
// properties (and the query) itself; it sets no field.
var hostKeyRule = &fieldRule{
	apply:  func(*Config, string) string { return "" },
	reset:  func(c, base *Config) {},
	format: noFormat,
}

// urlKeyRule: host and port in the query mean nothing (the authority names
// the hosts); they are listed as ignored, which FormatURL writes back.
var urlKeyRule = &fieldRule{
	apply:  func(*Config, string) string { return whyURL },
	reset:  func(c, base *Config) {},
	format: noFormat,
}

// protocolRule: tcp is what jdbcmysql does anyway; pipe is refused.
var protocolRule = &fieldRule{
	apply:  func(*Config, string) string { return "" },
	reset:  func(c, base *Config) {},
	format: noFormat,
}

// dnsSRVRule: dnsSrv=true asks for DNS SRV; false does not undo a +srv
// scheme, which FormatURL writes.
var dnsSRVRule = &fieldRule{
	apply: func(c *Config, v string) string {
		if parseBoolLoose(v) == "true" {
			c.DNSSRV = true
		}
		return ""
	},
	reset:  func(c, base *Config) { c.DNSSRV = base.DNSSRV },
	format: noFormat,
}

// packetSizeRule: maxAllowedPacket in bytes, with k/m/g multipliers.
var packetSizeRule = &fieldRule{
	apply: func(c *Config, v string) string {
		n, _ := parsePacketSize(v)
		c.MaxAllowedPacket = int(n)
		return ""
	},
	reset:  func(c, base *Config) { c.MaxAllowedPacket = base.MaxAllowedPacket },
	format: func(c *Config) (string, bool) { return strconv.Itoa(c.MaxAllowedPacket), c.MaxAllowedPacket != 0 },
}

var sessionVariablesRule = &fieldRule{
	apply: func(c *Config, v string) string {
		c.SessionVariables, _ = parseSessionVariables("sessionVariables", v)
		return ""
	},
	reset: func(c, base *Config) { c.SessionVariables = base.SessionVariables },
	format: func(c *Config) (string, bool) {
		parts := make([]string, len(c.SessionVariables))
		for i, sv := range c.SessionVariables {
			parts[i] = sv.Name + "=" + sv.Value
		}
		return strings.Join(parts, ","), len(parts) > 0
	},
	check: func(name, v string) error {
		_, err := parseSessionVariables(name, v)
		return err
	},
}

// connectionAttributesRule: none (or no valid pair) is an empty map.
var connectionAttributesRule = &fieldRule{
	apply: func(c *Config, v string) string { c.ConnectionAttributes = parseConnectionAttributes(v); return "" },
	reset: func(c, base *Config) { c.ConnectionAttributes = base.ConnectionAttributes },
	format: func(c *Config) (string, bool) {
		if len(c.ConnectionAttributes) == 0 {
			return "none", c.ConnectionAttributes != nil
		}
		keys := make([]string, 0, len(c.ConnectionAttributes))
		for k := range c.ConnectionAttributes {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for i, k := range keys {
			keys[i] = k + ":" + c.ConnectionAttributes[k]
		}
		return strings.Join(keys, ","), true
	},
}

// The reasons shared by many ignored properties.
const (
	whyJDBC      = "JDBC API behaviour (statements, result sets, metadata) with no database/sql counterpart"
	whyCache     = "client-side caching inside Connector/J; go-sql-driver has its own"
	why51        = "removed in Connector/J 8.0, which ignores it; accepted so 5.1-era URLs keep parsing"
	whyDebug     = "Connector/J logging, profiling or debugging"
	whyReconnect = "Connector/J's reconnect tuning; database/sql retires and replaces broken connections itself"
	why90        = "removed in Connector/J 9.0, which ignores it"
	whyLive      = "live management of connection groups (JMX); database/sql has no counterpart"
	whySwap      = "a load-balanced connection never swaps hosts in jdbcmysql (rebalancing is per connection)"
	whyJava      = "names a Java class or Java-only mechanism"
	whyAuth      = "authentication plugin selection; go-sql-driver negotiates its own plugins"
	whyXOnly     = "X DevAPI only; used for mysqlx: URLs"
	whySocket    = "socket tuning go-sql-driver does not expose"
	whyCharset   = "character handling done by the server and go-sql-driver"
	whyURL       = "URL-level key; hosts come from the authority"
)

func notSetRefuse(why string) func(string) string {
	return func(v string) string {
		if v == "" {
			return ""
		}
		return why
	}
}

func trueRefuse(why string) func(string) string {
	return func(v string) string {
		if strings.EqualFold(v, "true") || strings.EqualFold(v, "yes") {
			return why
		}
		return ""
	}
}

var sslModeValues = []string{"DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"}
var xSSLModeValues = []string{"DISABLED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"}

// propertyTable lists every property of Connector/J 8.0–9.1 (PropertyKey),
// plus jdbcmysql's own extension.
var propertyTable = []propertyDef{
	// URL-level keys (case-insensitive).
	{name: "user", kind: kindString, treat: treatMapped, rule: stringField(func(c *Config) *string { return &c.User }), meaning: "Database user.", note: "go-sql-driver User"},
	{name: "password", kind: kindPassword, treat: treatMapped, rule: stringField(func(c *Config) *string { return &c.Password }), meaning: "Database password.", note: "go-sql-driver Passwd"},
	{name: "dbname", kind: kindString, treat: treatMapped, rule: databaseRule, meaning: "Database; overrides the URL path.", note: "go-sql-driver DBName"},
	{name: "host", kind: kindString, treat: treatMapped, rule: urlKeyRule, meaning: "Host of a (host=..) entry.", note: "Host.Host; ignored in the query (" + whyURL + ")"},
	{name: "port", kind: kindInt, treat: treatMapped, rule: urlKeyRule, meaning: "Port of a (host=..) entry.", note: "Host.Port; ignored in the query (" + whyURL + ")"},
	{name: "protocol", kind: kindString, def: "tcp", treat: treatMapped, rule: protocolRule, meaning: "tcp or pipe (Windows named pipe).", note: "tcp only; pipe is refused",
		refuse: func(v string) string {
			if strings.EqualFold(v, "pipe") {
				return "named pipes are not supported; jdbcmysql connects over TCP only"
			}
			return ""
		}},
	{name: "path", alias: "namedPipePath", kind: kindString, treat: treatIgnored, meaning: "Named pipe path for protocol=pipe.", note: "named pipes are not supported"},
	{name: "type", kind: kindString, treat: treatMapped, rule: hostKeyRule, meaning: "source or replica, for replication URLs.", note: "the host's replication role (SOURCE or REPLICA, any case); a query value applies to every host"},
	{name: "address", kind: kindString, treat: treatIgnored, meaning: "host:port of an X DevAPI (address=..) entry.", note: "split into Host/Port for mysqlx: URLs; otherwise ignored"},
	{name: "priority", kind: kindInt, treat: treatIgnored, meaning: "X DevAPI host priority 0-100.", note: "validated for mysqlx: URLs; hosts are tried in written order"},
	{name: "paranoid", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Hides details in error messages.", note: "jdbcmysql's errors never show passwords"},

	// TLS.
	{name: "sslMode", kind: kindEnum, def: "PREFERRED", values: sslModeValues, treat: treatTLS, meaning: "TLS mode: DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY.", note: "Config.SSLMode, same semantics"},
	{name: "useSSL", kind: kindBool, def: "true", treat: treatTLS, meaning: "Deprecated; mapped to sslMode when sslMode is absent.", note: "same 8.0.13+ mapping to SSLMode"},
	{name: "requireSSL", kind: kindBool, def: "false", treat: treatTLS, meaning: "Deprecated; mapped to sslMode when sslMode is absent.", note: "same 8.0.13+ mapping to SSLMode"},
	{name: "verifyServerCertificate", kind: kindBool, def: "false", treat: treatTLS, meaning: "Deprecated; mapped to sslMode when sslMode is absent.", note: "same 8.0.13+ mapping to SSLMode"},
	{name: "trustCertificateKeyStoreUrl", kind: kindString, treat: treatTLS, location: true, rule: stringField(func(c *Config) *string { return &c.TrustStore.URL }), meaning: "Trust store URL (used by VERIFY_CA/VERIFY_IDENTITY).", note: "Config.TrustStore.URL; also accepts bare paths, classpath: via WithFS, a Kubernetes TLS Secret directory (ca.crt)"},
	{name: "trustCertificateKeyStoreType", kind: kindString, def: "JKS", treat: treatTLS, rule: stringField(func(c *Config) *string { return &c.TrustStore.Type }), meaning: "Trust store type.", note: "Config.TrustStore.Type; a hint, the format is detected"},
	{name: "trustCertificateKeyStorePassword", kind: kindPassword, treat: treatTLS, rule: stringField(func(c *Config) *string { return &c.TrustStore.Password }), meaning: "Trust store password.", note: "Config.TrustStore.Password"},
	{name: "fallbackToSystemTrustStore", kind: kindBool, def: "true", treat: treatTLS, rule: boolField(func(c *Config) *bool { return &c.FallbackToSystemTrustStore }), meaning: "Use javax.net.ssl.trustStore / JDK roots when no trust store URL.", note: "Config.FallbackToSystemTrustStore; system roots instead of cacerts"},
	{name: "clientCertificateKeyStoreUrl", kind: kindString, treat: treatTLS, location: true, rule: stringField(func(c *Config) *string { return &c.ClientKeyStore.URL }), meaning: "Client key store URL.", note: "Config.ClientKeyStore.URL; also accepts bare paths, classpath: via WithFS, a Kubernetes TLS Secret directory (tls.crt + tls.key)"},
	{name: "clientCertificateKeyStoreType", kind: kindString, def: "JKS", treat: treatTLS, rule: stringField(func(c *Config) *string { return &c.ClientKeyStore.Type }), meaning: "Client key store type.", note: "Config.ClientKeyStore.Type; a hint, the format is detected"},
	{name: "clientCertificateKeyStorePassword", kind: kindPassword, treat: treatTLS, rule: stringField(func(c *Config) *string { return &c.ClientKeyStore.Password }), meaning: "Client key store (and key) password.", note: "Config.ClientKeyStore.Password"},
	{name: "fallbackToSystemKeyStore", kind: kindBool, def: "true", treat: treatTLS, rule: boolField(func(c *Config) *bool { return &c.FallbackToSystemKeyStore }), meaning: "Use javax.net.ssl.keyStore when no key store URL.", note: "Config.FallbackToSystemKeyStore"},
	{name: "tlsVersions", alias: "enabledTLSProtocols", kind: kindString, treat: treatTLS, rule: listField(func(c *Config) *[]string { return &c.TLSVersions }), meaning: "Comma-separated TLS versions.", note: "Config.TLSVersions"},
	{name: "tlsCiphersuites", alias: "enabledSSLCipherSuites", kind: kindString, treat: treatTLS, rule: listField(func(c *Config) *[]string { return &c.TLSCipherSuites }), meaning: "Comma-separated cipher suites.", note: "Config.TLSCipherSuites"},
	{name: "fipsCompliantJsse", kind: kindBool, def: "false", treat: treatIgnored, meaning: "FIPS mode: verify always, unwrapped JSSE trust managers.", note: "false accepted; true is refused",
		refuse: trueRefuse("FIPS-compliant JSSE mode cannot be provided by Go's crypto/tls here")},
	{name: "KeyManagerFactoryProvider", kind: kindString, treat: treatIgnored, meaning: "JCA provider for the KeyManagerFactory.", note: "empty accepted; a provider name is refused",
		refuse: notSetRefuse("JCA security providers cannot be selected; Go's crypto is used")},
	{name: "trustManagerFactoryProvider", kind: kindString, treat: treatIgnored, meaning: "JCA provider for the TrustManagerFactory.", note: "empty accepted; a provider name is refused",
		refuse: notSetRefuse("JCA security providers cannot be selected; Go's crypto is used")},
	{name: "keyStoreProvider", kind: kindString, treat: treatIgnored, meaning: "JCA provider for KeyStore.", note: "empty accepted; a provider name is refused",
		refuse: notSetRefuse("JCA security providers cannot be selected; Go's crypto is used")},
	{name: "sslContextProvider", kind: kindString, treat: treatIgnored, meaning: "JCA provider for SSLContext.", note: "empty accepted; a provider name is refused",
		refuse: notSetRefuse("JCA security providers cannot be selected; Go's crypto is used")},
	{name: "jdbcmysql.clientCertificateKeyStoreAlias", kind: kindString, treat: treatTLS, rule: stringField(func(c *Config) *string { return &c.ClientCertificateAlias }), meaning: "(jdbcmysql extension, unknown to Connector/J.)", note: "Config.ClientCertificateAlias: which key entry to send; WithClientCertificateAlias overrides it"},
	{name: "jdbcmysql.validateConnection", kind: kindString, treat: treatMapped, rule: validateConnectionRule, meaning: "(jdbcmysql extension, unknown to Connector/J.)", note: "Config.ValidateConnection: checks run right after login (galeraSynced: wsrep_ready=ON; writable: @@read_only=0); a failed check counts as host down, so a multi-host connect moves on; WithValidateConnect adds checks of its own"},

	// Authentication.
	{name: "allowPublicKeyRetrieval", kind: kindBool, def: "false", treat: treatMapped, rule: boolField(func(c *Config) *bool { return &c.AllowPublicKeyRetrieval }), meaning: "Ask the server for its RSA key without TLS.", note: "enforced by jdbcmysql: without TLS, the request for the server's RSA key (and a key sent in plaintext) is refused unless true (Config.AllowPublicKeyRetrieval)"},
	{name: "serverRSAPublicKeyFile", kind: kindString, treat: treatMapped, rule: stringField(func(c *Config) *string { return &c.ServerRSAPublicKeyFile }), meaning: "Path of the server's RSA public key.", note: "read and registered with mysql.RegisterServerPubKey (Config.ServerRSAPublicKeyFile)"},
	{name: "authenticationPlugins", kind: kindString, treat: treatIgnored, meaning: "Extra authentication plugin classes.", note: whyAuth},
	{name: "defaultAuthenticationPlugin", kind: kindString, treat: treatIgnored, meaning: "First plugin to try.", note: whyAuth},
	{name: "disabledAuthenticationPlugins", kind: kindString, treat: treatIgnored, meaning: "Plugins never to use.", note: whyAuth + " (cleartext and old passwords stay off)"},
	{name: "authenticationFidoCallbackHandler", kind: kindString, treat: treatIgnored, meaning: "FIDO callback class.", note: whyJava},
	{name: "authenticationWebAuthnCallbackHandler", kind: kindString, treat: treatIgnored, meaning: "WebAuthn callback class.", note: whyJava},
	{name: "authenticationOpenidConnectCallbackHandler", kind: kindString, treat: treatIgnored, meaning: "OpenID Connect callback class.", note: whyJava},
	{name: "ldapServerHostname", kind: kindString, treat: treatIgnored, meaning: "LDAP SASL Kerberos host.", note: whyAuth},
	{name: "ociConfigFile", kind: kindString, treat: treatIgnored, meaning: "OCI IAM config file.", note: whyAuth},
	{name: "ociConfigProfile", kind: kindString, treat: treatIgnored, meaning: "OCI IAM config profile.", note: whyAuth},
	{name: "password1", kind: kindPassword, treat: treatIgnored, meaning: "First factor (multi-factor auth).", note: "multi-factor authentication is not supported by go-sql-driver"},
	{name: "password2", kind: kindPassword, treat: treatIgnored, meaning: "Second factor.", note: "multi-factor authentication is not supported by go-sql-driver"},
	{name: "password3", kind: kindPassword, treat: treatIgnored, meaning: "Third factor.", note: "multi-factor authentication is not supported by go-sql-driver"},
	{name: "passwordCharacterEncoding", kind: kindString, treat: treatIgnored, meaning: "Charset for the password bytes.", note: "go-sql-driver sends UTF-8"},
	{name: "disconnectOnExpiredPasswords", kind: kindBool, def: "true", treat: treatIgnored, meaning: "Fail on an expired password.", note: "go-sql-driver always fails"},

	// Mapped non-TLS settings.
	{name: "connectTimeout", kind: kindInt, def: "0", treat: treatMapped, rule: millisecondsField(func(c *Config) *time.Duration { return &c.ConnectTimeout }), meaning: "Socket connect timeout, ms.", note: "go-sql-driver Timeout"},
	{name: "socketTimeout", kind: kindInt, def: "0", treat: treatMapped, rule: millisecondsField(func(c *Config) *time.Duration { return &c.SocketTimeout }), meaning: "Socket read timeout, ms.", note: "go-sql-driver ReadTimeout and WriteTimeout"},
	{name: "characterEncoding", kind: kindString, treat: treatMapped, rule: stringField(func(c *Config) *string { return &c.CharacterEncoding }), meaning: "Java charset for the connection.", note: "UTF-8 (utf8mb4) only; SET NAMES after sessionVariables", refuse: refuseNonUTF8},
	{name: "connectionCollation", kind: kindString, treat: treatMapped, rule: stringField(func(c *Config) *string { return &c.ConnectionCollation }), meaning: "Collation for the connection.", note: "SET NAMES utf8mb4 COLLATE it, after sessionVariables; UTF-8 collations only", refuse: refuseNonUTF8Collation},
	{name: "useAffectedRows", kind: kindBool, def: "false", treat: treatMapped, rule: boolField(func(c *Config) *bool { return &c.UseAffectedRows }), meaning: "Report affected, not found, rows.", note: "go-sql-driver ClientFoundRows = !useAffectedRows"},
	{name: "allowMultiQueries", kind: kindBool, def: "false", treat: treatMapped, rule: boolField(func(c *Config) *bool { return &c.AllowMultiQueries }), meaning: "Allow ';'-separated statements.", note: "go-sql-driver MultiStatements"},
	{name: "maxAllowedPacket", kind: kindInt, def: "65535", treat: treatMapped, rule: packetSizeRule, meaning: "Largest packet sent, bytes (k/m/g suffixes).", note: "go-sql-driver MaxAllowedPacket"},
	{name: "sessionVariables", kind: kindString, treat: treatMapped, rule: sessionVariablesRule, meaning: "name=value,... set with SET SESSION after connecting.", note: "Config.SessionVariables, set once per connection"},
	{name: "connectionAttributes", kind: kindString, treat: treatMapped, rule: connectionAttributesRule, meaning: "key:value,... sent as connection attributes; none disables.", note: "go-sql-driver ConnectionAttributes"},
	{name: "connectionTimeZone", alias: "serverTimezone", kind: kindString, treat: treatMapped, rule: connectionTimeZoneRule, meaning: "Time zone of the session: LOCAL, SERVER or a zone id.", note: "the zone DATETIME/TIMESTAMP/DATE values are rendered and read in (go-sql-driver Loc); SERVER: the session time_zone after sessionVariables (Config.ConnectionTimeZone)"},
	{name: "dnsSrv", kind: kindBool, def: "false", treat: treatMapped, rule: dnsSRVRule, meaning: "Resolve the host with DNS SRV.", note: "Config.DNSSRV"},

	// Ignored: network and socket.
	{name: "localSocketAddress", kind: kindString, treat: treatIgnored, meaning: "Local address to bind.", note: whySocket},
	{name: "socketFactory", kind: kindString, def: "com.mysql.cj.protocol.StandardSocketFactory", treat: treatIgnored, meaning: "Class that creates sockets.", note: "the default is accepted; another factory is refused",
		refuse: func(v string) string {
			if v == "" || v == "com.mysql.cj.protocol.StandardSocketFactory" {
				return ""
			}
			return "a custom socket factory cannot be honoured; jdbcmysql would connect directly"
		}},
	{name: "socksProxyHost", kind: kindString, treat: treatIgnored, meaning: "SOCKS proxy host.", note: "empty accepted; a proxy is refused",
		refuse: notSetRefuse("SOCKS proxies are not supported; jdbcmysql would connect directly")},
	{name: "socksProxyPort", kind: kindInt, def: "1080", treat: treatIgnored, meaning: "SOCKS proxy port.", note: "SOCKS proxies are not supported"},
	{name: "socksProxyRemoteDns", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Resolve via the SOCKS proxy.", note: "SOCKS proxies are not supported"},
	{name: "tcpKeepAlive", kind: kindBool, def: "true", treat: treatIgnored, meaning: "SO_KEEPALIVE.", note: "Go's dialer enables keep-alive"},
	{name: "tcpNoDelay", kind: kindBool, def: "true", treat: treatIgnored, meaning: "TCP_NODELAY.", note: "Go sets TCP_NODELAY by default"},
	{name: "tcpRcvBuf", kind: kindInt, def: "0", treat: treatIgnored, meaning: "SO_RCVBUF.", note: whySocket},
	{name: "tcpSndBuf", kind: kindInt, def: "0", treat: treatIgnored, meaning: "SO_SNDBUF.", note: whySocket},
	{name: "tcpTrafficClass", kind: kindInt, def: "0", treat: treatIgnored, meaning: "IP traffic class.", note: whySocket},
	// Connector/J 5.1 names that 8.0 dropped and silently ignores; common in
	// old URLs (useUnicode=true&characterEncoding=UTF-8).
	{name: "useUnicode", kind: kindString, def: "true", treat: treatIgnored, meaning: "(5.1) Use Unicode character sets.", note: why51},
	{name: "useLegacyDatetimeCode", kind: kindString, def: "true", treat: treatIgnored, meaning: "(5.1) Legacy date/time conversion.", note: why51},
	{name: "useJDBCCompliantTimezoneShift", kind: kindString, def: "false", treat: treatIgnored, meaning: "(5.1) JDBC-compliant time zone shift.", note: why51},
	{name: "useTimezone", kind: kindString, def: "false", treat: treatIgnored, meaning: "(5.1) Convert time zones between client and server.", note: why51},
	{name: "useGmtMillisForDatetimes", kind: kindString, def: "false", treat: treatIgnored, meaning: "(5.1) GMT millis for DATETIME.", note: why51},
	{name: "useSSPSCompatibleTimezoneShift", kind: kindString, def: "false", treat: treatIgnored, meaning: "(5.1) Time zone shift for server-side prepared statements.", note: why51},
	{name: "nullNamePatternMatchesAll", kind: kindString, def: "true", treat: treatIgnored, meaning: "(5.1) Null name patterns match all in metadata.", note: why51},
	{name: "useOldUTF8Behavior", kind: kindString, def: "false", treat: treatIgnored, meaning: "(5.1) Pre-4.1 UTF-8 handling.", note: why51},
	{name: "useJvmCharsetConverters", kind: kindString, def: "false", treat: treatIgnored, meaning: "(5.1) JVM charset converters.", note: why51},
	{name: "useDynamicCharsetInfo", kind: kindString, def: "true", treat: treatIgnored, meaning: "(5.1) Per-connection charset lookups.", note: why51},
	{name: "noTimezoneConversionForTimeType", kind: kindString, def: "false", treat: treatIgnored, meaning: "(5.1) Skip time zone conversion for TIME.", note: why51},
	{name: "useFastDateParsing", kind: kindString, def: "true", treat: treatIgnored, meaning: "(5.1) Fast date parsing.", note: why51},
	{name: "useCompression", kind: kindBool, def: "false", treat: treatMapped, rule: boolField(func(c *Config) *bool { return &c.UseCompression }), meaning: "zlib protocol compression.", note: "go-sql-driver compress"},
	{name: "useReadAheadInput", kind: kindBool, def: "true", treat: treatIgnored, meaning: "Buffered input stream.", note: whySocket},
	{name: "useUnbufferedInput", kind: kindBool, def: "true", treat: treatIgnored, meaning: "Unbuffered input stream.", note: whySocket},
	{name: "netTimeoutForStreamingResults", kind: kindInt, def: "600", treat: treatIgnored, meaning: "net_write_timeout while streaming.", note: whyJDBC},
	{name: "initialTimeout", kind: kindInt, def: "2", treat: treatIgnored, meaning: "Seconds between reconnect attempts.", note: whyReconnect},
	{name: "maxReconnects", kind: kindInt, def: "3", treat: treatIgnored, meaning: "Reconnect attempts.", note: whyReconnect},
	{name: "autoReconnect", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Reconnect stale connections.", note: "database/sql retires bad connections itself"},
	{name: "autoReconnectForPools", kind: kindBool, def: "false", treat: treatIgnored, meaning: "autoReconnect tuned for pools.", note: "database/sql retires bad connections itself"},
	{name: "interactiveClient", kind: kindBool, def: "false", treat: treatMapped, rule: boolField(func(c *Config) *bool { return &c.Data.InteractiveClient }), meaning: "Use interactive_timeout.", note: "SET SESSION wait_timeout=@@global.interactive_timeout at connect (Config.Data)"},
	{name: "createDatabaseIfNotExist", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Create the database on connect.", note: "false accepted; true is refused (create the database beforehand)", refuse: trueRefuse("jdbcmysql does not create databases; create it beforehand")},
	{name: "allowLoadLocalInfile", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Allow LOAD DATA LOCAL INFILE.", note: "go-sql-driver needs files registered in code (mysql.RegisterLocalFile)"},
	{name: "allowLoadLocalInfileInPath", kind: kindString, treat: treatIgnored, meaning: "Directory LOCAL INFILE may read.", note: "go-sql-driver needs files registered in code"},
	{name: "allowUrlInLocalInfile", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Allow URLs in LOCAL INFILE.", note: "not supported"},
	{name: "trackSessionState", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Track server session state changes.", note: whyJDBC},

	// Ignored: time and character handling.
	{name: "forceConnectionTimeZoneToSession", kind: kindBool, def: "false", treat: treatMapped, rule: boolField(func(c *Config) *bool { return &c.Data.ForceConnectionTimeZoneToSession }), meaning: "SET time_zone to connectionTimeZone.", note: "SET SESSION time_zone after sessionVariables (+hh:mm or the zone id); a zone the server lacks fails the connection (Config.Data)"},
	{name: "preserveInstants", kind: kindBool, def: "true", treat: treatMapped, rule: boolField(func(c *Config) *bool { return &c.Data.PreserveInstants }), meaning: "Convert instants between zones.", note: "time.Time values render and read in the connection zone; false: in the process zone (Config.Data)"},
	{name: "cacheDefaultTimeZone", alias: "cacheDefaultTimezone", kind: kindBool, def: "true", treat: treatIgnored, meaning: "Cache the JVM default zone.", note: "Go reads the process zone once at start, as true does; false matters only to Java programs that change TimeZone.setDefault at run time"},
	{name: "sendFractionalSeconds", kind: kindBool, def: "true", treat: treatMapped, rule: boolField(func(c *Config) *bool { return &c.Data.SendFractionalSeconds }), meaning: "Send fractional seconds.", note: "false truncates time.Time parameters to whole seconds (Config.Data)"},
	{name: "jdbcmysql.keepFractionalSeconds", kind: kindBool, def: "false", treat: treatMapped, rule: boolField(func(c *Config) *bool { return &c.Data.KeepFractionalSeconds }), meaning: "(jdbcmysql extension, unknown to Connector/J.)", note: "send fractional seconds to servers below 5.6.4 (MariaDB 10+ announces 5.5.5-), where Connector/J truncates them; only for services that share no table with a Java writer (Config.Data)"},
	{name: "sendFractionalSecondsForTime", kind: kindBool, def: "true", treat: treatIgnored, meaning: "Fractional seconds for TIME.", note: "applies to java.sql.Time parameters; no Go value binds as TIME (a time.Time binds as DATETIME text, a string as written)"},
	{name: "noDatetimeStringSync", kind: kindBool, def: "false", treat: treatIgnored, meaning: "getString of DATETIME as stored.", note: "string scans always get the server's text, as true does; false only re-checks Java's own conversions"},
	{name: "zeroDateTimeBehavior", kind: kindString, def: "EXCEPTION", treat: treatMapped, rule: zeroDateTimeRule, meaning: "Zero dates: EXCEPTION, ROUND, CONVERT_TO_NULL.", note: "EXCEPTION: an error naming the column (ErrZeroDate); CONVERT_TO_NULL: NULL; ROUND: 0001-01-01 00:00:00 (Config.Data)"},
	{name: "yearIsDateType", kind: kindBool, def: "true", treat: treatIgnored, meaning: "YEAR as java.sql.Date.", note: "chooses only getObject's Java class (Date or Short); YEAR scans as int64 (the year) either way"},
	{name: "treatUtilDateAsTimestamp", kind: kindBool, def: "true", treat: treatIgnored, meaning: "java.util.Date as TIMESTAMP.", note: "applies to java.util.Date parameters, which Go does not have"},
	{name: "treatMysqlDatetimeAsTimestamp", kind: kindBool, def: "false", treat: treatIgnored, meaning: "DATETIME as TIMESTAMP.", note: "chooses only getObject's Java class (LocalDateTime or Timestamp); DATETIME scans as time.Time either way"},
	{name: "characterSetResults", kind: kindString, treat: treatIgnored, meaning: "character_set_results.", note: "UTF-8 accepted (results are utf8mb4 already); others refused", refuse: refuseNonUTF8},
	{name: "clobCharacterEncoding", kind: kindString, treat: treatIgnored, meaning: "Charset of CLOBs.", note: "applies to java.sql.Clob parameters, which Go does not have"},
	{name: "customCharsetMapping", kind: kindString, treat: treatIgnored, meaning: "Extra charset mappings.", note: whyCharset},
	{name: "detectCustomCollations", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Query custom collations.", note: whyCharset},
	{name: "padCharsWithSpace", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Pad CHAR columns.", note: "false accepted; true (CHAR values padded to full length) is refused", refuse: trueRefuse("padding CHAR values to the column length is not implemented; Go would read shorter strings than Java")},
	{name: "useOldAliasMetadataBehavior", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Old column alias metadata.", note: whyJDBC},

	// Ignored: statements, result sets, metadata.
	{name: "allowNanAndInf", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Allow NaN/Inf parameters.", note: whyJDBC},
	{name: "alwaysSendSetIsolation", kind: kindBool, def: "true", treat: treatIgnored, meaning: "Always send SET TRANSACTION ISOLATION.", note: whyJDBC},
	{name: "autoClosePStmtStreams", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Close parameter streams.", note: whyJDBC},
	{name: "autoDeserialize", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Deserialize Java objects in BLOBs.", note: whyJava},
	{name: "blobSendChunkSize", kind: kindInt, def: "1048576", treat: treatIgnored, meaning: "Chunk size for BLOB streams.", note: whyJDBC},
	{name: "blobsAreStrings", kind: kindBool, def: "false", treat: treatIgnored, meaning: "BLOBs as strings.", note: whyJDBC},
	{name: "cacheCallableStmts", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Cache CallableStatements.", note: whyCache},
	{name: "cachePrepStmts", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Cache prepared statements.", note: whyCache},
	{name: "cacheResultSetMetadata", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Cache result set metadata.", note: whyCache},
	{name: "cacheServerConfiguration", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Cache server variables.", note: whyCache},
	{name: "callableStmtCacheSize", kind: kindInt, def: "100", treat: treatIgnored, meaning: "CallableStatement cache size.", note: whyCache},
	{name: "clobberStreamingResults", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Close streaming results on new query.", note: whyJDBC},
	{name: "compensateOnDuplicateKeyUpdateCounts", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Normalise ON DUPLICATE KEY counts.", note: whyJDBC},
	{name: "continueBatchOnError", kind: kindBool, def: "true", treat: treatIgnored, meaning: "Continue a batch after an error.", note: whyJDBC},
	{name: "databaseTerm", kind: kindEnum, def: "CATALOG", values: []string{"CATALOG", "SCHEMA"}, treat: treatIgnored, meaning: "Metadata term for databases.", note: whyJDBC},
	{name: "defaultFetchSize", kind: kindInt, def: "0", treat: treatIgnored, meaning: "Default fetch size.", note: whyJDBC},
	{name: "dontCheckOnDuplicateKeyUpdateInSQL", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Skip ON DUPLICATE KEY scan.", note: whyJDBC},
	{name: "dontTrackOpenResources", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Do not track open statements.", note: whyJDBC},
	{name: "elideSetAutoCommits", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Skip redundant SET autocommit.", note: whyJDBC},
	{name: "emptyStringsConvertToZero", kind: kindBool, def: "true", treat: treatIgnored, meaning: "'' converts to 0.", note: whyJDBC},
	{name: "emulateLocators", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Emulate BLOB locators.", note: whyJDBC},
	{name: "emulateUnsupportedPstmts", kind: kindBool, def: "true", treat: treatIgnored, meaning: "Emulate unsupported prepared statements.", note: whyJDBC},
	{name: "enableEscapeProcessing", kind: kindBool, def: "true", treat: treatIgnored, meaning: "JDBC escape processing.", note: whyJDBC},
	{name: "enableQueryTimeouts", kind: kindBool, def: "true", treat: treatIgnored, meaning: "Statement.setQueryTimeout.", note: "use context deadlines"},
	{name: "failOverReadOnly", kind: kindBool, def: "true", treat: treatMapped, rule: haBool(func(h *HighAvailability) bool { return h.FailOverReadOnly }, true), meaning: "Read-only after failover.", note: "Config.HA.FailOverReadOnly: SET SESSION TRANSACTION READ ONLY on a secondary host (" + whyHAWide + ")"},
	{name: "functionsNeverReturnBlobs", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Functions return strings.", note: whyJDBC},
	{name: "generateSimpleParameterMetadata", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Simple parameter metadata.", note: whyJDBC},
	{name: "getProceduresReturnsFunctions", kind: kindBool, def: "true", treat: treatIgnored, meaning: "getProcedures lists functions.", note: whyJDBC},
	{name: "holdResultsOpenOverStatementClose", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Keep results after close.", note: whyJDBC},
	{name: "ignoreNonTxTables", kind: kindBool, def: "false", treat: treatIgnored, meaning: "No warning on rollback of MyISAM.", note: whyJDBC},
	{name: "jdbcCompliantTruncation", kind: kindBool, def: "true", treat: treatMapped, rule: boolField(func(c *Config) *bool { return &c.Data.JDBCCompliantTruncation }), meaning: "DataTruncation on truncation warnings.", note: "adds STRICT_TRANS_TABLES to the session sql_mode when it lacks it, as Connector/J does (Config.Data)"},
	{name: "largeRowSizeThreshold", kind: kindInt, def: "2048", treat: treatIgnored, meaning: "Large-row threshold.", note: whyJDBC},
	{name: "locatorFetchBufferSize", kind: kindInt, def: "1048576", treat: treatIgnored, meaning: "Locator fetch buffer.", note: whyJDBC},
	{name: "maxRows", kind: kindInt, def: "-1", treat: treatIgnored, meaning: "Max rows returned.", note: "-1 and 0 (no limit) accepted; a limit is refused", refuse: refuseRowLimit},
	{name: "metadataCacheSize", kind: kindInt, def: "50", treat: treatIgnored, meaning: "Metadata cache size.", note: whyCache},
	{name: "noAccessToProcedureBodies", kind: kindBool, def: "false", treat: treatIgnored, meaning: "No mysql.proc access.", note: whyJDBC},
	{name: "nullDatabaseMeansCurrent", alias: "nullCatalogMeansCurrent", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Null database means current.", note: whyJDBC},
	{name: "overrideSupportsIntegrityEnhancementFacility", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Metadata flag.", note: whyJDBC},
	{name: "parseInfoCacheFactory", kind: kindString, treat: treatIgnored, meaning: "Parse info cache class.", note: whyJava},
	{name: "pedantic", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Follow JDBC strictly.", note: whyJDBC},
	{name: "pinGlobalTxToPhysicalConnection", kind: kindBool, def: "false", treat: treatIgnored, meaning: "XA pinning.", note: whyJDBC},
	{name: "populateInsertRowWithDefaultValues", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Updatable result sets.", note: whyJDBC},
	{name: "prepStmtCacheSize", kind: kindInt, def: "25", treat: treatIgnored, meaning: "Prepared statement cache size.", note: whyCache},
	{name: "prepStmtCacheSqlLimit", kind: kindInt, def: "256", treat: treatIgnored, meaning: "Longest cached statement.", note: whyCache},
	{name: "processEscapeCodesForPrepStmts", kind: kindBool, def: "true", treat: treatIgnored, meaning: "Escape codes in prepared statements.", note: whyJDBC},
	{name: "queryInterceptors", kind: kindString, treat: treatIgnored, meaning: "Query interceptor classes.", note: whyJava},
	{name: "queryTimeoutKillsConnection", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Kill connection on timeout.", note: whyJDBC},
	{name: "readOnlyPropagatesToServer", kind: kindBool, def: "true", treat: treatIgnored, meaning: "SET TRANSACTION READ ONLY.", note: whyJDBC},
	{name: "rewriteBatchedStatements", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Rewrite batches to multi-row INSERT.", note: whyJDBC},
	{name: "rollbackOnPooledClose", kind: kindBool, def: "true", treat: treatIgnored, meaning: "Roll back on pooled close.", note: whyJDBC},
	{name: "scrollTolerantForwardOnly", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Scrolling forward-only results.", note: whyJDBC},
	{name: "serverConfigCacheFactory", kind: kindString, treat: treatIgnored, meaning: "Server config cache class.", note: whyJava},
	{name: "strictUpdates", kind: kindBool, def: "true", treat: treatIgnored, meaning: "Updatable result set checks.", note: whyJDBC},
	{name: "tinyInt1isBit", kind: kindBool, def: "true", treat: treatMapped, rule: boolField(func(c *Config) *bool { return &c.Data.TinyInt1IsBit }), meaning: "TINYINT(1) as BIT.", note: "true: TINYINT(1) reads as bool (-1 and positive values true); false: int64 (Config.Data)"},
	{name: "transformedBitIsBoolean", kind: kindBool, def: "false", treat: treatIgnored, meaning: "BIT as BOOLEAN.", note: "changes only the JDBC type name of TINYINT(1) (BIT or BOOLEAN); the values are the same"},
	{name: "ultraDevHack", kind: kindBool, def: "false", treat: treatIgnored, meaning: "UltraDev workaround.", note: whyJDBC},
	{name: "useColumnNamesInFindColumn", kind: kindBool, def: "false", treat: treatIgnored, meaning: "findColumn by name.", note: whyJDBC},
	{name: "useConfigs", kind: kindString, treat: treatIgnored, meaning: "Bundled property templates.", note: "maxPerformance, coldFusion and clusterBase accepted (caching, session-state and HA properties only); others refused", refuse: refuseUseConfigs},
	{name: "useCursorFetch", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Server-side cursors.", note: whyJDBC},
	{name: "useHostsInPrivileges", kind: kindBool, def: "true", treat: treatIgnored, meaning: "Metadata privileges.", note: whyJDBC},
	{name: "useInformationSchema", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Metadata from INFORMATION_SCHEMA.", note: whyJDBC},
	{name: "useLocalSessionState", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Trust local autocommit state.", note: whyJDBC},
	{name: "useLocalTransactionState", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Trust local transaction state.", note: whyJDBC},
	{name: "useOnlyServerErrorMessages", kind: kindBool, def: "true", treat: treatIgnored, meaning: "Server error text only.", note: whyJDBC},
	{name: "useServerPrepStmts", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Server-side prepared statements.", note: "go-sql-driver prepares on the server unless InterpolateParams"},
	{name: "useStreamLengthsInPrepStmts", kind: kindBool, def: "true", treat: treatIgnored, meaning: "Stream lengths.", note: whyJDBC},
	{name: "resultSetSizeThreshold", kind: kindInt, def: "100", treat: treatIgnored, meaning: "Usage advisor threshold.", note: whyDebug},
	{name: "reconnectAtTxEnd", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Reconnect at transaction end.", note: whyJDBC},
	{name: "connectionLifecycleInterceptors", kind: kindString, treat: treatIgnored, meaning: "Lifecycle interceptor classes.", note: whyJava},
	{name: "exceptionInterceptors", kind: kindString, treat: treatIgnored, meaning: "Exception interceptor classes.", note: whyJava},
	{name: "clientInfoProvider", kind: kindString, treat: treatIgnored, meaning: "ClientInfo provider class.", note: whyJava},
	{name: "propertiesTransform", kind: kindString, treat: treatIgnored, meaning: "Properties transform class.", note: whyJava},
	{name: "resourceId", kind: kindString, treat: treatIgnored, meaning: "XA resource id.", note: whyJDBC},
	{name: "logXaCommands", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Log XA commands.", note: whyDebug},

	// Ignored: logging, profiling, debugging.
	{name: "autoGenerateTestcaseScript", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Dump SQL as a test case.", note: whyDebug},
	{name: "autoSlowLog", kind: kindBool, def: "true", treat: treatIgnored, meaning: "Auto slow query log.", note: whyDebug},
	{name: "dumpQueriesOnException", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Query text in exceptions.", note: whyDebug},
	{name: "enablePacketDebug", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Packet ring buffer.", note: whyDebug},
	{name: "explainSlowQueries", kind: kindBool, def: "false", treat: treatIgnored, meaning: "EXPLAIN slow queries.", note: whyDebug},
	{name: "gatherPerfMetrics", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Performance metrics.", note: whyDebug},
	{name: "includeInnodbStatusInDeadlockExceptions", kind: kindBool, def: "false", treat: treatIgnored, meaning: "InnoDB status in deadlocks.", note: whyDebug},
	{name: "includeThreadDumpInDeadlockExceptions", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Thread dump in deadlocks.", note: whyDebug},
	{name: "includeThreadNamesAsStatementComment", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Thread name comments.", note: whyDebug},
	{name: "logger", kind: kindString, def: "com.mysql.cj.log.StandardLogger", treat: treatIgnored, meaning: "Logger class.", note: "use WithLogger"},
	{name: "logSlowQueries", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Log slow queries.", note: whyDebug},
	{name: "maintainTimeStats", kind: kindBool, def: "true", treat: treatIgnored, meaning: "Timing stats.", note: whyDebug},
	{name: "maxQuerySizeToLog", kind: kindInt, def: "2048", treat: treatIgnored, meaning: "Logged query length.", note: whyDebug},
	{name: "packetDebugBufferSize", kind: kindInt, def: "20", treat: treatIgnored, meaning: "Packet debug buffer.", note: whyDebug},
	{name: "profilerEventHandler", kind: kindString, treat: treatIgnored, meaning: "Profiler handler class.", note: whyDebug},
	{name: "profileSQL", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Profile SQL.", note: whyDebug},
	{name: "reportMetricsIntervalMillis", kind: kindInt, def: "30000", treat: treatIgnored, meaning: "Metrics interval.", note: whyDebug},
	{name: "slowQueryThresholdMillis", kind: kindInt, def: "2000", treat: treatIgnored, meaning: "Slow query threshold.", note: whyDebug},
	{name: "slowQueryThresholdNanos", kind: kindInt, def: "0", treat: treatIgnored, meaning: "Slow query threshold, ns.", note: whyDebug},
	{name: "traceProtocol", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Trace packets.", note: whyDebug},
	{name: "useNanosForElapsedTime", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Nanosecond timings.", note: whyDebug},
	{name: "useUsageAdvisor", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Usage advisor.", note: whyDebug},
	{name: "ha.enableJMX", alias: "haEnableJMX", kind: kindBool, def: "false", treat: treatIgnored, meaning: "JMX for HA connections.", note: whyJava},

	// Ignored: load balancing and replication.
	{name: "ha.loadBalanceStrategy", alias: "haLoadBalanceStrategy", kind: kindString, def: "random", treat: treatMapped, rule: haField(func(h *HighAvailability) (string, bool) {
		return h.LoadBalanceStrategy, h.LoadBalanceStrategy != "random"
	}), meaning: "Load-balancing strategy.", note: "Config.HA.LoadBalanceStrategy: random, bestResponseTime, serverAffinity, or the class name of one of Connector/J's four strategies (" + whyHAWide + "; load balancing reads the canonical name only)"},
	{name: "allowReplicaDownConnections", kind: kindBool, def: "false", treat: treatMapped, rule: haBool(func(h *HighAvailability) bool { return h.AllowReplicaDownConnections }, false), meaning: "Connect with replicas down.", note: "Config.HA.AllowReplicaDownConnections: Replication.PingContext passes with every replica down (" + whyHAWide + ")"},
	{name: "allowSlaveDownConnections", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Connector/J 8 name of allowReplicaDownConnections.", note: why90 + "; use allowReplicaDownConnections"},
	{name: "allowSourceDownConnections", kind: kindBool, def: "false", treat: treatMapped, rule: haBool(func(h *HighAvailability) bool { return h.AllowSourceDownConnections }, false), meaning: "Connect with the source down.", note: "Config.HA.AllowSourceDownConnections: Replication.Source connects read-only to a replica when no source answers (" + whyHAWide + ")"},
	{name: "allowMasterDownConnections", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Connector/J 8 name of allowSourceDownConnections.", note: why90 + "; use allowSourceDownConnections"},
	{name: "loadBalanceAutoCommitStatementRegex", kind: kindString, treat: treatMapped, rule: haField(func(h *HighAvailability) (string, bool) {
		return h.LoadBalanceAutoCommitStatementRegex, h.LoadBalanceAutoCommitStatementRegex != ""
	}), meaning: "Rebalance regex.", note: "Config.HA.LoadBalanceAutoCommitStatementRegex: only statements it matches count (Go regexp syntax; " + whyHAWide + ")"},
	{name: "loadBalanceAutoCommitStatementThreshold", kind: kindInt, def: "0", treat: treatMapped, rule: haInt(func(h *HighAvailability) int { return h.LoadBalanceAutoCommitStatementThreshold }, 0), meaning: "Rebalance after N statements.", note: "Config.HA.LoadBalanceAutoCommitStatementThreshold: the connection is retired after N statements outside transactions (" + whyHAWide + ")"},
	{name: "loadBalanceBlocklistTimeout", kind: kindInt, def: "0", treat: treatMapped, rule: haField(func(h *HighAvailability) (string, bool) {
		return strconv.FormatInt(h.LoadBalanceBlocklistTimeout.Milliseconds(), 10), h.LoadBalanceBlocklistTimeout != 0
	}), meaning: "Blocklist time, ms.", note: "Config.HA.LoadBalanceBlocklistTimeout: process-wide blocklist of failed hosts (" + whyHAWide + ")"},
	{name: "loadBalanceBlacklistTimeout", kind: kindInt, def: "0", treat: treatIgnored, meaning: "Connector/J 8 name of loadBalanceBlocklistTimeout.", note: why90 + "; use loadBalanceBlocklistTimeout"},
	{name: "loadBalanceConnectionGroup", kind: kindString, treat: treatIgnored, meaning: "Connection group.", note: whyLive},
	{name: "loadBalanceExceptionChecker", kind: kindString, treat: treatIgnored, meaning: "Failover exception class.", note: whyJava},
	{name: "loadBalanceHostRemovalGracePeriod", kind: kindInt, def: "15000", treat: treatIgnored, meaning: "Host removal grace, ms.", note: whyLive},
	{name: "loadBalancePingTimeout", kind: kindInt, def: "0", treat: treatIgnored, meaning: "Ping timeout, ms.", note: whySwap},
	{name: "loadBalanceSQLExceptionSubclassFailover", kind: kindString, treat: treatIgnored, meaning: "Failover exception classes.", note: whyJava},
	{name: "loadBalanceSQLStateFailover", kind: kindString, treat: treatMapped, rule: haList(func(h *HighAvailability) []string { return h.LoadBalanceSQLStateFailover }), meaning: "Failover SQLStates.", note: "Config.HA.LoadBalanceSQLStateFailover: more SQLState prefixes that mean host down under load balancing (" + whyHAWide + ")"},
	{name: "loadBalanceValidateConnectionOnSwapServer", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Validate on swap.", note: whySwap},
	{name: "queriesBeforeRetrySource", kind: kindInt, def: "50", treat: treatMapped, rule: haInt(func(h *HighAvailability) int { return h.QueriesBeforeRetrySource }, 50), meaning: "Queries before retrying the source.", note: "Config.HA.QueriesBeforeRetrySource: a failover connection on a secondary host is retired after N statements (" + whyHAWide + ")"},
	{name: "queriesBeforeRetryMaster", kind: kindInt, def: "50", treat: treatIgnored, meaning: "Connector/J 8 name of queriesBeforeRetrySource.", note: why90 + "; use queriesBeforeRetrySource"},
	{name: "readFromSourceWhenNoReplicas", kind: kindBool, def: "false", treat: treatMapped, rule: haBool(func(h *HighAvailability) bool { return h.ReadFromSourceWhenNoReplicas }, false), meaning: "Read from source without replicas.", note: "Config.HA.ReadFromSourceWhenNoReplicas: Replication.Replicas connects read-only to a source when no replica answers (" + whyHAWide + ")"},
	{name: "readFromMasterWhenNoSlaves", kind: kindBool, def: "false", treat: treatIgnored, meaning: "Connector/J 8 name of readFromSourceWhenNoReplicas.", note: why90 + "; use readFromSourceWhenNoReplicas"},
	{name: "replicationConnectionGroup", kind: kindString, treat: treatIgnored, meaning: "Replication group.", note: whyLive},
	{name: "retriesAllDown", kind: kindInt, def: "120", treat: treatMapped, rule: haInt(func(h *HighAvailability) int { return h.RetriesAllDown }, 120), meaning: "Retries when all hosts are down.", note: "Config.HA.RetriesAllDown: full turns over the hosts, 250 ms apart, bounded by the context (" + whyHAWide + ")"},
	{name: "secondsBeforeRetrySource", kind: kindInt, def: "30", treat: treatMapped, rule: haInt(func(h *HighAvailability) int { return h.SecondsBeforeRetrySource }, 30), meaning: "Seconds before retrying the source.", note: "Config.HA.SecondsBeforeRetrySource: a failover connection on a secondary host is retired after N seconds (" + whyHAWide + ")"},
	{name: "secondsBeforeRetryMaster", kind: kindInt, def: "30", treat: treatIgnored, meaning: "Connector/J 8 name of secondsBeforeRetrySource.", note: why90 + "; use secondsBeforeRetrySource"},
	{name: "selfDestructOnPingMaxOperations", kind: kindInt, def: "0", treat: treatIgnored, meaning: "Close after N operations on ping.", note: whyReconnect},
	{name: "selfDestructOnPingSecondsLifetime", kind: kindInt, def: "0", treat: treatIgnored, meaning: "Close after N seconds on ping.", note: "use sql.DB.SetConnMaxLifetime"},
	{name: "serverAffinityOrder", kind: kindString, treat: treatMapped, rule: haList(func(h *HighAvailability) []string { return h.ServerAffinityOrder }), meaning: "Host order for serverAffinity.", note: "Config.HA.ServerAffinityOrder: host:port entries, port included (" + whyHAWide + ")"},

	// X DevAPI.
	{name: "xdevapi.ssl-mode", alias: "xdevapiSslMode", kind: kindEnum, def: "REQUIRED", values: xSSLModeValues, treat: treatTLS, meaning: "X DevAPI TLS mode (no PREFERRED).", note: "inherited into SSLMode for mysqlx: URLs (" + whyXOnly + ")"},
	{name: "xdevapi.ssl-keystore", alias: "xdevapiSslKeystore", kind: kindString, treat: treatTLS, location: true, rule: xdevapiField(stringField(func(c *Config) *string { return &c.ClientKeyStore.URL })), meaning: "X DevAPI client key store URL.", note: "inherited into ClientKeyStore for mysqlx: URLs"},
	{name: "xdevapi.ssl-keystore-type", alias: "xdevapiSslKeystoreType", kind: kindString, def: "JKS", treat: treatTLS, rule: xdevapiField(stringField(func(c *Config) *string { return &c.ClientKeyStore.Type })), meaning: "X DevAPI key store type.", note: "inherited for mysqlx: URLs"},
	{name: "xdevapi.ssl-keystore-password", alias: "xdevapiSslKeystorePassword", kind: kindPassword, treat: treatTLS, rule: xdevapiField(stringField(func(c *Config) *string { return &c.ClientKeyStore.Password })), meaning: "X DevAPI key store password.", note: "inherited for mysqlx: URLs"},
	{name: "xdevapi.fallback-to-system-keystore", alias: "xdevapiFallbackToSystemKeyStore", kind: kindBool, def: "true", treat: treatTLS, rule: xdevapiField(boolField(func(c *Config) *bool { return &c.FallbackToSystemKeyStore })), meaning: "X DevAPI key store fallback.", note: "inherited for mysqlx: URLs"},
	{name: "xdevapi.ssl-truststore", alias: "xdevapiSslTruststore", kind: kindString, treat: treatTLS, location: true, rule: xdevapiField(stringField(func(c *Config) *string { return &c.TrustStore.URL })), meaning: "X DevAPI trust store URL.", note: "inherited into TrustStore for mysqlx: URLs"},
	{name: "xdevapi.ssl-truststore-type", alias: "xdevapiSslTruststoreType", kind: kindString, def: "JKS", treat: treatTLS, rule: xdevapiField(stringField(func(c *Config) *string { return &c.TrustStore.Type })), meaning: "X DevAPI trust store type.", note: "inherited for mysqlx: URLs"},
	{name: "xdevapi.ssl-truststore-password", alias: "xdevapiSslTruststorePassword", kind: kindPassword, treat: treatTLS, rule: xdevapiField(stringField(func(c *Config) *string { return &c.TrustStore.Password })), meaning: "X DevAPI trust store password.", note: "inherited for mysqlx: URLs"},
	{name: "xdevapi.fallback-to-system-truststore", alias: "xdevapiFallbackToSystemTrustStore", kind: kindBool, def: "true", treat: treatTLS, rule: xdevapiField(boolField(func(c *Config) *bool { return &c.FallbackToSystemTrustStore })), meaning: "X DevAPI trust store fallback.", note: "inherited for mysqlx: URLs"},
	{name: "xdevapi.tls-versions", alias: "xdevapiTlsVersions", kind: kindString, treat: treatTLS, rule: xdevapiField(unlessDisabled(listField(func(c *Config) *[]string { return &c.TLSVersions }))), meaning: "X DevAPI TLS versions.", note: "copied into TLSVersions for mysqlx: URLs unless DISABLED"},
	{name: "xdevapi.tls-ciphersuites", alias: "xdevapiTlsCiphersuites", kind: kindString, treat: treatTLS, rule: xdevapiField(unlessDisabled(listField(func(c *Config) *[]string { return &c.TLSCipherSuites }))), meaning: "X DevAPI cipher suites.", note: "copied into TLSCipherSuites for mysqlx: URLs unless DISABLED"},
	{name: "xdevapi.dns-srv", alias: "xdevapiDnsSrv", kind: kindBool, def: "false", treat: treatMapped, rule: xdevapiField(dnsSRVRule), meaning: "X DevAPI DNS SRV lookup.", note: "Config.DNSSRV for mysqlx: URLs"},
	{name: "xdevapi.asyncResponseTimeout", alias: "xdevapiAsyncResponseTimeout", kind: kindInt, def: "300", treat: treatIgnored, meaning: "Async response timeout, s.", note: "X Protocol is not spoken; mysqlx: URLs only parse"},
	{name: "xdevapi.auth", alias: "xdevapiAuth", kind: kindString, def: "PLAIN", treat: treatIgnored, meaning: "X DevAPI auth mechanism.", note: "X Protocol is not spoken; mysqlx: URLs only parse"},
	{name: "xdevapi.connect-timeout", alias: "xdevapiConnectTimeout", kind: kindInt, def: "10000", treat: treatIgnored, meaning: "X DevAPI connect timeout, ms.", note: "X Protocol is not spoken; mysqlx: URLs only parse"},
	{name: "xdevapi.connection-attributes", alias: "xdevapiConnectionAttributes", kind: kindString, treat: treatIgnored, meaning: "X DevAPI connection attributes.", note: "X Protocol is not spoken; mysqlx: URLs only parse"},
	{name: "xdevapi.compression", alias: "xdevapiCompression", kind: kindEnum, def: "PREFERRED", values: []string{"DISABLED", "PREFERRED", "REQUIRED"}, treat: treatIgnored, meaning: "X DevAPI compression.", note: "X Protocol is not spoken; mysqlx: URLs only parse"},
	{name: "xdevapi.compression-algorithms", alias: "xdevapiCompressionAlgorithms", kind: kindString, treat: treatIgnored, meaning: "X DevAPI compression algorithms.", note: "X Protocol is not spoken; mysqlx: URLs only parse"},
	{name: "xdevapi.compression-extensions", alias: "xdevapiCompressionExtensions", kind: kindString, treat: treatIgnored, meaning: "X DevAPI compression classes.", note: "X Protocol is not spoken; mysqlx: URLs only parse"},
}

// propertyIndex maps every name and alias to its definition.
var propertyIndex = func() map[string]*propertyDef {
	m := make(map[string]*propertyDef, 2*len(propertyTable))
	for i := range propertyTable {
		d := &propertyTable[i]
		m[d.name] = d
		if d.alias != "" {
			m[d.alias] = d
		}
	}
	return m
}()

// propertyFoldIndex maps lower-cased names and aliases to the exact name,
// for "did you mean" hints.
var propertyFoldIndex = func() map[string]string {
	m := make(map[string]string, 2*len(propertyTable))
	for i := range propertyTable {
		d := &propertyTable[i]
		m[strings.ToLower(d.name)] = d.name
		if d.alias != "" {
			m[strings.ToLower(d.alias)] = d.alias
		}
	}
	return m
}()

// isPasswordName says whether a property's value must be hidden: password
// properties of the table, and any unknown name containing "password".
func isPasswordName(name string) bool {
	if d, ok := propertyIndex[name]; ok {
		return d.kind == kindPassword
	}
	return strings.Contains(strings.ToLower(name), "password")
}

// propertyMarkdown renders the README table of every property.
func propertyMarkdown() string {
	defs := make([]*propertyDef, len(propertyTable))
	for i := range propertyTable {
		defs[i] = &propertyTable[i]
	}
	sort.SliceStable(defs, func(i, j int) bool {
		if defs[i].treat != defs[j].treat {
			return treatOrder(defs[i].treat) < treatOrder(defs[j].treat)
		}
		return strings.ToLower(defs[i].name) < strings.ToLower(defs[j].name)
	})
	var b strings.Builder
	b.WriteString("| Property | Connector/J meaning | jdbcmysql behaviour | Difference |\n")
	b.WriteString("|---|---|---|---|\n")
	for _, d := range defs {
		name := "`" + d.name + "`"
		if d.alias != "" {
			name += " (alias `" + d.alias + "`)"
		}
		meaning := d.meaning
		if d.def != "" {
			meaning += " Default `" + d.def + "`."
		}
		b.WriteString("| " + name + " | " + mdEscape(meaning) + " | " + d.treat.String() + ": " + mdEscape(d.note) + " | " + mdEscape(propertyDifference(d)) + " |\n")
	}
	return b.String()
}

func treatOrder(t propTreatment) int {
	switch t {
	case treatTLS:
		return 0
	case treatMapped:
		return 1
	}
	return 2
}

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

// propertyDifference says how jdbcmysql's handling differs from Connector/J.
func propertyDifference(d *propertyDef) string {
	if diff, ok := dataPropertyDifference[d.name]; ok {
		return diff
	}
	if d.refuse != nil {
		return "values jdbcmysql cannot honour are refused (ErrUnsupported) instead of being applied"
	}
	switch d.name {
	case "trustCertificateKeyStoreUrl", "clientCertificateKeyStoreUrl":
		return "a bare path is accepted (Connector/J needs file:); an explicit empty type does not skip loading"
	case "trustCertificateKeyStoreType", "clientCertificateKeyStoreType":
		return "the type is a hint: JKS, JCEKS, PKCS12 and PEM are detected from the bytes"
	case "maxAllowedPacket", "connectTimeout", "socketTimeout":
		return "plain integers only (with k/m/g for maxAllowedPacket); no decimals"
	case "jdbcmysql.clientCertificateKeyStoreAlias":
		return "Connector/J has no alias selection"
	case "priority":
		return "hosts are not re-ordered by priority"
	case "fallbackToSystemTrustStore":
		return "without javax.net.ssl.trustStore, the OS roots are used instead of the JDK's cacerts"
	case "failOverReadOnly":
		return "read-only on the server (SET SESSION TRANSACTION READ ONLY); against MariaDB Connector/J blocks writes in the driver instead"
	case "secondsBeforeRetrySource", "queriesBeforeRetrySource":
		return "the connection is retired when the pool takes it back, and the pool's next connection tries the primary first; Java switches hosts inside the connection"
	case "loadBalanceAutoCommitStatementThreshold", "loadBalanceAutoCommitStatementRegex":
		return "the connection is retired at a pool boundary instead of switching hosts; rebalancing is per connection, not after every commit/rollback"
	case "ha.loadBalanceStrategy":
		return "the strategy picks the host of each new connection, not again at each transaction"
	case "allowReplicaDownConnections":
		return "the two pools connect on their own; only Replication.PingContext checks both sides as Java's connection creation does"
	case "retriesAllDown":
		return "bounded by the caller's context; no pointless sleep after the last turn"
	case "type":
		return "none (SOURCE/REPLICA only; the 8.x master/slave are undefined, as in 9.x)"
	}
	switch d.treat {
	case treatIgnored:
		return "no effect (listed in Config.Ignored)"
	}
	return "none"
}
