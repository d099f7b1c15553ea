// This file lists a store as keytool -list -v and openssl pkcs12 -info show
// it: every entry (secret keys and keys the password cannot recover
// included), creation dates, and the algorithms and iteration counts that
// protect the store and each key.

package keystore

import (
	"crypto"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"time"
)

// Entry types, in keytool's words.
const (
	PrivateKeyEntry  = "PrivateKeyEntry"
	TrustedCertEntry = "trustedCertEntry"
	SecretKeyEntry   = "SecretKeyEntry"
)

// Listing is a store as keytool -list lists it: every entry, with what
// protects the store and its keys. It is for showing a store, not for
// using one: Decode and DecodeTrustStore apply the rules a connection uses.
type Listing struct {
	// Format is the format detected from the bytes.
	Format string
	// Integrity is the store's integrity check (JKS and JCEKS digest,
	// PKCS#12 MAC); nil when the store has none (PEM, PKCS#12 without MAC).
	Integrity *Protection
	// Verified reports whether the integrity check passed with the
	// password. It is false when no password was given and the check was
	// skipped, as keytool does ("The integrity of the information stored in
	// your keystore has NOT been verified!").
	Verified bool
	// Encryption lists the algorithms of a PKCS#12 file's encrypted
	// certificate safes, in file order.
	Encryption []Protection
	// Unread says what was left out because no password opened it
	// (encrypted PKCS#12 contents); "" when everything was read.
	Unread string
	// Entries are the store's entries in store order.
	Entries []ListedEntry
}

// ListedEntry is one entry of a Listing.
type ListedEntry struct {
	Alias string
	// Type is PrivateKeyEntry, TrustedCertEntry or SecretKeyEntry.
	Type string
	// Created is the entry's creation date (JKS, JCEKS); zero for formats
	// that store none (keytool then shows the time the store was loaded).
	Created time.Time
	// Chain is the key's chain, leaf first, or the trusted certificate; nil
	// for a secret key and for a key whose certificates are encrypted and
	// were not read.
	Chain []*x509.Certificate
	// PrivateKey is the key when the password recovers it; KeyError says
	// why it does not (a key password that differs from the store's
	// matches ErrIncorrectPassword).
	PrivateKey crypto.Signer
	KeyError   error
	// Protection is how the private or secret key is protected; nil when
	// it is stored in the clear or unknown.
	Protection *Protection
}

// Protection names a password-based algorithm and its iteration count.
type Protection struct {
	// Algorithm is OpenSSL's name where it has one, e.g. "PBES2, PBKDF2,
	// AES-256-CBC, PRF hmacWithSHA256", "pbeWithSHA1And40BitRC2-CBC",
	// "MAC sha256".
	Algorithm  string
	Iterations int // 0 when the algorithm has no iteration count
	// Legacy is non-empty when OpenSSL 3 or Java refuse or flag the
	// algorithm by default, and says how.
	Legacy string
}

// List lists data as keytool -list does. With a password the integrity
// check must pass (ErrIncorrectPassword otherwise) and every key is tried
// with it; with "" a store whose check fails with the empty password is
// listed unverified, without the encrypted parts of a PKCS#12 file. A key
// the password does not recover is listed with its KeyError instead of
// failing the listing. Bad input fails as for Decode.
func List(data []byte, password string, opts ...Option) (*Listing, error) {
	d := newDecoder(password, false, opts)
	d.list = &Listing{}
	ks, err := d.decode(data)
	if err != nil {
		return nil, err
	}
	d.list.Format = ks.Format
	if ks.Format == formatPEM {
		for _, e := range ks.Entries {
			typ := TrustedCertEntry
			if !e.Trusted() {
				typ = PrivateKeyEntry
			}
			d.list.Entries = append(d.list.Entries, ListedEntry{Alias: e.Alias, Type: typ, Chain: e.Chain, PrivateKey: e.PrivateKey})
		}
	}
	return d.list, nil
}

// listed adds an entry to the listing in progress, if any.
func (d *decoder) listed(e ListedEntry) {
	if d.list != nil {
		d.list.Entries = append(d.list.Entries, e)
	}
}

// javaTime is a Java timestamp (milliseconds since 1970) as a time.
func javaTime(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// javaKeyProtection describes how a JKS or JCEKS key entry is protected.
func javaKeyProtection(encKey []byte) *Protection {
	var info encryptedPrivateKeyInfo
	if unmarshalDER(encKey, &info) != nil {
		return nil
	}
	switch {
	case info.Algorithm.Algorithm.Equal(oidJKSKeyProtector):
		return &Protection{Algorithm: "JKS key protector (SHA-1 keystream)"}
	case info.Algorithm.Algorithm.Equal(oidPBEWithMD5AndTripleDES):
		var p pbeParams
		_ = unmarshalDER(info.Algorithm.Parameters.FullBytes, &p)
		return &Protection{Algorithm: "PBEWithMD5AndTripleDES", Iterations: p.Iterations,
			Legacy: "Sun's proprietary JCEKS key protection (MD5, 3DES)"}
	}
	return &Protection{Algorithm: info.Algorithm.Algorithm.String()}
}

// pbeProtection describes a PKCS#12 PBE or PBES2 algorithm identifier.
func pbeProtection(alg pkix.AlgorithmIdentifier) Protection {
	const rc2Legacy = "RC2: OpenSSL 3 refuses it unless given -legacy (the legacy provider); Java 17 still reads it"
	var p pbeParams
	switch {
	case alg.Algorithm.Equal(oidPBEWithSHAAnd3KeyTripleDESCBC):
		_ = unmarshalDER(alg.Parameters.FullBytes, &p)
		return Protection{Algorithm: "pbeWithSHA1And3-KeyTripleDES-CBC", Iterations: p.Iterations}
	case alg.Algorithm.Equal(oidPBEWithSHAAnd128BitRC2CBC):
		_ = unmarshalDER(alg.Parameters.FullBytes, &p)
		return Protection{Algorithm: "pbeWithSHA1And128BitRC2-CBC", Iterations: p.Iterations, Legacy: rc2Legacy}
	case alg.Algorithm.Equal(oidPBEWithSHAAnd40BitRC2CBC):
		_ = unmarshalDER(alg.Parameters.FullBytes, &p)
		return Protection{Algorithm: "pbeWithSHA1And40BitRC2-CBC", Iterations: p.Iterations, Legacy: "RC2-40 (40-bit key): " + rc2Legacy[len("RC2: "):]}
	case alg.Algorithm.Equal(oidPBES2):
		var p2 pbes2Params
		var kp pbkdf2Params
		if unmarshalDER(alg.Parameters.FullBytes, &p2) != nil || unmarshalDER(p2.KDF.Parameters.FullBytes, &kp) != nil {
			return Protection{Algorithm: "PBES2 (unreadable parameters)"}
		}
		return Protection{Algorithm: fmt.Sprintf("PBES2, PBKDF2, %s, PRF %s", cipherName(p2.Enc.Algorithm), prfName(kp.PRF.Algorithm)), Iterations: kp.Iterations}
	}
	return Protection{Algorithm: alg.Algorithm.String()}
}

// macProtection describes a PKCS#12 MAC.
func macProtection(md *p12MacData) *Protection {
	if md.Mac.Algorithm.Algorithm.Equal(oidPBMAC1) {
		var p pbmac1Params
		var kp pbkdf2Params
		if unmarshalDER(md.Mac.Algorithm.Parameters.FullBytes, &p) != nil || unmarshalDER(p.KDF.Parameters.FullBytes, &kp) != nil {
			return &Protection{Algorithm: "PBMAC1 (unreadable parameters)"}
		}
		return &Protection{Algorithm: fmt.Sprintf("PBMAC1, PBKDF2 PRF %s, MAC %s", prfName(kp.PRF.Algorithm), prfName(p.MAC.Algorithm)), Iterations: kp.Iterations}
	}
	names := map[string]string{oidSHA1.String(): "sha1", oidSHA224.String(): "sha224", oidSHA256.String(): "sha256",
		oidSHA384.String(): "sha384", oidSHA512.String(): "sha512"}
	name, ok := names[md.Mac.Algorithm.Algorithm.String()]
	if !ok {
		name = md.Mac.Algorithm.Algorithm.String()
	}
	return &Protection{Algorithm: "MAC " + name, Iterations: md.Iterations}
}

func cipherName(oid asn1.ObjectIdentifier) string {
	switch {
	case oid.Equal(oidAES128CBC):
		return "AES-128-CBC"
	case oid.Equal(oidAES192CBC):
		return "AES-192-CBC"
	case oid.Equal(oidAES256CBC):
		return "AES-256-CBC"
	case oid.Equal(oidDESEDE3CBC):
		return "DES-EDE3-CBC"
	}
	return oid.String()
}

func prfName(oid asn1.ObjectIdentifier) string {
	switch {
	case len(oid) == 0, oid.Equal(oidHMACWithSHA1):
		return "hmacWithSHA1"
	case oid.Equal(oidHMACWithSHA224):
		return "hmacWithSHA224"
	case oid.Equal(oidHMACWithSHA256):
		return "hmacWithSHA256"
	case oid.Equal(oidHMACWithSHA384):
		return "hmacWithSHA384"
	case oid.Equal(oidHMACWithSHA512):
		return "hmacWithSHA512"
	}
	return oid.String()
}
