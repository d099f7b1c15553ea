// This file loads key stores and trust stores: it opens a location, detects
// the real format from the bytes, decodes keys, chains and trusted
// certificates, and caches the result per file version. It knows formats and
// passwords and nothing about MySQL.

package jdbcmysql

import (
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
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
// hint, as with Java's keystore.type.compat. It refuses unknown type names,
// wrong passwords, truncated or oversized input with a *StoreError.
func ReadKeyStore(data []byte, storeType, password string) (*KeyStore, error) {
	panic("TODO(keystore): ReadKeyStore")
}

// OpenKeyStore reads and decodes the store at location (file:, bare path,
// classpath: with WithFS, http(s):).
func OpenKeyStore(ctx context.Context, location, storeType, password string, opts ...Option) (*KeyStore, error) {
	panic("TODO(keystore): OpenKeyStore")
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
	Certificates []tls.Certificate    // one per private key entry, Leaf set, in store order
	Aliases      []string             // alias of each Certificates element
	Roots        *x509.CertPool       // trusted certificates (trust stores)
	RootCerts    []*x509.Certificate  // same, as a list
	Generation   uint64               // changes whenever the store is re-decoded
}

// storeCache decodes each store once per file version. Safe for concurrent use.
type storeCache struct {
	opts *options
}

func newStoreCache(o *options) *storeCache { return &storeCache{opts: o} }

// load returns the decoded store for ref, re-reading its location on every
// call (cheaply: stat for files) and re-decoding only when it changed. When a
// re-read fails after a rotation it returns the last good version and reports
// the error through the logger.
func (c *storeCache) load(ctx context.Context, ref storeRef) (*keyMaterial, error) {
	panic("TODO(keystore): storeCache.load")
}
