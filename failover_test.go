// Tests of failover, the per-host login bound, the return to the primary
// and the multi-host events, against fake servers, closed ports and
// silent listeners on loopback.

package jdbcmysql

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// closedPort returns a loopback port nothing listens on (connects are
// refused at once).
func closedPort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

// silentPort returns a loopback port that accepts connections and never
// sends anything (a blackholed server).
func silentPort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	return l.Addr().(*net.TCPAddr).Port
}

// multiURL is a URL of the given scheme ("" for failover) over loopback
// ports, for user app with sslMode DISABLED, plus props.
func multiURL(scheme string, ports []int, props string) string {
	hosts := make([]string, len(ports))
	for i, p := range ports {
		hosts[i] = fmt.Sprintf("127.0.0.1:%d", p)
	}
	prefix := "jdbc:mysql://"
	if scheme != "" {
		prefix = "jdbc:mysql:" + scheme + "://"
	}
	u := prefix + strings.Join(hosts, ",") + "/db?user=app&password=" + fakePassword + "&sslMode=DISABLED"
	if props != "" {
		u += "&" + props
	}
	return u
}

// attempts records the hosts (ports) a connect tried, through WithConnectTrace.
type attempts struct {
	mu   sync.Mutex
	list []ConnectAttempt
}

func (a *attempts) ctx(ctx context.Context) context.Context {
	return WithConnectTrace(ctx, func(at ConnectAttempt) {
		a.mu.Lock()
		a.list = append(a.list, at)
		a.mu.Unlock()
	})
}

func (a *attempts) ports() []int {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]int, len(a.list))
	for i, at := range a.list {
		out[i] = at.Port
	}
	return out
}

func (a *attempts) reset() {
	a.mu.Lock()
	a.list = nil
	a.mu.Unlock()
}

func mustConnector(t testing.TB, url string, opts ...Option) *Connector {
	t.Helper()
	c, err := NewConnector(url, opts...)
	if err != nil {
		t.Fatalf("NewConnector(%s): %v", url, err)
	}
	return c
}

func fakeDown(s *fakeServer) {
	e := fakeLoginError(1040, "08004", "Too many connections")
	s.loginError.Store(&e)
}
func fakeUp(s *fakeServer) { s.loginError.Store(nil) }
func fakeAuthFails(s *fakeServer) {
	e := fakeLoginError(1045, "28000", "Access denied for user 'app'")
	s.loginError.Store(&e)
}

// lastSession is the fake server's latest session (it need not have ended).
func (s *fakeServer) lastSession() *fakeSession {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.sessions) == 0 {
		return nil
	}
	return s.sessions[len(s.sessions)-1]
}

func TestFailoverSecondaryIsReadOnly(t *testing.T) {
	srv := newFakeServer(t, false, nil)
	for _, ro := range []string{"true", "false"} {
		c := mustConnector(t, multiURL("", []int{closedPort(t), srv.port()}, "failOverReadOnly="+ro))
		db := sql.OpenDB(c)
		conn, err := db.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		h, err := ConnHost(conn)
		if err != nil || h.Port != srv.port() || h.Host != "127.0.0.1" {
			t.Fatalf("ConnHost = %v, %v", h, err)
		}
		got := strings.Join(srv.lastSession().commandsSeen(), ";")
		if want := ro == "true"; strings.Contains(got, "SET SESSION TRANSACTION READ ONLY") != want {
			t.Errorf("failOverReadOnly=%s: commands %q", ro, got)
		}
		conn.Close()
		db.Close()
	}
}

func TestFailoverTurnsWhenAllDown(t *testing.T) {
	ports := []int{closedPort(t), closedPort(t), closedPort(t)}
	c := mustConnector(t, multiURL("", ports, "retriesAllDown=2"))
	var a attempts
	start := time.Now()
	_, err := c.Connect(a.ctx(context.Background()))
	elapsed := time.Since(start)
	want := []int{ports[0], ports[1], ports[2], ports[0], ports[1], ports[2], ports[0]}
	if fmt.Sprint(a.ports()) != fmt.Sprint(want) {
		t.Errorf("order %v, want %v (primary, then turns 1,2,0)", a.ports(), want)
	}
	var ce *ConnectError
	if !errors.As(err, &ce) || ce.Sweeps != 2 || len(ce.Hosts) != 3 || ce.Hosts[0].Attempts != 3 || ce.Hosts[1].Attempts != 2 {
		t.Fatalf("error = %#v", err)
	}
	var he *HostError
	if !errors.As(err, &he) || !he.Down || !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("errors.As/Is: %v", err)
	}
	for _, p := range ports {
		if !strings.Contains(err.Error(), fmt.Sprintf("127.0.0.1:%d", p)) {
			t.Errorf("error does not name port %d: %v", p, err)
		}
	}
	if elapsed < allDownSleep {
		t.Errorf("took %v, want the 250 ms sleep between turns", elapsed)
	}

	a.reset()
	c = mustConnector(t, multiURL("", ports, "retriesAllDown=0"))
	if _, err := c.Connect(a.ctx(context.Background())); err == nil || len(a.ports()) != 2 {
		t.Errorf("retriesAllDown=0 tried %v, want the primary and one more host", a.ports())
	}
}

func TestFailoverErrorClasses(t *testing.T) {
	authFails, alive := newFakeServer(t, false, nil), newFakeServer(t, false, nil)
	fakeAuthFails(authFails)
	// Any error from the primary moves on.
	c := mustConnector(t, multiURL("", []int{authFails.port(), alive.port()}, ""))
	dc, err := c.Connect(context.Background())
	if err != nil {
		t.Fatalf("a 1045 on the primary did not move on: %v", err)
	}
	dc.Close()
	// On a secondary host, only "host down" errors move on.
	var a attempts
	c = mustConnector(t, multiURL("", []int{closedPort(t), authFails.port(), alive.port()}, ""))
	_, err = c.Connect(a.ctx(context.Background()))
	var me *mysql.MySQLError
	if !errors.As(err, &me) || me.Number != 1045 || len(a.ports()) != 2 {
		t.Fatalf("error = %v after %v, want the 1045 at once", err, a.ports())
	}
	if strings.Contains(err.Error(), fakePassword) {
		t.Fatal("error shows the password")
	}
	// 1040 (too many connections) means down.
	fakeDown(authFails)
	c = mustConnector(t, multiURL("", []int{closedPort(t), authFails.port(), alive.port()}, ""))
	dc, err = c.Connect(context.Background())
	if err != nil {
		t.Fatalf("1040 on a secondary did not move on: %v", err)
	}
	dc.Close()
}

func TestFailoverBoundedByContext(t *testing.T) {
	c := mustConnector(t, multiURL("", []int{closedPort(t), closedPort(t)}, "")) // retriesAllDown 120: 30 s
	ctx, cancel := context.WithTimeout(context.Background(), 600*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Connect(ctx)
	if time.Since(start) > 2*time.Second {
		t.Fatalf("took %v past a 600 ms deadline", time.Since(start))
	}
	var ce *ConnectError
	if !errors.As(err, &ce) || !errors.Is(err, context.DeadlineExceeded) || ce.Context == nil {
		t.Fatalf("error = %v", err)
	}
}

func TestLoginBoundPerHost(t *testing.T) {
	alive := newFakeServer(t, false, nil)
	// connectTimeout bounds the whole login to a silent host, not just the dial.
	var a attempts
	c := mustConnector(t, multiURL("", []int{silentPort(t), alive.port()}, "connectTimeout=300"))
	start := time.Now()
	dc, err := c.Connect(a.ctx(context.Background()))
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	dc.Close()
	if elapsed < 300*time.Millisecond || elapsed > 2*time.Second {
		t.Errorf("took %v, want about connectTimeout (300 ms)", elapsed)
	}
	if first := a.list[0].Err; !errors.Is(first, ErrLoginTimeout) || !errors.Is(first, context.DeadlineExceeded) || !strings.Contains(first.Error(), "connectTimeout") {
		t.Errorf("first attempt's error = %v", first)
	}
	// Without connectTimeout, the context's deadline is shared: the silent
	// primary gets half of it, the next host the rest.
	c = mustConnector(t, multiURL("", []int{silentPort(t), alive.port()}, ""))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start = time.Now()
	dc, err = c.Connect(ctx)
	elapsed = time.Since(start)
	if err != nil {
		t.Fatalf("connect with a shared deadline: %v", err)
	}
	dc.Close()
	if elapsed < 800*time.Millisecond || elapsed > 1800*time.Millisecond {
		t.Errorf("took %v, want about half of the 2 s deadline", elapsed)
	}
}

// logRecords is a slog handler keeping every record's text.
type logRecords struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logRecords) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		l.mu.Lock()
		defer l.mu.Unlock()
		return l.buf.Write(p)
	}), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func (l *logRecords) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

type writerFunc func(p []byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestReturnToPrimary(t *testing.T) {
	primary, secondary := newFakeServer(t, false, nil), newFakeServer(t, false, nil)
	fakeDown(primary)
	var logs logRecords
	c := mustConnector(t, multiURL("", []int{primary.port(), secondary.port()}, "queriesBeforeRetrySource=3&secondsBeforeRetrySource=0"),
		WithLogger(logs.logger()))
	db := sql.OpenDB(c)
	defer db.Close()
	db.SetMaxOpenConns(1)
	hostOf := func() int {
		conn, err := db.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		h, err := ConnHost(conn)
		if err != nil {
			t.Fatal(err)
		}
		return h.Port
	}
	if got := hostOf(); got != secondary.port() {
		t.Fatalf("on port %d, want the secondary", got)
	}
	fakeUp(primary)
	for i := 0; i < 3; i++ {
		if got := hostOf(); got != secondary.port() {
			t.Fatalf("statement %d: moved to %d before queriesBeforeRetrySource", i, got)
		}
		if _, err := db.Exec("DO 1"); err != nil {
			t.Fatal(err)
		}
	}
	if got := hostOf(); got != primary.port() {
		t.Fatalf("after 3 statements on %d, want the primary", got)
	}
	out := logs.String()
	for _, want := range []string{"failover: connected to a secondary host", "retiring a connection on a secondary host", "connected to the primary again"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, fakePassword) {
		t.Fatal("log shows the password")
	}

	// By time: secondsBeforeRetrySource.
	fakeDown(primary)
	c = mustConnector(t, multiURL("", []int{primary.port(), secondary.port()}, "queriesBeforeRetrySource=0&secondsBeforeRetrySource=1"))
	db2 := sql.OpenDB(c)
	defer db2.Close()
	db2.SetMaxOpenConns(1)
	if _, err := db2.Exec("DO 1"); err != nil {
		t.Fatal(err)
	}
	fakeUp(primary)
	time.Sleep(1100 * time.Millisecond)
	if _, err := db2.Exec("DO 1"); err != nil { // on the secondary; retired when it comes back
		t.Fatal(err)
	}
	conn, err := db2.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if h, _ := ConnHost(conn); h.Port != primary.port() {
		t.Fatalf("after secondsBeforeRetrySource on %d, want the primary", h.Port)
	}
}

func TestHostDownClassification(t *testing.T) {
	my := func(n uint16, state string) error {
		e := &mysql.MySQLError{Number: n}
		copy(e.SQLState[:], state)
		return e
	}
	tests := []struct {
		err  error
		down bool
	}{
		{syscall.ECONNREFUSED, true},
		{&net.OpError{Op: "dial", Err: syscall.ECONNRESET}, true},
		{mysql.ErrInvalidConn, true},
		{&TLSError{Msg: "x", Err: ErrServerCertificate}, true},
		{&StoreError{Msg: "x", Err: ErrKeyStore}, true},
		{my(1047, "08S01"), true},
		{my(1040, "08004"), true},
		{my(2013, "08S01"), true},
		{my(1045, "28000"), false},
		{my(1290, "HY000"), false},
		{my(1792, "25006"), false},
		{&loginTimeoutError{bound: time.Second, why: "connectTimeout"}, true},
		{fmt.Errorf("%w: wsrep_ready=OFF", ErrConnectionValidation), true},
		{&PropertyError{Msg: "x", Err: ErrInvalidProperty}, false},
	}
	for _, tt := range tests {
		if got := (failoverChecker{}).hostDown(tt.err); got != tt.down {
			t.Errorf("hostDown(%v) = %v, want %v", tt.err, got, tt.down)
		}
	}
	if !(failoverChecker{sqlStates: []string{"HY"}}).hostDown(my(1290, "HY000")) {
		t.Error("loadBalanceSQLStateFailover prefix not honoured")
	}
}

func TestValidateConnectMovesOn(t *testing.T) {
	first, second := newFakeServer(t, false, nil), newFakeServer(t, false, nil)
	reject := func(ctx context.Context, conn *HostConn) error {
		if conn.Host().Port == first.port() {
			return errors.New("not this one")
		}
		return conn.Exec(ctx, "DO 1")
	}
	c := mustConnector(t, multiURL("", []int{first.port(), second.port()}, "failOverReadOnly=false"), WithValidateConnect(reject))
	var a attempts
	dc, err := c.Connect(a.ctx(context.Background()))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	dc.Close()
	if got := a.ports(); len(got) != 2 || got[1] != second.port() {
		t.Fatalf("attempts %v", got)
	}
	if !strings.Contains(strings.Join(second.lastSession().commandsSeen(), ";"), "DO 1") {
		t.Error("the check did not run on the second host")
	}
	// A single host: the validation error is returned as it is.
	c = mustConnector(t, multiURL("", []int{first.port()}, ""), WithValidateConnect(reject))
	if _, err := c.Connect(context.Background()); !errors.Is(err, ErrConnectionValidation) {
		t.Fatalf("error = %v", err)
	}
	// The URL property names the built-in checks.
	if _, err := ParseURL(multiURL("", []int{1}, "jdbcmysql.validateConnection=galeraSynced,Writable")); err != nil {
		t.Fatal(err)
	}
	_, err = ParseURL(multiURL("", []int{1}, "jdbcmysql.validateConnection=synced"))
	if !errors.Is(err, ErrInvalidProperty) || !strings.Contains(err.Error(), "'galeraSynced' or 'writable'") {
		t.Fatalf("error = %v", err)
	}
}
