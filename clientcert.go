// This file holds the one rule for which client certificate a connection
// sends: the key entry named by alias, else the first one the server's
// certificate request accepts, else none, as Java's key manager decides.

package jdbcmysql

import (
	"crypto/tls"
	"fmt"
	"strings"

	"github.com/jdbcmysql/jdbcmysql/keystore"
)

// ChooseClientAlias returns the alias of the key entry of ks that a
// connection sends as its client certificate, with alias the alias asked
// for (WithClientCertificateAlias or jdbcmysql.clientCertificateKeyStoreAlias,
// "" for none) and cri the server's certificate request (nil when it is not
// known):
//   - with alias set, the key entry of that alias, compared
//     case-insensitively; an unknown alias is an error listing the key
//     entries there are;
//   - else the first key entry (store order) whose chain reaches one of the
//     CAs cri names and whose key fits cri's signature schemes;
//   - with cri nil, the first key entry.
//
// It returns "" when no certificate is sent: ks has no private key, or no
// key entry fits cri.
func ChooseClientAlias(ks *keystore.KeyStore, cri *tls.CertificateRequestInfo, alias string) (string, error) {
	m := newKeyMaterial(ks, 0)
	i, err := m.choose(cri, alias)
	if err != nil || i < 0 {
		return "", err
	}
	return m.Aliases[i], nil
}

// chooseCertificate picks the client certificate for a handshake with
// ChooseClientAlias's rule. With no key entry, or none that fits, it returns
// an empty certificate: the client sends none.
func (m *keyMaterial) chooseCertificate(cri *tls.CertificateRequestInfo, alias string) (*tls.Certificate, error) {
	i, err := m.choose(cri, alias)
	if err != nil {
		return nil, err
	}
	if i < 0 {
		return &tls.Certificate{}, nil
	}
	return &m.Certificates[i], nil
}

// choose returns the index of the certificate to send, or -1 for none.
func (m *keyMaterial) choose(cri *tls.CertificateRequestInfo, alias string) (int, error) {
	if m == nil || len(m.Certificates) == 0 {
		if alias != "" {
			return -1, storeFaultf("no key entry with alias %q: the store has no private key", alias)
		}
		return -1, nil
	}
	if alias != "" {
		for i, a := range m.Aliases {
			if strings.EqualFold(a, alias) {
				return i, nil
			}
		}
		return -1, storeFaultf("%s", fmt.Sprintf("no key entry with alias %q (key entries: %s)", alias, strings.Join(m.Aliases, ", ")))
	}
	if cri == nil {
		return 0, nil
	}
	for i := range m.Certificates {
		if cri.SupportsCertificate(&m.Certificates[i]) == nil {
			return i, nil
		}
	}
	// Nothing fits the server's request: send none, as Java's key manager
	// does; the server's refusal is then explained by the connector.
	return -1, nil
}
