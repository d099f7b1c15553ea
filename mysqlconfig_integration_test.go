// This file proves the go-sql-driver mapping against a real server:
// useCompression turns on the protocol's compression, and WithMySQLConfig,
// WithBeforeConnect and WithConnectTrace work on a real connection.

package jdbcmysql_test

import (
	"context"
	"database/sql"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jdbcmysql/jdbcmysql"
)

// sessionStatus reads one SHOW SESSION STATUS value over db's connection.
func sessionStatus(t *testing.T, db *sql.DB, name string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var k, v string
	if err := db.QueryRowContext(ctx, "SHOW SESSION STATUS LIKE '"+name+"'").Scan(&k, &v); err != nil {
		t.Fatalf("SHOW SESSION STATUS LIKE %q: %v", name, err)
	}
	return v
}

// TestIntegrationUseCompression: useCompression=true gives a compressed
// session as the X509 user; without it the session is not compressed.
func TestIntegrationUseCompression(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		prop string
		want string
	}{{"useCompression=true", "ON"}, {"useCompression=false", "OFF"}} {
		u := f.url(f.srv.Users.X509, join([]string{"sslMode=REQUIRED", tc.prop}, keyStoreProps(f.jks, "", seedPassword))...)
		c, err := jdbcmysql.NewConnector(u)
		must(t, err)
		db := sql.OpenDB(c)
		if got := sessionStatus(t, db, "Compression"); got != tc.want {
			t.Errorf("%s: Compression = %q, want %q", tc.prop, got, tc.want)
		}
		db.Close()
	}
}

// TestIntegrationWithMySQLConfig: go-sql-driver settings set through the
// escape hatch take effect on a real server, a rotated password set in
// WithBeforeConnect logs in, and the connect trace names the certificate
// that was sent.
func TestIntegrationWithMySQLConfig(t *testing.T) {
	f := newFixture(t)
	props := join([]string{"sslMode=VERIFY_CA"}, keyStoreProps(f.jks, "", seedPassword), trustProps(f.trustJKS, "", seedPassword))
	u := f.url(f.srv.Users.X509, props...)
	u = strings.Replace(u, "password="+url.QueryEscape(f.srv.Users.Password), "password=expired", 1)
	c, err := jdbcmysql.NewConnector(u,
		jdbcmysql.WithMySQLConfig(func(m *mysql.Config) { m.ParseTime = true }),
		jdbcmysql.WithBeforeConnect(func(_ context.Context, m *mysql.Config) error {
			m.Passwd = f.srv.Users.Password
			return nil
		}))
	must(t, err)
	db := sql.OpenDB(c)
	defer db.Close()
	var attempts []jdbcmysql.ConnectAttempt
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ctx = jdbcmysql.WithConnectTrace(ctx, func(a jdbcmysql.ConnectAttempt) { attempts = append(attempts, a) })
	conn, err := db.Conn(ctx)
	must(t, err)
	defer conn.Close()
	var now any
	must(t, conn.QueryRowContext(ctx, "SELECT NOW()").Scan(&now))
	if _, ok := now.(time.Time); !ok {
		t.Errorf("NOW() scanned as %T, want time.Time (ParseTime)", now)
	}
	if len(attempts) != 1 {
		t.Fatalf("%d attempts traced, want 1", len(attempts))
	}
	a := attempts[0]
	if a.Err != nil || a.ClientCertificate == nil || a.ClientCertificate.Subject.CommonName != "jdbcmysql-it-client" ||
		a.TLSVersion == 0 || a.Dial <= 0 || a.TLSHandshake <= 0 || a.Total < a.Dial+a.TLSHandshake {
		t.Fatalf("trace = %+v, want the sent certificate, TLS and timings of this connection", a)
	}
}
