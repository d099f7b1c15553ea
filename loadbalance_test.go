// Tests of load balancing (strategies, blocklist, retries, statement
// threshold), replication (roles, both pools, fallbacks) and the crude
// parsing of their settings, against fake servers on loopback.

package jdbcmysql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

func connectPort(t *testing.T, c *Connector) int {
	t.Helper()
	db := sql.OpenDB(c)
	defer db.Close()
	return dbPort(t, db)
}

// dbPort is the port of a connection from db.
func dbPort(t *testing.T, db *sql.DB) int {
	t.Helper()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer conn.Close()
	h, err := ConnHost(conn)
	if err != nil {
		t.Fatal(err)
	}
	return h.Port
}

func TestLoadBalanceStrategies(t *testing.T) {
	a, b, c := newFakeServer(t, false, nil), newFakeServer(t, false, nil), newFakeServer(t, false, nil)
	ports := []int{a.port(), b.port(), c.port()}
	count := func(props string, n int) map[int]int {
		conn := mustConnector(t, multiURL("loadbalance", ports, props))
		seen := map[int]int{}
		for range n {
			seen[connectPort(t, conn)]++
		}
		return seen
	}
	if seen := count("", 30); len(seen) < 2 {
		t.Errorf("random: every connection on %v", seen)
	}
	if seen := count("ha.loadBalanceStrategy=bestResponseTime", 5); seen[a.port()] != 5 {
		t.Errorf("bestResponseTime: %v, want the first host (no response times on a new connection)", seen)
	}
	if seen := count("ha.loadBalanceStrategy=com.mysql.cj.jdbc.ha.SequentialBalanceStrategy", 30); len(seen) < 2 {
		t.Errorf("sequential: random start each time, got %v", seen)
	}
	order := fmt.Sprintf("127.0.0.1:%d,127.0.0.1:%d", c.port(), b.port())
	if seen := count("ha.loadBalanceStrategy=serverAffinity&serverAffinityOrder="+order, 5); seen[c.port()] != 5 {
		t.Errorf("serverAffinity: %v, want the first affinity host", seen)
	}
	// serverAffinity moves past any error on its hosts (1045 included).
	fakeAuthFails(c)
	if seen := count("ha.loadBalanceStrategy=serverAffinity&serverAffinityOrder="+order, 5); seen[b.port()] != 5 {
		t.Errorf("serverAffinity past a 1045: %v, want the second affinity host", seen)
	}
	// bestResponseTime (and random) throw a 1045 at once.
	conn := mustConnector(t, multiURL("loadbalance", []int{c.port(), a.port()}, "ha.loadBalanceStrategy=bestResponseTime"))
	_, err := conn.Connect(context.Background())
	var me *mysql.MySQLError
	var ce *ConnectError
	if !errors.As(err, &me) || me.Number != 1045 || !errors.As(err, &ce) || ce.Msg != lbMessage {
		t.Errorf("error = %v", err)
	}
}

func TestLoadBalanceAllDown(t *testing.T) {
	ports := []int{closedPort(t), closedPort(t)}
	var a attempts
	conn := mustConnector(t, multiURL("loadbalance", ports, "retriesAllDown=2"))
	_, err := conn.Connect(a.ctx(context.Background()))
	var ce *ConnectError
	if !errors.As(err, &ce) || ce.Msg != lbMessage || ce.Sweeps != 2 || len(a.ports()) != 4 {
		t.Fatalf("error = %v after %v", err, a.ports())
	}
	if !strings.HasPrefix(err.Error(), "jdbcmysql: "+lbMessage) {
		t.Errorf("message = %q", err)
	}
	a.reset()
	conn = mustConnector(t, multiURL("loadbalance", ports, "retriesAllDown=3&ha.loadBalanceStrategy=com.mysql.cj.jdbc.ha.SequentialBalanceStrategy"))
	if _, err := conn.Connect(a.ctx(context.Background())); err == nil || len(a.ports()) != 3 {
		t.Fatalf("sequential: %v after %v, want retriesAllDown attempts", err, a.ports())
	}
	if p := a.ports(); p[0] == p[1] || p[1] == p[2] {
		t.Errorf("sequential did not move to the next host: %v", p)
	}
}

func TestLoadBalanceBlocklist(t *testing.T) {
	alive := newFakeServer(t, false, nil)
	silent := silentPort(t)
	var logs logRecords
	url := multiURL("loadbalance", []int{silent, alive.port()},
		"connectTimeout=300&loadBalanceBlocklistTimeout=5000&ha.loadBalanceStrategy=bestResponseTime")
	conn := mustConnector(t, url, WithLogger(logs.logger()))
	var a attempts
	start := time.Now()
	dc, err := conn.Connect(a.ctx(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	dc.Close()
	if first := time.Since(start); first < 300*time.Millisecond {
		t.Fatalf("first connect took %v, want the silent host's connectTimeout", first)
	}
	for range 5 {
		a.reset()
		start = time.Now()
		dc, err := conn.Connect(a.ctx(context.Background()))
		if err != nil {
			t.Fatal(err)
		}
		dc.Close()
		if d := time.Since(start); d > 200*time.Millisecond || len(a.ports()) != 1 {
			t.Fatalf("later connect took %v over %v: the blocklisted host was tried", d, a.ports())
		}
	}
	// The blocklist is process-wide: another connector skips the host too.
	a.reset()
	other := mustConnector(t, url)
	dc, err = other.Connect(a.ctx(context.Background()))
	if err != nil || len(a.ports()) != 1 {
		t.Fatalf("another connector: %v over %v", err, a.ports())
	}
	dc.Close()
	if !strings.Contains(logs.String(), "host blocklisted") {
		t.Errorf("no blocklist event:\n%s", logs.String())
	}
	// Off (the default), the silent host costs connectTimeout every time.
	conn = mustConnector(t, multiURL("loadbalance", []int{silentPort(t), alive.port()}, "connectTimeout=200&ha.loadBalanceStrategy=bestResponseTime"))
	for range 2 {
		start = time.Now()
		dc, err := conn.Connect(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		dc.Close()
		if time.Since(start) < 200*time.Millisecond {
			t.Fatal("without the blocklist the silent host was skipped")
		}
	}
}

func TestBlocklistIgnoredWhenAllBlocked(t *testing.T) {
	keys := []string{"blk-a:1", "blk-b:2"}
	globalBlocklist.add(keys[0], time.Minute)
	defer globalBlocklist.remove(keys[0])
	if b := globalBlocklist.blocked(keys); !b[keys[0]] || b[keys[1]] {
		t.Fatalf("blocked = %v", b)
	}
	globalBlocklist.add(keys[1], time.Minute)
	defer globalBlocklist.remove(keys[1])
	if b := globalBlocklist.blocked(keys); len(b) != 0 {
		t.Fatalf("every host blocked: %v, want the list ignored", b)
	}
	globalBlocklist.add(keys[1], -time.Second) // expired
	if b := globalBlocklist.blocked(keys); !b[keys[0]] || b[keys[1]] {
		t.Fatalf("expired entry kept: %v", b)
	}
}

func TestStatementThresholdRoute(t *testing.T) {
	r := &connRoute{maxStatements: 3, countAutoCommitOnly: true}
	for _, q := range []string{"SET @a=1", "show tables", "USE db", "SELECT 1", "  select 2"} {
		r.statement(q, false)
	}
	if !r.keep() {
		t.Fatal("retired after 2 counted statements")
	}
	r.statement("UPDATE t SET a=1", true) // inside a transaction: the count starts over
	r.statement("SELECT 1", false)
	r.statement("SELECT 1", false)
	if !r.keep() {
		t.Fatal("a statement in a transaction did not reset the count")
	}
	r.statement("SELECT 1", false)
	if r.keep() {
		t.Fatal("not retired after 3 statements")
	}
	if r.keep() {
		t.Fatal("a retired connection was kept when asked again")
	}
	re, err := statementRegex("(?i)insert.*")
	if err != nil {
		t.Fatal(err)
	}
	r = &connRoute{maxStatements: 1, countAutoCommitOnly: true, filter: re}
	r.statement("SELECT 'insert'", false)
	if !r.keep() {
		t.Fatal("the regex must match the whole statement")
	}
	r.statement("INSERT INTO t VALUES (1)", false)
	if r.keep() {
		t.Fatal("a matching statement was not counted")
	}
}

func TestStatementThresholdRetiresConnection(t *testing.T) {
	a := newFakeServer(t, false, nil)
	conn := mustConnector(t, multiURL("loadbalance", []int{a.port()}, "loadBalanceAutoCommitStatementThreshold=2"))
	db := sql.OpenDB(conn)
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, q := range []string{"SET @x=1", "DO 1", "DO 2", "DO 3"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	a.mu.Lock()
	n := len(a.sessions)
	a.mu.Unlock()
	if n != 2 {
		t.Fatalf("%d connections, want the first retired after 2 counted statements", n)
	}
}

func TestHASettingsParsing(t *testing.T) {
	lb := "jdbc:mysql:loadbalance://a,b/db?"
	tests := []struct {
		url, want string
	}{
		{lb + "ha.loadBalanceStrategy=Random", "Invalid load balancing strategy 'Random'."},
		{lb + "ha.loadBalanceStrategy=com.example.Mine", "Invalid load balancing strategy 'com.example.Mine'."},
		{lb + "retriesAllDown=x", `Bad value 'x' for property "retriesAllDown".`},
		{lb + "retriesAllDown=1.5", `Bad value '1.5' for property "retriesAllDown".`},
		{lb + "loadBalanceBlocklistTimeout=soon", `Bad value 'soon' for property "loadBalanceBlocklistTimeout".`},
		{lb + "loadBalanceHostRemovalGracePeriod=-", `Bad value '-' for property "loadBalanceHostRemovalGracePeriod".`},
		{lb + "loadBalanceAutoCommitStatementThreshold=x", `Invalid numeric value 'x' for property "loadBalanceAutoCommitStatementThreshold".`},
		{"jdbc:mysql://a,b/db?retriesAllDown=x", "The connection property 'retriesAllDown' only accepts integer values."},
	}
	for _, tt := range tests {
		_, err := ParseURL(tt.url)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error = %v, want %q", tt.url, err, tt.want)
		}
		var pe *PropertyError
		if !errors.As(err, &pe) || !errors.Is(err, ErrInvalidProperty) {
			t.Errorf("%s: not a PropertyError: %v", tt.url, err)
		}
	}
	// Load balancing reads the canonical strategy name only; failover takes aliases.
	c := mustParse(t, lb+"haLoadBalanceStrategy=bestResponseTime")
	if c.HA.LoadBalanceStrategy != "random" || !ignoredHas(c, "haLoadBalanceStrategy") {
		t.Errorf("loadbalance alias: strategy %q, ignored %v", c.HA.LoadBalanceStrategy, c.Ignored)
	}
	// Booleans: load balancing and replication take only "true"; failover takes yes/no.
	c = mustParse(t, "jdbc:mysql:replication://a,b/db?allowSourceDownConnections=yes&readFromSourceWhenNoReplicas=TRUE")
	if c.HA.AllowSourceDownConnections || !c.HA.ReadFromSourceWhenNoReplicas {
		t.Errorf("replication booleans: %+v", c.HA)
	}
	c = mustParse(t, "jdbc:mysql://a,b/db?failOverReadOnly=no&secondsBeforeRetrySource=5&queriesBeforeRetrySource=0&retriesAllDown=%2B3")
	if c.HA.FailOverReadOnly || c.HA.SecondsBeforeRetrySource != 5 || c.HA.QueriesBeforeRetrySource != 0 || c.HA.RetriesAllDown != 3 {
		t.Errorf("failover settings: %+v", c.HA)
	}
	// A host's own HA setting is not read; the URL-wide one is.
	c = mustParse(t, "jdbc:mysql://(host=a,retriesAllDown=7),b/db?retriesAllDown=4")
	if c.HA.RetriesAllDown != 4 {
		t.Errorf("retriesAllDown = %d, want the query's 4", c.HA.RetriesAllDown)
	}
	// The Connector/J 8 names are gone in 9.0: accepted and ignored.
	c = mustParse(t, "jdbc:mysql://a,b/db?secondsBeforeRetryMaster=1&loadBalanceBlacklistTimeout=5")
	if c.HA.SecondsBeforeRetrySource != 30 || !ignoredHas(c, "secondsBeforeRetryMaster") || !ignoredHas(c, "loadBalanceBlacklistTimeout") {
		t.Errorf("8.x names: %+v %v", c.HA, c.Ignored)
	}
	// FormatURL writes the settings back.
	c = mustParse(t, lb+"ha.loadBalanceStrategy=serverAffinity&serverAffinityOrder=a:3306&loadBalanceBlocklistTimeout=2000&retriesAllDown=5")
	again := mustParse(t, c.FormatURL())
	if fmt.Sprint(again.HA) != fmt.Sprint(c.HA) {
		t.Errorf("round trip: %+v, want %+v", again.HA, c.HA)
	}
}

func ignoredHas(c *Config, name string) bool {
	for _, ig := range c.Ignored {
		if ig.Name == name {
			return true
		}
	}
	return false
}

func TestReplicationRoles(t *testing.T) {
	tests := []struct {
		url          string
		src, replica string
	}{
		{"jdbc:mysql:replication://a,b,c/db", "[a]", "[b c]"},
		{"jdbc:mysql:replication://(host=a,type=replica),b,c/db", "[b]", "[a c]"},
		{"jdbc:mysql:replication://(host=a,type=Replica),(host=b,type=SOURCE),c/db", "[b]", "[a c]"},
		{"jdbc:mysql:replication://(host=a,type=master),b/db", "[a]", "[b]"}, // 8.x types are undefined
		{"jdbc:mysql:replication://a/db", "[a]", "[]"},
		{"jdbc:mysql:replication://a,b/db?type=replica", "[]", "[a b]"},
	}
	for _, tt := range tests {
		c := mustParse(t, tt.url)
		src, rep := hostRoles(c.Hosts, c.parsed.query)
		names := func(idx []int) string {
			var out []string
			for _, i := range idx {
				out = append(out, c.Hosts[i].Host)
			}
			return "[" + strings.Join(out, " ") + "]"
		}
		if names(src) != tt.src || names(rep) != tt.replica {
			t.Errorf("%s: sources %s replicas %s, want %s %s", tt.url, names(src), names(rep), tt.src, tt.replica)
		}
	}
	_, err := NewConnector("jdbc:mysql:replication://a,b/db?type=replica")
	if err == nil || err.Error() != "A replication connection cannot be initialized without source hosts and replica hosts, simultaneously." {
		t.Errorf("no source: %v", err)
	}
	if _, err := NewReplication("jdbc:mysql://a,b/db"); !errors.Is(err, ErrUnsupported) {
		t.Errorf("NewReplication on a failover URL: %v", err)
	}
}

func TestReplicationPools(t *testing.T) {
	src, rep := newFakeServer(t, false, nil), newFakeServer(t, false, nil)
	ports := []int{src.port(), rep.port()}
	r, err := NewReplication(multiURL("replication", ports, "retriesAllDown=1"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	onPort := func(db *sql.DB) (int, string, error) {
		conn, err := db.Conn(context.Background())
		if err != nil {
			return 0, "", err
		}
		defer conn.Close()
		h, err := ConnHost(conn)
		if err != nil {
			return 0, "", err
		}
		s := src
		if h.Port == rep.port() {
			s = rep
		}
		return h.Port, strings.Join(s.lastSession().commandsSeen(), ";"), nil
	}
	if p, cmds, err := onPort(r.Source()); err != nil || p != src.port() || strings.Contains(cmds, "READ ONLY") {
		t.Fatalf("Source: port %d (%v) commands %q", p, err, cmds)
	}
	if p, cmds, err := onPort(r.Replicas()); err != nil || p != rep.port() || !strings.Contains(cmds, "SET SESSION TRANSACTION READ ONLY") {
		t.Fatalf("Replicas: port %d (%v) commands %q", p, err, cmds)
	}
	if err := r.PingContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	// sql.Open on a replication URL is the source side.
	c := mustConnector(t, multiURL("replication", ports, ""))
	if p := connectPort(t, c); p != src.port() {
		t.Fatalf("NewConnector on a replication URL landed on %d", p)
	}

	// A dead replica: Replicas fails unless readFromSourceWhenNoReplicas.
	dead := closedPort(t)
	down, err := NewReplication(multiURL("replication", []int{src.port(), dead}, "retriesAllDown=1"))
	if err != nil {
		t.Fatal(err)
	}
	defer down.Close()
	if _, _, err := onPort(down.Replicas()); err == nil {
		t.Fatal("Replicas with a dead replica connected")
	}
	if err := down.PingContext(context.Background()); err == nil {
		t.Fatal("PingContext with a dead replica passed")
	}
	fallback, err := NewReplication(multiURL("replication", []int{src.port(), dead},
		"retriesAllDown=1&readFromSourceWhenNoReplicas=true&allowReplicaDownConnections=true"))
	if err != nil {
		t.Fatal(err)
	}
	defer fallback.Close()
	if p, cmds, err := onPort(fallback.Replicas()); err != nil || p != src.port() || !strings.Contains(cmds, "READ ONLY") {
		t.Fatalf("readFromSourceWhenNoReplicas: port %d (%v) %q", p, err, cmds)
	}
	if err := fallback.PingContext(context.Background()); err != nil {
		t.Fatalf("allowReplicaDownConnections: %v", err)
	}
	// A dead source: Source fails unless allowSourceDownConnections.
	noSource, err := NewReplication(multiURL("replication", []int{dead, rep.port()}, "retriesAllDown=1&allowSourceDownConnections=true"))
	if err != nil {
		t.Fatal(err)
	}
	defer noSource.Close()
	if p, cmds, err := onPort(noSource.Source()); err != nil || p != rep.port() || !strings.Contains(cmds, "READ ONLY") {
		t.Fatalf("allowSourceDownConnections: port %d (%v) %q", p, err, cmds)
	}
	// Only a source: Replicas reads from it, read-only.
	only, err := NewReplication(multiURL("replication", []int{src.port()}, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer only.Close()
	if p, cmds, err := onPort(only.Replicas()); err != nil || p != src.port() || !strings.Contains(cmds, "READ ONLY") {
		t.Fatalf("no replica: port %d (%v) %q", p, err, cmds)
	}
}

// txOnlyConn is a driver connection that can begin transactions and run
// statements, and does nothing else.
type txOnlyConn struct{}

func (txOnlyConn) Prepare(string) (driver.Stmt, error) { return nil, driver.ErrSkip }
func (txOnlyConn) Close() error                        { return nil }
func (txOnlyConn) Begin() (driver.Tx, error)           { return txOnlyConn{}, nil }
func (txOnlyConn) BeginTx(context.Context, driver.TxOptions) (driver.Tx, error) {
	return txOnlyConn{}, nil
}
func (txOnlyConn) Commit() error   { return nil }
func (txOnlyConn) Rollback() error { return nil }
func (txOnlyConn) ExecContext(context.Context, string, []driver.NamedValue) (driver.Result, error) {
	return driver.RowsAffected(0), nil
}

// TestStatementThresholdAfterCommitOnHeldConn: on a connection held across
// a transaction (a *sql.Conn), autocommit statements after Commit or
// Rollback count again, without the pool taking the connection back.
func TestStatementThresholdAfterCommitOnHeldConn(t *testing.T) {
	for _, end := range []string{"commit", "rollback"} {
		c := wrapConn(txOnlyConn{}, "h", nil)
		c.route = &connRoute{maxStatements: 2, countAutoCommitOnly: true}
		ctx := context.Background()
		tx, err := c.BeginTx(ctx, driver.TxOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.ExecContext(ctx, "UPDATE t SET a=1", nil); err != nil {
			t.Fatal(err)
		}
		if end == "commit" {
			err = tx.Commit()
		} else {
			err = tx.Rollback()
		}
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 2; i++ {
			if _, err := c.ExecContext(ctx, "UPDATE t SET a=2", nil); err != nil {
				t.Fatal(err)
			}
		}
		if c.route.keep() {
			t.Errorf("after %s: two autocommit statements did not retire the connection", end)
		}
	}
}
