// This file implements "jdbcmysql export": the key a connection would send,
// written as PEM files other processes take (client-cert.pem with its chain,
// client-key.pem readable by its owner only, ca.pem from the trust store),
// and the mysql/mariadb client options and golang-migrate URL that use them
// for the URL's sslMode. No password is ever printed.

package main

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/jdbcmysql/jdbcmysql"
)

// exportPlan is what export writes and prints.
type exportPlan struct {
	mode                      jdbcmysql.SSLMode
	host                      string // host:port, or HOST:PORT placeholders
	user, database            string
	keyStore, trustStore      string // locations, for the report
	alias                     string
	chain                     []*x509.Certificate
	key                       any
	cas                       []*x509.Certificate // from the trust store; nil without one
	certPath, keyPath, caPath string
}

// exportFlags are export's command line.
type exportFlags struct {
	out, storeType, alias, trust, trustType, sslMode string
	pw, trustPW                                      secretFlags
	allowUnknown                                     bool
	arg                                              string // STORE or URL
}

func runExport(args []string, env *environment) error {
	f, err := parseExportFlags(args, env)
	if err != nil {
		return err
	}
	p := &exportPlan{host: "HOST:3306", user: "USER", database: "DATABASE", alias: f.alias}
	ks := jdbcmysql.Store{URL: f.arg, Type: f.storeType}
	ts := jdbcmysql.Store{URL: f.trust, Type: f.trustType}
	if strings.HasPrefix(f.arg, "jdbc:") || strings.HasPrefix(f.arg, "mysqlx:") {
		if ks, ts, err = p.fromURL(f); err != nil {
			return err
		}
	} else {
		p.mode = jdbcmysql.SSLModeRequired
		if f.trust != "" {
			p.mode = jdbcmysql.SSLModeVerifyCA
		}
	}
	if f.sslMode != "" {
		p.mode = jdbcmysql.SSLMode(strings.ToUpper(f.sslMode))
	}
	switch p.mode {
	case jdbcmysql.SSLModeDisabled, jdbcmysql.SSLModePreferred, jdbcmysql.SSLModeRequired, jdbcmysql.SSLModeVerifyCA, jdbcmysql.SSLModeVerifyIdentity:
	default:
		return badInput(fmt.Errorf("--ssl-mode %q is not DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY", f.sslMode))
	}
	if err := f.pw.readInto(env, true, &ks.Password); err != nil {
		return err
	}
	if err := f.trustPW.readInto(env, false, &ts.Password); err != nil {
		return err
	}
	ctx := context.Background()
	if err := p.loadKey(ctx, ks); err != nil {
		return badInput(err)
	}
	if err := p.loadTrust(ctx, ts); err != nil {
		return badInput(err)
	}
	if err := p.write(f.out); err != nil {
		return badInput(err)
	}
	p.print(env.stdout)
	return nil
}

// parseExportFlags reads export's flags and its one argument; --out is
// required.
func parseExportFlags(args []string, env *environment) (*exportFlags, error) {
	f := &exportFlags{}
	fs := newFlagSet(env, "export", "export --out DIR [--type T] [--password-env VAR] [--alias A] [--trust STORE] [--ssl-mode MODE] [--allow-unknown] STORE|URL",
		`KSPW=mypassword jdbcmysql export --out ./pem --password-env KSPW --trust file:truststore.jks file:keystore`)
	fs.StringVar(&f.out, "out", "", "directory to write client-cert.pem, client-key.pem and ca.pem into (created 0700 if missing)")
	fs.StringVar(&f.storeType, "type", "", "client key store type (JKS, PKCS12, JCEKS, PEM); with a URL, overrides clientCertificateKeyStoreType")
	f.pw.register(fs, "password", "client key store password (with a URL, overrides clientCertificateKeyStorePassword)")
	fs.StringVar(&f.alias, "alias", "", "the key entry to export (jdbcmysql.clientCertificateKeyStoreAlias); default: the one a connection sends")
	fs.StringVar(&f.trust, "trust", "", "trust store to write ca.pem from (with a URL: trustCertificateKeyStoreUrl)")
	fs.StringVar(&f.trustType, "trust-type", "", "declared type of the trust store")
	f.trustPW.register(fs, "trust-password", "trust store password (none: read without integrity check, as Java does)")
	fs.StringVar(&f.sslMode, "ssl-mode", "", "sslMode the printed options follow when STORE is not a URL (default VERIFY_CA with --trust, else REQUIRED)")
	fs.BoolVar(&f.allowUnknown, "allow-unknown", false, "with a URL: accept unknown properties (listed as ignored) instead of refusing them")
	pos, err := parseOneArgument(fs, args, "STORE or URL")
	if err != nil {
		return nil, err
	}
	if f.out == "" {
		fs.Usage()
		return nil, badInput(errors.New("--out DIR is required"))
	}
	f.arg = pos[0]
	return f, nil
}

// fromURL takes the server, user, database, sslMode, alias and stores from
// a JDBC URL; the flags override its store type and trust store.
func (p *exportPlan) fromURL(f *exportFlags) (ks, ts jdbcmysql.Store, err error) {
	var opts []jdbcmysql.Option
	if f.allowUnknown {
		opts = append(opts, jdbcmysql.AllowUnknownProperties())
	}
	cfg, err := jdbcmysql.ParseURL(f.arg, opts...)
	if err != nil {
		return ks, ts, badInput(cliPropertyError(err))
	}
	p.mode = cfg.SSLMode
	if h := cfg.Hosts[0]; h.Host != "" {
		port := h.Port
		if port == 0 {
			port = 3306
		}
		p.host = net.JoinHostPort(strings.Trim(h.Host, "[]"), strconv.Itoa(port))
	}
	if cfg.User != "" {
		p.user = cfg.User
	}
	if cfg.Database != "" {
		p.database = cfg.Database
	}
	if p.alias == "" {
		p.alias = cfg.ClientCertificateAlias
	}
	kc, tc := cfg.ResolveStores()
	if kc.Store.URL == "" {
		return ks, ts, badInput(fmt.Errorf("the URL names no client key store: %s", kc.Reason))
	}
	ks = kc.Store
	if f.storeType != "" {
		ks.Type = f.storeType
	}
	ts = jdbcmysql.Store{URL: f.trust, Type: f.trustType}
	if f.trust == "" {
		ts = tc.Store
	}
	return ks, ts, nil
}

// loadKey opens the key store and takes the key entry a connection sends
// (or the alias asked for) with its chain.
func (p *exportPlan) loadKey(ctx context.Context, ks jdbcmysql.Store) error {
	store, err := jdbcmysql.OpenKeyStore(ctx, ks.URL, ks.Type, ks.Password)
	if err != nil {
		return err
	}
	sent, err := jdbcmysql.ChooseClientAlias(store, nil, p.alias)
	if err != nil {
		return err
	}
	if sent == "" {
		return fmt.Errorf("%s holds no private key entry: nothing to export as a client certificate", ks.URL)
	}
	for _, e := range store.Entries {
		if e.Alias == sent && !e.Trusted() {
			p.alias, p.chain, p.key = e.Alias, e.Chain, e.PrivateKey
		}
	}
	p.keyStore = ks.String()
	return nil
}

// loadTrust reads the trust store's certificates for ca.pem, when one is
// named.
func (p *exportPlan) loadTrust(ctx context.Context, ts jdbcmysql.Store) error {
	if ts.URL == "" {
		return nil
	}
	t, err := jdbcmysql.OpenTrustStore(ctx, ts.URL, ts.Type, ts.Password)
	if err != nil {
		return err
	}
	p.trustStore = ts.String()
	for _, e := range t.Entries {
		p.cas = append(p.cas, e.Chain...)
	}
	if len(p.cas) == 0 {
		return fmt.Errorf("trust store %s holds no certificate", ts.String())
	}
	return nil
}

// write writes the PEM files into dir: the key readable by its owner only,
// each file replaced whole (a reader never sees half a file).
func (p *exportPlan) write(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	p.certPath, p.keyPath = filepath.Join(abs, "client-cert.pem"), filepath.Join(abs, "client-key.pem")
	der, err := x509.MarshalPKCS8PrivateKey(p.key)
	if err != nil {
		return fmt.Errorf("key entry %q: %v", p.alias, err)
	}
	if err := writeFileAtomic(p.keyPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		return err
	}
	if err := writeFileAtomic(p.certPath, pemCertificates(p.chain), 0o644); err != nil {
		return err
	}
	if p.cas != nil {
		p.caPath = filepath.Join(abs, "ca.pem")
		if err := writeFileAtomic(p.caPath, pemCertificates(p.cas), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func pemCertificates(certs []*x509.Certificate) []byte {
	var b []byte
	for _, c := range certs {
		b = append(b, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return b
}

// writeFileAtomic writes data to path through a temporary file created
// with perm in the same directory, then renamed over path.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // a no-op once renamed
	if err := f.Chmod(perm); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// verifies reports whether the mode checks the server's chain.
func verifies(m jdbcmysql.SSLMode) bool {
	return m == jdbcmysql.SSLModeVerifyCA || m == jdbcmysql.SSLModeVerifyIdentity
}

func (p *exportPlan) print(w io.Writer) {
	fmt.Fprintf(w, "Wrote %s: key entry %q's chain as the store holds it (%s) from %s\n", p.certPath, p.alias, certificates(len(p.chain)), p.keyStore)
	fmt.Fprintf(w, "Wrote %s: its private key, unencrypted, mode 0600\n", p.keyPath)
	if p.caPath != "" {
		fmt.Fprintf(w, "Wrote %s: %s trusted by %s\n", p.caPath, certificates(len(p.cas)), p.trustStore)
	}
	host, port, _ := net.SplitHostPort(p.host)
	fmt.Fprintf(w, "\nFor sslMode=%s. Give the password in MYSQL_PWD or at the prompt (-p), never on the command line.\n", p.mode)
	if verifies(p.mode) && p.caPath == "" {
		fmt.Fprintf(w, "NOTE: sslMode=%s verifies the server, but no trust store was given: add --trust STORE for ca.pem\n", p.mode)
	}
	ca := p.caPath
	if ca == "" {
		ca = "CA.pem"
	}
	tlsFiles := fmt.Sprintf("--ssl-cert=%s --ssl-key=%s", shellQuote(p.certPath), shellQuote(p.keyPath))
	conn := fmt.Sprintf("--host=%s --port=%s --protocol=TCP --user=%s", shellQuote(host), port, shellQuote(p.user))
	db := shellQuote(p.database)

	// MySQL's client (5.7.11 and later) takes --ssl-mode with Connector/J's names.
	var mysqlOpts string
	switch p.mode {
	case jdbcmysql.SSLModeDisabled:
		mysqlOpts = "--ssl-mode=DISABLED"
	case jdbcmysql.SSLModeVerifyCA, jdbcmysql.SSLModeVerifyIdentity:
		mysqlOpts = fmt.Sprintf("--ssl-mode=%s --ssl-ca=%s %s", p.mode, shellQuote(ca), tlsFiles)
	default:
		mysqlOpts = fmt.Sprintf("--ssl-mode=%s %s", p.mode, tlsFiles)
	}
	fmt.Fprintf(w, "\nmysql (MySQL's client):\n  mysql %s %s %s\n", conn, mysqlOpts, db)

	// MariaDB's client has no --ssl-mode: it checks the chain whenever
	// --ssl-ca is given, and the host name too with --ssl-verify-server-cert
	// (on by default from 11.4, hence the explicit --skip-).
	var mariaOpts, note string
	switch p.mode {
	case jdbcmysql.SSLModeDisabled:
		mariaOpts = "--skip-ssl"
	case jdbcmysql.SSLModeVerifyIdentity:
		mariaOpts = fmt.Sprintf("--ssl-ca=%s %s --ssl-verify-server-cert", shellQuote(ca), tlsFiles)
	case jdbcmysql.SSLModeVerifyCA:
		mariaOpts = fmt.Sprintf("--ssl-ca=%s %s --skip-ssl-verify-server-cert", shellQuote(ca), tlsFiles)
	default:
		mariaOpts = fmt.Sprintf("--ssl %s --skip-ssl-verify-server-cert", tlsFiles)
		if p.mode == jdbcmysql.SSLModePreferred {
			note = "  (PREFERRED: the client certificate needs TLS; MariaDB's client then requires it, as REQUIRED)\n"
		}
	}
	fmt.Fprintf(w, "\nmariadb (MariaDB's client):\n  mariadb %s %s %s\n%s", conn, mariaOpts, db, note)

	// golang-migrate's CLI registers the x-tls-* files under the tls name.
	q := []string{}
	note = ""
	switch p.mode {
	case jdbcmysql.SSLModeDisabled:
	case jdbcmysql.SSLModeVerifyCA, jdbcmysql.SSLModeVerifyIdentity:
		q = append(q, "tls=jdbcmysql", "x-tls-ca="+url.QueryEscape(ca), "x-tls-cert="+url.QueryEscape(p.certPath), "x-tls-key="+url.QueryEscape(p.keyPath))
		if p.mode == jdbcmysql.SSLModeVerifyCA {
			note = "  (VERIFY_CA: go-sql-driver checks the host name too, as VERIFY_IDENTITY; use a name the server's certificate holds)\n"
		}
	default:
		// migrate reads x-tls-ca even when it skips verification; the
		// client chain serves as a placeholder it never checks against.
		q = append(q, "tls=jdbcmysql", "x-tls-ca="+url.QueryEscape(cmpOrString(p.caPath, p.certPath)), "x-tls-cert="+url.QueryEscape(p.certPath),
			"x-tls-key="+url.QueryEscape(p.keyPath), "x-tls-insecure-skip-verify=true")
		if p.mode == jdbcmysql.SSLModePreferred {
			note = "  (PREFERRED: a custom TLS config does not fall back to plaintext; this requires TLS, as REQUIRED)\n"
		}
	}
	dsn := fmt.Sprintf("mysql://%s:${DB_PASSWORD}@tcp(%s)/%s", url.PathEscape(p.user), p.host, url.PathEscape(p.database))
	if len(q) > 0 {
		dsn += "?" + strings.Join(q, "&")
	}
	fmt.Fprintf(w, "\ngolang-migrate CLI (set DB_PASSWORD in the environment, URL-encoded; the shell expands it):\n  migrate -database \"%s\" -path MIGRATIONS up\n%s", dsn, note)
}

func certificates(n int) string {
	if n == 1 {
		return "1 certificate"
	}
	return fmt.Sprintf("%d certificates", n)
}

func cmpOrString(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// shellQuote quotes s for a POSIX shell when it needs quoting.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@%+,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
