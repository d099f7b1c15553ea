// This file maps a Config onto go-sql-driver/mysql: the mysql.Config of each
// host (everything but TLS), and FormatDSN, which registers the TLS settings
// under a name for DSN-only tools.

package jdbcmysql

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/go-sql-driver/mysql"
)

// mysqlConfigFor maps the non-TLS settings onto go-sql-driver's Config.
// Params stays empty: no Connector/J property name reaches it.
func mysqlConfigFor(hc *Config, h Host) (*mysql.Config, error) {
	m := mysql.NewConfig()
	m.User, m.Passwd, m.DBName = hc.User, hc.Password, hc.Database
	port := h.Port
	if port == 0 {
		port = 3306
	}
	m.Net = networkFor(hc)
	m.Addr = net.JoinHostPort(serverName(h.Host), strconv.Itoa(port))
	m.Timeout = hc.ConnectTimeout
	m.ReadTimeout, m.WriteTimeout = hc.SocketTimeout, hc.SocketTimeout
	m.ClientFoundRows = !hc.UseAffectedRows
	m.MultiStatements = hc.AllowMultiQueries
	if hc.UseCompression {
		if err := m.Apply(mysql.EnableCompression(true)); err != nil {
			return nil, err
		}
	}
	if hc.MaxAllowedPacket > 0 {
		m.MaxAllowedPacket = hc.MaxAllowedPacket
	}
	if len(hc.ConnectionAttributes) > 0 {
		attrs, err := mysqlConnectionAttributes(hc.ConnectionAttributes)
		if err != nil {
			return nil, err
		}
		m.ConnectionAttributes = attrs
	}
	if hc.ServerRSAPublicKeyFile != "" {
		name, err := registerServerKey(hc.ServerRSAPublicKeyFile)
		if err != nil {
			return nil, err
		}
		m.ServerPubKey = name
	}
	// The character set, sessionVariables and the rest of the session are
	// set up after connecting, in Connector/J's order (session.go).
	sp, err := planSession(hc)
	if err != nil {
		return nil, err
	}
	if loc := sp.writeLocation(); loc != nil {
		m.Loc = loc
	}
	return m, nil
}

// mysqlConnectionAttributes writes connectionAttributes as go-sql-driver
// takes them, refusing what its format cannot carry.
func mysqlConnectionAttributes(attrs map[string]string) (string, error) {
	keys := make([]string, 0, len(attrs))
	for k := range attrs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		v := attrs[k]
		if strings.ContainsAny(k, ",:") || strings.Contains(v, ",") {
			return "", &PropertyError{Property: "connectionAttributes", Value: k,
				Msg: fmt.Sprintf("jdbcmysql: connectionAttributes: %q cannot be passed to go-sql-driver (no ',' or ':' in names, no ',' in values)", k),
				Err: ErrInvalidProperty}
		}
		parts = append(parts, k+":"+v)
	}
	return strings.Join(parts, ","), nil
}

var sessionVariableName = regexp.MustCompile(`^@{0,2}[A-Za-z_][A-Za-z0-9_.$]*$`)

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
// Connect refuses. The stores (and the javax.net.ssl.* system properties)
// are resolved and read at each handshake, and TLS sessions are resumed only
// by the client identity that made them, as with Connector; for a minute
// after that identity changes (a rotated key store, a changed system
// property) no new session is kept. go-sql-driver's sticky plaintext
// fallback applies to PREFERRED DSNs; prefer Connector, which avoids it.
func (c *Config) FormatDSN(opts ...Option) (string, error) {
	conn, err := c.Connector(opts...)
	if err != nil {
		return "", err
	}
	if err := conn.checkType(); err != nil {
		return "", err
	}
	if err := conn.singleHostOnly(); err != nil {
		return "", err
	}
	p := conn.hosts[0]
	if err := refuseDSNOnly(p, conn.opts); err != nil {
		return "", err
	}
	m := p.mysql.Clone()
	if err := p.session.applyToDSN(p.cfg, m); err != nil {
		return "", err
	}
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
	fmt.Fprintf(h, "%q|%q|%d|", cfg.SSLMode, p.host(), cfg.Hosts[0].Port)
	for _, s := range []Store{cfg.ClientKeyStore, cfg.TrustStore} {
		fmt.Fprintf(h, "%q|%q|%q|", s.URL, s.Type, s.Password)
	}
	fmt.Fprintf(h, "%t|%t|%q|%q|%q|%t|%p|%p", cfg.FallbackToSystemKeyStore, cfg.FallbackToSystemTrustStore,
		c.alias(cfg), cfg.TLSVersions, cfg.TLSCipherSuites, c.opts.noResumption, c.opts.fsys, c.opts.httpClient)
	return "jdbcmysql-" + hex.EncodeToString(h.Sum(nil)[:16])
}
