// This file loads key stores and trust stores: it opens a location, detects
// the real format from the bytes, decodes keys, chains and trusted
// certificates, and caches the result per file version. It knows formats and
// passwords and nothing about MySQL.

package jdbcmysql

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
)

// KeyStore is a decoded key store or trust store.
type KeyStore struct {
	Format       string // detected format: "JKS", "JCEKS", "PKCS12" or "PEM"
	DeclaredType string // the type it was opened with ("" if none)
	Entries      []KeyStoreEntry
}

// KeyStoreEntry is one entry of a KeyStore: a private key with its chain,
// or a trusted certificate.
type KeyStoreEntry struct {
	Alias      string
	PrivateKey crypto.Signer       // nil for a trusted certificate entry
	Chain      []*x509.Certificate // the key's chain as stored, leaf first; or the one trusted certificate
}

// Trusted reports whether e is a trusted certificate entry.
func (e KeyStoreEntry) Trusted() bool { return e.PrivateKey == nil }

// ReadKeyStore decodes data as a key store of the given declared type ("" for
// JKS) with password. The format is detected from the bytes; the type is a
// hint, as with Java's keystore.type.compat: JKS and PKCS12 load each other,
// JCEKS loads JKS too, and a PEM file loads under any type. Type names are
// case-insensitive. It applies key store rules: one password opens the store
// and recovers every private key, and "" is an empty password, not none.
// It refuses unknown type names, wrong passwords, truncated, corrupted or
// oversized (over 1 MiB) input with a *StoreError.
func ReadKeyStore(data []byte, storeType, password string) (*KeyStore, error) {
	ref := storeRef{Role: roleKeyStore, Type: storeType, Password: password}
	if int64(len(data)) > defaultMaxStoreSize {
		return nil, ref.fail(formatError("the store is larger than the %d-byte limit", defaultMaxStoreSize))
	}
	ks, err := decodeStore(data, storeType, password, roleKeyStore)
	if err != nil {
		return nil, ref.fail(err)
	}
	return ks, nil
}

// OpenKeyStore reads and decodes the store at location (file:PATH, file:///PATH,
// a bare path, classpath:NAME with WithFS, http: or https:) with the rules of
// ReadKeyStore. Other schemes are refused. Errors name the location.
func OpenKeyStore(ctx context.Context, location, storeType, password string, opts ...Option) (*KeyStore, error) {
	o := newOptions(opts)
	ref := storeRef{Role: roleKeyStore, URL: location, Type: storeType, Password: password}
	data, _, err := readStoreLocation(ctx, o, location, nil)
	if err != nil {
		return nil, ref.fail(err)
	}
	ks, err := decodeStore(data, storeType, password, roleKeyStore)
	if err != nil {
		return nil, ref.fail(err)
	}
	return ks, nil
}

// storeRole says what a store is for; it changes password rules and messages.
type storeRole int

const (
	roleKeyStore   storeRole = iota // client key store: no password means ""
	roleTrustStore                  // trust store: no password skips the JKS integrity check
)

// storeRef says which store to load and where that choice came from.
type storeRef struct {
	Role     storeRole
	URL      string
	Type     string
	Password string
	// Source is the property that named the store, for messages:
	// "clientCertificateKeyStoreUrl", "javax.net.ssl.keyStore", ...
	Source string
}

// keyMaterial is what a connection needs from a decoded store.
type keyMaterial struct {
	Store        *KeyStore
	Certificates []tls.Certificate   // one per private key entry, Leaf set, in store order
	Aliases      []string            // alias of each Certificates element
	Roots        *x509.CertPool      // trusted certificates (trust stores)
	RootCerts    []*x509.Certificate // same, as a list
	Generation   uint64              // changes whenever the store is re-decoded
}

// defaultMaxStoreSize caps ReadKeyStore input (options.maxStoreSize caps
// locations).
const defaultMaxStoreSize = 1 << 20

// Store formats as detected from the bytes.
const (
	formatJKS    = "JKS"
	formatJCEKS  = "JCEKS"
	formatPKCS12 = "PKCS12"
	formatPEM    = "PEM"
)

// normalizeStoreType maps a declared type to a known name: "" means JKS
// (Connector/J's default), names are case-insensitive, anything else
// (p12, PKCS#12) is refused.
func normalizeStoreType(declared string) (string, error) {
	t := strings.ToUpper(strings.TrimSpace(declared))
	switch t {
	case "":
		return formatJKS, nil
	case formatJKS, formatJCEKS, formatPKCS12, formatPEM:
		return t, nil
	}
	return "", &storeFault{
		msg:       fmt.Sprintf("unknown key store type %q (KeyStore type not found; use JKS, PKCS12, JCEKS or PEM)", declared),
		classes:   []error{ErrKeyStore, ErrInvalidProperty},
		typeFault: true,
	}
}

// detectStoreFormat names the format of data from its first bytes, or "".
func detectStoreFormat(data []byte) string {
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

// decodeStore decodes data with the rules of role. Errors are *storeFault
// values, without location; storeRef.fail adds it.
func decodeStore(data []byte, declared, password string, role storeRole) (*KeyStore, error) {
	typ, err := normalizeStoreType(declared)
	if err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, formatError("the store is empty (0 bytes)")
	}
	format := detectStoreFormat(data)
	if format == "" {
		return nil, formatError("Invalid keystore format: not JKS, JCEKS, PKCS#12 or PEM")
	}
	if !typeLoads(typ, format) {
		return nil, formatError("Invalid keystore format: the file is %s, which type %s does not load (use type %s)", format, typ, format)
	}
	storeDecodes.Add(1)
	var ks *KeyStore
	switch format {
	case formatJKS:
		ks, err = decodeJKS(data, password, role)
	case formatJCEKS:
		ks, err = decodeJCEKS(data, password, role)
	case formatPKCS12:
		ks, err = decodePKCS12(data, password, role)
	case formatPEM:
		ks, err = decodePEM(data, password, role)
	}
	if err != nil {
		return nil, err
	}
	ks.DeclaredType = declared
	return ks, nil
}

// storeDecodes counts decodes, for the decode-once tests.
var storeDecodes atomic.Uint64

// storeFault is a decoding failure before it is tied to a location.
type storeFault struct {
	msg       string
	classes   []error
	typeFault bool // the declared type, not the file, is at fault
}

func (f *storeFault) Error() string   { return f.msg }
func (f *storeFault) Unwrap() []error { return f.classes }

func formatError(format string, a ...any) error {
	return &storeFault{msg: fmt.Sprintf(format, a...), classes: []error{ErrKeyStore}}
}

func unsupportedError(format string, a ...any) error {
	return &storeFault{msg: fmt.Sprintf(format, a...), classes: []error{ErrKeyStore, ErrUnsupported}}
}

// passwordError reports a wrong store password; password is only used to say
// whether one was given.
func passwordError(password, msg string) error {
	if password == "" {
		msg += " (no password was given)"
	} else {
		msg += " (the given password is incorrect)"
	}
	return &storeFault{msg: msg, classes: []error{ErrKeyStorePassword, ErrKeyStore}}
}

// keyRecoveryError reports a key the store password cannot decrypt.
func keyRecoveryError(alias string) error {
	return &storeFault{
		msg:     fmt.Sprintf("could not recover keys (entry %q): check password; the key password must equal the store password", alias),
		classes: []error{ErrKeyStorePassword, ErrKeyStore},
	}
}

// storeName names the role in messages.
func (r storeRole) storeName() string {
	if r == roleTrustStore {
		return "trust store"
	}
	return "client key store"
}

// fail wraps err in a *StoreError naming the store, its location and the
// property at fault. It never includes the password.
func (r storeRef) fail(err error) error {
	var se *StoreError
	if errors.As(err, &se) {
		return err
	}
	prop := r.Source
	var f *storeFault
	if errors.As(err, &f) && f.typeFault {
		prop = typeProperty(r.Source)
	}
	return &StoreError{Store: r.Role.storeName(), URL: redactLocation(r.URL), Property: prop, Msg: err.Error(), Err: err}
}

// typeProperty names the type property that goes with a location property.
func typeProperty(source string) string {
	switch {
	case source == "":
		return "store type"
	case strings.HasSuffix(source, "Url"):
		return strings.TrimSuffix(source, "Url") + "Type"
	case strings.HasPrefix(source, "javax.net.ssl."):
		return source + "Type"
	}
	return source
}

// quoteAlias quotes an alias for messages, or says it has none.
func quoteAlias(alias string) string {
	if alias == "" {
		return "(no alias)"
	}
	return strconv.Quote(alias)
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

// newKeyMaterial prepares a decoded store for TLS.
func newKeyMaterial(ks *KeyStore, generation uint64) *keyMaterial {
	m := &keyMaterial{Store: ks, Roots: x509.NewCertPool(), Generation: generation}
	for _, e := range ks.Entries {
		if e.Trusted() {
			for _, c := range e.Chain {
				m.Roots.AddCert(c)
				m.RootCerts = append(m.RootCerts, c)
			}
			continue
		}
		cert := tls.Certificate{PrivateKey: e.PrivateKey, Leaf: e.Chain[0]}
		for _, c := range e.Chain {
			cert.Certificate = append(cert.Certificate, c.Raw)
		}
		m.Certificates = append(m.Certificates, cert)
		m.Aliases = append(m.Aliases, e.Alias)
	}
	return m
}

// chooseCertificate picks the client certificate for a handshake:
//  1. with alias set, the key entry of that alias (compared
//     case-insensitively), or an error naming the aliases there are;
//  2. else the first key entry (store order) the server accepts: its chain
//     reaches one of cri.AcceptableCAs and its key fits the server's
//     signature schemes (tls.CertificateRequestInfo.SupportsCertificate);
//  3. with no request info, the first key entry; when the server's request
//     fits no entry, none, as Java's SunX509 key manager does.
//
// With no key entry it returns an empty certificate: the client sends none.
func (m *keyMaterial) chooseCertificate(cri *tls.CertificateRequestInfo, alias string) (*tls.Certificate, error) {
	if m == nil || len(m.Certificates) == 0 {
		if alias != "" {
			return nil, &storeFault{msg: fmt.Sprintf("no key entry with alias %q: the store has no private key", alias), classes: []error{ErrKeyStore}}
		}
		return &tls.Certificate{}, nil
	}
	if alias != "" {
		for i, a := range m.Aliases {
			if strings.EqualFold(a, alias) {
				return &m.Certificates[i], nil
			}
		}
		return nil, &storeFault{
			msg:     fmt.Sprintf("no key entry with alias %q (key entries: %s)", alias, strings.Join(m.Aliases, ", ")),
			classes: []error{ErrKeyStore},
		}
	}
	if cri == nil {
		return &m.Certificates[0], nil
	}
	for i := range m.Certificates {
		if cri.SupportsCertificate(&m.Certificates[i]) == nil {
			return &m.Certificates[i], nil
		}
	}
	// Nothing fits the server's request: send none, as Java's key manager
	// does; the server's refusal is then explained by the connector.
	return &tls.Certificate{}, nil
}
