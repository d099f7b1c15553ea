// Tests for the wire check: truncated greetings and malformed packets
// before authentication fail with an error naming the host instead of a
// panic, and allowPublicKeyRetrieval=false keeps the password from being
// encrypted to a key a server sends without TLS.

package jdbcmysql

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// truncatedPacket is payload cut to n bytes, with a header that says so.
func truncatedPacket(payload []byte, n int) []byte {
	return append([]byte{byte(n), byte(n >> 8), byte(n >> 16), 0}, payload[:n]...)
}

// hostileGreetings are greeting packets (header included) that go-sql-driver
// v1.10.1 reads past their end: every truncation of a real greeting, and
// short error packets.
func hostileGreetings(t *testing.T) map[string][]byte {
	g := fakeGreeting(t)
	payload := g[4:]
	out := map[string][]byte{}
	for n := 0; n < len(payload); n++ {
		out[fmt.Sprintf("greeting cut to %d of %d bytes", n, len(payload))] = truncatedPacket(payload, n)
	}
	for _, e := range [][]byte{{0xff}, {0xff, 0x10}, {0xff, 0x10, 0x04}, {0xff, 0x10, 0x04, '#', '0', '8'}} {
		out[fmt.Sprintf("error packet %x", e)] = truncatedPacket(e, len(e))
	}
	return out
}

// TestTruncatedGreetingFailsWithoutPanic: a server (or anyone answering on
// its address) that sends a truncated greeting or error packet gets an
// ErrServerProtocol error naming the host, in every sslMode, through the
// Connector and through FormatDSN; the process does not panic.
func TestTruncatedGreetingFailsWithoutPanic(t *testing.T) {
	for name, greeting := range hostileGreetings(t) {
		srv := newScriptedServer(t, false, nil, fakeScript{greeting: greeting})
		refused := !validGreeting(greeting[4:])
		for _, mode := range []SSLMode{SSLModeDisabled, SSLModePreferred, SSLModeRequired} {
			cfg := fakeConfig(srv, "127.0.0.1", mode)
			conn, err := connectOnce(t, cfg, nil)
			if err == nil {
				conn.Close()
				t.Fatalf("%s, %s: connected", name, mode)
			}
			if refused && (!errors.Is(err, ErrServerProtocol) || !strings.Contains(err.Error(), "host 127.0.0.1") || !strings.Contains(err.Error(), "greeting")) {
				t.Errorf("%s, %s: error %v, want ErrServerProtocol naming the host and the greeting", name, mode, err)
			}
		}
		dsn, err := fakeConfig(srv, "127.0.0.1", SSLModeDisabled).FormatDSN()
		if err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open("mysql", dsn)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := db.PingContext(ctx); err == nil {
			t.Errorf("%s: FormatDSN's ping succeeded", name)
		}
		cancel()
		db.Close()
	}
}

// TestGoSQLDriverPanicsOnTruncatedGreeting documents the upstream defect
// the wire check contains: plain go-sql-driver/mysql v1.10.1 panics on a
// 1-byte error packet as its greeting. When this test fails, upstream has
// fixed it.
func TestGoSQLDriverPanicsOnTruncatedGreeting(t *testing.T) {
	srv := newScriptedServer(t, false, nil, fakeScript{greeting: truncatedPacket([]byte{0xff}, 1)})
	mc := mysql.NewConfig()
	mc.Net, mc.Addr, mc.User = "tcp", addrOf(srv), "app"
	var raw net.Conn
	mc.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		c, err := d.DialContext(ctx, network, addr)
		raw = c
		return c, err
	}
	conn, err := mysql.NewConnector(mc)
	if err != nil {
		t.Fatal(err)
	}
	panicked := func() (p bool) {
		defer func() { p = recover() != nil }()
		if c, err := conn.Connect(context.Background()); err == nil {
			c.Close()
		}
		return false
	}()
	if raw != nil {
		raw.Close() // the panic left it open
	}
	if !panicked {
		t.Skip("go-sql-driver/mysql no longer panics on a 1-byte error greeting; the wire check stays as a second line")
	}
}

// keyServer answers a caching_sha2_password (or, with sha256, a
// sha256_password auth switch) login the way a server without TLS does:
// it asks for full authentication, sends key's public half when asked,
// and accepts whatever comes next. Every client packet lands in sess.after.
func keyServer(key any, sha256 bool) func(io.ReadWriter, byte, *fakeSession) {
	der, err := x509.MarshalPKIXPublicKey(key)
	if err != nil {
		panic(err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	return func(conn io.ReadWriter, seq byte, sess *fakeSession) {
		ask := []byte{wireAuthMoreData, wireFullAuth}
		if sha256 {
			ask = append(append([]byte{wireAuthSwitch}, "sha256_password\x00"...), append(bytes.Repeat([]byte{'s'}, 20), 0)...)
		}
		if writeFakePacket(conn, seq+1, ask) != nil {
			return
		}
		for {
			seq2, p, err := readFakePacket(conn)
			if err != nil {
				return
			}
			sess.after = append(sess.after, p)
			if (len(p) == 1 && p[0] == wireRequestKey && !sha256) || (len(p) == 1 && p[0] == wireSHA256Request && sha256) {
				if writeFakePacket(conn, seq2+1, append([]byte{wireAuthMoreData}, pemKey...)) != nil {
					return
				}
				continue
			}
			_ = writeFakePacket(conn, seq2+1, []byte{0, 0, 0, 2, 0, 0, 0})
			return
		}
	}
}

// TestPublicKeyRetrievalNotAllowed: without TLS (DISABLED, or PREFERRED
// against a server that offers none), a server asking for full
// caching_sha2_password or sha256_password authentication does not get
// the client's request for its RSA key unless allowPublicKeyRetrieval=true;
// with serverRSAPublicKeyFile the password is encrypted to the named key
// without asking. Connector/J's message is kept.
func TestPublicKeyRetrievalNotAllowed(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "server-public.pem")
	der, _ := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, plugin := range []string{"caching_sha2_password", "sha256_password"} {
		sha256 := plugin == "sha256_password"
		for _, mode := range []SSLMode{SSLModeDisabled, SSLModePreferred} {
			for _, tc := range []struct {
				name    string
				allow   bool
				keyFile string
			}{{"refused", false, ""}, {"allowed", true, ""}, {"key file", false, keyFile}} {
				t.Run(plugin+"/"+string(mode)+"/"+tc.name, func(t *testing.T) {
					srv := newScriptedServer(t, false, nil, fakeScript{plugin: "caching_sha2_password", login: keyServer(&rsaKey.PublicKey, sha256)})
					cfg := fakeConfig(srv, "127.0.0.1", mode)
					cfg.AllowPublicKeyRetrieval, cfg.ServerRSAPublicKeyFile = tc.allow, tc.keyFile
					conn, err := connectOnce(t, cfg, nil)
					if conn != nil {
						conn.Close()
					}
					sess := srv.all()[0]
					requested := len(sess.after) > 0 && len(sess.after[0]) == 1
					switch {
					case tc.allow:
						if err != nil || !requested || len(sess.after) != 2 {
							t.Fatalf("allowPublicKeyRetrieval=true: err %v, packets %x", err, sess.after)
						}
					case tc.keyFile != "":
						if err != nil || requested || len(sess.after) != 1 || len(sess.after[0]) != 256 {
							t.Fatalf("serverRSAPublicKeyFile: err %v, packets %x", err, sess.after)
						}
					default:
						if !errors.Is(err, ErrPublicKeyRetrieval) || !strings.Contains(err.Error(), "Public Key Retrieval is not allowed") || !strings.Contains(err.Error(), "127.0.0.1") {
							t.Fatalf("error %v, want ErrPublicKeyRetrieval naming the host", err)
						}
						if len(sess.after) != 0 {
							t.Fatalf("the client sent %x after the server asked for full authentication", sess.after)
						}
					}
				})
			}
		}
	}
}

// TestServerKeyInPlaintextRefused: a server whose default plugin is
// sha256_password gets the key request inside the handshake response;
// the key it sends back without TLS is refused before the driver encrypts
// the password to it, and a non-RSA key (which go-sql-driver would panic
// on) is refused even with allowPublicKeyRetrieval=true.
func TestServerKeyInPlaintextRefused(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sendKey := func(key any) func(io.ReadWriter, byte, *fakeSession) {
		der, _ := x509.MarshalPKIXPublicKey(key)
		return func(conn io.ReadWriter, seq byte, sess *fakeSession) {
			if writeFakePacket(conn, seq+1, append([]byte{wireAuthMoreData}, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})...)) != nil {
				return
			}
			if _, p, err := readFakePacket(conn); err == nil {
				sess.after = append(sess.after, p)
			}
		}
	}
	for _, tc := range []struct {
		name  string
		key   any
		allow bool
		want  error
	}{{"RSA key, not allowed", &rsaKey.PublicKey, false, ErrPublicKeyRetrieval}, {"EC key, allowed", &ecKey.PublicKey, true, ErrServerProtocol}} {
		srv := newScriptedServer(t, false, nil, fakeScript{plugin: "sha256_password", login: sendKey(tc.key)})
		cfg := fakeConfig(srv, "127.0.0.1", SSLModeDisabled)
		cfg.AllowPublicKeyRetrieval = tc.allow
		_, err := connectOnce(t, cfg, nil)
		if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), "127.0.0.1") {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
		}
		if s := srv.all()[0]; len(s.after) != 0 {
			t.Errorf("%s: the client answered the key with %x", tc.name, s.after)
		}
	}
}

// TestPanicAfterTLSRecovered: past TLS the wire check sees nothing, so a
// server that completed the handshake can still send go-sql-driver a
// packet it reads past the end of (an OK packet of one byte, which
// handleOkPacket slices at [2:1]). The Connector recovers that panic and
// returns ErrServerProtocol naming the host; the process goes on.
func TestPanicAfterTLSRecovered(t *testing.T) {
	f := newTLSFixture(t)
	shortOK := func(conn io.ReadWriter, seq byte, _ *fakeSession) { _ = writeFakePacket(conn, seq+1, []byte{0x00}) }
	srv := newScriptedServer(t, true, serverTLS(f.server), fakeScript{login: shortOK})
	conn, err := connectOnce(t, fakeConfig(srv, "127.0.0.1", SSLModeRequired), nil)
	if conn != nil {
		conn.Close()
		t.Fatal("connected")
	}
	if !errors.Is(err, ErrServerProtocol) || !strings.Contains(err.Error(), "host 127.0.0.1") || !strings.Contains(err.Error(), "out of range") {
		t.Fatalf("error %v, want ErrServerProtocol naming the host and the driver's failure", err)
	}
	if s := srv.all()[0]; s.tlsState == nil {
		t.Fatal("the session did not use TLS: the wire check, not the recover, stopped it")
	}
}

// accessDenied is the error packet a server sends for a wrong password.
var accessDenied = append([]byte{0xff, 0x15, 0x04, '#', '2', '8', '0', '0', '0'}, "Access denied for user 'app'@'localhost' (using password: YES)"...)

// TestNoCertificateHintOnlyWhenRequested: "Access denied" gets the hint
// that no client certificate was sent only when the server asked for one.
func TestNoCertificateHintOnlyWhenRequested(t *testing.T) {
	f := newTLSFixture(t)
	deny := func(conn io.ReadWriter, seq byte, _ *fakeSession) { _ = writeFakePacket(conn, seq+1, accessDenied) }
	for _, auth := range []tls.ClientAuthType{tls.NoClientCert, tls.RequestClientCert} {
		stc := serverTLS(f.server)
		stc.ClientAuth = auth
		srv := newScriptedServer(t, true, stc, fakeScript{login: deny})
		_, err := connectOnce(t, fakeConfig(srv, "127.0.0.1", SSLModeRequired), nil)
		var me *mysql.MySQLError
		if !errors.As(err, &me) || me.Number != 1045 {
			t.Fatalf("client auth %v: error %v, want the server's 1045", auth, err)
		}
		hinted := strings.Contains(err.Error(), "no client certificate was sent")
		if hinted != (auth == tls.RequestClientCert) {
			t.Errorf("client auth %v: hint shown %v: %v", auth, hinted, err)
		}
	}
}

// FuzzWireCheck: whatever greeting and first authentication reply a server
// sends in plaintext, plain go-sql-driver/mysql reading them through the
// wire check (no recover) does not panic, with or without
// allowPublicKeyRetrieval.
func FuzzWireCheck(f *testing.F) {
	greeting := fakeGreeting(f)[4:]
	f.Add(greeting, []byte{0, 0, 0, 2, 0, 0, 0}, false)
	f.Add(greeting, []byte{wireAuthMoreData, wireFullAuth}, true)
	f.Add(greeting, append([]byte{wireAuthSwitch}, "sha256_password\x00abc\x00"...), true)
	f.Add(greeting, append([]byte{wireAuthMoreData}, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"...), true)
	f.Add(greeting[:20], []byte{0xff}, false)
	f.Add([]byte{0xff, 1}, []byte{}, false)
	f.Fuzz(func(t *testing.T, greeting, reply []byte, allow bool) {
		if len(greeting) > 1<<12 || len(reply) > 1<<12 {
			return
		}
		client, server := net.Pipe()
		defer client.Close()
		go func() {
			defer server.Close()
			server.SetDeadline(time.Now().Add(2 * time.Second))
			if writeFakePacket(server, 0, greeting) != nil {
				return
			}
			seq, _, err := readFakePacket(server)
			if err != nil {
				return
			}
			if writeFakePacket(server, seq+1, reply) != nil {
				return
			}
			for {
				seq, _, err := readFakePacket(server)
				if err != nil {
					return
				}
				if writeFakePacket(server, seq+1, reply) != nil {
					return
				}
			}
		}()
		mc := mysql.NewConfig()
		mc.User, mc.Passwd, mc.Addr = "app", "pw", "pipe"
		mc.AllowCleartextPasswords, mc.AllowOldPasswords = true, true
		mc.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
			return recordConn(ctx, client, wirePolicy{allowKeyRetrieval: allow}), nil
		}
		conn, err := mysql.NewConnector(mc)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if c, err := conn.Connect(ctx); err == nil {
			c.Close()
		}
	})
}
