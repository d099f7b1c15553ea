// Examples for the go-sql-driver escape hatch and the connect trace.

package jdbcmysql_test

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/jdbcmysql/jdbcmysql"
)

// go-sql-driver settings without a Connector/J property are set on each
// host's mysql.Config; changes that would weaken TLS are refused.
func ExampleWithMySQLConfig() {
	cfg, err := jdbcmysql.ParseURL("jdbc:mysql://db.example/app?user=app&sslMode=DISABLED")
	if err != nil {
		fmt.Println(err)
		return
	}
	dsn, err := cfg.FormatDSN(jdbcmysql.WithMySQLConfig(func(m *mysql.Config) {
		m.InterpolateParams = true
		m.RejectReadOnly = true
	}))
	fmt.Println(strings.Contains(dsn, "interpolateParams=true"), strings.Contains(dsn, "rejectReadOnly=true"), err)

	_, err = jdbcmysql.NewConnector("jdbc:mysql://db.example/app?user=app&sslMode=VERIFY_IDENTITY",
		jdbcmysql.WithMySQLConfig(func(m *mysql.Config) { m.TLS = &tls.Config{InsecureSkipVerify: true} }))
	var me *jdbcmysql.MySQLConfigError
	fmt.Println(errors.Is(err, jdbcmysql.ErrUnsafeMySQLConfig), errors.As(err, &me) && me.Field == "TLS")
	// Output:
	// true true <nil>
	// true true
}

// A password that rotates (a token) is set before each connection attempt.
func ExampleWithBeforeConnect() {
	token := func(context.Context) (string, error) { return "token-1", nil }
	c, err := jdbcmysql.NewConnector("jdbc:mysql://db.example/app?user=app&sslMode=VERIFY_IDENTITY&fallbackToSystemTrustStore=true",
		jdbcmysql.WithBeforeConnect(func(ctx context.Context, m *mysql.Config) error {
			t, err := token(ctx)
			m.Passwd = t
			return err
		}))
	fmt.Println(c != nil, err)
	// Output: true <nil>
}

// The trace reports each host tried, in order, with what that attempt did.
func ExampleWithConnectTrace() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	c, err := jdbcmysql.NewConnector("jdbc:mysql://" + addr + "/app?user=app&sslMode=DISABLED")
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := jdbcmysql.WithConnectTrace(context.Background(), func(a jdbcmysql.ConnectAttempt) {
		fmt.Println("tried", a.Host, "connected:", a.RemoteAddr != "", "failed:", a.Err != nil)
	})
	_, err = c.Connect(ctx)
	fmt.Println(err != nil)
	// Output:
	// tried 127.0.0.1 connected: false failed: true
	// true
}
