// This file captures what happened during a connection's TLS handshake (the
// certificate sent, the verification result, the alert or I/O error the
// driver only logs) and turns go-sql-driver's "invalid connection" into an
// error a person can act on.

package jdbcmysql

import (
	"bytes"
	"context"
	"crypto/x509"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/go-sql-driver/mysql"
)

// dialNetwork is the network name under which the recording dialer is
// registered with mysql.RegisterDialContext; DSNs from FormatDSN use it
// too. dialNetworkKeyRetrieval is the same dialer for allowPublicKeyRetrieval=true.
const (
	dialNetwork             = "jdbcmysql-tcp"
	dialNetworkKeyRetrieval = "jdbcmysql-tcp-pkr"
)

func init() {
	mysql.RegisterDialContext(dialNetwork, func(ctx context.Context, addr string) (net.Conn, error) {
		return dialRecording(ctx, addr, wirePolicy{})
	})
	mysql.RegisterDialContext(dialNetworkKeyRetrieval, func(ctx context.Context, addr string) (net.Conn, error) {
		return dialRecording(ctx, addr, wirePolicy{allowKeyRetrieval: true})
	})
}

// networkFor is the dial network of a host with cfg's settings.
func networkFor(cfg *Config) string {
	if cfg.AllowPublicKeyRetrieval {
		return dialNetworkKeyRetrieval
	}
	return dialNetwork
}

// policyOf is the wire policy of a dial network.
func policyOf(network string) wirePolicy {
	return wirePolicy{allowKeyRetrieval: network == dialNetworkKeyRetrieval}
}

type handshakeRecordKey struct{}

// handshakeRecord is what one connection attempt saw.
type handshakeRecord struct {
	mu            sync.Mutex
	keyStore      string // location of the client key store, if any
	certRequested bool   // the server asked for a client certificate
	sentSubject   string // subject of the certificate sent ("" = none)
	unmatched     int    // certificates in the key store, none fitting the request
	serverChecked bool   // the server's certificates passed verification
	verifyErr     error  // our verification error, if any
	logged        []error
	ioErr         error // first read/write error on the raw connection
	refusal       error // what the wire check refused (wirecheck.go), if anything
	conn          net.Conn
	tlsStarted    bool // a TLS record was written
	// serverVersion is the version in the server's greeting
	// ("5.5.5-10.11.19-MariaDB-..."), which go-sql-driver does not export.
	serverVersion string
	greetingRead  bool
	// For WithConnectTrace: the leaf sent; when the dial finished (and to
	// where), the first TLS record was written, and the server's
	// certificates were verified; the TLS version and suite.
	sentCert                  *x509.Certificate
	dialed, tlsStart, tlsDone time.Time
	remoteAddr                string
	tlsVersion, tlsCipher     uint16
}

// set changes r under its lock; on a nil record (nobody reads it) it does
// nothing.
func (r *handshakeRecord) set(f func(r *handshakeRecord)) {
	if r == nil {
		return
	}
	r.mu.Lock()
	f(r)
	r.mu.Unlock()
}

// printer returns a mysql.Logger that keeps the errors go-sql-driver logs
// (where the real TLS alert ends up) and forwards the line to next.
func (r *handshakeRecord) printer(next mysql.Logger) mysql.Logger {
	return loggerFunc(func(v ...any) {
		for _, x := range v {
			if err, ok := x.(error); ok {
				r.set(func(r *handshakeRecord) { r.logged = append(r.logged, err) })
			}
		}
		if next != nil {
			next.Print(v...)
		}
	})
}

type loggerFunc func(v ...any)

func (f loggerFunc) Print(v ...any) { f(v...) }

// dialRecording dials TCP and wraps the connection: the wire check always
// (wirecheck.go), the context's handshakeRecord when it carries one.
func dialRecording(ctx context.Context, addr string, policy wirePolicy) (net.Conn, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	return recordConn(ctx, conn, policy), nil
}

// recordConn wraps a freshly dialed conn with the wire check and, if the
// context carries one, its handshakeRecord, noting when the dial finished.
func recordConn(ctx context.Context, conn net.Conn, policy wirePolicy) net.Conn {
	rec, _ := ctx.Value(handshakeRecordKey{}).(*handshakeRecord)
	rec.set(func(r *handshakeRecord) {
		r.dialed, r.conn = time.Now(), conn
		if a := conn.RemoteAddr(); a != nil {
			r.remoteAddr = a.String()
		}
	})
	return &recordingConn{Conn: conn, rec: rec, watch: newWireWatch(conn, policy)}
}

// recordingConn is a net.Conn that passes through the wire check and notes
// its first I/O error and the start of TLS in rec (when not nil).
type recordingConn struct {
	net.Conn
	rec     *handshakeRecord
	watch   *wireWatch
	greeted bool // the first read (the server's greeting) was seen
}

// version is the server version the greeting announced, "" if unseen.
func (r *handshakeRecord) version() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.serverVersion
}

// noteGreeting keeps the version of the server's first packet: a 4-byte
// header, protocol 10, the NUL-terminated version.
func (r *handshakeRecord) noteGreeting(p []byte) {
	r.set(func(r *handshakeRecord) {
		if r.greetingRead {
			return
		}
		r.greetingRead = true
		if len(p) > 5 && p[4] == 10 {
			if end := bytes.IndexByte(p[5:], 0); end >= 0 && end <= 64 {
				r.serverVersion = string(p[5 : 5+end])
			}
		}
	})
}

func (c *recordingConn) Read(p []byte) (int, error) {
	n, err := c.watch.read(p)
	if n > 0 && !c.greeted {
		c.greeted = true
		c.rec.noteGreeting(p[:n])
	}
	if err != nil {
		c.noteError(err)
	}
	return n, err
}

func (c *recordingConn) Write(p []byte) (int, error) {
	if len(p) > 0 && p[0] == 0x16 { // TLS handshake record
		c.rec.set(func(r *handshakeRecord) {
			if !r.tlsStarted {
				r.tlsStarted, r.tlsStart = true, time.Now()
			}
		})
	}
	n, err := c.watch.write(p)
	if err != nil {
		c.noteError(err)
	}
	return n, err
}

func (c *recordingConn) noteError(err error) {
	c.rec.set(func(r *handshakeRecord) {
		if r.ioErr == nil {
			r.ioErr = err
		}
		if r.refusal == nil && isWireRefusal(err) {
			r.refusal = err
		}
	})
}

// SyscallConn keeps go-sql-driver's liveness check working through the wrapper.
func (c *recordingConn) SyscallConn() (syscall.RawConn, error) {
	if sc, ok := c.Conn.(syscall.Conn); ok {
		return sc.SyscallConn()
	}
	return nil, errors.New("jdbcmysql: connection has no file descriptor")
}

// connectContained runs go-sql-driver's Connect and turns a panic inside it
// (an index past the end of a packet the server sent, after TLS where the
// wire check cannot see) into an ErrServerProtocol error naming the host.
func connectContained(ctx context.Context, mc driver.Connector, host string, rec *handshakeRecord) (conn driver.Conn, err error) {
	defer func() {
		if v := recover(); v != nil {
			rec.set(func(r *handshakeRecord) {
				if r.conn != nil {
					r.conn.Close()
				}
			})
			conn, err = nil, fmt.Errorf("jdbcmysql: host %s: go-sql-driver/mysql failed on what the server sent (%v): %w", host, v, ErrServerProtocol)
		}
	}()
	return mc.Connect(ctx)
}

// explainConnectError turns the driver's error for one attempt into a
// *TLSError when the handshake record shows a TLS cause; other errors are
// returned unchanged.
func explainConnectError(err error, rec *handshakeRecord, mode SSLMode, host string) error {
	if err == nil {
		return nil
	}
	var te *TLSError
	if errors.As(err, &te) || errors.Is(err, ErrServerProtocol) {
		return err
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.refusal != nil {
		return fmt.Errorf("jdbcmysql: host %s: %w", host, rec.refusal)
	}
	if rec.verifyErr != nil {
		return rec.verifyErr
	}
	if errors.Is(err, mysql.ErrNoTLS) {
		return &TLSError{Mode: mode, Host: host, Check: "server TLS support",
			Msg: fmt.Sprintf("jdbcmysql: SSL connection required (sslMode=%s), but not provided by server %s", mode, host),
			Err: ErrServerNoTLS}
	}
	alert := remoteAlert(err)
	for _, l := range rec.logged {
		if alert == nil {
			alert = remoteAlert(l)
		}
	}
	if alert != nil {
		if rec.certRequested || rec.serverChecked || isCertificateAlert(alert) {
			return rec.rejection(mode, host, alert.Error(), alert)
		}
		return &TLSError{Mode: mode, Host: host, Check: "handshake",
			Msg: fmt.Sprintf("jdbcmysql: TLS handshake with %s failed (sslMode=%s): %v", host, mode, alert),
			Err: alert}
	}
	// go-sql-driver also returns an unexported errBadConnNoWrite ("bad
	// connection") when its first write after the handshake fails, which
	// is how a TLS 1.3 server's rejection of the certificate often shows.
	badConn := errors.Is(err, mysql.ErrInvalidConn) || errors.Is(err, driver.ErrBadConn) || err.Error() == "bad connection"
	if badConn && rec.serverChecked && rec.certRequested {
		cause := rec.ioErr
		if cause == nil {
			cause = err
		}
		// Not err itself: a rejection wrapping driver.ErrBadConn would make
		// database/sql retry it, hiding this reason behind "bad connection".
		return rec.rejection(mode, host, "the server closed the connection right after the handshake ("+cause.Error()+")", errors.New(err.Error()))
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) && me.Number == 1045 && rec.sentCert != nil {
		c := rec.sentCert
		return fmt.Errorf("%w (jdbcmysql: the client certificate with subject %s and issuer %s from key store %s was sent; "+
			"a user created with REQUIRE SUBJECT or ISSUER accepts only those exact names (SHOW CREATE USER); otherwise check the user and password)",
			err, MySQLDN(c.Subject), MySQLDN(c.Issuer), rec.keyStore)
	}
	if errors.As(err, &me) && me.Number == 1045 && rec.certRequested && rec.sentSubject == "" {
		return fmt.Errorf("%w (jdbcmysql: no client certificate was sent: %s; a user created with REQUIRE X509, SUBJECT or ISSUER needs one)", err, rec.whyNoCertificate())
	}
	if rec.tlsStarted && !rec.serverChecked && !badConn {
		return &TLSError{Mode: mode, Host: host, Check: "handshake",
			Msg: fmt.Sprintf("jdbcmysql: TLS handshake with %s failed (sslMode=%s): %v", host, mode, err),
			Err: err}
	}
	return err
}

// rejection is the error for a server that refused the TLS connection
// after what the record shows was sent. The caller holds r.mu.
func (r *handshakeRecord) rejection(mode SSLMode, host, reason string, cause error) error {
	what := "no client certificate"
	if r.unmatched > 0 {
		what = fmt.Sprintf("no client certificate (none of the %d certificates in the key store was issued by a CA the server accepts)", r.unmatched)
	}
	if r.sentSubject != "" {
		what = "the client certificate " + r.sentSubject
	}
	from := " (no client key store configured)"
	if r.keyStore != "" {
		from = " from key store " + r.keyStore
	}
	return &TLSError{Mode: mode, Host: host, Check: "client certificate", KeyStore: r.keyStore,
		ClientSubject: r.sentSubject,
		Msg: fmt.Sprintf("jdbcmysql: server %s rejected the TLS connection after jdbcmysql sent %s%s: %s",
			host, what, from, reason),
		Err: errors.Join(ErrClientCertificateRejected, cause)}
}

// whyNoCertificate says why no client certificate was sent. The caller
// holds r.mu.
func (r *handshakeRecord) whyNoCertificate() string {
	switch {
	case r.unmatched > 0:
		return fmt.Sprintf("none of the %d certificates in key store %s was issued by a CA the server accepts", r.unmatched, r.keyStore)
	case r.keyStore != "":
		return "key store " + r.keyStore + " holds no private key"
	}
	return "no client key store is configured"
}

// remoteAlert returns the TLS alert the peer sent, if err carries one.
func remoteAlert(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "remote error" {
		return op
	}
	return nil
}

// isCertificateAlert reports alerts a server sends about a client certificate.
func isCertificateAlert(alert error) bool {
	s := alert.Error()
	for _, m := range []string{"certificate", "unknown certificate authority", "access denied"} {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}
