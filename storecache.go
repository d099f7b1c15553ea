// This file caches decoded stores per file version: a store is decoded
// once, re-checked cheaply on every load, re-decoded when its bytes change,
// and kept at its last good version when a rotated file is broken. It also
// turns a decoded store into what a TLS handshake needs (keyMaterial).

package jdbcmysql

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"strings"
	"sync"

	"github.com/jdbcmysql/jdbcmysql/keystore"
)

// keyMaterial is what a connection needs from a decoded store.
type keyMaterial struct {
	Certificates []tls.Certificate // one per private key entry, Leaf set, in store order
	Aliases      []string          // alias of each Certificates element
	Roots        *x509.CertPool    // trusted certificates (trust stores)
	RootCount    int               // how many certificates Roots holds
	Generation   uint64            // changes whenever the store is re-decoded
}

// newKeyMaterial prepares a decoded store for TLS.
func newKeyMaterial(ks *keystore.KeyStore, generation uint64) *keyMaterial {
	m := &keyMaterial{Roots: x509.NewCertPool(), Generation: generation}
	for _, e := range ks.Entries {
		if e.Trusted() {
			for _, c := range e.Chain {
				m.Roots.AddCert(c)
				m.RootCount++
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

// storeCache decodes each store once per file version. Safe for concurrent use.
type storeCache struct {
	opts *options
	// decode is decodeStore; tests wrap it to count decodes.
	decode func(data []byte, ref storeRef, o *options) (*keystore.KeyStore, error)

	mu      sync.Mutex
	entries map[storeCacheKey]*storeCacheEntry
}

// storeCacheKey is everything that changes what a decode returns.
type storeCacheKey struct {
	role     storeRole
	url      string
	typ      string
	password string
}

type storeCacheEntry struct {
	mu         sync.Mutex // one load at a time per store: concurrent callers share a decode
	stat       *storeVersion
	hash       [32]byte
	material   *keyMaterial // last good version
	badHash    [32]byte     // last version that failed to decode, not retried
	hasBad     bool
	badErr     error // why the last version failed
	lastLogged string
}

var storeGenerations struct {
	sync.Mutex
	n uint64
}

func nextStoreGeneration() uint64 {
	storeGenerations.Lock()
	defer storeGenerations.Unlock()
	storeGenerations.n++
	return storeGenerations.n
}

func newStoreCache(o *options) *storeCache {
	if o == nil {
		o = newOptions(nil)
	}
	return &storeCache{opts: o, decode: decodeStore, entries: map[storeCacheKey]*storeCacheEntry{}}
}

// load returns the decoded store for ref, re-reading its location on every
// call (cheaply: stat for files) and re-decoding only when it changed. When a
// re-read fails after a rotation it returns the last good version and reports
// the error through the logger. A trust store with no trusted certificate is
// an error, as in Connector/J ("the trustAnchors parameter must be non-empty").
func (c *storeCache) load(ctx context.Context, ref storeRef) (*keyMaterial, error) {
	key := storeCacheKey{ref.Role, ref.URL, ref.Type, ref.Password}
	c.mu.Lock()
	e := c.entries[key]
	if e == nil {
		e = &storeCacheEntry{}
		c.entries[key] = e
	}
	c.mu.Unlock()

	e.mu.Lock()
	defer e.mu.Unlock()
	data, stat, err := readStoreLocation(ctx, c.opts, ref.URL, e.stat)
	if err == nil && data == nil { // unchanged file, not even read
		if e.material != nil {
			return e.material, nil
		}
		return nil, e.badErr
	}
	if err == nil {
		h := sha256.Sum256(data)
		switch {
		case e.material != nil && h == e.hash:
			e.stat = stat
			return e.material, nil
		case e.hasBad && h == e.badHash:
			e.stat = stat
			if e.material != nil {
				return e.material, nil
			}
			return nil, e.badErr
		}
		var ks *keystore.KeyStore
		ks, err = c.decode(data, ref, c.opts)
		if err == nil && ref.Role == roleTrustStore && !hasTrustedEntry(ks) {
			err = emptyTrustStoreError(ks, ref)
		}
		if err == nil {
			e.material = newKeyMaterial(ks, nextStoreGeneration())
			e.hash, e.stat, e.hasBad = h, stat, false
			return e.material, nil
		}
		e.badHash, e.hasBad, e.stat = h, true, stat
	}
	serr := ref.fail(err)
	e.badErr = serr
	if e.material == nil {
		return nil, serr
	}
	if l := c.opts.logger; l != nil && serr.Error() != e.lastLogged {
		e.lastLogged = serr.Error() // a missing file is reported once, not per connection
		l.Warn("jdbcmysql: keeping the last good version of a store that no longer loads",
			"store", ref.Role.storeName(), "url", redactLocation(ref.URL), "property", ref.Source,
			"generation", e.material.Generation, "error", serr.Error())
	}
	return e.material, nil
}

func hasTrustedEntry(ks *keystore.KeyStore) bool {
	for _, e := range ks.Entries {
		if e.Trusted() {
			return true
		}
	}
	return false
}

// emptyTrustStoreError is Connector/J's failure for a trust store without
// anchors, with the likely reason.
func emptyTrustStoreError(ks *keystore.KeyStore, ref storeRef) error {
	msg := fmt.Sprintf("Could not load trust%s keystore: the trustAnchors parameter must be non-empty", strings.ToUpper(ref.Type))
	if ks.Format == "PKCS12" && ref.Password == "" {
		msg += " (its certificates are encrypted and no password was given)"
	} else {
		msg += " (the store holds no certificate)"
	}
	return storeFaultf("%s", msg)
}
