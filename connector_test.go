// Tests for the Connector: plaintext and TLS against a fake server, failover,
// per-host plans, and error explanations.

package jdbcmysql

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

const fakePassword = "s3cret-pw"

type tlsFixture struct {
	ca, otherCA *testCA
	server      tls.Certificate // localhost + 127.0.0.1, from ca
	expired     tls.Certificate
	client      tls.Certificate // from ca
}

func newTLSFixture(t *testing.T) *tlsFixture {
	f := &tlsFixture{ca: newTestCA(t, "Test CA"), otherCA: newTestCA(t, "Other CA")}
	f.server = f.ca.issue(t, certSpec{cn: "db", dns: []string{"localhost"}, ips: []string{"127.0.0.1"}})
	f.expired = f.ca.issue(t, certSpec{dns: []string{"localhost"}, notBefore: testNow.Add(-48 * time.Hour), notAfter: testNow.Add(-time.Hour)})
	f.client = f.ca.issue(t, certSpec{cn: "app-client", client: true})
	return f
}

func serverTLS(cert tls.Certificate) *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{cert}}
}

// stores is a loadStore hook serving key material by location.
type stores struct {
	m     map[string]*keyMaterial
	calls atomic.Int32
}

func (s *stores) load(_ context.Context, ref storeRef) (*keyMaterial, error) {
	s.calls.Add(1)
	if km, ok := s.m[ref.URL]; ok {
		return km, nil
	}
	return nil, &StoreError{Store: "store", URL: ref.URL, Property: ref.Source, Msg: "not found", Err: ErrKeyStore}
}

func connectOnce(t *testing.T, cfg *Config, st *stores, opts ...Option) (driver.Conn, error) {
	t.Helper()
	c, err := cfg.Connector(opts...)
	if err != nil {
		t.Fatal(err)
	}
	if st != nil {
		c.loadStore = st.load
	}
	conn, err := c.Connect(context.Background())
	if err != nil && strings.Contains(err.Error(), fakePassword) {
		t.Fatalf("error shows the password: %v", err)
	}
	return conn, err
}

func TestConnectServerWithoutTLS(t *testing.T) {
	for _, mode := range []SSLMode{SSLModeDisabled, SSLModePreferred, SSLModeRequired, SSLModeVerifyCA, SSLModeVerifyIdentity} {
		t.Run(string(mode), func(t *testing.T) {
			srv := newFakeServer(t, false, nil)
			cfg := fakeConfig(srv, "127.0.0.1", mode)
			cfg.TrustStore.URL = "mem:trust"
			st := &stores{m: map[string]*keyMaterial{"mem:trust": trustMaterial(newTestCA(t, "CA").cert)}}
			conn, err := connectOnce(t, cfg, st)
			if conn != nil {
				conn.Close()
			}
			sessions := srv.all()
			if len(sessions) != 1 {
				t.Fatalf("%d sessions", len(sessions))
			}
			s := sessions[0]
			if mode == SSLModeDisabled || mode == SSLModePreferred {
				if err != nil {
					t.Fatalf("connect: %v", err)
				}
				if !bytes_contains(s.plaintext, "app") {
					t.Fatal("login not received in plaintext")
				}
				return
			}
			var te *TLSError
			if !errors.Is(err, ErrServerNoTLS) || !errors.As(err, &te) || te.Mode != mode || te.Host != "127.0.0.1" {
				t.Fatalf("error = %v, want ErrServerNoTLS TLSError", err)
			}
			if s.response != nil || bytes_contains(s.plaintext, "app") || bytes_contains(s.plaintext, fakePassword) {
				t.Fatalf("%s sent the login in plaintext: %q", mode, s.plaintext)
			}
		})
	}
}

func bytes_contains(b []byte, s string) bool { return strings.Contains(string(b), s) }

func TestConnectServerWithTLS(t *testing.T) {
	f := newTLSFixture(t)
	trust := map[string]*keyMaterial{
		"mem:good":  trustMaterial(f.ca.cert),
		"mem:other": trustMaterial(f.otherCA.cert),
		"mem:empty": {Roots: x509.NewCertPool()},
	}
	tests := []struct {
		name      string
		mode      SSLMode
		host      string
		cert      tls.Certificate
		trust     string
		wantTLS   bool
		wantErr   error
		wantCheck string
	}{
		{"disabled sends no SSLRequest", SSLModeDisabled, "127.0.0.1", f.server, "", false, nil, ""},
		{"preferred", SSLModePreferred, "127.0.0.1", f.server, "", true, nil, ""},
		{"required, untrusted CA accepted", SSLModeRequired, "127.0.0.1", f.server, "mem:other", true, nil, ""},
		{"required, expired refused", SSLModeRequired, "127.0.0.1", f.expired, "", true, ErrServerCertificate, "validity"},
		{"preferred, expired refused", SSLModePreferred, "127.0.0.1", f.expired, "", true, ErrServerCertificate, "validity"},
		{"verify_ca", SSLModeVerifyCA, "127.0.0.1", f.server, "mem:good", true, nil, ""},
		{"verify_ca wrong CA", SSLModeVerifyCA, "127.0.0.1", f.server, "mem:other", true, ErrServerCertificate, "chain"},
		{"verify_ca empty trust store", SSLModeVerifyCA, "127.0.0.1", f.server, "mem:empty", true, ErrKeyStore, ""},
		{"verify_ca missing trust store", SSLModeVerifyCA, "127.0.0.1", f.server, "mem:missing", true, ErrKeyStore, ""},
		{"verify_identity by IP SAN", SSLModeVerifyIdentity, "127.0.0.1", f.server, "mem:good", true, nil, ""},
		{"verify_identity by DNS SAN", SSLModeVerifyIdentity, "localhost", f.server, "mem:good", true, nil, ""},
		{"verify_identity wrong name", SSLModeVerifyIdentity, "127.0.0.1", f.ca.issue(t, certSpec{dns: []string{"db.example.com"}}), "mem:good", true, ErrServerCertificate, "hostname"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFakeServer(t, true, serverTLS(tt.cert))
			cfg := fakeConfig(srv, tt.host, tt.mode)
			cfg.TrustStore.URL = tt.trust
			st := &stores{m: trust}
			conn, err := connectOnce(t, cfg, st)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("connect: %v", err)
				}
				conn.Close()
			} else {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("error = %v, want %v", err, tt.wantErr)
				}
				var te *TLSError
				if tt.wantCheck != "" && (!errors.As(err, &te) || te.Check != tt.wantCheck) {
					t.Fatalf("error = %#v, want check %q", err, tt.wantCheck)
				}
			}
			s := srv.all()[0]
			if s.sslRequest != tt.wantTLS {
				t.Fatalf("SSLRequest sent = %v, want %v", s.sslRequest, tt.wantTLS)
			}
			if tt.wantTLS && bytes_contains(s.plaintext, "app") {
				t.Fatal("login sent outside TLS")
			}
			if tt.mode == SSLModeDisabled && st.calls.Load() != 0 {
				t.Fatal("DISABLED read a store")
			}
			if (tt.mode == SSLModeRequired || tt.mode == SSLModePreferred) && st.calls.Load() != 0 {
				t.Fatal("trust store read although the mode does not verify")
			}
		})
	}
}

func TestConnectSystemRootsFallback(t *testing.T) {
	f := newTLSFixture(t)
	withLaunchEnv(t, nil)
	srv := newFakeServer(t, true, serverTLS(f.server))
	cfg := fakeConfig(srv, "localhost", SSLModeVerifyIdentity)
	cfg.FallbackToSystemTrustStore = true
	c, err := cfg.Connector()
	if err != nil {
		t.Fatal(err)
	}
	c.systemRoots = func() (*x509.CertPool, error) { return poolOf(f.ca.cert), nil }
	conn, err := c.Connect(context.Background())
	if err != nil {
		t.Fatalf("connect with system roots: %v", err)
	}
	conn.Close()
}

// go-sql-driver sets its shared Config's TLS to nil after one plaintext
// fallback; a server that offers TLS later must still get TLS.
func TestNoStickyPlaintextDowngrade(t *testing.T) {
	f := newTLSFixture(t)
	srv := newFakeServer(t, false, serverTLS(f.server))
	c, err := fakeConfig(srv, "127.0.0.1", SSLModePreferred).Connector()
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(c)
	defer db.Close()
	ctx := context.Background()
	c1, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	srv.offerTLS.Store(true)
	c2, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c1.Close()
	c2.Close()
	db.Close()
	s := srv.all()
	if len(s) != 2 || s[0].sslRequest || !s[1].sslRequest || s[1].tlsState == nil {
		t.Fatalf("second connection did not use TLS after a plaintext fallback")
	}
}

func TestFailoverInOrder(t *testing.T) {
	deadPort := closedPort(t)
	srv := newFakeServer(t, false, nil)
	cfg := fakeConfig(srv, "127.0.0.1", SSLModePreferred)
	cfg.Type = URLTypeFailover
	cfg.HA.RetriesAllDown = 1
	cfg.Hosts = []Host{{Host: "127.0.0.1", Port: deadPort}, {Host: "127.0.0.1", Port: srv.port()}}
	conn, err := connectOnce(t, cfg, nil)
	if err != nil {
		t.Fatalf("failover: %v", err)
	}
	conn.Close()

	cfg.Hosts = []Host{{Host: "127.0.0.1", Port: deadPort}, {Host: "127.0.0.1", Port: deadPort}}
	_, err = connectOnce(t, cfg, nil)
	var ce *ConnectError
	if !errors.As(err, &ce) || len(ce.Hosts) != 1 || !strings.Contains(err.Error(), "no connection to any of 2 host(s)") {
		t.Fatalf("error = %v", err)
	}
}

func TestConnectUnsupportedTypes(t *testing.T) {
	cfg := NewConfig()
	cfg.Type = URLTypeXDevAPI
	if _, err := connectOnce(t, cfg, nil); !errors.Is(err, ErrUnsupported) {
		t.Errorf("mysqlx: error = %v", err)
	}
}

func TestClientCertificate(t *testing.T) {
	f := newTLSFixture(t)
	for _, version := range []string{"TLSv1.3", "TLSv1.2"} {
		t.Run(version+" accepted", func(t *testing.T) {
			stc := serverTLS(f.server)
			stc.ClientAuth = tls.RequireAndVerifyClientCert
			stc.ClientCAs = poolOf(f.ca.cert)
			srv := newFakeServer(t, true, stc)
			cfg := fakeConfig(srv, "127.0.0.1", SSLModePreferred)
			cfg.TLSVersions = []string{version}
			cfg.ClientKeyStore.URL = "mem:client"
			st := &stores{m: map[string]*keyMaterial{"mem:client": clientMaterial(1, []string{"mykey"}, f.client)}}
			conn, err := connectOnce(t, cfg, st)
			if err != nil {
				t.Fatal(err)
			}
			conn.Close()
			s := srv.all()[0]
			if s.tlsState == nil || len(s.tlsState.PeerCertificates) == 0 || s.tlsState.PeerCertificates[0].Subject.CommonName != "app-client" {
				t.Fatal("server did not receive the client certificate")
			}
		})
		t.Run(version+" rejected", func(t *testing.T) {
			stc := serverTLS(f.server)
			stc.ClientAuth = tls.RequireAnyClientCert
			stc.VerifyPeerCertificate = func([][]byte, [][]*x509.Certificate) error { return errors.New("not trusted") }
			srv := newFakeServer(t, true, stc)
			cfg := fakeConfig(srv, "127.0.0.1", SSLModeRequired)
			cfg.TLSVersions = []string{version}
			cfg.ClientKeyStore.URL = "mem:client"
			cfg.ClientKeyStore.Password = "keystore-pw"
			st := &stores{m: map[string]*keyMaterial{"mem:client": clientMaterial(1, []string{"mykey"}, f.client)}}
			_, err := connectOnce(t, cfg, st)
			var te *TLSError
			if !errors.Is(err, ErrClientCertificateRejected) || !errors.As(err, &te) {
				t.Fatalf("error = %v, want ErrClientCertificateRejected", err)
			}
			if te.KeyStore != "mem:client" || !strings.Contains(te.ClientSubject, "app-client") ||
				!strings.Contains(te.Error(), "mem:client") || !strings.Contains(te.Error(), "app-client") {
				t.Fatalf("error does not name the key store and subject: %v", te)
			}
			if strings.Contains(err.Error(), "keystore-pw") {
				t.Fatal("error shows the key store password")
			}
		})
		t.Run(version+" no certificate fits the server's CAs", func(t *testing.T) {
			stc := serverTLS(f.server)
			stc.ClientAuth = tls.RequireAndVerifyClientCert
			stc.ClientCAs = poolOf(f.otherCA.cert)
			srv := newFakeServer(t, true, stc)
			cfg := fakeConfig(srv, "127.0.0.1", SSLModeRequired)
			cfg.TLSVersions = []string{version}
			cfg.ClientKeyStore.URL = "mem:client"
			st := &stores{m: map[string]*keyMaterial{"mem:client": clientMaterial(1, []string{"mykey"}, f.client)}}
			_, err := connectOnce(t, cfg, st)
			if !errors.Is(err, ErrClientCertificateRejected) || !strings.Contains(err.Error(), "none of the 1 certificates") {
				t.Fatalf("error = %v", err)
			}
		})
	}
	t.Run("alias picks the entry", func(t *testing.T) {
		other := f.otherCA.issue(t, certSpec{cn: "other-client", client: true})
		srv := newFakeServer(t, true, func() *tls.Config {
			c := serverTLS(f.server)
			c.ClientAuth = tls.RequireAnyClientCert
			return c
		}())
		cfg := fakeConfig(srv, "127.0.0.1", SSLModeRequired)
		cfg.ClientKeyStore.URL = "mem:client"
		cfg.ClientCertificateAlias = "SECOND"
		st := &stores{m: map[string]*keyMaterial{"mem:client": clientMaterial(1, []string{"first", "second"}, f.client, other)}}
		conn, err := connectOnce(t, cfg, st)
		if err != nil {
			t.Fatal(err)
		}
		conn.Close()
		if cn := srv.all()[0].tlsState.PeerCertificates[0].Subject.CommonName; cn != "other-client" {
			t.Fatalf("sent %q", cn)
		}
		cfg.ClientCertificateAlias = "missing"
		if _, err := connectOnce(t, cfg, st); !errors.Is(err, ErrKeyStore) {
			t.Fatalf("missing alias: %v", err)
		}
	})
}

func TestSQLOpenDriverRegistered(t *testing.T) {
	found := false
	for _, name := range sql.Drivers() {
		found = found || name == "jdbcmysql"
	}
	var d driver.Driver = Driver{}
	if _, ok := d.(driver.DriverContext); !found || !ok {
		t.Fatal("driver jdbcmysql not registered or not a DriverContext")
	}
}

// TestConnectorPerHostProperties: (host=..,k=v) properties apply to that
// host only when the connector plans its failover list.
func TestConnectorPerHostProperties(t *testing.T) {
	cfg, err := ParseURL("jdbc:mysql://(host=db1,port=3307,sslMode=DISABLED,user=alice),db2:3308/app?user=bob&sslMode=REQUIRED&connectTimeout=2000")
	if err != nil {
		t.Fatal(err)
	}
	c, err := cfg.Connector()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.hosts) != 2 {
		t.Fatalf("%d hosts planned", len(c.hosts))
	}
	h1, h2 := c.hosts[0], c.hosts[1]
	if h1.cfg.SSLMode != SSLModeDisabled || h1.mysql.User != "alice" || h1.mysql.Addr != "db1:3307" || len(h1.cfg.Hosts) != 1 {
		t.Errorf("host 1: sslMode %s user %q addr %q", h1.cfg.SSLMode, h1.mysql.User, h1.mysql.Addr)
	}
	if h2.cfg.SSLMode != SSLModeRequired || h2.mysql.User != "bob" || h2.mysql.Addr != "db2:3308" {
		t.Errorf("host 2: sslMode %s user %q addr %q", h2.cfg.SSLMode, h2.mysql.User, h2.mysql.Addr)
	}
	if h1.mysql.Timeout != 2*time.Second || h2.mysql.Timeout != 2*time.Second {
		t.Errorf("connectTimeout not applied to every host: %v %v", h1.mysql.Timeout, h2.mysql.Timeout)
	}
}

// TestExplainRejectionAfterHandshake: a server that resets the connection
// right after a TLS 1.3 handshake (go-sql-driver's unexported "bad
// connection", or ErrInvalidConn) is reported as a rejected certificate, and
// the result does not match driver.ErrBadConn, so database/sql does not
// retry it into a bare "bad connection".
func TestExplainRejectionAfterHandshake(t *testing.T) {
	for _, cause := range []error{errors.New("bad connection"), mysql.ErrInvalidConn, driver.ErrBadConn} {
		rec := &handshakeRecord{certRequested: true, serverChecked: true, tlsStarted: true, sentSubject: "CN=stranger", keyStore: "file:/ks.jks"}
		err := explainConnectError(cause, rec, SSLModeVerifyCA, "db")
		if !errors.Is(err, ErrClientCertificateRejected) || errors.Is(err, driver.ErrBadConn) {
			t.Errorf("%v: got %v (rejected %v, bad conn %v)", cause, err, errors.Is(err, ErrClientCertificateRejected), errors.Is(err, driver.ErrBadConn))
		}
		if !strings.Contains(err.Error(), "CN=stranger") || !strings.Contains(err.Error(), "file:/ks.jks") {
			t.Errorf("message lacks the subject or key store: %v", err)
		}
	}
}

// manyHostsURL is a URL with n hosts, each with per (",k=v..." or "").
func manyHostsURL(n int, per string) string {
	var sb strings.Builder
	sb.WriteString("jdbc:mysql://")
	for i := range n {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, "(host=h%d%s)", i, per)
	}
	sb.WriteString("/db?sslMode=REQUIRED&connectTimeout=5000")
	return sb.String()
}

// TestConnectorLinearInHosts: planning 4,000 hosts allocates four times
// what 1,000 do (allocation counts are exact, unlike timings), with and
// without a per-host TLS property, and with a field set in code.
func TestConnectorLinearInHosts(t *testing.T) {
	for _, per := range []string{"", ",tlsVersions=TLSv1.2"} {
		perHost := func(n int) float64 {
			cfg := mustParse(t, manyHostsURL(n, per))
			cfg.SSLMode = SSLModeVerifyCA
			return testing.AllocsPerRun(2, func() {
				if _, err := cfg.Connector(); err != nil {
					t.Fatal(err)
				}
			}) / float64(n)
		}
		small, large := perHost(1000), perHost(4000)
		if large > small*1.1 {
			t.Errorf("per-host %q: %.1f allocations per host with 1,000 hosts, %.1f with 4,000", per, small, large)
		}
	}
}

// BenchmarkConnectorManyHosts shows that planning a long host list is
// linear: the cost and allocations per host stay the same from 1,000 to
// 16,000 hosts, with and without a per-host TLS property.
func BenchmarkConnectorManyHosts(b *testing.B) {
	for _, n := range []int{1000, 16000} {
		for _, per := range []string{"", ",tlsVersions=TLSv1.2"} {
			cfg, err := ParseURL(manyHostsURL(n, per))
			if err != nil {
				b.Fatal(err)
			}
			name := fmt.Sprintf("hosts=%d", n)
			if per != "" {
				name += "/per-host-tls"
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				for b.Loop() {
					if _, err := cfg.Connector(); err != nil {
						b.Fatal(err)
					}
				}
				runtime.ReadMemStats(&after)
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/host")
				b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N)/float64(n), "allocs/host")
			})
		}
	}
}
