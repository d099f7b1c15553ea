// This file parses Connector/J JDBC URLs into Config and formats them back.
// It knows the URL grammar and the property table; it does no I/O.

package jdbcmysql

import (
	"time"
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
	// forms), decoded; they override the query's properties.
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
// by hand, starting from NewConfig for Connector/J's defaults.
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

	// Ignored lists properties accepted but not acted on, with the reason.
	Ignored []IgnoredProperty
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
// jdbc:mysql:replication:, jdbc:mysql+srv:, mysqlx:) with Connector/J's
// decoding and property rules. It refuses malformed URLs, unknown property
// names (unless AllowUnknownProperties is given) and bad values, with an
// error naming the property. It does no I/O.
func ParseURL(url string, opts ...Option) (*Config, error) {
	_ = newOptions(opts)
	panic("TODO(dsn): ParseURL")
}

// FormatURL returns a JDBC URL that ParseURL turns back into an equal Config.
func (c *Config) FormatURL() string {
	panic("TODO(dsn): FormatURL")
}

// String describes the Config with every password replaced by ***.
func (c *Config) String() string {
	panic("TODO(dsn): String")
}
