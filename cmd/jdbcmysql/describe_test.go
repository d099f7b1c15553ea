// Tests for "jdbcmysql dsn": the store rules and mapped settings come from
// the library, and no password shows.

package main

import (
	"net/url"
	"strings"
	"testing"
)

func TestDSNHidesStoreLocationPasswords(t *testing.T) {
	for _, loc := range []string{
		"https://svc:pa%20ssSECRET@127.0.0.1:1/ks",
		"https:svc:SECRET@127.0.0.1:1/ks",
		"https://svc:pa/SECRET@127.0.0.1:1/ks",
	} {
		v := url.QueryEscape(loc)
		u := "jdbc:mysql://a,(host=b,clientCertificateKeyStoreUrl=" + v + ")/app?sslMode=VERIFY_CA&clientCertificateKeyStoreUrl=" + v +
			"&trustCertificateKeyStoreUrl=" + v + "&xdevapi.ssl-truststore=" + v + "&connectTimeout=5000"
		code, out, stderr := runCmd(t, nil, "dsn", u)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if strings.Contains(out+stderr, "SECRET") {
			t.Errorf("%s: output shows a password:\n%s", loc, out)
		}
		for _, want := range []string{"svc:***@", "from clientCertificateKeyStoreUrl", "from trustCertificateKeyStoreUrl", "connectTimeout=5000 → go-sql-driver Timeout"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: output lacks %q:\n%s", loc, want, out)
			}
		}
	}
}

func TestDSNStoreRulesFromTheLibrary(t *testing.T) {
	for _, tt := range []struct{ url, want string }{
		{"jdbc:mysql://h/?sslMode=DISABLED", "Client key store:      not used (sslMode=DISABLED)"},
		{"jdbc:mysql://h/?fallbackToSystemKeyStore=false", "none: the URL names none and fallbackToSystemKeyStore is false"},
		{"jdbc:mysql://h/?sslMode=VERIFY_IDENTITY", "the operating system's trusted roots"},
		{"jdbc:mysql://h/?sslMode=REQUIRED", "not used: sslMode REQUIRED does not verify the server's chain"},
	} {
		code, out, stderr := runCmd(t, nil, "dsn", tt.url)
		if code != exitOK || !strings.Contains(out, tt.want) {
			t.Errorf("%s: exit %d, output lacks %q:\n%s%s", tt.url, code, tt.want, out, stderr)
		}
	}
}
