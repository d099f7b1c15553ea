package jdbcmysql_test

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jdbcmysql/jdbcmysql"
)

// The data settings a URL carries: the time zone values are rendered and
// read in, and how zero dates and TINYINT(1) read (Config.Data).
func ExampleDataSettings() {
	cfg, err := jdbcmysql.ParseURL("jdbc:mysql://db.example/app?connectionTimeZone=UTC" +
		"&forceConnectionTimeZoneToSession=true&zeroDateTimeBehavior=convertToNull")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.ConnectionTimeZone, cfg.Data.ForceConnectionTimeZoneToSession, cfg.Data.ZeroDateTimeBehavior)
	fmt.Println("preserveInstants:", cfg.Data.PreserveInstants, "tinyInt1isBit:", cfg.Data.TinyInt1IsBit)

	_, err = jdbcmysql.ParseURL("jdbc:mysql://db.example/app?characterEncoding=ISO-8859-1")
	fmt.Println(errors.Is(err, jdbcmysql.ErrUnsupported))
	// Output:
	// UTC true CONVERT_TO_NULL
	// preserveInstants: true tinyInt1isBit: true
	// true
}

// Reading a DATETIME as Connector/J does: a time.Time, or an error naming
// the column for a zero date (zeroDateTimeBehavior=EXCEPTION, the default).
func ExampleValueError() {
	db, err := sql.Open("jdbcmysql", "jdbc:mysql://db.example/app?user=app&sslMode=REQUIRED")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	var shipped time.Time
	err = db.QueryRow("SELECT shipped_at FROM orders WHERE id = ?", 42).Scan(&shipped)
	var ve *jdbcmysql.ValueError
	switch {
	case errors.Is(err, jdbcmysql.ErrZeroDate) && errors.As(err, &ve):
		fmt.Println("zero date in column", ve.Column)
	case err != nil:
		fmt.Println(err)
	default:
		fmt.Println(shipped)
	}
}
