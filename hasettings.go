// This file reads the multi-host settings (failover, load balancing,
// replication) from a URL's URL-wide properties, as Connector/J's proxies
// do: the failover proxy with the normal property rules, the
// load-balancing and replication proxies with their own crude parsing and
// messages. It also holds the property rows' rules for these settings.

package jdbcmysql

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// HighAvailability holds the multi-host settings. They come from the
// URL-wide properties only (the query and WithProperties), never from a
// host's own properties, as in Connector/J.
type HighAvailability struct {
	// FailOverReadOnly makes a failover connection on a host other than
	// the first read-only on the server (SET SESSION TRANSACTION READ
	// ONLY). failOverReadOnly, default true.
	FailOverReadOnly bool
	// SecondsBeforeRetrySource and QueriesBeforeRetrySource retire a
	// failover connection on a secondary host once it is this old or has
	// run this many statements, so that the pool reconnects (to the
	// primary first). Both 0: no return. Defaults 30 and 50.
	SecondsBeforeRetrySource int
	QueriesBeforeRetrySource int
	// RetriesAllDown is how many full turns over the hosts a connect makes
	// (250 ms apart) before it gives up. Default 120.
	RetriesAllDown int
	// LoadBalanceStrategy is ha.loadBalanceStrategy: random (default),
	// bestResponseTime, serverAffinity, or a Connector/J strategy class name.
	LoadBalanceStrategy string
	// ServerAffinityOrder lists host:port entries the serverAffinity
	// strategy tries first, in order.
	ServerAffinityOrder []string
	// LoadBalanceBlocklistTimeout keeps a host that failed out of load
	// balancing for this long, process-wide; 0 (default) is off.
	LoadBalanceBlocklistTimeout time.Duration
	// LoadBalanceAutoCommitStatementThreshold retires a load-balanced
	// connection after this many statements outside transactions (SET,
	// SHOW and USE not counted), so that the pool picks a host again; 0
	// (default) never. LoadBalanceAutoCommitStatementRegex, when set,
	// counts only statements it matches entirely.
	LoadBalanceAutoCommitStatementThreshold int
	LoadBalanceAutoCommitStatementRegex     string
	// LoadBalanceSQLStateFailover lists SQLState prefixes that also count
	// as "host down" under load balancing.
	LoadBalanceSQLStateFailover []string
	// AllowSourceDownConnections lets Replication.Source connect read-only
	// to a replica when no source can be reached;
	// AllowReplicaDownConnections lets Replication.PingContext pass with
	// every replica down; ReadFromSourceWhenNoReplicas lets
	// Replication.Replicas connect read-only to a source when no replica
	// can be reached (always on when the URL names no replica).
	AllowSourceDownConnections   bool
	AllowReplicaDownConnections  bool
	ReadFromSourceWhenNoReplicas bool
}

// defaultHighAvailability is Connector/J's defaults.
func defaultHighAvailability() HighAvailability {
	return HighAvailability{
		FailOverReadOnly:         true,
		SecondsBeforeRetrySource: 30,
		QueriesBeforeRetrySource: 50,
		RetriesAllDown:           120,
		LoadBalanceStrategy:      "random",
	}
}

// clone copies h's lists.
func (h HighAvailability) clone() HighAvailability {
	h.ServerAffinityOrder = copySlice(h.ServerAffinityOrder)
	h.LoadBalanceSQLStateFailover = copySlice(h.LoadBalanceSQLStateFailover)
	return h
}

// The load-balancing strategies Connector/J knows by name, and the class
// names that select the same ones.
const (
	strategyRandom           = "random"
	strategyBestResponseTime = "bestResponseTime"
	strategyServerAffinity   = "serverAffinity"
	strategySequential       = "sequential"
)

var strategyClasses = map[string]string{
	"com.mysql.cj.jdbc.ha.RandomBalanceStrategy":           strategyRandom,
	"com.mysql.cj.jdbc.ha.BestResponseTimeBalanceStrategy": strategyBestResponseTime,
	"com.mysql.cj.jdbc.ha.ServerAffinityStrategy":          strategyServerAffinity,
	"com.mysql.cj.jdbc.ha.SequentialBalanceStrategy":       strategySequential,
}

// balanceStrategy maps ha.loadBalanceStrategy to a strategy, refusing
// what Connector/J could not load with its message.
func balanceStrategy(v string) (string, error) {
	switch v {
	case strategyRandom, strategyBestResponseTime, strategyServerAffinity:
		return v, nil
	}
	if s, ok := strategyClasses[v]; ok {
		return s, nil
	}
	return "", &PropertyError{Property: "ha.loadBalanceStrategy", Value: v, Err: ErrInvalidProperty,
		Msg: "Invalid load balancing strategy '" + v + "'."}
}

// haFromQuery reads the settings of a URL of type typ from its URL-wide
// properties (query holds WithProperties' values too). Load-balancing and
// replication URLs read them as their proxies do: canonical names only,
// integers with Integer.parseInt (Connector/J's "Bad value" messages),
// booleans true only for "true" in any case. Failover reads them with the
// normal property rules (already checked). The ignored list says which
// properties these URLs do not act on and why.
func haFromQuery(typ URLType, query map[string]string) (HighAvailability, []IgnoredProperty, error) {
	h := defaultHighAvailability()
	r := haReader{query: query, crude: typ == URLTypeLoadBalance || typ == URLTypeReplication}
	r.boolean("failOverReadOnly", &h.FailOverReadOnly)
	if err := r.numbers(&h); err != nil {
		return h, nil, err
	}
	ignored, err := r.strategy(&h)
	if err != nil {
		return h, nil, err
	}
	if err := r.lists(&h); err != nil {
		return h, nil, err
	}
	r.boolean("allowSourceDownConnections", &h.AllowSourceDownConnections)
	r.boolean("allowReplicaDownConnections", &h.AllowReplicaDownConnections)
	r.boolean("readFromSourceWhenNoReplicas", &h.ReadFromSourceWhenNoReplicas)
	return h, ignored, nil
}

// haReader reads multi-host settings from a URL's properties; crude is set
// for the load-balancing and replication proxies' own parsing.
type haReader struct {
	query map[string]string
	crude bool
}

// boolean sets *dst when name is set.
func (r haReader) boolean(name string, dst *bool) {
	v, ok := r.query[name]
	if !ok {
		return
	}
	if r.crude {
		*dst = strings.EqualFold(v, "true")
	} else {
		*dst = parseBoolLoose(v) == "true"
	}
}

// integer sets *dst when name is set; msg formats the proxies' error with
// the value and the name.
func (r haReader) integer(name string, dst *int, msg string) error {
	v, ok := r.query[name]
	if !ok {
		return nil
	}
	n, ok := parseJavaIntStrict(v)
	if !ok {
		if !r.crude {
			return nil // checkValue refused it already
		}
		return &PropertyError{Property: name, Value: v, Err: ErrInvalidProperty, Msg: fmt.Sprintf(msg, v, name)}
	}
	*dst = n
	return nil
}

// numbers reads the retry counts and the load balancer's timeouts and
// threshold.
func (r haReader) numbers(h *HighAvailability) error {
	const badValue = "Bad value '%s' for property \"%s\"."
	for _, p := range []struct {
		name string
		dst  *int
	}{
		{"secondsBeforeRetrySource", &h.SecondsBeforeRetrySource},
		{"queriesBeforeRetrySource", &h.QueriesBeforeRetrySource},
		{"retriesAllDown", &h.RetriesAllDown},
	} {
		if err := r.integer(p.name, p.dst, badValue); err != nil {
			return err
		}
	}
	var blocklistMS, grace int
	if err := r.integer("loadBalanceBlocklistTimeout", &blocklistMS, badValue); err != nil {
		return err
	}
	h.LoadBalanceBlocklistTimeout = time.Duration(blocklistMS) * time.Millisecond
	if err := r.integer("loadBalanceHostRemovalGracePeriod", &grace, badValue); err != nil {
		return err
	}
	return r.integer("loadBalanceAutoCommitStatementThreshold", &h.LoadBalanceAutoCommitStatementThreshold,
		"Invalid numeric value '%s' for property \"%s\".")
}

// strategy reads ha.loadBalanceStrategy (the proxies ignore the alias
// haLoadBalanceStrategy, and refuse an unknown strategy at once).
func (r haReader) strategy(h *HighAvailability) ([]IgnoredProperty, error) {
	var ignored []IgnoredProperty
	if v, ok := r.query["ha.loadBalanceStrategy"]; ok {
		h.LoadBalanceStrategy = v
	} else if v, ok := r.query["haLoadBalanceStrategy"]; ok {
		if r.crude {
			ignored = append(ignored, IgnoredProperty{Name: "haLoadBalanceStrategy", Value: v,
				Reason: "Connector/J's load-balancing proxy reads the canonical name ha.loadBalanceStrategy only"})
		} else {
			h.LoadBalanceStrategy = v
		}
	}
	if r.crude {
		if _, err := balanceStrategy(h.LoadBalanceStrategy); err != nil {
			return nil, err
		}
	}
	return ignored, nil
}

// lists reads the server affinity order, the autocommit statement regex
// and the SQL states that fail over.
func (r haReader) lists(h *HighAvailability) error {
	if v, ok := r.query["serverAffinityOrder"]; ok {
		h.ServerAffinityOrder = splitList(v)
	}
	if v, ok := r.query["loadBalanceAutoCommitStatementRegex"]; ok {
		if _, err := statementRegex(v); err != nil {
			return err
		}
		h.LoadBalanceAutoCommitStatementRegex = v
	}
	if v, ok := r.query["loadBalanceSQLStateFailover"]; ok {
		h.LoadBalanceSQLStateFailover = splitList(v)
	}
	return nil
}

// parseJavaIntStrict reads v as Integer.parseInt does: an optional sign
// and decimal digits, within int32.
func parseJavaIntStrict(v string) (int, bool) {
	n, err := strconv.ParseInt(v, 10, 32)
	return int(n), err == nil
}

// statementRegex compiles loadBalanceAutoCommitStatementRegex to match a
// whole statement, as Java's String.matches does.
func statementRegex(v string) (*regexp.Regexp, error) {
	re, err := regexp.Compile(`^(?s:` + v + `)$`)
	if err != nil {
		return nil, &PropertyError{Property: "loadBalanceAutoCommitStatementRegex", Value: v, Err: ErrInvalidProperty,
			Msg: "jdbcmysql: loadBalanceAutoCommitStatementRegex '" + v + "' is not a regular expression Go's regexp accepts: " + err.Error()}
	}
	return re, nil
}

// haField is the rule of an HA property row: the setting is read from the
// URL-wide properties (haFromQuery), so applying a value for one host
// changes nothing; FormatURL writes the Config's setting.
func haField(format func(h *HighAvailability) (string, bool)) *fieldRule {
	return &fieldRule{
		apply:  func(*Config, string) string { return "" },
		reset:  func(c, base *Config) {},
		format: func(c *Config) (string, bool) { return format(&c.HA) },
	}
}

func haBool(field func(h *HighAvailability) bool, def bool) *fieldRule {
	return haField(func(h *HighAvailability) (string, bool) {
		v := field(h)
		return strconv.FormatBool(v), v != def
	})
}

func haInt(field func(h *HighAvailability) int, def int) *fieldRule {
	return haField(func(h *HighAvailability) (string, bool) {
		v := field(h)
		return strconv.Itoa(v), v != def
	})
}

func haList(field func(h *HighAvailability) []string) *fieldRule {
	return haField(func(h *HighAvailability) (string, bool) {
		v := field(h)
		return strings.Join(v, ","), v != nil
	})
}

const whyHAWide = "read from the URL-wide properties only"
