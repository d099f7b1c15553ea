// This file implements "jdbcmysql inspect": what keytool -list -v shows
// about a store, plus validity warnings, trust checks and the key that
// would be sent.

package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jdbcmysql/jdbcmysql"
	"github.com/jdbcmysql/jdbcmysql/keystore"
)

// soonDays is how close to expiry a certificate gets a warning.
const soonDays = 30

type certReport struct {
	Subject     string    `json:"subject"`
	Issuer      string    `json:"issuer"`
	Serial      string    `json:"serial"`
	DNSNames    []string  `json:"dnsNames,omitempty"`
	IPAddresses []string  `json:"ipAddresses,omitempty"`
	NotBefore   time.Time `json:"notBefore"`
	NotAfter    time.Time `json:"notAfter"`
	DaysLeft    int       `json:"daysLeft"`
	Status      string    `json:"status"` // valid, expires-soon, expired, not-yet-valid
	KeyAlg      string    `json:"keyAlgorithm"`
	KeyBits     int       `json:"keyBits"`
	IsCA        bool      `json:"isCA"`
	SHA256      string    `json:"sha256"`
}

type entryReport struct {
	Alias   string       `json:"alias"`
	Kind    string       `json:"kind"` // PrivateKeyEntry or trustedCertEntry
	KeyAlg  string       `json:"keyAlgorithm,omitempty"`
	KeyBits int          `json:"keyBits,omitempty"`
	Chain   []certReport `json:"chain"`
	// Trust is set when --trust was given: whether the chain verifies
	// against it, and why not.
	Trusted     *bool  `json:"trusted,omitempty"`
	TrustReason string `json:"trustReason,omitempty"`
}

type inspectReport struct {
	Store          string        `json:"store"`
	DeclaredType   string        `json:"declaredType"`
	DetectedFormat string        `json:"detectedFormat"`
	Entries        []entryReport `json:"entries"`
	// SentAlias is the key entry a connection would send when the server
	// names no acceptable CA that decides it.
	SentAlias string   `json:"sentAlias,omitempty"`
	Warnings  []string `json:"warnings,omitempty"`
}

func runInspect(args []string, env *environment) error {
	fs := newFlagSet(env, "inspect", "inspect [--type T] [--password-env VAR | --password-file F] [--trust STORE] [--alias A] [--json] STORE",
		"MYPW=mypassword jdbcmysql inspect --password-env MYPW --trust file:truststore.jks file:/etc/mysql/keystore")
	storeType := fs.String("type", "", "declared store type (JKS, PKCS12, JCEKS, PEM); a hint, the format is detected")
	var pw, trustPW secretFlags
	pw.register(fs, "password", "store password")
	trust := fs.String("trust", "", "verify each chain against this trust store")
	trustType := fs.String("trust-type", "", "declared type of the --trust store")
	trustPW.register(fs, "trust-password", "trust store password")
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
	ks, err := jdbcmysql.OpenKeyStore(ctx, pos[0], *storeType, password)
	if err != nil {
		return badInput(err)
	}
	var roots *x509.CertPool
	if *trust != "" {
		tpw, _, err := trustPW.read(env, false)
		if err != nil {
			return err
		}
		ts, err := jdbcmysql.OpenKeyStore(ctx, *trust, *trustType, tpw)
		if err != nil {
			return badInput(err)
		}
		roots = x509.NewCertPool()
		for _, e := range ts.Entries {
			if e.Trusted() && len(e.Chain) > 0 {
				roots.AddCert(e.Chain[0])
			}
		}
	}
	rep := inspectStore(pos[0], *storeType, ks, roots, *alias, time.Now())
	if *asJSON {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printInspect(env.stdout, rep)
	return nil
}

// inspectStore describes ks; roots (optional) is what chains are checked
// against.
func inspectStore(location, declared string, ks *keystore.KeyStore, roots *x509.CertPool, alias string, now time.Time) *inspectReport {
	rep := &inspectReport{Store: jdbcmysql.RedactLocation(location), DeclaredType: declared, DetectedFormat: ks.Format}
	if rep.DeclaredType == "" {
		rep.DeclaredType = "(none: JKS)"
	}
	sent, aliasErr := jdbcmysql.ChooseClientAlias(ks, nil, alias)
	rep.SentAlias = sent
	for _, e := range ks.Entries {
		er := entryReport{Alias: e.Alias, Kind: "trustedCertEntry"}
		if !e.Trusted() {
			er.Kind = "PrivateKeyEntry"
			er.KeyAlg, er.KeyBits = keyInfo(e.PrivateKey.Public())
		}
		for i, c := range e.Chain {
			cr := describeCert(c, now)
			er.Chain = append(er.Chain, cr)
			where := fmt.Sprintf("entry %q certificate %d (%s)", e.Alias, i, cr.Subject)
			switch cr.Status {
			case "expired":
				rep.Warnings = append(rep.Warnings, where+" has expired on "+cr.NotAfter.Format(time.DateOnly))
			case "not-yet-valid":
				rep.Warnings = append(rep.Warnings, where+" is not valid before "+cr.NotBefore.Format(time.DateOnly))
			case "expires-soon":
				rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s expires in %d days", where, cr.DaysLeft))
			}
		}
		if roots != nil && len(e.Chain) > 0 {
			inter := x509.NewCertPool()
			for _, c := range e.Chain[1:] {
				inter.AddCert(c)
			}
			_, err := e.Chain[0].Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: now, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
			ok := err == nil
			er.Trusted = &ok
			if err != nil {
				er.TrustReason = err.Error()
			}
		}
		rep.Entries = append(rep.Entries, er)
	}
	if aliasErr != nil {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("no private key entry has alias %q", alias))
	}
	return rep
}

func describeCert(c *x509.Certificate, now time.Time) certReport {
	sum := sha256.Sum256(c.Raw)
	cr := certReport{
		Subject:   c.Subject.String(),
		Issuer:    c.Issuer.String(),
		Serial:    c.SerialNumber.Text(16),
		DNSNames:  c.DNSNames,
		NotBefore: c.NotBefore.UTC(),
		NotAfter:  c.NotAfter.UTC(),
		DaysLeft:  int(c.NotAfter.Sub(now).Hours() / 24),
		IsCA:      c.IsCA,
		SHA256:    hex.EncodeToString(sum[:]),
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
	fmt.Fprintf(w, "Store:           %s\n", rep.Store)
	fmt.Fprintf(w, "Declared type:   %s\n", rep.DeclaredType)
	fmt.Fprintf(w, "Detected format: %s\n", rep.DetectedFormat)
	fmt.Fprintf(w, "Entries:         %d\n", len(rep.Entries))
	for i, e := range rep.Entries {
		fmt.Fprintf(w, "\n[%d] Alias: %s\n    Entry type: %s\n", i+1, e.Alias, e.Kind)
		if e.KeyAlg != "" {
			fmt.Fprintf(w, "    Private key: %s %d bits\n", e.KeyAlg, e.KeyBits)
		}
		fmt.Fprintf(w, "    Certificate chain length: %d\n", len(e.Chain))
		for j, c := range e.Chain {
			fmt.Fprintf(w, "    Certificate[%d]:\n", j+1)
			fmt.Fprintf(w, "      Subject:  %s\n", c.Subject)
			fmt.Fprintf(w, "      Issuer:   %s\n", c.Issuer)
			fmt.Fprintf(w, "      Serial:   %s\n", c.Serial)
			if len(c.DNSNames)+len(c.IPAddresses) > 0 {
				fmt.Fprintf(w, "      SANs:     %s\n", strings.Join(append(append([]string{}, c.DNSNames...), c.IPAddresses...), ", "))
			}
			fmt.Fprintf(w, "      Key:      %s %d bits%s\n", c.KeyAlg, c.KeyBits, map[bool]string{true: " (CA)", false: ""}[c.IsCA])
			fmt.Fprintf(w, "      Valid:    %s to %s (%s)\n", c.NotBefore.Format(time.DateOnly), c.NotAfter.Format(time.DateOnly), validityWords(c))
			fmt.Fprintf(w, "      SHA-256:  %s\n", c.SHA256)
		}
		if e.Trusted != nil {
			if *e.Trusted {
				fmt.Fprintf(w, "    Verifies against the trust store: yes\n")
			} else {
				fmt.Fprintf(w, "    Verifies against the trust store: NO (%s)\n", e.TrustReason)
			}
		}
	}
	fmt.Fprintln(w)
	if rep.SentAlias != "" {
		fmt.Fprintf(w, "Key sent to the server: %q (the first key entry whose chain reaches a CA the server names; none if no entry does; an alias overrides)\n", rep.SentAlias)
	} else {
		fmt.Fprintln(w, "Key sent to the server: none (no private key entry: this store can only serve as a trust store)")
	}
	for _, warn := range rep.Warnings {
		fmt.Fprintf(w, "WARNING: %s\n", warn)
	}
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
