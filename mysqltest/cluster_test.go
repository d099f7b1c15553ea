// Tests of replication and Galera clusters on both backends: nodes have
// their own identities, replication replicates, replicas refuse writes, a
// Galera node cut off from its peers refuses table access, and every fault
// control does what it says.

package mysqltest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// replicationCluster returns the shared two-replica cluster of a backend,
// logging how long a fresh start took.
func replicationCluster(t *testing.T, backend string) *Cluster {
	t.Helper()
	begin := time.Now()
	c := Replication(t, 2, WithBackend(backend))
	if d := time.Since(begin); d > time.Second {
		t.Logf("started %v in %.1f s", c, d.Seconds())
	}
	return c
}

// x509DB opens a pool to s as the X509 user (no SUPER: read_only applies).
func x509DB(t *testing.T, s *Server) *sql.DB {
	t.Helper()
	cert, err := s.NewClientCert("cluster-test-client")
	if err != nil {
		t.Fatal(err)
	}
	db, err := s.DB(s.Users.X509, s.Users.Password, cert)
	if err != nil {
		t.Fatalf("X509 login on %s: %v", s, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// loginOnce makes one fresh connection to s as root within timeout and
// runs SELECT 1, reporting how long it took.
func loginOnce(s *Server, timeout time.Duration) (time.Duration, error) {
	cfg := s.mysqlConfig(s.RootUser, s.RootPassword)
	cfg.TLS = s.TLSConfig(nil)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	begin := time.Now()
	db, err := openPingContext(ctx, cfg)
	if err == nil {
		db.Close()
	}
	return time.Since(begin), err
}

func mustExec(t *testing.T, db *sql.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func serverID(t *testing.T, db *sql.DB) int {
	t.Helper()
	var id int
	if err := db.QueryRow("SELECT @@server_id").Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func mysqlErrNumber(err error) uint16 {
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return me.Number
	}
	return 0
}

func TestReplicationCluster(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			c := replicationCluster(t, backend)
			ctx := context.Background()
			if c.Source() != c.Nodes[0] || len(c.Replicas()) != 2 || len(c.Nodes) != 3 {
				t.Fatalf("roles: source %v, replicas %v", c.Source(), c.Replicas())
			}
			checkNodeIdentities(t, c)

			source := x509DB(t, c.Source())
			sourceID := serverID(t, source)
			table := "repl_" + randomName()
			mustExec(t, source, "CREATE TABLE "+table+" (id INT PRIMARY KEY, written_by INT, at DATETIME)")
			mustExec(t, source, "INSERT INTO "+table+" VALUES (1, @@server_id, CONVERT_TZ('2024-03-31 00:30:00', 'UTC', 'Europe/Berlin'))")
			if err := c.WaitInSync(ctx); err != nil {
				t.Fatal(err)
			}
			for _, r := range c.Replicas() {
				db := x509DB(t, r)
				if id := serverID(t, db); id == sourceID {
					t.Errorf("replica %s has the source's server_id %d", r.Name, id)
				}
				var writtenBy int
				var at string
				if err := db.QueryRow("SELECT written_by, CAST(at AS CHAR) FROM "+table+" WHERE id = 1").Scan(&writtenBy, &at); err != nil {
					t.Fatalf("reading the replicated row on %s: %v", r.Name, err)
				}
				if writtenBy != sourceID || at != "2024-03-31 01:30:00" {
					t.Errorf("replica %s read (%d, %s), want (%d, 2024-03-31 01:30:00)", r.Name, writtenBy, at, sourceID)
				}
				_, err := db.Exec("INSERT INTO " + table + " VALUES (2, @@server_id, NULL)")
				if mysqlErrNumber(err) != 1290 {
					t.Errorf("a write on replica %s: %v, want error 1290 (read-only)", r.Name, err)
				}
			}
		})
	}
}

// checkNodeIdentities checks that each node listens on its own address
// with a certificate naming exactly it, from the cluster's one CA, and
// has the test users.
func checkNodeIdentities(t *testing.T, c *Cluster) {
	t.Helper()
	seen := map[string]bool{}
	for _, s := range c.Nodes {
		if seen[s.Host] {
			t.Fatalf("two nodes on %s", s.Host)
		}
		seen[s.Host] = true
		if !strings.HasPrefix(s.Name, c.Name+"-node") || s.CA != c.CA || s.Users != c.Users {
			t.Fatalf("node %s: name, CA or users differ from the cluster's", s.Name)
		}
		cert, err := readPEMCertificate(s.ServerCertFile)
		if err != nil {
			t.Fatal(err)
		}
		if err := cert.VerifyHostname(s.Host); err != nil {
			t.Errorf("node %s: certificate does not name its address: %v", s.Name, err)
		}
		if err := cert.VerifyHostname(s.Name); err != nil {
			t.Errorf("node %s: certificate does not name the node: %v", s.Name, err)
		}
		for _, other := range c.Nodes {
			if other != s && cert.VerifyHostname(other.Host) == nil {
				t.Errorf("node %s's certificate also names %s", s.Name, other.Host)
			}
		}
		if c.Backend == BackendProcess && !strings.HasPrefix(s.Host, "127.0.0.") {
			t.Errorf("process node %s on %s, want 127.0.0.x", s.Name, s.Host)
		}
		for _, u := range []string{c.Users.X509, c.Users.SSL} {
			var cert *ClientCert
			if u == c.Users.X509 {
				if cert, err = s.NewClientCert("identity-check"); err != nil {
					t.Fatal(err)
				}
			}
			db, err := s.DB(u, c.Users.Password, cert)
			if err != nil {
				t.Errorf("node %s: login as %s: %v", s.Name, u, err)
				continue
			}
			db.Close()
		}
	}
}

func TestReplicationFaults(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			c := replicationCluster(t, backend)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			t.Cleanup(func() { healCluster(t, c) })
			replica := c.Replicas()[0]
			source := x509DB(t, c.Source())
			table := "faults_" + randomName()
			mustExec(t, source, "CREATE TABLE "+table+" (id INT PRIMARY KEY)")

			t.Run("kill and start", func(t *testing.T) {
				if err := replica.Kill(ctx); err != nil {
					t.Fatal(err)
				}
				d, err := loginOnce(replica, 3*time.Second)
				checkKilled(t, replica, d, err)
				mustExec(t, source, "INSERT INTO "+table+" VALUES (1)")
				begin := time.Now()
				if err := replica.Start(ctx); err != nil {
					t.Fatal(err)
				}
				t.Logf("restarted %s in %.1f s", replica.Name, time.Since(begin).Seconds())
				if err := c.WaitInSync(ctx); err != nil {
					t.Fatal(err)
				}
				var n int
				if err := x509DB(t, replica).QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil || n != 1 {
					t.Fatalf("after the restart the replica has %d rows (%v), want 1", n, err)
				}
			})

			t.Run("pause", func(t *testing.T) {
				if err := replica.Pause(ctx); err != nil {
					t.Fatal(err)
				}
				d, err := loginOnce(replica, time.Second)
				if err == nil || d < 900*time.Millisecond || d > 5*time.Second {
					t.Errorf("login to a paused node: %v after %v; want a failure at the 1 s deadline", err, d)
				}
				if err := replica.Pause(ctx); !errors.Is(err, ErrWrongState) {
					t.Errorf("Pause of a paused node: %v, want ErrWrongState", err)
				}
				if err := replica.Unpause(ctx); err != nil {
					t.Fatal(err)
				}
				if _, err := loginOnce(replica, 10*time.Second); err != nil {
					t.Fatalf("login after Unpause: %v", err)
				}
			})

			t.Run("stop and start the source", func(t *testing.T) {
				src := c.Source()
				addr := src.Addr
				if err := src.Stop(ctx); err != nil {
					t.Fatal(err)
				}
				if _, err := loginOnce(src, 5*time.Second); err == nil {
					t.Fatal("a stopped server accepted a login")
				}
				if err := src.Start(ctx); err != nil {
					t.Fatal(err)
				}
				if src.Addr != addr {
					t.Fatalf("restarted at %s, was %s", src.Addr, addr)
				}
				var n int
				if err := x509DB(t, src).QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil || n != 1 {
					t.Fatalf("after the restart the source has %d rows (%v), want 1", n, err)
				}
			})

			t.Run("promote", func(t *testing.T) {
				old := c.Source()
				if err := old.Kill(ctx); err != nil {
					t.Fatal(err)
				}
				begin := time.Now()
				if err := c.Promote(ctx, replica); err != nil {
					t.Fatal(err)
				}
				t.Logf("promoted %s in %.2f s", replica.Name, time.Since(begin).Seconds())
				if c.Source() != replica {
					t.Fatalf("Source() = %v after promoting %v", c.Source(), replica)
				}
				mustExec(t, x509DB(t, replica), "INSERT INTO "+table+" VALUES (2)")
				if err := c.Heal(ctx); err != nil {
					t.Fatal(err)
				}
				for _, s := range c.Nodes {
					var n int
					if err := x509DB(t, s).QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil || n != 2 {
						t.Errorf("after healing, %s has %d rows (%v), want 2", s.Name, n, err)
					}
				}
				for _, s := range c.Nodes {
					_, err := x509DB(t, s).Exec("INSERT INTO " + table + " VALUES (3)")
					if s == replica && err != nil {
						t.Errorf("the new source refused a write: %v", err)
					}
					if s != replica && mysqlErrNumber(err) != 1290 {
						t.Errorf("a write on %s (now a replica): %v, want error 1290", s.Name, err)
					}
				}
				if err := c.Promote(ctx, old); err != nil { // back to the original roles for other tests
					t.Fatal(err)
				}
			})
		})
	}
}

// checkKilled checks the failure shape of a login to a killed node: the
// process backend refuses at once, a container's address stops answering.
func checkKilled(t *testing.T, s *Server, d time.Duration, err error) {
	t.Helper()
	if err == nil {
		t.Fatalf("a killed node accepted a login")
	}
	var opErr *net.OpError
	refused := errors.As(err, &opErr) && strings.Contains(opErr.Err.Error(), "connection refused")
	switch s.Backend {
	case BackendProcess:
		if !refused || d > time.Second {
			t.Errorf("login to a killed process: %v after %v; want a refusal at once", err, d)
		}
	default:
		if refused {
			t.Errorf("login to a killed container was refused (%v); want no answer", err)
		}
		t.Logf("login to a killed container failed after %v: %v", d.Round(10*time.Millisecond), err)
	}
}

// healCluster restores a shared cluster after a test broke it.
func healCluster(t *testing.T, c *Cluster) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := c.Heal(ctx); err != nil {
		t.Errorf("Heal: %v", err)
	}
}

func TestNodeFaultsRefuseWrongStates(t *testing.T) {
	s := &Server{Addr: "127.0.0.1:1"}
	if err := s.Kill(context.Background()); !errors.Is(err, ErrWrongState) {
		t.Errorf("Kill of a server that never ran: %v", err)
	}
}

// galeraCluster returns the shared three-node Galera cluster of a backend,
// logging how long a fresh start took.
func galeraCluster(t *testing.T, backend string) *Cluster {
	t.Helper()
	begin := time.Now()
	c := Galera(t, 3, WithBackend(backend))
	if d := time.Since(begin); d > time.Second {
		t.Logf("started %v in %.1f s", c, d.Seconds())
	}
	return c
}

// galeraStatusOf reads one wsrep status variable.
func galeraStatusOf(t *testing.T, s *Server, name string) string {
	t.Helper()
	st, err := s.galeraStatus(context.Background())
	if err != nil {
		t.Fatalf("wsrep status of %s: %v", s.Name, err)
	}
	return st[name]
}

func TestGaleraCluster(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			c := galeraCluster(t, backend)
			if c.Source() != nil || c.Replicas() != nil {
				t.Fatal("a Galera cluster reports a source or replicas")
			}
			checkNodeIdentities(t, c)
			for _, s := range c.Nodes {
				if got := galeraStatusOf(t, s, "wsrep_cluster_size"); got != "3" {
					t.Errorf("%s: wsrep_cluster_size = %s, want 3", s.Name, got)
				}
				var name, opts string
				if err := x509DB(t, s).QueryRow("SHOW VARIABLES LIKE 'wsrep_provider_options'").Scan(&name, &opts); err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(opts, "socket.ssl = YES") || !strings.Contains(opts, "server-cert.pem") {
					t.Errorf("%s: the nodes do not talk over TLS with their certificates: %s", s.Name, opts)
				}
			}
			table := "galera_" + randomName()
			first := x509DB(t, c.Nodes[0])
			mustExec(t, first, "CREATE TABLE "+table+" (id INT PRIMARY KEY, written_by INT)")
			mustExec(t, first, "INSERT INTO "+table+" VALUES (1, @@server_id)")
			for i, s := range c.Nodes {
				conn, err := x509DB(t, s).Conn(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				mustExecConn(t, conn, "SET SESSION wsrep_sync_wait = 1") // read after all that the cluster committed
				var n int
				want := max(i, 1) // the first node's row and those of the nodes before this one
				if err := conn.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil || n != want {
					t.Errorf("%s has %d rows (%v), want %d", s.Name, n, err, want)
				}
				if i > 0 {
					if _, err := conn.ExecContext(context.Background(), "INSERT INTO "+table+" VALUES (?, @@server_id)", i+1); err != nil {
						t.Errorf("%s refused a write: %v", s.Name, err)
					}
				}
				conn.Close()
			}
		})
	}
}

// causalCount counts a table's rows on a Galera node after the node has
// applied everything the cluster committed before (wsrep_sync_wait).
func causalCount(t *testing.T, s *Server, table string) int {
	t.Helper()
	conn, err := x509DB(t, s).Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	mustExecConn(t, conn, "SET SESSION wsrep_sync_wait = 1")
	var n int
	if err := conn.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatalf("counting %s on %s: %v", table, s.Name, err)
	}
	return n
}

func mustExecConn(t *testing.T, conn *sql.Conn, query string) {
	t.Helper()
	if _, err := conn.ExecContext(context.Background(), query); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func TestGaleraFaults(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			c := galeraCluster(t, backend)
			t.Cleanup(func() { healCluster(t, c) })
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			table := "gfaults_" + randomName()
			mustExec(t, x509DB(t, c.Nodes[1]), "CREATE TABLE "+table+" (id INT PRIMARY KEY)")
			// Every node applies the table before one is killed: a node killed
			// between certifying and applying a DDL can come back without it.
			for _, s := range c.Nodes {
				if n := causalCount(t, s, table); n != 0 {
					t.Fatalf("%s: %d rows in a new table", s.Name, n)
				}
			}

			t.Run("kill the bootstrap node and start it again", func(t *testing.T) {
				n1 := c.Nodes[0]
				if err := n1.Kill(ctx); err != nil {
					t.Fatal(err)
				}
				d, err := loginOnce(n1, 3*time.Second)
				checkKilled(t, n1, d, err)
				begin := time.Now()
				err = pollUntil(ctx, "the survivors to evict the killed node", 250*time.Millisecond, func(ctx context.Context) error {
					if got := galeraStatusOf(t, c.Nodes[1], "wsrep_cluster_size"); got != "2" {
						return fmt.Errorf("wsrep_cluster_size %s", got)
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("survivors evicted the killed node after %.1f s", time.Since(begin).Seconds())
				mustExec(t, x509DB(t, c.Nodes[2]), "INSERT INTO "+table+" VALUES (1)")
				begin = time.Now()
				if err := n1.Start(ctx); err != nil {
					t.Fatal(err)
				}
				t.Logf("the killed node rejoined and synced in %.1f s", time.Since(begin).Seconds())
				if n := causalCount(t, n1, table); n != 1 {
					t.Fatalf("the rejoined node has %d rows, want 1", n)
				}
			})

			t.Run("a node cut off from its peers", func(t *testing.T) {
				lone := c.Nodes[0]
				for _, s := range c.Nodes[1:] {
					if err := s.Pause(ctx); err != nil {
						t.Fatal(err)
					}
				}
				d, err := loginOnce(c.Nodes[1], time.Second)
				if err == nil || d < 900*time.Millisecond || d > 5*time.Second {
					t.Errorf("login to a paused node: %v after %v; want a failure at the 1 s deadline", err, d)
				}
				begin := time.Now()
				err = pollUntil(ctx, "the lone node to leave the primary component", 250*time.Millisecond, func(ctx context.Context) error {
					if got := galeraStatusOf(t, lone, "wsrep_cluster_status"); got == "Primary" {
						return errors.New("still Primary")
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("the lone node left the primary component after %.1f s", time.Since(begin).Seconds())
				cert, err := lone.NewClientCert("lone-node-client")
				if err != nil {
					t.Fatal(err)
				}
				db, err := lone.DB(lone.Users.X509, lone.Users.Password, cert)
				if err != nil {
					t.Fatalf("X509 login on a non-primary node: %v", err)
				}
				defer db.Close()
				var user string
				if err := db.QueryRow("SELECT CURRENT_USER()").Scan(&user); err != nil || user != lone.Users.X509+"@%" {
					t.Errorf("CURRENT_USER() on a non-primary node: %q, %v", user, err)
				}
				var n int
				err = db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n)
				if mysqlErrNumber(err) != 1047 {
					t.Errorf("table access on a non-primary node: %v, want error 1047", err)
				}
				begin = time.Now()
				for _, s := range c.Nodes[1:] {
					if err := s.Unpause(ctx); err != nil {
						t.Fatal(err)
					}
				}
				if err := c.WaitInSync(ctx); err != nil {
					t.Fatal(err)
				}
				t.Logf("the cluster was whole again %.1f s after the unpause", time.Since(begin).Seconds())
			})
		})
	}
}
