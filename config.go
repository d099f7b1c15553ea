// This file defines Config, the settings a JDBC URL carries, and the types
// it is made of: hosts, stores, ignored properties; NewConfig gives
// Connector/J's defaults.

package jdbcmysql

import (
	"encoding/json"
	"log/slog"
	"net"
	"sort"
	"strconv"
	"strings"
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
	Value  string // empty for passwords; a location's password is ***
	Reason string
}

// Config is a parsed JDBC URL. ParseURL fills it; a program can also fill one
// by hand, starting from NewConfig for Connector/J's defaults. Its fields
// hold the effective settings of the first host (query properties with
// that host's own properties on top); for mysqlx: URLs the X DevAPI TLS
// properties are already folded into the classic fields.
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
	UseCompression          bool          // useCompression: zlib protocol compression
	MaxAllowedPacket        int           // maxAllowedPacket (bytes); 0 = driver default
	SessionVariables        []SessionVariable
	ConnectionAttributes    map[string]string // connectionAttributes
	AllowPublicKeyRetrieval bool              // allowPublicKeyRetrieval
	ServerRSAPublicKeyFile  string            // serverRSAPublicKeyFile (a path)
	ConnectionTimeZone      string            // connectionTimeZone/serverTimezone
	// Data holds the other properties that decide what is stored and read.
	Data DataSettings

	// DNSSRV is set by the +srv schemes and by dnsSrv=true (xdevapi.dns-srv
	// for mysqlx:): the single host names a DNS SRV record.
	DNSSRV bool

	// HA holds the failover, load-balancing and replication settings.
	HA HighAvailability
	// ValidateConnection names the checks run right after login
	// (jdbcmysql.validateConnection): "galeraSynced", "writable".
	ValidateConnection []string

	// Ignored lists properties accepted but not acted on, with the reason.
	Ignored []IgnoredProperty

	// parsed remembers what ParseURL read, so that per-host overrides can
	// be re-applied (hostConfig) and FormatURL can restore query values
	// that the first host overrides. Nil for a Config filled by hand.
	parsed *parsedURL
}

// parsedURL is the part of a parsed URL that the Config fields do not keep.
type parsedURL struct {
	query        map[string]string // decoded, name-normalised, last one wins
	pathDatabase string            // the database from the path
	schemeSRV    bool              // the scheme is a +srv one
	allowUnknown bool
	alias        string // WithClientCertificateAlias
	// afterPassword maps query keys that directly follow a password
	// property to it (rawURL.afterPassword).
	afterPassword map[string]string
	// asParsed is the Config as ParseURL returned it (without hosts), to
	// tell fields set in code since (codeChanges).
	asParsed *Config
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
		HA:                         defaultHighAvailability(),
		Data:                       defaultDataSettings(),
	}
}

// clone copies c deeply enough that changing the copy leaves c alone; the
// copy's Hosts are (copies of) hosts.
func (c *Config) clone(hosts []Host) *Config {
	cp := *c
	cp.Hosts = make([]Host, len(hosts))
	for i, h := range hosts {
		cp.Hosts[i] = Host{Host: h.Host, Port: h.Port, Properties: copyMap(h.Properties)}
	}
	cp.TLSVersions = copySlice(c.TLSVersions)
	cp.TLSCipherSuites = copySlice(c.TLSCipherSuites)
	cp.HA = c.HA.clone()
	cp.ValidateConnection = copySlice(c.ValidateConnection)
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

// String describes the Config as a URL with every password, and the user
// info of store URLs, replaced by ***.
func (c Config) String() string { return c.format(true) }

// GoString is String, so that %#v shows no password either.
func (c Config) GoString() string { return c.format(true) }

// LogValue is String, so that slog (JSON handlers too) shows no password.
func (c Config) LogValue() slog.Value { return slog.StringValue(c.format(true)) }

// MarshalJSON writes String as a JSON string, so that no encoder (nor a
// logger that encodes values as JSON) shows a password. Use FormatURL to
// keep a Config.
func (c Config) MarshalJSON() ([]byte, error) { return json.Marshal(c.format(true)) }

// String describes the store with its password, and any password in its
// location's user info, replaced by ***.
func (s Store) String() string {
	pw := ""
	if s.Password != "" {
		pw = ", password " + redacted
	}
	typ := s.Type
	if typ == "" {
		typ = "JKS"
	}
	return redactLocation(s.URL) + " (" + typ + pw + ")"
}

// GoString is String, so that %#v shows no password either.
func (s Store) GoString() string { return s.String() }

// LogValue is String, so that slog shows no password.
func (s Store) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalJSON writes String as a JSON string, so that no encoder shows
// the password.
func (s Store) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// String describes the host and its own properties, with passwords (also
// those in store locations) replaced by ***.
func (h Host) String() string {
	var b strings.Builder
	b.WriteString(net.JoinHostPort(strings.Trim(h.Host, "[]"), strconv.Itoa(h.Port)))
	keys := make([]string, 0, len(h.Properties))
	for k := range h.Properties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		b.WriteString(" " + k + "=" + redactValue(k, h.Properties[k]))
	}
	return b.String()
}

// GoString is String, so that %#v shows no password either.
func (h Host) GoString() string { return h.String() }

// LogValue is String, so that slog shows no password.
func (h Host) LogValue() slog.Value { return slog.StringValue(h.String()) }

// MarshalJSON writes String as a JSON string, so that no encoder shows a
// password (a slice of hosts in a JSON log line, for one).
func (h Host) MarshalJSON() ([]byte, error) { return json.Marshal(h.String()) }
