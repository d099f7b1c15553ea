// This file defines Option: the settings a URL cannot carry.

package jdbcmysql

import (
	"io/fs"
	"log/slog"
	"net/http"
	"time"
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
	// storeFetchTimeout bounds http(s) store fetches without WithHTTPClient;
	// 0 means 30 s.
	storeFetchTimeout time.Duration
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

// WithLogger sends diagnostics (store reloads, failed re-reads) to l.
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

// WithHTTPClient fetches http: and https: store locations with c instead of
// a client with a 30-second timeout.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.httpClient = c } }
