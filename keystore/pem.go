// This file decodes PEM files given as stores (Java reads no PEM key store;
// this package accepts one under any type): a certificate chain with its
// private key (PKCS#1, PKCS#8, SEC1, or encrypted PKCS#8 opened with the
// store password), or CA certificates for a trust store.

package keystore

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
)

// decodePEM decodes every CERTIFICATE and private key block. Each key gets
// the certificate carrying its public key, then that certificate's issuers
// from the file; a key given twice is one entry. Without keys (or in a trust
// store) every certificate is a trusted entry.
func (d *decoder) decodePEM(data []byte) (*KeyStore, error) {
	var certs []*x509.Certificate
	var keys []any
	seenKeys := map[string]bool{}
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		switch block.Type {
		case "CERTIFICATE", "TRUSTED CERTIFICATE":
			c, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, formatError("PEM certificate %d: %v", len(certs)+1, err)
			}
			certs = append(certs, c)
		case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY":
			if d.trust || seenKeys[string(block.Bytes)] {
				continue
			}
			seenKeys[string(block.Bytes)] = true
			k, err := d.parsePEMKey(block)
			if err != nil {
				return nil, err
			}
			keys = append(keys, k)
		}
	}
	if len(certs) == 0 && len(keys) == 0 {
		return nil, formatError("PEM file has no CERTIFICATE or PRIVATE KEY block")
	}
	ks := &KeyStore{Format: formatPEM}
	leaves := newLeafIndex(certs)
	chains := newChainBuilder(d, certs)
	seenLeaves := map[int]bool{}
	for i, k := range keys {
		leaf, ok := leaves.find(k)
		if !ok {
			return nil, formatError("PEM private key %d has no matching CERTIFICATE block", i+1)
		}
		if seenLeaves[leaf] {
			continue // the same key in another encoding
		}
		seenLeaves[leaf] = true
		alias := fmt.Sprintf("key-%d", i+1)
		if cn := certs[leaf].Subject.CommonName; cn != "" {
			alias = cn
		}
		signer, err := asSigner(k, alias)
		if err != nil {
			return nil, err
		}
		chain, err := chains.chain(leaf)
		if err != nil {
			return nil, err
		}
		ks.Entries = append(ks.Entries, Entry{Alias: alias, PrivateKey: signer, Chain: chain})
	}
	if len(keys) == 0 {
		for i, c := range certs {
			alias := c.Subject.CommonName
			if alias == "" {
				alias = fmt.Sprintf("cert-%d", i+1)
			}
			ks.Entries = append(ks.Entries, Entry{Alias: alias, Chain: []*x509.Certificate{c}})
		}
	}
	return ks, nil
}

// parsePEMKey parses one key block; encrypted PKCS#8 is opened with the
// password. Legacy OpenSSL encryption (Proc-Type headers) is refused.
func (d *decoder) parsePEMKey(block *pem.Block) (any, error) {
	if _, ok := block.Headers["Proc-Type"]; ok {
		return nil, unsupportedError("PEM key uses legacy OpenSSL encryption; convert it with: openssl pkcs8 -topk8 -v2 aes-256-cbc")
	}
	var key any
	var err error
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "ENCRYPTED PRIVATE KEY":
		var info encryptedPrivateKeyInfo
		if err := unmarshalDER(block.Bytes, &info); err != nil {
			return nil, formatError("PEM encrypted key: %v", err)
		}
		der, err := d.pbeDecrypt(info.Algorithm, info.Data, d.password)
		if err != nil {
			return nil, p12DecryptError("PEM encrypted key", err)
		}
		key, err = x509.ParsePKCS8PrivateKey(der)
		if err != nil {
			return nil, passwordError(d.password, "PEM encrypted key did not decrypt to a key: check password")
		}
		return key, nil
	}
	if err != nil {
		return nil, formatError("PEM %s: %v", block.Type, err)
	}
	return key, nil
}
