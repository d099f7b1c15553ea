// This file maps HikariCP's pool settings onto database/sql with Hikari's
// defaults, setter checks and validateNumerics coercions, and provides the
// per-acquire deadline that stands in for connectionTimeout.

package spring

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"
)

// HikariCP's defaults (HikariConfig).
const (
	hikariPoolSize          = 10
	hikariMaxLifetime       = 30 * time.Minute
	hikariIdleTimeout       = 10 * time.Minute
	hikariConnectionTimeout = 30 * time.Second
	hikariTimeoutFloor      = 250 * time.Millisecond
	hikariLifetimeFloor     = 30 * time.Second
)

// Pool holds the database/sql pool settings that stand for the service's
// HikariCP pool. An unconfigured service gets HikariCP's defaults (10 open,
// 10 idle, 30 minute lifetime), not database/sql's (unlimited, 2, none).
type Pool struct {
	MaxOpenConns    int           // maximum-pool-size
	MaxIdleConns    int           // maximum-pool-size (database/sql has no idle floor)
	ConnMaxLifetime time.Duration // max-lifetime, less Hikari's largest jitter; 0 = none
	ConnMaxIdleTime time.Duration // idle-timeout when minimum-idle < maximum-pool-size; 0 = none
	// ConnectionTimeout is Hikari's connectionTimeout: how long one
	// acquisition may wait. database/sql has no such setting; Conn and
	// AcquireContext apply it. 0 means no deadline.
	ConnectionTimeout time.Duration
	// InitStatements run on every new connection, after the session
	// variables, before first use: read-only, transaction-isolation, and
	// connection-init-sql that is not a plain SET of session variables.
	// OpenDB runs them; a failure fails the connection, as in Hikari.
	InitStatements []string
	// Settings lists every pool setting considered, with its origin.
	Settings []Setting
}

// Setting is one HikariCP setting: its value, where it came from, and what
// jdbcmysql does with it.
type Setting struct {
	Key    string // Spring's kebab-case name, e.g. "maximum-pool-size"
	Value  string // as configured; "" when Hikari's default applies
	Origin string // e.g. "config/application.yml:14", or "HikariCP default"
	Effect string // e.g. "SetMaxOpenConns(20)"
}

// Apply sets db's pool limits (MaxOpenConns, MaxIdleConns, ConnMaxLifetime,
// ConnMaxIdleTime). It does not run InitStatements; OpenDB does.
func (p *Pool) Apply(db *sql.DB) {
	db.SetMaxOpenConns(p.MaxOpenConns)
	db.SetMaxIdleConns(p.MaxIdleConns)
	db.SetConnMaxLifetime(p.ConnMaxLifetime)
	db.SetConnMaxIdleTime(p.ConnMaxIdleTime)
}

// AcquireContext returns ctx bounded by ConnectionTimeout (unless ctx ends
// sooner). The deadline covers everything done with the returned context,
// the query included; use Conn to bound the acquisition alone.
func (p *Pool) AcquireContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if p.ConnectionTimeout <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, p.ConnectionTimeout)
}

// Conn takes a connection from db, waiting at most ConnectionTimeout, as
// HikariDataSource.getConnection does; the returned *sql.Conn is not bound
// by that deadline. The caller closes it.
func (p *Pool) Conn(ctx context.Context, db *sql.DB) (*sql.Conn, error) {
	actx, cancel := p.AcquireContext(ctx)
	defer cancel()
	return db.Conn(actx)
}

// hikariSettings is the raw Hikari values found, keyed by canonical name.
type hikariSettings map[string]value

// hikariNumbers are the numeric pool settings, in milliseconds or
// connections, as read and then as HikariConfig.validateNumerics leaves
// them, with why a value was changed.
type hikariNumbers struct {
	maxSize, minIdle, lifetime, idle, connTimeout int64
	setIdle                                       bool // idle-timeout was configured
	lifeNote, idleNote                            string
}

// buildPool applies HikariConfig's setters and validateNumerics.
func buildPool(h hikariSettings) (Pool, []sessionAssignment, []Ignored, error) {
	var p Pool
	n, ignored, err := h.numbers()
	if err != nil {
		return Pool{}, nil, nil, err
	}
	n.validate()
	p.applyNumbers(n)
	p.describeNumbers(h, n)
	assigns, sessionIgnored, err := p.applySession(h)
	if err != nil {
		return Pool{}, nil, nil, err
	}
	return p, assigns, append(ignored, sessionIgnored...), nil
}

// number reads a numeric setting as Hikari's setters take it; def when
// unset.
func (h hikariSettings) number(key string, def int64) (int64, bool, error) {
	v, ok := h[key]
	if !ok {
		return def, false, nil
	}
	n, err := parseJavaLong(v.text)
	if err != nil {
		return 0, true, &Error{Key: "spring.datasource.hikari." + key, Origin: v.origin,
			Msg: "failed to convert " + strconv.Quote(v.text) + " to a number of milliseconds or connections", Err: ErrInvalidValue}
	}
	return n, true, nil
}

// refuse is the error a HikariConfig setter throws for key's value.
func (h hikariSettings) refuse(key, msg string) error {
	v := h[key]
	return &Error{Key: "spring.datasource.hikari." + key, Origin: v.origin, Msg: msg + " (HikariConfig refuses it)", Err: ErrInvalidValue}
}

// numbers reads the numeric settings with the checks of Hikari's setters;
// validation-timeout is checked, then reported as ignored.
func (h hikariSettings) numbers() (hikariNumbers, []Ignored, error) {
	var n hikariNumbers
	var setMax, setMin bool
	var err error
	if n.maxSize, setMax, err = h.number("maximum-pool-size", -1); err != nil {
		return n, nil, err
	}
	if setMax && n.maxSize < 1 {
		return n, nil, h.refuse("maximum-pool-size", "maxPoolSize cannot be less than 1")
	}
	if n.minIdle, setMin, err = h.number("minimum-idle", -1); err != nil {
		return n, nil, err
	}
	if setMin && n.minIdle < 0 {
		return n, nil, h.refuse("minimum-idle", "minimumIdle cannot be negative")
	}
	if n.lifetime, _, err = h.number("max-lifetime", hikariMaxLifetime.Milliseconds()); err != nil {
		return n, nil, err
	}
	if n.idle, n.setIdle, err = h.number("idle-timeout", hikariIdleTimeout.Milliseconds()); err != nil {
		return n, nil, err
	}
	if n.idle < 0 {
		return n, nil, h.refuse("idle-timeout", "idleTimeout cannot be negative")
	}
	if n.connTimeout, _, err = h.number("connection-timeout", hikariConnectionTimeout.Milliseconds()); err != nil {
		return n, nil, err
	}
	if n.connTimeout != 0 && n.connTimeout < hikariTimeoutFloor.Milliseconds() {
		return n, nil, h.refuse("connection-timeout", "connectionTimeout cannot be less than 250ms")
	}
	v, ok := h["validation-timeout"]
	if !ok {
		return n, nil, nil
	}
	vt, _, err := h.number("validation-timeout", 5000)
	if err != nil {
		return n, nil, err
	}
	if vt < hikariTimeoutFloor.Milliseconds() {
		return n, nil, h.refuse("validation-timeout", "validationTimeout cannot be less than 250ms")
	}
	return n, []Ignored{{Key: "spring.datasource.hikari.validation-timeout", Value: v.text, Origin: v.origin,
		Reason: "no validation query is run; go-sql-driver checks a connection's socket before reuse"}}, nil
}

// validate coerces the numbers as HikariConfig.validateNumerics does and
// notes why a value changed.
func (n *hikariNumbers) validate() {
	if n.lifetime != 0 && n.lifetime < hikariLifetimeFloor.Milliseconds() {
		n.lifeNote = "below Hikari's 30 s floor, so Hikari uses its 30 min default; "
		n.lifetime = hikariMaxLifetime.Milliseconds()
	}
	if n.maxSize < 1 {
		n.maxSize = hikariPoolSize
	}
	if n.minIdle < 0 || n.minIdle > n.maxSize {
		n.minIdle = n.maxSize
	}
	switch {
	case n.minIdle == n.maxSize:
		if n.setIdle && n.idle != 0 && n.idle != hikariIdleTimeout.Milliseconds() {
			n.idleNote = "no effect: minimum-idle equals maximum-pool-size (a fixed-size pool), as in Hikari"
		} else {
			n.idleNote = "not used: a fixed-size pool (minimum-idle = maximum-pool-size) retires no idle connection"
		}
		n.idle = 0
	case n.idle+1000 > n.lifetime && n.lifetime > 0:
		n.idleNote = "disabled: close to or more than max-lifetime, as in Hikari"
		n.idle = 0
	case n.idle != 0 && n.idle < 10000:
		n.idleNote = "below Hikari's 10 s floor, so Hikari uses its 10 min default; "
		n.idle = hikariIdleTimeout.Milliseconds()
	}
}

// applyNumbers sets the database/sql limits the validated numbers stand for.
func (p *Pool) applyNumbers(n hikariNumbers) {
	p.MaxOpenConns = int(n.maxSize)
	p.MaxIdleConns = int(n.maxSize)
	p.ConnMaxIdleTime = time.Duration(n.idle) * time.Millisecond
	life := time.Duration(n.lifetime) * time.Millisecond
	if n.lifetime > 10000 {
		// Hikari shortens each connection's life by up to 2.5 % at random;
		// database/sql has one lifetime for all, so use the shortest.
		life -= life / 40
	}
	p.ConnMaxLifetime = life
	if n.connTimeout != 0 {
		p.ConnectionTimeout = time.Duration(n.connTimeout) * time.Millisecond
	}
}

// record adds key to Settings with its configured value and origin (or
// Hikari's default) and what jdbcmysql does with it.
func (p *Pool) record(h hikariSettings, key, effect string) {
	s := Setting{Key: key, Origin: "HikariCP default", Effect: effect}
	if v, ok := h[key]; ok {
		s.Value, s.Origin = v.text, v.origin
	}
	p.Settings = append(p.Settings, s)
}

// describeNumbers records the numeric settings' effects.
func (p *Pool) describeNumbers(h hikariSettings, n hikariNumbers) {
	p.record(h, "maximum-pool-size", "SetMaxOpenConns("+strconv.Itoa(p.MaxOpenConns)+")")
	minEffect := "SetMaxIdleConns(" + strconv.Itoa(p.MaxIdleConns) + ")"
	if n.minIdle < n.maxSize {
		minEffect += "; database/sql keeps no idle floor and cannot pre-open " + strconv.FormatInt(n.minIdle, 10) + " connections, so idle ones retire by idle-timeout alone"
	}
	p.record(h, "minimum-idle", minEffect)
	lifeEffect := "SetConnMaxLifetime(" + p.ConnMaxLifetime.String() + ")"
	if n.lifetime == 0 {
		lifeEffect = "SetConnMaxLifetime(0): no limit"
	} else if n.lifetime > 10000 {
		lifeEffect += ": " + n.lifeNote + "the shortest life Hikari's 2.5 % jitter gives; database/sql cannot vary it per connection"
	}
	p.record(h, "max-lifetime", lifeEffect)
	idleEffect := "SetConnMaxIdleTime(" + p.ConnMaxIdleTime.String() + ")"
	if n.idleNote != "" {
		idleEffect = "SetConnMaxIdleTime(" + p.ConnMaxIdleTime.String() + "): " + strings.TrimSuffix(n.idleNote, "; ")
	}
	p.record(h, "idle-timeout", idleEffect)
	ctEffect := "Pool.Conn / Pool.AcquireContext deadline " + p.ConnectionTimeout.String()
	if p.ConnectionTimeout == 0 {
		ctEffect = "0: no acquisition deadline (Hikari waits Integer.MAX_VALUE ms)"
	}
	p.record(h, "connection-timeout", ctEffect)
}

// applySession maps the per-connection settings: read-only, auto-commit,
// transaction-isolation and connection-init-sql become init statements,
// session variables or an ignored setting.
func (p *Pool) applySession(h hikariSettings) ([]sessionAssignment, []Ignored, error) {
	var ignored []Ignored
	if v, ok := h["read-only"]; ok {
		b, set, err := parseSpringBool(v)
		if err != nil {
			return nil, nil, err
		}
		if set && b {
			p.InitStatements = append(p.InitStatements, "SET SESSION TRANSACTION READ ONLY")
			p.record(h, "read-only", "runs SET SESSION TRANSACTION READ ONLY on each new connection")
		}
	}
	if v, ok := h["auto-commit"]; ok {
		b, set, err := parseSpringBool(v)
		if err != nil {
			return nil, nil, err
		}
		if set && !b {
			ignored = append(ignored, Ignored{Key: "spring.datasource.hikari.auto-commit", Value: v.text, Origin: v.origin,
				Reason: "database/sql runs statements outside a transaction in autocommit mode and has no switch for it; use db.BeginTx for transactions (JPA's provider_disables_autocommit idiom has no Go counterpart)"})
		}
	}
	if v, ok := h["transaction-isolation"]; ok && strings.TrimSpace(v.text) != "" {
		level, err := isolationLevel(v)
		if err != nil {
			return nil, nil, err
		}
		p.InitStatements = append(p.InitStatements, "SET SESSION TRANSACTION ISOLATION LEVEL "+level)
		p.record(h, "transaction-isolation", "runs SET SESSION TRANSACTION ISOLATION LEVEL "+level+" on each new connection")
	}
	var assigns []sessionAssignment
	if v, ok := h["connection-init-sql"]; ok && strings.TrimSpace(v.text) != "" {
		if a, ok := parseSetStatement(v.text); ok {
			assigns = a
			p.record(h, "connection-init-sql", "session variables (sessionVariables) set when each connection opens")
		} else {
			p.InitStatements = append(p.InitStatements, strings.TrimSpace(v.text))
			p.record(h, "connection-init-sql", "run on each new connection; a failure fails the connection, as in Hikari")
		}
	}
	return assigns, ignored, nil
}

// isolationLevel reads transactionIsolation as HikariCP does: a
// java.sql.Connection constant name or its number.
func isolationLevel(v value) (string, error) {
	t := strings.ToUpper(strings.TrimSpace(v.text))
	switch t {
	case "TRANSACTION_READ_UNCOMMITTED", "1":
		return "READ UNCOMMITTED", nil
	case "TRANSACTION_READ_COMMITTED", "2":
		return "READ COMMITTED", nil
	case "TRANSACTION_REPEATABLE_READ", "4":
		return "REPEATABLE READ", nil
	case "TRANSACTION_SERIALIZABLE", "8":
		return "SERIALIZABLE", nil
	}
	return "", &Error{Key: "spring.datasource.hikari.transaction-isolation", Origin: v.origin,
		Msg: "invalid transaction isolation value " + strconv.Quote(v.text) + "; expected TRANSACTION_READ_UNCOMMITTED, TRANSACTION_READ_COMMITTED, TRANSACTION_REPEATABLE_READ or TRANSACTION_SERIALIZABLE", Err: ErrInvalidValue}
}

// parseJavaLong reads a number as Spring's NumberUtils.parseNumber does:
// white space removed, decimal or 0x/# hexadecimal, optional sign.
func parseJavaLong(s string) (int64, error) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
			return -1
		}
		return r
	}, s)
	neg := strings.HasPrefix(s, "-")
	body := strings.TrimPrefix(s, "-")
	for _, p := range []string{"0x", "0X", "#"} {
		if h, ok := strings.CutPrefix(body, p); ok {
			n, err := strconv.ParseInt(h, 16, 64)
			if neg {
				n = -n
			}
			return n, err
		}
	}
	return strconv.ParseInt(s, 10, 64)
}

// parseSpringBool reads a boolean as Spring's StringToBooleanConverter:
// true/on/yes/1, false/off/no/0; empty means unset.
func parseSpringBool(v value) (b, set bool, err error) {
	switch strings.ToLower(strings.TrimSpace(v.text)) {
	case "":
		return false, false, nil
	case "true", "on", "yes", "1":
		return true, true, nil
	case "false", "off", "no", "0":
		return false, true, nil
	}
	return false, false, &Error{Key: v.key, Origin: v.origin, Msg: "invalid boolean value " + strconv.Quote(v.text), Err: ErrInvalidValue}
}

// sessionAssignment is one "name = value" of a SET statement.
type sessionAssignment struct{ name, value string }

// parseSetStatement reads "SET [SESSION|LOCAL] a = 1, @@session.b = 'x'"; ok
// is false for anything else (GLOBAL, user variables, SET NAMES, other SQL),
// which then runs as written.
func parseSetStatement(sql string) ([]sessionAssignment, bool) {
	s := strings.TrimSpace(sql)
	s = strings.TrimSpace(strings.TrimSuffix(s, ";"))
	if len(s) < 4 || !strings.EqualFold(s[:3], "SET") || !isSQLSpace(s[3]) {
		return nil, false
	}
	var out []sessionAssignment
	for _, part := range splitSQLList(s[4:]) {
		part = strings.TrimSpace(part)
		if f := strings.Fields(part); len(f) > 1 && (strings.EqualFold(f[0], "SESSION") || strings.EqualFold(f[0], "LOCAL")) {
			part = strings.TrimSpace(part[len(f[0]):])
		}
		name, val, ok := strings.Cut(part, "=")
		if !ok {
			return nil, false
		}
		name = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(name), ":"))
		lower := strings.ToLower(name)
		for _, p := range []string{"@@session.", "@@local.", "@@"} {
			if strings.HasPrefix(lower, p) {
				name, lower = name[len(p):], lower[len(p):]
				break
			}
		}
		val = strings.TrimSpace(val)
		if !isPlainIdentifier(name) || val == "" || strings.ContainsAny(val, ";\r\n") || strings.HasPrefix(lower, "global.") {
			return nil, false
		}
		switch lower {
		case "names", "character", "password", "transaction", "global", "persist", "persist_only":
			return nil, false
		}
		out = append(out, sessionAssignment{name: name, value: val})
	}
	return out, len(out) > 0
}

func isSQLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isPlainIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9' && i > 0)) {
			return false
		}
	}
	return true
}

// splitSQLList splits at commas outside quotes and parentheses.
func splitSQLList(s string) []string {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"' || c == '`':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ',' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
