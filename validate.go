// This file is the health check after login: ValidateConnectFunc hooks
// (WithValidateConnect) and the built-in checks the
// jdbcmysql.validateConnection property selects, whose failure counts as
// "host down" so that a multi-host connect moves on.

package jdbcmysql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// HostConn is a connection that has just logged in to a host, as a
// ValidateConnectFunc sees it. It is valid only during the call.
type HostConn struct {
	host Host
	conn driver.Conn
}

// Host returns the host (and port) the connection is on.
func (c *HostConn) Host() Host { return c.host }

// QueryRow runs query, which takes no parameters, and returns the columns
// of its first row as text (NULL as ""); sql.ErrNoRows when it has none.
func (c *HostConn) QueryRow(ctx context.Context, query string) ([]string, error) {
	q, ok := c.conn.(driver.QueryerContext)
	if !ok {
		return nil, fmt.Errorf("jdbcmysql: the connection cannot run queries: %w", ErrUnsupported)
	}
	rows, err := q.QueryContext(ctx, query, nil)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	vals := make([]driver.Value, len(rows.Columns()))
	if err := rows.Next(vals); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, sql.ErrNoRows
		}
		return nil, err
	}
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = hostValueText(v)
	}
	return out, nil
}

// Exec runs a statement that takes no parameters.
func (c *HostConn) Exec(ctx context.Context, query string) error {
	e, ok := c.conn.(driver.ExecerContext)
	if !ok {
		return fmt.Errorf("jdbcmysql: the connection cannot run statements: %w", ErrUnsupported)
	}
	_, err := e.ExecContext(ctx, query, nil)
	return err
}

func hostValueText(v driver.Value) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []byte:
		return string(x)
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.String()
	}
	return fmt.Sprint(v)
}

// ValidateConnectFunc checks a connection right after login, before the
// pool gets it (pgx's ValidateConnect is the model). An error rejects the
// host for this connect: the connection is closed and, on a multi-host
// URL, the next host is tried, as after a connection error. It runs within
// the host's login bound (connectTimeout).
type ValidateConnectFunc func(ctx context.Context, conn *HostConn) error

// WithValidateConnect adds a check run after every login, after the
// checks the jdbcmysql.validateConnection property names.
func WithValidateConnect(f ValidateConnectFunc) Option {
	return func(o *options) {
		if f != nil {
			o.validators = append(o.validators, f)
		}
	}
}

// ValidateGaleraSynced accepts a Galera node that is ready for queries
// (wsrep_ready=ON): a node outside the primary component accepts a login
// but fails every table access with 1047.
func ValidateGaleraSynced(ctx context.Context, conn *HostConn) error {
	row, err := conn.QueryRow(ctx, "SHOW GLOBAL STATUS LIKE 'wsrep_ready'")
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: host %s is not a Galera node (no wsrep_ready status)", ErrConnectionValidation, conn.host.address())
	}
	if err != nil {
		return err
	}
	if len(row) < 2 || !strings.EqualFold(row[1], "ON") {
		v := ""
		if len(row) >= 2 {
			v = row[1]
		}
		return fmt.Errorf("%w: Galera node %s is not ready (wsrep_ready=%s)", ErrConnectionValidation, conn.host.address(), v)
	}
	return nil
}

// ValidateWritable accepts a server that takes writes (@@global.read_only=0),
// such as the current source of a replication set.
func ValidateWritable(ctx context.Context, conn *HostConn) error {
	row, err := conn.QueryRow(ctx, "SELECT @@global.read_only")
	if err != nil {
		return err
	}
	if len(row) != 1 || row[0] != "0" {
		return fmt.Errorf("%w: host %s is read-only (@@read_only=%s)", ErrConnectionValidation, conn.host.address(), strings.Join(row, ","))
	}
	return nil
}

// builtinValidators are the checks jdbcmysql.validateConnection names.
var builtinValidators = map[string]ValidateConnectFunc{
	"galeraSynced": ValidateGaleraSynced,
	"writable":     ValidateWritable,
}

// builtinValidatorNames is the accepted values, for the error message.
var builtinValidatorNames = []string{"galeraSynced", "writable"}

// validatorName returns the canonical spelling of a check's name (names
// compare case-insensitively).
func validatorName(v string) (string, bool) {
	for _, n := range builtinValidatorNames {
		if strings.EqualFold(n, v) {
			return n, true
		}
	}
	return "", false
}

// validateConnectionRule is the jdbcmysql.validateConnection row's rule:
// a comma-separated list of check names.
var validateConnectionRule = &fieldRule{
	apply: func(c *Config, v string) string {
		names := []string{}
		for _, s := range splitList(v) {
			n, _ := validatorName(s)
			names = append(names, n)
		}
		c.ValidateConnection = names
		return ""
	},
	reset: func(c, base *Config) { c.ValidateConnection = base.ValidateConnection },
	format: func(c *Config) (string, bool) {
		return strings.Join(c.ValidateConnection, ","), c.ValidateConnection != nil
	},
	check: func(name, v string) error {
		for _, s := range splitList(v) {
			if _, ok := validatorName(s); !ok {
				return invalidValue(name, s, builtinValidatorNames)
			}
		}
		return nil
	},
}

// validators returns the checks for a host: its ValidateConnection names,
// then WithValidateConnect's. A name no check has (a Config filled by
// hand) is an error.
func (c *Connector) validators(hc *Config) ([]ValidateConnectFunc, error) {
	var out []ValidateConnectFunc
	for _, n := range hc.ValidateConnection {
		canon, ok := validatorName(n)
		if !ok {
			return nil, invalidValue("jdbcmysql.validateConnection", n, builtinValidatorNames)
		}
		out = append(out, builtinValidators[canon])
	}
	return append(out, c.opts.validators...), nil
}

// runValidators runs the checks on a fresh connection; an error is marked
// as a validation failure (host down) unless it already is one.
func runValidators(ctx context.Context, checks []ValidateConnectFunc, host Host, conn driver.Conn) error {
	if len(checks) == 0 {
		return nil
	}
	hc := &HostConn{host: host, conn: conn}
	for _, f := range checks {
		if err := f(ctx, hc); err != nil {
			if errors.Is(err, ErrConnectionValidation) || ctx.Err() != nil {
				return err
			}
			return fmt.Errorf("%w: %w", ErrConnectionValidation, err)
		}
	}
	return nil
}

// address is the host:port of h.
func (h Host) address() string { return hostPort(h.Host, h.Port) }
