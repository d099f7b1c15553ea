// This file implements "jdbcmysql ping": connect with a JDBC URL and report
// the server, the TLS session, the user the server chose and timings; on
// failure, the reason and what to check.

package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jdbcmysql/jdbcmysql"
)

// pingResult is what a successful ping learned.
type pingResult struct {
	Host          string
	ServerVersion string
	CurrentUser   string
	TLSVersion    string
	TLSCipher     string
	ClientSubject string        // subject of the client certificate sent, if any
	TCPConnect    time.Duration // TCP connect alone
	Connect       time.Duration // TCP + TLS handshake + authentication
}

func runPing(args []string, env *environment) error {
	fs := newFlagSet(env, "ping", "ping [--password-env VAR] [--keystore-password-env VAR] [--timeout D] URL",
		`DBPW=secret jdbcmysql ping --password-env DBPW 'jdbc:mysql://127.0.0.1:3306/app?user=app&sslMode=VERIFY_CA&clientCertificateKeyStoreUrl=file:keystore&trustCertificateKeyStoreUrl=file:truststore'`)
	var userPW, ksPW, tsPW secretFlags
	userPW.register(fs, "password", "database password")
	ksPW.register(fs, "keystore-password", "client key store password")
	tsPW.register(fs, "truststore-password", "trust store password")
	timeout := fs.Duration("timeout", 10*time.Second, "give up after this long")
	pos, err := parseOneArgument(fs, args, "URL")
	if err != nil {
		return err
	}
	cfg, err := jdbcmysql.ParseURL(pos[0])
	if err != nil {
		return badInput(err)
	}
	if strings.Contains(pos[0], "assword=") || cfg.Password != "" && !userPW.given() {
		fmt.Fprintln(env.stderr, "warning: the URL carries a password, visible in the process list and shell history; prefer --password-env")
	}
	if v, ok, err := userPW.read(env, false); err != nil {
		return err
	} else if ok {
		cfg.Password = v
	}
	if v, ok, err := ksPW.read(env, false); err != nil {
		return err
	} else if ok {
		cfg.ClientKeyStore.Password = v
	}
	if v, ok, err := tsPW.read(env, false); err != nil {
		return err
	} else if ok {
		cfg.TrustStore.Password = v
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	res, err := ping(ctx, cfg)
	if err != nil {
		fmt.Fprintf(env.stdout, "FAILED: %v\n", err)
		if h := hint(err); h != "" {
			fmt.Fprintf(env.stdout, "Check:  %s\n", h)
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
	res := &pingResult{}
	if len(cfg.Hosts) > 0 {
		h := cfg.Hosts[0]
		res.Host = net.JoinHostPort(strings.Trim(h.Host, "[]"), strconv.Itoa(h.Port))
		start := time.Now()
		var d net.Dialer
		if c, err := d.DialContext(ctx, "tcp", res.Host); err == nil {
			res.TCPConnect = time.Since(start)
			c.Close()
		}
	}
	db := sql.OpenDB(conn)
	defer db.Close()
	start := time.Now()
	c, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	res.Connect = time.Since(start)
	if err := c.QueryRowContext(ctx, "SELECT VERSION(), CURRENT_USER()").Scan(&res.ServerVersion, &res.CurrentUser); err != nil {
		return nil, err
	}
	rows, err := c.QueryContext(ctx, "SHOW SESSION STATUS WHERE Variable_name IN ('Ssl_version', 'Ssl_cipher')")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		switch k {
		case "Ssl_version":
			res.TLSVersion = v
		case "Ssl_cipher":
			res.TLSCipher = v
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	res.ClientSubject = sentSubject(ctx, cfg)
	return res, nil
}

// sentSubject names the client certificate a connection with cfg sends, by
// the library's rules for which key store is used (ResolveStores) and which
// of its keys is sent (ChooseClientAlias, without the server's request:
// servers that list acceptable CAs may get another key of a store with
// several).
func sentSubject(ctx context.Context, cfg *jdbcmysql.Config) string {
	keyStore, _ := cfg.ResolveStores()
	if keyStore.Store.URL == "" {
		return ""
	}
	ks, err := jdbcmysql.OpenKeyStore(ctx, keyStore.Store.URL, keyStore.Store.Type, keyStore.Store.Password)
	if err != nil {
		return ""
	}
	alias, err := jdbcmysql.ChooseClientAlias(ks, nil, cfg.ClientCertificateAlias)
	if err != nil || alias == "" {
		return ""
	}
	for _, e := range ks.Entries {
		if e.Alias == alias && len(e.Chain) > 0 {
			return e.Chain[0].Subject.String()
		}
	}
	return ""
}

func printPing(w io.Writer, r *pingResult) {
	fmt.Fprintf(w, "OK      %s\n", r.Host)
	fmt.Fprintf(w, "Server:             %s\n", r.ServerVersion)
	fmt.Fprintf(w, "CURRENT_USER():     %s\n", r.CurrentUser)
	if r.TLSVersion != "" {
		fmt.Fprintf(w, "TLS:                %s, %s\n", r.TLSVersion, r.TLSCipher)
	} else {
		fmt.Fprintf(w, "TLS:                none (plaintext)\n")
	}
	if r.ClientSubject != "" {
		fmt.Fprintf(w, "Client certificate: %s (sent and accepted)\n", r.ClientSubject)
	} else {
		fmt.Fprintf(w, "Client certificate: none sent\n")
	}
	if r.TCPConnect > 0 {
		fmt.Fprintf(w, "TCP connect:        %s\n", roundMS(r.TCPConnect))
		fmt.Fprintf(w, "TLS + login:        %s\n", roundMS(r.Connect-min(r.Connect, r.TCPConnect)))
	}
	fmt.Fprintf(w, "Connect total:      %s\n", roundMS(r.Connect))
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
