// This file mints the test PKI: a CA, server and client certificates, and
// writes them as PEM, JKS and PKCS#12 files so tests need no Java or openssl.

package mysqltest

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/pavlo-v-chernykh/keystore-go/v4"
	"software.sslmate.com/src/go-pkcs12"
)

// SubjectUserCN is the common name the REQUIRE SUBJECT user's certificate
// must carry: Server.NewClientCert(SubjectUserCN) makes one it accepts.
const SubjectUserCN = "jdbcmysql-subject-user"

// defaultValidity is how long minted certificates stay valid.
const defaultValidity = 5 * 365 * 24 * time.Hour

// CA is a certificate authority that signs server and client certificates.
type CA struct {
	Certificate *x509.Certificate
	PrivateKey  crypto.Signer
	// Subject is the CA's distinguished name in MySQL's REQUIRE ISSUER
	// form, e.g. "/CN=mysqltest CA".
	Subject string
}

// ClientCert is a certificate with its private key and the CA that signed it.
type ClientCert struct {
	Certificate *x509.Certificate
	PrivateKey  crypto.Signer
	// Issuer is the signing CA's certificate; keystores carry it after the leaf.
	Issuer *x509.Certificate
	// Subject is the distinguished name in MySQL's REQUIRE SUBJECT form,
	// e.g. "/CN=jdbcmysql-subject-user".
	Subject string
}

// CertOption changes how a certificate is minted.
type CertOption func(*certSpec)

type certSpec struct {
	notBefore, notAfter time.Time
	ecdsa               bool
	dnsNames            []string
	ips                 []net.IP
	server              bool
	peer                bool // server and client use (Galera nodes connect to each other)
}

// CertValidity sets the validity window; a window in the past makes an
// expired certificate.
func CertValidity(notBefore, notAfter time.Time) CertOption {
	return func(s *certSpec) { s.notBefore, s.notAfter = notBefore, notAfter }
}

// certForPeers lets a server certificate also serve as a client one, for
// cluster nodes that connect to each other over TLS.
func certForPeers() CertOption { return func(s *certSpec) { s.peer = true } }

// CertECDSA makes the key ECDSA P-256 instead of RSA 2048.
func CertECDSA() CertOption { return func(s *certSpec) { s.ecdsa = true } }

// NewCA makes a self-signed CA (RSA 2048) with the given common name.
func NewCA(cn string) (*CA, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("mysqltest: generating CA key: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serialNumber(),
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(defaultValidity),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("mysqltest: signing CA certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("mysqltest: parsing CA certificate: %w", err)
	}
	return &CA{Certificate: cert, PrivateKey: key, Subject: mysqlDN(cert.Subject)}, nil
}

// IssueClient signs a client certificate with the given common name.
func (ca *CA) IssueClient(cn string, opts ...CertOption) (*ClientCert, error) {
	return ca.issue(cn, certSpec{}, opts)
}

// IssueServer signs a server certificate whose SANs are names: IP addresses
// become IP SANs, everything else DNS SANs. The first name is the common name.
func (ca *CA) IssueServer(names []string, opts ...CertOption) (*ClientCert, error) {
	if len(names) == 0 {
		return nil, errors.New("mysqltest: a server certificate needs at least one name")
	}
	spec := certSpec{server: true}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			spec.ips = append(spec.ips, ip)
		} else {
			spec.dnsNames = append(spec.dnsNames, n)
		}
	}
	return ca.issue(names[0], spec, opts)
}

func (ca *CA) issue(cn string, spec certSpec, opts []CertOption) (*ClientCert, error) {
	now := time.Now()
	spec.notBefore, spec.notAfter = now.Add(-time.Hour), now.Add(defaultValidity)
	for _, o := range opts {
		o(&spec)
	}
	var key crypto.Signer
	var err error
	if spec.ecdsa {
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	} else {
		key, err = rsa.GenerateKey(rand.Reader, 2048)
	}
	if err != nil {
		return nil, fmt.Errorf("mysqltest: generating key for %q: %w", cn, err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serialNumber(),
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             spec.notBefore,
		NotAfter:              spec.notAfter,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		DNSNames:              spec.dnsNames,
		IPAddresses:           spec.ips,
	}
	if spec.server {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	}
	if spec.peer {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Certificate, key.Public(), ca.PrivateKey)
	if err != nil {
		return nil, fmt.Errorf("mysqltest: signing certificate for %q: %w", cn, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("mysqltest: parsing certificate for %q: %w", cn, err)
	}
	return &ClientCert{Certificate: cert, PrivateKey: key, Issuer: ca.Certificate, Subject: mysqlDN(cert.Subject)}, nil
}

// CertPool returns a pool holding only this CA.
func (ca *CA) CertPool() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(ca.Certificate)
	return pool
}

// WritePEM writes the CA certificate as PEM to path.
func (ca *CA) WritePEM(path string) error {
	return writeFile(path, pemCert(ca.Certificate))
}

// WriteTrustStoreJKS writes a JKS trust store holding the CA certificate
// under the alias "mysqltest-ca".
func (ca *CA) WriteTrustStoreJKS(path, password string) error {
	ks := keystore.New()
	err := ks.SetTrustedCertificateEntry("mysqltest-ca", keystore.TrustedCertificateEntry{
		CreationTime: time.Now(),
		Certificate:  keystore.Certificate{Type: "X.509", Content: ca.Certificate.Raw},
	})
	if err != nil {
		return fmt.Errorf("mysqltest: trust store %s: %w", path, err)
	}
	return storeJKS(path, ks, password)
}

// WriteTrustStorePKCS12 writes a PKCS#12 trust store (Java's trusted
// certificate attribute set) holding the CA certificate.
func (ca *CA) WriteTrustStorePKCS12(path, password string) error {
	data, err := pkcs12.Modern.EncodeTrustStore([]*x509.Certificate{ca.Certificate}, password)
	if err != nil {
		return fmt.Errorf("mysqltest: trust store %s: %w", path, err)
	}
	return writeFile(path, data)
}

// TLSCertificate returns the certificate, its issuer and key for crypto/tls.
func (c *ClientCert) TLSCertificate() tls.Certificate {
	chain := [][]byte{c.Certificate.Raw}
	if c.Issuer != nil {
		chain = append(chain, c.Issuer.Raw)
	}
	return tls.Certificate{Certificate: chain, PrivateKey: c.PrivateKey, Leaf: c.Certificate}
}

// WritePEM writes the certificate (then its issuer) to certPath and the
// PKCS#8 private key to keyPath.
func (c *ClientCert) WritePEM(certPath, keyPath string) error {
	certPEM := pemCert(c.Certificate)
	if c.Issuer != nil {
		certPEM = append(certPEM, pemCert(c.Issuer)...)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(c.PrivateKey)
	if err != nil {
		return fmt.Errorf("mysqltest: encoding key for %s: %w", keyPath, err)
	}
	if err := writeFile(certPath, certPEM); err != nil {
		return err
	}
	return writeFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}))
}

// WriteJKS writes a JKS key store with one private key entry under alias,
// protected (store and key) by password.
func (c *ClientCert) WriteJKS(path, password, alias string) error {
	keyDER, err := x509.MarshalPKCS8PrivateKey(c.PrivateKey)
	if err != nil {
		return fmt.Errorf("mysqltest: encoding key for %s: %w", path, err)
	}
	chain := []keystore.Certificate{{Type: "X.509", Content: c.Certificate.Raw}}
	if c.Issuer != nil {
		chain = append(chain, keystore.Certificate{Type: "X.509", Content: c.Issuer.Raw})
	}
	ks := keystore.New()
	err = ks.SetPrivateKeyEntry(alias, keystore.PrivateKeyEntry{
		CreationTime: time.Now(), PrivateKey: keyDER, CertificateChain: chain,
	}, []byte(password))
	if err != nil {
		return fmt.Errorf("mysqltest: key store %s: %w", path, err)
	}
	return storeJKS(path, ks, password)
}

// WritePKCS12 writes a PKCS#12 key store (modern AES/SHA-256 encryption)
// holding the key, the certificate and its issuer.
func (c *ClientCert) WritePKCS12(path, password string) error {
	var cas []*x509.Certificate
	if c.Issuer != nil {
		cas = append(cas, c.Issuer)
	}
	data, err := pkcs12.Modern.Encode(c.PrivateKey, c.Certificate, cas, password)
	if err != nil {
		return fmt.Errorf("mysqltest: key store %s: %w", path, err)
	}
	return writeFile(path, data)
}

func storeJKS(path string, ks keystore.KeyStore, password string) error {
	var buf bytes.Buffer
	if err := ks.Store(&buf, []byte(password)); err != nil {
		return fmt.Errorf("mysqltest: key store %s: %w", path, err)
	}
	return writeFile(path, buf.Bytes())
}

// writeFile writes world-readable files: the server in a container runs as
// another user and must read the certificates and key mounted from the host.
func writeFile(path string, data []byte) error {
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("mysqltest: %w", err)
	}
	return nil
}

func pemCert(c *x509.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
}

func serialNumber() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return big.NewInt(time.Now().UnixNano())
	}
	return n
}

// mysqlDN renders a name the way MySQL's REQUIRE SUBJECT/ISSUER compares it
// (OpenSSL's X509_NAME_oneline): "/C=…/O=…/CN=…" in certificate order.
func mysqlDN(name pkix.Name) string {
	var b strings.Builder
	short := map[string]string{
		"2.5.4.6": "C", "2.5.4.8": "ST", "2.5.4.7": "L", "2.5.4.10": "O",
		"2.5.4.11": "OU", "2.5.4.3": "CN", "1.2.840.113549.1.9.1": "emailAddress",
	}
	for _, rdn := range name.ToRDNSequence() {
		for _, atv := range rdn {
			key, ok := short[atv.Type.String()]
			if !ok {
				key = atv.Type.String()
			}
			fmt.Fprintf(&b, "/%s=%v", key, atv.Value)
		}
	}
	return b.String()
}

// LoadCA reads a CA certificate and its private key (PKCS#1, PKCS#8 or SEC 1
// PEM) from files, for example a MySQL data directory's ca.pem and
// ca-key.pem, so it can sign more certificates.
func LoadCA(certFile, keyFile string) (*CA, error) {
	cert, err := readPEMCertificate(certFile)
	if err != nil {
		return nil, err
	}
	if !cert.IsCA && cert.BasicConstraintsValid {
		return nil, fmt.Errorf("mysqltest: %s is not a CA certificate (basic constraints say CA:FALSE)", certFile)
	}
	key, err := readPEMKey(keyFile)
	if err != nil {
		return nil, err
	}
	if !publicKeysEqual(key.Public(), cert.PublicKey) {
		return nil, fmt.Errorf("mysqltest: the key in %s does not belong to the certificate in %s", keyFile, certFile)
	}
	return &CA{Certificate: cert, PrivateKey: key, Subject: mysqlDN(cert.Subject)}, nil
}

// LoadClientCert reads a certificate (the first one in the file) and its
// key from PEM files; issuer, when not nil, is kept as its chain.
func LoadClientCert(certFile, keyFile string, issuer *x509.Certificate) (*ClientCert, error) {
	cert, err := readPEMCertificate(certFile)
	if err != nil {
		return nil, err
	}
	key, err := readPEMKey(keyFile)
	if err != nil {
		return nil, err
	}
	if !publicKeysEqual(key.Public(), cert.PublicKey) {
		return nil, fmt.Errorf("mysqltest: the key in %s does not belong to the certificate in %s", keyFile, certFile)
	}
	return &ClientCert{Certificate: cert, PrivateKey: key, Issuer: issuer, Subject: mysqlDN(cert.Subject)}, nil
}

// readPEMCertificate reads the first CERTIFICATE block of a PEM file.
func readPEMCertificate(path string) (*x509.Certificate, error) {
	block, err := firstPEMBlock(path, "certificate", "CERTIFICATE")
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("mysqltest: %s: %w", path, err)
	}
	return cert, nil
}

// readPEMKey reads the first private key block of a PEM file: PKCS#1,
// PKCS#8 or SEC1, unencrypted.
func readPEMKey(path string) (crypto.Signer, error) {
	block, err := firstPEMBlock(path, "private key", "RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY")
	if err != nil {
		return nil, err
	}
	var key any
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	default:
		key, err = x509.ParseECPrivateKey(block.Bytes)
	}
	if err != nil {
		return nil, fmt.Errorf("mysqltest: %s: %w", path, err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("mysqltest: %s: a %T key cannot sign", path, key)
	}
	return signer, nil
}

// firstPEMBlock returns the first block of the PEM file at path whose type
// is one of types; what names the block in the error when there is none.
func firstPEMBlock(path, what string, types ...string) (*pem.Block, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("mysqltest: %w", err)
	}
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return nil, fmt.Errorf("mysqltest: %s holds no PEM %s", path, what)
		}
		if slices.Contains(types, block.Type) {
			return block, nil
		}
	}
}

func publicKeysEqual(a, b crypto.PublicKey) bool {
	e, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && e.Equal(b)
}
