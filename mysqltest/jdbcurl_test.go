// Tests that the JDBC URLs mysqltest builds log each test user in through
// jdbcmysql itself, on a single server and on a cluster's nodes, with the
// identity of the host that answered verified.

package mysqltest_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/jdbcmysql/jdbcmysql"
	"github.com/jdbcmysql/jdbcmysql/mysqltest"
)

// queryOverURL connects with url through jdbcmysql and returns
// CURRENT_USER() and @@server_id.
func queryOverURL(t *testing.T, url string) (string, int) {
	t.Helper()
	c, err := jdbcmysql.NewConnector(url)
	if err != nil {
		t.Fatalf("NewConnector: %v", err)
	}
	db := sql.OpenDB(c)
	defer db.Close()
	var user string
	var id int
	if err := db.QueryRowContext(context.Background(), "SELECT CURRENT_USER(), @@server_id").Scan(&user, &id); err != nil {
		t.Fatalf("query over %s: %v", strings.Split(url, "?")[0], err)
	}
	return user, id
}

func TestJDBCURLLogsEveryUserIn(t *testing.T) {
	srv := mysqltest.Start(t)
	u := srv.Users
	cases := []struct {
		user string
		opts []mysqltest.URLOption
		want []string // in the URL
	}{
		{u.X509, nil, []string{"sslMode=VERIFY_IDENTITY", "clientCertificateKeyStoreType=PKCS12", "trustCertificateKeyStoreType=PKCS12"}},
		{u.X509, []mysqltest.URLOption{mysqltest.URLStoreType("JKS")}, []string{"clientCertificateKeyStoreType=JKS"}},
		{u.Subject, nil, []string{"clientCertificateKeyStoreUrl="}},
		{u.SSL, nil, []string{"trustCertificateKeyStoreUrl="}},
		{u.Plain, nil, []string{"sslMode=DISABLED"}},
		{u.SSL, []mysqltest.URLOption{mysqltest.URLSSLMode("VERIFY_CA"), mysqltest.URLProperty("connectTimeout", "5000")},
			[]string{"sslMode=VERIFY_CA", "connectTimeout=5000"}},
		{srv.RootUser, nil, []string{"sslMode=VERIFY_IDENTITY"}},
	}
	for _, c := range cases {
		t.Run(c.user, func(t *testing.T) {
			url, err := srv.JDBCURL(c.user, c.opts...)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range c.want {
				if !strings.Contains(url, w) {
					t.Errorf("URL %s lacks %s", url, w)
				}
			}
			if c.user == u.SSL && strings.Contains(url, "clientCertificateKeyStore") {
				t.Errorf("the REQUIRE SSL user's URL carries a key store: %s", url)
			}
			if got, _ := queryOverURL(t, url); got != c.user+"@%" {
				t.Errorf("CURRENT_USER() = %q, want %s@%%", got, c.user)
			}
		})
	}
}

func TestJDBCURLRefusals(t *testing.T) {
	srv := mysqltest.Start(t)
	if _, err := srv.JDBCURL("nobody"); err == nil || !strings.Contains(err.Error(), "URLPassword") {
		t.Errorf("an unknown user: %v", err)
	}
	if _, err := srv.JDBCURL(srv.Users.X509, mysqltest.URLScheme("fabric")); err == nil || !strings.Contains(err.Error(), "fabric") {
		t.Errorf("an unknown scheme: %v", err)
	}
	if _, err := srv.JDBCURL(srv.Users.X509, mysqltest.URLStoreType("PEM")); err == nil || !strings.Contains(err.Error(), "PEM") {
		t.Errorf("an unknown store type: %v", err)
	}
}

func TestJDBCURLOnClusterNodes(t *testing.T) {
	c := mysqltest.Replication(t, 2)
	url, err := c.JDBCURL(c.Users.X509, mysqltest.URLScheme("replication"))
	if err != nil {
		t.Fatal(err)
	}
	wantHosts := "jdbc:mysql:replication://" + strings.Join(c.Addrs(), ",") + "/"
	if !strings.HasPrefix(url, wantHosts) || !strings.Contains(url, "sslMode=VERIFY_IDENTITY") {
		t.Errorf("cluster URL %s, want hosts %s and VERIFY_IDENTITY", url, wantHosts)
	}
	ids := map[int]bool{}
	for _, node := range c.Nodes {
		url, err := c.JDBCURL(c.Users.X509, mysqltest.URLNodes(node))
		if err != nil {
			t.Fatal(err)
		}
		user, id := queryOverURL(t, url) // VERIFY_IDENTITY against this node's own certificate
		if user != c.Users.X509+"@%" || ids[id] {
			t.Errorf("node %s: user %q, server_id %d (seen before: %v)", node.Name, user, id, ids[id])
		}
		ids[id] = true
	}
	other := mysqltest.Start(t)
	if _, err := c.JDBCURL(c.Users.X509, mysqltest.URLNodes(other)); err == nil {
		t.Error("URLNodes took a server outside the cluster")
	}
}
