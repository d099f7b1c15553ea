// This file holds a connection's value rules: how time.Time parameters are
// bound and how result values are converted so that Go reads what a Java
// service reads through Connector/J.

package jdbcmysql

import (
	"database/sql/driver"
	"reflect"
)

// valueRules are one connection's rules; nil changes nothing.
type valueRules struct{}

// columnRule is how one result column's values are converted.
type columnRule struct {
	index int
}

// bindParam adjusts a parameter after the driver's conversion.
func (v *valueRules) bindParam(nv *driver.NamedValue) error { return nil }

// planColumns lists the columns of r whose values the rules convert.
func (v *valueRules) planColumns(r *rows, plan []columnRule) []columnRule { return plan }

// convertRow converts the planned columns of one row.
func (v *valueRules) convertRow(r *rows, dest []driver.Value) error { return nil }

// scanType is the type column i scans into after conversion, nil when the
// rules leave it alone.
func (v *valueRules) scanType(r *rows, i int) reflect.Type { return nil }
