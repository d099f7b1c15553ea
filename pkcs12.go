// This file decodes PKCS#12 key stores and trust stores as Java's PKCS12
// KeyStore loads them: it walks every safe bag itself (so several private
// keys, keytool's trust attribute and plain certificate bags all work),
// builds each key's chain from its localKeyID and issuer links, and falls back
// to go-pkcs12 for the MAC algorithms it does not implement (PBMAC1).

package jdbcmysql

import (
	"bytes"
	"crypto/hmac"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"unicode/utf16"

	gopkcs12 "software.sslmate.com/src/go-pkcs12"
)

var (
	oidDataContentType          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidEncryptedDataContentType = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}
	oidKeyBag                   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 1}
	oidPKCS8ShroudedKeyBag      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 2}
	oidCertBag                  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 3}
	oidSafeContentsBag          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 6}
	oidX509CertType             = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 22, 1}
	oidFriendlyName             = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 20}
	oidLocalKeyID               = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 21}
	oidJavaTrustedKeyUsage      = asn1.ObjectIdentifier{2, 16, 840, 1, 113894, 746875, 1, 1}
	oidPBMAC1                   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 14}
)

type p12ContentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"tag:0,explicit,optional"`
}

type p12DigestInfo struct {
	Algorithm pkix.AlgorithmIdentifier
	Digest    []byte
}

type p12MacData struct {
	Mac        p12DigestInfo
	MacSalt    []byte
	Iterations int `asn1:"optional,default:1"`
}

type p12PFX struct {
	Version  int
	AuthSafe p12ContentInfo
	MacData  p12MacData `asn1:"optional"`
}

type p12EncryptedData struct {
	Version int
	Info    p12EncryptedContentInfo
}

type p12EncryptedContentInfo struct {
	ContentType asn1.ObjectIdentifier
	Algorithm   pkix.AlgorithmIdentifier
	Content     []byte `asn1:"tag:0,optional"`
}

type p12SafeBag struct {
	ID         asn1.ObjectIdentifier
	Value      asn1.RawValue     `asn1:"tag:0,explicit"`
	Attributes []p12BagAttribute `asn1:"set,optional"`
}

type p12BagAttribute struct {
	ID    asn1.ObjectIdentifier
	Value asn1.RawValue `asn1:"set"`
}

type p12CertBag struct {
	ID   asn1.ObjectIdentifier
	Data []byte `asn1:"tag:0,explicit"`
}

type p12EncryptedPrivateKeyInfo struct {
	Algorithm pkix.AlgorithmIdentifier
	Data      []byte
}

// p12Cert is one certificate bag with the attributes that matter.
type p12Cert struct {
	cert    *x509.Certificate
	name    string
	keyID   []byte
	trusted bool
}

// p12Key is one shrouded key bag, decrypted or (trust stores) not.
type p12Key struct {
	key   any // nil when not decrypted
	name  string
	keyID []byte
}

// p12Walk collects the bags of one file.
type p12Walk struct {
	certs    []p12Cert
	keys     []p12Key
	password string
	decrypt  bool // decrypt encrypted contents and keys (false: Java's null password)
	wantKeys bool // decrypt private keys
	err      error
}

// decodePKCS12 decodes a PKCS#12 file. For a key store every private key is
// recovered with password; for a trust store with no password the MAC is not
// checked and only unencrypted certificate bags are read (Java's null
// password), which gives an empty store for encrypted trust stores.
func decodePKCS12(data []byte, password string, role storeRole) (*KeyStore, error) {
	var pfx p12PFX
	if err := unmarshalDER(data, &pfx); err != nil {
		return nil, formatError("not a valid PKCS#12 file: %v", err)
	}
	if pfx.Version != 3 {
		return nil, formatError("unsupported PKCS#12 version %d", pfx.Version)
	}
	if !pfx.AuthSafe.ContentType.Equal(oidDataContentType) {
		return nil, unsupportedError("PKCS#12 files protected with public keys are not supported")
	}
	var content []byte
	if err := unmarshalDER(pfx.AuthSafe.Content.Bytes, &content); err != nil {
		return nil, formatError("bad PKCS#12 content: %v", err)
	}
	w := &p12Walk{password: password, decrypt: true, wantKeys: role == roleKeyStore}
	if len(pfx.MacData.Mac.Algorithm.Algorithm) != 0 {
		pw, err := p12VerifyMAC(&pfx.MacData, content, password)
		switch {
		case errors.Is(err, errUnsupportedAlgorithm) && pfx.MacData.Mac.Algorithm.Algorithm.Equal(oidPBMAC1):
			return decodePKCS12WithLibrary(data, password, role)
		case err != nil && errors.Is(err, ErrKeyStorePassword) && role == roleTrustStore && password == "":
			w.decrypt = false // Java's load(in, null): no integrity check, encrypted bags skipped
		case err != nil:
			return nil, err
		default:
			w.password = pw
		}
	}
	var safes []p12ContentInfo
	if err := unmarshalDER(content, &safes); err != nil {
		return nil, formatError("bad PKCS#12 authenticated safe: %v", err)
	}
	for _, ci := range safes {
		switch {
		case ci.ContentType.Equal(oidDataContentType):
			var raw []byte
			if err := unmarshalDER(ci.Content.Bytes, &raw); err != nil {
				return nil, formatError("bad PKCS#12 safe contents: %v", err)
			}
			w.walkSafeContents(raw, 0)
		case ci.ContentType.Equal(oidEncryptedDataContentType):
			if !w.decrypt {
				continue
			}
			var ed p12EncryptedData
			if err := unmarshalDER(ci.Content.Bytes, &ed); err != nil {
				return nil, formatError("bad PKCS#12 encrypted data: %v", err)
			}
			raw, err := pbeDecrypt(ed.Info.Algorithm, ed.Info.Content, w.password)
			if err != nil {
				return nil, p12DecryptError("certificates", err)
			}
			w.walkSafeContents(raw, 0)
		default:
			return nil, unsupportedError("PKCS#12 content type %s is not supported", ci.ContentType)
		}
		if w.err != nil {
			return nil, w.err
		}
	}
	return w.store(role)
}

// p12VerifyMAC checks the MAC with password and returns the password form
// that matched ("" and the empty byte string are both tried for an empty one).
func p12VerifyMAC(md *p12MacData, content []byte, password string) (string, error) {
	newHash, v, err := digestForOID(md.Mac.Algorithm.Algorithm)
	if err != nil {
		return "", unsupportedError("PKCS#12 MAC: %v", err)
	}
	if md.Iterations < 1 || md.Iterations > maxPBEIterations {
		return "", formatError("PKCS#12 MAC iteration count %d out of range", md.Iterations)
	}
	candidates := [][]byte{bmpPassword(password)}
	if password == "" {
		candidates = append(candidates, nil)
	}
	for _, pw := range candidates {
		key := pkcs12KDF(newHash, v, md.MacSalt, pw, md.Iterations, 3, newHash().Size())
		mac := hmac.New(newHash, key)
		mac.Write(content)
		if hmac.Equal(mac.Sum(nil), md.Mac.Digest) {
			return password, nil
		}
	}
	return "", passwordError(password, "keystore password was incorrect")
}

// walkSafeContents reads one SafeContents, recursing into nested bags once.
func (w *p12Walk) walkSafeContents(raw []byte, depth int) {
	var bags []p12SafeBag
	if err := unmarshalDER(raw, &bags); err != nil {
		w.err = formatError("bad PKCS#12 safe bags: %v", err)
		return
	}
	for _, bag := range bags {
		name, keyID, trusted := p12Attributes(bag.Attributes)
		switch {
		case bag.ID.Equal(oidCertBag):
			var cb p12CertBag
			if err := unmarshalDER(bag.Value.Bytes, &cb); err != nil {
				w.err = formatError("bad PKCS#12 certificate bag: %v", err)
				return
			}
			if !cb.ID.Equal(oidX509CertType) {
				continue // SDSI and other certificate types: Java skips them too
			}
			cert, err := x509.ParseCertificate(cb.Data)
			if err != nil {
				w.err = formatError("bad certificate in PKCS#12 file: %v", err)
				return
			}
			w.certs = append(w.certs, p12Cert{cert: cert, name: name, keyID: keyID, trusted: trusted})
		case bag.ID.Equal(oidPKCS8ShroudedKeyBag):
			k := p12Key{name: name, keyID: keyID}
			if w.decrypt && w.wantKeys {
				var epki p12EncryptedPrivateKeyInfo
				if err := unmarshalDER(bag.Value.Bytes, &epki); err != nil {
					w.err = formatError("bad PKCS#12 key bag: %v", err)
					return
				}
				der, err := pbeDecrypt(epki.Algorithm, epki.Data, w.password)
				if err != nil {
					w.err = p12DecryptError("private key "+quoteAlias(name), err)
					return
				}
				key, err := x509.ParsePKCS8PrivateKey(der)
				if err != nil {
					w.err = unsupportedError("private key %s: %v", quoteAlias(name), err)
					return
				}
				k.key = key
			}
			w.keys = append(w.keys, k)
		case bag.ID.Equal(oidKeyBag):
			// An unencrypted key: Java's PKCS12 loader ignores it, so do we.
		case bag.ID.Equal(oidSafeContentsBag) && depth < 2:
			w.walkSafeContents(bag.Value.FullBytes, depth+1)
			if w.err != nil {
				return
			}
		}
	}
}

func p12Attributes(attrs []p12BagAttribute) (name string, keyID []byte, trusted bool) {
	for _, a := range attrs {
		switch {
		case a.ID.Equal(oidFriendlyName):
			var raw asn1.RawValue
			if _, err := asn1.Unmarshal(a.Value.Bytes, &raw); err == nil && raw.Tag == asn1.TagBMPString && len(raw.Bytes)%2 == 0 {
				u := make([]uint16, len(raw.Bytes)/2)
				for i := range u {
					u[i] = uint16(raw.Bytes[2*i])<<8 | uint16(raw.Bytes[2*i+1])
				}
				name = string(utf16.Decode(u))
			}
		case a.ID.Equal(oidLocalKeyID):
			var id []byte
			if _, err := asn1.Unmarshal(a.Value.Bytes, &id); err == nil {
				keyID = id
			}
		case a.ID.Equal(oidJavaTrustedKeyUsage):
			trusted = true
		}
	}
	return name, keyID, trusted
}

// store turns the collected bags into entries: one per private key with its
// chain, then the trusted certificates. Certificates with the Java trust
// attribute are trusted; in a store with neither keys nor that attribute
// (openssl pkcs12 -nokeys) every certificate is.
func (w *p12Walk) store(role storeRole) (*KeyStore, error) {
	ks := &KeyStore{Format: "PKCS12"}
	all := make([]*x509.Certificate, len(w.certs))
	anyTrustAttr := false
	for i, c := range w.certs {
		all[i] = c.cert
		anyTrustAttr = anyTrustAttr || c.trusted
	}
	for i, k := range w.keys {
		leaf := -1
		for j, c := range w.certs {
			if len(k.keyID) > 0 && bytes.Equal(c.keyID, k.keyID) {
				leaf = j
				break
			}
		}
		if leaf < 0 && k.key != nil {
			for j, c := range w.certs {
				if publicKeyMatches(c.cert, k.key) {
					leaf = j
					break
				}
			}
		}
		if leaf < 0 {
			return nil, formatError("private key %s has no certificate in the PKCS#12 file", quoteAlias(k.name))
		}
		alias := k.name
		if alias == "" {
			alias = w.certs[leaf].name
		}
		if alias == "" {
			alias = fmt.Sprintf("key-%d", i+1)
		}
		chain := buildChain(w.certs[leaf].cert, all)
		if role == roleTrustStore {
			// Java's trust manager trusts the certificate of a key entry.
			ks.Entries = append(ks.Entries, KeyStoreEntry{Alias: alias, Chain: chain[:1]})
			continue
		}
		signer, err := asSigner(k.key, alias)
		if err != nil {
			return nil, err
		}
		if !publicKeyMatches(chain[0], k.key) {
			return nil, formatError("private key %s does not match its certificate", quoteAlias(alias))
		}
		ks.Entries = append(ks.Entries, KeyStoreEntry{Alias: alias, PrivateKey: signer, Chain: chain})
	}
	for i, c := range w.certs {
		if !c.trusted && (anyTrustAttr || len(w.keys) > 0) {
			continue
		}
		alias := c.name
		if alias == "" {
			alias = fmt.Sprintf("cert-%d", i+1)
		}
		ks.Entries = append(ks.Entries, KeyStoreEntry{Alias: alias, Chain: []*x509.Certificate{c.cert}})
	}
	return ks, nil
}

// p12DecryptError classifies a failure to decrypt part of a file whose MAC
// was fine: bad padding means a different password protects that part.
func p12DecryptError(what string, err error) error {
	if errors.Is(err, errBadDecryption) {
		return &storeFault{msg: "could not recover " + what + " with the store password: check password (all entries must use the store password)", classes: []error{ErrKeyStorePassword, ErrKeyStore}}
	}
	if errors.Is(err, errUnsupportedAlgorithm) {
		return unsupportedError("%s: %v", what, err)
	}
	return formatError("%s: %v", what, err)
}

// decodePKCS12WithLibrary handles files whose MAC this package does not
// implement (PBMAC1) with go-pkcs12, which reads one key or a Java trust store.
func decodePKCS12WithLibrary(data []byte, password string, role storeRole) (*KeyStore, error) {
	key, leaf, cas, err := gopkcs12.DecodeChain(data, password)
	if err == nil {
		ks := &KeyStore{Format: "PKCS12"}
		chain := buildChain(leaf, append([]*x509.Certificate{leaf}, cas...))
		if role == roleTrustStore {
			ks.Entries = append(ks.Entries, KeyStoreEntry{Alias: "key-1", Chain: chain[:1]})
			return ks, nil
		}
		signer, err := asSigner(key, "key-1")
		if err != nil {
			return nil, err
		}
		ks.Entries = append(ks.Entries, KeyStoreEntry{Alias: "key-1", PrivateKey: signer, Chain: chain})
		return ks, nil
	}
	if errors.Is(err, gopkcs12.ErrIncorrectPassword) {
		return nil, passwordError(password, "keystore password was incorrect")
	}
	certs, terr := gopkcs12.DecodeTrustStore(data, password)
	if terr != nil {
		return nil, unsupportedError("PKCS#12 file (PBMAC1): %v", err)
	}
	ks := &KeyStore{Format: "PKCS12"}
	for i, c := range certs {
		ks.Entries = append(ks.Entries, KeyStoreEntry{Alias: fmt.Sprintf("cert-%d", i+1), Chain: []*x509.Certificate{c}})
	}
	return ks, nil
}
