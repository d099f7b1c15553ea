// This file is what host selection leaves on each connection: the host it
// is on (ConnHost), the rules that retire it at a pool boundary (return to
// the failover primary, load-balancing statement threshold), and the slog
// events of failover, blocklisting and the return to the primary.

package jdbcmysql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"sync/atomic"
	"time"
)

// connRoute is what host selection knows about one connection.
type connRoute struct {
	host Host // host and port, no properties
	// nameErrors makes the connection's errors name its host (multi-host
	// connectors only, so single-host errors stay go-sql-driver's).
	nameErrors bool

	// Retirement: the pool replaces the connection once retireAt has
	// passed or maxStatements statements were counted.
	retireAt      time.Time
	maxStatements uint64
	// countAutoCommitOnly counts as load balancing does: statements
	// outside transactions, not SET, SHOW or USE, matching filter if set;
	// a statement inside a transaction resets the count.
	countAutoCommitOnly bool
	filter              *regexp.Regexp
	counted             uint64
	retired             bool
	onRetire            func(reason string)
}

// statement counts one statement for the retirement rules.
func (r *connRoute) statement(query string, inTx bool) {
	if r.maxStatements == 0 {
		return
	}
	if !r.countAutoCommitOnly {
		r.counted++
		return
	}
	if inTx {
		r.counted = 0
		return
	}
	q := strings.TrimLeft(query, " \t\r\n(")
	for _, kw := range []string{"SET", "SHOW", "USE"} {
		if len(q) >= len(kw) && strings.EqualFold(q[:len(kw)], kw) {
			return
		}
	}
	if r.filter == nil || r.filter.MatchString(query) {
		r.counted++
	}
}

// keep reports whether the pool may keep the connection (driver.Validator).
func (r *connRoute) keep() bool {
	if r.retired {
		return false
	}
	reason := ""
	switch {
	case r.maxStatements > 0 && r.counted >= r.maxStatements:
		reason = fmt.Sprintf("%d statements", r.counted)
	case !r.retireAt.IsZero() && !time.Now().Before(r.retireAt):
		reason = "time"
	default:
		return true
	}
	r.retired = true
	if r.onRetire != nil {
		r.onRetire(reason)
	}
	return false
}

// retires reports whether any retirement rule is set.
func (r *connRoute) retires() bool { return r.maxStatements > 0 || !r.retireAt.IsZero() }

// hostError names the connection's host in err, for multi-host
// connectors. The errors database/sql acts on (driver.ErrSkip,
// driver.ErrBadConn, driver.ErrRemoveArgument) and io.EOF pass unchanged.
func (r *connRoute) hostError(err error) error {
	if err == nil || r == nil || !r.nameErrors {
		return err
	}
	if err == driver.ErrSkip || err == driver.ErrRemoveArgument || err == io.EOF || errors.Is(err, driver.ErrBadConn) {
		return err
	}
	var he *HostError
	if errors.As(err, &he) {
		return err
	}
	return &HostError{Host: r.host.Host, Port: r.host.Port, Err: err}
}

// ErrNotJDBCMySQL: the connection does not come from a jdbcmysql Connector.
var ErrNotJDBCMySQL = errors.New("jdbcmysql: not a jdbcmysql connection")

// ConnHost returns the host (name as written in the URL, or the DNS SRV
// target, and port) that sc is connected to. It refuses a connection
// that does not come from a jdbcmysql Connector (ErrNotJDBCMySQL).
func ConnHost(sc *sql.Conn) (Host, error) {
	var h Host
	err := sc.Raw(func(dc any) error {
		c, ok := dc.(*conn)
		if !ok || c.route == nil {
			return ErrNotJDBCMySQL
		}
		h = c.route.host
		return nil
	})
	return h, err
}

// connectorState is what a Connector remembers between connects.
type connectorState struct {
	failedOver atomic.Bool // the last failover connect landed on a secondary host
}

// logEvent sends a multi-host event to WithLogger's logger, if any.
func (c *Connector) logEvent(level slog.Level, msg string, attrs ...any) {
	if l := c.opts.logger; l != nil {
		l.Log(context.Background(), level, msg, attrs...)
	}
}

// errorText is an error's message for a log attribute.
func errorText(err error) string {
	if err == nil {
		return ""
	}
	return strings.TrimPrefix(err.Error(), "jdbcmysql: ")
}
