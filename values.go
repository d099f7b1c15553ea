// This file holds a connection's value rules, so that Go reads and writes
// what a Java service does through Connector/J: DATETIME, TIMESTAMP and
// DATE read as wall time in the rendering zone (an error inside its DST
// gap, the later instant in an overlap), zero dates per
// zeroDateTimeBehavior, BIT(1) and TINYINT(1) as booleans, and time.Time
// parameters truncated or rounded as Connector/J sends them.

package jdbcmysql

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"time"
)

// ErrZeroDate marks a zero date ('0000-00-00') read under
// zeroDateTimeBehavior=EXCEPTION, Connector/J's default.
var ErrZeroDate = errors.New("jdbcmysql: zero date value prohibited")

// ErrInvalidDateTime marks a DATETIME, TIMESTAMP or DATE value that is no
// valid wall time in the zone it is read in: inside a daylight-saving gap,
// or a date such as 2024-02-30. Connector/J's non-lenient calendar throws
// on both.
var ErrInvalidDateTime = errors.New("jdbcmysql: no such date-time in the connection's time zone")

// ValueError is a result value that cannot be read as Connector/J reads
// it. It matches ErrZeroDate or ErrInvalidDateTime with errors.Is.
type ValueError struct {
	Column string // the result column
	Value  string // the value as the server sent it
	Msg    string
	Err    error
}

func (e *ValueError) Error() string { return e.Msg }
func (e *ValueError) Unwrap() error { return e.Err }

// zeroDateBehavior is zeroDateTimeBehavior.
type zeroDateBehavior uint8

const (
	zeroDateException zeroDateBehavior = iota // an error
	zeroDateNull                              // NULL
	zeroDateRound                             // 0001-01-01 00:00:00
)

// fractionRule is how the fraction of a time.Time parameter is sent.
type fractionRule uint8

const (
	fractionAsIs           fractionRule = iota // as go-sql-driver writes it
	fractionRoundMicro                         // rounded to microseconds, as Connector/J does on servers >= 5.6.4
	fractionTruncateSecond                     // whole seconds: servers < 5.6.4 (MariaDB's 5.5.5-), sendFractionalSeconds=false
)

// valueRules are one connection's rules; nil changes nothing.
type valueRules struct {
	loc         *time.Location // W: DATETIME, TIMESTAMP and DATE are wall times here
	zero        zeroDateBehavior
	tinyIntBool bool // tinyInt1isBit: TINYINT(1) reads as bool
	fraction    fractionRule
}

// columnKind is what the rules do with a column's values.
type columnKind uint8

const (
	columnTemporal columnKind = iota + 1 // DATETIME, TIMESTAMP, DATE -> time.Time
	columnBit                            // BIT(1) -> bool
	columnTinyBool                       // TINYINT(1) -> bool
)

// columnRule is how one result column's values are converted.
type columnRule struct {
	index    int
	kind     columnKind
	nullable bool
}

// bindParam adjusts a time.Time parameter (after the driver's conversion)
// to the fraction Connector/J would send. The text itself is written by
// go-sql-driver in the connection's Loc, the rendering zone W, whatever
// the time.Time's own Location.
func (v *valueRules) bindParam(nv *driver.NamedValue) error {
	t, ok := nv.Value.(time.Time)
	if !ok {
		return nil
	}
	switch v.fraction {
	case fractionTruncateSecond:
		if t.Nanosecond() != 0 {
			nv.Value = t.Truncate(time.Second)
		}
	case fractionRoundMicro:
		if t.Nanosecond()%1000 != 0 {
			nv.Value = t.Round(time.Microsecond)
		}
	}
	return nil
}

// planColumns lists the columns of r whose values the rules convert.
func (v *valueRules) planColumns(r *rows, plan []columnRule) []columnRule {
	n := len(r.inner.Columns())
	for i := 0; i < n; i++ {
		var kind columnKind
		switch r.ColumnTypeDatabaseTypeName(i) {
		case "DATETIME", "TIMESTAMP", "DATE":
			kind = columnTemporal
		case "BIT":
			if l, ok := driverColumnLength(r.inner, i); ok && l == 1 {
				kind = columnBit
			}
		case "TINYINT", "UNSIGNED TINYINT":
			if !v.tinyIntBool {
				continue
			}
			if l, ok := driverColumnLength(r.inner, i); ok && l == 1 {
				kind = columnTinyBool
			}
		}
		if kind != 0 {
			nullable, _ := r.ColumnTypeNullable(i)
			plan = append(plan, columnRule{index: i, kind: kind, nullable: nullable})
		}
	}
	return plan
}

// convertRow converts the planned columns of one row.
func (v *valueRules) convertRow(r *rows, dest []driver.Value) error {
	for _, c := range r.plan {
		if c.index >= len(dest) || dest[c.index] == nil {
			continue
		}
		switch c.kind {
		case columnTemporal:
			b, ok := dest[c.index].([]byte)
			if !ok { // already a time.Time: ParseTime set with WithMySQLConfig
				continue
			}
			val, err := v.temporal(b)
			if err != nil {
				return v.valueError(r, c.index, b, err)
			}
			dest[c.index] = val
		case columnBit:
			if b, ok := dest[c.index].([]byte); ok {
				dest[c.index] = javaBoolean(bitValue(b))
			}
		case columnTinyBool:
			if n, ok := dest[c.index].(int64); ok {
				dest[c.index] = javaBoolean(n)
			}
		}
	}
	return nil
}

// scanType is the type column i scans into after conversion, nil when the
// rules leave it alone.
func (v *valueRules) scanType(r *rows, i int) reflect.Type {
	for _, c := range r.plan {
		if c.index != i {
			continue
		}
		switch {
		case c.kind == columnTemporal:
			return reflect.TypeFor[sql.NullTime]()
		case c.nullable:
			return reflect.TypeFor[sql.NullBool]()
		default:
			return reflect.TypeFor[bool]()
		}
	}
	return nil
}

// javaBoolean is Connector/J's getBoolean of an integer: true for -1 and
// for every positive value.
func javaBoolean(n int64) bool { return n == -1 || n > 0 }

// bitValue reads a BIT value (big-endian bytes) as a number.
func bitValue(b []byte) int64 {
	var n int64
	for _, x := range b {
		n = n<<8 | int64(x)
	}
	return n
}

// errZeroDate is returned by temporal for a zero date under EXCEPTION.
var errZeroDate = errors.New("zero date")

// temporal reads a DATETIME, TIMESTAMP or DATE as the server wrote it
// ("2006-01-02", "2006-01-02 15:04:05[.ffffff]") as wall time in W.
func (v *valueRules) temporal(b []byte) (driver.Value, error) {
	y, mo, d, h, mi, s, ns, ok := parseDateTimeText(b)
	if !ok {
		return nil, errors.New("not a date-time")
	}
	if y == 0 && mo == 0 && d == 0 {
		switch v.zero {
		case zeroDateNull:
			return nil, nil
		case zeroDateRound:
			return time.Date(1, 1, 1, 0, 0, 0, 0, v.loc), nil
		}
		return nil, errZeroDate
	}
	t, err := javaLocalTime(y, mo, d, h, mi, s, ns, v.loc)
	if err != nil {
		return nil, err
	}
	return t, nil
}

func (v *valueRules) valueError(r *rows, i int, b []byte, err error) error {
	col := ""
	if cols := r.inner.Columns(); i < len(cols) {
		col = cols[i]
	}
	if errors.Is(err, errZeroDate) {
		return &ValueError{Column: col, Value: string(b), Err: ErrZeroDate,
			Msg: fmt.Sprintf("jdbcmysql: column %q: zero date value prohibited (%s; zeroDateTimeBehavior=EXCEPTION, as Connector/J; CONVERT_TO_NULL reads NULL, ROUND 0001-01-01)", col, b)}
	}
	if errors.Is(err, ErrInvalidDateTime) {
		return &ValueError{Column: col, Value: string(b), Err: ErrInvalidDateTime,
			Msg: fmt.Sprintf("jdbcmysql: column %q: %s is no valid date-time in %s (a daylight-saving gap or an impossible date; Connector/J throws too)", col, b, v.loc)}
	}
	return &ValueError{Column: col, Value: string(b), Err: err,
		Msg: fmt.Sprintf("jdbcmysql: column %q: cannot read %q as a date-time: %v", col, b, err)}
}

// javaLocalTime is the instant of a wall time in loc as Connector/J's
// non-lenient calendar finds it: an error when the wall time does not
// exist there (a DST gap, an impossible date), the later instant when it
// exists twice (an overlap).
func javaLocalTime(y, mo, d, h, mi, s, ns int, loc *time.Location) (time.Time, error) {
	t := time.Date(y, time.Month(mo), d, h, mi, s, ns, loc)
	if !sameWallTime(t, y, mo, d, h, mi, s) {
		return time.Time{}, ErrInvalidDateTime
	}
	_, off := t.Zone()
	for _, probe := range [2]time.Time{t.Add(-24 * time.Hour), t.Add(24 * time.Hour)} {
		if _, o := probe.Zone(); o != off {
			alt := t.Add(time.Duration(off-o) * time.Second)
			if alt.After(t) && sameWallTime(alt, y, mo, d, h, mi, s) {
				t = alt
			}
		}
	}
	return t, nil
}

func sameWallTime(t time.Time, y, mo, d, h, mi, s int) bool {
	ty, tmo, td := t.Date()
	th, tmi, ts := t.Clock()
	return ty == y && int(tmo) == mo && td == d && th == h && tmi == mi && ts == s
}

// parseDateTimeText reads "YYYY-MM-DD" or "YYYY-MM-DD hh:mm:ss[.f{1,9}]".
func parseDateTimeText(b []byte) (y, mo, d, h, mi, s, ns int, ok bool) {
	num := func(p []byte) (int, bool) {
		n := 0
		for _, c := range p {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, len(p) > 0
	}
	if len(b) < 10 || b[4] != '-' || b[7] != '-' {
		return
	}
	var ok1, ok2, ok3 bool
	y, ok1 = num(b[0:4])
	mo, ok2 = num(b[5:7])
	d, ok3 = num(b[8:10])
	if !ok1 || !ok2 || !ok3 {
		return
	}
	if len(b) == 10 {
		return y, mo, d, 0, 0, 0, 0, true
	}
	if len(b) < 19 || b[10] != ' ' || b[13] != ':' || b[16] != ':' {
		return
	}
	h, ok1 = num(b[11:13])
	mi, ok2 = num(b[14:16])
	s, ok3 = num(b[17:19])
	if !ok1 || !ok2 || !ok3 {
		return
	}
	if len(b) > 19 {
		frac := b[20:]
		if b[19] != '.' || len(frac) == 0 || len(frac) > 9 {
			return
		}
		f, okf := num(frac)
		if !okf {
			return
		}
		for i := len(frac); i < 9; i++ {
			f *= 10
		}
		ns = f
	}
	return y, mo, d, h, mi, s, ns, true
}
