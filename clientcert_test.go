// This file tests the client certificate choice, on the connector's
// prepared material and through ChooseClientAlias.

package jdbcmysql

import (
	"crypto/tls"
	"testing"

	"github.com/jdbcmysql/jdbcmysql/keystore"
)

func TestChooseCertificate(t *testing.T) {
	ks, err := keystore.Decode(readTestdata(t, "twokeys.p12"), testPassword)
	if err != nil {
		t.Fatal(err)
	}
	m := newKeyMaterial(ks, 1)
	ca2Subject := ks.Entries[1].Chain[0].RawIssuer // otherclient's issuer, "jdbcmysql second CA"
	cn := func(c *tls.Certificate) string {
		if c == nil || c.Leaf == nil {
			return ""
		}
		return c.Leaf.Subject.CommonName
	}
	tests := []struct {
		name  string
		cri   *tls.CertificateRequestInfo
		alias string
		want  string
		err   bool
	}{
		{"alias wins, any case", &tls.CertificateRequestInfo{AcceptableCAs: [][]byte{ca2Subject}}, "MySQLClient", "mysqlclient", false},
		{"acceptable CAs pick the second key", &tls.CertificateRequestInfo{AcceptableCAs: [][]byte{ca2Subject}, Version: tls.VersionTLS13,
			SignatureSchemes: []tls.SignatureScheme{tls.ECDSAWithP256AndSHA256, tls.PSSWithSHA256}}, "", "otherclient", false},
		{"no CA list: first key", &tls.CertificateRequestInfo{Version: tls.VersionTLS13, SignatureSchemes: []tls.SignatureScheme{tls.PSSWithSHA256, tls.ECDSAWithP256AndSHA256}}, "", "mysqlclient", false},
		{"nothing matches: none, as Java", &tls.CertificateRequestInfo{AcceptableCAs: [][]byte{[]byte("0\x00")}, Version: tls.VersionTLS13}, "", "", false},
		{"nil request: first key", nil, "", "mysqlclient", false},
		{"unknown alias", nil, "nobody", "", true},
	}
	for _, tt := range tests {
		got, err := m.chooseCertificate(tt.cri, tt.alias)
		if (err != nil) != tt.err || cn(got) != tt.want {
			t.Errorf("%s: got %q, %v", tt.name, cn(got), err)
		}
		// ChooseClientAlias is the same rule, by alias.
		alias, aerr := ChooseClientAlias(ks, tt.cri, tt.alias)
		if (aerr != nil) != tt.err || alias != tt.want { // fixture aliases equal the CNs
			t.Errorf("%s: ChooseClientAlias = %q, %v", tt.name, alias, aerr)
		}
	}
	empty := newKeyMaterial(&keystore.KeyStore{}, 2)
	if c, err := empty.chooseCertificate(nil, ""); err != nil || len(c.Certificate) != 0 {
		t.Errorf("store without keys: %v, %v", c, err)
	}
	if _, err := empty.chooseCertificate(nil, "x"); err == nil {
		t.Error("alias in a store without keys accepted")
	}
}
