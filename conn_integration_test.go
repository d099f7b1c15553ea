// This file checks the connection wrapper against the real server: every
// interface go-sql-driver's connection, statements and rows implement is
// reachable through the connection the Connector returns.

package jdbcmysql_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"testing"
	"time"

	"github.com/jdbcmysql/jdbcmysql"
)

func TestIntegrationConnWrapperForwards(t *testing.T) {
	f := newFixture(t)
	u := f.url(f.srv.Users.X509, append(keyStoreProps(f.jks, "", seedPassword), "sslMode=REQUIRED", "allowMultiQueries=true")...)
	db := openDB(t, u)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := db.Conn(ctx)
	must(t, err)
	defer c.Close()
	must(t, c.Raw(func(dc any) error {
		for name, ok := range map[string]bool{
			"ConnBeginTx":        is[driver.ConnBeginTx](dc),
			"ConnPrepareContext": is[driver.ConnPrepareContext](dc),
			"ExecerContext":      is[driver.ExecerContext](dc),
			"QueryerContext":     is[driver.QueryerContext](dc),
			"Pinger":             is[driver.Pinger](dc),
			"SessionResetter":    is[driver.SessionResetter](dc),
			"Validator":          is[driver.Validator](dc),
			"NamedValueChecker":  is[driver.NamedValueChecker](dc),
		} {
			if !ok {
				t.Errorf("the connection does not implement driver.%s", name)
			}
		}
		st, err := dc.(driver.ConnPrepareContext).PrepareContext(ctx, "SELECT ?")
		if err != nil {
			return err
		}
		defer st.Close()
		for name, ok := range map[string]bool{
			"StmtExecContext":   is[driver.StmtExecContext](st),
			"StmtQueryContext":  is[driver.StmtQueryContext](st),
			"NamedValueChecker": is[driver.NamedValueChecker](st),
		} {
			if !ok {
				t.Errorf("the statement does not implement driver.%s", name)
			}
		}
		r, err := dc.(driver.QueryerContext).QueryContext(ctx, "SELECT 1", nil)
		if err != nil {
			return err
		}
		defer r.Close()
		for name, ok := range map[string]bool{
			"RowsNextResultSet":              is[driver.RowsNextResultSet](r),
			"RowsColumnTypeDatabaseTypeName": is[driver.RowsColumnTypeDatabaseTypeName](r),
			"RowsColumnTypeLength":           is[driver.RowsColumnTypeLength](r),
			"RowsColumnTypeNullable":         is[driver.RowsColumnTypeNullable](r),
			"RowsColumnTypePrecisionScale":   is[driver.RowsColumnTypePrecisionScale](r),
			"RowsColumnTypeScanType":         is[driver.RowsColumnTypeScanType](r),
		} {
			if !ok {
				t.Errorf("the rows do not implement driver.%s", name)
			}
		}
		return nil
	}))

	// Prepared statements, transactions, column types and several result
	// sets all work through the wrapper.
	var n int
	must(t, c.QueryRowContext(ctx, "SELECT ? + 1", 41).Scan(&n))
	if n != 42 {
		t.Errorf("SELECT ? + 1 with 41 = %d", n)
	}
	_, err = c.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS conn_wrapper_ro (id INT PRIMARY KEY)")
	must(t, err)
	tx, err := c.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	must(t, err)
	_, writeErr := tx.ExecContext(ctx, "INSERT INTO conn_wrapper_ro VALUES (1)")
	must(t, tx.Rollback())
	if writeErr == nil {
		t.Error("an INSERT in a read-only transaction succeeded")
	}
	rows, err := c.QueryContext(ctx, "SELECT 1 AS a, 'x' AS b; SELECT 2.5 AS c")
	must(t, err)
	cts, err := rows.ColumnTypes()
	must(t, err)
	if len(cts) != 2 || cts[0].DatabaseTypeName() == "" || cts[1].DatabaseTypeName() != "VARCHAR" {
		t.Errorf("column types of the first result: %v", cts)
	}
	for rows.Next() {
	}
	if !rows.NextResultSet() {
		t.Fatalf("no second result set: %v", rows.Err())
	}
	var d float64
	if !rows.Next() {
		t.Fatalf("second result set is empty: %v", rows.Err())
	}
	must(t, rows.Scan(&d))
	must(t, rows.Close())
	if d != 2.5 {
		t.Errorf("second result set: %v", d)
	}
	must(t, c.PingContext(ctx))
}

func is[T any](v any) bool {
	_, ok := v.(T)
	return ok
}

// openDB opens a pool through NewConnector and closes it when the test ends.
func openDB(t *testing.T, u string) *sql.DB {
	t.Helper()
	c, err := jdbcmysql.NewConnector(u)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(c)
	t.Cleanup(func() { db.Close() })
	return db
}
