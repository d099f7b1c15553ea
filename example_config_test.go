package jdbcmysql_test

import (
	"fmt"

	"github.com/jdbcmysql/jdbcmysql"
)

func ExampleConfig_ResolveStores() {
	cfg, err := jdbcmysql.ParseURL("jdbc:mysql://db.example.com/app?sslMode=VERIFY_CA" +
		"&clientCertificateKeyStoreUrl=file:/etc/app/client.p12&clientCertificateKeyStoreType=PKCS12" +
		"&clientCertificateKeyStorePassword=changeit&fallbackToSystemTrustStore=false")
	if err != nil {
		fmt.Println(err)
		return
	}
	keyStore, trustStore := cfg.ResolveStores()
	fmt.Println("key store:", keyStore)
	fmt.Println("trust store:", trustStore)
	// Output:
	// key store: file:/etc/app/client.p12 (PKCS12, password ***) from clientCertificateKeyStoreUrl
	// trust store: none: the URL names none and fallbackToSystemTrustStore is false; sslMode VERIFY_CA cannot connect without one
}

func ExampleConfig_MappedProperties() {
	cfg, err := jdbcmysql.ParseURL("jdbc:mysql://db.example.com/app?user=app&password=s3cret" +
		"&connectTimeout=5000&useAffectedRows=true&cachePrepStmts=true")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range cfg.MappedProperties() {
		fmt.Printf("%s=%s: %s\n", p.Name, p.Value, p.Target)
	}
	// Output:
	// user=app: go-sql-driver User
	// password=***: go-sql-driver Passwd
	// connectTimeout=5000: go-sql-driver Timeout
	// useAffectedRows=true: go-sql-driver ClientFoundRows = !useAffectedRows
}
