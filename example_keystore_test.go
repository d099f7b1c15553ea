// This file holds the runnable examples of opening a store and choosing
// the client certificate.

package jdbcmysql_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"

	"github.com/jdbcmysql/jdbcmysql"
)

func ExampleOpenKeyStore() {
	ks, err := jdbcmysql.OpenKeyStore(context.Background(), "file:testdata/keystore", "JKS", "mypassword")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range ks.Entries {
		fmt.Println(ks.Format, e.Alias, e.Chain[0].Subject.CommonName)
	}
	_, err = jdbcmysql.OpenKeyStore(context.Background(), "file:testdata/keystore", "JKS", "guess")
	fmt.Println(err)
	// Output:
	// JKS mysqlclient mysqlclient
	// jdbcmysql: client key store file:testdata/keystore: Keystore was tampered with, or password was incorrect (the given password is incorrect)
}

func ExampleChooseClientAlias() {
	// Two keys: mysqlclient (issued by "jdbcmysql test CA") and otherclient
	// (issued by "jdbcmysql second CA").
	ks, err := jdbcmysql.OpenKeyStore(context.Background(), "testdata/twokeys.p12", "PKCS12", "mypassword")
	if err != nil {
		fmt.Println(err)
		return
	}
	first, _ := jdbcmysql.ChooseClientAlias(ks, nil, "")
	named, _ := jdbcmysql.ChooseClientAlias(ks, nil, "OtherClient")
	// A server whose certificate request names only the second CA.
	pemCA, _ := os.ReadFile("testdata/ca2-cert.pem")
	block, _ := pem.Decode(pemCA)
	ca, _ := x509.ParseCertificate(block.Bytes)
	cri := &tls.CertificateRequestInfo{AcceptableCAs: [][]byte{ca.RawSubject}, Version: tls.VersionTLS13,
		SignatureSchemes: []tls.SignatureScheme{tls.ECDSAWithP256AndSHA256, tls.PSSWithSHA256}}
	byCA, _ := jdbcmysql.ChooseClientAlias(ks, cri, "")
	_, err = jdbcmysql.ChooseClientAlias(ks, nil, "nobody")
	fmt.Println(first, named, byCA)
	fmt.Println(err)
	// Output:
	// mysqlclient otherclient otherclient
	// no key entry with alias "nobody" (key entries: mysqlclient, otherclient)
}
