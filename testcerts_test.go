// This file generates certificates for the TLS tests.

package jdbcmysql

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"net"
	"testing"
	"time"
)

var testNow = time.Now()

type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

type certSpec struct {
	cn        string
	cns       []string // several CNs in this encoding order (overrides cn)
	dns       []string
	ips       []string
	emails    []string
	notBefore time.Time
	notAfter  time.Time
	isCA      bool
	client    bool
}

func newKey(t testing.TB) *ecdsa.PrivateKey {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func newTestCA(t testing.TB, name string) *testCA {
	return newTestCAValid(t, name, testNow.Add(-time.Hour), testNow.Add(24*time.Hour))
}

func newTestCAValid(t testing.TB, name string, nb, na time.Time) *testCA {
	key := newKey(t)
	cert := makeCert(t, certSpec{cn: name, isCA: true, notBefore: nb, notAfter: na}, &key.PublicKey, nil, key)
	return &testCA{cert: cert, key: key}
}

func makeCert(t testing.TB, s certSpec, pub any, parent *x509.Certificate, signer *ecdsa.PrivateKey) *x509.Certificate {
	t.Helper()
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	if s.notBefore.IsZero() {
		s.notBefore = testNow.Add(-time.Hour)
	}
	if s.notAfter.IsZero() {
		s.notAfter = testNow.Add(24 * time.Hour)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: s.cn, Organization: []string{"jdbcmysql test"}},
		NotBefore:             s.notBefore,
		NotAfter:              s.notAfter,
		DNSNames:              s.dns,
		EmailAddresses:        s.emails,
		BasicConstraintsValid: true,
		IsCA:                  s.isCA,
	}
	if len(s.cns) > 0 {
		var seq pkix.RDNSequence
		for _, cn := range s.cns {
			seq = append(seq, pkix.RelativeDistinguishedNameSET{{Type: oidCommonName, Value: cn}})
		}
		raw, err := asn1.Marshal(seq)
		if err != nil {
			t.Fatal(err)
		}
		tmpl.RawSubject = raw
	}
	for _, ip := range s.ips {
		tmpl.IPAddresses = append(tmpl.IPAddresses, net.ParseIP(ip))
	}
	if s.isCA {
		tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature
	} else {
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
		if s.client {
			tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
		}
	}
	if parent == nil {
		parent = tmpl
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// issue returns a leaf certificate for s signed by ca, as a tls.Certificate
// whose chain is leaf, then ca.
func (ca *testCA) issue(t testing.TB, s certSpec) tls.Certificate {
	key := newKey(t)
	leaf := makeCert(t, s, &key.PublicKey, ca.cert, ca.key)
	return tls.Certificate{Certificate: [][]byte{leaf.Raw}, PrivateKey: key, Leaf: leaf}
}

// intermediate returns a CA signed by ca.
func (ca *testCA) intermediate(t testing.TB, name string) *testCA {
	key := newKey(t)
	cert := makeCert(t, certSpec{cn: name, isCA: true}, &key.PublicKey, ca.cert, ca.key)
	return &testCA{cert: cert, key: key}
}

func poolOf(certs ...*x509.Certificate) *x509.CertPool {
	p := x509.NewCertPool()
	for _, c := range certs {
		p.AddCert(c)
	}
	return p
}

// trustMaterial is what the keystore part returns for a trust store.
func trustMaterial(certs ...*x509.Certificate) *keyMaterial {
	return &keyMaterial{Roots: poolOf(certs...), RootCount: len(certs), Generation: 1}
}

// clientMaterial is what the keystore part returns for a client key store.
func clientMaterial(gen uint64, aliases []string, certs ...tls.Certificate) *keyMaterial {
	return &keyMaterial{Certificates: certs, Aliases: aliases, Generation: gen}
}
