// Package spring reads a Spring Boot service's datasource configuration
// (application.properties / application.yml, profiles, environment
// variables, JAVA_TOOL_OPTIONS system properties, SPRING_APPLICATION_JSON,
// ${...} placeholders) with Spring Boot's, HikariCP's and Connector/J's
// precedence rules, and opens a database/sql pool sized like the
// service's HikariCP pool:
//
//	ds, err := spring.Load(spring.Options{})
//	db, err := ds.OpenDB()
//	ctxConn, err := ds.Pool.Conn(ctx, db) // waits at most connection-timeout
//
// It keeps YAML and file reading out of the core jdbcmysql package, which
// receives the merged URL and properties through jdbcmysql.WithProperties.
//
// What has no Go equivalent is listed in DataSource.Ignored with the
// reason; what behaves as in Java but may surprise is in
// DataSource.Warnings. Remote configuration (Spring Cloud Config, Vault),
// Jasypt ENC(...) values and random.* are refused, never passed on as text.
package spring
