// Tests for ListStore, OpenTrustStore and CheckClientCertificate.

package jdbcmysql_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/jdbcmysql/jdbcmysql"
	"github.com/jdbcmysql/jdbcmysql/keystore"
)

func TestListStoreAndOpenTrustStore(t *testing.T) {
	ctx := context.Background()
	// keytool lists a JCEKS file without a type; a connection needs the type.
	l, err := jdbcmysql.ListStore(ctx, "file:testdata/client.jceks", "", seedPassword)
	if err != nil || l.Format != "JCEKS" || len(l.Entries) != 3 {
		t.Fatalf("ListStore(client.jceks) = %+v, %v", l, err)
	}
	if _, err := jdbcmysql.ListStore(ctx, "testdata/client.jceks", "PKCS12", seedPassword); !errors.Is(err, jdbcmysql.ErrKeyStore) {
		t.Fatalf("ListStore with a type that does not load the format: %v", err)
	}
	if _, err := jdbcmysql.OpenKeyStore(ctx, "testdata/client.jceks", "", seedPassword); err == nil {
		t.Fatal("OpenKeyStore(JCEKS, no type) loaded; Connector/J's default JKS does not load JCEKS")
	}
	// A trust store without a password: read without the integrity check.
	ts, err := jdbcmysql.OpenTrustStore(ctx, "testdata/truststore.jks", "", "")
	if err != nil || len(ts.Entries) != 1 || !ts.Entries[0].Trusted() {
		t.Fatalf("OpenTrustStore(truststore.jks, no password) = %+v, %v", ts, err)
	}
	if _, err := jdbcmysql.OpenTrustStore(ctx, "testdata/truststore.jks", "", "wrong"); !errors.Is(err, jdbcmysql.ErrKeyStorePassword) {
		t.Fatalf("OpenTrustStore with a wrong password: %v", err)
	}
	var se *jdbcmysql.StoreError
	if _, err := jdbcmysql.ListStore(ctx, "testdata/missing.jks", "", ""); !errors.As(err, &se) || !strings.Contains(err.Error(), "missing.jks") {
		t.Fatalf("ListStore(missing) = %v", err)
	}
}

// selfSigned makes a certificate for the checks below.
func selfSigned(t *testing.T, cn string, notAfter time.Time, eku ...x509.ExtKeyUsage) *x509.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	must(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: cn}, NotBefore: notAfter.AddDate(-1, 0, 0), NotAfter: notAfter, ExtKeyUsage: eku}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	must(t, err)
	c, err := x509.ParseCertificate(der)
	must(t, err)
	return c
}

func TestCheckClientCertificate(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	ctx := context.Background()
	ks, err := jdbcmysql.OpenKeyStore(ctx, "testdata/keystore", "", seedPassword)
	must(t, err)
	trust, err := jdbcmysql.OpenTrustStore(ctx, "testdata/truststore.jks", "", "")
	must(t, err)
	other, err := jdbcmysql.OpenTrustStore(ctx, "testdata/ca2-cert.pem", "", "")
	must(t, err)
	checks := func(err error) string {
		var out []string
		for _, e := range clientCertErrors(err) {
			out = append(out, e.Check)
		}
		return strings.Join(out, ",")
	}
	cases := []struct {
		name  string
		chain []*x509.Certificate
		trust *keystore.KeyStore
		want  string
	}{
		{"issued by the trust store's CA", ks.Entries[0].Chain, trust, ""},
		{"another CA", ks.Entries[0].Chain, other, "chain"},
		{"no trust store given", ks.Entries[0].Chain, nil, ""},
		{"server-only EKU", []*x509.Certificate{selfSigned(t, "srv", now.AddDate(1, 0, 0), x509.ExtKeyUsageServerAuth)}, nil, "extended key usage"},
		{"no EKU", []*x509.Certificate{selfSigned(t, "plain", now.AddDate(1, 0, 0))}, nil, ""},
		{"expired, wrong EKU, unknown CA", []*x509.Certificate{selfSigned(t, "old", now.AddDate(0, 0, -1), x509.ExtKeyUsageServerAuth)}, trust, "validity,extended key usage,chain"},
	}
	for _, c := range cases {
		err := jdbcmysql.CheckClientCertificate(c.chain, c.trust, now)
		if got := checks(err); got != c.want {
			t.Errorf("%s: checks %q (%v), want %q", c.name, got, err, c.want)
		}
		if err != nil && !errors.Is(err, jdbcmysql.ErrClientCertificateRejected) {
			t.Errorf("%s: %v does not match ErrClientCertificateRejected", c.name, err)
		}
	}
}

func clientCertErrors(err error) []*jdbcmysql.ClientCertificateError {
	var out []*jdbcmysql.ClientCertificateError
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			out = append(out, clientCertErrors(e)...)
		}
		return out
	}
	var ce *jdbcmysql.ClientCertificateError
	if errors.As(err, &ce) {
		out = append(out, ce)
	}
	return out
}

// A store listed as keytool -list lists it: a key whose password differs
// from the store's is listed, though a connection refuses the store.
func ExampleListStore() {
	ctx := context.Background()
	l, err := jdbcmysql.ListStore(ctx, "file:testdata/keypass-differs.jks", "", "mypassword")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range l.Entries {
		fmt.Println(e.Alias, e.Type, e.PrivateKey != nil, errors.Is(e.KeyError, keystore.ErrIncorrectPassword))
	}
	_, err = jdbcmysql.OpenKeyStore(ctx, "file:testdata/keypass-differs.jks", "", "mypassword")
	fmt.Println(errors.Is(err, jdbcmysql.ErrKeyStorePassword))
	// Output:
	// otherpass PrivateKeyEntry false true
	// true
}

// A trust store given without a password loads as Java loads it.
func ExampleOpenTrustStore() {
	ts, err := jdbcmysql.OpenTrustStore(context.Background(), "file:testdata/truststore.jks", "", "")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ts.Format, ts.Entries[0].Alias, ts.Entries[0].Chain[0].Subject.CommonName)
	// Output: JKS trustedca jdbcmysql test CA
}

// Before deploying a key store, check it against the server's CA.
func ExampleCheckClientCertificate() {
	ctx := context.Background()
	ks, err := jdbcmysql.OpenKeyStore(ctx, "file:testdata/keystore", "", "mypassword")
	if err != nil {
		fmt.Println(err)
		return
	}
	serverCA, err := jdbcmysql.OpenTrustStore(ctx, "file:testdata/ca2-cert.pem", "", "")
	if err != nil {
		fmt.Println(err)
		return
	}
	err = jdbcmysql.CheckClientCertificate(ks.Entries[0].Chain, serverCA, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	var ce *jdbcmysql.ClientCertificateError
	fmt.Println(errors.As(err, &ce), ce.Check)
	// Output: true chain
}
