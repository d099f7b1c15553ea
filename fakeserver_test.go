// This file is a fake MySQL server for the connector tests: it writes a
// handshake v10 greeting (with or without CLIENT_SSL), performs the TLS
// upgrade when asked, accepts any login and answers every command with OK,
// unless a fakeScript makes it send other bytes or run another
// authentication exchange.

package jdbcmysql

import (
	"bytes"
	"crypto/tls"
	"encoding/binary"
	"io"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
)

type fakeSession struct {
	sslRequest bool
	tlsState   *tls.ConnectionState
	tlsErr     error
	plaintext  []byte // every byte received outside TLS
	response   []byte // the handshake response packet payload
	// after is every packet payload the client sent after its handshake
	// response, while a script's login ran.
	after [][]byte
	done  chan struct{}

	mu       sync.Mutex
	commands []string // command packets after login (first byte: the command)
}

// fakeScript changes what a fakeServer does; the zero value is the default.
type fakeScript struct {
	// greeting, if not nil, is written instead of the greeting packet
	// (header included); the server then reads one packet and hangs up.
	greeting []byte
	// plugin is the authentication plugin the greeting names
	// (mysql_native_password when empty).
	plugin string
	// login, if set, answers the handshake response instead of an OK
	// packet: seq is the response's sequence number, and conn the
	// connection (TLS when it was upgraded). Commands after it are
	// answered with OK.
	login func(conn io.ReadWriter, seq byte, sess *fakeSession)
}

type fakeServer struct {
	t        testing.TB
	ln       net.Listener
	offerTLS atomic.Bool
	tlsCfg   *tls.Config
	script   fakeScript
	// loginError, when set, is the error packet payload sent instead of
	// the login's OK (see fakeLoginError).
	loginError atomic.Pointer[[]byte]

	mu       sync.Mutex
	sessions []*fakeSession
	wg       sync.WaitGroup
}

func newFakeServer(t testing.TB, offerTLS bool, tlsCfg *tls.Config) *fakeServer {
	return newScriptedServer(t, offerTLS, tlsCfg, fakeScript{})
}

// newScriptedServer is newFakeServer with a script.
func newScriptedServer(t testing.TB, offerTLS bool, tlsCfg *tls.Config, script fakeScript) *fakeServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &fakeServer{t: t, ln: ln, tlsCfg: tlsCfg, script: script}
	s.offerTLS.Store(offerTLS)
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

func (s *fakeServer) port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// all returns the sessions so far, once each has ended: the client must
// have closed its connections.
func (s *fakeServer) all() []*fakeSession {
	s.mu.Lock()
	sessions := append([]*fakeSession(nil), s.sessions...)
	s.mu.Unlock()
	for _, sess := range sessions {
		<-sess.done
	}
	return sessions
}

func (s *fakeServer) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		sess := &fakeSession{done: make(chan struct{})}
		s.mu.Lock()
		s.sessions = append(s.sessions, sess)
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer close(sess.done)
			defer c.Close()
			s.handle(c, sess, s.offerTLS.Load())
		}()
	}
}

const (
	capLongPassword = 1 << 0
	capProtocol41   = 1 << 9
	capSSL          = 1 << 11
	capSecureConn   = 1 << 15
	capPluginAuth   = 1 << 19
)

func (s *fakeServer) handle(c net.Conn, sess *fakeSession, offerTLS bool) {
	if s.script.greeting != nil {
		if _, err := c.Write(s.script.greeting); err == nil {
			_, _, _ = readFakePacket(c)
		}
		return
	}
	plugin := s.script.plugin
	if plugin == "" {
		plugin = "mysql_native_password"
	}
	caps := uint32(capLongPassword | capProtocol41 | capSecureConn | capPluginAuth)
	if offerTLS {
		caps |= capSSL
	}
	var g bytes.Buffer
	g.WriteByte(10)
	g.WriteString("8.0.99-fake\x00")
	g.Write([]byte{1, 0, 0, 0})
	g.WriteString("abcdefgh")
	g.WriteByte(0)
	binary.Write(&g, binary.LittleEndian, uint16(caps))
	g.WriteByte(45)
	g.Write([]byte{2, 0})
	binary.Write(&g, binary.LittleEndian, uint16(caps>>16))
	g.WriteByte(21)
	g.Write(make([]byte, 10))
	g.WriteString("ijklmnopqrst\x00")
	g.WriteString(plugin + "\x00")
	if err := writeFakePacket(c, 0, g.Bytes()); err != nil {
		return
	}
	rec := &recordingReader{r: c}
	var conn io.ReadWriter = struct {
		io.Reader
		io.Writer
	}{rec, c}
	seq, payload, err := readFakePacket(conn)
	sess.plaintext = rec.buf.Bytes()
	if err != nil {
		return
	}
	if len(payload) == 32 && binary.LittleEndian.Uint32(payload)&capSSL != 0 {
		sess.sslRequest = true
		tc := tls.Server(c, s.tlsCfg)
		if err := tc.Handshake(); err != nil {
			sess.tlsErr = err
			return
		}
		st := tc.ConnectionState()
		sess.tlsState = &st
		conn = tc
		if seq, payload, err = readFakePacket(conn); err != nil {
			sess.tlsErr = err
			return
		}
	} else {
		sess.plaintext = append([]byte(nil), rec.buf.Bytes()...)
	}
	sess.response = payload
	if e := s.loginError.Load(); e != nil {
		_ = writeFakePacket(conn, seq+1, *e)
		return
	}
	if s.script.login != nil {
		s.script.login(conn, seq, sess)
	} else {
		_ = writeFakePacket(conn, seq+1, []byte{0, 0, 0, 2, 0, 0, 0})
	}
	// Answer every command (the session set-up's SET statements, and what
	// tests send) with OK until the client quits or closes the connection.
	for {
		seq, payload, err := readFakePacket(conn)
		if err != nil || len(payload) == 0 || payload[0] == 0x01 { // COM_QUIT
			return
		}
		sess.addCommand(payload)
		if err := writeFakePacket(conn, seq+1, []byte{0, 0, 0, 2, 0, 0, 0}); err != nil {
			return
		}
	}
}

// fakeLoginError is an ERR packet payload: number, SQLState, message.
func fakeLoginError(number uint16, state, msg string) []byte {
	p := []byte{0xff, byte(number), byte(number >> 8), '#'}
	return append(append(p, state...), msg...)
}

// commandsSeen returns the commands the client sent after login, as text
// (the command byte dropped).
func (s *fakeSession) commandsSeen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, len(s.commands))
	for i, c := range s.commands {
		out[i] = c[1:]
	}
	return out
}

// addCommand records a command packet the client sent after login.
func (s *fakeSession) addCommand(cmd []byte) {
	s.mu.Lock()
	s.commands = append(s.commands, string(cmd))
	s.mu.Unlock()
}

// fakeGreeting is the greeting packet (header included) a fakeServer
// without TLS sends.
func fakeGreeting(t testing.TB) []byte {
	srv := newFakeServer(t, false, nil)
	c, err := net.Dial("tcp", addrOf(srv))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, payload, err := readFakePacket(c)
	if err != nil {
		t.Fatal(err)
	}
	h := []byte{byte(len(payload)), byte(len(payload) >> 8), byte(len(payload) >> 16), 0}
	return append(h, payload...)
}

type recordingReader struct {
	r   io.Reader
	buf bytes.Buffer
}

func (r *recordingReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.buf.Write(p[:n])
	return n, err
}

func writeFakePacket(w io.Writer, seq byte, payload []byte) error {
	h := []byte{byte(len(payload)), byte(len(payload) >> 8), byte(len(payload) >> 16), seq}
	_, err := w.Write(append(h, payload...))
	return err
}

func readFakePacket(r io.Reader) (byte, []byte, error) {
	var h [4]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return 0, nil, err
	}
	n := int(h[0]) | int(h[1])<<8 | int(h[2])<<16
	p := make([]byte, n)
	_, err := io.ReadFull(r, p)
	return h[3], p, err
}

// fakeConfig is a Config for user "app" with a password, pointing at s.
func fakeConfig(s *fakeServer, host string, mode SSLMode) *Config {
	c := NewConfig()
	c.Hosts = []Host{{Host: host, Port: s.port()}}
	c.User, c.Password = "app", "s3cret-pw"
	c.SSLMode = mode
	c.FallbackToSystemKeyStore, c.FallbackToSystemTrustStore = false, false
	return c
}

func addrOf(s *fakeServer) string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port())) }
