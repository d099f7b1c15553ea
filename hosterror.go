// This file defines the errors of multi-host connects (HostError for one
// host, ConnectError when no host gave a connection) and decides which
// errors mean "this host is down", after Connector/J's rules.

package jdbcmysql

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/go-sql-driver/mysql"
)

// ErrConnectionValidation: a connection logged in, but a validation check
// (jdbcmysql.validateConnection, WithValidateConnect) refused its host.
var ErrConnectionValidation = errors.New("jdbcmysql: connection validation failed")

// ErrLoginTimeout: the login to one host (dial, greeting, TLS,
// authentication, validation) did not finish within its bound:
// connectTimeout, or the host's share of the caller's deadline. It also
// matches context.DeadlineExceeded.
var ErrLoginTimeout = errors.New("jdbcmysql: login did not finish in time")

// HostError is what went wrong on one host: while connecting (inside a
// ConnectError), or on a connection already open (its errors name the
// host). Err keeps the cause for errors.Is and errors.As.
type HostError struct {
	Host string // the host as written in the URL (or the DNS SRV target)
	Port int
	// Attempts is how many times this connect tried the host (1 or more);
	// 0 for an error on an open connection.
	Attempts int
	// Down reports whether the error means the host is down (connection,
	// TLS and key store failures, SQLState 08*, 1040, 1047, a failed
	// validation), which moves a multi-host connect on to the next host.
	Down bool
	Err  error
}

func (e *HostError) Error() string {
	msg := strings.TrimPrefix(e.Err.Error(), "jdbcmysql: ")
	return "jdbcmysql: host " + hostPort(e.Host, e.Port) + ": " + msg
}

func (e *HostError) Unwrap() error { return e.Err }

// ConnectError is a multi-host connect that gave no connection: every host
// failed, a host failed with an error that stops the connect (such as a
// wrong password on a secondary host), or the caller's context ended. It
// names each host tried with its last error; errors.As finds each
// *HostError, and errors.Is matches their causes and the context's error.
type ConnectError struct {
	Type URLType
	// Msg is Connector/J's message for the outcome, when it has one (load
	// balancing: "Connection closed after inability to pick valid new
	// connection during load-balance.").
	Msg   string
	Hosts []*HostError // in the order first tried
	// Sweeps is the number of full turns over the hosts that failed.
	Sweeps int
	// Context is the caller's context error when it ended the connect.
	Context error
}

func (e *ConnectError) Error() string {
	var b strings.Builder
	b.WriteString("jdbcmysql: ")
	switch {
	case e.Msg != "":
		b.WriteString(e.Msg)
	case e.Context != nil:
		fmt.Fprintf(&b, "connect ended by the context (%v) after trying %d host(s)", e.Context, len(e.Hosts))
	default:
		fmt.Fprintf(&b, "no connection to any of %d host(s)", len(e.Hosts))
	}
	if e.Sweeps > 0 {
		fmt.Fprintf(&b, " after %d full turn(s) over the hosts", e.Sweeps)
	}
	if e.Context != nil && e.Msg != "" {
		fmt.Fprintf(&b, " (%v)", e.Context)
	}
	b.WriteString(":")
	for i, h := range e.Hosts {
		if i > 0 {
			b.WriteString(";")
		}
		b.WriteString(" ")
		b.WriteString(hostPort(h.Host, h.Port))
		if h.Attempts > 1 {
			fmt.Fprintf(&b, " (%d attempts)", h.Attempts)
		}
		b.WriteString(": ")
		b.WriteString(strings.TrimPrefix(h.Err.Error(), "jdbcmysql: "))
	}
	return b.String()
}

// Unwrap gives every host's error, then the context's.
func (e *ConnectError) Unwrap() []error {
	out := make([]error, 0, len(e.Hosts)+1)
	for _, h := range e.Hosts {
		out = append(out, h)
	}
	if e.Context != nil {
		out = append(out, e.Context)
	}
	return out
}

// hostPort joins a host as written (IPv6 in brackets) and a port.
func hostPort(host string, port int) string {
	return net.JoinHostPort(strings.Trim(host, "[]"), strconv.Itoa(port))
}

// loginTimeoutError is a login that hit its per-host bound.
type loginTimeoutError struct {
	bound time.Duration
	why   string // "connectTimeout" or "a share of the context's deadline"
	cause error
}

func (e *loginTimeoutError) Error() string {
	msg := fmt.Sprintf("jdbcmysql: login did not finish within %v (%s)", e.bound.Round(time.Millisecond), e.why)
	if e.cause != nil && e.cause.Error() != context.DeadlineExceeded.Error() {
		msg += ": " + strings.TrimPrefix(e.cause.Error(), "jdbcmysql: ")
	}
	return msg
}

// Unwrap gives the class errors, then the cause (what the login was doing
// when the bound ran out, such as a key store load).
func (e *loginTimeoutError) Unwrap() []error {
	if e.cause == nil {
		return []error{ErrLoginTimeout, context.DeadlineExceeded}
	}
	return []error{ErrLoginTimeout, context.DeadlineExceeded, e.cause}
}

// failoverChecker decides which errors move a connect on to another host.
type failoverChecker struct {
	// sqlStates are extra SQLState prefixes (loadBalanceSQLStateFailover).
	sqlStates []string
}

// hostDown reports whether err means the host is down (Connector/J's
// communications errors and SQLState 08*, plus 1040 and 1047, which carry
// 08004/08S01): refusals, timeouts, resets, TLS and certificate failures,
// key and trust store problems, the server's "too many connections" and
// a Galera node outside the primary component, and failed validations.
// Authentication errors (1045), read-only errors (1290, 1792) and other
// SQL errors are not.
func (f failoverChecker) hostDown(err error) bool {
	if err == nil {
		return false
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		state := string(me.SQLState[:])
		if strings.HasPrefix(state, "08") || me.Number == 1040 || me.Number == 1047 {
			return true
		}
		for _, p := range f.sqlStates {
			if p != "" && strings.HasPrefix(state, p) {
				return true
			}
		}
		return false
	}
	var pe *PropertyError
	var mce *MySQLConfigError
	if errors.As(err, &pe) || errors.As(err, &mce) || errors.Is(err, ErrUnsupported) {
		return false // the configuration is wrong, not the host
	}
	if errors.Is(err, ErrConnectionValidation) || errors.Is(err, ErrLoginTimeout) {
		return true
	}
	var se *StoreError
	var te *TLSError
	if errors.As(err, &se) || errors.As(err, &te) {
		return true
	}
	for _, class := range []error{ErrKeyStore, ErrKeyStorePassword, ErrServerNoTLS, ErrNoTrustManager,
		ErrServerCertificate, ErrClientCertificateRejected, mysql.ErrInvalidConn, mysql.ErrMalformPkt,
		mysql.ErrNoTLS, driver.ErrBadConn, io.EOF, io.ErrUnexpectedEOF, net.ErrClosed,
		context.DeadlineExceeded, syscall.ECONNREFUSED, syscall.ECONNRESET, syscall.EHOSTUNREACH,
		syscall.ENETUNREACH, syscall.ETIMEDOUT, syscall.EPIPE} {
		if errors.Is(err, class) {
			return true
		}
	}
	var ne net.Error
	var dnsErr *net.DNSError
	var opErr *net.OpError
	var recordErr tls.RecordHeaderError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var certInvalid x509.CertificateInvalidError
	if errors.As(err, &ne) || errors.As(err, &dnsErr) || errors.As(err, &opErr) || errors.As(err, &recordErr) ||
		errors.As(err, &unknownAuth) || errors.As(err, &hostErr) || errors.As(err, &certInvalid) {
		return true
	}
	// go-sql-driver's unexported errBadConnNoWrite.
	return err.Error() == "bad connection"
}
