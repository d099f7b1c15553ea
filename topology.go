// This file lays out a Connector's hosts for host selection: one group for
// single-host, failover and load-balancing URLs, source and replica groups
// for replication URLs, each either the URL's hosts or a DNS SRV name
// resolved at every connect; and the load-balancing strategy.

package jdbcmysql

import (
	"context"
	"fmt"
	"regexp"
)

// hostGroup is a list of hosts one connection is chosen from.
type hostGroup struct {
	plans []hostPlan
	srv   *srvGroup // DNS SRV: the plans come from a lookup at each connect
}

// resolve returns the group's hosts for one connect.
func (g *hostGroup) resolve(ctx context.Context, c *Connector) ([]hostPlan, error) {
	if g.srv != nil {
		return g.srv.resolve(ctx, c)
	}
	return g.plans, nil
}

func (g *hostGroup) empty() bool { return g.srv == nil && len(g.plans) == 0 }

// topology is a Connector's host groups and balancing settings.
type topology struct {
	hosts             hostGroup // single, failover, load balancing
	sources, replicas hostGroup // replication
	strategy          string    // load balancing and replication
	statementFilter   *regexp.Regexp
}

// newTopology groups the planned hosts of cfg.
func newTopology(cfg *Config, plans []hostPlan) (*topology, error) {
	t := &topology{}
	group := func(idx []int) hostGroup {
		if cfg.DNSSRV {
			p := plans[idx[0]]
			return hostGroup{srv: &srvGroup{name: p.host(), template: p.cfg}}
		}
		g := hostGroup{plans: make([]hostPlan, len(idx))}
		for k, i := range idx {
			g.plans[k] = plans[i]
		}
		return g
	}
	all := make([]int, len(plans))
	for i := range all {
		all[i] = i
	}
	if cfg.DNSSRV && len(plans) != 1 && cfg.Type != URLTypeReplication {
		return nil, malformed("Specifying multiple host names with DNS SRV lookup is not allowed.")
	}
	switch cfg.Type {
	case URLTypeReplication:
		var query map[string]string
		if cfg.parsed != nil {
			query = cfg.parsed.query
		}
		src, rep := hostRoles(cfg.Hosts, query)
		if len(src) == 0 {
			return nil, errNoSources
		}
		t.sources = group(src)
		if len(rep) > 0 {
			t.replicas = group(rep)
		}
	default:
		t.hosts = group(all)
	}
	if cfg.Type == URLTypeLoadBalance || cfg.Type == URLTypeReplication {
		s, err := balanceStrategy(cfg.HA.LoadBalanceStrategy)
		if err != nil {
			return nil, err
		}
		t.strategy = s
		if t.statementFilter, err = compileStatementFilter(cfg.HA.LoadBalanceAutoCommitStatementRegex); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// multiHost reports whether a connection may land on more than one host,
// so that its errors name its host.
func (c *Connector) multiHost() bool {
	return c.cfg.DNSSRV || len(c.hosts) > 1 || c.cfg.Type == URLTypeLoadBalance || c.cfg.Type == URLTypeReplication
}

// singleHostOnly refuses what a go-sql-driver DSN cannot express: more
// than one host, host selection, DNS SRV.
func (c *Connector) singleHostOnly() error {
	if c.cfg.DNSSRV || c.cfg.Type == URLTypeLoadBalance || c.cfg.Type == URLTypeReplication || len(c.hosts) != 1 {
		return fmt.Errorf("jdbcmysql: a go-sql-driver DSN holds one host and no host selection (the configuration is %s with %d host(s)%s); use Connector: %w",
			c.cfg.Type, len(c.hosts), map[bool]string{true: ", DNS SRV", false: ""}[c.cfg.DNSSRV], ErrUnsupported)
	}
	return nil
}
