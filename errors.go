// This file defines the error values and types that callers match with
// errors.Is and errors.As.

package jdbcmysql

import (
	"errors"
	"fmt"
	"strings"
)

// Error classes. Every error returned by this package that belongs to one of
// these classes matches it with errors.Is.
var (
	// ErrMalformedURL: the JDBC URL does not follow Connector/J's grammar.
	ErrMalformedURL = errors.New("jdbcmysql: malformed database URL")
	// ErrUnknownProperty: a property name Connector/J does not know.
	ErrUnknownProperty = errors.New("jdbcmysql: unknown connection property")
	// ErrInvalidProperty: a property value is not acceptable.
	ErrInvalidProperty = errors.New("jdbcmysql: invalid connection property value")
	// ErrKeyStore: a key store or trust store could not be opened or decoded.
	ErrKeyStore = errors.New("jdbcmysql: cannot load key store")
	// ErrKeyStorePassword: a store's password is wrong or missing.
	ErrKeyStorePassword = errors.New("jdbcmysql: key store password is incorrect")
	// ErrServerNoTLS: TLS is required but the server does not offer it.
	ErrServerNoTLS = errors.New("jdbcmysql: SSL connection required, but not provided by server")
	// ErrNoTrustManager: VERIFY_CA/VERIFY_IDENTITY without any trust store.
	ErrNoTrustManager = errors.New("jdbcmysql: no X.509 trust manager")
	// ErrServerCertificate: the server's certificate failed verification.
	ErrServerCertificate = errors.New("jdbcmysql: server certificate verification failed")
	// ErrClientCertificateRejected: the server refused the client certificate.
	ErrClientCertificateRejected = errors.New("jdbcmysql: server rejected the client certificate")
	// ErrUnsupported: a feature jdbcmysql recognises but cannot provide.
	ErrUnsupported = errors.New("jdbcmysql: not supported")
	// ErrServerProtocol: the server sent what no MySQL server sends (a
	// truncated greeting, a malformed packet before authentication).
	ErrServerProtocol = errors.New("jdbcmysql: the server broke the MySQL protocol")
	// ErrPublicKeyRetrieval: without TLS, the server wanted the password
	// encrypted to an RSA key it would send, and allowPublicKeyRetrieval is
	// false (Connector/J's default and message).
	ErrPublicKeyRetrieval = errors.New("jdbcmysql: Public Key Retrieval is not allowed")
)

// PropertyError reports a connection property that is unknown or has a bad
// value. Its message never contains the value of a password property.
type PropertyError struct {
	Property string // property name as written
	Value    string // the value as written; empty for passwords and unknown names
	Msg      string // the complete human-readable reason
	Err      error  // ErrUnknownProperty or ErrInvalidProperty, or a cause
}

func (e *PropertyError) Error() string { return e.Msg }
func (e *PropertyError) Unwrap() error { return e.Err }

// StoreError reports a key store or trust store that could not be used. It
// names the store, its location and the property it came from, never the
// password.
type StoreError struct {
	Store    string // "client key store" or "trust store"
	URL      string // location as configured (user info redacted)
	Property string // e.g. "clientCertificateKeyStoreUrl" or "javax.net.ssl.keyStore"
	Msg      string // the reason, without the password
	Err      error  // ErrKeyStore, ErrKeyStorePassword or a cause
}

func (e *StoreError) Error() string {
	var b strings.Builder
	b.WriteString("jdbcmysql: ")
	b.WriteString(e.Store)
	if e.URL != "" {
		b.WriteString(" ")
		b.WriteString(e.URL)
	}
	if e.Property != "" {
		b.WriteString(" (from ")
		b.WriteString(e.Property)
		b.WriteString(")")
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

func (e *StoreError) Unwrap() error { return e.Err }

// TLSError reports a failed TLS set-up or handshake with what a person needs
// to act on it: the sslMode, the check that failed, the host, and the client
// certificate that was sent.
type TLSError struct {
	Mode          SSLMode
	Host          string // host as written in the URL
	Check         string // e.g. "chain", "validity", "hostname", "client certificate"
	KeyStore      string // location of the client key store used, if any
	ClientSubject string // subject of the client certificate sent, if any
	Msg           string
	Err           error // one of the class errors above, and/or the cause
}

func (e *TLSError) Error() string { return e.Msg }
func (e *TLSError) Unwrap() error { return e.Err }

// malformed returns an ErrMalformedURL error with Connector/J's wording.
func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMalformedURL}, args...)...)
}
