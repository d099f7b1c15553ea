// Tests for MySQLDN against names as OpenSSL writes them.

package jdbcmysql_test

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"fmt"
	"os"
	"testing"

	"github.com/jdbcmysql/jdbcmysql"
)

func TestMySQLDN(t *testing.T) {
	data, err := os.ReadFile("testdata/client-cert.pem")
	must(t, err)
	block, _ := pem.Decode(data)
	cert, err := x509.ParseCertificate(block.Bytes)
	must(t, err)
	if got := jdbcmysql.MySQLDN(cert.Subject); got != "/CN=mysqlclient" {
		t.Errorf("subject = %q, want /CN=mysqlclient", got)
	}
	if got := jdbcmysql.MySQLDN(cert.Issuer); got != "/CN=jdbcmysql test CA" {
		t.Errorf("issuer = %q", got)
	}
	// Certificate order is kept (CN before C here), unknown types print
	// as OIDs, and bytes outside printable ASCII are \xHH, as OpenSSL does.
	rdn := pkix.RDNSequence{
		{{Type: asn1.ObjectIdentifier{2, 5, 4, 3}, Value: "Zoë"}},
		{{Type: asn1.ObjectIdentifier{2, 5, 4, 6}, Value: "DE"}},
		{{Type: asn1.ObjectIdentifier{1, 2, 3, 4}, Value: "x"}},
		{{Type: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}, Value: "a@b"}},
	}
	var name pkix.Name
	name.FillFromRDNSequence(&rdn)
	if got, want := jdbcmysql.MySQLDN(name), `/CN=Zo\xC3\xAB/C=DE/1.2.3.4=x/emailAddress=a@b`; got != want {
		t.Errorf("MySQLDN = %q, want %q", got, want)
	}
}

// The subject of a client certificate, as a REQUIRE SUBJECT clause needs it.
func ExampleMySQLDN() {
	name := pkix.Name{Country: []string{"SE"}, Organization: []string{"Shop"}, CommonName: "app"}
	fmt.Printf("CREATE USER app REQUIRE SUBJECT '%s'\n", jdbcmysql.MySQLDN(name))
	// Output: CREATE USER app REQUIRE SUBJECT '/C=SE/O=Shop/CN=app'
}
