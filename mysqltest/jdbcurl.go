// This file builds Connector/J JDBC URLs for a server or a cluster, with
// the key stores each test user needs written next to them.

package mysqltest

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// StorePassword protects the key and trust stores JDBCURL writes.
const StorePassword = "mysqltest-store"

// URLOption changes what JDBCURL builds.
type URLOption func(*urlConfig)

type urlConfig struct {
	sslMode   string
	storeType string
	password  *string
	cert      *ClientCert
	props     [][2]string
	scheme    string
	nodes     []*Server
}

// URLSSLMode sets sslMode (default: VERIFY_IDENTITY where the server's
// certificate names the address in the URL, else VERIFY_CA; DISABLED for
// the plain user and for servers without TLS).
func URLSSLMode(mode string) URLOption { return func(c *urlConfig) { c.sslMode = mode } }

// URLStoreType sets the type of both stores: "PKCS12" (the default) or "JKS".
func URLStoreType(typ string) URLOption { return func(c *urlConfig) { c.storeType = typ } }

// URLPassword sets the user's password, for accounts made with CreateUser
// (the test users' and root's passwords are known).
func URLPassword(password string) URLOption { return func(c *urlConfig) { c.password = &password } }

// URLClientCert puts cert in the key store instead of a certificate minted
// for the user.
func URLClientCert(cert *ClientCert) URLOption { return func(c *urlConfig) { c.cert = cert } }

// URLProperty adds a property (escaped for the URL), after mysqltest's own.
func URLProperty(key, value string) URLOption {
	return func(c *urlConfig) { c.props = append(c.props, [2]string{key, value}) }
}

// URLScheme sets the multi-host form: "loadbalance" or "replication" give
// jdbc:mysql:loadbalance:// and jdbc:mysql:replication://; "" (the default)
// is plain jdbc:mysql:// (failover across hosts).
func URLScheme(scheme string) URLOption { return func(c *urlConfig) { c.scheme = scheme } }

// URLNodes lists a cluster's nodes in the URL in this order (default: every
// node, the replication source first).
func URLNodes(nodes ...*Server) URLOption {
	return func(c *urlConfig) { c.nodes = append([]*Server(nil), nodes...) }
}

// JDBCURL returns a Connector/J URL for user on this server: its address
// and database, the user's password, the sslMode, a trust store holding the
// server's CA and, for the X509 and SUBJECT users, a key store with a
// client certificate they accept (made once per server and store type,
// written into the server's directory, password StorePassword).
func (s *Server) JDBCURL(user string, opts ...URLOption) (string, error) {
	cfg := urlOptions(opts)
	if len(cfg.nodes) > 0 {
		return "", errors.New("mysqltest: URLNodes applies to a cluster's JDBCURL")
	}
	return buildJDBCURL(&s.urlStores, s, []*Server{s}, user, cfg)
}

// JDBCURL returns a Connector/J URL for user across the cluster's nodes
// (each node's certificate names its own address, so VERIFY_IDENTITY holds
// per host), as Server.JDBCURL does for one server.
func (c *Cluster) JDBCURL(user string, opts ...URLOption) (string, error) {
	cfg := urlOptions(opts)
	nodes := cfg.nodes
	if len(nodes) == 0 {
		nodes = c.Nodes
		if src := c.Source(); src != nil {
			nodes = append([]*Server{src}, c.Replicas()...)
		}
	}
	for _, n := range nodes {
		if !c.isNode(n) {
			return "", fmt.Errorf("mysqltest: URLNodes: %v is not a node of %s", n, c.Name)
		}
	}
	return buildJDBCURL(&c.Nodes[0].urlStores, c.Nodes[0], nodes, user, cfg)
}

func urlOptions(opts []URLOption) urlConfig {
	cfg := urlConfig{storeType: "PKCS12"}
	for _, o := range opts {
		o(&cfg)
	}
	return cfg
}

// buildJDBCURL assembles the URL; ref is the server whose CA, users and
// database the hosts share.
func buildJDBCURL(stores *urlStoreCache, ref *Server, hosts []*Server, user string, cfg urlConfig) (string, error) {
	switch cfg.scheme {
	case "", "loadbalance", "replication":
	default:
		return "", fmt.Errorf("mysqltest: URLScheme(%q): want \"\", \"loadbalance\" or \"replication\"", cfg.scheme)
	}
	if cfg.storeType != "PKCS12" && cfg.storeType != "JKS" {
		return "", fmt.Errorf("mysqltest: URLStoreType(%q): want PKCS12 or JKS", cfg.storeType)
	}
	password, err := ref.passwordOf(user, cfg.password)
	if err != nil {
		return "", err
	}
	mode := cfg.sslMode
	if mode == "" {
		mode = defaultSSLMode(ref, hosts, user)
	}
	props := [][2]string{{"user", user}, {"password", password}, {"sslMode", mode}}
	if mode != "DISABLED" {
		trust, err := stores.trustStore(ref, cfg.storeType)
		if err != nil {
			return "", err
		}
		props = append(props, storeProperties("trustCertificateKeyStore", trust, cfg.storeType)...)
		cert := cfg.cert
		if cert == nil {
			cn := map[string]string{ref.Users.X509: "mysqltest-x509-client", ref.Users.Subject: SubjectUserCN}[user]
			if cn != "" {
				if cert, err = stores.mintedCert(ref, cn); err != nil {
					return "", err
				}
			}
		}
		if cert != nil {
			ks, err := stores.keyStore(ref, cert, cfg.storeType)
			if err != nil {
				return "", err
			}
			props = append(props, storeProperties("clientCertificateKeyStore", ks, cfg.storeType)...)
		}
	} else if !ref.MariaDB {
		// MySQL's caching_sha2_password needs the server's RSA key to
		// send a password without TLS; Connector/J asks for it only so.
		props = append(props, [2]string{"allowPublicKeyRetrieval", "true"})
	}
	props = append(props, cfg.props...)
	addrs := make([]string, len(hosts))
	for i, h := range hosts {
		addrs[i] = net.JoinHostPort(h.Host, strconv.Itoa(h.Port))
	}
	prefix := "jdbc:mysql://"
	if cfg.scheme != "" {
		prefix = "jdbc:mysql:" + cfg.scheme + "://"
	}
	query := make([]string, len(props))
	for i, p := range props {
		query[i] = p[0] + "=" + url.QueryEscape(p[1])
	}
	return prefix + strings.Join(addrs, ",") + "/" + url.PathEscape(ref.Database) + "?" + strings.Join(query, "&"), nil
}

// passwordOf returns the password of one of the server's accounts.
func (s *Server) passwordOf(user string, given *string) (string, error) {
	if given != nil {
		return *given, nil
	}
	switch user {
	case s.Users.X509, s.Users.Subject, s.Users.SSL, s.Users.Plain:
		return s.Users.Password, nil
	case s.RootUser:
		return s.RootPassword, nil
	}
	return "", fmt.Errorf("mysqltest: JDBCURL: the password of %q is not known; pass URLPassword", user)
}

// defaultSSLMode is VERIFY_IDENTITY when every host's certificate names the
// host's address, VERIFY_CA when not, DISABLED without TLS or for the plain
// user.
func defaultSSLMode(ref *Server, hosts []*Server, user string) string {
	if !ref.TLS || user == ref.Users.Plain {
		return "DISABLED"
	}
	for _, h := range hosts {
		if !h.verifyName || !slices.Contains(h.serverNames, h.Host) {
			return "VERIFY_CA"
		}
	}
	return "VERIFY_IDENTITY"
}

func storeProperties(prefix, path, typ string) [][2]string {
	return [][2]string{
		{prefix + "Url", "file:" + path},
		{prefix + "Type", typ},
		{prefix + "Password", StorePassword},
	}
}

// urlStoreCache writes each store JDBCURL needs once.
type urlStoreCache struct {
	mu    sync.Mutex
	files map[string]string      // what → path
	certs map[string]*ClientCert // common name → minted certificate
}

// storeDir is where a server's (or cluster's) URL stores go.
func storeDir(ref *Server) (string, error) {
	dir := filepath.Join(ref.dir, "stores")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("mysqltest: %w", err)
	}
	return dir, nil
}

func (u *urlStoreCache) trustStore(ref *Server, typ string) (string, error) {
	return u.once("trust|"+typ, ref, "truststore."+strings.ToLower(typ), func(path string) error {
		if typ == "JKS" {
			return ref.CA.WriteTrustStoreJKS(path, StorePassword)
		}
		return ref.CA.WriteTrustStorePKCS12(path, StorePassword)
	})
}

func (u *urlStoreCache) keyStore(ref *Server, cert *ClientCert, typ string) (string, error) {
	key := fmt.Sprintf("key|%s|%p", typ, cert)
	name := fmt.Sprintf("keystore-%s.%s", randomName(), strings.ToLower(typ))
	return u.once(key, ref, name, func(path string) error {
		if typ == "JKS" {
			return cert.WriteJKS(path, StorePassword, "mysqlclient")
		}
		return cert.WritePKCS12(path, StorePassword)
	})
}

func (u *urlStoreCache) mintedCert(ref *Server, cn string) (*ClientCert, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if c, ok := u.certs[cn]; ok {
		return c, nil
	}
	c, err := ref.NewClientCert(cn)
	if err != nil {
		return nil, err
	}
	if u.certs == nil {
		u.certs = map[string]*ClientCert{}
	}
	u.certs[cn] = c
	return c, nil
}

// once writes the file for key with write the first time it is asked for.
func (u *urlStoreCache) once(key string, ref *Server, name string, write func(path string) error) (string, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if p, ok := u.files[key]; ok {
		return p, nil
	}
	dir, err := storeDir(ref)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	if err := write(path); err != nil {
		return "", err
	}
	if u.files == nil {
		u.files = map[string]string{}
	}
	u.files[key] = path
	return path, nil
}
