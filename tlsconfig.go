// This file builds the tls.Config of a connection. One builder serves both
// the Connector (a tls.Config per connection attempt, its stores loaded
// before dialing) and FormatDSN (one tls.Config that go-sql-driver shares
// between connections, its stores resolved in the handshake callbacks). It
// also keeps the TLS session caches, one per client identity.

package jdbcmysql

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// handshakeStores are the stores one handshake uses: resolved (the URL's
// properties, else the system properties at that moment) and loaded.
type handshakeStores struct {
	id       sessionIdentity
	keyStore string         // location of the client key store, redacted; "" when none
	km       *keyMaterial   // nil without a client key store
	roots    *x509.CertPool // trust anchors, for VERIFY_CA and VERIFY_IDENTITY
	// err is a store that cannot be used. It fails the handshake, not the
	// set-up, so that PREFERRED does not fall back to plaintext over a
	// broken store, as in Connector/J.
	err error
}

// loadStores resolves and loads the stores for one handshake with host p:
// the client key store in every mode with TLS, the trust store when the
// mode verifies the server. It fails only for a configuration that can
// have no trust store at all (ErrNoTrustManager).
func (c *Connector) loadStores(ctx context.Context, p hostPlan) (*handshakeStores, error) {
	if err := checkTrustManager(p); err != nil {
		return nil, err
	}
	hs := c.loadKeyStore(ctx, p)
	mode := p.cfg.SSLMode
	if !verifiesChain(mode) {
		return hs, nil
	}
	if ref, ok, _ := resolveTrustStore(p.cfg); ok {
		tm, err := c.loadStore(ctx, ref)
		switch {
		case err != nil:
			hs.err = cmpOr(hs.err, err)
		case tm.Roots == nil || trustAnchorCount(tm) == 0:
			hs.err = cmpOr(hs.err, error(&StoreError{Store: "trust store", URL: redactLocation(ref.URL), Property: ref.Source,
				Msg: "holds no trusted certificate (the trustAnchors parameter must be non-empty)", Err: ErrKeyStore}))
		default:
			hs.roots = tm.Roots
		}
		return hs, nil
	}
	pool, err := c.systemRoots()
	if err != nil {
		hs.err = cmpOr(hs.err, error(&TLSError{Mode: mode, Host: p.host(), Check: "trust store",
			Msg: "jdbcmysql: cannot read the system's trusted certificates: " + err.Error(), Err: errors.Join(ErrNoTrustManager, err)}))
	}
	hs.roots = pool
	return hs, nil
}

// loadKeyStore resolves and loads the client key store alone: what names
// the client identity.
func (c *Connector) loadKeyStore(ctx context.Context, p hostPlan) *handshakeStores {
	hs := &handshakeStores{}
	ref, ok := resolveKeyStore(p.cfg)
	if !ok {
		return hs
	}
	hs.keyStore = redactLocation(ref.URL)
	hs.id = sessionIdentity{source: ref.Source, url: ref.URL, alias: c.alias(p.cfg)}
	km, err := c.loadStore(ctx, ref)
	if err != nil {
		hs.err = err
	} else {
		hs.km, hs.id.generation = km, km.Generation
	}
	return hs
}

// trustAnchorCount is the number of trusted certificates a trust store holds.
func trustAnchorCount(tm *keyMaterial) int { return tm.RootCount }

// checkTrustManager refuses a mode that verifies the server when no trust
// store can exist: no trustCertificateKeyStoreUrl and the system fallback off.
func checkTrustManager(p hostPlan) error {
	mode := p.cfg.SSLMode
	if !verifiesChain(mode) {
		return nil
	}
	if _, ok, system := resolveTrustStore(p.cfg); ok || system {
		return nil
	}
	return &TLSError{Mode: mode, Host: p.host(), Check: "trust store",
		Msg: fmt.Sprintf("jdbcmysql: Failed setting up server certificate validation because no X.509 Trust Manager was found (sslMode=%s needs trustCertificateKeyStoreUrl, or fallbackToSystemTrustStore=true)", mode),
		Err: ErrNoTrustManager}
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// handshakeSessions is the session cache a tls.Config offers, and how a
// failed handshake takes back the sessions it may have left there.
type handshakeSessions interface {
	tls.ClientSessionCache
	forget()
}

// newTLSConfig is the one tls.Config builder. go-sql-driver's own
// verification is off (InsecureSkipVerify) and replaced by verify.go's rules
// in VerifyConnection; the client certificate comes from the key store when
// the server asks for one, in every mode with TLS. stores returns the stores
// of the handshake in progress; sessions is nil without resumption; rec, if
// not nil, records what the handshake did.
func (c *Connector) newTLSConfig(p hostPlan, stores func() *handshakeStores, sessions handshakeSessions, rec *handshakeRecord) *tls.Config {
	mode, host, alias := p.cfg.SSLMode, p.host(), c.alias(p.cfg)
	fail := func(err error) error {
		if sessions != nil {
			sessions.forget()
		}
		return err
	}
	tc := &tls.Config{
		// Verification is done in VerifyConnection with Connector/J's rules.
		InsecureSkipVerify: true,
		ServerName:         serverName(host),
		MinVersion:         p.minV,
		MaxVersion:         p.maxV,
		CipherSuites:       p.suites,
		GetClientCertificate: func(cri *tls.CertificateRequestInfo) (*tls.Certificate, error) {
			rec.set(func(r *handshakeRecord) { r.certRequested = true })
			hs := stores()
			if hs.err != nil {
				return nil, fail(hs.err)
			}
			cert, err := pickClientCertificate(hs.km, cri, alias, hs.keyStore)
			if err != nil {
				return nil, fail(err)
			}
			switch {
			case cert.Leaf != nil:
				rec.set(func(r *handshakeRecord) { r.sentSubject, r.sentCert = cert.Leaf.Subject.String(), cert.Leaf })
			case len(cert.Certificate) == 0 && hs.km != nil:
				rec.set(func(r *handshakeRecord) { r.unmatched = len(hs.km.Certificates) })
			}
			return cert, nil
		},
		VerifyConnection: func(cs tls.ConnectionState) error {
			hs := stores()
			if hs.err != nil {
				return fail(hs.err)
			}
			v := serverVerifier{mode: mode, host: host, roots: hs.roots, now: c.opts.now}
			if err := v.verify(cs.PeerCertificates); err != nil {
				rec.set(func(r *handshakeRecord) { r.verifyErr = err })
				return fail(err)
			}
			rec.set(func(r *handshakeRecord) {
				r.serverChecked, r.tlsDone, r.tlsVersion, r.tlsCipher = true, time.Now(), cs.Version, cs.CipherSuite
			})
			return nil
		},
	}
	if sessions != nil {
		tc.ClientSessionCache = sessions
	}
	return tc
}

// connectionTLS returns the tls.Config for one connection attempt of the
// Connector: the stores are resolved and loaded once, before dialing, and
// the attempt's sessions are kept under the identity they resolved to.
// Loading waits no longer than ctx and connectTimeout allow; a load cut
// short fails the attempt before it dials.
func (c *Connector) connectionTLS(ctx context.Context, p hostPlan, rec *handshakeRecord) (*tls.Config, *attemptSessionCache, error) {
	loadCtx := ctx
	if d := p.cfg.ConnectTimeout; d > 0 {
		var cancel context.CancelFunc
		loadCtx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	hs, err := c.loadStores(loadCtx, p)
	if err != nil {
		return nil, nil, err
	}
	if hs.err != nil && loadCtx.Err() != nil {
		return nil, nil, hs.err
	}
	rec.keyStore = hs.keyStore
	var attempt *attemptSessionCache
	var sessions handshakeSessions
	if !c.opts.noResumption && hs.err == nil {
		attempt = &attemptSessionCache{shared: c.sessions.get(hs.id)}
		sessions = attempt
	}
	return c.newTLSConfig(p, func() *handshakeStores { return hs }, sessions, rec), attempt, nil
}

// sharedTLS returns the tls.Config for FormatDSN, which go-sql-driver shares
// between connections: there is no connection to prepare it for, so each
// handshake callback resolves and loads the stores afresh, and the session
// cache resolves the identity at each use.
func (c *Connector) sharedTLS(p hostPlan) (*tls.Config, error) {
	if err := checkTrustManager(p); err != nil {
		return nil, err
	}
	s := &sharedSessions{c: c, p: p}
	var sessions handshakeSessions
	if !c.opts.noResumption {
		sessions = s
	}
	return c.newTLSConfig(p, s.stores, sessions, nil), nil
}

// sessionIdentity names a client identity: sessions resumed under one
// identity must never be offered by another (the server keeps the first
// session's certificate), and a rotated store is a new identity.
type sessionIdentity struct {
	source, url, alias string
	generation         uint64
}

// maxSessionCaches bounds sessionCaches: past it, the cache of the least
// recently used identity is dropped (its next connection does a full
// handshake).
const maxSessionCaches = 64

// sessionCaches holds one TLS session cache per client identity, for at
// most maxSessionCaches identities.
type sessionCaches struct {
	mu   sync.Mutex
	m    map[sessionIdentity]*identitySessions
	tick uint64
}

type identitySessions struct {
	cache tls.ClientSessionCache
	used  uint64
}

func (s *sessionCaches) get(id sessionIdentity) tls.ClientSessionCache {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tick++
	if s.m == nil {
		s.m = map[sessionIdentity]*identitySessions{}
	}
	if c, ok := s.m[id]; ok {
		c.used = s.tick
		return c.cache
	}
	// Drop the caches of earlier generations of the same store.
	for old := range s.m {
		if old.source == id.source && old.url == id.url && old.alias == id.alias {
			delete(s.m, old)
		}
	}
	for len(s.m) >= maxSessionCaches {
		var oldest sessionIdentity
		var at uint64
		first := true
		for k, c := range s.m {
			if first || c.used < at {
				oldest, at, first = k, c.used, false
			}
		}
		delete(s.m, oldest)
	}
	c := &identitySessions{cache: tls.NewLRUClientSessionCache(0), used: s.tick}
	s.m[id] = c
	return c.cache
}

// attemptSessionCache is the session cache one connection attempt sees: it
// passes through to the identity's shared cache and remembers the keys it
// touched, so that a failed attempt can take its sessions back. A server
// may issue a TLS 1.3 ticket before it rejects the client certificate, and
// a resumed session sends no certificate at all.
type attemptSessionCache struct {
	shared tls.ClientSessionCache
	mu     sync.Mutex
	keys   []string
}

func (a *attemptSessionCache) Get(key string) (*tls.ClientSessionState, bool) {
	a.mu.Lock()
	a.keys = append(a.keys, key)
	a.mu.Unlock()
	return a.shared.Get(key)
}

func (a *attemptSessionCache) Put(key string, cs *tls.ClientSessionState) {
	a.mu.Lock()
	a.keys = append(a.keys, key)
	a.mu.Unlock()
	a.shared.Put(key, cs)
}

// forget removes every session this attempt used or stored.
func (a *attemptSessionCache) forget() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, k := range a.keys {
		a.shared.Put(k, nil)
	}
	a.keys = nil
}

// identityChangeGuard is how long after the client identity of a shared
// tls.Config changes that new sessions are not kept.
const identityChangeGuard = time.Minute

// sharedSessions serves a tls.Config that go-sql-driver shares between
// connections (FormatDSN). Its callbacks cannot tell one connection from
// another, so each one resolves the stores itself, and sessions are kept
// per identity resolved at each Get and Put. A session is stored under the
// identity resolved when its ticket arrives; should the identity change
// between a handshake's certificate and its ticket, that session would be
// filed under the new identity. To rule that out, no session is kept for
// identityChangeGuard after a change is seen. The Connector, which resolves
// the identity once per connection, needs no such guard.
type sharedSessions struct {
	c *Connector
	p hostPlan

	mu      sync.Mutex
	seen    bool
	last    sessionIdentity
	changed time.Time
}

// stores resolves and loads the stores for the handshake in progress.
func (s *sharedSessions) stores() *handshakeStores {
	hs, err := s.c.loadStores(context.Background(), s.p)
	if err != nil {
		return &handshakeStores{err: err}
	}
	if hs.err == nil {
		s.observe(hs.id)
	}
	return hs
}

// observe notes the identity just resolved and reports whether it (or any
// other) changed within identityChangeGuard.
func (s *sharedSessions) observe(id sessionIdentity) (recentChange bool) {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen && id != s.last {
		s.changed = now
	}
	s.seen, s.last = true, id
	return !s.changed.IsZero() && now.Sub(s.changed) < identityChangeGuard
}

// identity resolves the current client identity; ok is false when its key
// store cannot be loaded (that handshake fails in the callbacks).
func (s *sharedSessions) identity() (id sessionIdentity, recentChange, ok bool) {
	hs := s.c.loadKeyStore(context.Background(), s.p)
	if hs.err != nil {
		return id, false, false
	}
	return hs.id, s.observe(hs.id), true
}

func (s *sharedSessions) Get(key string) (*tls.ClientSessionState, bool) {
	id, _, ok := s.identity()
	if !ok {
		return nil, false
	}
	return s.c.sessions.get(id).Get(key)
}

func (s *sharedSessions) Put(key string, cs *tls.ClientSessionState) {
	id, recentChange, ok := s.identity()
	if !ok || (cs != nil && recentChange) {
		return
	}
	s.c.sessions.get(id).Put(key, cs)
}

// forget removes the current identity's session for this host.
func (s *sharedSessions) forget() {
	if id, _, ok := s.identity(); ok {
		s.c.sessions.get(id).Put(serverName(s.p.host()), nil)
	}
}

// pickClientCertificate chooses the certificate to send with the key
// store's rule (keyMaterial.chooseCertificate), reporting an unknown alias
// as a *StoreError. Without a key store it sends none.
func pickClientCertificate(km *keyMaterial, cri *tls.CertificateRequestInfo, alias, location string) (*tls.Certificate, error) {
	if km == nil {
		return &tls.Certificate{}, nil
	}
	cert, err := km.chooseCertificate(cri, alias)
	if err != nil {
		return nil, &StoreError{Store: "client key store", URL: location, Property: "jdbcmysql.clientCertificateKeyStoreAlias",
			Msg: err.Error(), Err: err}
	}
	return cert, nil
}

// serverName is the TLS server name (SNI and session cache key) for a host
// as written in the URL.
func serverName(host string) string {
	return strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"), ".")
}
