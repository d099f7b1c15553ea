// Examples of starting a test server; they compile but do not run, since a
// server needs a local mysqld/mariadbd or a Docker engine.

package mysqltest_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/jdbcmysql/jdbcmysql/mysqltest"
)

// A test that connects as the REQUIRE X509 user with a fresh client
// certificate written as a JKS key store.
func ExampleStart() {
	testX509 := func(t *testing.T) {
		srv := mysqltest.Start(t) // shared per test binary; skips when no backend can run
		cert, err := srv.NewClientCert("my-client")
		if err != nil {
			t.Fatal(err)
		}
		keyStore := filepath.Join(t.TempDir(), "client.jks")
		if err := cert.WriteJKS(keyStore, "mypassword", "mysqlclient"); err != nil {
			t.Fatal(err)
		}
		url := fmt.Sprintf("jdbc:mysql://%s/%s?user=%s&password=%s&sslMode=VERIFY_CA"+
			"&clientCertificateKeyStoreUrl=file:%s&clientCertificateKeyStorePassword=mypassword"+
			"&trustCertificateKeyStoreUrl=file:%s&trustCertificateKeyStoreType=PEM",
			srv.Addr, srv.Database, srv.Users.X509, srv.Users.Password, keyStore, srv.CAFile)
		_ = url // hand it to jdbcmysql.NewConnector

		// Or talk to the server directly with go-sql-driver/mysql:
		db, err := srv.DB(srv.Users.X509, srv.Users.Password, cert)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
	}
	_ = testX509
}

// A server of one's own outside tests, for a demo; Close removes it.
func ExampleStartServer() {
	srv, err := mysqltest.StartServer(context.Background(), mysqltest.WithBackend(mysqltest.BackendProcess))
	if err != nil {
		fmt.Println(err) // errors.Is(err, mysqltest.ErrUnavailable) when no server binary exists
		return
	}
	defer srv.Close()
	fmt.Println(srv) // e.g. "10.11.19-MariaDB at 127.0.0.1:40123 (process, tls=true)"
}
