// Tests for the go-sql-driver mapping and FormatDSN.

package jdbcmysql

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

func TestMysqlConfigHasNoConnectorJParams(t *testing.T) {
	cfg := NewConfig()
	cfg.ClientKeyStore = Store{URL: "file:/ks.jks", Type: "JKS", Password: "pw"}
	cfg.TrustStore = Store{URL: "file:/ts.jks", Type: "PKCS12", Password: "pw2"}
	cfg.TLSVersions = []string{"TLSv1.2"}
	cfg.TLSCipherSuites = []string{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}
	cfg.CharacterEncoding = "UTF-8"
	cfg.ConnectionAttributes = map[string]string{"app": "x"}
	cfg.SessionVariables = []SessionVariable{{Name: "sql_mode", Value: "'ANSI'"}}
	cfg.Ignored = []IgnoredProperty{{Name: "useUnicode", Value: "true"}}
	m, err := mysqlConfigFor(cfg, cfg.Hosts[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Params) != 0 {
		t.Fatalf("Params = %v, want none (sessionVariables are set by the session set-up, in order)", m.Params)
	}
	if sp, err := planSession(cfg); err != nil || sp.variables != "SET SESSION sql_mode='ANSI'" {
		t.Fatalf("session plan: %+v, %v", sp, err)
	}
	if !m.ClientFoundRows || m.MultiStatements || m.ConnectionAttributes != "app:x" {
		t.Fatalf("mapping wrong: %+v", m)
	}
	dsn, err := cfg.FormatDSN()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"clientCertificateKeyStore", "trustCertificateKeyStore", "tlsVersions", "sslMode", "useUnicode"} {
		if strings.Contains(dsn, name) {
			t.Fatalf("DSN %q carries %s", dsn, name)
		}
	}
}

func TestFormatDSN(t *testing.T) {
	f := newTLSFixture(t)
	srv := newFakeServer(t, true, serverTLS(f.server))
	cfg := fakeConfig(srv, "127.0.0.1", SSLModeRequired)
	dsn, err := cfg.FormatDSN()
	if err != nil {
		t.Fatal(err)
	}
	dsn2, _ := cfg.FormatDSN()
	if dsn != dsn2 {
		t.Fatalf("name not stable: %q vs %q", dsn, dsn2)
	}
	mc, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(mc.TLSConfig, "jdbcmysql-") || strings.Contains(mc.TLSConfig, fakePassword) || mc.Addr != addrOf(srv) {
		t.Fatalf("DSN %q", dsn)
	}
	other := *cfg
	other.ClientKeyStore.Password = "another"
	dsn3, _ := other.FormatDSN()
	if mc3, _ := mysql.ParseDSN(dsn3); mc3.TLSConfig == mc.TLSConfig || strings.Contains(dsn3, "another") {
		t.Fatal("different settings share a registered name, or the name shows a password")
	}
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dc, err := db.Conn(context.Background()) // the fake server answers no commands
	if err != nil {
		t.Fatalf("connect through FormatDSN: %v", err)
	}
	dc.Close()
	db.Close()
	if s := srv.all(); !s[len(s)-1].sslRequest {
		t.Fatal("FormatDSN connection did not use TLS")
	}
	multi := *cfg
	multi.Hosts = append(multi.Hosts, multi.Hosts[0])
	if _, err := multi.FormatDSN(); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("several hosts: %v", err)
	}
}
