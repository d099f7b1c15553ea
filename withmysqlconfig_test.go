// Tests for WithMySQLConfig and WithBeforeConnect: what they may change,
// what they may not, and that they reach every host.

package jdbcmysql

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

func TestWithMySQLConfigRefusesSecurityChanges(t *testing.T) {
	cases := []struct {
		name, url, field string
		f                func(*mysql.Config)
	}{
		{"TLS", "sslMode=REQUIRED", "TLS", func(m *mysql.Config) { m.TLS = &tls.Config{InsecureSkipVerify: true} }},
		{"TLSConfig name", "sslMode=VERIFY_CA", "TLS", func(m *mysql.Config) { m.TLSConfig = "skip-verify" }},
		{"TLS off", "sslMode=REQUIRED", "TLS", func(m *mysql.Config) { m.TLSConfig = "false" }},
		{"fallback", "sslMode=REQUIRED", "AllowFallbackToPlaintext", func(m *mysql.Config) { m.AllowFallbackToPlaintext = true }},
		{"Net", "sslMode=REQUIRED", "Net", func(m *mysql.Config) { m.Net = "tcp" }},
		{"old passwords", "sslMode=REQUIRED", "AllowOldPasswords", func(m *mysql.Config) { m.AllowOldPasswords = true }},
		{"all files", "sslMode=REQUIRED", "AllowAllFiles", func(m *mysql.Config) { m.AllowAllFiles = true }},
		{"cleartext PREFERRED", "sslMode=PREFERRED", "AllowCleartextPasswords", func(m *mysql.Config) { m.AllowCleartextPasswords = true }},
		{"cleartext DISABLED", "sslMode=DISABLED", "AllowCleartextPasswords", func(m *mysql.Config) { m.AllowCleartextPasswords = true }},
		{"BeforeConnect", "sslMode=REQUIRED", "BeforeConnect", func(m *mysql.Config) {
			_ = m.Apply(mysql.BeforeConnect(func(context.Context, *mysql.Config) error { return nil }))
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewConnector("jdbc:mysql://db1,db2/app?user=u&password=secret&"+tc.url, WithMySQLConfig(tc.f))
			var me *MySQLConfigError
			if !errors.As(err, &me) || !errors.Is(err, ErrUnsafeMySQLConfig) {
				t.Fatalf("err = %v, want a *MySQLConfigError", err)
			}
			if me.Field != tc.field || me.Host != "db1" || !strings.Contains(err.Error(), tc.field) {
				t.Fatalf("field %q host %q (%v), want %s on db1", me.Field, me.Host, err, tc.field)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Fatalf("error shows the password: %v", err)
			}
		})
	}
}

func TestWithMySQLConfigAppliesToEveryHost(t *testing.T) {
	var seen []string
	c, err := NewConnector("jdbc:mysql://db1:3307,db2/app?user=u&sslMode=REQUIRED&allowMultiQueries=true",
		WithMySQLConfig(func(m *mysql.Config) {
			seen = append(seen, m.Addr)
			if !m.MultiStatements {
				t.Errorf("%s: runs before the Connector/J mapping (MultiStatements off)", m.Addr)
			}
			m.InterpolateParams, m.RejectReadOnly, m.CheckConnLiveness = true, true, false
		}),
		WithMySQLConfig(func(m *mysql.Config) { m.AllowCleartextPasswords = true }))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(seen, " ") != "db1:3307 db2:3306" {
		t.Fatalf("applied to %q, want each host once", seen)
	}
	for _, p := range c.hosts {
		m := p.mysql
		if !m.InterpolateParams || !m.RejectReadOnly || m.CheckConnLiveness || !m.AllowCleartextPasswords {
			t.Fatalf("%s: changes lost: %+v", m.Addr, m)
		}
	}
}

func TestFormatDSNWithMySQLConfig(t *testing.T) {
	cfg, err := ParseURL("jdbc:mysql://db/app?user=u&sslMode=DISABLED")
	if err != nil {
		t.Fatal(err)
	}
	dsn, err := cfg.FormatDSN(WithMySQLConfig(func(m *mysql.Config) { m.InterpolateParams = true }))
	if err != nil || !strings.Contains(dsn, "interpolateParams=true") {
		t.Fatalf("FormatDSN = %q, %v; want interpolateParams=true", dsn, err)
	}
	for name, opt := range map[string]Option{
		"a DialFunc": WithMySQLConfig(func(m *mysql.Config) {
			m.DialFunc = func(context.Context, string, string) (net.Conn, error) { return nil, errors.New("x") }
		}),
		"a Logger":          WithMySQLConfig(func(m *mysql.Config) { m.Logger = loggerFunc(func(...any) {}) }),
		"WithBeforeConnect": WithBeforeConnect(func(context.Context, *mysql.Config) error { return nil }),
	} {
		if _, err := cfg.FormatDSN(opt); !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), name) {
			t.Errorf("FormatDSN with %s: %v, want ErrUnsupported naming it", name, err)
		}
	}
}

// A DialFunc set by WithMySQLConfig is used, and wrapped so the handshake
// record still sees the connection; WithBeforeConnect runs per attempt and
// its changes are checked.
func TestWithMySQLConfigDialFuncAndBeforeConnect(t *testing.T) {
	srv := newFakeServer(t, false, nil)
	cfg := fakeConfig(srv, "127.0.0.1", SSLModeDisabled)
	dials := 0
	dial := WithMySQLConfig(func(m *mysql.Config) {
		m.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
			dials++
			var d net.Dialer
			return d.DialContext(ctx, "tcp", addr)
		}
	})
	var attempts []ConnectAttempt
	ctx := WithConnectTrace(context.Background(), func(a ConnectAttempt) { attempts = append(attempts, a) })
	before := 0
	rotate := WithBeforeConnect(func(_ context.Context, m *mysql.Config) error {
		before++
		m.Passwd = "rotated"
		return nil
	})
	conn, err := cfg.Connector(dial, rotate)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := conn.Connect(ctx)
	if c != nil {
		c.Close()
	}
	if dials != 1 || before != 1 {
		t.Fatalf("DialFunc ran %d times, BeforeConnect %d, want 1 each", dials, before)
	}
	if len(attempts) != 1 || attempts[0].RemoteAddr != addrOf(srv) || attempts[0].Dial <= 0 {
		t.Fatalf("trace %+v, want one attempt that dialed %s through the wrapped DialFunc", attempts, addrOf(srv))
	}

	bad := WithBeforeConnect(func(_ context.Context, m *mysql.Config) error { m.AllowCleartextPasswords = true; return nil })
	conn, err = cfg.Connector(bad)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Connect(context.Background()); !errors.Is(err, ErrUnsafeMySQLConfig) {
		t.Fatalf("BeforeConnect enabling cleartext passwords without TLS: %v, want ErrUnsafeMySQLConfig", err)
	}
	failing := WithBeforeConnect(func(context.Context, *mysql.Config) error { return errors.New("token service down") })
	conn, _ = cfg.Connector(failing)
	if _, err := conn.Connect(context.Background()); err == nil || !strings.Contains(err.Error(), "token service down") {
		t.Fatalf("failing BeforeConnect: %v", err)
	}
}
