// This file reports what each connection attempt did, for callers that
// ask with WithConnectTrace: the host and address used, the client
// certificate actually sent, the TLS session, and the attempt's timings.

package jdbcmysql

import (
	"context"
	"crypto/x509"
	"time"
)

// ConnectAttempt is what one connection attempt on one host did, as seen
// during that attempt (nothing is recomputed afterwards).
type ConnectAttempt struct {
	Host       string // the host as written in the URL
	Port       int
	RemoteAddr string  // the address connected to; "" when the dial failed
	SSLMode    SSLMode // the host's sslMode
	// TLSVersion and CipherSuite (crypto/tls constants) are 0 without TLS,
	// or when the handshake did not complete.
	TLSVersion  uint16
	CipherSuite uint16
	// ClientCertificateRequested reports whether the server asked for a
	// client certificate; ClientCertificate is the leaf sent, nil for none.
	ClientCertificateRequested bool
	ClientCertificate          *x509.Certificate
	// Dial is the TCP connect, TLSHandshake from the first TLS record to
	// the server's certificates being verified, Total the whole attempt
	// (dial, TLS, authentication, session set-up). Parts not reached are 0.
	Dial         time.Duration
	TLSHandshake time.Duration
	Total        time.Duration
	// Err is why the attempt failed; nil when it connected.
	Err error
}

type connectTraceKey struct{}

// WithConnectTrace returns a copy of ctx under which every connection
// attempt a Connector makes (one per host tried) calls f when it ends,
// in order, from the goroutine that connects. Pass the context to
// sql.DB.Conn, sql.DB.PingContext or Connector.Connect.
func WithConnectTrace(ctx context.Context, f func(ConnectAttempt)) context.Context {
	return context.WithValue(ctx, connectTraceKey{}, f)
}

// traceAttempt reports one attempt on p to the context's trace, if any.
func traceAttempt(ctx context.Context, p hostPlan, rec *handshakeRecord, start time.Time, err error) {
	f, _ := ctx.Value(connectTraceKey{}).(func(ConnectAttempt))
	if f == nil {
		return
	}
	end := time.Now()
	a := ConnectAttempt{Host: p.host(), Port: p.cfg.Hosts[0].Port, SSLMode: p.cfg.SSLMode, Total: end.Sub(start), Err: err}
	rec.mu.Lock()
	a.RemoteAddr = rec.remoteAddr
	a.ClientCertificateRequested = rec.certRequested
	a.ClientCertificate = rec.sentCert
	if !rec.dialed.IsZero() {
		a.Dial = rec.dialed.Sub(start)
	}
	if !rec.tlsStart.IsZero() && !rec.tlsDone.IsZero() {
		a.TLSHandshake = rec.tlsDone.Sub(rec.tlsStart)
		a.TLSVersion, a.CipherSuite = rec.tlsVersion, rec.tlsCipher
	}
	rec.mu.Unlock()
	f(a)
}
