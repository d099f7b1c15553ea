// This file wires a Config into a database/sql connector: the tls.Config,
// the go-sql-driver/mysql Config, the registered TLS name, failover across
// hosts, and the "jdbcmysql" database/sql driver.

package jdbcmysql

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"regexp"
	"sort"
	"strconv"
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

	sessions sessionCaches
}

// hostPlan is what connecting to one host needs, prepared once.
type hostPlan struct {
	cfg    *Config       // the host's effective settings; Hosts holds that host only
	host   string        // host as written in the URL
	mysql  *mysql.Config // go-sql-driver settings without TLS and logger
	minV   uint16
	maxV   uint16
	suites []uint16
}

// hostConfigAt returns the settings for host i of c, with that host's own
// properties ((host=..,k=v) and address=(k=v) forms) applied, and Hosts
// holding that host only.
func hostConfigAt(c *Config, i int) (*Config, error) {
	hc, err := c.hostConfig(i)
	if err != nil {
		return nil, err
	}
	hc.Hosts = []Host{hc.Hosts[i]}
	return hc, nil
}

// NewConnector parses url (see ParseURL) and returns a Connector for it.
func NewConnector(url string, opts ...Option) (*Connector, error) {
	cfg, err := ParseURL(url, opts...)
	if err != nil {
		return nil, err
	}
	return cfg.Connector(opts...)
}

// Connector returns a Connector for c. It validates the TLS settings
// (versions, cipher suites) and the go-sql-driver mapping but reads no
// store: stores are read when a connection needs them. Later changes to c
// do not affect the Connector.
func (c *Config) Connector(opts ...Option) (*Connector, error) {
	o := newOptions(opts)
	cp := *c
	conn := &Connector{cfg: &cp, opts: o, systemRoots: x509.SystemCertPool}
	cache := newStoreCache(o)
	conn.loadStore = cache.load
	if len(cp.Hosts) == 0 {
		return nil, &PropertyError{Property: "host", Msg: "jdbcmysql: the configuration names no host", Err: ErrInvalidProperty}
	}
	for i := range cp.Hosts {
		hc, err := hostConfigAt(&cp, i)
		if err != nil {
			return nil, err
		}
		p, err := planHost(hc)
		if err != nil {
			return nil, err
		}
		conn.hosts = append(conn.hosts, p)
	}
	return conn, nil
}

func planHost(hc *Config) (hostPlan, error) {
	h := hc.Hosts[0]
	p := hostPlan{cfg: hc, host: h.Host}
	switch hc.SSLMode {
	case SSLModeDisabled, SSLModePreferred, SSLModeRequired, SSLModeVerifyCA, SSLModeVerifyIdentity:
	default:
		return p, &PropertyError{Property: "sslMode", Value: string(hc.SSLMode),
			Msg: fmt.Sprintf("jdbcmysql: The connection property 'sslMode' acceptable values are: 'DISABLED', 'PREFERRED', 'REQUIRED', 'VERIFY_CA' or 'VERIFY_IDENTITY'. The value '%s' is not acceptable.", hc.SSLMode),
			Err: ErrInvalidProperty}
	}
	var err error
	if p.minV, p.maxV, err = tlsVersionRange(hc.TLSVersions); err != nil {
		return p, err
	}
	if p.suites, err = tlsCipherSuiteIDs(hc.TLSCipherSuites); err != nil {
		return p, err
	}
	if p.mysql, err = mysqlConfigFor(hc, h); err != nil {
		return p, err
	}
	return p, nil
}

// Connect opens one connection, trying the hosts in order (failover). It
// refuses mysqlx:, load-balancing and replication URLs with ErrUnsupported.
func (c *Connector) Connect(ctx context.Context) (driver.Conn, error) {
	if err := c.checkType(); err != nil {
		return nil, err
	}
	var errs []error
	for _, p := range c.hosts {
		conn, err := c.connectHost(ctx, p)
		if err == nil {
			return conn, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	if len(errs) == 1 {
		return nil, errs[0]
	}
	return nil, fmt.Errorf("jdbcmysql: all %d hosts failed: %w", len(errs), errors.Join(errs...))
}

func (c *Connector) checkType() error {
	switch c.cfg.Type {
	case URLTypeXDevAPI:
		return fmt.Errorf("jdbcmysql: mysqlx: URLs use the X Protocol, but go-sql-driver/mysql speaks only the classic protocol; use jdbc:mysql: with the classic port (3306): %w", ErrUnsupported)
	case URLTypeLoadBalance, URLTypeReplication:
		return fmt.Errorf("jdbcmysql: %s connections are not yet supported; list the hosts in a jdbc:mysql: URL for failover: %w", strings.ToLower(string(c.cfg.Type)), ErrUnsupported)
	}
	return nil
}

// connectHost makes one attempt on one host with a go-sql-driver Config of
// its own, so the driver's plaintext fallback cannot stick to other
// connections.
func (c *Connector) connectHost(ctx context.Context, p hostPlan) (driver.Conn, error) {
	rec := &handshakeRecord{}
	mc := p.mysql.Clone()
	logs := &bufferedLogger{}
	mc.Logger = rec.printer(logs)
	mode := p.cfg.SSLMode
	if mode != SSLModeDisabled {
		tc, err := c.connectionTLS(ctx, p, rec)
		if err != nil {
			return nil, err
		}
		mc.TLS = tc
		mc.AllowFallbackToPlaintext = mode == SSLModePreferred
	}
	mconn, err := mysql.NewConnector(mc)
	if err != nil {
		return nil, fmt.Errorf("jdbcmysql: %s: %w", p.host, err)
	}
	conn, err := mconn.Connect(context.WithValue(ctx, handshakeRecordKey{}, rec))
	logs.release(c.driverLogger(), err == nil)
	if err != nil {
		if rec.sessions != nil {
			rec.sessions.forget()
		}
		return nil, explainConnectError(err, rec, mode, p.host)
	}
	return conn, nil
}

// connectionTLS builds the tls.Config for one connection: go-sql-driver's
// own verification is off (InsecureSkipVerify) and replaced by verify.go's
// rules in VerifyConnection; the client certificate comes from the key store
// in every mode but DISABLED. A store that fails to load fails the TLS
// handshake (not a plaintext PREFERRED connection), as in Connector/J.
func (c *Connector) connectionTLS(ctx context.Context, p hostPlan, rec *handshakeRecord) (*tls.Config, error) {
	mode := p.cfg.SSLMode
	var deferred error
	var km *keyMaterial
	identity := sessionIdentity{}
	alias := c.alias(p.cfg)
	if ref, ok := resolveKeyStore(p.cfg); ok {
		rec.keyStore = redactLocation(ref.URL)
		identity = sessionIdentity{source: ref.Source, url: ref.URL, alias: alias}
		var err error
		if km, err = c.loadStore(ctx, ref); err != nil {
			deferred = err
		} else {
			identity.generation = km.Generation
		}
	}
	var roots *x509.CertPool
	if mode == SSLModeVerifyCA || mode == SSLModeVerifyIdentity {
		ref, ok, system := resolveTrustStore(p.cfg)
		switch {
		case ok:
			tm, err := c.loadStore(ctx, ref)
			switch {
			case err != nil:
				deferred = cmpOr(deferred, err)
			case tm.Roots == nil || tm.RootCount == 0:
				deferred = cmpOr(deferred, error(&StoreError{Store: "trust store", URL: redactLocation(ref.URL), Property: ref.Source,
					Msg: "holds no trusted certificate (the trustAnchors parameter must be non-empty)", Err: ErrKeyStore}))
			default:
				roots = tm.Roots
			}
		case system:
			pool, err := c.systemRoots()
			if err != nil {
				deferred = cmpOr(deferred, error(&TLSError{Mode: mode, Host: p.host, Check: "trust store",
					Msg: "jdbcmysql: cannot read the system's trusted certificates: " + err.Error(), Err: errors.Join(ErrNoTrustManager, err)}))
			}
			roots = pool
		default:
			return nil, &TLSError{Mode: mode, Host: p.host, Check: "trust store",
				Msg: fmt.Sprintf("jdbcmysql: Failed setting up server certificate validation because no X.509 Trust Manager was found (sslMode=%s needs trustCertificateKeyStoreUrl, or fallbackToSystemTrustStore=true)", mode),
				Err: ErrNoTrustManager}
		}
	}
	v := &serverVerifier{mode: mode, host: p.host, roots: roots, now: c.opts.now}
	tc := &tls.Config{
		// Verification is done in VerifyConnection with Connector/J's rules.
		InsecureSkipVerify: true,
		ServerName:         serverName(p.host),
		MinVersion:         p.minV,
		MaxVersion:         p.maxV,
		CipherSuites:       p.suites,
		GetClientCertificate: func(cri *tls.CertificateRequestInfo) (*tls.Certificate, error) {
			rec.set(func(r *handshakeRecord) { r.certRequested = true })
			if deferred != nil {
				return nil, deferred
			}
			cert, err := pickClientCertificate(km, cri, alias, rec.keyStore)
			if err != nil {
				return nil, err
			}
			switch {
			case cert.Leaf != nil:
				rec.set(func(r *handshakeRecord) { r.sentSubject = cert.Leaf.Subject.String() })
			case len(cert.Certificate) == 0 && km != nil:
				rec.set(func(r *handshakeRecord) { r.unmatched = len(km.Certificates) })
			}
			return cert, nil
		},
		VerifyConnection: func(cs tls.ConnectionState) error {
			if deferred != nil {
				return deferred
			}
			if err := v.verify(cs.PeerCertificates); err != nil {
				rec.set(func(r *handshakeRecord) { r.verifyErr = err })
				return err
			}
			rec.set(func(r *handshakeRecord) { r.serverChecked = true })
			return nil
		},
	}
	if !c.opts.noResumption && deferred == nil {
		rec.sessions = &attemptSessionCache{shared: c.sessions.get(identity)}
		tc.ClientSessionCache = rec.sessions
	}
	return tc, nil
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

func (c *Connector) alias(cfg *Config) string {
	if c.opts.alias != "" {
		return c.opts.alias
	}
	return cfg.ClientCertificateAlias
}

// pickClientCertificate chooses the certificate to send with the key
// store's rule (keyMaterial.chooseCertificate), reporting an unknown alias
// as a *StoreError. Without a key store it sends none.
func pickClientCertificate(km *keyMaterial, cri *tls.CertificateRequestInfo, alias, location string) (*tls.Certificate, error) {
	if km == nil {
		return &tls.Certificate{}, nil
	}
	cert, err := km.chooseCertificate(cri, alias)
	if err != nil {
		return nil, &StoreError{Store: "client key store", URL: location, Property: "jdbcmysql.clientCertificateKeyStoreAlias",
			Msg: err.Error(), Err: err}
	}
	return cert, nil
}

// sessionIdentity names a client identity: sessions resumed under one
// identity must never be offered by another (the server keeps the first
// session's certificate), and a rotated store is a new identity.
type sessionIdentity struct {
	source, url, alias string
	generation         uint64
}

// sessionCaches holds one TLS session cache per client identity.
type sessionCaches struct {
	mu sync.Mutex
	m  map[sessionIdentity]tls.ClientSessionCache
}

func (s *sessionCaches) get(id sessionIdentity) tls.ClientSessionCache {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[sessionIdentity]tls.ClientSessionCache{}
	}
	if c, ok := s.m[id]; ok {
		return c
	}
	// Drop the caches of earlier generations of the same store.
	for old := range s.m {
		if old.source == id.source && old.url == id.url && old.alias == id.alias {
			delete(s.m, old)
		}
	}
	c := tls.NewLRUClientSessionCache(0)
	s.m[id] = c
	return c
}

// serverName is the TLS server name (SNI and session cache key) for a host
// as written in the URL.
func serverName(host string) string {
	return strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"), ".")
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

// mysqlConfigFor maps the non-TLS settings onto go-sql-driver's Config.
// Params only ever holds sessionVariables; no Connector/J property name
// reaches it.
func mysqlConfigFor(hc *Config, h Host) (*mysql.Config, error) {
	m := mysql.NewConfig()
	m.User, m.Passwd, m.DBName = hc.User, hc.Password, hc.Database
	port := h.Port
	if port == 0 {
		port = 3306
	}
	m.Net = dialNetwork
	m.Addr = net.JoinHostPort(serverName(h.Host), strconv.Itoa(port))
	m.Timeout = hc.ConnectTimeout
	m.ReadTimeout, m.WriteTimeout = hc.SocketTimeout, hc.SocketTimeout
	m.ClientFoundRows = !hc.UseAffectedRows
	m.MultiStatements = hc.AllowMultiQueries
	if hc.MaxAllowedPacket > 0 {
		m.MaxAllowedPacket = hc.MaxAllowedPacket
	}
	if hc.CharacterEncoding != "" {
		cs, ok := mysqlCharset(hc.CharacterEncoding)
		if !ok {
			return nil, &PropertyError{Property: "characterEncoding", Value: hc.CharacterEncoding,
				Msg: fmt.Sprintf("jdbcmysql: characterEncoding %q has no MySQL character set jdbcmysql knows", hc.CharacterEncoding),
				Err: ErrInvalidProperty}
		}
		if err := m.Apply(mysql.Charset(cs, hc.ConnectionCollation)); err != nil {
			return nil, err
		}
	} else if hc.ConnectionCollation != "" {
		m.Collation = hc.ConnectionCollation
	}
	if len(hc.SessionVariables) > 0 {
		m.Params = map[string]string{}
		for _, sv := range hc.SessionVariables {
			if !sessionVariableName.MatchString(sv.Name) || strings.ContainsAny(sv.Value, ";\n\r") {
				return nil, &PropertyError{Property: "sessionVariables", Value: sv.Name,
					Msg: fmt.Sprintf("jdbcmysql: sessionVariables: %q is not a variable name followed by a single value", sv.Name),
					Err: ErrInvalidProperty}
			}
			m.Params[sv.Name] = sv.Value
		}
	}
	if len(hc.ConnectionAttributes) > 0 {
		keys := make([]string, 0, len(hc.ConnectionAttributes))
		for k := range hc.ConnectionAttributes {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			v := hc.ConnectionAttributes[k]
			if strings.ContainsAny(k, ",:") || strings.Contains(v, ",") {
				return nil, &PropertyError{Property: "connectionAttributes", Value: k,
					Msg: fmt.Sprintf("jdbcmysql: connectionAttributes: %q cannot be passed to go-sql-driver (no ',' or ':' in names, no ',' in values)", k),
					Err: ErrInvalidProperty}
			}
			parts = append(parts, k+":"+v)
		}
		m.ConnectionAttributes = strings.Join(parts, ",")
	}
	if hc.ServerRSAPublicKeyFile != "" {
		name, err := registerServerKey(hc.ServerRSAPublicKeyFile)
		if err != nil {
			return nil, err
		}
		m.ServerPubKey = name
	}
	switch tz := hc.ConnectionTimeZone; strings.ToUpper(tz) {
	case "", "SERVER":
	case "LOCAL":
		m.Loc = time.Local
	default:
		loc, err := time.LoadLocation(tz)
		if err != nil {
			return nil, &PropertyError{Property: "connectionTimeZone", Value: tz,
				Msg: fmt.Sprintf("jdbcmysql: connectionTimeZone %q is not a time zone Go knows: %v", tz, err), Err: ErrInvalidProperty}
		}
		m.Loc = loc
	}
	return m, nil
}

var sessionVariableName = regexp.MustCompile(`^@{0,2}[A-Za-z_][A-Za-z0-9_.$]*$`)

// mysqlCharset maps a Java charset name (or a MySQL one) to MySQL's name.
func mysqlCharset(javaName string) (string, bool) {
	n := strings.ToUpper(strings.ReplaceAll(javaName, "_", "-"))
	switch n {
	case "UTF-8", "UTF8", "UTF8MB4", "UTF8MB3":
		return "utf8mb4", true
	case "ISO-8859-1", "ISO8859-1", "LATIN1", "CP1252", "WINDOWS-1252":
		return "latin1", true
	case "US-ASCII", "ASCII":
		return "ascii", true
	case "ISO-8859-2", "ISO8859-2", "LATIN2":
		return "latin2", true
	case "UTF-16", "UTF16":
		return "utf16", true
	case "UTF-32", "UTF32":
		return "utf32", true
	case "BIG5":
		return "big5", true
	case "GBK":
		return "gbk", true
	case "GB2312":
		return "gb2312", true
	case "EUC-JP", "EUCJP", "UJIS":
		return "ujis", true
	case "SHIFT-JIS", "SJIS":
		return "sjis", true
	case "EUC-KR", "EUCKR":
		return "euckr", true
	case "KOI8-R", "KOI8R":
		return "koi8r", true
	case "BINARY":
		return "binary", true
	}
	return "", false
}

// registerServerKey reads serverRSAPublicKeyFile (a path, as in Connector/J)
// and registers it with go-sql-driver under a name derived from its content.
func registerServerKey(path string) (string, error) {
	fail := func(why string) error {
		return &PropertyError{Property: "serverRSAPublicKeyFile", Value: path,
			Msg: fmt.Sprintf("jdbcmysql: Unable to read public key '%s': %s", path, why), Err: ErrInvalidProperty}
	}
	st, err := os.Stat(path)
	if err != nil {
		return "", fail(err.Error())
	}
	if st.Size() > 64<<10 {
		return "", fail("file is larger than 64 KiB")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fail(err.Error())
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return "", fail("no PEM block")
	}
	var key *rsa.PublicKey
	if k, err := x509.ParsePKIXPublicKey(block.Bytes); err == nil {
		key, _ = k.(*rsa.PublicKey)
	} else if k, err := x509.ParsePKCS1PublicKey(block.Bytes); err == nil {
		key = k
	}
	if key == nil {
		return "", fail("not an RSA public key")
	}
	sum := sha256.Sum256(block.Bytes)
	name := "jdbcmysql-pubkey-" + hex.EncodeToString(sum[:12])
	mysql.RegisterServerPubKey(name, key)
	return name, nil
}

// dsnNameKey keys the HMAC that names registered TLS configs: names are
// stable within the process and reveal nothing about the settings.
var dsnNameKey = func() []byte {
	k := make([]byte, 32)
	_, _ = rand.Read(k)
	return k
}()

// FormatDSN returns a go-sql-driver/mysql DSN equivalent to c, for tools
// that only take sql.Open("mysql", dsn). Its TLS settings are registered
// with mysql.RegisterTLSConfig under a name derived from c (an HMAC of the
// settings, never showing them). It refuses several hosts and the URL types
// Connect refuses. Stores are read at each handshake; session resumption is
// off when a client key store is in use (a rotated key must not resume the
// old identity). go-sql-driver's sticky plaintext fallback applies to
// PREFERRED DSNs; prefer Connector, which avoids it.
func (c *Config) FormatDSN(opts ...Option) (string, error) {
	conn, err := c.Connector(opts...)
	if err != nil {
		return "", err
	}
	if err := conn.checkType(); err != nil {
		return "", err
	}
	if len(conn.hosts) != 1 {
		return "", fmt.Errorf("jdbcmysql: a go-sql-driver DSN holds one host, the configuration has %d; use Connector for failover: %w", len(conn.hosts), ErrUnsupported)
	}
	p := conn.hosts[0]
	m := p.mysql.Clone()
	if mode := p.cfg.SSLMode; mode != SSLModeDisabled {
		tc, err := conn.sharedTLS(p)
		if err != nil {
			return "", err
		}
		name := conn.tlsConfigName(p)
		if err := mysql.RegisterTLSConfig(name, tc); err != nil {
			return "", err
		}
		m.TLSConfig = name
		m.AllowFallbackToPlaintext = mode == SSLModePreferred
	}
	return m.FormatDSN(), nil
}

// tlsConfigName derives the registry name from every TLS-relevant setting.
func (c *Connector) tlsConfigName(p hostPlan) string {
	h := hmac.New(sha256.New, dsnNameKey)
	cfg := p.cfg
	fmt.Fprintf(h, "%q|%q|%d|", cfg.SSLMode, p.host, cfg.Hosts[0].Port)
	for _, s := range []Store{cfg.ClientKeyStore, cfg.TrustStore} {
		fmt.Fprintf(h, "%q|%q|%q|", s.URL, s.Type, s.Password)
	}
	fmt.Fprintf(h, "%t|%t|%q|%q|%q|%t|%p|%p", cfg.FallbackToSystemKeyStore, cfg.FallbackToSystemTrustStore,
		c.alias(cfg), cfg.TLSVersions, cfg.TLSCipherSuites, c.opts.noResumption, c.opts.fsys, c.opts.httpClient)
	return "jdbcmysql-" + hex.EncodeToString(h.Sum(nil)[:16])
}

// sharedTLS builds a tls.Config that go-sql-driver may share between
// connections: each handshake resolves and loads the stores afresh.
func (c *Connector) sharedTLS(p hostPlan) (*tls.Config, error) {
	mode := p.cfg.SSLMode
	if mode == SSLModeVerifyCA || mode == SSLModeVerifyIdentity {
		if _, ok, system := resolveTrustStore(p.cfg); !ok && !system {
			return nil, &TLSError{Mode: mode, Host: p.host, Check: "trust store",
				Msg: "jdbcmysql: Failed setting up server certificate validation because no X.509 Trust Manager was found", Err: ErrNoTrustManager}
		}
	}
	tc := &tls.Config{
		InsecureSkipVerify: true,
		ServerName:         serverName(p.host),
		MinVersion:         p.minV,
		MaxVersion:         p.maxV,
		CipherSuites:       p.suites,
		GetClientCertificate: func(cri *tls.CertificateRequestInfo) (*tls.Certificate, error) {
			ref, ok := resolveKeyStore(p.cfg)
			if !ok {
				return &tls.Certificate{}, nil
			}
			km, err := c.loadStore(context.Background(), ref)
			if err != nil {
				return nil, err
			}
			return pickClientCertificate(km, cri, c.alias(p.cfg), redactLocation(ref.URL))
		},
		VerifyConnection: func(cs tls.ConnectionState) error {
			rec := &handshakeRecord{}
			tc, err := c.connectionTLS(context.Background(), p, rec)
			if err != nil {
				return err
			}
			return tc.VerifyConnection(cs)
		},
	}
	if _, hasKeyStore := resolveKeyStore(p.cfg); !hasKeyStore && !c.opts.noResumption {
		tc.ClientSessionCache = c.sessions.get(sessionIdentity{})
	}
	return tc, nil
}
