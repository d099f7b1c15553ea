// This file reads a result column's declared length (the 1 of TINYINT(1)
// and BIT(1)) from go-sql-driver's rows, whose API does not export it
// (ColumnTypeLength is commented out in v1.10). The field is found by
// reflection once per rows type; a go-sql-driver without it reports no
// length, and TINYINT(1) and BIT(1) then stay integers and bytes.

package jdbcmysql

import (
	"database/sql/driver"
	"reflect"
	"sync"
)

// columnsPath is where a rows type keeps its columns and where a column
// keeps its length; ok is false when the type has no such fields.
type columnsPath struct {
	columns []int // index path of rs.columns in the rows struct
	length  int   // index of length in a column
	ok      bool
}

var columnsPaths sync.Map // reflect.Type -> columnsPath

func columnsPathOf(t reflect.Type) columnsPath {
	if p, ok := columnsPaths.Load(t); ok {
		return p.(columnsPath)
	}
	var p columnsPath
	if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct {
		if rs, ok := t.Elem().FieldByName("rs"); ok && rs.Type.Kind() == reflect.Struct {
			if cols, ok := rs.Type.FieldByName("columns"); ok && cols.Type.Kind() == reflect.Slice && cols.Type.Elem().Kind() == reflect.Struct {
				if l, ok := cols.Type.Elem().FieldByName("length"); ok && l.Type.Kind() == reflect.Uint32 && len(l.Index) == 1 {
					p = columnsPath{columns: append(append([]int{}, rs.Index...), cols.Index...), length: l.Index[0], ok: true}
				}
			}
		}
	}
	columnsPaths.Store(t, p)
	return p
}

// driverColumnLength is column i's length as the server declared it.
func driverColumnLength(r driver.Rows, i int) (uint32, bool) {
	v := reflect.ValueOf(r)
	p := columnsPathOf(v.Type())
	if !p.ok {
		return 0, false
	}
	cols := v.Elem().FieldByIndex(p.columns)
	if i < 0 || i >= cols.Len() {
		return 0, false
	}
	return uint32(cols.Index(i).Field(p.length).Uint()), true
}
