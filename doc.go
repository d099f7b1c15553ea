// Package jdbcmysql lets a Java service's MySQL connection settings work
// unchanged in Go: it parses MySQL Connector/J JDBC URLs, loads the Java key
// stores and trust stores they name (JKS, PKCS#12, JCEKS, and PEM, decoded
// by package keystore), builds the TLS configuration with Connector/J's
// sslMode semantics, and returns a driver.Connector backed by
// github.com/go-sql-driver/mysql.
//
// The data path runs one way:
//
//	ParseURL -> Config -> (*Config).Connector -> Connector.Connect
//
// ParseURL applies Connector/J's grammar and property rules and does no
// I/O; Config.String shows the result with every password as ***. The
// Connector prepares each host's go-sql-driver settings once and, at each
// connection, picks the client key store and trust store (the URL's
// properties, else the process-wide javax.net.ssl.* settings, see
// SetSystemProperty and Config.ResolveStores), reads them (a file is read
// again only when it changes), and checks the server's certificates by the
// sslMode's rules. TLS sessions are resumed only by the client identity
// that made them. FormatDSN gives the same settings to tools that only
// take a go-sql-driver DSN.
//
// Multi-host URLs choose a host for each connection as Connector/J does:
// failover (jdbc:mysql://h1,h2), load balancing (jdbc:mysql:loadbalance:),
// replication (NewReplication's Source and Replicas pools) and DNS SRV
// (the +srv schemes, WithSRVResolver). connectTimeout bounds the whole
// login to one host; checks after login (WithValidateConnect) can reject a
// host; ConnHost says which host a connection is on, and a failed connect
// is a *ConnectError naming every host tried.
package jdbcmysql
