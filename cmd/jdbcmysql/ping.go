// This file implements "jdbcmysql ping": connect once with a JDBC URL and
// report what that connection did (the host used, the TLS session, the
// client certificate sent, its timings, from the library's connect trace)
// and the user the server chose; on failure, the reason and what to check.

package main

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jdbcmysql/jdbcmysql"
)

// pingResult is what a successful ping learned: the server's answers and
// the connection attempts as they happened (jdbcmysql.WithConnectTrace).
type pingResult struct {
	ServerVersion string
	CurrentUser   string
	// Used is the attempt that connected; Failed are the attempts before
	// it (other hosts, or retries), in order.
	Used   jdbcmysql.ConnectAttempt
	Failed []jdbcmysql.ConnectAttempt
}

func runPing(args []string, env *environment) error {
	fs := newFlagSet(env, "ping", "ping [--password-env VAR] [--keystore-password-env VAR] [--timeout D] [--allow-unknown] URL",
		`DBPW=secret jdbcmysql ping --password-env DBPW 'jdbc:mysql://127.0.0.1:3306/app?user=app&sslMode=VERIFY_CA&clientCertificateKeyStoreUrl=file:keystore&trustCertificateKeyStoreUrl=file:truststore'`)
	var userPW, ksPW, tsPW secretFlags
	userPW.register(fs, "password", "database password")
	ksPW.register(fs, "keystore-password", "client key store password")
	tsPW.register(fs, "truststore-password", "trust store password")
	timeout := fs.Duration("timeout", 10*time.Second, "give up after this long")
	u := addURLArgument(fs, "accept property names Connector/J does not know (ignored)")
	if err := u.parse(fs, args); err != nil {
		return err
	}
	cfg := u.cfg
	if strings.Contains(u.raw, "assword=") || cfg.Password != "" && !userPW.given() {
		fmt.Fprintln(env.stderr, "warning: the URL carries a password, visible in the process list and shell history; prefer --password-env")
	}
	for _, s := range []struct {
		flags *secretFlags
		dst   *string
	}{{&userPW, &cfg.Password}, {&ksPW, &cfg.ClientKeyStore.Password}, {&tsPW, &cfg.TrustStore.Password}} {
		if err := s.flags.readInto(env, false, s.dst); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	res, err := ping(ctx, cfg)
	if err != nil {
		// Printed once, on stderr, by run: the error, then what to check.
		if h := hint(err); h != "" {
			err = fmt.Errorf("%w\nCheck: %s", err, h)
		}
		if inputError(err) {
			return badInput(err)
		}
		return refused(err)
	}
	printPing(env.stdout, res)
	return nil
}

// ping connects once with cfg and queries what the server saw.
func ping(ctx context.Context, cfg *jdbcmysql.Config) (*pingResult, error) {
	conn, err := cfg.Connector()
	if err != nil {
		return nil, err
	}
	var attempts []jdbcmysql.ConnectAttempt
	var mu sync.Mutex
	ctx = jdbcmysql.WithConnectTrace(ctx, func(a jdbcmysql.ConnectAttempt) {
		mu.Lock()
		attempts = append(attempts, a)
		mu.Unlock()
	})
	db := sql.OpenDB(conn)
	defer db.Close()
	c, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	res := &pingResult{}
	mu.Lock()
	for _, a := range attempts {
		if a.Err == nil {
			res.Used = a
		} else {
			res.Failed = append(res.Failed, a)
		}
	}
	mu.Unlock()
	if err := c.QueryRowContext(ctx, "SELECT VERSION(), CURRENT_USER()").Scan(&res.ServerVersion, &res.CurrentUser); err != nil {
		return nil, err
	}
	return res, nil
}

func hostPort(a jdbcmysql.ConnectAttempt) string {
	port := a.Port
	if port == 0 {
		port = 3306
	}
	return net.JoinHostPort(strings.Trim(a.Host, "[]"), strconv.Itoa(port))
}

func printPing(w io.Writer, r *pingResult) {
	u := r.Used
	fmt.Fprintf(w, "OK      %s", hostPort(u))
	if u.RemoteAddr != "" && u.RemoteAddr != hostPort(u) {
		fmt.Fprintf(w, " (%s)", u.RemoteAddr)
	}
	fmt.Fprintln(w)
	for _, f := range r.Failed {
		fmt.Fprintf(w, "Tried first:        %s failed: %v\n", hostPort(f), f.Err)
	}
	fmt.Fprintf(w, "Server:             %s\n", r.ServerVersion)
	fmt.Fprintf(w, "CURRENT_USER():     %s\n", r.CurrentUser)
	if u.TLSVersion != 0 {
		fmt.Fprintf(w, "TLS:                %s, %s (sslMode=%s)\n", tls.VersionName(u.TLSVersion), tls.CipherSuiteName(u.CipherSuite), u.SSLMode)
	} else {
		fmt.Fprintf(w, "TLS:                none (plaintext; sslMode=%s)\n", u.SSLMode)
	}
	switch c := u.ClientCertificate; {
	case c != nil:
		sum := sha256.Sum256(c.Raw)
		fmt.Fprintf(w, "Client certificate: %s, issuer %s, SHA-256 %s (sent in this handshake)\n", c.Subject, c.Issuer, hex.EncodeToString(sum[:]))
	case u.ClientCertificateRequested:
		fmt.Fprintf(w, "Client certificate: none sent (the server asked for one)\n")
	case u.TLSVersion != 0:
		fmt.Fprintf(w, "Client certificate: none (the server did not ask for one, or the session was resumed)\n")
	default:
		fmt.Fprintf(w, "Client certificate: none\n")
	}
	fmt.Fprintf(w, "TCP connect:        %s\n", roundMS(u.Dial))
	if u.TLSHandshake > 0 {
		fmt.Fprintf(w, "TLS handshake:      %s\n", roundMS(u.TLSHandshake))
	}
	fmt.Fprintf(w, "Connect total:      %s (TCP, greeting, TLS, login; this connection)\n", roundMS(u.Total))
}

func roundMS(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000)
}

// inputError reports whether err comes from the settings rather than the
// server.
func inputError(err error) bool {
	for _, e := range []error{jdbcmysql.ErrMalformedURL, jdbcmysql.ErrUnknownProperty, jdbcmysql.ErrInvalidProperty,
		jdbcmysql.ErrUnsupported, jdbcmysql.ErrKeyStore, jdbcmysql.ErrKeyStorePassword, jdbcmysql.ErrNoTrustManager} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// hint says what to check for a failed connection.
func hint(err error) string {
	var me *mysql.MySQLError
	switch {
	case errors.Is(err, jdbcmysql.ErrKeyStorePassword):
		return "the store's password (clientCertificateKeyStorePassword / trustCertificateKeyStorePassword, or javax.net.ssl.*Password)"
	case errors.Is(err, jdbcmysql.ErrKeyStore):
		return "the store's location and type: run `jdbcmysql inspect STORE`"
	case errors.Is(err, jdbcmysql.ErrNoTrustManager):
		return "set trustCertificateKeyStoreUrl (or javax.net.ssl.trustStore), or use sslMode=REQUIRED if the server's chain need not be verified"
	case errors.Is(err, jdbcmysql.ErrServerNoTLS):
		return "the server offers no TLS: set ssl_cert/ssl_key on the server, or use sslMode=PREFERRED/DISABLED"
	case errors.Is(err, jdbcmysql.ErrClientCertificateRejected):
		return "the key store must hold a certificate issued by the CA in the server's ssl_ca, inside its validity dates; run `jdbcmysql inspect --trust SERVER_CA STORE`"
	case errors.Is(err, jdbcmysql.ErrServerCertificate):
		return "the trust store must hold the CA that signed the server's certificate; with VERIFY_IDENTITY the host in the URL must match the certificate's SAN (or CN)"
	case errors.As(err, &me) && me.Number == 1045:
		return "the user and password, and the user's REQUIRE clause (SHOW CREATE USER): X509 users need a client key store"
	case errors.As(err, &me) && (me.Number == 1044 || me.Number == 1049):
		return "the database in the URL exists and the user may use it"
	}
	var ne net.Error
	if errors.As(err, &ne) || strings.Contains(err.Error(), "connection refused") {
		return "the host and port, and that the server listens there"
	}
	return ""
}
