package jdbcmysql_test

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/jdbcmysql/jdbcmysql"
)

// A Java service's JDBC URL, unchanged, becomes a database/sql pool. Key
// stores are read when the first connection needs them, so creating the
// connector does no I/O; a bad property is reported at once.
func ExampleNewConnector() {
	c, err := jdbcmysql.NewConnector("jdbc:mysql://db.example:3306/app?user=app&password=secret" +
		"&sslMode=VERIFY_CA&clientCertificateKeyStoreUrl=file:/etc/mysql/keystore" +
		"&clientCertificateKeyStorePassword=mypassword&trustCertificateKeyStoreUrl=file:/etc/mysql/truststore")
	if err != nil {
		fmt.Println(err)
		return
	}
	db := sql.OpenDB(c)
	defer db.Close()
	fmt.Println("pool ready; connections opened:", db.Stats().OpenConnections)

	_, err = jdbcmysql.NewConnector("jdbc:mysql://db.example/app?sslMode=VERIFY_SERVER")
	var pe *jdbcmysql.PropertyError
	fmt.Println(errors.Is(err, jdbcmysql.ErrInvalidProperty), errors.As(err, &pe) && pe.Property == "sslMode")
	// Output:
	// pool ready; connections opened: 0
	// true true
}

// The registered driver takes the same URL through sql.Open.
func ExampleDriver() {
	db, err := sql.Open("jdbcmysql", "jdbc:mysql://db.example/app?user=app&sslMode=REQUIRED")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	fmt.Println(db.Driver() != nil)
	// Output: true
}
