// This file turns a Config into a database/sql connector: a plan per host
// (its settings, go-sql-driver Config and TLS parameters), Connect, which
// hands host selection to failover.go, loadbalance.go and replication.go,
// one login to one host, and the "jdbcmysql" database/sql driver.

package jdbcmysql

import (
	"context"
	"crypto/x509"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-sql-driver/mysql"
)

func init() {
	sql.Register("jdbcmysql", Driver{})
}

// Connector is a driver.Connector for one Config. Create it with
// NewConnector or (*Config).Connector and pass it to sql.OpenDB.
type Connector struct {
	cfg   *Config
	opts  *options
	hosts []hostPlan

	// loadStore reads a key store or trust store (the keystore cache by
	// default); tests replace it.
	loadStore func(ctx context.Context, ref storeRef) (*keyMaterial, error)
	// systemRoots returns the operating system's trust anchors.
	systemRoots func() (*x509.CertPool, error)

	sessions *sessionCaches

	// Host selection: the host groups, the side of a replication URL, and
	// what the Connector remembers between connects.
	topo  *topology
	side  replicationSide
	state *connectorState
}

// hostPlan is what connecting to one host needs, prepared once.
type hostPlan struct {
	cfg    *Config       // the host's effective settings; Hosts holds that host only
	mysql  *mysql.Config // go-sql-driver settings without TLS and logger
	minV   uint16
	maxV   uint16
	suites []uint16
	// session is the set-up of every new session (session.go).
	session *sessionPlan
}

// host is the host as written in the URL.
func (p hostPlan) host() string { return p.cfg.Hosts[0].Host }

// NewConnector parses url (see ParseURL) and returns a Connector for it.
func NewConnector(url string, opts ...Option) (*Connector, error) {
	cfg, err := ParseURL(url, opts...)
	if err != nil {
		return nil, err
	}
	return cfg.Connector(opts...)
}

// Connector returns a Connector for c. It validates the TLS settings
// (versions, cipher suites) and the go-sql-driver mapping. It reads one
// file: serverRSAPublicKeyFile, when set, whose key it registers with
// go-sql-driver (mysql.RegisterServerPubKey, under a name derived from the
// key). It reads no key store or trust store: those are read when a
// connection needs them. It refuses a replication URL without a source
// host and a load-balancing strategy Connector/J does not know. Later
// changes to c do not affect the Connector.
func (c *Config) Connector(opts ...Option) (*Connector, error) {
	o := newOptions(opts)
	cp := *c
	cp.HA = c.HA.clone()
	conn := &Connector{cfg: &cp, opts: o, systemRoots: x509.SystemCertPool, sessions: &sessionCaches{}, state: &connectorState{}}
	cache := newStoreCache(o)
	conn.loadStore = cache.load
	if len(cp.Hosts) == 0 {
		return nil, &PropertyError{Property: "host", Msg: "jdbcmysql: the configuration names no host", Err: ErrInvalidProperty}
	}
	changed := cp.codeChanges()
	for i := range cp.Hosts {
		hc, err := cp.hostConfigWith(i, changed)
		if err != nil {
			return nil, err
		}
		p, err := planHost(hc)
		if err != nil {
			return nil, err
		}
		if err := applyMySQLConfig(&p, o); err != nil {
			return nil, err
		}
		conn.hosts = append(conn.hosts, p)
	}
	topo, err := newTopology(&cp, conn.hosts)
	if err != nil {
		return nil, err
	}
	conn.topo = topo
	return conn, nil
}

func planHost(hc *Config) (hostPlan, error) {
	p := hostPlan{cfg: hc}
	if !slices.Contains(sslModeValues, string(hc.SSLMode)) {
		return p, invalidValue("sslMode", string(hc.SSLMode), sslModeValues)
	}
	var err error
	if p.minV, p.maxV, err = tlsVersionRange(hc.TLSVersions); err != nil {
		return p, err
	}
	if p.suites, err = tlsCipherSuiteIDs(hc.TLSCipherSuites); err != nil {
		return p, err
	}
	if p.mysql, err = mysqlConfigFor(hc, hc.Hosts[0]); err != nil {
		return p, err
	}
	if p.session, err = planSession(hc); err != nil {
		return p, err
	}
	return p, nil
}

// Connect opens one connection on a host chosen as Connector/J chooses
// it: failover (the first host, then the others in order, up to
// retriesAllDown turns), load balancing (by ha.loadBalanceStrategy), or,
// for a replication URL, the source side (Replication gives both sides);
// DNS SRV names are looked up first. Each host's login is bounded by its
// connectTimeout. A multi-host connect that fails returns a
// *ConnectError naming every host tried. It refuses mysqlx: URLs with
// ErrUnsupported.
func (c *Connector) Connect(ctx context.Context) (driver.Conn, error) {
	if err := c.checkType(); err != nil {
		return nil, err
	}
	switch c.cfg.Type {
	case URLTypeLoadBalance:
		return c.connectBalanced(ctx, &c.topo.hosts, false)
	case URLTypeReplication:
		if c.side == sideReplicas {
			return c.connectReplica(ctx)
		}
		return c.connectSource(ctx)
	}
	return c.connectFailover(ctx)
}

func (c *Connector) checkType() error {
	if c.cfg.Type == URLTypeXDevAPI {
		return fmt.Errorf("jdbcmysql: mysqlx: URLs use the X Protocol, but go-sql-driver/mysql speaks only the classic protocol; use jdbc:mysql: with the classic port (3306): %w", ErrUnsupported)
	}
	return nil
}

// connectHost makes one attempt on one host with a go-sql-driver Config of
// its own, so the driver's plaintext fallback cannot stick to other
// connections: login, session set-up, then the host's validation checks
// and, when readOnly, a read-only session. A failed attempt takes back the
// TLS sessions it touched.
func (c *Connector) connectHost(ctx context.Context, p hostPlan, readOnly bool) (_ driver.Conn, err error) {
	rec := &handshakeRecord{}
	start := time.Now()
	defer func() {
		err = loginBoundError(ctx, err)
		traceAttempt(ctx, p, rec, start, err)
	}()
	mc, userLogger, err := c.attemptMySQLConfig(ctx, p)
	if err != nil {
		return nil, err
	}
	logs := &bufferedLogger{}
	mc.Logger = rec.printer(logs)
	mode := p.cfg.SSLMode
	var sessions *attemptSessionCache
	if mode != SSLModeDisabled {
		tc, attempt, err := c.connectionTLS(ctx, p, rec)
		if err != nil {
			return nil, err
		}
		mc.TLS, sessions = tc, attempt
		mc.AllowFallbackToPlaintext = mode == SSLModePreferred
	}
	var session *mysql.Config // the connection's own Config, whose Loc the session set-up may set
	if err := mc.Apply(mysql.BeforeConnect(func(_ context.Context, cfg *mysql.Config) error { session = cfg; return nil })); err != nil {
		return nil, err
	}
	mconn, err := mysql.NewConnector(mc)
	if err != nil {
		return nil, fmt.Errorf("jdbcmysql: %s: %w", p.host(), err)
	}
	conn, err := connectContained(context.WithValue(ctx, handshakeRecordKey{}, rec), mconn, p.host(), rec)
	if userLogger == nil {
		userLogger = c.driverLogger()
	}
	logs.release(userLogger, err == nil)
	if err != nil {
		if sessions != nil {
			sessions.forget()
		}
		return nil, explainConnectError(err, rec, mode, p.host())
	}
	rules, err := p.session.start(ctx, conn, session, rec.version())
	if err == nil {
		err = c.afterLogin(ctx, p, conn, readOnly)
	}
	if err != nil {
		conn.Close()
		return nil, err
	}
	return wrapConn(conn, p.host(), rules), nil
}

func (c *Connector) alias(cfg *Config) string {
	if c.opts.alias != "" {
		return c.opts.alias
	}
	return cfg.ClientCertificateAlias
}

// bufferedLogger holds go-sql-driver's log lines while a connection is being
// set up: its errors are folded into the returned error instead.
type bufferedLogger struct {
	mu    sync.Mutex
	lines [][]any
	next  mysql.Logger
}

func (b *bufferedLogger) Print(v ...any) {
	b.mu.Lock()
	next := b.next
	if next == nil {
		b.lines = append(b.lines, v)
	}
	b.mu.Unlock()
	if next != nil {
		next.Print(v...)
	}
}

// release sends later lines to next; buffered lines go there only when the
// connection succeeded (otherwise they are in the returned error).
func (b *bufferedLogger) release(next mysql.Logger, flush bool) {
	b.mu.Lock()
	lines := b.lines
	b.lines = nil
	b.next = next
	b.mu.Unlock()
	if flush {
		for _, l := range lines {
			next.Print(l...)
		}
	}
}

func (c *Connector) driverLogger() mysql.Logger {
	if l := c.opts.logger; l != nil {
		return loggerFunc(func(v ...any) { l.Warn("go-sql-driver/mysql", "msg", strings.TrimSpace(fmt.Sprint(v...))) })
	}
	return mysql.NewConfig().Logger
}

// Driver returns the jdbcmysql driver.
func (c *Connector) Driver() driver.Driver { return Driver{} }

// String describes the Connector by its Config, with every password shown
// as ***; fmt's verbs and slog show this too.
func (c *Connector) String() string { return "jdbcmysql.Connector(" + c.cfg.String() + ")" }

// GoString is String, so that %#v shows no password either.
func (c *Connector) GoString() string { return c.String() }

// LogValue is String, so that slog shows no password.
func (c *Connector) LogValue() slog.Value { return slog.StringValue(c.String()) }

// Driver is the database/sql driver registered as "jdbcmysql"; it takes
// JDBC URLs as data source names.
type Driver struct{}

// Open opens a connection for a JDBC URL.
func (d Driver) Open(name string) (driver.Conn, error) {
	c, err := d.OpenConnector(name)
	if err != nil {
		return nil, err
	}
	return c.Connect(context.Background())
}

// OpenConnector parses name as a JDBC URL and returns its Connector.
func (Driver) OpenConnector(name string) (driver.Connector, error) {
	return NewConnector(name)
}
