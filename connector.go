// This file wires a Config into a database/sql connector: the tls.Config,
// the go-sql-driver/mysql Config, the registered TLS name, failover across
// hosts, and the "jdbcmysql" database/sql driver.

package jdbcmysql

import (
	"context"
	"database/sql/driver"
)

// Connector is a driver.Connector for one Config. Create it with
// NewConnector or (*Config).Connector and pass it to sql.OpenDB.
type Connector struct {
	cfg  *Config
	opts *options
}

// NewConnector parses url (see ParseURL) and returns a Connector for it.
func NewConnector(url string, opts ...Option) (*Connector, error) {
	cfg, err := ParseURL(url, opts...)
	if err != nil {
		return nil, err
	}
	return cfg.Connector(opts...)
}

// Connector returns a Connector for c. It validates the TLS settings
// (versions, cipher suites) but reads no store: stores are read when a
// connection needs them.
func (c *Config) Connector(opts ...Option) (*Connector, error) {
	panic("TODO(connector): Config.Connector")
}

// Connect opens one connection, trying the hosts in order.
func (c *Connector) Connect(ctx context.Context) (driver.Conn, error) {
	panic("TODO(connector): Connect")
}

// Driver returns the jdbcmysql driver.
func (c *Connector) Driver() driver.Driver { return Driver{} }

// Driver is the database/sql driver registered as "jdbcmysql"; it takes
// JDBC URLs as data source names.
type Driver struct{}

// Open opens a connection for a JDBC URL.
func (d Driver) Open(name string) (driver.Conn, error) {
	c, err := d.OpenConnector(name)
	if err != nil {
		return nil, err
	}
	return c.Connect(context.Background())
}

// OpenConnector parses name as a JDBC URL and returns its Connector.
func (Driver) OpenConnector(name string) (driver.Connector, error) {
	return NewConnector(name)
}

// FormatDSN returns a go-sql-driver/mysql DSN equivalent to c, for tools
// that only take sql.Open("mysql", dsn). Its TLS settings are registered
// with mysql.RegisterTLSConfig under a name derived from c.
func (c *Config) FormatDSN(opts ...Option) (string, error) {
	panic("TODO(connector): FormatDSN")
}
