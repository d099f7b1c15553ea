// Package mysqltest starts real MySQL or MariaDB servers for tests: each has
// its own CA, a server certificate, and users that REQUIRE X509, REQUIRE
// SUBJECT … AND ISSUER …, REQUIRE SSL and nothing. Two backends: "process"
// runs a local mysqld/mariadbd binary; "docker" runs an image through
// github.com/ory/dockertest/v3. No mock stands in for the server.
//
// This file holds the Server type, the options, backend selection and the
// per-test-binary sharing of servers.
package mysqltest

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// Backend names accepted by WithBackend and MYSQLTEST_BACKEND.
const (
	BackendProcess = "process"
	BackendDocker  = "docker"
)

// Images the docker backend knows: the default, and the one
// docker/build-offline-image.sh builds from Debian packages.
const (
	DefaultImage = "mysql:8.4"
	OfflineImage = "jdbcmysql/mariadb-offline:10.11"
)

// DefaultDatabase is the database created for the test users.
const DefaultDatabase = "jdbcmysql_test"

// ErrUnavailable marks a backend that cannot run here: no server binary, no
// Docker engine, or an image not present locally. Start skips on it (fails
// under CI=true); any other error is a failure.
var ErrUnavailable = errors.New("mysqltest: backend unavailable")

// Users names the accounts every server has; all share Password.
type Users struct {
	X509     string // REQUIRE X509: any certificate signed by the server's CA
	Subject  string // REQUIRE SUBJECT '/CN=SubjectUserCN' AND ISSUER '<CA>'
	SSL      string // REQUIRE SSL: TLS, no certificate needed
	Plain    string // REQUIRE NONE: plaintext allowed
	Password string
}

// Server is a running test server. Treat the fields as read-only.
type Server struct {
	Addr         string // "127.0.0.1:port"
	Host         string // "127.0.0.1"
	Port         int
	RootUser     string // an account with all privileges, reachable over TCP
	RootPassword string
	Database     string
	Version      string // SELECT VERSION()
	Backend      string // BackendProcess or BackendDocker
	Image        string // docker backend only
	TLS          bool   // false when started WithoutTLS
	Users        Users

	CA             *CA
	CAFile         string // the CA certificate, PEM
	ServerCertFile string // the server certificate, PEM
	ServerKeyFile  string

	dir         string   // temp directory holding certificates (and the datadir)
	serverNames []string // the server certificate's SANs
	stop        func() error
	closeMu     sync.Mutex
	closed      bool
}

// Option configures a server.
type Option func(*config)

type config struct {
	backend   string
	image     string
	noTLS     bool
	certNames []string
	database  string
}

// WithBackend forces BackendProcess or BackendDocker.
func WithBackend(name string) Option { return func(c *config) { c.backend = name } }

// WithImage sets the docker image (and so selects the docker backend).
func WithImage(image string) Option { return func(c *config) { c.image = image } }

// WithoutTLS starts a server that offers no TLS at all.
func WithoutTLS() Option { return func(c *config) { c.noTLS = true } }

// WithServerCertNames sets the server certificate's SANs
// (default localhost, 127.0.0.1, ::1).
func WithServerCertNames(names ...string) Option {
	return func(c *config) { c.certNames = append([]string(nil), names...) }
}

// WithDatabase sets the database created for the test users.
func WithDatabase(name string) Option { return func(c *config) { c.database = name } }

func newConfig(opts []Option) config {
	c := config{
		backend:   os.Getenv("MYSQLTEST_BACKEND"),
		image:     os.Getenv("MYSQLTEST_IMAGE"),
		certNames: []string{"localhost", "127.0.0.1", "::1"},
		database:  DefaultDatabase,
	}
	for _, o := range opts {
		o(&c)
	}
	return c
}

func (c config) key() string {
	return strings.Join([]string{c.backend, c.image, strconv.FormatBool(c.noTLS),
		strings.Join(c.certNames, ","), c.database}, "|")
}

var shared struct {
	sync.Mutex
	servers map[string]*sharedServer
}

type sharedServer struct {
	once sync.Once
	srv  *Server
	err  error
}

// Start returns a running server for a test, shared by every test of the
// binary asking for the same options. It skips the test when the backend
// cannot run here (fails under CI=true) and fails it on any other error.
// Shared servers live until CloseAll or the end of the test binary: the
// process backend's server dies with the binary, and leftovers of a killed
// run (directories, containers) are removed by the next run.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	cfg := newConfig(opts)
	shared.Lock()
	if shared.servers == nil {
		shared.servers = map[string]*sharedServer{}
	}
	ss := shared.servers[cfg.key()]
	if ss == nil {
		ss = &sharedServer{}
		shared.servers[cfg.key()] = ss
	}
	shared.Unlock()
	ss.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		ss.srv, ss.err = startServer(ctx, cfg)
	})
	if ss.err != nil {
		if errors.Is(ss.err, ErrUnavailable) && os.Getenv("CI") != "true" {
			t.Skipf("%v (set CI=true to make this a failure)", ss.err)
		}
		t.Fatalf("%v", ss.err)
	}
	return ss.srv
}

// CloseAll stops every server Start shared; call it from TestMain after m.Run.
func CloseAll() {
	shared.Lock()
	defer shared.Unlock()
	for k, ss := range shared.servers {
		if ss.srv != nil {
			_ = ss.srv.Close()
		}
		delete(shared.servers, k)
	}
}

// StartServer starts a server of its own; the caller must Close it.
// Errors wrap ErrUnavailable when the backend cannot run here.
func StartServer(ctx context.Context, opts ...Option) (*Server, error) {
	return startServer(ctx, newConfig(opts))
}

func startServer(ctx context.Context, cfg config) (*Server, error) {
	backend, err := chooseBackend(cfg)
	if err != nil {
		return nil, err
	}
	dir, err := newServerDir()
	if err != nil {
		return nil, err
	}
	s := &Server{
		Host: "127.0.0.1", RootUser: "root", RootPassword: randomPassword(),
		Database: cfg.database, Backend: backend, TLS: !cfg.noTLS, dir: dir,
		Users: Users{X509: "x509user", Subject: "subjectuser", SSL: "ssluser", Plain: "plainuser",
			Password: randomPassword()},
	}
	fail := func(err error) (*Server, error) {
		_ = s.Close()
		return nil, err
	}
	if err := s.writeCerts(cfg.certNames); err != nil {
		return fail(err)
	}
	switch backend {
	case BackendProcess:
		err = startProcess(ctx, s)
	default:
		err = startDocker(ctx, s, cfg.image)
	}
	if err != nil {
		return fail(err)
	}
	db, err := s.DB(s.RootUser, s.RootPassword, nil)
	if err != nil {
		return fail(err)
	}
	defer db.Close()
	if err := db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&s.Version); err != nil {
		return fail(fmt.Errorf("mysqltest: reading the server version: %w", err))
	}
	return s, nil
}

// chooseBackend applies the forced backend or picks one: the process backend
// when a server binary exists, else docker.
func chooseBackend(cfg config) (string, error) {
	switch cfg.backend {
	case BackendProcess, BackendDocker:
		return cfg.backend, nil
	case "":
	default:
		return "", fmt.Errorf("mysqltest: unknown backend %q (MYSQLTEST_BACKEND or WithBackend): want %q or %q",
			cfg.backend, BackendProcess, BackendDocker)
	}
	if cfg.image != "" {
		return BackendDocker, nil
	}
	if _, err := findServerBinary(); err == nil {
		return BackendProcess, nil
	}
	return BackendDocker, nil
}

// writeCerts mints the CA and server certificate and writes them into s.dir.
func (s *Server) writeCerts(names []string) error {
	ca, err := NewCA("mysqltest CA " + randomPassword()[:8])
	if err != nil {
		return err
	}
	serverCert, err := ca.IssueServer(names)
	if err != nil {
		return err
	}
	s.CA = ca
	s.serverNames = names
	s.CAFile = filepath.Join(s.dir, "ca.pem")
	s.ServerCertFile = filepath.Join(s.dir, "server-cert.pem")
	s.ServerKeyFile = filepath.Join(s.dir, "server-key.pem")
	if err := ca.WritePEM(s.CAFile); err != nil {
		return err
	}
	// The server is sent only the leaf; the CA file completes the chain.
	leafOnly := *serverCert
	leafOnly.Issuer = nil
	return leafOnly.WritePEM(s.ServerCertFile, s.ServerKeyFile)
}

// setupStatements creates the database and the four test users, and lets
// root in from any host. MySQL and MariaDB both accept them.
func (s *Server) setupStatements() []string {
	pw := quote(s.Users.Password)
	stmts := []string{
		"CREATE DATABASE IF NOT EXISTS " + quoteIdent(s.Database),
		fmt.Sprintf("CREATE USER IF NOT EXISTS 'root'@'%%' IDENTIFIED BY %s", quote(s.RootPassword)),
		"GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION",
	}
	requires := []struct{ user, require string }{
		{s.Users.X509, "X509"},
		{s.Users.Subject, fmt.Sprintf("SUBJECT %s AND ISSUER %s", quote("/CN="+SubjectUserCN), quote(s.CA.Subject))},
		{s.Users.SSL, "SSL"},
		{s.Users.Plain, "NONE"},
	}
	for _, r := range requires {
		stmts = append(stmts,
			fmt.Sprintf("CREATE USER %s@'%%' IDENTIFIED BY %s REQUIRE %s", quote(r.user), pw, r.require),
			fmt.Sprintf("GRANT ALL ON %s.* TO %s@'%%'", quoteIdent(s.Database), quote(r.user)))
	}
	return stmts
}

// CreateUser creates name@'%' with a password and a REQUIRE clause ("X509",
// "SSL", "NONE", "SUBJECT '…' AND ISSUER '…'", or "" for none), granted all
// on the server's database.
func (s *Server) CreateUser(ctx context.Context, name, password, require string) error {
	if require == "" {
		require = "NONE"
	}
	db, err := s.DB(s.RootUser, s.RootPassword, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, stmt := range []string{
		fmt.Sprintf("CREATE USER %s@'%%' IDENTIFIED BY %s REQUIRE %s", quote(name), quote(password), require),
		fmt.Sprintf("GRANT ALL ON %s.* TO %s@'%%'", quoteIdent(s.Database), quote(name)),
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("mysqltest: creating user %q: %w", name, err)
		}
	}
	return nil
}

// TLSConfig returns a client configuration that trusts the server's CA and
// presents clientCert when it is not nil.
func (s *Server) TLSConfig(clientCert *ClientCert) *tls.Config {
	// Verify against a name the certificate carries: the host unless
	// WithServerCertNames left it out.
	name := s.Host
	if len(s.serverNames) > 0 && !slices.Contains(s.serverNames, s.Host) {
		name = s.serverNames[0]
	}
	c := &tls.Config{RootCAs: s.CA.CertPool(), ServerName: name, MinVersion: tls.VersionTLS12}
	if clientCert != nil {
		c.Certificates = []tls.Certificate{clientCert.TLSCertificate()}
	}
	return c
}

// DB opens a go-sql-driver/mysql pool to the server's database as user,
// over verified TLS (presenting cert if not nil) unless the server has no
// TLS, and pings it. Use it for set-up work; the caller closes it.
func (s *Server) DB(user, password string, cert *ClientCert) (*sql.DB, error) {
	cfg := s.mysqlConfig(user, password)
	if s.TLS {
		cfg.TLS = s.TLSConfig(cert)
	}
	return openPing(cfg, "user "+user)
}

func (s *Server) mysqlConfig(user, password string) *mysql.Config {
	cfg := mysql.NewConfig()
	cfg.User, cfg.Passwd = user, password
	cfg.Net, cfg.Addr, cfg.DBName = "tcp", s.Addr, s.Database
	cfg.Timeout = 10 * time.Second
	cfg.AllowNativePasswords = true
	cfg.Logger = quietLogger{}
	return cfg
}

// quietLogger drops go-sql-driver's own log lines; its errors are returned
// to the caller anyway, and waiting for a server makes many of them.
type quietLogger struct{}

func (quietLogger) Print(...any) {}

func openPing(cfg *mysql.Config, who string) (*sql.DB, error) {
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("mysqltest: %s: %w", who, err)
	}
	db := sql.OpenDB(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("mysqltest: connecting to %s as %s: %w", cfg.Addr, who, err)
	}
	return db, nil
}

// NewClientCert signs a client certificate with the server's CA.
func (s *Server) NewClientCert(cn string, opts ...CertOption) (*ClientCert, error) {
	return s.CA.IssueClient(cn, opts...)
}

// WriteTrustStoreJKS writes a JKS trust store holding the server's CA.
func (s *Server) WriteTrustStoreJKS(path, password string) error {
	return s.CA.WriteTrustStoreJKS(path, password)
}

// WriteTrustStorePKCS12 writes a PKCS#12 trust store holding the server's CA.
func (s *Server) WriteTrustStorePKCS12(path, password string) error {
	return s.CA.WriteTrustStorePKCS12(path, password)
}

// String describes the server without any password.
func (s *Server) String() string {
	desc := s.Backend
	if s.Image != "" {
		desc += " " + s.Image
	}
	return fmt.Sprintf("%s at %s (%s, tls=%v)", s.Version, s.Addr, desc, s.TLS)
}

// Close stops the server and removes its files. It is safe to call twice.
func (s *Server) Close() error {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	var err error
	if s.stop != nil {
		err = s.stop()
	}
	if s.dir != "" {
		if rmErr := os.RemoveAll(s.dir); rmErr != nil && err == nil {
			err = fmt.Errorf("mysqltest: removing %s: %w", s.dir, rmErr)
		}
	}
	return err
}

// serverDirPrefix names the temp directories of servers; leftovers whose
// owning test binary is gone are removed by sweepStaleDirs.
const serverDirPrefix = "mysqltest-"

// newServerDir makes a short directory (unix socket paths must stay under
// 108 bytes) and records the owning process id in it.
func newServerDir() (string, error) {
	sweepStaleDirs()
	base := os.TempDir()
	if len(base) > 40 {
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, serverDirPrefix)
	if err != nil {
		return "", fmt.Errorf("mysqltest: %w", err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return "", fmt.Errorf("mysqltest: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "owner.pid"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return "", fmt.Errorf("mysqltest: %w", err)
	}
	return dir, nil
}

// sweepStaleDirs removes server directories whose owner process has exited,
// first killing a server still running in one.
func sweepStaleDirs() {
	var dirs []string
	for _, base := range []string{os.TempDir(), "/tmp"} {
		m, _ := filepath.Glob(filepath.Join(base, serverDirPrefix+"*"))
		dirs = append(dirs, m...)
	}
	sort.Strings(dirs)
	for i, dir := range dirs {
		if i > 0 && dirs[i-1] == dir {
			continue
		}
		owner, ok := readPid(filepath.Join(dir, "owner.pid"))
		if !ok || processAlive(owner) {
			continue
		}
		if pid, ok := readPid(filepath.Join(dir, "mysqld.pid")); ok && processAlive(pid) {
			killProcess(pid)
		}
		_ = os.RemoveAll(dir)
	}
}

func readPid(path string) (int, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid, err == nil && pid > 0
}

// freePort asks the kernel for a free loopback TCP port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("mysqltest: finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func randomPassword() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return "pw" + hex.EncodeToString(b)
}

// quote makes a single-quoted SQL string literal.
func quote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

func quoteIdent(s string) string {
	return "`" + strings.ReplaceAll(s, "`", "``") + "`"
}
