// This file is DNS SRV: Connector/J's checks of a +srv (or dnsSrv=true)
// URL, in its order and with its messages; the lookup at each connect
// through a replaceable resolver; RFC 2782 ordering of the records; and
// the plan of each target, which carries the SRV entry's properties.

package jdbcmysql

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// ErrDNSSRV: a DNS SRV name gave no host to connect to.
var ErrDNSSRV = errors.New("jdbcmysql: DNS SRV lookup gave no host")

// SRVResolver looks up DNS SRV records; *net.Resolver is one. jdbcmysql
// calls LookupSRV with empty service and proto, so name is looked up as
// written (e.g. _mysql._tcp.db.example).
type SRVResolver interface {
	LookupSRV(ctx context.Context, service, proto, name string) (cname string, addrs []*net.SRV, err error)
}

// WithSRVResolver looks DNS SRV names up with r instead of
// net.DefaultResolver: for services with a DNS client of their own, and for
// tests.
func WithSRVResolver(r SRVResolver) Option { return func(o *options) { o.resolver = r } }

// srvEnabled reports whether a parsed URL asks for DNS SRV: a +srv scheme,
// or dnsSrv=true (xdevapi.dns-srv for mysqlx:) among the URL-wide
// properties.
func srvEnabled(raw *rawURL) bool {
	if raw.scheme.srv {
		return true
	}
	for _, name := range srvPropertyNames(raw.scheme.typ) {
		if v, ok := raw.query[name]; ok && parseBoolLoose(v) == "true" {
			return true
		}
	}
	return false
}

// srvPropertyNames are the names that turn DNS SRV on or off.
func srvPropertyNames(typ URLType) []string {
	if typ == URLTypeXDevAPI {
		return []string{"xdevapi.dns-srv", "xdevapiDnsSrv"}
	}
	return []string{"dnsSrv"}
}

// checkDNSSRV applies Connector/J's DNS SRV checks, in its order, to a URL
// of type typ that asks for DNS SRV.
func checkDNSSRV(raw *rawURL, typ URLType) error {
	hosts := raw.hosts
	if typ == URLTypeReplication {
		sources, replicas := hostRoles(hosts, raw.query)
		if len(sources) == 0 || len(replicas) == 0 || raw.unnamed[sources[0]] || raw.unnamed[replicas[0]] {
			return malformed("Exactly two host names of different types are required for DNS SRV lookup enabled replication connections.")
		}
		if len(sources) != 1 || len(replicas) != 1 {
			return malformed("Specifying multiple host names for the same type with DNS SRV lookup is not allowed.")
		}
	} else {
		if raw.unnamed[0] {
			return malformed("A host name is required for DNS SRV lookup enabled connections.")
		}
		if len(hosts) != 1 {
			return malformed("Specifying multiple host names with DNS SRV lookup is not allowed.")
		}
	}
	if _, ok := raw.query["port"]; ok || raw.explicitPort {
		return malformed("Specifying a port number with DNS SRV lookup is not allowed.")
	}
	names := srvPropertyNames(typ)
	for _, h := range hosts {
		settings := overlay(raw.query, h.Properties)
		for _, name := range names {
			if v, ok := settings[name]; ok && parseBoolLoose(v) == "false" {
				return malformed("'%s' cannot be set to false with DNS SRV lookup enabled.", names[0])
			}
		}
	}
	for _, h := range hosts {
		if strings.EqualFold(overlay(raw.query, h.Properties)["protocol"], "pipe") {
			return malformed("Using named pipes with DNS SRV lookup is not allowed.")
		}
	}
	group := ""
	switch typ {
	case URLTypeLoadBalance:
		group = "loadBalanceConnectionGroup"
	case URLTypeReplication:
		group = "replicationConnectionGroup"
	}
	if group != "" {
		for _, h := range hosts {
			if _, ok := overlay(raw.query, h.Properties)[group]; ok {
				return malformed("The option '%s' cannot be set. Live management of connections is not supported with DNS SRV lookup.", group)
			}
		}
	}
	return nil
}

// srvLookupError is a DNS SRV name that gave no host.
type srvLookupError struct {
	name  string
	cause error // the resolver's error; nil when it found no usable record
}

func (e *srvLookupError) Error() string {
	msg := "jdbcmysql: Unable to locate any hosts for " + e.name + "."
	if e.cause != nil {
		msg += " (" + e.cause.Error() + ")"
	}
	return msg
}

func (e *srvLookupError) Unwrap() []error {
	if e.cause == nil {
		return []error{ErrDNSSRV}
	}
	return []error{ErrDNSSRV, e.cause}
}

// orderSRV orders records as RFC 2782 says: by priority, then, within a
// priority, by weighted random choice (a weight-0 record is chosen with
// probability 1/(sum+1); all weights 0 keep the given order). intn(n)
// returns a random int in [0, n).
func orderSRV(recs []*net.SRV, intn func(int) int) []*net.SRV {
	sorted := slices.Clone(recs)
	slices.SortStableFunc(sorted, func(a, b *net.SRV) int { return int(a.Priority) - int(b.Priority) })
	out := make([]*net.SRV, 0, len(sorted))
	for start := 0; start < len(sorted); {
		end := start
		for end < len(sorted) && sorted[end].Priority == sorted[start].Priority {
			end++
		}
		group := slices.Clone(sorted[start:end])
		// Weight-0 records first, in their order.
		slices.SortStableFunc(group, func(a, b *net.SRV) int {
			return boolRank(a.Weight != 0) - boolRank(b.Weight != 0)
		})
		for len(group) > 0 {
			sum := 0
			for _, r := range group {
				sum += int(r.Weight)
			}
			pick := intn(sum + 1)
			run, chosen := 0, len(group)-1
			for i, r := range group {
				run += int(r.Weight)
				if run >= pick {
					chosen = i
					break
				}
			}
			out = append(out, group[chosen])
			group = slices.Delete(group, chosen, chosen+1)
		}
		start = end
	}
	return out
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// srvGroup is one DNS SRV name of a URL and the plans of the targets it
// gave so far (keyed by target:port, so a connect does not plan a known
// target again).
type srvGroup struct {
	name     string
	template *Config // the SRV host's settings (hostConfig)

	mu    sync.Mutex
	plans map[string]hostPlan
}

// maxSRVPlans bounds the plans a group keeps; past it the cache starts over.
const maxSRVPlans = 256

// resolve looks the name up and returns the plan of every target, in
// RFC 2782 order: the first is the failover primary.
func (g *srvGroup) resolve(ctx context.Context, c *Connector) ([]hostPlan, error) {
	r := c.opts.resolver
	if r == nil {
		r = net.DefaultResolver
	}
	_, recs, err := r.LookupSRV(ctx, "", "", g.name)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &srvLookupError{name: g.name, cause: err}
	}
	recs = orderSRV(recs, rand.IntN)
	plans := make([]hostPlan, 0, len(recs))
	for _, rec := range recs {
		if rec == nil {
			continue
		}
		target := strings.TrimSuffix(rec.Target, ".")
		if target == "" {
			continue // "." : the service is not offered there
		}
		p, err := g.plan(c, target, int(rec.Port))
		if err != nil {
			return nil, err
		}
		plans = append(plans, p)
	}
	if len(plans) == 0 {
		return nil, &srvLookupError{name: g.name}
	}
	return plans, nil
}

// plan returns the plan of one target: the SRV entry's settings with the
// target's name (used for dialling, SNI and VERIFY_IDENTITY) and port.
func (g *srvGroup) plan(c *Connector, target string, port int) (hostPlan, error) {
	key := target + ":" + strconv.Itoa(port)
	g.mu.Lock()
	p, ok := g.plans[key]
	g.mu.Unlock()
	if ok {
		return p, nil
	}
	tc := g.template.clone([]Host{{Host: target, Port: port, Properties: g.template.Hosts[0].Properties}})
	p, err := planHost(tc)
	if err != nil {
		return p, err
	}
	if err := applyMySQLConfig(&p, c.opts); err != nil {
		return p, err
	}
	g.mu.Lock()
	if g.plans == nil || len(g.plans) >= maxSRVPlans {
		g.plans = map[string]hostPlan{}
	}
	g.plans[key] = p
	g.mu.Unlock()
	return p, nil
}
