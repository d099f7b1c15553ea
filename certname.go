// This file writes certificate names the way MySQL and MariaDB compare
// them for REQUIRE SUBJECT and REQUIRE ISSUER: OpenSSL's one-line form.

package jdbcmysql

import (
	"crypto/x509/pkix"
	"fmt"
	"strings"
)

// opensslShortNames are OpenSSL's short names for the attribute types
// found in certificate names; other types print as their dotted OID.
var opensslShortNames = map[string]string{
	"2.5.4.3": "CN", "2.5.4.4": "SN", "2.5.4.5": "serialNumber", "2.5.4.6": "C", "2.5.4.7": "L",
	"2.5.4.8": "ST", "2.5.4.9": "street", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.12": "title",
	"2.5.4.13": "description", "2.5.4.15": "businessCategory", "2.5.4.17": "postalCode",
	"2.5.4.41": "name", "2.5.4.42": "GN", "2.5.4.43": "initials", "2.5.4.44": "generationQualifier",
	"2.5.4.46": "dnQualifier", "2.5.4.65": "pseudonym", "2.5.4.97": "organizationIdentifier",
	"1.2.840.113549.1.9.1": "emailAddress", "0.9.2342.19200300.100.1.25": "DC",
	"0.9.2342.19200300.100.1.1": "UID", "1.3.6.1.4.1.311.60.2.1.3": "jurisdictionC",
	"1.3.6.1.4.1.311.60.2.1.2": "jurisdictionST", "1.3.6.1.4.1.311.60.2.1.1": "jurisdictionL",
}

// MySQLDN returns name as MySQL and MariaDB write and compare it in
// REQUIRE SUBJECT and REQUIRE ISSUER (OpenSSL's X509_NAME_oneline): each
// attribute in certificate order as "/TYPE=value", with bytes outside
// printable ASCII written as \xHH. The server compares the strings exactly.
// A name built by hand (no Names) is written in pkix.Name's field order.
func MySQLDN(name pkix.Name) string {
	atvs := name.Names // a parsed name's attributes, in certificate order
	if len(atvs) == 0 {
		for _, rdn := range name.ToRDNSequence() {
			atvs = append(atvs, rdn...)
		}
	}
	var b strings.Builder
	for _, atv := range atvs {
		t, ok := opensslShortNames[atv.Type.String()]
		if !ok {
			t = atv.Type.String()
		}
		b.WriteByte('/')
		b.WriteString(t)
		b.WriteByte('=')
		for _, c := range []byte(fmt.Sprint(atv.Value)) {
			if c < ' ' || c > '~' {
				fmt.Fprintf(&b, "\\x%02X", c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	return b.String()
}
