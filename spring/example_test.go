// This file holds the package's runnable examples: a Spring Boot service's
// application.yml with a JKS key store, and the three Go lines that
// replace its datasource.

package spring_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/jdbcmysql/jdbcmysql/spring"
)

// serviceYAML is a Spring Boot service's application.yml as deployed on
// Kubernetes: the cert-manager Secret mounted at /etc/mysql-tls, the
// passwords from environment variables.
const serviceYAML = `spring:
  datasource:
    url: jdbc:mysql://mysql.db.svc:3306/orders?sslMode=VERIFY_IDENTITY
    username: orders
    password: ${DB_PASSWORD}
    hikari:
      maximum-pool-size: 20
      max-lifetime: 1200000
      connection-timeout: 5000
      data-source-properties:
        clientCertificateKeyStoreUrl: file:/etc/mysql-tls/keystore.jks
        clientCertificateKeyStorePassword: ${KEY_STORE_PASS}
        trustCertificateKeyStoreUrl: file:/etc/mysql-tls/truststore.jks
        trustCertificateKeyStorePassword: ${KEY_STORE_PASS}
`

// Load reads the service's own configuration directory and environment.
func ExampleLoad() {
	dir, _ := os.MkdirTemp("", "orders-config")
	defer os.RemoveAll(dir)
	_ = os.WriteFile(filepath.Join(dir, "application.yml"), []byte(serviceYAML), 0o600)

	ds, err := spring.Load(spring.Options{
		Dirs: []string{dir},
		Env:  []string{"DB_PASSWORD=s3cret&1", "KEY_STORE_PASS=changeit"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ds.Config.User, ds.Config.SSLMode, ds.Config.ClientKeyStore.URL)
	fmt.Println(ds.Pool.MaxOpenConns, ds.Pool.ConnMaxLifetime, ds.Pool.ConnectionTimeout)
	// Output:
	// orders VERIFY_IDENTITY file:/etc/mysql-tls/keystore.jks
	// 20 19m30s 5s
}

// The three lines that replace the Java service's DataSource bean, in the
// service's working directory (./application.yml, ./config/, profiles and
// SPRING_* variables as Spring Boot reads them).
func ExampleDataSource_OpenDB() {
	ds, err := spring.Load(spring.Options{})
	if err != nil {
		log.Fatal(err)
	}
	db, err := ds.OpenDB()
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	// Hikari's connection-timeout bounds each acquisition:
	conn, err := ds.Pool.Conn(context.Background(), db)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
}
