// This file decodes JKS key stores: a bounded walk of the layout JKS and
// JCEKS share, the integrity digest over the password's UTF-16 form, and
// Sun's JKS key protector, for any password.

package keystore

import (
	"crypto/sha1"
	"crypto/subtle"
	"crypto/x509"
	"encoding/asn1"
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf16"
)

const (
	jksMagic   = 0xFEEDFEED
	jceksMagic = 0xCECECECE
)

// Entry tags of the JKS/JCEKS layout.
const (
	jksTagPrivateKey = 1
	jksTagTrusted    = 2
	jksTagSecretKey  = 3 // JCEKS only
)

// oidJKSKeyProtector is Sun's proprietary JKS key protection algorithm.
var oidJKSKeyProtector = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 42, 2, 17, 1, 1}

// javaStoreEntry is one entry found by the walk; byte slices alias the
// input.
type javaStoreEntry struct {
	tag    uint32
	alias  string
	encKey []byte   // tag 1: EncryptedPrivateKeyInfo DER
	certs  [][]byte // tag 1: the chain; tag 2: the one certificate

	created int64 // creation date, Java milliseconds
}

// String keeps fmt from printing key material by accident.
func (e javaStoreEntry) String() string { return fmt.Sprintf("entry %q (tag %d)", e.alias, e.tag) }

// javaStoreReader reads big-endian fields with bounds checks.
type javaStoreReader struct {
	b   []byte
	off int
	err error
}

func (r *javaStoreReader) fail(format string, a ...any) {
	if r.err == nil {
		r.err = formatError("corrupt key store at byte %d: "+format, append([]any{r.off}, a...)...)
	}
}

func (r *javaStoreReader) remaining() int { return len(r.b) - r.off }

func (r *javaStoreReader) bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > r.remaining() {
		r.fail("field of %d bytes with only %d left (truncated?)", n, r.remaining())
		return nil
	}
	out := r.b[r.off : r.off+n : r.off+n]
	r.off += n
	return out
}

func (r *javaStoreReader) u16() int {
	b := r.bytes(2)
	if b == nil {
		return 0
	}
	return int(binary.BigEndian.Uint16(b))
}

func (r *javaStoreReader) u32() uint32 {
	b := r.bytes(4)
	if b == nil {
		return 0
	}
	return binary.BigEndian.Uint32(b)
}

// utf reads a Java modified-UTF-8 string (length-prefixed).
func (r *javaStoreReader) utf() string { return string(r.bytes(r.u16())) }

// count reads an element count and checks that minSize bytes per element
// remain, so no caller allocates more than the input justifies.
func (r *javaStoreReader) count(what string, minSize int) int {
	n := r.u32()
	if r.err == nil && uint64(n)*uint64(minSize) > uint64(r.remaining()) {
		r.fail("%s count %d does not fit in the %d bytes left", what, n, r.remaining())
		return 0
	}
	return int(n)
}

// walkJavaStore walks a JKS or JCEKS file: every length and count is
// checked against the bytes left before anything is allocated. It returns
// the entries in file order and the body the digest covers.
func walkJavaStore(data []byte, magic uint32) (entries []javaStoreEntry, body, digest []byte, err error) {
	if len(data) < 12+sha1.Size {
		return nil, nil, nil, formatError("truncated key store (%d bytes)", len(data))
	}
	body, digest = data[:len(data)-sha1.Size], data[len(data)-sha1.Size:]
	r := &javaStoreReader{b: body}
	if r.u32() != magic {
		return nil, nil, nil, formatError("Invalid keystore format: bad magic number")
	}
	version := r.u32()
	if version != 1 && version != 2 {
		return nil, nil, nil, formatError("Invalid keystore format: version %d", version)
	}
	if magic == jceksMagic && version != 2 {
		return nil, nil, nil, formatError("Invalid keystore format: JCEKS version %d", version)
	}
	certHeader := 4
	if version == 2 {
		certHeader = 6
	}
	n := r.count("entry", 4+2+8+4)
	for i := 0; i < n && r.err == nil; i++ {
		e := javaStoreEntry{tag: r.u32()}
		e.alias = r.utf()
		if b := r.bytes(8); b != nil {
			e.created = int64(binary.BigEndian.Uint64(b))
		}
		switch e.tag {
		case jksTagPrivateKey:
			e.encKey = r.bytes(r.count("key byte", 1))
			chainLen := r.count("certificate", certHeader)
			for j := 0; j < chainLen && r.err == nil; j++ {
				e.certs = append(e.certs, r.javaCert(version))
			}
		case jksTagTrusted:
			e.certs = [][]byte{r.javaCert(version)}
		case jksTagSecretKey:
			if magic != jceksMagic {
				r.fail("secret key entry in a JKS file")
				break
			}
			skipJavaSerialization(r)
		default:
			r.fail("unknown entry tag %d", e.tag)
		}
		if r.err == nil {
			entries = append(entries, e)
		}
	}
	if r.err == nil && r.remaining() != 0 {
		r.fail("%d unexpected bytes after the last entry", r.remaining())
	}
	if r.err != nil {
		return nil, nil, nil, r.err
	}
	return entries, body, digest, nil
}

func (r *javaStoreReader) javaCert(version uint32) []byte {
	if version == 2 {
		// Java's CertificateFactory names are case-insensitive and "X509" is
		// an alias of "X.509", so a JKS written with either loads in Java.
		if t := r.utf(); r.err == nil && !strings.EqualFold(t, "X.509") && !strings.EqualFold(t, "X509") {
			r.fail("certificate type %q is not X.509", t)
			return nil
		}
	}
	return r.bytes(r.count("certificate byte", 1))
}

// javaStoreDigestOK checks the "Mighty Aphrodite" integrity digest with the
// password as Java's UTF-16 chars.
func javaStoreDigestOK(body, digest []byte, password string) bool {
	h := sha1.New()
	h.Write(utf16BE(password))
	h.Write([]byte("Mighty Aphrodite"))
	h.Write(body)
	return subtle.ConstantTimeCompare(h.Sum(nil), digest) == 1
}

// utf16BE encodes password as Java's char[] bytes, big-endian, no terminator.
func utf16BE(password string) []byte {
	u := utf16.Encode([]rune(password))
	out := make([]byte, 0, 2*len(u))
	for _, c := range u {
		out = append(out, byte(c>>8), byte(c))
	}
	return out
}

// decodeJKS decodes a JKS file. A key store must pass the integrity check;
// a trust store given no password skips it (Java's load(in, null)).
func (d *decoder) decodeJKS(data []byte) (*KeyStore, error) {
	return d.decodeJavaStore(data, jksMagic, formatJKS, func(e javaStoreEntry) ([]byte, error) {
		return jksRecoverKey(e.encKey, d.password, e.alias)
	}, nil)
}

// decodeJavaStore walks a JKS or JCEKS file, checks its digest with the
// role's rules and turns its entries into a KeyStore: trusted certificates
// as they are (and every entry of a trust store), private keys recovered
// with recoverKey. Secret-key entries (JCEKS) are skipped. keyWork (nil
// when key recovery derives nothing) tells what recovering a key will cost,
// so that a file whose keys need more than the budget is refused before any
// derivation runs.
func (d *decoder) decodeJavaStore(data []byte, magic uint32, format string, recoverKey func(javaStoreEntry) ([]byte, error), keyWork func(javaStoreEntry) int64) (*KeyStore, error) {
	entries, body, digest, err := walkJavaStore(data, magic)
	if err != nil {
		return nil, err
	}
	verified := javaStoreDigestOK(body, digest, d.password)
	if !verified && !((d.trust || d.list != nil) && d.password == "") {
		return nil, passwordError(d.password, "Keystore was tampered with, or password was incorrect")
	}
	if d.list != nil {
		d.list.Integrity = &Protection{Algorithm: "SHA-1 digest keyed with the password", Legacy: "proprietary " + format + " format (keytool recommends migrating to PKCS12)"}
		d.list.Verified = verified
	}
	if keyWork != nil && !d.trust {
		var planned int64
		keys := 0
		for _, e := range entries {
			if e.tag == jksTagPrivateKey {
				planned += keyWork(e)
				keys++
			}
		}
		if planned > d.opts.kdfBudget {
			return nil, limitError("recovering the store's %d keys needs %d hash iterations, over the budget of %d per file", keys, planned, d.opts.kdfBudget)
		}
	}
	ks := &KeyStore{Format: format}
	for _, e := range entries {
		if e.tag == jksTagSecretKey {
			d.listed(ListedEntry{Alias: e.alias, Type: SecretKeyEntry, Created: javaTime(e.created)})
			continue
		}
		chain, err := parseJavaChain(e)
		if err != nil {
			return nil, err
		}
		if e.tag != jksTagPrivateKey || d.trust {
			ks.Entries = append(ks.Entries, Entry{Alias: e.alias, Chain: chain[:1]})
			d.listed(ListedEntry{Alias: e.alias, Type: TrustedCertEntry, Created: javaTime(e.created), Chain: chain[:1]})
			continue
		}
		der, err := recoverKey(e)
		var entry Entry
		if err == nil {
			entry, err = newKeyEntry(e.alias, der, chain)
		}
		if d.list != nil {
			// keytool lists a key it cannot recover; so does List.
			d.listed(ListedEntry{Alias: e.alias, Type: PrivateKeyEntry, Created: javaTime(e.created), Chain: chain,
				PrivateKey: entry.PrivateKey, KeyError: err, Protection: javaKeyProtection(e.encKey)})
			err = nil
		}
		if err != nil {
			return nil, err
		}
		if entry.PrivateKey != nil {
			ks.Entries = append(ks.Entries, entry)
		}
	}
	return ks, nil
}

// jksRecoverKey undoes Sun's JKS key protector (SHA-1 keystream, SHA-1
// check) with the password's UTF-16 chars.
func jksRecoverKey(encKey []byte, password, alias string) ([]byte, error) {
	var info encryptedPrivateKeyInfo
	if err := unmarshalDER(encKey, &info); err != nil {
		return nil, formatError("key entry %q: %v", alias, err)
	}
	if !info.Algorithm.Algorithm.Equal(oidJKSKeyProtector) {
		return nil, unsupportedError("key entry %q: protection algorithm %s", alias, info.Algorithm.Algorithm)
	}
	d := info.Data
	if len(d) < 2*sha1.Size {
		return nil, formatError("key entry %q: encrypted key too short", alias)
	}
	salt, enc, check := d[:sha1.Size], d[sha1.Size:len(d)-sha1.Size], d[len(d)-sha1.Size:]
	pw := utf16BE(password)
	plain := make([]byte, len(enc))
	stream := salt
	for off := 0; off < len(enc); off += sha1.Size {
		h := sha1.New()
		h.Write(pw)
		h.Write(stream)
		stream = h.Sum(nil)
		for i := 0; i < sha1.Size && off+i < len(enc); i++ {
			plain[off+i] = enc[off+i] ^ stream[i]
		}
	}
	h := sha1.New()
	h.Write(pw)
	h.Write(plain)
	if subtle.ConstantTimeCompare(h.Sum(nil), check) != 1 {
		return nil, keyRecoveryError(alias)
	}
	return plain, nil
}

// parseJavaChain parses an entry's certificates; a key entry needs at least one.
func parseJavaChain(e javaStoreEntry) ([]*x509.Certificate, error) {
	if len(e.certs) == 0 {
		return nil, formatError("entry %q has no certificate", e.alias)
	}
	chain := make([]*x509.Certificate, 0, len(e.certs))
	for _, der := range e.certs {
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, formatError("entry %q: bad certificate: %v", e.alias, err)
		}
		chain = append(chain, c)
	}
	return chain, nil
}

// newKeyEntry parses a PKCS#8 key and checks it against the chain's leaf.
func newKeyEntry(alias string, pkcs8 []byte, chain []*x509.Certificate) (Entry, error) {
	key, err := x509.ParsePKCS8PrivateKey(pkcs8)
	if err != nil {
		return Entry{}, unsupportedError("key entry %q: %v", alias, err)
	}
	signer, err := asSigner(key, alias)
	if err != nil {
		return Entry{}, err
	}
	if !publicKeyMatches(chain[0], key) {
		return Entry{}, formatError("key entry %q: the private key does not match its certificate", alias)
	}
	return Entry{Alias: alias, PrivateKey: signer, Chain: chain}, nil
}
