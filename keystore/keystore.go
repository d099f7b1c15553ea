// Package keystore decodes Java key stores and trust stores (JKS, JCEKS,
// PKCS#12, and PEM files) the way Java's KeyStore loads them, for Go
// programs that are handed the stores of a Java service: a client
// certificate for MySQL or Kafka, or the CAs a Java service trusts.
//
// The format is detected from the bytes. A declared type (WithType) is a
// hint, as with Java's keystore.type.compat: JKS and PKCS12 load each
// other, JCEKS loads JKS too, and a PEM file loads under any type.
//
// Decode applies key store rules: one password opens the store and
// recovers every private key, and "" is the empty password. DecodeTrustStore
// applies trust store rules: without a password a JKS or JCEKS store loads
// without its integrity check and an encrypted PKCS#12 store loads only
// what is not encrypted, as Java's load(in, null) does.
//
// Input is bounded: stores over 1 MiB (WithMaxSize), key derivations over
// 5,000,000 iterations, and structures that claim more than the bytes hold
// are refused before any large allocation.
package keystore

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"slices"
	"strings"
)

// KeyStore is a decoded key store or trust store.
type KeyStore struct {
	// Format is the format detected from the bytes: "JKS", "JCEKS",
	// "PKCS12" or "PEM".
	Format string
	// Entries are the store's private key entries and trusted certificate
	// entries, in store order (JKS and JCEKS: file order).
	Entries []Entry
}

// Entry is one entry of a KeyStore: a private key with its certificate
// chain, or a trusted certificate.
type Entry struct {
	// Alias names the entry. PKCS#12 entries without a friendly name are
	// named "key-N" or "cert-N", PEM entries after the certificate's
	// common name.
	Alias string
	// PrivateKey is the entry's key; nil for a trusted certificate entry.
	// Trust stores hold no keys: the certificate of a key entry is trusted.
	PrivateKey crypto.Signer
	// Chain is the key's chain, leaf first, or the one trusted certificate.
	Chain []*x509.Certificate
}

// Trusted reports whether e is a trusted certificate entry.
func (e Entry) Trusted() bool { return e.PrivateKey == nil }

// Option changes how a store is decoded.
type Option func(*options)

type options struct {
	declared      string // the declared type, when hasType
	hasType       bool
	maxSize       int
	maxIterations int // per key derivation
}

// DefaultMaxSize is the largest store decoded without WithMaxSize.
const DefaultMaxSize = 1 << 20

// maxIterations is the largest iteration count of one key derivation, as
// in Java (which refuses more than 5,000,000).
const maxIterations = 5_000_000

// WithType declares the store type, as the type given to Java's
// KeyStore.getInstance: "JKS", "PKCS12", "JCEKS" or "PEM", in any case;
// "" means JKS, Java's default. The detected format must be one the type
// loads. Without WithType every format loads. Other names fail with
// ErrUnknownType.
func WithType(storeType string) Option {
	return func(o *options) { o.declared, o.hasType = storeType, true }
}

// WithMaxSize refuses stores larger than n bytes (default DefaultMaxSize)
// with ErrLimit.
func WithMaxSize(n int) Option { return func(o *options) { o.maxSize = n } }

// Decode decodes data as a key store opened with password: every private
// key is recovered with it. It fails with ErrIncorrectPassword when the
// password does not pass the store's integrity check or does not decrypt a
// key, and with ErrFormat, ErrUnsupported, ErrUnknownType or ErrLimit for
// bad input.
func Decode(data []byte, password string, opts ...Option) (*KeyStore, error) {
	return decode(data, password, false, opts)
}

// DecodeTrustStore decodes data as a trust store: every certificate it
// holds (trusted entries, and the certificate of each key entry) becomes a
// trusted entry; no private key is decrypted. With password "" the
// integrity check is skipped and encrypted PKCS#12 contents are left out,
// as Java does for a trust store opened without a password; with a password
// it must be right.
func DecodeTrustStore(data []byte, password string, opts ...Option) (*KeyStore, error) {
	return decode(data, password, true, opts)
}

// Store formats as detected from the bytes.
const (
	formatJKS    = "JKS"
	formatJCEKS  = "JCEKS"
	formatPKCS12 = "PKCS12"
	formatPEM    = "PEM"
)

// decoder holds what one decode needs: the password, the role's rules and
// the bounds.
type decoder struct {
	password string
	trust    bool // trust store rules
	opts     options
}

func decode(data []byte, password string, trust bool, opts []Option) (*KeyStore, error) {
	o := options{maxSize: DefaultMaxSize, maxIterations: maxIterations}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if len(data) > o.maxSize {
		return nil, limitError("the store is larger than the %d-byte limit", o.maxSize)
	}
	typ := ""
	if o.hasType {
		var err error
		if typ, err = normalizeType(o.declared); err != nil {
			return nil, err
		}
	}
	if len(data) == 0 {
		return nil, formatError("the store is empty (0 bytes)")
	}
	format := detectFormat(data)
	if format == "" {
		return nil, formatError("Invalid keystore format: not JKS, JCEKS, PKCS#12 or PEM")
	}
	if typ != "" && !typeLoads(typ, format) {
		return nil, formatError("Invalid keystore format: the file is %s, which type %s does not load (use type %s)", format, typ, format)
	}
	d := &decoder{password: password, trust: trust, opts: o}
	switch format {
	case formatJKS:
		return d.decodeJKS(data)
	case formatJCEKS:
		return d.decodeJCEKS(data)
	case formatPKCS12:
		return d.decodePKCS12(data)
	}
	return d.decodePEM(data)
}

// normalizeType maps a declared type to a known name: "" means JKS, names
// are case-insensitive, anything else (p12, PKCS#12) is refused.
func normalizeType(declared string) (string, error) {
	t := strings.ToUpper(strings.TrimSpace(declared))
	switch t {
	case "":
		return formatJKS, nil
	case formatJKS, formatJCEKS, formatPKCS12, formatPEM:
		return t, nil
	}
	return "", newError(ErrUnknownType, "unknown key store type %q (KeyStore type not found; use JKS, PKCS12, JCEKS or PEM)", declared)
}

// detectFormat names the format of data from its first bytes, or "".
func detectFormat(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFE, 0xED, 0xFE, 0xED}):
		return formatJKS
	case bytes.HasPrefix(data, []byte{0xCE, 0xCE, 0xCE, 0xCE}):
		return formatJCEKS
	case len(data) > 0 && data[0] == 0x30:
		return formatPKCS12
	case bytes.Contains(data[:min(len(data), 4096)], []byte("-----BEGIN ")):
		return formatPEM
	}
	return ""
}

// typeLoads reports whether Java (keystore.type.compat=true) loads a file of
// format with the declared type; PEM loads under any type (a Go extension).
func typeLoads(declared, format string) bool {
	switch {
	case format == formatPEM || declared == format:
		return true
	case declared == formatJKS:
		return format == formatPKCS12
	case declared == formatPKCS12:
		return format == formatJKS
	case declared == formatJCEKS:
		return format == formatJKS
	}
	return false
}

// checkIterations refuses an iteration count below 1 (ErrFormat) or over
// the per-derivation limit (ErrLimit); what names the derivation.
func (d *decoder) checkIterations(what string, n int) error {
	switch {
	case n < 1:
		return formatError("%s iteration count %d is not positive", what, n)
	case n > d.opts.maxIterations:
		return limitError("%s iteration count %d is over the limit of %d per key derivation", what, n, d.opts.maxIterations)
	}
	return nil
}

// asSigner checks that a decoded key can sign TLS handshakes.
func asSigner(key any, alias string) (crypto.Signer, error) {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		return k, nil
	case *ecdsa.PrivateKey:
		return k, nil
	case ed25519.PrivateKey:
		return k, nil
	}
	return nil, unsupportedError("private key %s has an unsupported type %T", quoteAlias(alias), key)
}

// publicKeyMatches reports whether cert carries the public half of key.
func publicKeyMatches(cert *x509.Certificate, key any) bool {
	s, ok := key.(crypto.Signer)
	if !ok || cert == nil {
		return false
	}
	pub, ok := s.Public().(interface{ Equal(crypto.PublicKey) bool })
	return ok && pub.Equal(cert.PublicKey)
}

// buildChain returns leaf followed by its issuers found in pool, as Java's
// PKCS12 loader does: follow issuer names, check signatures, stop at a
// self-signed certificate or a loop.
func buildChain(leaf *x509.Certificate, pool []*x509.Certificate) []*x509.Certificate {
	chain := []*x509.Certificate{leaf}
	for cur := leaf; len(chain) <= len(pool); {
		if bytes.Equal(cur.RawIssuer, cur.RawSubject) {
			break
		}
		var next *x509.Certificate
		for _, c := range pool {
			if c == cur || !bytes.Equal(c.RawSubject, cur.RawIssuer) || slices.Contains(chain, c) {
				continue
			}
			if cur.CheckSignatureFrom(c) == nil {
				next = c
				break
			}
		}
		if next == nil {
			break
		}
		chain = append(chain, next)
		cur = next
	}
	return chain
}
