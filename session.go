// This file sets up a new connection's session as Connector/J does at
// connect (ConnectionImpl.initializePropsFromServer), in its order:
// sessionVariables; then, with the session's variables as they now are,
// the connection zone for SERVER, SET SESSION time_zone for
// forceConnectionTimeZoneToSession, the character set (SET NAMES),
// autocommit=1 and STRICT_TRANS_TABLES for jdbcCompliantTruncation. It
// then gives the connection its value rules (values.go).

package jdbcmysql

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

// sessionPlan is what every new connection to one host needs, prepared
// once from the host's Config.
type sessionPlan struct {
	variables string // "SET SESSION a=b,..." or ""
	zone      zoneSetting
	forceZone string // the time_zone SET when forced, "" for none
	names     string // "NAMES ..." or ""
	assign    string // the assignments after time_zone and NAMES
	data      DataSettings
}

// strictTransTables adds STRICT_TRANS_TABLES to the session sql_mode when
// it lacks it, as Connector/J's setupServerForTruncationChecks does.
const strictTransTables = "sql_mode=IF(FIND_IN_SET('STRICT_TRANS_TABLES', @@session.sql_mode) > 0, @@session.sql_mode, " +
	"CONCAT_WS(',', NULLIF(@@session.sql_mode, ''), 'STRICT_TRANS_TABLES'))"

// planSession checks the data settings of hc and prepares its session
// statements.
func planSession(hc *Config) (*sessionPlan, error) {
	p := &sessionPlan{data: hc.Data}
	var err error
	if p.zone, err = parseConnectionTimeZone(hc.ConnectionTimeZone); err != nil {
		return nil, err
	}
	if hc.Data.ForceConnectionTimeZoneToSession && !p.zone.server {
		if p.forceZone, err = sessionTimeZoneValue(p.zone); err != nil {
			return nil, err
		}
	}
	if _, ok := zeroDateTimeValues[strings.ToUpper(hc.Data.ZeroDateTimeBehavior)]; !ok {
		return nil, invalidValue("zeroDateTimeBehavior", hc.Data.ZeroDateTimeBehavior, []string{"CONVERT_TO_NULL", "EXCEPTION", "ROUND"})
	}
	charsetTouched := false
	if len(hc.SessionVariables) > 0 {
		parts := make([]string, 0, len(hc.SessionVariables))
		for _, sv := range hc.SessionVariables {
			if !sessionVariableName.MatchString(sv.Name) || strings.ContainsAny(sv.Value, ";\n\r") {
				return nil, &PropertyError{Property: "sessionVariables", Value: sv.Name,
					Msg: fmt.Sprintf("jdbcmysql: sessionVariables: %q is not a variable name followed by a single value", sv.Name),
					Err: ErrInvalidProperty}
			}
			prefix := "SESSION "
			if strings.HasPrefix(sv.Name, "@") {
				prefix = ""
			}
			parts = append(parts, prefix+sv.Name+"="+sv.Value)
			n := strings.ToLower(strings.TrimLeft(sv.Name, "@"))
			n = strings.TrimPrefix(strings.TrimPrefix(n, "session."), "local.")
			if strings.HasPrefix(n, "character_set_") || strings.HasPrefix(n, "collation_") || n == "names" {
				charsetTouched = true
			}
		}
		p.variables = "SET " + strings.Join(parts, ",")
	}
	if why := refuseNonUTF8(hc.CharacterEncoding); why != "" {
		return nil, &PropertyError{Property: "characterEncoding", Value: hc.CharacterEncoding, Err: ErrUnsupported,
			Msg: "jdbcmysql: characterEncoding '" + hc.CharacterEncoding + "' is not supported: " + why}
	}
	if why := refuseNonUTF8Collation(hc.ConnectionCollation); why != "" {
		return nil, &PropertyError{Property: "connectionCollation", Value: hc.ConnectionCollation, Err: ErrUnsupported,
			Msg: "jdbcmysql: connectionCollation '" + hc.ConnectionCollation + "' is not supported: " + why}
	}
	if hc.CharacterEncoding != "" || hc.ConnectionCollation != "" || charsetTouched {
		p.names = "NAMES utf8mb4"
		if c := hc.ConnectionCollation; c != "" {
			if !strings.HasPrefix(strings.ToLower(c), "utf8mb4_") {
				p.names = "NAMES utf8mb3"
			}
			p.names += " COLLATE " + c
		}
	}
	assign := []string{"SESSION autocommit=1"}
	if hc.Data.JDBCCompliantTruncation {
		assign = append(assign, "SESSION "+strictTransTables)
	}
	if hc.Data.InteractiveClient {
		assign = append(assign, "SESSION wait_timeout=@@global.interactive_timeout")
	}
	p.assign = strings.Join(assign, ", ")
	return p, nil
}

// writeLocation is the zone go-sql-driver renders time.Time parameters in
// (its Loc), as far as it is known before connecting: W, except for SERVER
// with preserveInstants, where the session tells.
func (p *sessionPlan) writeLocation() *time.Location {
	switch {
	case !p.data.PreserveInstants:
		return time.Local
	case p.zone.server:
		return nil
	}
	return p.zone.loc
}

// start sets up the session of the new connection inner, whose
// go-sql-driver Config is mc (set by BeforeConnect: its Loc can still be
// changed) and whose server announced serverVersion in its handshake, and
// returns the connection's value rules.
func (p *sessionPlan) start(ctx context.Context, inner driver.Conn, mc *mysql.Config, serverVersion string) (*valueRules, error) {
	exec := func(what, stmt string) error {
		ex, ok := inner.(driver.ExecerContext)
		if !ok {
			return fmt.Errorf("jdbcmysql: %s: the driver's connection cannot run statements", what)
		}
		if _, err := ex.ExecContext(ctx, stmt, nil); err != nil {
			return fmt.Errorf("jdbcmysql: setting up the session (%s) failed: %w", what, err)
		}
		return nil
	}
	if p.variables != "" {
		if err := exec("sessionVariables", p.variables); err != nil {
			return nil, err
		}
	}
	loc := p.zone.loc
	if p.zone.server {
		tz, system, err := sessionTimeZones(ctx, inner)
		if err != nil {
			return nil, err
		}
		if loc, err = serverSessionZone(tz, system); err != nil {
			return nil, err
		}
	}
	set := make([]string, 0, 3)
	what := make([]string, 0, 3)
	if p.forceZone != "" {
		set = append(set, "SESSION time_zone='"+p.forceZone+"'")
		what = append(what, "forceConnectionTimeZoneToSession: time_zone '"+p.forceZone+"'")
	}
	if p.names != "" {
		set = append(set, p.names)
		what = append(what, "character set")
	}
	set = append(set, p.assign)
	what = append(what, "autocommit, sql_mode")
	if err := exec(strings.Join(what, "; "), "SET "+strings.Join(set, ", ")); err != nil {
		return nil, err
	}

	w := loc
	if !p.data.PreserveInstants {
		w = time.Local
	}
	if p.zone.server && p.data.PreserveInstants && mc.Loc == time.UTC {
		mc.Loc = w // go-sql-driver's default left alone: render in the session zone
	}
	rules := &valueRules{loc: mc.Loc, tinyIntBool: p.data.TinyInt1IsBit}
	switch zeroDateTimeValues[strings.ToUpper(p.data.ZeroDateTimeBehavior)] {
	case "CONVERT_TO_NULL":
		rules.zero = zeroDateNull
	case "ROUND":
		rules.zero = zeroDateRound
	}
	switch {
	case !p.data.SendFractionalSeconds:
		rules.fraction = fractionTruncateSecond
	case serverVersion != "" && versionBelow(serverVersion, 5, 6, 4):
		if !p.data.KeepFractionalSeconds {
			rules.fraction = fractionTruncateSecond
		}
	default:
		rules.fraction = fractionRoundMicro
	}
	return rules, nil
}

// sessionTimeZones reads the session's time_zone and system_time_zone.
func sessionTimeZones(ctx context.Context, inner driver.Conn) (tz, system string, err error) {
	q, ok := inner.(driver.QueryerContext)
	if !ok {
		return "", "", errors.New("jdbcmysql: connectionTimeZone=SERVER: the driver's connection cannot run queries")
	}
	rows, err := q.QueryContext(ctx, "SELECT @@session.time_zone, @@system_time_zone", nil)
	if err != nil {
		return "", "", fmt.Errorf("jdbcmysql: connectionTimeZone=SERVER: reading the session time zone: %w", err)
	}
	defer rows.Close()
	vals := make([]driver.Value, 2)
	if err := rows.Next(vals); err != nil {
		if err == io.EOF {
			err = errors.New("no row")
		}
		return "", "", fmt.Errorf("jdbcmysql: connectionTimeZone=SERVER: reading the session time zone: %w", err)
	}
	return valueText(vals[0]), valueText(vals[1]), nil
}

func valueText(v driver.Value) string {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case string:
		return x
	}
	return ""
}

// versionBelow reports whether a handshake version ("5.5.5-10.11.19-MariaDB",
// "8.4.3") is older than major.minor.patch, reading its leading numbers as
// Connector/J's ServerVersion.parseVersion does.
func versionBelow(v string, major, minor, patch int) bool {
	var n [3]int
	for i := range n {
		j := 0
		for j < len(v) && v[j] >= '0' && v[j] <= '9' {
			j++
		}
		n[i], _ = strconv.Atoi(v[:j])
		v = v[j:]
		if len(v) == 0 || v[0] != '.' {
			break
		}
		v = v[1:]
	}
	want := [3]int{major, minor, patch}
	for i := range n {
		if n[i] != want[i] {
			return n[i] < want[i]
		}
	}
	return false
}

// applyToDSN puts what a DSN can carry of the session set-up into m, for
// FormatDSN: sessionVariables, the forced time_zone, autocommit and the
// sql_mode rule as go-sql-driver Params (one SET, in no fixed order), the
// character set, and parseTime with Loc. A DSN has no value layer: zero
// dates, TINYINT(1)/BIT(1) booleans, DST-gap errors and fractional-second
// truncation need the Connector.
func (p *sessionPlan) applyToDSN(hc *Config, m *mysql.Config) error {
	m.ParseTime = true
	params := map[string]string{}
	for _, sv := range hc.SessionVariables {
		params[sv.Name] = sv.Value
	}
	if _, ok := params["time_zone"]; !ok && p.forceZone != "" {
		params["time_zone"] = "'" + p.forceZone + "'"
	}
	if _, ok := params["autocommit"]; !ok {
		params["autocommit"] = "1"
	}
	if _, ok := params["sql_mode"]; !ok && p.data.JDBCCompliantTruncation {
		params["sql_mode"] = strings.TrimPrefix(strictTransTables, "sql_mode=")
	}
	m.Params = params
	if p.names != "" {
		return m.Apply(mysql.Charset("utf8mb4", hc.ConnectionCollation))
	}
	return nil
}
