// Tests for "jdbcmysql dsn": the store rules and mapped settings come from
// the library, and no password shows, there or in inspect and ping.

package main

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
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

// TestCLIHidesLocationPasswords: inspect (text and --json), dsn and ping
// never print the password of a store location's user info, whether the
// store opens, fails, or cannot be parsed by net/url.
func TestCLIHidesLocationPasswords(t *testing.T) {
	ks, err := os.ReadFile(fixture("keystore"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ks" {
			http.NotFound(w, r)
			return
		}
		w.Write(ks)
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	vars := map[string]string{"KSPW": seedPassword}
	for _, loc := range []string{
		"http://svc:SECRET@" + host + "/ks",
		"http://svc:pa%20ssSECRET@" + host + "/ks",
		"http://svc:SECRET@" + host + "/missing",
		"http:svc:SECRET@" + host + "/ks",
		"https://svc:pa/SECRET@127.0.0.1:1/ks",
	} {
		var outputs []string
		for _, args := range [][]string{
			{"inspect", "--password-env", "KSPW", loc},
			{"inspect", "--json", "--password-env", "KSPW", loc},
			{"dsn", "jdbc:mysql://h/db?clientCertificateKeyStoreUrl=" + url.QueryEscape(loc)},
			{"ping", "--timeout", "3s", "jdbc:mysql://127.0.0.1:1/db?user=u&clientCertificateKeyStoreUrl=" + url.QueryEscape(loc)},
		} {
			_, out, stderr := runCmd(t, vars, args...)
			outputs = append(outputs, out+stderr)
			if strings.Contains(out+stderr, "SECRET") {
				t.Errorf("jdbcmysql %s shows a password:\n%s%s", strings.Join(args, " "), out, stderr)
			}
		}
		if strings.HasSuffix(loc, "/ks") && strings.HasPrefix(loc, "http://") && !strings.Contains(outputs[0], "svc:***@") {
			t.Errorf("inspect %s: the store line lacks the redacted location:\n%s", loc, outputs[0])
		}
	}
}
