// This file decodes PKCS#12 key stores and trust stores as Java's PKCS12
// KeyStore loads them: it checks the MAC (the classic PKCS#12 MAC or
// PBMAC1), walks every safe bag (so several private keys, keytool's trust
// attribute and plain certificate bags all work), and builds each key's
// chain from its localKeyID and issuer links.

package keystore

import (
	"cmp"
	"crypto"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"unicode/utf16"
)

var (
	oidDataContentType          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidEncryptedDataContentType = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}
	oidKeyBag                   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 1}
	oidPKCS8ShroudedKeyBag      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 2}
	oidCertBag                  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 3}
	oidSecretBag                = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 5}
	oidSafeContentsBag          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 6}
	oidX509CertType             = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 22, 1}
	oidFriendlyName             = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 20}
	oidLocalKeyID               = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 21}
	oidJavaTrustedKeyUsage      = asn1.ObjectIdentifier{2, 16, 840, 1, 113894, 746875, 1, 1}
	oidPBMAC1                   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 14}
)

// maxPBMAC1KeyLength bounds the HMAC key PBMAC1 derives (SHA-512's size).
const maxPBMAC1KeyLength = 64

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
	Raw        asn1.RawContent
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

// pbmac1Params is RFC 8018's PBMAC1-params.
type pbmac1Params struct {
	KDF pkix.AlgorithmIdentifier
	MAC pkix.AlgorithmIdentifier
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

	// For List: how the key is protected and why it was not decrypted.
	protection *Protection
	err        error
}

// p12Walk collects the bags of one file.
type p12Walk struct {
	d        *decoder
	certs    []p12Cert
	keys     []p12Key
	secrets  []string // secret bags' names (List only)
	password string
	decrypt  bool // decrypt encrypted contents and keys (false: Java's null password)
	err      error

	seenKeyBags map[string]bool // DER of each shrouded key bag read
}

// decodePKCS12 decodes a PKCS#12 file. For a key store every private key is
// recovered with the password; for a trust store with no password the MAC is
// not checked and only unencrypted certificate bags are read (Java's null
// password), which gives an empty store for encrypted trust stores.
func (d *decoder) decodePKCS12(data []byte) (*KeyStore, error) {
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
	w := &p12Walk{d: d, password: d.password, decrypt: true, seenKeyBags: map[string]bool{}}
	if len(pfx.MacData.Mac.Algorithm.Algorithm) != 0 {
		pw, err := d.p12VerifyMAC(&pfx.MacData, content)
		switch {
		case errors.Is(err, ErrIncorrectPassword) && (d.trust || d.list != nil) && d.password == "":
			w.decrypt = false // Java's load(in, null): no integrity check, encrypted bags skipped
		case err != nil:
			return nil, err
		default:
			w.password = pw
		}
		if d.list != nil {
			d.list.Integrity, d.list.Verified = macProtection(&pfx.MacData), err == nil
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
			if !w.decrypt && d.list == nil {
				continue
			}
			var ed p12EncryptedData
			if err := unmarshalDER(ci.Content.Bytes, &ed); err != nil {
				return nil, formatError("bad PKCS#12 encrypted data: %v", err)
			}
			if d.list != nil {
				d.list.Encryption = append(d.list.Encryption, pbeProtection(ed.Info.Algorithm))
				if !w.decrypt {
					d.list.Unread = "the encrypted contents (certificates), which need the store password"
					continue
				}
			}
			raw, err := d.pbeDecrypt(ed.Info.Algorithm, ed.Info.Content, w.password)
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
	return w.store()
}

// p12VerifyMAC checks the MAC over content with the password and returns
// the password form that matched ("" and the empty byte string are both
// tried for an empty one with the classic MAC).
func (d *decoder) p12VerifyMAC(md *p12MacData, content []byte) (string, error) {
	if md.Mac.Algorithm.Algorithm.Equal(oidPBMAC1) {
		return d.password, d.verifyPBMAC1(md, content)
	}
	newHash, v, err := digestForOID(md.Mac.Algorithm.Algorithm)
	if err != nil {
		return "", within("PKCS#12 MAC", err)
	}
	candidates := [][]byte{bmpPassword(d.password)}
	if d.password == "" {
		candidates = append(candidates, nil)
	}
	for _, pw := range candidates {
		if err := d.spendKDF("PKCS#12 MAC", md.Iterations, 1, hashWeight(newHash)); err != nil {
			return "", err
		}
		key := pkcs12KDF(newHash, v, md.MacSalt, pw, md.Iterations, 3, newHash().Size())
		mac := hmac.New(newHash, key)
		mac.Write(content)
		if hmac.Equal(mac.Sum(nil), md.Mac.Digest) {
			return d.password, nil
		}
	}
	return "", passwordError(d.password, "keystore password was incorrect")
}

// verifyPBMAC1 checks a PBMAC1 MAC (RFC 9579): an HMAC keyed by PBKDF2 of
// the password's UTF-8 bytes, with every parameter in the algorithm
// identifier; MacData's own salt and iteration count are not used.
func (d *decoder) verifyPBMAC1(md *p12MacData, content []byte) error {
	var p pbmac1Params
	if err := unmarshalDER(md.Mac.Algorithm.Parameters.FullBytes, &p); err != nil {
		return formatError("bad PKCS#12 PBMAC1 parameters: %v", err)
	}
	if !p.KDF.Algorithm.Equal(oidPBKDF2) {
		return unsupportedError("PKCS#12 PBMAC1 key derivation %s is not supported", p.KDF.Algorithm)
	}
	var kp pbkdf2Params
	if err := unmarshalDER(p.KDF.Parameters.FullBytes, &kp); err != nil {
		return formatError("bad PKCS#12 PBMAC1 PBKDF2 parameters: %v", err)
	}
	if kp.KeyLength < 1 || kp.KeyLength > maxPBMAC1KeyLength {
		return formatError("PKCS#12 PBMAC1 key length %d out of range (1 to %d bytes; RFC 9579 requires it)", kp.KeyLength, maxPBMAC1KeyLength)
	}
	prf, err := hmacForOID(kp.PRF.Algorithm)
	if err != nil {
		return within("PKCS#12 PBMAC1 PBKDF2", err)
	}
	if err := d.spendKDF("PKCS#12 PBMAC1", kp.Iterations, chainsFor(kp.KeyLength, prf().Size()), 2*hashWeight(prf)); err != nil {
		return err
	}
	if len(p.MAC.Algorithm) == 0 {
		return formatError("PKCS#12 PBMAC1 names no MAC algorithm")
	}
	macHash, err := hmacForOID(p.MAC.Algorithm)
	if err != nil {
		return within("PKCS#12 PBMAC1", err)
	}
	key, err := pbkdf2.Key(prf, d.password, kp.Salt, kp.Iterations, kp.KeyLength)
	if err != nil {
		return formatError("PKCS#12 PBMAC1: %v", err)
	}
	mac := hmac.New(macHash, key)
	mac.Write(content)
	if !hmac.Equal(mac.Sum(nil), md.Mac.Digest) {
		return passwordError(d.password, "keystore password was incorrect")
	}
	return nil
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
			if w.seenKeyBags[string(bag.Raw)] {
				continue // an identical copy: one entry, decrypted once
			}
			w.seenKeyBags[string(bag.Raw)] = true
			k := p12Key{name: name, keyID: keyID}
			if w.d.list != nil && !w.decrypt {
				k.err = newError(ErrIncorrectPassword, "not decrypted: no store password was given")
			}
			if (w.decrypt && !w.d.trust) || w.d.list != nil {
				var epki encryptedPrivateKeyInfo
				if err := unmarshalDER(bag.Value.Bytes, &epki); err != nil {
					w.err = formatError("bad PKCS#12 key bag: %v", err)
					return
				}
				if w.d.list != nil {
					p := pbeProtection(epki.Algorithm)
					k.protection = &p
				}
				if w.decrypt {
					k.key, k.err = w.decryptKey(epki, name)
				}
				if k.err != nil && w.d.list == nil {
					w.err = k.err
					return
				}
			}
			w.keys = append(w.keys, k)
		case bag.ID.Equal(oidSecretBag):
			// Java's PKCS12 SecretKeyEntry: listed by List, of no use to TLS.
			w.secrets = append(w.secrets, name)
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

// decryptKey recovers one shrouded key with the store password.
func (w *p12Walk) decryptKey(epki encryptedPrivateKeyInfo, name string) (any, error) {
	der, err := w.d.pbeDecrypt(epki.Algorithm, epki.Data, w.password)
	if err != nil {
		return nil, p12DecryptError("private key "+quoteAlias(name), err)
	}
	key, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, unsupportedError("private key %s: %v", quoteAlias(name), err)
	}
	return key, nil
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
// (openssl pkcs12 -nokeys) every certificate is. In a trust store a key
// entry stands for its certificate alone, so no chain is built.
func (w *p12Walk) store() (*KeyStore, error) {
	ks := &KeyStore{Format: formatPKCS12}
	leaves := newP12Leaves(w.certs)
	chains := newChainBuilder(w.d, leaves.all)
	for i, k := range w.keys {
		e, ok, err := w.keyEntry(i, k, leaves, chains)
		if err != nil {
			return nil, err
		}
		if ok {
			ks.Entries = append(ks.Entries, e)
		}
	}
	w.addTrusted(ks)
	for i, name := range w.secrets {
		w.d.listed(ListedEntry{Alias: cmp.Or(name, fmt.Sprintf("secret-%d", i+1)), Type: SecretKeyEntry})
	}
	return ks, nil
}

// p12Leaves finds a key's certificate among a file's certificates: by
// localKeyID, else by public key.
type p12Leaves struct {
	all     []*x509.Certificate
	byKeyID map[string]int
	byKey   *leafIndex // built when a key has no localKeyID match
}

func newP12Leaves(certs []p12Cert) *p12Leaves {
	l := &p12Leaves{all: make([]*x509.Certificate, len(certs)), byKeyID: map[string]int{}}
	for i, c := range certs {
		l.all[i] = c.cert
		if _, ok := l.byKeyID[string(c.keyID)]; !ok && len(c.keyID) > 0 {
			l.byKeyID[string(c.keyID)] = i
		}
	}
	return l
}

func (l *p12Leaves) find(k p12Key) (int, bool) {
	if leaf, ok := l.byKeyID[string(k.keyID)]; ok || k.key == nil {
		return leaf, ok
	}
	if l.byKey == nil {
		l.byKey = newLeafIndex(l.all)
	}
	return l.byKey.find(k.key)
}

// keyEntry makes the entry of key bag number i: its alias (the key's
// name, else its certificate's, else key-N), the key and its chain. ok is
// false when List recorded a key that is not usable instead.
func (w *p12Walk) keyEntry(i int, k p12Key, leaves *p12Leaves, chains *chainBuilder) (e Entry, ok bool, err error) {
	leaf, found := leaves.find(k)
	if !found {
		if w.d.list == nil {
			return e, false, formatError("private key %s has no certificate in the PKCS#12 file", quoteAlias(k.name))
		}
		alias := cmp.Or(k.name, fmt.Sprintf("key-%d", i+1))
		w.d.listed(ListedEntry{Alias: alias, Type: PrivateKeyEntry, KeyError: cmp.Or(k.err,
			formatError("private key %s has no certificate in the PKCS#12 file", quoteAlias(k.name))), Protection: k.protection})
		return e, false, nil
	}
	alias := cmp.Or(k.name, w.certs[leaf].name, fmt.Sprintf("key-%d", i+1))
	if w.d.trust {
		// Java's trust manager trusts the certificate of a key entry.
		return Entry{Alias: alias, Chain: []*x509.Certificate{leaves.all[leaf]}}, true, nil
	}
	var signer crypto.Signer
	keyErr := k.err
	if keyErr == nil {
		signer, keyErr = asSigner(k.key, alias)
	}
	if keyErr == nil && !publicKeyMatches(leaves.all[leaf], k.key) {
		signer, keyErr = nil, formatError("private key %s does not match its certificate", quoteAlias(alias))
	}
	if keyErr != nil && w.d.list == nil {
		return e, false, keyErr
	}
	chain, err := chains.chain(leaf)
	if err != nil {
		return e, false, err
	}
	if w.d.list != nil {
		w.d.listed(ListedEntry{Alias: alias, Type: PrivateKeyEntry, Chain: chain, PrivateKey: signer, KeyError: keyErr, Protection: k.protection})
		if keyErr != nil {
			return e, false, nil
		}
	}
	return Entry{Alias: alias, PrivateKey: signer, Chain: chain}, true, nil
}

// addTrusted adds the trusted certificate entries (named cert-N when the
// bag has no name).
func (w *p12Walk) addTrusted(ks *KeyStore) {
	anyTrustAttr := false
	for _, c := range w.certs {
		anyTrustAttr = anyTrustAttr || c.trusted
	}
	for i, c := range w.certs {
		if !c.trusted && (anyTrustAttr || len(w.keys) > 0) {
			continue
		}
		alias := cmp.Or(c.name, fmt.Sprintf("cert-%d", i+1))
		ks.Entries = append(ks.Entries, Entry{Alias: alias, Chain: []*x509.Certificate{c.cert}})
		w.d.listed(ListedEntry{Alias: alias, Type: TrustedCertEntry, Chain: []*x509.Certificate{c.cert}})
	}
}

// p12DecryptError classifies a failure to decrypt part of a file whose MAC
// was fine: bad padding means a different password protects that part.
func p12DecryptError(what string, err error) error {
	if errors.Is(err, errBadDecryption) {
		return newError(ErrIncorrectPassword, "could not recover %s with the store password: check password (all entries must use the store password)", what)
	}
	return within(what, err)
}
