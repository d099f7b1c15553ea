// Examples of the multi-host API: replication pools, a DNS SRV resolver
// of one's own, validation after login, and which host a connection is on.

package jdbcmysql_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"

	"github.com/jdbcmysql/jdbcmysql"
)

// NewReplication makes no connection; it refuses a URL without a source
// with Connector/J's message.
func ExampleNewReplication() {
	_, err := jdbcmysql.NewReplication("jdbc:mysql:replication://db1,db2/app?type=replica&user=app")
	fmt.Println(err)

	r, err := jdbcmysql.NewReplication("jdbc:mysql:replication://db1,db2,db3/app?user=app&connectTimeout=1000")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	var writes, reads *sql.DB = r.Source(), r.Replicas() // db1; db2 and db3, read-only sessions
	_, _ = writes, reads
	// Output:
	// A replication connection cannot be initialized without source hosts and replica hosts, simultaneously.
}

// staticSRV answers every SRV lookup from a fixed list (a service's own
// discovery, or a test).
type staticSRV []*net.SRV

func (s staticSRV) LookupSRV(ctx context.Context, service, proto, name string) (string, []*net.SRV, error) {
	return name, s, nil
}

// A resolver of one's own for +srv URLs; with no record the connect fails
// with Connector/J's message.
func ExampleWithSRVResolver() {
	c, err := jdbcmysql.NewConnector("jdbc:mysql+srv://_mysql._tcp.db.example/app?user=app",
		jdbcmysql.WithSRVResolver(staticSRV{}))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = c.Connect(context.Background())
	fmt.Println(err, errors.Is(err, jdbcmysql.ErrDNSSRV))
	// Output:
	// jdbcmysql: Unable to locate any hosts for _mysql._tcp.db.example. true
}

// Galera nodes outside the primary component accept logins; the built-in
// check skips them (the URL property jdbcmysql.validateConnection=galeraSynced
// does the same), and a check of one's own can look at anything.
func ExampleWithValidateConnect() {
	notInMaintenance := func(ctx context.Context, conn *jdbcmysql.HostConn) error {
		row, err := conn.QueryRow(ctx, "SELECT @@global.offline_mode")
		if err != nil {
			return err
		}
		if row[0] != "0" {
			return fmt.Errorf("%s is offline", conn.Host().Host)
		}
		return nil
	}
	c, err := jdbcmysql.NewConnector("jdbc:mysql:loadbalance://n1,n2,n3/app?user=app&connectTimeout=1000",
		jdbcmysql.WithValidateConnect(jdbcmysql.ValidateGaleraSynced),
		jdbcmysql.WithValidateConnect(notInMaintenance))
	if err != nil {
		fmt.Println(err)
		return
	}
	db := sql.OpenDB(c)
	defer db.Close()
}

// Which host a pooled connection landed on.
func ExampleConnHost() {
	db, err := sql.Open("jdbcmysql", "jdbc:mysql://primary,standby/app?user=app&connectTimeout=1000")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	conn, err := db.Conn(context.Background())
	if err != nil {
		var ce *jdbcmysql.ConnectError
		if errors.As(err, &ce) {
			for _, h := range ce.Hosts { // each host tried, with its last error
				fmt.Println(h.Host, h.Port, h.Err)
			}
		}
		return
	}
	defer conn.Close()
	h, _ := jdbcmysql.ConnHost(conn)
	fmt.Println("on", h.Host, h.Port)
}
