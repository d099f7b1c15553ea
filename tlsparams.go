// This file turns tlsVersions and tlsCiphersuites into Go's TLS settings
// with Connector/J's validation rules and weak-suite filter.

package jdbcmysql

import (
	"crypto/tls"
	"fmt"
	"strings"
)

// tlsVersionRange validates a tlsVersions list the way Connector/J 8.0.28+
// does and returns Go's MinVersion/MaxVersion. nil means TLSv1.3,TLSv1.2.
// Names are matched case-sensitively; unknown names mixed with valid ones
// are dropped; TLSv1 and TLSv1.1 are refused.
func tlsVersionRange(versions []string) (min, max uint16, err error) {
	if versions == nil {
		return tls.VersionTLS12, tls.VersionTLS13, nil
	}
	var given []string
	for _, v := range versions {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				given = append(given, part)
			}
		}
	}
	fail := func(msg string) error {
		return &PropertyError{
			Property: "tlsVersions",
			Value:    strings.Join(versions, ","),
			Msg:      "jdbcmysql: tlsVersions: " + msg,
			Err:      ErrInvalidProperty,
		}
	}
	if len(given) == 0 {
		return 0, 0, fail("Specified list of TLS versions is empty. Accepted values are TLSv1.2 and TLSv1.3.")
	}
	known := map[string]uint16{"TLSv1.3": tls.VersionTLS13, "TLSv1.2": tls.VersionTLS12, "TLSv1.1": tls.VersionTLS11, "TLSv1": tls.VersionTLS10}
	var anyKnown, has12, has13 bool
	for _, v := range given {
		id, ok := known[v]
		if !ok {
			continue
		}
		anyKnown = true
		has12 = has12 || id == tls.VersionTLS12
		has13 = has13 || id == tls.VersionTLS13
	}
	switch {
	case !anyKnown:
		return 0, 0, fail("Specified list of TLS versions only contains non valid TLS protocols. Accepted values are TLSv1.2 and TLSv1.3.")
	case !has12 && !has13:
		return 0, 0, fail("TLS protocols TLSv1 and TLSv1.1 are not supported. Accepted values are TLSv1.2 and TLSv1.3.")
	case has12 && has13:
		return tls.VersionTLS12, tls.VersionTLS13, nil
	case has13:
		return tls.VersionTLS13, tls.VersionTLS13, nil
	default:
		return tls.VersionTLS12, tls.VersionTLS12, nil
	}
}

// weakSuiteMarkers is Connector/J's filter: any suite whose name contains
// one of these is never enabled.
var weakSuiteMarkers = []string{"_ANON_", "_NULL_", "_EXPORT", "_MD5", "_DES", "_3DES_", "_RC2_", "_RC4_", "_PSK_", "_DH_"}

// tlsCipherSuiteIDs maps a tlsCiphersuites list (Java/IANA names, with the
// TLS_ or SSL_ prefix) to Go's TLS 1.0–1.2 suite IDs, dropping names Go does
// not implement and Connector/J's weak suites. nil means Go's defaults (which
// pass the filter). It fails when nothing usable remains, and says so when
// only TLS 1.3 suites were listed: Go does not let a program choose those.
func tlsCipherSuiteIDs(names []string) ([]uint16, error) {
	if names == nil {
		return nil, nil
	}
	byName := map[string]*tls.CipherSuite{}
	for _, s := range tls.CipherSuites() {
		byName[s.Name] = s
	}
	for _, s := range tls.InsecureCipherSuites() {
		byName[s.Name] = s
	}
	var ids []uint16
	var tls13, weak []string
	seen := map[uint16]bool{}
	for _, v := range names {
		for _, name := range strings.Split(v, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			canonical := name
			if strings.HasPrefix(canonical, "SSL_") {
				canonical = "TLS_" + canonical[len("SSL_"):]
			}
			s, ok := byName[canonical]
			if !ok {
				continue
			}
			if isWeakSuite(canonical) {
				weak = append(weak, name)
				continue
			}
			if len(s.SupportedVersions) == 1 && s.SupportedVersions[0] == tls.VersionTLS13 {
				tls13 = append(tls13, name)
				continue
			}
			if !seen[s.ID] {
				seen[s.ID] = true
				ids = append(ids, s.ID)
			}
		}
	}
	if len(ids) > 0 {
		return ids, nil
	}
	msg := "none of the listed cipher suites is both implemented by Go and allowed by Connector/J's filter"
	switch {
	case len(tls13) > 0:
		msg = fmt.Sprintf("only TLS 1.3 cipher suites are listed (%s); Go does not let a program choose TLS 1.3 suites (it always offers TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384 and TLS_CHACHA20_POLY1305_SHA256), so list TLS 1.2 suites too or leave tlsCiphersuites unset", strings.Join(tls13, ", "))
	case len(weak) > 0:
		msg += fmt.Sprintf(" (weak suites refused: %s)", strings.Join(weak, ", "))
	}
	return nil, &PropertyError{
		Property: "tlsCiphersuites",
		Value:    strings.Join(names, ","),
		Msg:      "jdbcmysql: tlsCiphersuites: " + msg,
		Err:      ErrInvalidProperty,
	}
}

func isWeakSuite(name string) bool {
	for _, m := range weakSuiteMarkers {
		if strings.Contains(name, m) {
			return true
		}
	}
	return false
}
