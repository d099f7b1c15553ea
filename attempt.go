// This file is one connection attempt on one host as host selection makes
// it: the login bound (connectTimeout for the whole login, or the host's
// share of the caller's deadline), the validation checks, the read-only
// session, and the route left on the connection.

package jdbcmysql

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"
)

// loginContext bounds one host's login. connectTimeout bounds the whole
// login (dial, greeting, TLS, authentication, validation); without it, a
// caller's deadline is shared between the hosts still to try, so that
// share > 1 hosts each get an equal part of what is left and the last one
// all of it. Without either, the login is unbounded (as Connector/J's
// connectTimeout=0).
func loginContext(ctx context.Context, connectTimeout time.Duration, share int) (context.Context, context.CancelFunc, time.Duration, string) {
	if connectTimeout > 0 {
		actx, cancel := context.WithTimeout(ctx, connectTimeout)
		return actx, cancel, connectTimeout, "connectTimeout"
	}
	if dl, ok := ctx.Deadline(); ok && share > 1 {
		bound := time.Until(dl) / time.Duration(share)
		actx, cancel := context.WithTimeout(ctx, bound)
		return actx, cancel, bound, fmt.Sprintf("a 1/%d share of the context's deadline", share)
	}
	return ctx, func() {}, 0, ""
}

// attempt logs in to p within its bound, runs the host's validation
// checks and, when readOnly, makes the session read-only. share is the
// number of hosts this connect may still try (for the deadline split).
func (c *Connector) attempt(ctx context.Context, p hostPlan, share int, readOnly bool) (driver.Conn, error) {
	actx, cancel, bound, why := loginContext(ctx, p.cfg.ConnectTimeout, share)
	defer cancel()
	if bound > 0 {
		actx = context.WithValue(actx, loginBoundKey{}, &loginBound{parent: ctx, bound: bound, why: why})
	}
	return c.connectHost(actx, p, readOnly)
}

type loginBoundKey struct{}

// loginBound is the bound attempt put on a login's context.
type loginBound struct {
	parent context.Context // the caller's context
	bound  time.Duration
	why    string
}

// loginBoundError turns the error of a login that ran out of its bound
// (and not of the caller's context) into a *loginTimeoutError.
func loginBoundError(ctx context.Context, err error) error {
	if err == nil || ctx.Err() == nil {
		return err
	}
	b, _ := ctx.Value(loginBoundKey{}).(*loginBound)
	var lt *loginTimeoutError
	if b == nil || b.parent.Err() != nil || errors.As(err, &lt) {
		return err
	}
	return &loginTimeoutError{bound: b.bound, why: b.why, cause: err}
}

// afterLogin runs the validation checks and sets the read-only session on
// go-sql-driver's fresh connection.
func (c *Connector) afterLogin(ctx context.Context, p hostPlan, dc driver.Conn, readOnly bool) error {
	checks, err := c.validators(p.cfg)
	if err != nil {
		return err
	}
	if err := runValidators(ctx, checks, p.hostOnly(), dc); err != nil {
		return err
	}
	if readOnly {
		hc := &HostConn{host: p.hostOnly(), conn: dc}
		if err := hc.Exec(ctx, "SET SESSION TRANSACTION READ ONLY"); err != nil {
			return fmt.Errorf("jdbcmysql: making the session read-only: %w", err)
		}
	}
	return nil
}

// hostOnly is the plan's host and port, without properties.
func (p hostPlan) hostOnly() Host {
	return Host{Host: p.cfg.Hosts[0].Host, Port: p.cfg.Hosts[0].Port}
}

// routed leaves route (nil: just the host) on a connection from attempt.
func (c *Connector) routed(dc driver.Conn, p hostPlan, route *connRoute) driver.Conn {
	if route == nil {
		route = &connRoute{}
	}
	route.host = p.hostOnly()
	route.nameErrors = c.multiHost()
	if w, ok := dc.(*conn); ok {
		w.route = route
		if route.retires() {
			w.keep = route.keep
		}
	}
	return dc
}

// sleepContext waits d, or less when ctx ends first (its error then).
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// allDownSleep is Connector/J's pause after a full turn over failed hosts.
const allDownSleep = 250 * time.Millisecond

// failureRecord collects the hosts a connect tried and their last errors.
type failureRecord struct {
	typ   URLType
	hosts []*HostError
	index map[string]*HostError
}

func newFailureRecord(typ URLType) *failureRecord {
	return &failureRecord{typ: typ, index: map[string]*HostError{}}
}

// add records err as host p's latest failure; down says whether it means
// the host is down.
func (r *failureRecord) add(p hostPlan, err error, down bool) {
	h := p.hostOnly()
	key := h.address()
	he := r.index[key]
	if he == nil {
		he = &HostError{Host: h.Host, Port: h.Port}
		r.index[key] = he
		r.hosts = append(r.hosts, he)
	}
	he.Attempts++
	he.Err, he.Down = err, down
}

// failed is the ConnectError for the record.
func (r *failureRecord) failed(msg string, sweeps int, ctxErr error) *ConnectError {
	return &ConnectError{Type: r.typ, Msg: msg, Hosts: r.hosts, Sweeps: sweeps, Context: ctxErr}
}
