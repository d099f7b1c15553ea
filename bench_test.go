// This file measures jdbcmysql side by side with plain go-sql-driver/mysql
// on one real server whose user REQUIRES X509: each pair runs in the same
// process, interleaved op by op, and reports both times and their ratio.
// Run with make bench (go test -run '^$' -bench . -benchmem).

package jdbcmysql

import (
	"context"
	"crypto/tls"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net/url"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jdbcmysql/jdbcmysql/mysqltest"
)

// benchServer is the shared server and the client certificate's files.
type benchServer struct {
	srv             *mysqltest.Server
	jks             string // JKS key store, password benchPassword
	certPEM, keyPEM string // the same certificate and key as PEM
	rawCert         tls.Certificate
}

const benchPassword = "mypassword"

// setupBench starts (or reuses) the server and mints an RSA-2048 client
// certificate for the X509 user, written as JKS and as PEM.
func setupBench(b *testing.B) *benchServer {
	b.Helper()
	s := &benchServer{srv: mysqltest.Start(b)}
	dir := b.TempDir()
	cert, err := s.srv.NewClientCert("bench-client")
	if err != nil {
		b.Fatal(err)
	}
	s.jks = filepath.Join(dir, "keystore.jks")
	s.certPEM, s.keyPEM = filepath.Join(dir, "client-cert.pem"), filepath.Join(dir, "client-key.pem")
	for _, err := range []error{cert.WriteJKS(s.jks, benchPassword, "mysqlclient"), cert.WritePEM(s.certPEM, s.keyPEM)} {
		if err != nil {
			b.Fatal(err)
		}
	}
	if s.rawCert, err = tls.LoadX509KeyPair(s.certPEM, s.keyPEM); err != nil {
		b.Fatal(err)
	}
	return s
}

// jdbcConnector returns a jdbcmysql connector for the X509 user with the
// JKS key store and extra URL properties.
func (s *benchServer) jdbcConnector(b *testing.B, props string, opts ...Option) *Connector {
	b.Helper()
	u := fmt.Sprintf("jdbc:mysql://%s/%s?user=%s&password=%s&clientCertificateKeyStoreUrl=%s&clientCertificateKeyStorePassword=%s%s",
		s.srv.Addr, s.srv.Database, s.srv.Users.X509, url.QueryEscape(s.srv.Users.Password),
		url.QueryEscape("file:"+s.jks), benchPassword, props)
	c, err := NewConnector(u, opts...)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// rawConnector returns a plain go-sql-driver connector with a hand-built
// tls.Config: the PEM key pair, no chain verification (as sslMode=REQUIRED)
// and no session cache.
func (s *benchServer) rawConnector(b *testing.B, cert tls.Certificate, maxVersion uint16) driver.Connector {
	b.Helper()
	cfg := mysql.NewConfig()
	cfg.User, cfg.Passwd = s.srv.Users.X509, s.srv.Users.Password
	cfg.Net, cfg.Addr, cfg.DBName = "tcp", s.srv.Addr, s.srv.Database
	cfg.ParseTime = true // as jdbcmysql reads DATETIME, TIMESTAMP and DATE
	cfg.TLS = &tls.Config{
		Certificates:       []tls.Certificate{cert},
		InsecureSkipVerify: true,
		MinVersion:         tls.VersionTLS12,
		MaxVersion:         maxVersion,
	}
	c, err := mysql.NewConnector(cfg)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// connectPingClose is one full connection lifetime.
func connectPingClose(ctx context.Context, c driver.Connector) error {
	conn, err := c.Connect(ctx)
	if err != nil {
		return err
	}
	if err := conn.(driver.Pinger).Ping(ctx); err != nil {
		conn.Close()
		return err
	}
	return conn.Close()
}

// pair runs jdbc and raw alternately b.N times each and reports each side's
// mean time and the ratio jdbcmysql/raw.
func pair(b *testing.B, jdbc, raw func() error) {
	b.Helper()
	for range 3 { // warm both sides up
		if err := jdbc(); err != nil {
			b.Fatal("jdbcmysql: ", err)
		}
		if err := raw(); err != nil {
			b.Fatal("raw: ", err)
		}
	}
	var tj, tr time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		first, second, t1, t2 := jdbc, raw, &tj, &tr
		if i%2 == 1 { // alternate who goes first
			first, second, t1, t2 = raw, jdbc, &tr, &tj
		}
		start := time.Now()
		if err := first(); err != nil {
			b.Fatal(err)
		}
		mid := time.Now()
		if err := second(); err != nil {
			b.Fatal(err)
		}
		*t1 += mid.Sub(start)
		*t2 += time.Since(mid)
	}
	b.StopTimer()
	b.ReportMetric(float64(tj.Nanoseconds())/float64(b.N), "jdbc-ns/op")
	b.ReportMetric(float64(tr.Nanoseconds())/float64(b.N), "raw-ns/op")
	b.ReportMetric(float64(tj)/float64(tr), "x-raw")
}

func single(b *testing.B, op func() error) {
	b.Helper()
	if err := op(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := op(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConnectFullHandshake: connect, ping, close with a full TLS 1.3
// handshake and an RSA-2048 client certificate; jdbcmysql (sslMode=REQUIRED,
// JKS key store, resumption off) against go-sql-driver with the same key
// pair from PEM. Target: x-raw <= 1.03.
func BenchmarkConnectFullHandshake(b *testing.B) {
	s := setupBench(b)
	ctx := context.Background()
	jc := s.jdbcConnector(b, "&sslMode=REQUIRED", WithoutSessionResumption())
	rc := s.rawConnector(b, s.rawCert, tls.VersionTLS13)
	jdbc := func() error { return connectPingClose(ctx, jc) }
	raw := func() error { return connectPingClose(ctx, rc) }
	b.Run("jdbcmysql", func(b *testing.B) { single(b, jdbc) })
	b.Run("raw", func(b *testing.B) { single(b, raw) })
	b.Run("pair", func(b *testing.B) { pair(b, jdbc, raw) })
}

// BenchmarkReconnectResumed: jdbcmysql's default session resumption against
// go-sql-driver without a session cache, TLS 1.3 and TLS 1.2. Target:
// x-raw <= 0.5.
func BenchmarkReconnectResumed(b *testing.B) {
	s := setupBench(b)
	ctx := context.Background()
	for _, v := range []struct {
		name  string
		props string
		max   uint16
	}{
		{"TLS1.3", "&sslMode=REQUIRED&tlsVersions=TLSv1.3", tls.VersionTLS13},
		{"TLS1.2", "&sslMode=REQUIRED&tlsVersions=TLSv1.2", tls.VersionTLS12},
	} {
		jc := s.jdbcConnector(b, v.props)
		rc := s.rawConnector(b, s.rawCert, v.max)
		b.Run(v.name, func(b *testing.B) {
			pair(b, func() error { return connectPingClose(ctx, jc) }, func() error { return connectPingClose(ctx, rc) })
		})
	}
}

// BenchmarkPoolWarmup opens 64 connections at once through one new *sql.DB
// per op, each side building its TLS material from the files. It checks
// that jdbcmysql decodes the key store exactly once per pool. Target:
// x-raw <= 1.05.
func BenchmarkPoolWarmup(b *testing.B) {
	s := setupBench(b)
	const n = 64
	warm := func(c driver.Connector) error {
		db := sql.OpenDB(c)
		defer db.Close()
		db.SetMaxOpenConns(n)
		db.SetMaxIdleConns(n)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		var wg sync.WaitGroup
		errs := make(chan error, n)
		conns := make(chan *sql.Conn, n)
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				conn, err := db.Conn(ctx)
				if err != nil {
					errs <- err
					return
				}
				conns <- conn
			}()
		}
		wg.Wait()
		close(errs)
		close(conns)
		for conn := range conns {
			conn.Close()
		}
		return <-errs
	}
	var decodes atomic.Uint64
	var pools uint64
	jdbcWith := func(opts ...Option) func() error {
		return func() error {
			c := s.jdbcConnector(b, "&sslMode=REQUIRED", opts...)
			countConnectorDecodes(c, &decodes)
			if err := warm(c); err != nil {
				return err
			}
			pools++
			return nil
		}
	}
	raw := func() error {
		cert, err := tls.LoadX509KeyPair(s.certPEM, s.keyPEM)
		if err != nil {
			return err
		}
		return warm(s.rawConnector(b, cert, tls.VersionTLS13))
	}
	for _, v := range []struct {
		name string
		opts []Option
	}{
		{"pair", nil}, // jdbcmysql's default: later connections may resume earlier sessions
		{"pair-no-resumption", []Option{WithoutSessionResumption()}},
	} {
		b.Run(v.name, func(b *testing.B) {
			decodes.Store(0)
			pools = 0
			pair(b, jdbcWith(v.opts...), raw)
			b.ReportMetric(float64(decodes.Load())/float64(pools), "decodes/pool")
			if decodes.Load() != pools {
				b.Fatalf("%d key store decodes for %d pools, want exactly one each", decodes.Load(), pools)
			}
		})
	}
}

// BenchmarkQuerySelect1: SELECT 1 round trips on one open connection; the
// connection wrapper (conn.go) must not cost anything measurable against
// go-sql-driver with parseTime. Target: x-raw <= 1.02.
func BenchmarkQuerySelect1(b *testing.B) {
	s := setupBench(b)
	ctx := context.Background()
	open := func(c driver.Connector) *sql.Conn {
		db := sql.OpenDB(c)
		b.Cleanup(func() { db.Close() })
		conn, err := db.Conn(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { conn.Close() })
		return conn
	}
	jconn := open(s.jdbcConnector(b, "&sslMode=REQUIRED"))
	rconn := open(s.rawConnector(b, s.rawCert, tls.VersionTLS13))
	q := func(conn *sql.Conn) func() error {
		return func() error {
			var one int
			return conn.QueryRowContext(ctx, "SELECT 1").Scan(&one)
		}
	}
	b.Run("jdbcmysql", func(b *testing.B) { single(b, q(jconn)) })
	b.Run("raw", func(b *testing.B) { single(b, q(rconn)) })
	b.Run("pair", func(b *testing.B) { pair(b, q(jconn), q(rconn)) })
}
