// This file wraps go-sql-driver's connection in the driver.Conn the
// Connector returns: every interface the driver's connection, statements
// and rows implement is forwarded, and the connection's value rules
// (values.go) apply to parameters and result values. Wrappers for
// statements and rows come from pools, so a query allocates nothing more
// than go-sql-driver does.

package jdbcmysql

import (
	"context"
	"database/sql/driver"
	"io"
	"reflect"
	"sync"
)

// conn is one connection: go-sql-driver's, with its interfaces looked up
// once, and the rules for the values that cross it.
type conn struct {
	inner     driver.Conn
	beginTx   driver.ConnBeginTx
	prepare   driver.ConnPrepareContext
	execer    driver.ExecerContext
	queryer   driver.QueryerContext
	pinger    driver.Pinger
	resetter  driver.SessionResetter
	validator driver.Validator
	checker   driver.NamedValueChecker

	rules *valueRules // nil: values pass through unchanged

	// host is the host, as written in the URL, this connection is on.
	host string
	// keep, when set, is asked by IsValid whether the pool may keep this
	// connection; failover and load balancing retire connections with it.
	keep func() bool
	// statements counts the statements run (exec, query, prepare), for
	// rules that act after a number of statements.
	statements uint64
	// route is what host selection left on the connection (connroute.go):
	// its host, its retirement rules, whether its errors name the host.
	route *connRoute
	// inTx is set from BeginTx until the pool takes the connection back.
	inTx bool
}

// wrapConn wraps go-sql-driver's connection inner, on host, with rules.
func wrapConn(inner driver.Conn, host string, rules *valueRules) *conn {
	c := &conn{inner: inner, host: host, rules: rules}
	c.beginTx, _ = inner.(driver.ConnBeginTx)
	c.prepare, _ = inner.(driver.ConnPrepareContext)
	c.execer, _ = inner.(driver.ExecerContext)
	c.queryer, _ = inner.(driver.QueryerContext)
	c.pinger, _ = inner.(driver.Pinger)
	c.resetter, _ = inner.(driver.SessionResetter)
	c.validator, _ = inner.(driver.Validator)
	c.checker, _ = inner.(driver.NamedValueChecker)
	return c
}

// statementStarted is called before every statement the connection runs.
func (c *conn) statementStarted(query string) {
	c.statements++
	if c.route != nil {
		c.route.statement(query, c.inTx)
	}
}

// Prepare prepares a statement on the server.
func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext prepares a statement on the server.
func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	c.statementStarted(query)
	var s driver.Stmt
	var err error
	if c.prepare != nil {
		s, err = c.prepare.PrepareContext(ctx, query)
	} else {
		s, err = c.inner.Prepare(query)
	}
	if err != nil {
		return nil, c.route.hostError(err)
	}
	return wrapStmt(c, s, query), nil
}

// Close closes the connection.
func (c *conn) Close() error { return c.inner.Close() }

// Begin starts a transaction with default options.
func (c *conn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

// BeginTx starts a transaction.
func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	var tx driver.Tx
	var err error
	if c.beginTx != nil {
		tx, err = c.beginTx.BeginTx(ctx, opts)
	} else {
		//lint:ignore SA1019 the fallback for a driver without ConnBeginTx
		tx, err = c.inner.Begin() //nolint:staticcheck
	}
	if err != nil {
		return nil, c.route.hostError(err)
	}
	c.inTx = true
	return &connTx{Tx: tx, c: c}, nil
}

// connTx ends the connection's transaction state when the transaction
// ends, so a *sql.Conn held across transactions counts its autocommit
// statements again.
type connTx struct {
	driver.Tx
	c *conn
}

func (t *connTx) Commit() error {
	t.c.inTx = false
	return t.Tx.Commit()
}

func (t *connTx) Rollback() error {
	t.c.inTx = false
	return t.Tx.Rollback()
}

// ExecContext runs a statement without preparing it when go-sql-driver
// can (InterpolateParams or no arguments); otherwise database/sql prepares.
func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if c.execer == nil {
		return nil, driver.ErrSkip
	}
	c.statementStarted(query)
	r, err := c.execer.ExecContext(ctx, query, args)
	return r, c.route.hostError(err)
}

// QueryContext runs a query without preparing it when go-sql-driver can.
func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if c.queryer == nil {
		return nil, driver.ErrSkip
	}
	c.statementStarted(query)
	r, err := c.queryer.QueryContext(ctx, query, args)
	if err != nil {
		return nil, c.route.hostError(err)
	}
	return wrapRows(c.rules, r), nil
}

// Ping checks the connection.
func (c *conn) Ping(ctx context.Context) error {
	if c.pinger == nil {
		return nil
	}
	return c.route.hostError(c.pinger.Ping(ctx))
}

// ResetSession is called before the pool hands the connection out again.
func (c *conn) ResetSession(ctx context.Context) error {
	if c.resetter == nil {
		return nil
	}
	return c.resetter.ResetSession(ctx)
}

// IsValid reports whether the pool may keep the connection. The pool
// asks when it takes the connection back, so no transaction is open.
func (c *conn) IsValid() bool {
	c.inTx = false
	if c.validator != nil && !c.validator.IsValid() {
		return false
	}
	return c.keep == nil || c.keep()
}

// CheckNamedValue converts a parameter the way go-sql-driver does, then
// applies the connection's rules for binding it.
func (c *conn) CheckNamedValue(nv *driver.NamedValue) error {
	return checkParam(c.checker, c.rules, nv)
}

// checkParam runs first, the driver's checker (nil: database/sql's default
// conversion), then the rules.
func checkParam(first driver.NamedValueChecker, rules *valueRules, nv *driver.NamedValue) error {
	var err error
	if first != nil {
		err = first.CheckNamedValue(nv)
	} else {
		nv.Value, err = driver.DefaultParameterConverter.ConvertValue(nv.Value)
	}
	if err != nil || rules == nil {
		return err
	}
	return rules.bindParam(nv)
}

// stmt is a prepared statement of a conn.
type stmt struct {
	inner   driver.Stmt
	conn    *conn
	execer  driver.StmtExecContext
	queryer driver.StmtQueryContext
	checker driver.NamedValueChecker
	query   string
}

var stmtPool = sync.Pool{New: func() any { return new(stmt) }}

func wrapStmt(c *conn, inner driver.Stmt, query string) *stmt {
	s := stmtPool.Get().(*stmt)
	s.inner, s.conn, s.query = inner, c, query
	s.execer, _ = inner.(driver.StmtExecContext)
	s.queryer, _ = inner.(driver.StmtQueryContext)
	s.checker, _ = inner.(driver.NamedValueChecker)
	return s
}

// Close closes the statement; the wrapper goes back to its pool.
func (s *stmt) Close() error {
	inner := s.inner
	if inner == nil {
		return nil
	}
	*s = stmt{}
	stmtPool.Put(s)
	return inner.Close()
}

// NumInput is the number of placeholders.
func (s *stmt) NumInput() int { return s.inner.NumInput() }

// Exec runs the statement.
func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	s.conn.statementStarted(s.query)
	//lint:ignore SA1019 database/sql calls it only for drivers without StmtExecContext
	r, err := s.inner.Exec(args) //nolint:staticcheck
	return r, s.conn.route.hostError(err)
}

// Query runs the statement.
func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	s.conn.statementStarted(s.query)
	//lint:ignore SA1019 database/sql calls it only for drivers without StmtQueryContext
	r, err := s.inner.Query(args) //nolint:staticcheck
	if err != nil {
		return nil, s.conn.route.hostError(err)
	}
	return wrapRows(s.conn.rules, r), nil
}

// ExecContext runs the statement.
func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if s.execer == nil {
		return nil, driver.ErrSkip
	}
	s.conn.statementStarted(s.query)
	r, err := s.execer.ExecContext(ctx, args)
	return r, s.conn.route.hostError(err)
}

// QueryContext runs the statement.
func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if s.queryer == nil {
		return nil, driver.ErrSkip
	}
	s.conn.statementStarted(s.query)
	r, err := s.queryer.QueryContext(ctx, args)
	if err != nil {
		return nil, s.conn.route.hostError(err)
	}
	return wrapRows(s.conn.rules, r), nil
}

// CheckNamedValue converts a parameter as the driver's statement does,
// then applies the connection's rules.
func (s *stmt) CheckNamedValue(nv *driver.NamedValue) error {
	return checkParam(s.checker, s.conn.rules, nv)
}

// rows is a result of a conn: the driver's rows, with the result values
// converted by the connection's rules.
type rows struct {
	inner    driver.Rows
	rules    *valueRules
	next     driver.RowsNextResultSet
	typeName driver.RowsColumnTypeDatabaseTypeName
	length   driver.RowsColumnTypeLength
	nullable driver.RowsColumnTypeNullable
	scale    driver.RowsColumnTypePrecisionScale
	scanType driver.RowsColumnTypeScanType

	planned bool
	plan    []columnRule // the columns whose values the rules convert
}

var rowsPool = sync.Pool{New: func() any { return new(rows) }}

func wrapRows(rules *valueRules, inner driver.Rows) *rows {
	r := rowsPool.Get().(*rows)
	r.inner, r.rules = inner, rules
	r.next, _ = inner.(driver.RowsNextResultSet)
	r.typeName, _ = inner.(driver.RowsColumnTypeDatabaseTypeName)
	r.length, _ = inner.(driver.RowsColumnTypeLength)
	r.nullable, _ = inner.(driver.RowsColumnTypeNullable)
	r.scale, _ = inner.(driver.RowsColumnTypePrecisionScale)
	r.scanType, _ = inner.(driver.RowsColumnTypeScanType)
	return r
}

// Columns names the result's columns.
func (r *rows) Columns() []string { return r.inner.Columns() }

// Close closes the result; the wrapper goes back to its pool.
func (r *rows) Close() error {
	inner := r.inner
	if inner == nil {
		return nil
	}
	plan := r.plan[:0]
	*r = rows{plan: plan}
	rowsPool.Put(r)
	return inner.Close()
}

// Next reads the next row and converts the values the rules cover.
func (r *rows) Next(dest []driver.Value) error {
	if err := r.inner.Next(dest); err != nil {
		return err
	}
	if r.rules == nil {
		return nil
	}
	if !r.planned {
		r.plan = r.rules.planColumns(r, r.plan[:0])
		r.planned = true
	}
	if len(r.plan) == 0 {
		return nil
	}
	return r.rules.convertRow(r, dest)
}

// HasNextResultSet reports whether another result set follows.
func (r *rows) HasNextResultSet() bool { return r.next != nil && r.next.HasNextResultSet() }

// NextResultSet moves to the next result set.
func (r *rows) NextResultSet() error {
	if r.next == nil {
		return io.EOF
	}
	r.planned = false
	return r.next.NextResultSet()
}

// ColumnTypeDatabaseTypeName is the column's type as the server names it.
func (r *rows) ColumnTypeDatabaseTypeName(i int) string {
	if r.typeName == nil {
		return ""
	}
	return r.typeName.ColumnTypeDatabaseTypeName(i)
}

// ColumnTypeLength is the driver's length of a variable-length column.
func (r *rows) ColumnTypeLength(i int) (int64, bool) {
	if r.length == nil {
		return 0, false
	}
	return r.length.ColumnTypeLength(i)
}

// ColumnTypeNullable reports whether the column may hold NULL.
func (r *rows) ColumnTypeNullable(i int) (nullable, ok bool) {
	if r.nullable == nil {
		return false, false
	}
	return r.nullable.ColumnTypeNullable(i)
}

// ColumnTypePrecisionScale is the column's precision and scale.
func (r *rows) ColumnTypePrecisionScale(i int) (precision, scale int64, ok bool) {
	if r.scale == nil {
		return 0, 0, false
	}
	return r.scale.ColumnTypePrecisionScale(i)
}

// ColumnTypeScanType is the Go type the column's values scan into: the
// converted type for columns the rules convert, else the driver's.
func (r *rows) ColumnTypeScanType(i int) reflect.Type {
	if r.rules != nil {
		if !r.planned {
			r.plan = r.rules.planColumns(r, r.plan[:0])
			r.planned = true
		}
		if t := r.rules.scanType(r, i); t != nil {
			return t
		}
	}
	if r.scanType == nil {
		return reflect.TypeFor[any]()
	}
	return r.scanType.ColumnTypeScanType(i)
}
