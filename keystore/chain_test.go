// This file tests that chain building costs at most linear work in the
// file: the hostile shapes of the hardening issue (a leaf issued by CN=X
// among many decoy CAs named CN=X, many copies of one key) decode with a
// bounded number of signature checks, or are refused naming the limit.

package keystore

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"
)

// decoyShape is a leaf issued by a CN=X that is not in the file, decoy CAs
// also named CN=X that did not sign it, and the leaf's key.
type decoyShape struct {
	leaf   *x509.Certificate
	key    *ecdsa.PrivateKey
	keyDER []byte // PKCS#8
	decoys []*x509.Certificate
}

func newDecoyShape(t testing.TB, decoys int) *decoyShape {
	t.Helper()
	newKey := func() *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	x := pkix.Name{CommonName: "X"}
	nb, na := time.Now().Add(-time.Hour), time.Now().Add(time.Hour)
	create := func(tmpl, parent *x509.Certificate, pub any, signer *ecdsa.PrivateKey) *x509.Certificate {
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
		if err != nil {
			t.Fatal(err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	s := &decoyShape{key: newKey()}
	// The real issuer is a bare template: no subject key ID, so the leaf
	// has no authority key ID and every CN=X candidate must be checked.
	issuer := &x509.Certificate{Subject: x}
	s.leaf = create(&x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "leaf"}, NotBefore: nb, NotAfter: na},
		issuer, &s.key.PublicKey, newKey())
	var err error
	if s.keyDER, err = x509.MarshalPKCS8PrivateKey(s.key); err != nil {
		t.Fatal(err)
	}
	decoyKey := newKey()
	for i := range decoys {
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(int64(100 + i)), Subject: x, NotBefore: nb, NotAfter: na,
			IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
		s.decoys = append(s.decoys, create(tmpl, tmpl, &decoyKey.PublicKey, decoyKey))
	}
	return s
}

// pem writes the leaf, the decoys and copies of the key as one PEM file.
func (s *decoyShape) pem(keyCopies int) []byte {
	var b bytes.Buffer
	pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: s.leaf.Raw})
	for _, d := range s.decoys {
		pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: d.Raw})
	}
	for range keyCopies {
		pem.Encode(&b, &pem.Block{Type: "PRIVATE KEY", Bytes: s.keyDER})
	}
	return b.Bytes()
}

// decodeCounting decodes and returns the signature checks it performed.
func decodeCounting(t testing.TB, data []byte, password string, trust bool) (*KeyStore, int, error) {
	t.Helper()
	d := newDecoder(password, trust, nil)
	ks, err := d.decode(data)
	return ks, d.sigChecks, err
}

// decodeWork decodes and returns the key-derivation work it spent.
func decodeWork(data []byte, password string, trust bool, opts ...Option) (*KeyStore, int64, error) {
	d := newDecoder(password, trust, opts)
	ks, err := d.decode(data)
	return ks, d.kdfWork, err
}

func TestPEMDecoyIssuersAndCopiedKeys(t *testing.T) {
	s := newDecoyShape(t, 100)
	data := s.pem(20)
	t.Logf("PEM file: %d bytes", len(data))
	ks, checks, err := decodeCounting(t, data, "", false)
	if err != nil {
		t.Fatal(err)
	}
	// 20 copies of one key are one entry; its issuer search checks each
	// CN=X candidate once (before: 20 × 100 checks).
	if len(ks.Entries) != 1 || len(ks.Entries[0].Chain) != 1 {
		t.Fatalf("%d entries, chain %d", len(ks.Entries), len(ks.Entries[0].Chain))
	}
	if checks > len(s.decoys) {
		t.Fatalf("%d signature checks for %d candidate issuers", checks, len(s.decoys))
	}
}

func TestPEMDecoyIssuersRefusedAtLimit(t *testing.T) {
	s := newDecoyShape(t, maxSignatureChecks+1)
	data := s.pem(1)
	ks, checks, err := decodeCounting(t, data, "", false)
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "signature checks") {
		t.Fatalf("err = %v (%v)", err, ks)
	}
	if checks > maxSignatureChecks+1 {
		t.Fatalf("%d signature checks, limit %d", checks, maxSignatureChecks)
	}
}

func TestChainLengthLimit(t *testing.T) {
	// A ladder of CAs, each signing the next: a chain longer than the limit.
	var certs []*x509.Certificate
	var keys []*ecdsa.PrivateKey
	for i := range maxChainLength + 2 {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(int64(i + 1)), Subject: pkix.Name{CommonName: "ca" + string(rune('a'+i))},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true}
		parent, signer := tmpl, k
		if i > 0 {
			parent, signer = certs[i-1], keys[i-1]
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &k.PublicKey, signer)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := x509.ParseCertificate(der)
		certs, keys = append(certs, c), append(keys, k)
	}
	var b bytes.Buffer
	for _, c := range certs {
		pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
	}
	keyDER, _ := x509.MarshalPKCS8PrivateKey(keys[len(keys)-1])
	pem.Encode(&b, &pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	_, err := Decode(b.Bytes(), "")
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "chain") {
		t.Fatalf("err = %v", err)
	}
	// Within the limit the whole ladder is the chain.
	b.Reset()
	for _, c := range certs[:maxChainLength] {
		pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
	}
	keyDER, _ = x509.MarshalPKCS8PrivateKey(keys[maxChainLength-1])
	pem.Encode(&b, &pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	ks, err := Decode(b.Bytes(), "")
	if err != nil || len(ks.Entries[0].Chain) != maxChainLength {
		t.Fatalf("ladder of %d: %v", maxChainLength, err)
	}
}

// p12TrustStoreNoMAC writes a PKCS#12 file without a MAC whose plain safe
// holds the leaf, the decoys, and tiny shrouded key bags naming the leaf.
func (s *decoyShape) p12TrustStoreNoMAC(t testing.TB, keyBags int) []byte {
	t.Helper()
	explicit0 := func(der []byte) asn1.RawValue {
		return asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: der}
	}
	mustMarshal := func(v any) []byte {
		der, err := asn1.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return der
	}
	type attribute struct {
		ID    asn1.ObjectIdentifier
		Value asn1.RawValue
	}
	type bag struct {
		ID         asn1.ObjectIdentifier
		Value      asn1.RawValue
		Attributes []attribute `asn1:"set"`
	}
	keyID := []byte{1, 2, 3, 4}
	localKeyID := attribute{oidLocalKeyID, asn1.RawValue{Tag: asn1.TagSet, IsCompound: true, Bytes: mustMarshal(keyID)}}
	certBag := func(c *x509.Certificate, attrs ...attribute) bag {
		cb := mustMarshal(struct {
			ID   asn1.ObjectIdentifier
			Data asn1.RawValue
		}{oidX509CertType, explicit0(mustMarshal(c.Raw))})
		return bag{oidCertBag, explicit0(cb), attrs}
	}
	bags := []bag{certBag(s.leaf, localKeyID)}
	for _, d := range s.decoys {
		bags = append(bags, certBag(d))
	}
	tiny := mustMarshal(encryptedPrivateKeyInfo{Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidPBEWithSHAAnd3KeyTripleDESCBC}, Data: []byte{0}})
	for range keyBags {
		bags = append(bags, bag{oidPKCS8ShroudedKeyBag, explicit0(tiny), []attribute{localKeyID}})
	}
	safe := mustMarshal(bags)
	authSafe := mustMarshal([]struct {
		ContentType asn1.ObjectIdentifier
		Content     asn1.RawValue
	}{{oidDataContentType, explicit0(mustMarshal(safe))}})
	return mustMarshal(struct {
		Version  int
		AuthSafe struct {
			ContentType asn1.ObjectIdentifier
			Content     asn1.RawValue
		}
	}{3, struct {
		ContentType asn1.ObjectIdentifier
		Content     asn1.RawValue
	}{oidDataContentType, explicit0(mustMarshal(authSafe))}})
}

func TestPKCS12TrustStoreDecoyIssuers(t *testing.T) {
	s := newDecoyShape(t, 100)
	data := s.p12TrustStoreNoMAC(t, 20)
	t.Logf("PKCS#12 file: %d bytes", len(data))
	ks, checks, err := decodeCounting(t, data, "", true)
	if err != nil {
		t.Fatal(err)
	}
	// A trust store trusts each key entry's certificate: no chain is built.
	if checks != 0 {
		t.Fatalf("%d signature checks in a trust store", checks)
	}
	if len(ks.Entries) != 1 || !ks.Entries[0].Chain[0].Equal(s.leaf) { // 20 identical key bags are one entry
		t.Fatalf("%d entries", len(ks.Entries))
	}
}
