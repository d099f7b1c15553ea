// This file is replication (jdbc:mysql:replication://): the hosts' roles,
// and Replication, whose Source and Replicas pools are Connector/J's
// read-write and setReadOnly(true) sides, each load-balanced over its
// hosts, with the fallbacks allowSourceDownConnections and
// readFromSourceWhenNoReplicas.

package jdbcmysql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"strings"
)

// hostRoles splits hosts into sources and replicas (indexes) by their type
// property (a query value applies to every host): SOURCE and REPLICA in any
// case; other hosts are undefined. With no explicit source, the first
// undefined host is the source; the other undefined hosts are replicas,
// after the explicit ones (Connector/J's order).
func hostRoles(hosts []Host, query map[string]string) (sources, replicas []int) {
	var undefined []int
	for i, h := range hosts {
		typ, ok := h.Properties["type"]
		if !ok {
			typ = query["type"]
		}
		switch strings.ToUpper(typ) {
		case "SOURCE":
			sources = append(sources, i)
		case "REPLICA":
			replicas = append(replicas, i)
		default:
			undefined = append(undefined, i)
		}
	}
	if len(sources) == 0 && len(undefined) > 0 {
		sources, undefined = append(sources, undefined[0]), undefined[1:]
	}
	replicas = append(replicas, undefined...)
	return sources, replicas
}

// replicationSide says which side of a replication URL a Connector serves.
type replicationSide int

const (
	sideSource   replicationSide = iota // read-write (NewConnector's, and Replication.Source's)
	sideReplicas                        // read-only (Replication.Replicas')
)

// errNoSources is Connector/J's refusal of a replication URL without a
// source host.
var errNoSources = &PropertyError{Property: "type", Err: ErrInvalidProperty,
	Msg: "A replication connection cannot be initialized without source hosts and replica hosts, simultaneously."}

// connectSource opens a read-write connection on one of the sources; when
// none answers and allowSourceDownConnections is set, a read-only one on a
// replica.
func (c *Connector) connectSource(ctx context.Context) (driver.Conn, error) {
	return c.connectSide(ctx, &c.topo.sources, false, &c.topo.replicas, c.cfg.HA.AllowSourceDownConnections,
		"jdbcmysql: no source answered; connected read-only to a replica (allowSourceDownConnections)")
}

// connectReplica opens a read-only connection on one of the replicas;
// when there are none, or none answers and readFromSourceWhenNoReplicas is
// set, a read-only one on a source.
func (c *Connector) connectReplica(ctx context.Context) (driver.Conn, error) {
	if c.topo.replicas.empty() {
		return c.connectBalanced(ctx, &c.topo.sources, true)
	}
	return c.connectSide(ctx, &c.topo.replicas, true, &c.topo.sources, c.cfg.HA.ReadFromSourceWhenNoReplicas,
		"jdbcmysql: no replica answered; reading from a source (readFromSourceWhenNoReplicas)")
}

// connectSide connects to side (read-only when readOnly); when that fails
// and fallback is allowed, to a read-only connection on other, logging
// event.
func (c *Connector) connectSide(ctx context.Context, side *hostGroup, readOnly bool, other *hostGroup, fallback bool, event string) (driver.Conn, error) {
	dc, err := c.connectBalanced(ctx, side, readOnly)
	if err == nil || ctx.Err() != nil || !fallback || other.empty() {
		return dc, err
	}
	dc, oerr := c.connectBalanced(ctx, other, true)
	if oerr != nil {
		return nil, errors.Join(err, oerr)
	}
	c.logEvent(slog.LevelWarn, event, "reason", errorText(err))
	return dc, nil
}

// Replication is a replication URL's two pools: Source, read-write on the
// source hosts, and Replicas, read-only on the replica hosts (Connector/J's
// setReadOnly(true)). Each is load-balanced over its hosts with the URL's
// strategy, blocklist and retriesAllDown, and rebalances per connection.
type Replication struct {
	conn     *Connector
	source   *sql.DB
	replicas *sql.DB
}

// NewReplication parses a jdbc:mysql:replication: (or
// jdbc:mysql+srv:replication:) URL and returns its two pools. It makes no
// connection. It refuses other URL types, and a URL without a source host
// ("A replication connection cannot be initialized without source hosts
// and replica hosts, simultaneously.").
func NewReplication(url string, opts ...Option) (*Replication, error) {
	cfg, err := ParseURL(url, opts...)
	if err != nil {
		return nil, err
	}
	if cfg.Type != URLTypeReplication {
		return nil, fmt.Errorf("jdbcmysql: NewReplication needs a jdbc:mysql:replication: URL, not a %s one: %w",
			strings.ToLower(string(cfg.Type)), ErrUnsupported)
	}
	conn, err := cfg.Connector(opts...)
	if err != nil {
		return nil, err
	}
	replicas := *conn
	replicas.side = sideReplicas
	return &Replication{conn: conn, source: sql.OpenDB(conn), replicas: sql.OpenDB(&replicas)}, nil
}

// Source is the read-write pool on the source hosts. When no source
// answers and allowSourceDownConnections is set, its connections are
// read-only ones on a replica.
func (r *Replication) Source() *sql.DB { return r.source }

// Replicas is the read-only pool (every session SET SESSION TRANSACTION
// READ ONLY) on the replica hosts. With no replica host in the URL, or
// when no replica answers and readFromSourceWhenNoReplicas is set, its
// connections are read-only ones on a source.
func (r *Replication) Replicas() *sql.DB { return r.replicas }

// PingContext connects as Connector/J does when it creates a replication
// connection, and closes what it opened: the replica side first (its
// failure is returned unless allowReplicaDownConnections is set), then
// the source side (its failure is returned unless
// allowSourceDownConnections is set and a replica answered).
func (r *Replication) PingContext(ctx context.Context) error {
	c := r.conn
	replicaUp := false
	if !c.topo.replicas.empty() {
		dc, err := c.connectBalanced(ctx, &c.topo.replicas, true)
		if err != nil && !c.cfg.HA.AllowReplicaDownConnections {
			return err
		}
		if err == nil {
			replicaUp = true
			dc.Close()
		}
	}
	dc, err := c.connectBalanced(ctx, &c.topo.sources, false)
	if err != nil {
		if c.cfg.HA.AllowSourceDownConnections && replicaUp {
			return nil
		}
		return err
	}
	return dc.Close()
}

// Close closes both pools.
func (r *Replication) Close() error {
	return errors.Join(r.source.Close(), r.replicas.Close())
}
