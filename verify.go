// This file applies the sslMode rules to the certificates a server sends:
// validity dates (every mode with TLS), the chain as sent against the trust
// anchors (VERIFY_CA), and Connector/J's hostname rule (VERIFY_IDENTITY). It
// knows certificates and hostnames and nothing about URLs.

package jdbcmysql

import (
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"
)

// serverVerifier checks a server's certificates the way Connector/J's
// X509TrustManagerWrapper and its VERIFY_IDENTITY check do.
type serverVerifier struct {
	mode  SSLMode
	host  string         // host as written in the URL (brackets kept for IPv6)
	roots *x509.CertPool // trust anchors; used in VERIFY_CA and VERIFY_IDENTITY
	now   func() time.Time
}

// verify runs every check the mode asks for and returns a *TLSError naming
// the check that failed, or nil.
func (v *serverVerifier) verify(chain []*x509.Certificate) error {
	now := time.Now()
	if v.now != nil {
		now = v.now()
	}
	if len(chain) == 0 {
		return v.fail("chain", "the server sent no certificate", nil)
	}
	if err := checkValidity(chain, now); err != nil {
		return v.fail("validity", err.Error(), err)
	}
	if !verifiesChain(v.mode) {
		return nil
	}
	if err := verifyChainAsSent(chain, v.roots, now); err != nil {
		return v.fail("chain", err.Error(), err)
	}
	if v.mode == SSLModeVerifyIdentity {
		if err := verifyHostname(chain[0], v.host); err != nil {
			return v.fail("hostname", err.Error(), err)
		}
	}
	return nil
}

func (v *serverVerifier) fail(check, reason string, cause error) error {
	err := error(ErrServerCertificate)
	if cause != nil {
		err = errors.Join(ErrServerCertificate, cause)
	}
	return &TLSError{
		Mode:  v.mode,
		Host:  v.host,
		Check: check,
		Msg: fmt.Sprintf("jdbcmysql: server certificate of %s failed the %s check (sslMode=%s): %s",
			v.host, check, v.mode, reason),
		Err: err,
	}
}

// checkValidity reports the first certificate of chain that is outside its
// validity dates at now. Connector/J checks this in every mode, so an expired
// certificate breaks even an unverified (REQUIRED) connection.
func checkValidity(chain []*x509.Certificate, now time.Time) error {
	for i, c := range chain {
		if now.Before(c.NotBefore) {
			return fmt.Errorf("certificate %d (%s) is not valid before %s",
				i, subjectOf(c), c.NotBefore.UTC().Format(time.RFC3339))
		}
		if now.After(c.NotAfter) {
			return fmt.Errorf("certificate %d (%s) expired at %s",
				i, subjectOf(c), c.NotAfter.UTC().Format(time.RFC3339))
		}
	}
	return nil
}

// verifyChainAsSent does Connector/J's PKIX check: the chain exactly as the
// server sent it (leaf first, each certificate issued by the next) must end
// at one of the trust anchors, and the anchor itself must be within its
// validity dates. It refuses chains that only verify after reordering or
// dropping certificates, and a nil roots pool.
func verifyChainAsSent(chain []*x509.Certificate, roots *x509.CertPool, now time.Time) error {
	if roots == nil {
		return errors.New("no trust anchors to verify the chain against")
	}
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	paths, err := chain[0].Verify(x509.VerifyOptions{
		Roots:         roots,
		Intermediates: inter,
		CurrentTime:   now,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
	if err != nil {
		return fmt.Errorf("the chain does not lead to a trusted certificate: %w", err)
	}
	for _, p := range paths {
		if !pathMatchesSent(p, chain) {
			continue
		}
		anchor := p[len(p)-1]
		if err := checkValidity([]*x509.Certificate{anchor}, now); err != nil {
			return fmt.Errorf("trust anchor: %w", err)
		}
		return nil
	}
	return fmt.Errorf("the chain as sent (%d certificates) is not a path to a trust anchor; the server must send its certificates leaf first, each followed by its issuer", len(chain))
}

// pathMatchesSent reports whether the verified path p (leaf..anchor) is the
// sent chain, optionally followed by the anchor (or with the anchor sent as
// its last element).
func pathMatchesSent(p, sent []*x509.Certificate) bool {
	n := len(p) - 1 // certificates before the anchor
	switch len(sent) {
	case n:
	case n + 1:
		if !sent[n].Equal(p[n]) {
			return false
		}
	default:
		return false
	}
	for i := 0; i < n; i++ {
		if !sent[i].Equal(p[i]) {
			return false
		}
	}
	return true
}

var oidCommonName = asn1.ObjectIdentifier{2, 5, 4, 3}

// verifyHostname applies Connector/J's VERIFY_IDENTITY rule (8.0.22+) to the
// server's leaf certificate and the host as written in the URL:
//   - any DNS SAN matching the host (a '*' allowed only inside the first
//     label, matching no dot), or any IP SAN equal to the host, passes;
//   - if the certificate has DNS or IP SANs and none matched, it fails;
//   - otherwise the first Common Name in encoding order must match.
//
// An empty host skips the check, as in Connector/J. IP SANs are compared as
// addresses, so a bracketed IPv6 literal matches its IP SAN (Connector/J's
// string comparison never does; see docs/tls.md).
func verifyHostname(cert *x509.Certificate, host string) error {
	host = strings.TrimSuffix(host, ".")
	if host == "" {
		return nil
	}
	names := []string{host}
	bare := host
	if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		bare = host[1 : len(host)-1]
		names = append(names, bare)
	}
	if len(cert.DNSNames)+len(cert.IPAddresses) > 0 {
		for _, pattern := range cert.DNSNames {
			if matchHostPattern(pattern, names) {
				return nil
			}
		}
		if ip := net.ParseIP(bare); ip != nil {
			for _, san := range cert.IPAddresses {
				if san.Equal(ip) {
					return nil
				}
			}
		}
		return fmt.Errorf("server identity verification failed: none of the certificate's DNS or IP Subject Alternative Name entries matched the server hostname/IP '%s'", host)
	}
	cn, ok := firstCommonName(cert)
	if !ok {
		return fmt.Errorf("server identity verification failed: the certificate has no DNS or IP Subject Alternative Name and no Common Name to match '%s'", host)
	}
	if !matchHostPattern(cn, names) {
		return fmt.Errorf("server identity verification failed: the certificate's Common Name '%s' does not match '%s'", cn, host)
	}
	return nil
}

// firstCommonName returns the first CN attribute in the subject's encoding
// order (Java's LdapName order; Go's Subject.CommonName keeps the last).
func firstCommonName(cert *x509.Certificate) (string, bool) {
	for _, atv := range cert.Subject.Names {
		if atv.Type.Equal(oidCommonName) {
			if s, ok := atv.Value.(string); ok {
				return s, true
			}
		}
	}
	return "", false
}

// matchHostPattern is Connector/J's matchPattern against each of hosts.
func matchHostPattern(pattern string, hosts []string) bool {
	for _, h := range hosts {
		if matchPattern(pattern, h) {
			return true
		}
	}
	return false
}

// matchPattern: a '*' before the first '.' matches any run of characters
// without a dot (possibly empty); everything else compares case-insensitively.
func matchPattern(pattern, host string) bool {
	star := strings.IndexByte(pattern, '*')
	if star >= 0 && star < strings.IndexByte(pattern, '.') {
		head, tail := pattern[:star], pattern[star+1:]
		if len(host) < len(head)+len(tail) {
			return false
		}
		if !strings.EqualFold(host[:len(head)], head) || !strings.EqualFold(host[len(host)-len(tail):], tail) {
			return false
		}
		return !strings.Contains(host[len(head):len(host)-len(tail)], ".")
	}
	return strings.EqualFold(host, pattern)
}

// subjectOf names a certificate for messages.
func subjectOf(c *x509.Certificate) string {
	if c == nil {
		return ""
	}
	return c.Subject.String()
}
