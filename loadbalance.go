// This file is load balancing (jdbc:mysql:loadbalance://): each new
// connection picks its host with Connector/J's strategies (random,
// bestResponseTime, serverAffinity, sequential), skipping hosts on the
// process-wide blocklist (loadBalanceBlocklistTimeout) and retrying up to
// retriesAllDown; a connection may be retired after N statements so that
// the pool picks again.

package jdbcmysql

import (
	"context"
	"database/sql/driver"
	"log/slog"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"time"
)

// lbMessage is Connector/J's reason when no host could be picked.
const lbMessage = "Connection closed after inability to pick valid new connection during load-balance."

// blocklist is the process-wide list of hosts (host:port) that failed
// under load balancing, each with its expiry, as Connector/J's global
// blocklist.
type blocklist struct {
	mu    sync.Mutex
	until map[string]time.Time
}

var globalBlocklist = &blocklist{until: map[string]time.Time{}}

// add blocklists key for d; it reports whether the host was not on the
// list before.
func (b *blocklist) add(key string, d time.Duration) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	_, had := b.until[key]
	b.until[key] = time.Now().Add(d)
	return !had
}

func (b *blocklist) remove(key string) {
	b.mu.Lock()
	delete(b.until, key)
	b.mu.Unlock()
}

// blocked returns which of keys are blocklisted now, dropping expired
// entries; when every one of keys is, none is (the list is ignored).
func (b *blocklist) blocked(keys []string) map[string]bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	out := map[string]bool{}
	for _, k := range keys {
		if t, ok := b.until[k]; ok {
			if now.Before(t) {
				out[k] = true
			} else {
				delete(b.until, k)
			}
		}
	}
	if len(out) == len(keys) {
		return map[string]bool{}
	}
	return out
}

// balancer is a load-balancing connect over one list of hosts.
type balancer struct {
	c        *Connector
	ctx      context.Context
	plans    []hostPlan
	keys     []string // host:port, as Connector/J keys hosts
	readOnly bool
	rec      *failureRecord
	checker  failoverChecker
	retries  int
	blockFor time.Duration // 0: blocklist off
}

// hostKey is Connector/J's host:port spelling of a host (IPv6 keeps its
// brackets).
func hostKey(h Host) string { return h.Host + ":" + strconv.Itoa(h.Port) }

// connectBalanced opens one connection on one of the group's hosts. The
// route it leaves retires the connection after
// loadBalanceAutoCommitStatementThreshold statements.
func (c *Connector) connectBalanced(ctx context.Context, g *hostGroup, readOnly bool) (driver.Conn, error) {
	plans, err := g.resolve(ctx, c)
	if err != nil {
		return nil, err
	}
	ha := c.cfg.HA
	b := &balancer{c: c, ctx: ctx, plans: plans, readOnly: readOnly, rec: newFailureRecord(URLTypeLoadBalance),
		checker: failoverChecker{sqlStates: ha.LoadBalanceSQLStateFailover}, retries: max(1, ha.RetriesAllDown),
		blockFor: max(0, ha.LoadBalanceBlocklistTimeout)}
	b.keys = make([]string, len(plans))
	for i, p := range plans {
		b.keys[i] = hostKey(p.hostOnly())
	}
	var dc driver.Conn
	var i int
	switch c.topo.strategy {
	case strategySequential:
		dc, i, err = b.sequential()
	case strategyServerAffinity:
		dc, i, err = b.affinity()
	case strategyBestResponseTime:
		dc, i, err = b.sweep(false)
	default:
		dc, i, err = b.sweep(true)
	}
	if err != nil {
		return nil, err
	}
	route := &connRoute{}
	if n := ha.LoadBalanceAutoCommitStatementThreshold; n > 0 {
		route.maxStatements, route.countAutoCommitOnly, route.filter = uint64(n), true, c.topo.statementFilter
		host := plans[i].hostOnly().address()
		route.onRetire = func(reason string) {
			c.logEvent(slog.LevelDebug, "jdbcmysql: retiring a load-balanced connection to pick a host again", "host", host, "after", reason)
		}
	}
	return c.routed(dc, plans[i], route), nil
}

// try makes one attempt on host i; on an error that means the host is
// down it blocklists the host (when the blocklist is on).
func (b *balancer) try(i, share int) (driver.Conn, bool, error) {
	dc, err := b.c.attempt(b.ctx, b.plans[i], share, b.readOnly)
	if err == nil {
		if b.blockFor > 0 {
			globalBlocklist.remove(b.keys[i])
		}
		return dc, true, nil
	}
	down := b.checker.hostDown(err)
	b.rec.add(b.plans[i], err, down)
	if down && b.blockFor > 0 && b.ctx.Err() == nil {
		if globalBlocklist.add(b.keys[i], b.blockFor) {
			b.c.logEvent(slog.LevelWarn, "jdbcmysql: host blocklisted for load balancing", "host", b.keys[i],
				"for", b.blockFor.String(), "reason", errorText(err))
		}
	}
	return nil, down, err
}

// giveUp is the error once no host could be picked.
func (b *balancer) giveUp(sweeps int) error {
	return b.rec.failed(lbMessage, sweeps, b.ctx.Err())
}

// sweep is the random strategy (random: true) and bestResponseTime (the
// first host in URL order: a new connection has no response times, as in
// Connector/J). A host failing with a "host down" error is dropped for the
// rest of the sweep; with none left, sleep 250 ms and sweep again, up to
// retriesAllDown sweeps. Any other error ends the connect.
func (b *balancer) sweep(random bool) (driver.Conn, int, error) {
	allowed := b.allowed()
	for sweeps := 0; ; {
		if len(allowed) == 0 {
			sweeps++
			if sweeps >= b.retries {
				return nil, 0, b.giveUp(sweeps)
			}
			if err := sleepContext(b.ctx, allDownSleep); err != nil {
				return nil, 0, b.giveUp(sweeps)
			}
			allowed = b.allowed()
			continue
		}
		k := 0
		if random {
			k = rand.IntN(len(allowed))
		}
		i := allowed[k]
		dc, down, err := b.try(i, len(allowed))
		if err == nil {
			return dc, i, nil
		}
		if b.ctx.Err() != nil || !down {
			return nil, 0, b.giveUp(sweeps)
		}
		allowed = slices.Delete(allowed, k, k+1)
	}
}

// allowed lists the indexes of the hosts not blocklisted, in URL order.
func (b *balancer) allowed() []int {
	blocked := map[string]bool{}
	if b.blockFor > 0 {
		blocked = globalBlocklist.blocked(b.keys)
	}
	out := make([]int, 0, len(b.keys))
	for i, k := range b.keys {
		if !blocked[k] {
			out = append(out, i)
		}
	}
	return out
}

// affinity is serverAffinity: the serverAffinityOrder entries (exactly
// host:port) that are hosts of the URL and not blocklisted, in order,
// moving past any error; then random.
func (b *balancer) affinity() (driver.Conn, int, error) {
	blocked := map[string]bool{}
	if b.blockFor > 0 {
		blocked = globalBlocklist.blocked(b.keys)
	}
	for _, entry := range b.c.cfg.HA.ServerAffinityOrder {
		i := slices.Index(b.keys, entry)
		if i < 0 || blocked[entry] {
			continue
		}
		dc, _, err := b.try(i, 1)
		if err == nil {
			return dc, i, nil
		}
		if b.ctx.Err() != nil {
			return nil, 0, b.giveUp(0)
		}
	}
	return b.sweep(true)
}

// sequential is Connector/J's SequentialBalanceStrategy: a random first
// host, then the next host not blocklisted, one attempt at a time (250 ms
// after each failure) up to retriesAllDown attempts.
func (b *balancer) sequential() (driver.Conn, int, error) {
	n := len(b.keys)
	cur := -1
	for attempt := 0; attempt < b.retries; attempt++ {
		blocked := map[string]bool{}
		if b.blockFor > 0 {
			blocked = globalBlocklist.blocked(b.keys)
		}
		pick := -1
		switch {
		case n == 1:
			pick = 0
		case cur == -1:
			start := rand.IntN(n)
			for k := range n {
				if i := (start + k) % n; !blocked[b.keys[i]] {
					pick = i
					break
				}
			}
		default:
			for k := 1; k < n; k++ {
				if i := (cur + k) % n; !blocked[b.keys[i]] {
					pick = i
					break
				}
			}
		}
		if pick >= 0 {
			cur = pick
			dc, down, err := b.try(pick, max(1, n-attempt))
			if err == nil {
				return dc, pick, nil
			}
			if b.ctx.Err() != nil || !down {
				return nil, 0, b.giveUp(0)
			}
		}
		if attempt+1 < b.retries {
			if err := sleepContext(b.ctx, allDownSleep); err != nil {
				return nil, 0, b.giveUp(0)
			}
		}
	}
	return nil, 0, b.giveUp(0)
}

// compileStatementFilter compiles loadBalanceAutoCommitStatementRegex, nil
// when unset.
func compileStatementFilter(v string) (*regexp.Regexp, error) {
	if v == "" {
		return nil, nil
	}
	return statementRegex(v)
}
