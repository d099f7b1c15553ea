// This file loads the fixture service directory (testdata/service) with
// profiles and environment variables and connects as the REQUIRE X509 user,
// checking the pool through db.Stats() and the session settings on the server.

package spring_test

import (
	"context"
	"crypto/x509"
	"database/sql"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jdbcmysql/jdbcmysql/mysqltest"
	"github.com/jdbcmysql/jdbcmysql/spring"
)

func TestIntegrationServiceDirectory(t *testing.T) {
	srv := mysqltest.Start(t)
	cert, err := srv.NewClientCert("orders-service")
	if err != nil {
		t.Fatal(err)
	}
	vol := newSecretVolume(t, secretFiles(t, cert, []*x509.Certificate{srv.CA.Certificate}, "LegacyRC2"))
	root, _ := filepath.Abs("testdata/service")
	env := append(serviceEnv(srv),
		"DB_HOST="+srv.Host, "DB_PORT="+strconv.Itoa(srv.Port), "DB_NAME="+srv.Database,
		"TLS_DIR="+vol.mount, "SPRING_PROFILES_ACTIVE=prod",
		"SPRING_DATASOURCE_HIKARI_CONNECTIONTIMEOUT=4000")
	ds, err := spring.Load(spring.Options{Dirs: []string{root + ";" + filepath.Join(root, "config")}, Env: env})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ds.Profiles, ",") != "prod" {
		t.Fatalf("profiles %q", ds.Profiles)
	}
	if ds.Pool.MaxOpenConns != 8 || ds.Pool.ConnMaxIdleTime != 45*time.Second || ds.Pool.ConnectionTimeout != 4*time.Second {
		t.Fatalf("pool %+v", ds.Pool)
	}
	if ds.Config.ConnectTimeout != 10*time.Second {
		t.Fatalf("connectTimeout %v, want config/application.properties' 10 s", ds.Config.ConnectTimeout)
	}
	db, err := ds.OpenDB()
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	// Hold eight connections at once, then release them.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var conns []*sql.Conn
	for i := 0; i < 8; i++ {
		c, err := ds.Pool.Conn(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	// A ninth waits for connection-timeout (4 s from the environment) and fails.
	start := time.Now()
	if c, err := ds.Pool.Conn(ctx, db); err == nil {
		c.Close()
		t.Fatal("a ninth connection was handed out; maximum-pool-size is 8")
	}
	if waited := time.Since(start); waited < 3500*time.Millisecond || waited > 20*time.Second {
		t.Fatalf("the ninth acquisition gave up after %v, want about 4 s", waited)
	}
	st := db.Stats()
	if st.MaxOpenConnections != 8 || st.OpenConnections != 8 || st.InUse != 8 || st.WaitCount < 1 {
		t.Fatalf("stats %+v", st)
	}
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Add(1)
		go func(c *sql.Conn) { defer wg.Done(); c.Close() }(c)
	}
	wg.Wait()
	if st := db.Stats(); st.Idle != 8 || st.InUse != 0 {
		t.Fatalf("after release: %+v; want 8 idle (MaxIdleConns = maximum-pool-size)", st)
	}

	// Session settings from transaction-isolation and connection-init-sql.
	conn, err := ds.Pool.Conn(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	iso := sessionVar(t, conn, "transaction_isolation", "tx_isolation")
	if iso != "READ-COMMITTED" {
		t.Fatalf("isolation %q, want READ-COMMITTED", iso)
	}
	if mode := sessionVar(t, conn, "sql_mode"); !strings.Contains(mode, "STRICT_ALL_TABLES") || !strings.Contains(mode, "NO_ZERO_DATE") {
		t.Fatalf("sql_mode %q", mode)
	}
	var user string
	if err := conn.QueryRowContext(ctx, "SELECT CURRENT_USER()").Scan(&user); err != nil || !strings.HasPrefix(user, srv.Users.X509+"@") {
		t.Fatalf("user %q err %v", user, err)
	}
	var ignored []string
	for _, ig := range ds.Ignored {
		ignored = append(ignored, ig.Key)
	}
	if got := strings.Join(ignored, " "); !strings.Contains(got, "keepalive-time") || !strings.Contains(got, "pool-name") {
		t.Fatalf("ignored %q", got)
	}
}

// sessionVar reads the first of names the server knows (MySQL 8 and
// MariaDB 11 say transaction_isolation, MariaDB 10 tx_isolation).
func sessionVar(t *testing.T, conn *sql.Conn, names ...string) string {
	t.Helper()
	var lastErr error
	for _, n := range names {
		var v string
		err := conn.QueryRowContext(context.Background(), "SELECT @@SESSION."+n).Scan(&v)
		if err == nil {
			return v
		}
		lastErr = err
	}
	t.Fatalf("reading %v: %v", names, lastErr)
	return ""
}
