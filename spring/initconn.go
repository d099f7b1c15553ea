// This file runs a pool's InitStatements on every new connection, as
// HikariCP applies readOnly, transactionIsolation and connectionInitSql
// before a connection is first handed out.

package spring

import (
	"context"
	"database/sql/driver"
	"fmt"
)

// initConnector wraps a connector and runs statements on each connection
// it opens. The connection itself is returned unchanged.
type initConnector struct {
	inner      driver.Connector
	statements []string
}

func withInitStatements(c driver.Connector, statements []string) driver.Connector {
	if len(statements) == 0 {
		return c
	}
	return &initConnector{inner: c, statements: statements}
}

func (c *initConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	ex, ok := conn.(driver.ExecerContext)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("spring: the driver connection cannot run initialization statements")
	}
	for _, s := range c.statements {
		if _, err := ex.ExecContext(ctx, s, nil); err != nil {
			conn.Close()
			return nil, fmt.Errorf("spring: initializing a new connection (%s): %w", s, err)
		}
	}
	return conn, nil
}

func (c *initConnector) Driver() driver.Driver { return c.inner.Driver() }
