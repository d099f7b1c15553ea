// This file implements "jdbcmysql inspect": a store as keytool -list -v and
// openssl pkcs12 -info show it, whether a connection loads it, the key a
// connection would send (and what decides it), checks against a trust
// store, and warnings. Every rule it reports is the library's.

package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/asn1"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/jdbcmysql/jdbcmysql"
	"github.com/jdbcmysql/jdbcmysql/keystore"
)

// soonDays is how close to expiry a certificate gets a warning.
const soonDays = 30

type certReport struct {
	Subject            string    `json:"subject"`
	Issuer             string    `json:"issuer"`
	MySQLSubject       string    `json:"mysqlSubject"` // as REQUIRE SUBJECT compares it
	MySQLIssuer        string    `json:"mysqlIssuer"`
	Serial             string    `json:"serial"`
	DNSNames           []string  `json:"dnsNames,omitempty"`
	IPAddresses        []string  `json:"ipAddresses,omitempty"`
	NotBefore          time.Time `json:"notBefore"`
	NotAfter           time.Time `json:"notAfter"`
	DaysLeft           int       `json:"daysLeft"`
	Status             string    `json:"status"` // valid, expires-soon, expired, not-yet-valid
	KeyAlg             string    `json:"keyAlgorithm"`
	KeyBits            int       `json:"keyBits"`
	SignatureAlgorithm string    `json:"signatureAlgorithm"`
	Version            int       `json:"version"`
	IsCA               bool      `json:"isCA"`
	BasicConstraints   string    `json:"basicConstraints,omitempty"` // "CA:true, pathlen:0"; "" when absent
	KeyUsage           []string  `json:"keyUsage,omitempty"`
	ExtKeyUsage        []string  `json:"extKeyUsage,omitempty"`
	SHA1               string    `json:"sha1"`
	SHA256             string    `json:"sha256"`
}

type protectionReport struct {
	Algorithm  string `json:"algorithm"`
	Iterations int    `json:"iterations,omitempty"`
	Legacy     string `json:"legacy,omitempty"`
}

type entryReport struct {
	Alias      string            `json:"alias"`
	Type       string            `json:"type"` // PrivateKeyEntry, trustedCertEntry or SecretKeyEntry
	Created    *time.Time        `json:"created,omitempty"`
	KeyAlg     string            `json:"keyAlgorithm,omitempty"`
	KeyBits    int               `json:"keyBits,omitempty"`
	KeyError   string            `json:"keyError,omitempty"` // why the store password does not recover the key
	Protection *protectionReport `json:"protection,omitempty"`
	Chain      []certReport      `json:"chain,omitempty"`
	// Problems are what a server would refuse in this key's certificate
	// (validity, extended key usage, and, with --trust, the chain).
	Problems []string `json:"problems,omitempty"`
	// SentWhenCAs are the CA names (its chain's issuers) a server's
	// certificate request must list for this key to be sent without an
	// alias; NeedsAlias is set when no list selects it (an earlier key
	// entry has the same CAs).
	SentWhenCAs []string `json:"sentWhenCAs,omitempty"`
	NeedsAlias  bool     `json:"needsAlias,omitempty"`
	// Trusted is set with --trust: whether the chain verifies against it.
	Trusted     *bool  `json:"trusted,omitempty"`
	TrustReason string `json:"trustReason,omitempty"`
}

// connectionReport says whether a connection loads the store, in the role
// its entries suggest.
type connectionReport struct {
	Role     string `json:"role"`     // "client key store" or "trust store"
	TypeUsed string `json:"typeUsed"` // the type property's value ("" for Connector/J's default, JKS)
	Loads    bool   `json:"loads"`
	Error    string `json:"error,omitempty"`
	// LoadsWithType is set when the store fails with the type given but
	// loads when the type property names its format.
	LoadsWithType string `json:"loadsWithType,omitempty"`
}

// keySentReport says which key a connection sends and what decides it.
type keySentReport struct {
	Rule string `json:"rule"`
	// Alias is the alias asked for (--alias); it decides alone.
	Alias string `json:"alias,omitempty"`
	// NoCAList is the key sent to a server whose certificate request names
	// no CA (MariaDB names none); TrustCAList the key sent to a server that
	// names the --trust store's CAs (MySQL names its ssl_ca). "" for none.
	NoCAList    string `json:"noCAList"`
	TrustCAList string `json:"trustCAList,omitempty"`
	// TrustCAs are the CA names such a server lists (the --trust store's
	// subjects); empty without --trust.
	TrustCAs []string `json:"trustCAs,omitempty"`
	// Unknown says why no key can be named (the connection refuses the store).
	Unknown string `json:"unknown,omitempty"`
}

type inspectReport struct {
	Store          string             `json:"store"`
	DeclaredType   string             `json:"declaredType,omitempty"` // --type as given; "" when none was given
	DetectedFormat string             `json:"detectedFormat"`
	Integrity      *protectionReport  `json:"integrity,omitempty"`
	Verified       bool               `json:"verified"` // the integrity check passed with the password
	Encryption     []protectionReport `json:"encryption,omitempty"`
	Unread         string             `json:"unread,omitempty"`
	Entries        []entryReport      `json:"entries"`
	Connection     connectionReport   `json:"connection"`
	KeySent        *keySentReport     `json:"keySent,omitempty"`
	Warnings       []string           `json:"warnings,omitempty"`
}

// inspectInput is what runInspect read through the library.
type inspectInput struct {
	location, declared string
	listing            *keystore.Listing
	// conn is the store as a connection loads it (connErr why not), in
	// connRole, with connType as the type property; retype is the detected
	// format when only that type loads it, and retyped the store then.
	conn     *keystore.KeyStore
	connErr  error
	connRole string
	retype   string
	retyped  *keystore.KeyStore
	trust    *keystore.KeyStore // --trust, read as a connection reads a trust store
	alias    string
	now      time.Time
}

func runInspect(args []string, env *environment) error {
	fs := newFlagSet(env, "inspect", "inspect [--type T] [--password-env VAR | --password-file F] [--trust STORE] [--alias A] [--json] STORE",
		"MYPW=mypassword jdbcmysql inspect --password-env MYPW --trust file:truststore.jks file:/etc/mysql/keystore")
	storeType := fs.String("type", "", "store type as the connection declares it (JKS, PKCS12, JCEKS, PEM); unset: detected, as keytool does, and checked against Connector/J's default JKS")
	var pw, trustPW secretFlags
	pw.register(fs, "password", "store password")
	trust := fs.String("trust", "", "the server's CA as a trust store: check each chain against it and name the key a server listing its CAs is sent")
	trustType := fs.String("trust-type", "", "declared type of the --trust store")
	trustPW.register(fs, "trust-password", "trust store password (none: read without integrity check, as Java does)")
	alias := fs.String("alias", "", "the alias a connection would select (jdbcmysql.clientCertificateKeyStoreAlias)")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseOneArgument(fs, args, "STORE")
	if err != nil {
		return err
	}
	password, _, err := pw.read(env, true)
	if err != nil {
		return err
	}
	ctx := context.Background()
	in := inspectInput{location: pos[0], declared: *storeType, alias: *alias, now: time.Now()}
	if in.listing, err = jdbcmysql.ListStore(ctx, pos[0], *storeType, password); err != nil {
		return badInput(err)
	}
	openRole := jdbcmysql.OpenKeyStore
	in.connRole = "client key store"
	if !hasKeyEntry(in.listing) {
		openRole, in.connRole = jdbcmysql.OpenTrustStore, "trust store"
	}
	in.conn, in.connErr = openRole(ctx, pos[0], *storeType, password)
	if in.connErr != nil && *storeType == "" && in.listing.Format != "JKS" {
		if ks, err := openRole(ctx, pos[0], in.listing.Format, password); err == nil {
			in.retype, in.retyped = in.listing.Format, ks
		}
	}
	if *trust != "" {
		tpw, _, err := trustPW.read(env, false)
		if err != nil {
			return err
		}
		if in.trust, err = jdbcmysql.OpenTrustStore(ctx, *trust, *trustType, tpw); err != nil {
			return badInput(err)
		}
	}
	rep := inspectStore(in)
	if *asJSON {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printInspect(env.stdout, rep)
	return nil
}

func hasKeyEntry(l *keystore.Listing) bool {
	for _, e := range l.Entries {
		if e.Type == keystore.PrivateKeyEntry {
			return true
		}
	}
	return false
}

// inspectStore describes what runInspect read.
func inspectStore(in inspectInput) *inspectReport {
	l := in.listing
	rep := &inspectReport{Store: jdbcmysql.RedactLocation(in.location), DeclaredType: in.declared, DetectedFormat: l.Format, Verified: l.Verified, Unread: l.Unread}
	rep.describeProtection(l)
	for _, e := range l.Entries {
		rep.Entries = append(rep.Entries, rep.describeEntry(in, e))
	}
	rep.describeConnection(in)
	if in.connRole == "client key store" {
		rep.KeySent = keySent(in, rep)
		if sent := rep.KeySent.NoCAList; sent != "" {
			for _, er := range rep.Entries {
				if strings.EqualFold(er.Alias, sent) {
					for _, p := range er.Problems {
						rep.warn("the key sent (%q): %s", sent, p)
					}
				}
			}
		}
	}
	return rep
}

func (rep *inspectReport) warn(format string, a ...any) {
	rep.Warnings = append(rep.Warnings, fmt.Sprintf(format, a...))
}

// describeProtection reports the store's integrity check and encryption,
// with warnings for an unverified store and legacy algorithms.
func (rep *inspectReport) describeProtection(l *keystore.Listing) {
	if l.Integrity != nil {
		rep.Integrity = protection(l.Integrity)
		if !l.Verified {
			rep.warn("the integrity of the store was NOT verified: no password was given (keytool warns the same)")
		}
	}
	for i := range l.Encryption {
		p := protection(&l.Encryption[i])
		rep.Encryption = append(rep.Encryption, *p)
		if p.Legacy != "" {
			rep.warn("the store's certificates are encrypted with %s: %s; re-create the store without -legacy", p.Algorithm, p.Legacy)
		}
	}
	if l.Unread != "" {
		rep.warn("not read without the password: %s", l.Unread)
	}
}

// describeEntry reports one entry: its key, protection and chain, what a
// server would refuse in it and, with --trust, whether it verifies.
func (rep *inspectReport) describeEntry(in inspectInput, e keystore.ListedEntry) entryReport {
	er := entryReport{Alias: e.Alias, Type: e.Type, Protection: protection(e.Protection)}
	if !e.Created.IsZero() {
		t := e.Created
		er.Created = &t
	}
	if e.PrivateKey != nil {
		er.KeyAlg, er.KeyBits = keyInfo(e.PrivateKey.Public())
	}
	if e.KeyError != nil {
		er.KeyError = e.KeyError.Error()
		if in.connErr == nil {
			rep.warn("entry %q: the key is not recovered with the store password: %s", e.Alias, er.KeyError)
		}
	}
	if er.Protection != nil && er.Protection.Legacy != "" {
		rep.warn("entry %q: its key is protected with %s: %s", e.Alias, er.Protection.Algorithm, er.Protection.Legacy)
	}
	for i, c := range e.Chain {
		cr := describeCert(c, in.now)
		er.Chain = append(er.Chain, cr)
		where := fmt.Sprintf("entry %q certificate[%d] (%s)", e.Alias, i+1, cr.Subject)
		switch cr.Status {
		case "expired":
			rep.warn("%s has expired on %s", where, cr.NotAfter.Format(time.DateOnly))
		case "not-yet-valid":
			rep.warn("%s is not valid before %s", where, cr.NotBefore.Format(time.DateOnly))
		case "expires-soon":
			rep.warn("%s expires in %d days", where, cr.DaysLeft)
		}
	}
	isKey := e.Type == keystore.PrivateKeyEntry
	if len(e.Chain) == 0 || (!isKey && in.trust == nil) {
		return er
	}
	err := jdbcmysql.CheckClientCertificate(e.Chain, in.trust, in.now)
	if isKey {
		er.Problems = problemList(err)
	}
	if in.trust != nil {
		ok := !hasCheck(err, "chain")
		er.Trusted = &ok
		if !ok {
			er.TrustReason = checkMessage(err, "chain")
		}
	}
	return er
}

// describeConnection reports whether a connection loads the store in its
// role, and the type property that would make it.
func (rep *inspectReport) describeConnection(in inspectInput) {
	rep.Connection = connectionReport{Role: in.connRole, TypeUsed: in.declared, Loads: in.connErr == nil}
	if in.connErr == nil {
		return
	}
	rep.Connection.Error = in.connErr.Error()
	rep.Connection.LoadsWithType = in.retype
	prop := "clientCertificateKeyStoreType"
	if in.connRole == "trust store" {
		prop = "trustCertificateKeyStoreType"
	}
	if in.retype != "" {
		rep.warn("a connection refuses this store with %s unset (Connector/J's default JKS); set %s=%s", prop, prop, in.retype)
	} else {
		rep.warn("a connection refuses this store as a %s: %v", in.connRole, in.connErr)
	}
}

// keySent applies the library's rule (jdbcmysql.ChooseClientAlias) to the
// store as a connection loads it.
func keySent(in inspectInput, rep *inspectReport) *keySentReport {
	ks := cmpOrStore(in.conn, in.retyped)
	r := &keySentReport{Alias: in.alias, Rule: "jdbcmysql.clientCertificateKeyStoreAlias when set; else the first key entry, in store order, whose chain " +
		"reaches a CA the server's certificate request names and whose key suits its signature algorithms; " +
		"a server that names no CA (MariaDB names none) is sent the first key entry"}
	if ks == nil {
		r.Unknown = "a connection cannot load this store (see the warning)"
		return r
	}
	var err error
	if r.NoCAList, err = jdbcmysql.ChooseClientAlias(ks, nil, in.alias); err != nil {
		r.Unknown = err.Error()
		rep.Warnings = append(rep.Warnings, err.Error())
		return r
	}
	if in.alias != "" {
		return r
	}
	if in.trust != nil {
		var subjects [][]byte
		for _, e := range in.trust.Entries {
			for _, c := range e.Chain {
				subjects = append(subjects, c.RawSubject)
				r.TrustCAs = append(r.TrustCAs, c.Subject.String())
			}
		}
		r.TrustCAList, _ = jdbcmysql.ChooseClientAlias(ks, certificateRequest(subjects), "")
	}
	// For each key, the CA list that selects it: its chain's issuers.
	for i := range rep.Entries {
		er := &rep.Entries[i]
		e := entryOf(ks, er.Alias)
		if e == nil {
			continue
		}
		var issuers [][]byte
		for _, c := range e.Chain {
			issuers = append(issuers, c.RawIssuer)
			if !slices.Contains(er.SentWhenCAs, c.Issuer.String()) {
				er.SentWhenCAs = append(er.SentWhenCAs, c.Issuer.String())
			}
		}
		if got, _ := jdbcmysql.ChooseClientAlias(ks, certificateRequest(issuers), ""); got != e.Alias {
			er.SentWhenCAs, er.NeedsAlias = nil, true
		}
	}
	return r
}

func cmpOrStore(a, b *keystore.KeyStore) *keystore.KeyStore {
	if a != nil {
		return a
	}
	return b
}

func entryOf(ks *keystore.KeyStore, alias string) *keystore.Entry {
	for i, e := range ks.Entries {
		if e.Alias == alias && !e.Trusted() {
			return &ks.Entries[i]
		}
	}
	return nil
}

// certificateRequest is the certificate request of a TLS 1.3 server that
// names cas (DER subjects) as acceptable and takes every signature scheme
// Go offers.
func certificateRequest(cas [][]byte) *tls.CertificateRequestInfo {
	return &tls.CertificateRequestInfo{Version: tls.VersionTLS13, AcceptableCAs: cas, SignatureSchemes: []tls.SignatureScheme{
		tls.ECDSAWithP256AndSHA256, tls.ECDSAWithP384AndSHA384, tls.ECDSAWithP521AndSHA512, tls.Ed25519,
		tls.PSSWithSHA256, tls.PSSWithSHA384, tls.PSSWithSHA512, tls.PKCS1WithSHA256, tls.PKCS1WithSHA384, tls.PKCS1WithSHA512}}
}

// problemList lists the *ClientCertificateErrors in err.
func problemList(err error) []string {
	var out []string
	for _, e := range clientCertificateErrors(err) {
		out = append(out, e.Msg)
	}
	return out
}

func clientCertificateErrors(err error) []*jdbcmysql.ClientCertificateError {
	var out []*jdbcmysql.ClientCertificateError
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			out = append(out, clientCertificateErrors(e)...)
		}
		return out
	}
	var ce *jdbcmysql.ClientCertificateError
	if errors.As(err, &ce) {
		out = append(out, ce)
	}
	return out
}

func hasCheck(err error, check string) bool { return checkMessage(err, check) != "" }

func checkMessage(err error, check string) string {
	for _, e := range clientCertificateErrors(err) {
		if e.Check == check {
			return e.Msg
		}
	}
	return ""
}

func protection(p *keystore.Protection) *protectionReport {
	if p == nil {
		return nil
	}
	return &protectionReport{Algorithm: p.Algorithm, Iterations: p.Iterations, Legacy: p.Legacy}
}

func describeCert(c *x509.Certificate, now time.Time) certReport {
	s1, s256 := sha1.Sum(c.Raw), sha256.Sum256(c.Raw)
	cr := certReport{
		Subject:            c.Subject.String(),
		Issuer:             c.Issuer.String(),
		MySQLSubject:       jdbcmysql.MySQLDN(c.Subject),
		MySQLIssuer:        jdbcmysql.MySQLDN(c.Issuer),
		Serial:             c.SerialNumber.Text(16),
		DNSNames:           c.DNSNames,
		NotBefore:          c.NotBefore.UTC(),
		NotAfter:           c.NotAfter.UTC(),
		DaysLeft:           int(c.NotAfter.Sub(now).Hours() / 24),
		SignatureAlgorithm: c.SignatureAlgorithm.String(),
		Version:            c.Version,
		IsCA:               c.IsCA,
		KeyUsage:           keyUsageNames(c.KeyUsage),
		ExtKeyUsage:        extKeyUsageNames(c),
		SHA1:               fingerprint(s1[:]),
		SHA256:             fingerprint(s256[:]),
	}
	if c.BasicConstraintsValid {
		cr.BasicConstraints = fmt.Sprintf("CA:%t", c.IsCA)
		if c.IsCA && (c.MaxPathLen > 0 || c.MaxPathLenZero) {
			cr.BasicConstraints += fmt.Sprintf(", pathlen:%d", c.MaxPathLen)
		}
	}
	for _, ip := range c.IPAddresses {
		cr.IPAddresses = append(cr.IPAddresses, ip.String())
	}
	cr.KeyAlg, cr.KeyBits = keyInfo(c.PublicKey)
	switch {
	case now.Before(c.NotBefore):
		cr.Status = "not-yet-valid"
	case now.After(c.NotAfter):
		cr.Status = "expired"
	case cr.DaysLeft < soonDays:
		cr.Status = "expires-soon"
	default:
		cr.Status = "valid"
	}
	return cr
}

// fingerprint writes a digest as keytool does: upper-case hex pairs and colons.
func fingerprint(sum []byte) string {
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(parts, ":")
}

// keyUsageNames names the key usage bits as RFC 5280 does.
func keyUsageNames(ku x509.KeyUsage) []string {
	names := []string{"digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
		"keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"}
	var out []string
	for i, n := range names {
		if ku&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// extKeyUsageNames names the extended key usages as RFC 5280 does; unknown
// ones print as OIDs.
func extKeyUsageNames(c *x509.Certificate) []string {
	names := map[x509.ExtKeyUsage]string{x509.ExtKeyUsageAny: "anyExtendedKeyUsage", x509.ExtKeyUsageServerAuth: "serverAuth",
		x509.ExtKeyUsageClientAuth: "clientAuth", x509.ExtKeyUsageCodeSigning: "codeSigning", x509.ExtKeyUsageEmailProtection: "emailProtection",
		x509.ExtKeyUsageTimeStamping: "timeStamping", x509.ExtKeyUsageOCSPSigning: "OCSPSigning"}
	var out []string
	for _, u := range c.ExtKeyUsage {
		n, ok := names[u]
		if !ok {
			n = fmt.Sprintf("usage %d", u)
		}
		out = append(out, n)
	}
	for _, oid := range c.UnknownExtKeyUsage {
		out = append(out, asn1.ObjectIdentifier(oid).String())
	}
	return out
}

// keyInfo names a public key's algorithm and size.
func keyInfo(pub any) (string, int) {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return "RSA", k.N.BitLen()
	case *ecdsa.PublicKey:
		return "EC " + k.Curve.Params().Name, k.Curve.Params().BitSize
	case ed25519.PublicKey:
		return "Ed25519", 256
	}
	return fmt.Sprintf("%T", pub), 0
}

func printInspect(w io.Writer, rep *inspectReport) {
	printStoreHeader(w, rep)
	for i, e := range rep.Entries {
		printEntry(w, i+1, e)
	}
	fmt.Fprintln(w)
	printConnection(w, rep)
	for i, warn := range rep.Warnings {
		fmt.Fprintf(w, "WARNING %d: %s\n", i+1, warn)
	}
}

// printStoreHeader prints the store's location, type, format, protection
// and entry count.
func printStoreHeader(w io.Writer, rep *inspectReport) {
	fmt.Fprintf(w, "Store:           %s\n", rep.Store)
	if rep.DeclaredType != "" {
		fmt.Fprintf(w, "Declared type:   %s\n", rep.DeclaredType)
	} else {
		fmt.Fprintf(w, "Declared type:   none given (Connector/J's default is JKS)\n")
	}
	fmt.Fprintf(w, "Detected format: %s\n", rep.DetectedFormat)
	if p := rep.Integrity; p != nil {
		verified := "verified with the password"
		if !rep.Verified {
			verified = "NOT verified (no password)"
		}
		fmt.Fprintf(w, "Integrity:       %s, %s\n", protectionWords(p), verified)
	} else {
		fmt.Fprintf(w, "Integrity:       none (the format has no integrity check)\n")
	}
	for _, p := range rep.Encryption {
		fmt.Fprintf(w, "Encrypted data:  %s\n", protectionWords(&p))
	}
	fmt.Fprintf(w, "Entries:         %d\n", len(rep.Entries))
}

// printEntry prints entry number n as keytool -list -v does, with what
// jdbcmysql adds: trust and when the key is sent.
func printEntry(w io.Writer, n int, e entryReport) {
	fmt.Fprintf(w, "\n[%d] Alias: %s\n", n, e.Alias)
	if e.Created != nil {
		fmt.Fprintf(w, "    Creation date: %s\n", e.Created.Format(time.DateOnly))
	}
	fmt.Fprintf(w, "    Entry type: %s\n", e.Type)
	switch {
	case e.KeyAlg != "":
		fmt.Fprintf(w, "    Private key: %s %d bits\n", e.KeyAlg, e.KeyBits)
	case e.KeyError != "":
		fmt.Fprintf(w, "    Private key: NOT recovered with the store password (%s)\n", e.KeyError)
	}
	if e.Protection != nil {
		fmt.Fprintf(w, "    Key protection: %s\n", protectionWords(e.Protection))
	}
	if e.Type == keystore.SecretKeyEntry {
		return
	}
	fmt.Fprintf(w, "    Certificate chain length: %d\n", len(e.Chain))
	for j, c := range e.Chain {
		printCert(w, j+1, c)
	}
	if e.Trusted != nil {
		if *e.Trusted {
			fmt.Fprintf(w, "    Verifies against the trust store: yes\n")
		} else {
			fmt.Fprintf(w, "    Verifies against the trust store: NO (%s)\n", e.TrustReason)
		}
	}
	switch {
	case len(e.SentWhenCAs) > 0:
		fmt.Fprintf(w, "    Sent without an alias to a server whose CA list names one of: %s\n", strings.Join(e.SentWhenCAs, "; "))
	case e.NeedsAlias:
		fmt.Fprintf(w, "    Sent only with jdbcmysql.clientCertificateKeyStoreAlias=%s: an earlier key entry has the same CAs\n", e.Alias)
	}
}

// printConnection prints whether a connection loads the store and which
// key it sends.
func printConnection(w io.Writer, rep *inspectReport) {
	c := rep.Connection
	switch {
	case c.Loads:
		fmt.Fprintf(w, "A connection loads it as a %s: yes\n", c.Role)
	case c.LoadsWithType != "":
		fmt.Fprintf(w, "A connection loads it as a %s: only with the type property set to %s (%s)\n", c.Role, c.LoadsWithType, c.Error)
	default:
		fmt.Fprintf(w, "A connection loads it as a %s: NO (%s)\n", c.Role, c.Error)
	}
	k := rep.KeySent
	if k == nil {
		return
	}
	fmt.Fprintf(w, "Key sent to the server:\n  rule: %s\n", k.Rule)
	switch {
	case k.Unknown != "":
		fmt.Fprintf(w, "  none known: %s\n", k.Unknown)
	case k.Alias != "":
		fmt.Fprintf(w, "  with alias %q: %q, whatever the server names\n", k.Alias, k.NoCAList)
	default:
		fmt.Fprintf(w, "  server naming no CA (MariaDB): %s\n", aliasWords(k.NoCAList))
		if len(k.TrustCAs) > 0 {
			fmt.Fprintf(w, "  server naming the --trust store's CAs, as MySQL names its ssl_ca (%s): %s\n", strings.Join(k.TrustCAs, "; "), aliasWords(k.TrustCAList))
		}
	}
}

func aliasWords(alias string) string {
	if alias == "" {
		return "none (no key entry fits; the server is sent no certificate)"
	}
	return fmt.Sprintf("%q", alias)
}

func printCert(w io.Writer, n int, c certReport) {
	fmt.Fprintf(w, "    Certificate[%d]:\n", n)
	fmt.Fprintf(w, "      Subject:     %s\n", c.Subject)
	fmt.Fprintf(w, "      Issuer:      %s\n", c.Issuer)
	fmt.Fprintf(w, "      As MySQL:    SUBJECT '%s' ISSUER '%s'\n", c.MySQLSubject, c.MySQLIssuer)
	fmt.Fprintf(w, "      Serial:      %s\n", c.Serial)
	if len(c.DNSNames)+len(c.IPAddresses) > 0 {
		fmt.Fprintf(w, "      SANs:        %s\n", strings.Join(append(append([]string{}, c.DNSNames...), c.IPAddresses...), ", "))
	}
	fmt.Fprintf(w, "      Valid:       %s to %s (%s)\n", c.NotBefore.Format(time.DateOnly), c.NotAfter.Format(time.DateOnly), validityWords(c))
	fmt.Fprintf(w, "      Key:         %s %d bits\n", c.KeyAlg, c.KeyBits)
	fmt.Fprintf(w, "      Signature:   %s (version %d)\n", c.SignatureAlgorithm, c.Version)
	if c.BasicConstraints != "" {
		fmt.Fprintf(w, "      Basic constraints: %s\n", c.BasicConstraints)
	}
	if len(c.KeyUsage) > 0 {
		fmt.Fprintf(w, "      Key usage:   %s\n", strings.Join(c.KeyUsage, ", "))
	}
	if len(c.ExtKeyUsage) > 0 {
		fmt.Fprintf(w, "      Extended key usage: %s\n", strings.Join(c.ExtKeyUsage, ", "))
	}
	fmt.Fprintf(w, "      SHA1:        %s\n", c.SHA1)
	fmt.Fprintf(w, "      SHA256:      %s\n", c.SHA256)
}

func protectionWords(p *protectionReport) string {
	s := p.Algorithm
	if p.Iterations > 0 {
		s += fmt.Sprintf(", %d iterations", p.Iterations)
	}
	if p.Legacy != "" {
		s += " [" + p.Legacy + "]"
	}
	return s
}

func validityWords(c certReport) string {
	switch c.Status {
	case "expired":
		return "EXPIRED"
	case "not-yet-valid":
		return "NOT YET VALID"
	case "expires-soon":
		return fmt.Sprintf("%d days left: renew soon", c.DaysLeft)
	}
	return fmt.Sprintf("%d days left", c.DaysLeft)
}
