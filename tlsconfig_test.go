// Tests for the TLS set-up: trust managers, session caches per client
// identity, and the tls.Config FormatDSN shares.

package jdbcmysql

import (
	"context"
	"crypto/tls"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

func TestConnectNoTrustManager(t *testing.T) {
	srv := newFakeServer(t, true, nil)
	for _, mode := range []SSLMode{SSLModeVerifyCA, SSLModeVerifyIdentity} {
		cfg := fakeConfig(srv, "127.0.0.1", mode)
		_, err := connectOnce(t, cfg, &stores{})
		if !errors.Is(err, ErrNoTrustManager) || !strings.Contains(err.Error(), "no X.509 Trust Manager") {
			t.Fatalf("%s: error = %v", mode, err)
		}
	}
	if n := len(srv.all()); n != 0 {
		t.Fatalf("dialed %d times despite a configuration error", n)
	}
}

func TestSessionResumptionPerIdentity(t *testing.T) {
	f := newTLSFixture(t)
	srv := newFakeServer(t, true, serverTLS(f.server))
	cfg := fakeConfig(srv, "127.0.0.1", SSLModeRequired)
	cfg.ClientKeyStore.URL = "mem:client"
	km := clientMaterial(1, []string{"a"}, f.client)
	st := &stores{m: map[string]*keyMaterial{"mem:client": km}}
	run := func(c *Connector) bool {
		t.Helper()
		conn, err := c.Connect(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		// The TLS 1.3 ticket arrives before the OK packet go-sql-driver read.
		conn.Close()
		s := srv.all()
		return s[len(s)-1].tlsState.DidResume
	}
	c, err := cfg.Connector()
	if err != nil {
		t.Fatal(err)
	}
	c.loadStore = st.load
	if run(c) {
		t.Fatal("first connection resumed")
	}
	if !run(c) {
		t.Fatal("second connection did not resume")
	}
	st.m["mem:client"] = clientMaterial(2, []string{"a"}, f.client) // rotation
	if run(c) {
		t.Fatal("resumed a session after the key store rotated")
	}
	off, err := cfg.Connector(WithoutSessionResumption())
	if err != nil {
		t.Fatal(err)
	}
	off.loadStore = st.load
	run(off)
	if run(off) {
		t.Fatal("resumed with WithoutSessionResumption")
	}
	// No key store is another identity: it must not reuse the sessions above.
	if c.sessions.get(sessionIdentity{}) == c.sessions.get(sessionIdentity{source: "clientCertificateKeyStoreUrl", url: "mem:client", generation: 2}) {
		t.Fatal("identities share a session cache")
	}
}

// TestFormatDSNResolvesIdentityPerHandshake: a FormatDSN configuration
// resolves the client key store at each handshake, and so must key its TLS
// sessions by that identity: once javax.net.ssl.keyStore is cleared, the
// next connection sends no certificate and must not resume the session the
// key store's certificate made (which would log in as that X509 user).
func TestFormatDSNResolvesIdentityPerHandshake(t *testing.T) {
	f := newTLSFixture(t)
	withLaunchEnv(t, nil)
	stc := serverTLS(f.server)
	stc.ClientAuth = tls.RequestClientCert
	srv := newFakeServer(t, true, stc)
	cfg := fakeConfig(srv, "127.0.0.1", SSLModeRequired)
	cfg.FallbackToSystemKeyStore = true
	dsn, err := cfg.FormatDSN()
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxIdleConns(0)
	connect := func() *fakeSession {
		t.Helper()
		c, err := db.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
		s := srv.all()
		return s[len(s)-1]
	}
	if err := SetSystemProperty(PropKeyStore, "testdata/keytool.p12"); err != nil {
		t.Fatal(err)
	}
	if err := SetSystemProperty(PropKeyStorePassword, testPassword); err != nil {
		t.Fatal(err)
	}
	defer ClearSystemProperty(PropKeyStore)
	defer ClearSystemProperty(PropKeyStorePassword)
	if s := connect(); len(s.tlsState.PeerCertificates) == 0 {
		t.Fatal("the key store's certificate was not sent")
	}
	if s := connect(); !s.tlsState.DidResume {
		t.Fatal("the same identity did not resume its session")
	}
	ClearSystemProperty(PropKeyStore)
	if s := connect(); s.tlsState.DidResume || len(s.tlsState.PeerCertificates) != 0 {
		t.Fatalf("after ClearSystemProperty(%s): resumed %v, server sees %d client certificates; want a new session without one",
			PropKeyStore, s.tlsState.DidResume, len(s.tlsState.PeerCertificates))
	}
}

// TestFailedHandshakeForgetsSession: a resumed handshake that fails (here
// the trust store no longer trusts the server) loses its session, so the
// next connection makes a full handshake; on both the Connector path and
// the tls.Config go-sql-driver shares (FormatDSN), whose cache must honour
// crypto/tls's Put(key, nil) under the identity resolved then.
func TestFailedHandshakeForgetsSession(t *testing.T) {
	f := newTLSFixture(t)
	for _, shared := range []bool{false, true} {
		t.Run(map[bool]string{false: "Connector", true: "FormatDSN"}[shared], func(t *testing.T) {
			srv := newFakeServer(t, true, serverTLS(f.server))
			cfg := fakeConfig(srv, "127.0.0.1", SSLModeVerifyCA)
			cfg.TrustStore.URL = "mem:trust"
			st := &stores{m: map[string]*keyMaterial{"mem:trust": trustMaterial(f.ca.cert)}}
			c, err := cfg.Connector()
			if err != nil {
				t.Fatal(err)
			}
			c.loadStore = st.load
			var db *sql.DB
			if shared {
				tc, err := c.sharedTLS(c.hosts[0])
				if err != nil {
					t.Fatal(err)
				}
				mc := c.hosts[0].mysql.Clone()
				mc.TLS = tc
				mconn, err := mysql.NewConnector(mc)
				if err != nil {
					t.Fatal(err)
				}
				db = sql.OpenDB(mconn)
			} else {
				db = sql.OpenDB(c)
			}
			defer db.Close()
			db.SetMaxIdleConns(0)
			connect := func() (*fakeSession, error) {
				conn, err := db.Conn(context.Background())
				if err == nil {
					conn.Close()
				}
				s := srv.all()
				return s[len(s)-1], err
			}
			if _, err := connect(); err != nil {
				t.Fatal(err)
			}
			if s, err := connect(); err != nil || !s.tlsState.DidResume {
				t.Fatalf("second connection: %v (resumed: %v)", err, err == nil && s.tlsState.DidResume)
			}
			st.m["mem:trust"] = trustMaterial(f.otherCA.cert)
			if _, err := connect(); !errors.Is(err, ErrServerCertificate) {
				t.Fatalf("with a trust store that does not trust the server: %v", err)
			}
			st.m["mem:trust"] = trustMaterial(f.ca.cert)
			if s, err := connect(); err != nil || s.tlsState == nil || s.tlsState.DidResume {
				t.Fatalf("after a failed handshake: %v; want a full handshake", err)
			}
		})
	}
}

// TestSharedSessionsIdentityChange: the tls.Config go-sql-driver shares
// keeps sessions per identity resolved at each use, and keeps no new one
// right after the identity changed (a ticket then may belong to a
// handshake made with the old identity).
func TestSharedSessionsIdentityChange(t *testing.T) {
	f := newTLSFixture(t)
	cfg := NewConfig()
	cfg.ClientKeyStore.URL = "mem:client"
	st := &stores{m: map[string]*keyMaterial{"mem:client": clientMaterial(1, []string{"a"}, f.client)}}
	c, err := cfg.Connector()
	if err != nil {
		t.Fatal(err)
	}
	c.loadStore = st.load
	s := &sharedSessions{c: c, p: c.hosts[0]}
	s.Put("k", &tls.ClientSessionState{})
	if _, ok := s.Get("k"); !ok {
		t.Fatal("a session of an unchanged identity was not kept")
	}
	st.m["mem:client"] = clientMaterial(2, []string{"a"}, f.client) // rotation
	if _, ok := s.Get("k"); ok {
		t.Fatal("the rotated key store resumed the old identity's session")
	}
	s.Put("k", &tls.ClientSessionState{})
	if _, ok := s.Get("k"); ok {
		t.Fatal("a session was kept right after the identity changed")
	}
}
