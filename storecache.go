// This file caches decoded stores per file version: a store is decoded
// once, re-checked cheaply on every load, re-decoded when its bytes change,
// and kept at its last good version when a rotated file is broken (or a
// key store comes back with no key). Concurrent loads share one read, and
// the cache holds at most maxStoreEntries stores. It also
// turns a decoded store into what a TLS handshake needs (keyMaterial).

package jdbcmysql

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"os"
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

// maxStoreEntries bounds a storeCache: past it, the least recently used
// idle store is dropped (it is read again if asked for).
const maxStoreEntries = 64

// storeCache decodes each store once per file version. Safe for concurrent
// use: concurrent loads of one store share one read, which no caller's
// deadline cuts short and which holds no lock other stores need.
type storeCache struct {
	opts *options
	// decode is decodeStore; tests wrap it to count decodes.
	decode func(data []byte, ref storeRef, o *options) (*keystore.KeyStore, error)

	mu      sync.Mutex
	entries map[storeCacheKey]*storeCacheEntry
	tick    uint64 // counts lookups, for least-recently-used order
}

// storeCacheKey is everything that changes what a decode returns.
type storeCacheKey struct {
	role     storeRole
	url      string
	typ      string
	password string
}

// storeCacheEntry is one store's versions. Its mu guards loading and used;
// the rest belongs to the one load in flight (loading != nil).
type storeCacheEntry struct {
	mu      sync.Mutex
	loading *storeLoad
	used    uint64 // storeCache.tick at the last lookup (under storeCache.mu)

	stat       *storeVersion
	hash       [32]byte
	material   *keyMaterial // last good version
	badHash    [32]byte     // last version that failed to decode, not retried
	hasBad     bool
	badErr     error // why the last version failed
	lastLogged string
}

// storeLoad is a load in flight; done is closed when km and err are set.
type storeLoad struct {
	done chan struct{}
	km   *keyMaterial
	err  error
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
// Callers asking while a load is in flight share it; each waits only until
// its ctx ends, and the load goes on (up to the store fetch timeout) for
// the callers after it.
func (c *storeCache) load(ctx context.Context, ref storeRef) (*keyMaterial, error) {
	e := c.entry(storeCacheKey{ref.Role, ref.URL, ref.Type, ref.Password})
	e.mu.Lock()
	l := e.loading
	if l == nil {
		l = &storeLoad{done: make(chan struct{})}
		e.loading = l
		go c.run(e, ref, l)
	}
	e.mu.Unlock()
	select {
	case <-l.done:
		return l.km, l.err
	default:
	}
	select {
	case <-l.done:
		return l.km, l.err
	case <-ctx.Done():
		return nil, &StoreError{Store: ref.Role.storeName(), URL: redactLocation(ref.URL), Property: ref.Source,
			Msg: fmt.Sprintf("loading did not finish before the connection's deadline (%v); it goes on, for up to the %s store fetch timeout, and later connections use its result",
				ctx.Err(), c.opts.fetchTimeout()),
			Err: errors.Join(ErrKeyStore, ctx.Err())}
	}
}

// entry finds or makes the entry for key; a new entry may push out the
// least recently used idle ones, and those whose file no longer exists.
func (c *storeCache) entry(key storeCacheKey) *storeCacheEntry {
	c.mu.Lock()
	c.tick++
	e := c.entries[key]
	if e != nil {
		e.used = c.tick
		c.mu.Unlock()
		return e
	}
	e = &storeCacheEntry{used: c.tick}
	c.entries[key] = e
	var gone []storeCacheKey
	if len(c.entries) > maxStoreEntries/2 {
		gone = c.idleFileKeys(key)
	}
	c.mu.Unlock()
	c.dropVanished(gone)
	return e
}

// idleFileKeys lists the file stores other than keep with no load in
// flight. The caller holds c.mu.
func (c *storeCache) idleFileKeys(keep storeCacheKey) []storeCacheKey {
	var out []storeCacheKey
	for k, e := range c.entries {
		if k == keep || e.busy() {
			continue
		}
		if scheme, _, _ := locationScheme(k.url); scheme == "" || scheme == "file" {
			out = append(out, k)
		}
	}
	return out
}

func (e *storeCacheEntry) busy() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.loading != nil
}

// dropVanished removes the entries among keys whose file no longer
// exists (stat is done without c.mu), then the least recently used idle
// entries while there are more than maxStoreEntries.
func (c *storeCache) dropVanished(keys []storeCacheKey) {
	var vanished []storeCacheKey
	for _, k := range keys {
		path := k.url
		if _, rest, _ := locationScheme(k.url); rest != k.url {
			path = filePathFromURL(rest)
		}
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			vanished = append(vanished, k)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range vanished {
		if e := c.entries[k]; e != nil && !e.busy() {
			delete(c.entries, k)
		}
	}
	for len(c.entries) > maxStoreEntries {
		var oldest storeCacheKey
		var found *storeCacheEntry
		for k, e := range c.entries {
			if (found == nil || e.used < found.used) && !e.busy() {
				oldest, found = k, e
			}
		}
		if found == nil {
			return
		}
		delete(c.entries, oldest)
	}
}

// run performs one load of e and publishes its result to l.
func (c *storeCache) run(e *storeCacheEntry, ref storeRef, l *storeLoad) {
	l.km, l.err = c.refresh(e, ref)
	e.mu.Lock()
	e.loading = nil
	e.mu.Unlock()
	close(l.done)
}

// refresh re-reads ref and updates e. Only the load in flight calls it.
func (c *storeCache) refresh(e *storeCacheEntry, ref storeRef) (*keyMaterial, error) {
	data, stat, err := readStoreLocation(context.Background(), c.opts, ref.URL, ref.Role, e.stat)
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
		var km *keyMaterial
		if err == nil {
			km = newKeyMaterial(ks, 0)
			if lost := e.material; ref.Role == roleKeyStore && lost != nil && len(lost.Certificates) > 0 && len(km.Certificates) == 0 {
				err = storeFaultf("the store now holds no private key (the last good version held %d): a copy cut short?", len(lost.Certificates))
			}
		}
		if err == nil {
			km.Generation = nextStoreGeneration()
			e.material = km
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
