// This file serves tools that show stores rather than connect with them
// (jdbcmysql inspect and export): a store listed with keytool's rules, a
// trust store opened with a connection's rules, and what a server checks
// of a client certificate before it accepts it.

package jdbcmysql

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jdbcmysql/jdbcmysql/keystore"
)

// ListStore reads the store at location (as OpenKeyStore does) and lists
// it as keytool -list does (see keystore.List): storeType "" detects the
// format from the bytes as keytool does, any other type must load the
// format; with password "" a store is listed without its integrity check.
// What it lists may be more than a connection accepts: OpenKeyStore and
// OpenTrustStore apply a connection's rules. Errors are *StoreErrors.
func ListStore(ctx context.Context, location, storeType, password string, opts ...Option) (*keystore.Listing, error) {
	o := newOptions(opts)
	ref := storeRef{Role: roleKeyStore, URL: location, Type: storeType, Password: password}
	data, err := readStore(ctx, ref, o)
	if err != nil {
		return nil, err
	}
	kopts := []keystore.Option{keystore.WithMaxSize(int(o.maxStoreSize))}
	if storeType != "" {
		kopts = append(kopts, keystore.WithType(storeType))
	}
	l, err := keystore.List(data, password, kopts...)
	if err != nil {
		return nil, ref.fail(err)
	}
	return l, nil
}

// OpenTrustStore reads the store at location and decodes it as a
// connection decodes trustCertificateKeyStoreUrl: storeType is a hint (""
// for JKS), every certificate is trusted, and with password "" the store is
// read without its integrity check (an encrypted PKCS#12 then yields only
// what is not encrypted), as Java does. Errors are *StoreErrors.
func OpenTrustStore(ctx context.Context, location, storeType, password string, opts ...Option) (*keystore.KeyStore, error) {
	return openStore(ctx, storeRef{Role: roleTrustStore, URL: location, Type: storeType, Password: password}, newOptions(opts))
}

// ClientCertificateError is one reason a server would refuse a client
// certificate (see CheckClientCertificate).
type ClientCertificateError struct {
	// Check is "validity", "extended key usage" or "chain".
	Check string
	Msg   string
}

func (e *ClientCertificateError) Error() string { return e.Msg }

// Unwrap makes every ClientCertificateError match
// ErrClientCertificateRejected.
func (e *ClientCertificateError) Unwrap() error { return ErrClientCertificateRejected }

// CheckClientCertificate reports why a server would refuse chain (leaf
// first) as a client certificate at now, as OpenSSL-based servers (MySQL,
// MariaDB) verify it: every certificate within its validity dates, an
// extended key usage, if the leaf has one, that allows clientAuth, and,
// when trust is not nil, a chain to one of trust's certificates (the
// server's ssl_ca; read with OpenTrustStore). It returns nil when none
// applies, else the *ClientCertificateErrors joined.
func CheckClientCertificate(chain []*x509.Certificate, trust *keystore.KeyStore, now time.Time) error {
	if len(chain) == 0 {
		return &ClientCertificateError{Check: "chain", Msg: "no certificate"}
	}
	var errs []error
	for i, c := range chain {
		switch {
		case now.Before(c.NotBefore):
			errs = append(errs, &ClientCertificateError{Check: "validity",
				Msg: fmt.Sprintf("certificate[%d] (%s) is not valid before %s", i+1, subjectOf(c), c.NotBefore.UTC().Format(time.RFC3339))})
		case now.After(c.NotAfter):
			errs = append(errs, &ClientCertificateError{Check: "validity",
				Msg: fmt.Sprintf("certificate[%d] (%s) expired at %s", i+1, subjectOf(c), c.NotAfter.UTC().Format(time.RFC3339))})
		}
	}
	leaf := chain[0]
	if (len(leaf.ExtKeyUsage) > 0 || len(leaf.UnknownExtKeyUsage) > 0) &&
		!slices.Contains(leaf.ExtKeyUsage, x509.ExtKeyUsageClientAuth) && !slices.Contains(leaf.ExtKeyUsage, x509.ExtKeyUsageAny) {
		errs = append(errs, &ClientCertificateError{Check: "extended key usage",
			Msg: fmt.Sprintf("certificate %s has an extended key usage without clientAuth; servers refuse it as a client certificate", subjectOf(leaf))})
	}
	if trust != nil {
		roots := newKeyMaterial(trust, 0).Roots
		inter := x509.NewCertPool()
		for _, c := range chain[1:] {
			inter.AddCert(c)
		}
		// Dates and key usage are reported above; this asks only whether
		// the chain leads to the trust store, at a time the leaf is valid.
		at := now
		if now.Before(leaf.NotBefore) || now.After(leaf.NotAfter) {
			at = leaf.NotBefore.Add(leaf.NotAfter.Sub(leaf.NotBefore) / 2)
		}
		if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: at,
			KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
			errs = append(errs, &ClientCertificateError{Check: "chain", Msg: fmt.Sprintf("certificate %s does not verify against the trust store: %v", subjectOf(leaf), err)})
		}
	}
	return errors.Join(errs...)
}
