package jdbcmysql_test

import (
	"fmt"

	"github.com/jdbcmysql/jdbcmysql"
)

// A Java service passed its key store with -Djavax.net.ssl.keyStore=…; a Go
// program sets the same properties in code. URL properties still win.
func ExampleSetSystemProperty() {
	if err := jdbcmysql.SetSystemProperty(jdbcmysql.PropKeyStore, "/etc/app/client.p12"); err != nil {
		fmt.Println(err)
	}
	defer jdbcmysql.ClearSystemProperty(jdbcmysql.PropKeyStore)
	v, ok := jdbcmysql.SystemProperty(jdbcmysql.PropKeyStore)
	fmt.Println(v, ok)
	fmt.Println(jdbcmysql.SetSystemProperty("javax.net.ssl.keystore", "x") != nil)
	// Output:
	// /etc/app/client.p12 true
	// true
}
