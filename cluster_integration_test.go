// This file proves host selection on real clusters (mysqltest's
// replication set and Galera cluster, shared by the test binary), through
// the public API only: replication reads on replicas and writes on the
// source, VERIFY_IDENTITY per node, a blackholed host under load balancing
// with the blocklist, a Galera node outside the primary component skipped
// by the validation hook, and the primary killed under load.

package jdbcmysql_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jdbcmysql/jdbcmysql"
	"github.com/jdbcmysql/jdbcmysql/mysqltest"
)

// clusterURL is a URL for the X509 user across c's nodes (options as
// mysqltest.JDBCURL takes them).
func clusterURL(t *testing.T, c *mysqltest.Cluster, opts ...mysqltest.URLOption) string {
	t.Helper()
	u, err := c.JDBCURL(c.Users.X509, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// serverIDs maps each node's @@server_id to the node.
func serverIDs(t *testing.T, c *mysqltest.Cluster) map[int64]*mysqltest.Server {
	t.Helper()
	ids := map[int64]*mysqltest.Server{}
	for _, n := range c.Nodes {
		db, err := n.DB(c.RootUser, c.RootPassword, nil)
		if err != nil {
			t.Fatal(err)
		}
		var id int64
		err = db.QueryRow("SELECT @@server_id").Scan(&id)
		db.Close()
		if err != nil {
			t.Fatalf("%s: %v", n.Addr, err)
		}
		ids[id] = n
	}
	return ids
}

// rootExec runs statements as root on one node.
func rootExec(t *testing.T, c *mysqltest.Cluster, n *mysqltest.Server, stmts ...string) {
	t.Helper()
	db, err := n.DB(c.RootUser, c.RootPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s on %s: %v", s, n.Addr, err)
		}
	}
}

// hostOf is the node a pooled connection of db is on.
func hostOf(t *testing.T, db *sql.DB) jdbcmysql.Host {
	t.Helper()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	h, err := jdbcmysql.ConnHost(conn)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func isNode(h jdbcmysql.Host, n *mysqltest.Server) bool { return h.Host == n.Host && h.Port == n.Port }

func TestIntegrationClusterReplicationSplit(t *testing.T) {
	c := mysqltest.Replication(t, 2)
	ctx := context.Background()
	src := c.Source()
	rootExec(t, c, src, "CREATE TABLE IF NOT EXISTS "+c.Database+".split_it (id INT PRIMARY KEY, v VARCHAR(20))",
		"DELETE FROM "+c.Database+".split_it")
	ids := serverIDs(t, c)
	r, err := jdbcmysql.NewReplication(clusterURL(t, c, mysqltest.URLScheme("replication")))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.PingContext(ctx); err != nil {
		t.Fatalf("PingContext: %v", err)
	}
	var id int64
	if err := r.Source().QueryRow("SELECT @@server_id").Scan(&id); err != nil || ids[id] != src {
		t.Fatalf("Source() on server_id %d (%v), want the source %s", id, err, src.Addr)
	}
	if _, err := r.Source().Exec("INSERT INTO split_it VALUES (1, 'from go')"); err != nil {
		t.Fatalf("write on the source: %v", err)
	}
	if err := c.WaitInSync(ctx); err != nil {
		t.Fatal(err)
	}
	replicas := r.Replicas()
	replicas.SetMaxIdleConns(0) // a new connection (and a new pick) every time
	seen := map[*mysqltest.Server]bool{}
	for range 12 {
		var v string
		if err := replicas.QueryRow("SELECT CONCAT(@@server_id, ':', v) FROM split_it WHERE id = 1").Scan(&v); err != nil {
			t.Fatalf("read on a replica: %v", err)
		}
		var sid int64
		var text string
		if _, err := fmt.Sscanf(v, "%d:%s", &sid, &text); err != nil {
			t.Fatal(err)
		}
		n := ids[sid]
		if n == src || n == nil {
			t.Fatalf("Replicas() read on server_id %d, the source", sid)
		}
		seen[n] = true
	}
	if len(seen) != 2 {
		t.Errorf("reads spread over %d replicas, want both (random strategy)", len(seen))
	}
	_, err = replicas.Exec("INSERT INTO split_it VALUES (2, 'x')")
	var me *mysql.MySQLError
	if !errors.As(err, &me) || (me.Number != 1792 && me.Number != 1290) {
		t.Fatalf("write on Replicas(): %v, want a read-only refusal", err)
	}
	var he *jdbcmysql.HostError
	if !errors.As(err, &he) || he.Port == 0 {
		t.Errorf("the error does not name its host: %v", err)
	}
	// sql.Open on the replication URL is the source side.
	db, err := sql.Open("jdbcmysql", clusterURL(t, c, mysqltest.URLScheme("replication")))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if h := hostOf(t, db); !isNode(h, src) {
		t.Fatalf("sql.Open on a replication URL landed on %v, want the source", h)
	}
}

func TestIntegrationClusterVerifyIdentityPerNode(t *testing.T) {
	for _, kind := range []string{mysqltest.ClusterReplication, mysqltest.ClusterGalera} {
		t.Run(kind, func(t *testing.T) {
			var c *mysqltest.Cluster
			if kind == mysqltest.ClusterGalera {
				c = mysqltest.Galera(t, 3)
			} else {
				c = mysqltest.Replication(t, 2)
			}
			for _, n := range c.Nodes {
				others := []*mysqltest.Server{n}
				for _, o := range c.Nodes {
					if o != n {
						others = append(others, o)
					}
				}
				u := clusterURL(t, c, mysqltest.URLNodes(others...), mysqltest.URLSSLMode("VERIFY_IDENTITY"))
				conn, err := jdbcmysql.NewConnector(u)
				if err != nil {
					t.Fatal(err)
				}
				var tried []jdbcmysql.ConnectAttempt
				ctx := jdbcmysql.WithConnectTrace(context.Background(), func(a jdbcmysql.ConnectAttempt) { tried = append(tried, a) })
				dc, err := conn.Connect(ctx)
				if err != nil {
					t.Fatalf("VERIFY_IDENTITY on %s: %v", n.Addr, err)
				}
				dc.Close()
				if len(tried) != 1 || tried[0].Host != n.Host || tried[0].TLSVersion == 0 || tried[0].ClientCertificate == nil {
					t.Fatalf("%s: attempts %+v", n.Addr, tried)
				}
			}
		})
	}
}

func TestIntegrationClusterBlackholedHost(t *testing.T) {
	c := mysqltest.Replication(t, 2)
	ctx := context.Background()
	silent := c.Replicas()[1]
	order := append([]*mysqltest.Server{silent}, c.Source(), c.Replicas()[0])
	if err := silent.Pause(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := silent.Unpause(ctx); err != nil {
			t.Error(err)
		}
	})
	u := clusterURL(t, c, mysqltest.URLScheme("loadbalance"), mysqltest.URLNodes(order...),
		mysqltest.URLProperty("connectTimeout", "1000"), mysqltest.URLProperty("loadBalanceBlocklistTimeout", "60000"),
		mysqltest.URLProperty("ha.loadBalanceStrategy", "bestResponseTime"))
	conn, err := jdbcmysql.NewConnector(u)
	if err != nil {
		t.Fatal(err)
	}
	connect := func() (time.Duration, int) {
		n := 0
		ctx := jdbcmysql.WithConnectTrace(ctx, func(jdbcmysql.ConnectAttempt) { n++ })
		start := time.Now()
		dc, err := conn.Connect(ctx)
		if err != nil {
			t.Fatalf("connect: %v", err)
		}
		d := time.Since(start)
		dc.Close()
		return d, n
	}
	d, n := connect()
	if d < 900*time.Millisecond || d > 3*time.Second || n != 2 {
		t.Fatalf("first connect: %v over %d attempts, want about connectTimeout (1 s) once", d, n)
	}
	for range 5 {
		if d, n := connect(); d > 700*time.Millisecond || n != 1 {
			t.Fatalf("later connect: %v over %d attempts; the blocklisted host cost time again", d, n)
		}
	}
}

// galeraReady polls until node n reports wsrep_ready as want.
func galeraReady(t *testing.T, c *mysqltest.Cluster, n *mysqltest.Server, want string, within time.Duration) {
	t.Helper()
	db, err := n.DB(c.RootUser, c.RootPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	deadline := time.Now().Add(within)
	var name, v string
	for time.Now().Before(deadline) {
		if err := db.QueryRow("SHOW GLOBAL STATUS LIKE 'wsrep_ready'").Scan(&name, &v); err == nil && v == want {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s: wsrep_ready=%q after %v, want %s", n.Addr, v, within, want)
}

func TestIntegrationClusterGaleraValidation(t *testing.T) {
	g := mysqltest.Galera(t, 3)
	ctx := context.Background()
	rootExec(t, g, g.Nodes[0], "CREATE TABLE IF NOT EXISTS "+g.Database+".galera_it (id INT PRIMARY KEY)")
	if err := g.WaitInSync(ctx); err != nil {
		t.Fatal(err)
	}
	// Isolate node 3: it leaves the primary component, the other two keep it.
	lost := g.Nodes[2]
	rootExec(t, g, lost, "SET GLOBAL wsrep_provider_options='gmcast.isolate=1'")
	t.Cleanup(func() {
		db, err := lost.DB(g.RootUser, g.RootPassword, nil)
		if err == nil {
			_, err = db.Exec("SET GLOBAL wsrep_provider_options='gmcast.isolate=0'")
			db.Close()
		}
		if err == nil {
			wctx, cancel := context.WithTimeout(ctx, 60*time.Second)
			err = g.WaitInSync(wctx)
			cancel()
		}
		if err != nil {
			if err := g.Heal(ctx); err != nil {
				t.Error(err)
			}
		}
	})
	galeraReady(t, g, lost, "OFF", 30*time.Second)

	order := mysqltest.URLNodes(lost, g.Nodes[0], g.Nodes[1])
	// Without validation the login works, and table access fails with 1047.
	plain, err := sql.Open("jdbcmysql", clusterURL(t, g, order, mysqltest.URLProperty("failOverReadOnly", "false")))
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	if h := hostOf(t, plain); !isNode(h, lost) {
		t.Fatalf("without validation on %v, want the isolated node", h)
	}
	var id int
	err = plain.QueryRow("SELECT COUNT(*) FROM galera_it").Scan(&id)
	var me *mysql.MySQLError
	if !errors.As(err, &me) || me.Number != 1047 {
		t.Fatalf("table read on the isolated node: %v, want 1047", err)
	}
	// With jdbcmysql.validateConnection=galeraSynced the node is skipped.
	for _, scheme := range []string{"", "loadbalance"} {
		u := clusterURL(t, g, order, mysqltest.URLScheme(scheme), mysqltest.URLProperty("failOverReadOnly", "false"),
			mysqltest.URLProperty("jdbcmysql.validateConnection", "galeraSynced"))
		db, err := sql.Open("jdbcmysql", u)
		if err != nil {
			t.Fatal(err)
		}
		db.SetMaxIdleConns(0)
		for range 6 {
			if h := hostOf(t, db); isNode(h, lost) {
				t.Fatalf("%q: a connection on the isolated node", scheme)
			}
			if err := db.QueryRow("SELECT COUNT(*) FROM galera_it").Scan(&id); err != nil {
				t.Fatalf("%q: %v", scheme, err)
			}
		}
		db.Close()
	}
	// A Go hook sees the same, and its error names the host.
	conn, err := jdbcmysql.NewConnector(clusterURL(t, g, mysqltest.URLNodes(lost, g.Nodes[0])),
		jdbcmysql.WithValidateConnect(jdbcmysql.ValidateGaleraSynced))
	if err != nil {
		t.Fatal(err)
	}
	var failed error
	tctx := jdbcmysql.WithConnectTrace(ctx, func(a jdbcmysql.ConnectAttempt) {
		if a.Err != nil {
			failed = a.Err
		}
	})
	dc, err := conn.Connect(tctx)
	if err != nil {
		t.Fatal(err)
	}
	dc.Close()
	if !errors.Is(failed, jdbcmysql.ErrConnectionValidation) || !strings.Contains(failed.Error(), "wsrep_ready=OFF") {
		t.Fatalf("the isolated node's attempt failed with %v", failed)
	}
}

func TestIntegrationClusterKillPrimaryUnderLoad(t *testing.T) {
	// A cluster of its own: writes under load that the killed source did
	// not ship leave it diverged, which no heal undoes.
	ctx := context.Background()
	c, err := mysqltest.StartReplication(ctx, 2)
	if errors.Is(err, mysqltest.ErrUnavailable) && os.Getenv("CI") != "true" {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	src, next := c.Source(), c.Replicas()[0]
	rootExec(t, c, src, "CREATE TABLE IF NOT EXISTS "+c.Database+".load_it (id BIGINT AUTO_INCREMENT PRIMARY KEY, g INT, sid INT)")
	if err := c.WaitInSync(ctx); err != nil {
		t.Fatal(err)
	}
	ids := serverIDs(t, c)
	const connectTimeout = 2 * time.Second
	db, err := sql.Open("jdbcmysql", clusterURL(t, c, mysqltest.URLProperty("connectTimeout", "2000"),
		mysqltest.URLProperty("failOverReadOnly", "false"), mysqltest.URLProperty("retriesAllDown", "40")))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(16)
	addrs := c.Addrs()
	var (
		stop                 = make(chan struct{})
		wg                   sync.WaitGroup
		mu                   sync.Mutex
		unnamed              []error
		ok, failed           atomic.Int64
		promotedAt, resumeAt atomic.Int64 // unix nanoseconds
	)
	namesHost := func(err error) bool {
		var he *jdbcmysql.HostError
		if errors.As(err, &he) {
			return true
		}
		for _, a := range addrs {
			if strings.Contains(err.Error(), a) {
				return true
			}
		}
		return false
	}
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				qctx, cancel := context.WithTimeout(ctx, 10*time.Second)
				var err error
				if g%2 == 0 {
					var sid int64
					err = db.QueryRowContext(qctx, "SELECT @@server_id").Scan(&sid)
				} else {
					_, err = db.ExecContext(qctx, "INSERT INTO load_it (g, sid) VALUES (?, @@server_id)", g)
					if err == nil && promotedAt.Load() != 0 {
						resumeAt.CompareAndSwap(0, time.Now().UnixNano())
					}
				}
				cancel()
				if err == nil {
					ok.Add(1)
					continue
				}
				failed.Add(1)
				if !namesHost(err) {
					mu.Lock()
					unnamed = append(unnamed, err)
					mu.Unlock()
				}
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	time.Sleep(time.Second)
	before := ok.Load()
	if err := src.Kill(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.Promote(ctx, next); err != nil {
		t.Fatal(err)
	}
	promotedAt.Store(time.Now().UnixNano())
	deadline := time.Now().Add(30 * time.Second)
	for resumeAt.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond)
	close(stop)
	wg.Wait()
	if before == 0 {
		t.Fatal("no query succeeded before the kill")
	}
	for i, err := range unnamed {
		if i < 5 {
			t.Errorf("an error that names no host: %v", err)
		}
	}
	if resumeAt.Load() == 0 {
		t.Fatalf("writes did not resume within 30 s of the promotion (%d ok, %d failed)", ok.Load(), failed.Load())
	}
	resume := time.Duration(resumeAt.Load() - promotedAt.Load())
	t.Logf("%s backend: writes resumed %v after the promotion (%d queries ok, %d failed)", c.Backend, resume, ok.Load(), failed.Load())
	if limit := connectTimeout + 3*time.Second; resume > limit {
		t.Errorf("writes resumed %v after the promotion, want within connectTimeout plus one attempt (%v)", resume, limit)
	}
	var sid int64
	if err := db.QueryRow("SELECT sid FROM load_it ORDER BY id DESC LIMIT 1").Scan(&sid); err != nil {
		t.Fatal(err)
	}
	if n := ids[sid]; n != next {
		t.Errorf("the last write ran on %v, want the new source %s", n, next.Addr)
	}
}
