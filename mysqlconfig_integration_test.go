// This file proves the go-sql-driver mapping against a real server:
// useCompression turns on the protocol's compression.

package jdbcmysql_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

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
