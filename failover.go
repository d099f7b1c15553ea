// This file is failover (jdbc:mysql://h1,h2,...): each new connection
// tries the primary, then the other hosts in order, turn after turn up to
// retriesAllDown, as Connector/J's failover proxy does on a new
// connection; a connection on a secondary host is read-only
// (failOverReadOnly) and is retired at a pool boundary once the return to
// the primary is due.

package jdbcmysql

import (
	"context"
	"database/sql/driver"
	"fmt"
	"log/slog"
	"time"
)

// connectFailover opens one connection on a single-host or failover URL
// (DNS SRV ones resolved first).
func (c *Connector) connectFailover(ctx context.Context) (driver.Conn, error) {
	plans, err := c.topo.hosts.resolve(ctx, c)
	if err != nil {
		return nil, err
	}
	if len(plans) == 1 && c.topo.hosts.srv == nil {
		dc, err := c.attempt(ctx, plans[0], 1, false)
		if err != nil {
			return nil, err
		}
		return c.routed(dc, plans[0], nil), nil
	}
	ha := c.cfg.HA
	rec := newFailureRecord(c.cfg.Type)
	n := len(plans)
	dc, err := c.attempt(ctx, plans[0], n, false)
	if err == nil {
		return c.onPrimary(dc, plans[0]), nil
	}
	// Any error from the primary moves on.
	rec.add(plans[0], err, failoverChecker{}.hostDown(err))
	if ctx.Err() != nil {
		return nil, rec.failed("", 0, ctx.Err())
	}
	primaryErr, primaryFailed := err, time.Now()
	first := 1 % n
	next, turns, pos := first, 0, 1
	for {
		readOnly := next != 0 && ha.FailOverReadOnly
		dc, err := c.attempt(ctx, plans[next], max(1, n-pos), readOnly)
		if err == nil {
			if next == 0 {
				return c.onPrimary(dc, plans[0]), nil
			}
			return c.onSecondary(dc, plans[next], plans[0], primaryErr, primaryFailed), nil
		}
		down := failoverChecker{}.hostDown(err)
		rec.add(plans[next], err, down)
		if ctx.Err() != nil {
			return nil, rec.failed("", turns, ctx.Err())
		}
		if !down {
			return nil, rec.failed(fmt.Sprintf("stopped at host %s: its error does not mean the host is down, so no other host was tried",
				plans[next].hostOnly().address()), turns, nil)
		}
		next, pos = (next+1)%n, pos+1
		if next == first {
			turns, pos = turns+1, 0
		}
		if turns >= ha.RetriesAllDown {
			return nil, rec.failed(fmt.Sprintf("no connection to any of %d host(s) (retriesAllDown=%d)", n, ha.RetriesAllDown), turns, nil)
		}
		if pos == 0 {
			if err := sleepContext(ctx, allDownSleep); err != nil {
				return nil, rec.failed("", turns, err)
			}
		}
	}
}

// onPrimary routes a connection on the primary and reports the return to
// it after a failover.
func (c *Connector) onPrimary(dc driver.Conn, p hostPlan) driver.Conn {
	if c.state.failedOver.Swap(false) {
		c.logEvent(slog.LevelInfo, "jdbcmysql: connected to the primary again", "host", p.hostOnly().address())
	}
	return c.routed(dc, p, nil)
}

// onSecondary routes a connection on a secondary host: it is retired once
// the return to the primary is due (secondsBeforeRetrySource since the
// primary failed, or queriesBeforeRetrySource statements).
func (c *Connector) onSecondary(dc driver.Conn, p, primary hostPlan, primaryErr error, primaryFailed time.Time) driver.Conn {
	ha := c.cfg.HA
	host, prim := p.hostOnly().address(), primary.hostOnly().address()
	level := slog.LevelDebug
	if !c.state.failedOver.Swap(true) {
		level = slog.LevelWarn
	}
	c.logEvent(level, "jdbcmysql: failover: connected to a secondary host", "host", host, "primary", prim,
		"readOnly", ha.FailOverReadOnly, "reason", errorText(primaryErr))
	route := &connRoute{}
	if ha.SecondsBeforeRetrySource > 0 {
		route.retireAt = primaryFailed.Add(time.Duration(ha.SecondsBeforeRetrySource) * time.Second)
	}
	if ha.QueriesBeforeRetrySource > 0 {
		route.maxStatements = uint64(ha.QueriesBeforeRetrySource)
	}
	route.onRetire = func(reason string) {
		c.logEvent(slog.LevelInfo, "jdbcmysql: retiring a connection on a secondary host to return to the primary",
			"host", host, "primary", prim, "after", reason)
	}
	return c.routed(dc, p, route)
}
