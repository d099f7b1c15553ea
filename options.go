// This file defines Option: the settings a URL cannot carry.

package jdbcmysql

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"sort"
	"time"

	"github.com/go-sql-driver/mysql"
)

// Option configures parsing and connecting with values a JDBC URL cannot
// carry.
type Option func(*options)

type options struct {
	fsys         fs.FS
	logger       *slog.Logger
	allowUnknown bool
	alias        string
	noResumption bool
	httpClient   *http.Client
	now          func() time.Time
	maxStoreSize int64
	// storeFetchTimeout bounds each http(s) store fetch; 0 means 30 s.
	storeFetchTimeout time.Duration
	// properties are WithProperties' values; they override the URL's query.
	properties map[string]string
	// mysqlConfig and beforeConnect are WithMySQLConfig's and
	// WithBeforeConnect's functions.
	mysqlConfig   []func(*mysql.Config)
	beforeConnect func(context.Context, *mysql.Config) error
	// validators are WithValidateConnect's checks; resolver is
	// WithSRVResolver's (nil: net.DefaultResolver).
	validators []ValidateConnectFunc
	resolver   SRVResolver
}

func newOptions(opts []Option) *options {
	o := &options{now: time.Now, maxStoreSize: 1 << 20}
	for _, opt := range opts {
		if opt != nil {
			opt(o)
		}
	}
	return o
}

// WithFS resolves classpath:NAME store locations in fsys (for example an
// embed.FS). Without it, classpath: locations are refused.
func WithFS(fsys fs.FS) Option { return func(o *options) { o.fsys = fsys } }

// WithLogger sends diagnostics to l: store reloads and failed re-reads,
// and the multi-host events (a connection on a secondary host after
// failover, a host blocklisted, a connection retired to return to the
// primary, back on the primary). No event carries a password.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// AllowUnknownProperties accepts property names Connector/J does not know;
// they are kept in Config.Ignored instead of failing the parse.
func AllowUnknownProperties() Option { return func(o *options) { o.allowUnknown = true } }

// WithClientCertificateAlias picks the key entry with this alias (compared
// case-insensitively, as Java does) from the client key store. It overrides
// the jdbcmysql.clientCertificateKeyStoreAlias property.
func WithClientCertificateAlias(alias string) Option {
	return func(o *options) { o.alias = alias }
}

// WithoutSessionResumption turns off TLS session resumption.
func WithoutSessionResumption() Option { return func(o *options) { o.noResumption = true } }

// WithHTTPClient fetches http: and https: store locations with (a copy of)
// c instead of a default client. Its redirect policy still applies, but a
// redirect to another scheme or host is never followed.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.httpClient = c } }

// WithStoreFetchTimeout bounds each fetch of an http: or https: store
// (default 30 s). A connection waits for a fetch only until its own
// context or connectTimeout ends; the fetch goes on for later connections,
// which share it.
func WithStoreFetchTimeout(d time.Duration) Option {
	return func(o *options) { o.storeFetchTimeout = d }
}

// WithProperties passes connection properties beside the URL, as Java's
// DriverManager.getConnection(url, Properties) does: they override the
// URL's query ("Properties passed in override the ones from the connection
// string"), while a host's own properties (user:password@host,
// (host=..,k=v)) still win for that host. Values are used as given, with
// no URL decoding, so a password may hold '&', '@', '#', '%' or '+'. They
// go through the same property table, checks and errors as the query.
func WithProperties(props map[string]string) Option {
	return func(o *options) {
		if o.properties == nil {
			o.properties = make(map[string]string, len(props))
		}
		for k, v := range props {
			o.properties[k] = v
		}
	}
}

// overrideQuery puts the WithProperties values over a decoded query, with
// names normalised as the query's are (in sorted order, so that "USER" and
// "user" resolve the same way every time).
func (o *options) overrideQuery(query map[string]string) {
	keys := make([]string, 0, len(o.properties))
	for k := range o.properties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if name := normalizeName(k); name != "" {
			query[name] = o.properties[k]
		}
	}
}
