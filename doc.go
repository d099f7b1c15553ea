// Package jdbcmysql lets a Java service's MySQL connection settings work
// unchanged in Go: it parses MySQL Connector/J JDBC URLs, loads the Java key
// stores and trust stores they name (JKS, PKCS#12, JCEKS, and PEM), builds
// the TLS configuration with Connector/J's sslMode semantics, and returns a
// driver.Connector backed by github.com/go-sql-driver/mysql.
//
// The data path runs one way:
//
//	ParseURL (dsn.go) -> Config -> (*Config).Connector (connector.go) -> Connect
//
// with fallback.go choosing between URL properties and process-wide
// javax.net.ssl.* settings, keystore.go decoding stores, and verify.go
// applying the sslMode rules to the server's certificates.
package jdbcmysql
