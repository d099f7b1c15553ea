// Package keystore decodes Java key stores and trust stores (JKS, JCEKS,
// PKCS#12, and PEM files) the way Java's KeyStore loads them, for Go
// programs that are handed the stores of a Java service: a client
// certificate for MySQL or Kafka, or the CAs a Java service trusts.
//
// The format is detected from the bytes. A declared type (WithType) is a
// hint, as with Java's keystore.type.compat: JKS and PKCS12 load each
// other, JCEKS loads JKS too, and a PEM file loads under any type.
//
// Decode applies key store rules: one password opens the store and
// recovers every private key, and "" is the empty password. DecodeTrustStore
// applies trust store rules: without a password a JKS or JCEKS store loads
// without its integrity check and an encrypted PKCS#12 store loads only
// what is not encrypted, as Java's load(in, null) does.
//
// Input is bounded: stores over 1 MiB (WithMaxSize), key derivations over
// 5,000,000 iterations or over 10,000,000 hash iterations for the whole
// file, chains over 10 certificates or needing over 500 signature checks,
// and structures that claim more than the bytes hold are refused with
// ErrLimit or ErrFormat before the work or a large allocation is done.
package keystore

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"hash"
	"slices"
	"strings"
)

// KeyStore is a decoded key store or trust store.
type KeyStore struct {
	// Format is the format detected from the bytes: "JKS", "JCEKS",
	// "PKCS12" or "PEM".
	Format string
	// Entries are the store's private key entries and trusted certificate
	// entries, in store order (JKS and JCEKS: file order).
	Entries []Entry
}

// Entry is one entry of a KeyStore: a private key with its certificate
// chain, or a trusted certificate.
type Entry struct {
	// Alias names the entry. PKCS#12 entries without a friendly name are
	// named "key-N" or "cert-N", PEM entries after the certificate's
	// common name.
	Alias string
	// PrivateKey is the entry's key; nil for a trusted certificate entry.
	// Trust stores hold no keys: the certificate of a key entry is trusted.
	PrivateKey crypto.Signer
	// Chain is the key's chain, leaf first, or the one trusted certificate.
	Chain []*x509.Certificate
}

// Trusted reports whether e is a trusted certificate entry.
func (e Entry) Trusted() bool { return e.PrivateKey == nil }

// Option changes how a store is decoded.
type Option func(*options)

type options struct {
	declared      string // the declared type, when hasType
	hasType       bool
	maxSize       int
	maxIterations int   // per key derivation
	kdfBudget     int64 // hash iterations per file, all derivations together
}

// DefaultMaxSize is the largest store decoded without WithMaxSize.
const DefaultMaxSize = 1 << 20

// maxIterations is the largest iteration count of one key derivation, as
// in Java (which refuses more than 5,000,000).
const maxIterations = 5_000_000

// kdfBudget bounds the key-derivation work of one file, in hash iterations:
// a derivation costs its iteration count times the hash chains it runs
// (PBKDF2 iterations count two, for HMAC's two hashes; SHA-384 and SHA-512
// count double). Real stores need far less: keytool's JCEKS keys 400,000
// each, a JDK 8 keytool PKCS#12 about 350,000 plus 150,000 a key, keytool
// 17 about 50,000, OpenSSL and cert-manager about 10,000. The budget holds
// one derivation at Java's 5,000,000-iteration limit, 25 keytool JCEKS
// keys, and caps what a hostile file costs at about one second.
const kdfBudget = 10_000_000

// WithType declares the store type, as the type given to Java's
// KeyStore.getInstance: "JKS", "PKCS12", "JCEKS" or "PEM", in any case;
// "" means JKS, Java's default. The detected format must be one the type
// loads. Without WithType every format loads. Other names fail with
// ErrUnknownType.
func WithType(storeType string) Option {
	return func(o *options) { o.declared, o.hasType = storeType, true }
}

// WithMaxSize refuses stores larger than n bytes (default DefaultMaxSize)
// with ErrLimit.
func WithMaxSize(n int) Option { return func(o *options) { o.maxSize = n } }

// Decode decodes data as a key store opened with password: every private
// key is recovered with it. It fails with ErrIncorrectPassword when the
// password does not pass the store's integrity check or does not decrypt a
// key, and with ErrFormat, ErrUnsupported, ErrUnknownType or ErrLimit for
// bad input.
func Decode(data []byte, password string, opts ...Option) (*KeyStore, error) {
	return decode(data, password, false, opts)
}

// DecodeTrustStore decodes data as a trust store: every certificate it
// holds (trusted entries, and the certificate of each key entry) becomes a
// trusted entry; no private key is decrypted. With password "" the
// integrity check is skipped and encrypted PKCS#12 contents are left out,
// as Java does for a trust store opened without a password; with a password
// it must be right.
func DecodeTrustStore(data []byte, password string, opts ...Option) (*KeyStore, error) {
	return decode(data, password, true, opts)
}

// Store formats as detected from the bytes.
const (
	formatJKS    = "JKS"
	formatJCEKS  = "JCEKS"
	formatPKCS12 = "PKCS12"
	formatPEM    = "PEM"
)

// Per-file bounds on chain building, so that its cost stays linear in the
// file: real stores need a few checks per key (chains of 2 to 5).
const (
	// maxChainLength is the longest chain built for a key, Java's default
	// jdk.tls.maxCertificateChainLength.
	maxChainLength = 10
	// maxSignatureChecks bounds the certificate signature checks of one
	// file (each candidate issuer costs one).
	maxSignatureChecks = 500
)

// decoder holds what one decode needs: the password, the role's rules, the
// bounds, and the work spent so far.
type decoder struct {
	password string
	trust    bool // trust store rules
	opts     options

	sigChecks int   // certificate signature checks performed
	kdfWork   int64 // key-derivation work spent, in hash iterations

	list *Listing // List's result in progress; nil for Decode and DecodeTrustStore
}

func newDecoder(password string, trust bool, opts []Option) *decoder {
	d := &decoder{password: password, trust: trust, opts: options{maxSize: DefaultMaxSize, maxIterations: maxIterations, kdfBudget: kdfBudget}}
	for _, opt := range opts {
		if opt != nil {
			opt(&d.opts)
		}
	}
	return d
}

func decode(data []byte, password string, trust bool, opts []Option) (*KeyStore, error) {
	return newDecoder(password, trust, opts).decode(data)
}

func (d *decoder) decode(data []byte) (*KeyStore, error) {
	o := d.opts
	if len(data) > o.maxSize {
		return nil, limitError("the store is larger than the %d-byte limit", o.maxSize)
	}
	typ := ""
	if o.hasType {
		var err error
		if typ, err = normalizeType(o.declared); err != nil {
			return nil, err
		}
	}
	if len(data) == 0 {
		return nil, formatError("the store is empty (0 bytes)")
	}
	format := detectFormat(data)
	if format == "" {
		return nil, formatError("Invalid keystore format: not JKS, JCEKS, PKCS#12 or PEM")
	}
	if typ != "" && !typeLoads(typ, format) {
		return nil, formatError("Invalid keystore format: the file is %s, which type %s does not load (use type %s)", format, typ, format)
	}
	switch format {
	case formatJKS:
		return d.decodeJKS(data)
	case formatJCEKS:
		return d.decodeJCEKS(data)
	case formatPKCS12:
		return d.decodePKCS12(data)
	}
	return d.decodePEM(data)
}

// normalizeType maps a declared type to a known name: "" means JKS, names
// are case-insensitive, anything else (p12, PKCS#12) is refused.
func normalizeType(declared string) (string, error) {
	t := strings.ToUpper(strings.TrimSpace(declared))
	switch t {
	case "":
		return formatJKS, nil
	case formatJKS, formatJCEKS, formatPKCS12, formatPEM:
		return t, nil
	}
	return "", newError(ErrUnknownType, "unknown key store type %q (KeyStore type not found; use JKS, PKCS12, JCEKS or PEM)", declared)
}

// detectFormat names the format of data from its first bytes, or "".
func detectFormat(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFE, 0xED, 0xFE, 0xED}):
		return formatJKS
	case bytes.HasPrefix(data, []byte{0xCE, 0xCE, 0xCE, 0xCE}):
		return formatJCEKS
	case len(data) > 0 && data[0] == 0x30:
		return formatPKCS12
	case bytes.Contains(data[:min(len(data), 4096)], []byte("-----BEGIN ")):
		return formatPEM
	}
	return ""
}

// typeLoads reports whether Java (keystore.type.compat=true) loads a file of
// format with the declared type; PEM loads under any type (a Go extension).
func typeLoads(declared, format string) bool {
	switch {
	case format == formatPEM || declared == format:
		return true
	case declared == formatJKS:
		return format == formatPKCS12
	case declared == formatPKCS12:
		return format == formatJKS
	case declared == formatJCEKS:
		return format == formatJKS
	}
	return false
}

// spendKDF accounts for one key derivation of iterations rounds, each
// running chains hash chains of the given weight (see kdfWork), before it
// runs. It refuses an iteration count below 1 (ErrFormat), over the
// per-derivation limit, or one that would take the file past its budget
// (ErrLimit); what names the derivation.
func (d *decoder) spendKDF(what string, iterations, chains, weight int) error {
	switch {
	case iterations < 1:
		return formatError("%s iteration count %d is not positive", what, iterations)
	case iterations > d.opts.maxIterations:
		return limitError("%s iteration count %d is over the limit of %d per key derivation", what, iterations, d.opts.maxIterations)
	}
	work := int64(iterations) * int64(chains) * int64(weight)
	if d.kdfWork+work > d.opts.kdfBudget {
		return limitError("%s: the store's key derivations need more than the budget of %d hash iterations per file", what, d.opts.kdfBudget)
	}
	d.kdfWork += work
	return nil
}

// hashWeight is the cost of one iteration of h relative to SHA-1: the
// SHA-384/512 family hashes 128-byte blocks.
func hashWeight(h func() hash.Hash) int {
	return max(1, h().BlockSize()/64)
}

// chainsFor is how many hash chains a derivation of size bytes from a hash
// of hashSize bytes runs.
func chainsFor(size, hashSize int) int { return max(1, (size+hashSize-1)/hashSize) }

// asSigner checks that a decoded key can sign TLS handshakes.
func asSigner(key any, alias string) (crypto.Signer, error) {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		return k, nil
	case *ecdsa.PrivateKey:
		return k, nil
	case ed25519.PrivateKey:
		return k, nil
	}
	return nil, unsupportedError("private key %s has an unsupported type %T", quoteAlias(alias), key)
}

// publicKeyMatches reports whether cert carries the public half of key.
func publicKeyMatches(cert *x509.Certificate, key any) bool {
	s, ok := key.(crypto.Signer)
	if !ok || cert == nil {
		return false
	}
	pub, ok := s.Public().(interface{ Equal(crypto.PublicKey) bool })
	return ok && pub.Equal(cert.PublicKey)
}

// publicKeyID is the DER SubjectPublicKeyInfo of a public key (or of a
// private key's public half), "" if it has none: equal keys have equal IDs.
func publicKeyID(key any) string {
	if s, ok := key.(crypto.Signer); ok {
		key = s.Public()
	}
	der, err := x509.MarshalPKIXPublicKey(key)
	if err != nil {
		return ""
	}
	return string(der)
}

// leafIndex finds the certificate carrying a key's public half: by the
// certificates' SubjectPublicKeyInfo as written, and, for a certificate
// that writes it in a non-canonical form, by its re-encoding (built once,
// on the first miss). The first certificate carrying a key wins.
type leafIndex struct {
	certs     []*x509.Certificate
	raw       map[string]int
	canonical map[string]int
}

func newLeafIndex(certs []*x509.Certificate) *leafIndex {
	ix := &leafIndex{certs: certs, raw: make(map[string]int, len(certs))}
	for i, c := range certs {
		if _, ok := ix.raw[string(c.RawSubjectPublicKeyInfo)]; !ok {
			ix.raw[string(c.RawSubjectPublicKeyInfo)] = i
		}
	}
	return ix
}

// find returns the index of the certificate for key, or false.
func (ix *leafIndex) find(key any) (int, bool) {
	id := publicKeyID(key)
	if id == "" {
		return -1, false
	}
	if i, ok := ix.raw[id]; ok {
		return i, true
	}
	if ix.canonical == nil {
		ix.canonical = make(map[string]int, len(ix.certs))
		for i, c := range ix.certs {
			if cid := publicKeyID(c.PublicKey); cid != "" {
				if _, ok := ix.canonical[cid]; !ok {
					ix.canonical[cid] = i
				}
			}
		}
	}
	i, ok := ix.canonical[id]
	return i, ok
}

// chainBuilder builds key chains from one file's certificates as Java's
// PKCS12 loader does: follow issuer names, check signatures, stop at a
// self-signed certificate or a loop. Candidates are indexed by subject, each
// certificate's issuer is searched once per file, and signature checks count
// against the file's limit, so the cost stays linear in the file.
type chainBuilder struct {
	d         *decoder
	pool      []*x509.Certificate
	bySubject map[string][]int
	issuer    map[int]int // certificate index → issuer index, -1 for none
	chains    map[int][]*x509.Certificate
}

// newChainBuilder indexes pool; identical certificates count once.
func newChainBuilder(d *decoder, pool []*x509.Certificate) *chainBuilder {
	b := &chainBuilder{d: d, pool: pool, bySubject: map[string][]int{}, issuer: map[int]int{}, chains: map[int][]*x509.Certificate{}}
	seen := map[string]bool{}
	for i, c := range pool {
		if seen[string(c.Raw)] {
			continue
		}
		seen[string(c.Raw)] = true
		b.bySubject[string(c.RawSubject)] = append(b.bySubject[string(c.RawSubject)], i)
	}
	return b
}

// chain returns pool[leaf] followed by its issuers, or an ErrLimit error
// when the chain grows past maxChainLength or the file's signature checks
// run out. The slice is the caller's.
func (b *chainBuilder) chain(leaf int) ([]*x509.Certificate, error) {
	if c, ok := b.chains[leaf]; ok {
		return slices.Clone(c), nil
	}
	idx := []int{leaf}
	chain := []*x509.Certificate{b.pool[leaf]}
	for cur := leaf; ; {
		next, err := b.issuerOf(cur)
		if err != nil {
			return nil, err
		}
		if next < 0 || slices.Contains(idx, next) {
			break
		}
		if len(chain) == maxChainLength {
			return nil, limitError("the certificate chain of %q is longer than %d certificates", b.pool[leaf].Subject.CommonName, maxChainLength)
		}
		idx = append(idx, next)
		chain = append(chain, b.pool[next])
		cur = next
	}
	b.chains[leaf] = chain
	return slices.Clone(chain), nil
}

// issuerOf returns the index of the certificate that signed pool[i], or -1
// (self-signed, or no candidate verifies). A candidate whose subject key ID
// differs from the child's authority key ID is not its issuer.
func (b *chainBuilder) issuerOf(i int) (int, error) {
	if j, ok := b.issuer[i]; ok {
		return j, nil
	}
	cur := b.pool[i]
	found := -1
	if !bytes.Equal(cur.RawIssuer, cur.RawSubject) {
		for _, j := range b.bySubject[string(cur.RawIssuer)] {
			c := b.pool[j]
			if j == i || len(cur.AuthorityKeyId) > 0 && len(c.SubjectKeyId) > 0 && !bytes.Equal(cur.AuthorityKeyId, c.SubjectKeyId) {
				continue
			}
			if b.d.sigChecks == maxSignatureChecks {
				return -1, limitError("building certificate chains needs more than %d signature checks (too many candidate issuers with the same name)", maxSignatureChecks)
			}
			b.d.sigChecks++
			if cur.CheckSignatureFrom(c) == nil {
				found = j
				break
			}
		}
	}
	b.issuer[i] = found
	return found, nil
}
