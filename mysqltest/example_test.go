// Examples of starting a test server; they compile but do not run, since a
// server needs a local mysqld/mariadbd or a Docker engine.

package mysqltest_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/jdbcmysql/jdbcmysql/mysqltest"
)

// A test that connects as the REQUIRE X509 user with a fresh client
// certificate written as a JKS key store.
func ExampleStart() {
	testX509 := func(t *testing.T) {
		srv := mysqltest.Start(t) // shared per test binary; skips when no backend can run
		cert, err := srv.NewClientCert("my-client")
		if err != nil {
			t.Fatal(err)
		}
		keyStore := filepath.Join(t.TempDir(), "client.jks")
		if err := cert.WriteJKS(keyStore, "mypassword", "mysqlclient"); err != nil {
			t.Fatal(err)
		}
		url := fmt.Sprintf("jdbc:mysql://%s/%s?user=%s&password=%s&sslMode=VERIFY_CA"+
			"&clientCertificateKeyStoreUrl=file:%s&clientCertificateKeyStorePassword=mypassword"+
			"&trustCertificateKeyStoreUrl=file:%s&trustCertificateKeyStoreType=PEM",
			srv.Addr, srv.Database, srv.Users.X509, srv.Users.Password, keyStore, srv.CAFile)
		_ = url // hand it to jdbcmysql.NewConnector

		// Or talk to the server directly with go-sql-driver/mysql:
		db, err := srv.DB(srv.Users.X509, srv.Users.Password, cert)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
	}
	_ = testX509
}

// A server of one's own outside tests, for a demo; Close removes it.
func ExampleStartServer() {
	srv, err := mysqltest.StartServer(context.Background(), mysqltest.WithBackend(mysqltest.BackendProcess))
	if err != nil {
		fmt.Println(err) // errors.Is(err, mysqltest.ErrUnavailable) when no server binary exists
		return
	}
	defer srv.Close()
	fmt.Println(srv) // e.g. "10.11.19-MariaDB at 127.0.0.1:40123 (process, tls=true)"
}

// A test binary shares one replication cluster: Replication starts it on
// first use, every later call with the same size and options returns it,
// and CloseAll in TestMain stops it.
func ExampleReplication() {
	// func TestMain(m *testing.M) {
	// 	code := m.Run()
	// 	mysqltest.CloseAll()
	// 	os.Exit(code)
	// }
	testReadsOnReplicas := func(t *testing.T) {
		c := mysqltest.Replication(t, 2) // a source and two replicas
		url, err := c.JDBCURL(c.Users.X509, mysqltest.URLScheme("replication"))
		if err != nil {
			t.Fatal(err)
		}
		_ = url // jdbc:mysql:replication://source,replica1,replica2/... with VERIFY_IDENTITY per host

		src, err := c.Source().DB(c.RootUser, c.RootPassword, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		if _, err := src.Exec("CREATE TABLE t (id INT PRIMARY KEY)"); err != nil {
			t.Fatal(err)
		}
		if err := c.WaitInSync(context.Background()); err != nil { // every replica has the table now
			t.Fatal(err)
		}
	}
	_ = testReadsOnReplicas
}

// Failing over by hand: kill the source, promote a replica, and put the
// shared cluster back together when the test ends.
func ExampleCluster_Promote() {
	testFailover := func(t *testing.T) {
		c := mysqltest.Replication(t, 2)
		ctx := context.Background()
		t.Cleanup(func() {
			if err := c.Heal(ctx); err != nil { // restarts the old source as a replica of the new one
				t.Error(err)
			}
		})
		if err := c.Source().Kill(ctx); err != nil {
			t.Fatal(err)
		}
		if err := c.Promote(ctx, c.Replicas()[0]); err != nil {
			t.Fatal(err)
		}
		fmt.Println("new source:", c.Source().Addr)
	}
	_ = testFailover
}

// The fault controls of one node, each showing a failure shape a real
// network has.
func ExampleServer_Pause() {
	testSilentHost := func(t *testing.T) {
		srv, err := mysqltest.StartServer(context.Background()) // a server of its own: the test breaks it
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		ctx := context.Background()
		if err := srv.Pause(ctx); err != nil { // accepts TCP, never answers
			t.Fatal(err)
		}
		// ... a connect with connectTimeout=1000 fails after about 1 s ...
		if err := srv.Unpause(ctx); err != nil {
			t.Fatal(err)
		}
		if err := srv.Kill(ctx); err != nil { // refused at once (process backend)
			t.Fatal(err)
		}
		if err := srv.Start(ctx); err != nil { // same data, same address
			t.Fatal(err)
		}
	}
	_ = testSilentHost
}

// A test binary shares one Galera cluster (about 20 s to start on the
// process backend, 30-40 s in containers); a test that breaks it heals it.
func ExampleGalera() {
	testNonPrimaryNode := func(t *testing.T) {
		c := mysqltest.Galera(t, 3)
		ctx := context.Background()
		t.Cleanup(func() {
			if err := c.Heal(ctx); err != nil {
				t.Error(err)
			}
		})
		url, err := c.JDBCURL(c.Users.X509, mysqltest.URLScheme("loadbalance"))
		if err != nil {
			t.Fatal(err)
		}
		_ = url // jdbc:mysql:loadbalance://node1,node2,node3/...
		// Cut node 1 off: with both peers silent it leaves the primary
		// component after about 5 s; it still accepts an X509 login, but
		// every table access fails with error 1047.
		for _, n := range c.Nodes[1:] {
			if err := n.Pause(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	_ = testNonPrimaryNode
}

// JDBCURL writes the key stores a test user needs and returns a URL that
// logs it in through jdbcmysql.
func ExampleServer_JDBCURL() {
	testX509URL := func(t *testing.T) {
		srv := mysqltest.Start(t)
		url, err := srv.JDBCURL(srv.Users.X509, mysqltest.URLStoreType("JKS"), mysqltest.URLProperty("connectTimeout", "2000"))
		if err != nil {
			t.Fatal(err)
		}
		// jdbc:mysql://127.0.0.1:PORT/jdbcmysql_test?user=x509user&password=…&sslMode=VERIFY_IDENTITY
		//   &trustCertificateKeyStoreUrl=file%3A…&clientCertificateKeyStoreUrl=file%3A…&connectTimeout=2000
		_ = url // hand it to jdbcmysql.NewConnector
	}
	_ = testX509URL
}

// Server-wide settings a test needs: an empty sql_mode (no
// STRICT_TRANS_TABLES), a global time zone, any other server flag.
func ExampleWithSQLMode() {
	testTruncation := func(t *testing.T) {
		srv := mysqltest.Start(t,
			mysqltest.WithSQLMode(""),
			mysqltest.WithTimeZone("+05:00"), // or a named zone: the time-zone tables are loaded
			mysqltest.WithServerFlags("--max-allowed-packet=4M"))
		_ = srv
	}
	_ = testTruncation
}

// One CA for several servers and a cluster: one trust store trusts them all.
func ExampleWithCA() {
	testOneTrustStore := func(t *testing.T) {
		ca, err := mysqltest.NewCA("my test CA")
		if err != nil {
			t.Fatal(err)
		}
		a := mysqltest.Start(t, mysqltest.WithCA(ca))
		b := mysqltest.Start(t, mysqltest.WithCA(ca), mysqltest.WithSQLMode(""))
		c := mysqltest.Replication(t, 1, mysqltest.WithCA(ca))
		if err := ca.WriteTrustStorePKCS12(filepath.Join(t.TempDir(), "trust.p12"), "changeit"); err != nil {
			t.Fatal(err)
		}
		_, _, _ = a, b, c
	}
	_ = testOneTrustStore
}

// The docker backend is compiled in only with -tags docker. A binary built
// without it refuses that backend with ErrDockerNotBuilt, which is also an
// ErrUnavailable: Start skips the test (fails it under CI=true).
func ExampleErrDockerNotBuilt() {
	srv, err := mysqltest.StartServer(context.Background(), mysqltest.WithBackend(mysqltest.BackendDocker))
	if errors.Is(err, mysqltest.ErrDockerNotBuilt) {
		fmt.Println("rebuild with: go test -tags docker ./...")
		return
	}
	if err != nil {
		fmt.Println(err) // e.g. no Docker engine answers, or no image is present
		return
	}
	defer srv.Close()
	fmt.Println(srv)
}
