// Tests that no password reaches anything jdbcmysql prints: a table of
// hostile URLs through Error(), String(), every fmt verb and slog (text
// and JSON), and a fuzz target that puts arbitrary passwords in every
// place a URL can carry one.

package jdbcmysql

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"
)

// printedForms is everything jdbcmysql lets a program print about v: its
// fmt verbs and what slog's text and JSON handlers write for it.
func printedForms(v any) []string {
	out := make([]string, 0, 6)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		out = append(out, fmt.Sprintf(verb, v))
	}
	noTime := &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey && len(groups) == 0 {
			return slog.Attr{}
		}
		return a
	}}
	for _, json := range []bool{false, true} {
		var b bytes.Buffer
		var h slog.Handler = slog.NewTextHandler(&b, noTime)
		if json {
			h = slog.NewJSONHandler(&b, noTime)
		}
		slog.New(h).Info("value", "v", v)
		out = append(out, b.String())
	}
	return out
}

// configForms is printedForms of a Config and of everything it holds or
// derives that can be printed.
func configForms(c *Config) []string {
	values := []any{c, *c, c.Hosts, c.ClientKeyStore, c.TrustStore, c.Ignored, c.MappedProperties()}
	ks, ts := c.ResolveStores()
	values = append(values, ks, ts)
	for i := range c.Hosts {
		values = append(values, c.Hosts[i])
		if hc, err := c.hostConfig(i); err == nil {
			values = append(values, hc)
		} else {
			values = append(values, err)
		}
	}
	var out []string
	for _, v := range values {
		out = append(out, printedForms(v)...)
	}
	return out
}

// hostileURLs carry passwords (each containing SECRET) where a naive parser
// or printer shows them: unencoded separators in passwords, store
// locations net/url cannot parse, credentials run into the scheme.
var hostileURLs = []string{
	"jdbc:mysql://h/db?user=u&password=p@ssSECRET&w=rdSECRET%2B+x",
	"jdbc:mysql://h/db?password=SECRET1&SECRET2=SECRET3",
	"jdbc:mysql://h/db?password=SECRET1&SECRET2",
	"jdbc:mysql://h/db?password=SECRET1&SEC!RET",
	"jdbc:mysql://h/db?password=SECRET1&SECRET%zz=1",
	"jdbc:mysql://(host=localhost,port=3306,password=SECRET,clientCertificateKeyStoreUrl=file:/abs/path)/db",
	"jdbc:mysql://(host=localhost,password=SECRET,user=u),b/db",
	"jdbc:mysql:root:SECRET//localhost/db",
	"jdbc:mysql://u:SEC@RETX@h/db",
	"jdbc:mysql://u:SECRET/x@h/db",
	"jdbc:mysql://u:SECRET?x@h/db",
	"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=https%3A%2F%2Fsvc%3Apa%20ssSECRET%40127.0.0.1%3A1%2Fks",
	"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=https:svc:SECRET@127.0.0.1:1%2Fks",
	"jdbc:mysql://h/db?xdevapi.ssl-truststore=https://svc:SECRET@127.0.0.1:1%2Ft.jks",
	"jdbc:mysql://a,(host=b,trustCertificateKeyStoreUrl=https:svc:SECRET@h%2Ft,sslMode=VERIFY_CA)/db",
	"mysqlx://u:SECRET@h/db?xdevapi.ssl-keystore=https://svc:SECRET@127.0.0.1:1%2Fks",
	// A ',' in a password: Connector/J splits the host list there.
	"jdbc:mysql://user:pa,ssSECRET@host/db",
	"jdbc:mysql://user:1234,SECRET@host/db",
	"jdbc:mysql://user:,SECRET@host/db",
	"jdbc:mysql://user:SECRET,@host/db",
	"jdbc:mysql://user:SEC,RET,SECRET@host/db",
	"jdbc:mysql://user:1,SECRET:x@host/db",
	"jdbc:mysql://a:b@h0,user:1234,SECRET@host/db",
	"jdbc:mysql://user:1234,SECRET@(host=h,port=1)/db",
	"jdbc:mysql://(host=h,password=pa,ssSECRET)/db",
	"jdbc:mysql://(host=h,password=pa,ssSECRET=1)/db",
	"jdbc:mysql://(host=h,password=pa,SECRET!x)/db",
	"jdbc:mysql://(host=h,password=pa,SECRET%zz)/db",
	"jdbc:mysql://a,(host=h,user=u,password=1,SECRET)/db",
	"jdbc:mysql://a,(host=h,clientCertificateKeyStorePassword=1,SECRET,sslMode=REQUIRED)/db",
	"jdbc:mysql://address=(host=h)(password=pa,ssSECRET)/db",
	"jdbc:mysql://h/db?password=pa,ssSECRET",
	// A '?' in a password ends the authority: the rest reads as the query.
	"jdbc:mysql://u:?SECRET=@h/db",
	"jdbc:mysql://u:12?SECRET@h/db",
	"jdbc:mysql://a:b@h0,u:1?x=SECRET@h/db",
	"jdbc:mysql://us?erSECRET:pw@h/db",
	"jdbc:mysql://h/db?clientCertificateKeyStorePassword=&SECRETpassword&connectTimeout=1",
	"jdbc:mysql://(host=h,password=a,SECRETpassword)/db",
	"jdbc:mysql://(host=h,port=1,password=),SECRET),b/db",
	"jdbc:mysql://(host=h,password=pa),SECRET)/db",
	// A store location that ends inside its user info.
	"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=https://svc:SECRET",
	"jdbc:mysql://h/db?trustCertificateKeyStoreUrl=https://svc:SECRET&sslMode=VERIFY_CA",
	"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=https://svc:SECRET#x@127.0.0.1:1/ks",
	"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=https://svc:pa@SECRET&user=x@127.0.0.1:1/ks",
	"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=https://svc:SECRET/x&user=u@127.0.0.1:1/ks",
	"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=https:svc:SECRET&connectTimeout=1",
	"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=jar:https://svc:SECRET#x@h/a.jar!/ks",
	"jdbc:mysql://(host=h,clientCertificateKeyStoreUrl=https:svc:SECRET,sslMode=REQUIRED)/db",
	"jdbc:mysql://(host=h,clientCertificateKeyStoreUrl=https:svc:SECRET,x@127.0.0.1:1%2Fks)/db",
	"jdbc:mysql://(host=h,clientCertificateKeyStoreUrl=https:svc:SECRET/x@127.0.0.1:1)/db",
	"jdbc:mysql://a,(host=b,trustCertificateKeyStoreUrl=https:svc:SECRET,sslMode=VERIFY_CA)/db",
	"jdbc:mysql://address=(host=h)(clientCertificateKeyStoreUrl=https:svc:SECRET)/db",
	"mysqlx://u:p@h/db?xdevapi.ssl-keystore=https://svc:SECRET#x@127.0.0.1:1/ks",
	"jdbc:mysql://h/db?xdevapi.ssl-truststore=https://svc:SECRET&sslMode=REQUIRED",
}

// TestHostileURLsNeverShowPasswords runs hostileURLs through ParseURL,
// with and without AllowUnknownProperties, and checks every printed form
// of the error or the Config, and a connection's error and logs.
func TestHostileURLsNeverShowPasswords(t *testing.T) {
	f := newTLSFixture(t)
	srv := newFakeServer(t, true, serverTLS(f.server))
	for _, url := range hostileURLs {
		for _, opts := range [][]Option{nil, {AllowUnknownProperties()}} {
			c, err := ParseURL(url, opts...)
			var forms []string
			if err != nil {
				forms = printedForms(err)
			} else {
				forms = configForms(c)
				var logs bytes.Buffer
				c.Hosts = []Host{{Host: "127.0.0.1", Port: srv.port()}}
				c.SSLMode = SSLModeRequired
				conn, err := c.Connector(WithLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
				if err == nil {
					ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
					if dc, err := conn.Connect(ctx); err == nil {
						dc.Close()
					} else {
						forms = append(forms, printedForms(err)...)
					}
					cancel()
					forms = append(forms, printedForms(conn)...)
				} else {
					forms = append(forms, printedForms(err)...)
				}
				forms = append(forms, logs.String())
			}
			for _, s := range forms {
				for _, secret := range []string{"SECRET", "SEC@RET", "RETX", "ssSECRET"} {
					if strings.Contains(s, secret) {
						t.Errorf("%s (unknown allowed: %v): printed %q", url, opts != nil, s)
					}
				}
			}
		}
	}
}

// TestPasswordTailMessages: an unencoded '&' or '/' in a password gives an
// error that says how to write it, without the password's parts.
func TestPasswordTailMessages(t *testing.T) {
	for url, want := range map[string]string{
		"jdbc:mysql://h/db?password=pXQ@ss&wZQ=rdYQ%2B+x":                                      "'&' inside a value must be written %26",
		"jdbc:mysql://(host=h,password=aXQ/bZQ)/db":                                            "'/' inside it must be written %2F",
		"jdbc:mysql://u:pXQ@sZQ@h/db":                                                          "must be written %40",
		"jdbc:mysql://u:paXQ/sZQ@h/db":                                                         "must be percent-encoded",
		"jdbc:mysql://h/db?clientCertificateKeyStorePassword=xXQ&yZQ!zYQ":                      "'&' inside a value must be written %26",
		"jdbc:mysql://u:pXQ,sZQ@h/db":                                                          "a ',' inside a user name or password must be written %2C",
		"jdbc:mysql://u:12,sZQ@h/db":                                                           "a ',' inside a user name or password must be written %2C",
		"jdbc:mysql://(host=h,password=aXQ,bZQ)/db":                                            "a ',' inside a value of a host section must be written %2C",
		"jdbc:mysql://(host=h,password=aXQ),bZQ)/db":                                           "a ')' inside a value of a (host=..) section must be written %29",
		"jdbc:mysql://(host=h,password=aXQ,bZQ!)/db":                                           "a ',' inside a value of a host section must be written %2C",
		"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=https://svc:pXQ#sZQ@h/ks":              "ends inside its user info",
		"jdbc:mysql://h/db?trustCertificateKeyStoreUrl=https://svc:pXQ&sslMode=VERIFY_CA":      "ends inside its user info",
		"jdbc:mysql://(host=h,clientCertificateKeyStoreUrl=https:svc:pXQ,sslMode=REQUIRED)/db": "ends inside its user info",
	} {
		_, err := ParseURL(url)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseURL(%q) = %v; want it to say %q", url, err, want)
			continue
		}
		for _, part := range []string{"XQ", "YQ", "ZQ"} {
			if strings.Contains(err.Error(), part) {
				t.Errorf("ParseURL(%q): error shows part of the password: %v", url, err)
			}
		}
	}
	_, err := ParseURL("jdbc:mysql://h/db?password=p@ss&w=rdSECRET", AllowUnknownProperties())
	if !errors.Is(err, ErrUnknownProperty) || strings.Contains(err.Error(), "rdSECRET") || strings.Contains(err.Error(), "'w'") {
		t.Errorf("with AllowUnknownProperties the tail is still refused, unnamed: %v", err)
	}
	// A name containing "password" right after a password is the
	// password's tail when it has no value; with one it is a property.
	for _, url := range []string{"jdbc:mysql://h/db?password=p@ss&wSECRETpassword", "jdbc:mysql://(host=h,password=p,wSECRETpassword)/db"} {
		_, err = ParseURL(url, AllowUnknownProperties())
		if err == nil || strings.Contains(err.Error(), "SECRET") {
			t.Errorf("ParseURL(%q) with AllowUnknownProperties = %v; want the tail refused unnamed", url, err)
		}
	}
	for _, url := range []string{"jdbc:mysql://h/db?password=p&myPassword=q", "jdbc:mysql://(host=h,password=p,myPassword=q)/db"} {
		if _, err = ParseURL(url, AllowUnknownProperties()); err != nil {
			t.Errorf("ParseURL(%q) with AllowUnknownProperties: %v", url, err)
		}
	}
	for url, ok := range map[string]bool{
		"jdbc:mysql://u:12?sZQ=@h/db":              false,
		"jdbc:mysql://u:?sZQ@h/db":                 false,
		"jdbc:mysql://h?sessionVariables=@x=1":     false,
		"jdbc:mysql://h/?sessionVariables=@x=1":    true,
		"jdbc:mysql://u:p@h?sessionVariables=@x=1": true,
		"jdbc:mysql://h?sessionVariables=%40x=1":   true,
		"jdbc:mysql://h?user=u":                    true,
	} {
		_, err = ParseURL(url)
		if ok != (err == nil) || (err != nil && (strings.Contains(err.Error(), "ZQ") || !strings.Contains(err.Error(), "must be written %3F"))) {
			t.Errorf("ParseURL(%q) = %v; want accepted %v (refused saying %%3F)", url, err, ok)
		}
	}
	_, err = ParseURL("jdbc:mysql://u:12/sZQ@h/db")
	if !errors.Is(err, ErrMalformedURL) || strings.Contains(err.Error(), "ZQ") || !strings.Contains(err.Error(), "must be written %2F") {
		t.Errorf("an '@' in the database path (user info cut by a '/'): %v", err)
	}
}

// redactionTemplates place a password (%s) where URLs carry one.
var redactionTemplates = []string{
	"jdbc:mysql://u:%s@h/db",
	"jdbc:mysql://h/db?password=%s",
	"jdbc:mysql://h/db?user=u&password=%s&sslMode=REQUIRED",
	"jdbc:mysql://(host=h,port=1,password=%s),b/db",
	"jdbc:mysql://h/db?clientCertificateKeyStorePassword=%s&connectTimeout=1",
	"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=https://svc:%s@127.0.0.1:1/ks",
	"jdbc:mysql://h/db?sslMode=VERIFY_CA&trustCertificateKeyStoreUrl=https:svc:%s@h%%2Ft",
	"mysqlx://u:%s@h/db?xdevapi.ssl-truststore=file:%%2Ft",
	"jdbc:mysql://a,(host=b,clientCertificateKeyStoreUrl=https:svc:%s@h%%2Fks)/db",
	"jdbc:mysql://h/db?xdevapi.ssl-keystore-password=%s&foo=1",
}

// FuzzRedaction: whatever password is put in any place a URL carries one,
// raw or percent-encoded, neither it nor its decoded form shows in
// ParseURL's error or any printed form of the Config (fmt verbs, slog
// text and JSON, hosts, stores, per-host Configs, ResolveStores) — unless
// the same text shows for a harmless password too (it is then not the
// password's doing: "3306", "REQUIRED"). In a store location's user info
// (svc:password) nothing but *** ever follows "svc:", so that a location
// cut inside its password shows no part of it either.
func FuzzRedaction(f *testing.F) {
	for i := range redactionTemplates {
		for _, pw := range []string{"s3cr3t", "p@ss&w=rd%2B+x", "pa/ss", "a,b)c", "x%zzy", "ü€#frag", "SECRET&password=2"} {
			f.Add(uint8(i), pw, false)
			f.Add(uint8(i), pw, true)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, pw string, encode bool) {
		tmpl := redactionTemplates[int(which)%len(redactionTemplates)]
		render := func(pw string) string {
			if encode {
				pw = encodeComponent(pw, "")
			}
			return fmt.Sprintf(tmpl, pw)
		}
		printed := func(url string, opts ...Option) string {
			c, err := ParseURL(url, opts...)
			if err != nil {
				return strings.Join(printedForms(err), "\n")
			}
			return strings.Join(configForms(c), "\n")
		}
		candidates := []string{pw}
		if d, err := decodeComponent(pw, ""); err == nil && d != pw {
			candidates = append(candidates, d)
		}
		if digits := len(pw) - len(strings.TrimLeft(pw, "0123456789")); !encode && strings.Contains(tmpl, "svc:%s") && digits > 0 && strings.HasPrefix(pw[digits:], "/") {
			// svc:12/x, cut by an '&' or '#' in the password, is a
			// complete location (host svc, port 12, path /x): the known
			// limit of docs/security.md. It is used and shown as written.
			return
		}
		for _, opts := range [][]Option{nil, {AllowUnknownProperties()}} {
			baseline := printed(render("q"), opts...) + tmpl
			out := printed(render(pw), opts...)
			for _, p := range candidates {
				if len(p) < 4 || strings.Contains(baseline, p) || strings.TrimSpace(p) != p {
					continue
				}
				if strings.Contains(out, p) {
					t.Fatalf("password %q in %q (unknown allowed: %v) is shown:\n%s", p, render(pw), opts != nil, out)
				}
			}
			// A store location's user info is svc:<password>: whatever
			// the password did to the value, what follows "svc:" is ***,
			// or a port and a path (svc:12/x, from a password 12/x&..:
			// the value is then a complete location, host svc).
			for _, user := range []string{"svc:", "svc%3A"} {
				if !strings.Contains(tmpl, "svc:%s") {
					break
				}
				for rest := out; ; {
					i := strings.Index(rest, user)
					if i < 0 {
						break
					}
					rest = rest[i+len(user):]
					digits := len(rest) - len(strings.TrimLeft(rest, "0123456789"))
					portAndPath := digits > 0 && strings.HasPrefix(rest[digits:], "/")
					if !portAndPath && !strings.HasPrefix(rest, redacted) && !strings.HasPrefix(rest, "%2A%2A%2A") {
						t.Fatalf("the store location user info of %q (unknown allowed: %v) is shown:\n%s", render(pw), opts != nil, out)
					}
				}
			}
		}
	})
}

// TestCommaInUserInfoRefused: Connector/J splits the host list on ','
// before it looks for user info, so a ',' in a password makes the part
// before it a host:port and the rest the next host's user name. A host
// with user info right after one without is refused, naming neither;
// host lists that give every host, or no host, user info still parse, as
// does a (host=..) section for one host's credentials.
func TestCommaInUserInfoRefused(t *testing.T) {
	for _, url := range []string{
		"jdbc:mysql://user:pa,ss@host/db",
		"jdbc:mysql://user:1234,ss@host/db",
		"jdbc:mysql://user:,ss@host/db",
		"jdbc:mysql://user:1,2,3@host/db",
		"jdbc:mysql://h1,u@h2/db",
	} {
		_, err := ParseURL(url, AllowUnknownProperties())
		if !errors.Is(err, ErrMalformedURL) || !strings.Contains(err.Error(), "%2C") {
			t.Errorf("ParseURL(%q) = %v; want ErrMalformedURL saying %%2C", url, err)
			continue
		}
		for _, part := range []string{"user", "pa", "ss", "1234", "h1", "h2"} {
			if strings.Contains(err.Error(), "'"+part) {
				t.Errorf("ParseURL(%q): the error names a part of the URL: %v", url, err)
			}
		}
	}
	for url, users := range map[string][]string{
		"jdbc:mysql://u1:p1@h1,u2:p2@h2/db":                      {"u1", "u2"},
		"jdbc:mysql://u1:p1@h1,h2/db?user=q":                     {"u1", "q"},
		"jdbc:mysql://h1,h2/db?user=q":                           {"q", "q"},
		"jdbc:mysql://h1,(host=h2,user=u2,password=p,2)/db":      nil,
		"jdbc:mysql://h1,(host=h2,user=u2,password=p%2C2)/db":    {"", "u2"},
		"jdbc:mysql://u:pa%2Css@host/db":                         {"u"},
		"jdbc:mysql://u:p@[h1,h2]/db":                            {"u", "u"},
		"jdbc:mysql://address=(host=h)(user=u)(password=p,2)/db": {"u"},
	} {
		c, err := ParseURL(url)
		if users == nil {
			if err == nil {
				t.Errorf("ParseURL(%q) succeeded", url)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseURL(%q): %v", url, err)
			continue
		}
		if len(c.Hosts) != len(users) {
			t.Errorf("ParseURL(%q): %d hosts, want %d", url, len(c.Hosts), len(users))
			continue
		}
		for i, want := range users {
			hc, err := c.hostConfig(i)
			if err != nil {
				t.Fatal(err)
			}
			if hc.User != want {
				t.Errorf("ParseURL(%q): host %d user %q, want %q", url, i, hc.User, want)
			}
		}
	}
	c, err := ParseURL("jdbc:mysql://u:pa%2Css@host/db")
	if err != nil || c.Hosts[0].Properties["password"] != "pa,ss" {
		t.Errorf("an encoded ',' is part of the password: %v", err)
	}
}

// TestCutStoreLocationRefused: a store location whose value ends inside
// its user info (an unencoded '&', '#' or ',' in the password, with or
// without a '/' or '@' before it) is refused at parse time, in the query,
// a host section and an address=(..) entry, with the property named and
// nothing of the value shown; complete locations still parse.
func TestCutStoreLocationRefused(t *testing.T) {
	for _, url := range []string{
		"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=https://svc:pXQ",
		"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=https://svc:pXQ&sslMode=REQUIRED",
		"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=https://svc:pXQ#zz@h/ks",
		"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=https://svc:p@XQ&user=x@h/ks",
		"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=https://svc:p/XQ&user=x@h/ks",
		"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=HTTPS:svc:pXQ&user=x",
		"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=jar:https://svc:pXQ#x@h/a.jar!/ks",
		"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=https://svc:1234",
		"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=https://svc:/#XQ@h/ks",
		"jdbc:mysql://h/db?trustCertificateKeyStoreUrl=https://svc:pXQ&sslMode=VERIFY_CA",
		"jdbc:mysql://(host=h,clientCertificateKeyStoreUrl=https:svc:pXQ,sslMode=REQUIRED)/db",
		"jdbc:mysql://a,(host=b,trustCertificateKeyStoreUrl=https:svc:pXQ,sslMode=VERIFY_CA)/db",
		"jdbc:mysql://address=(host=h)(clientCertificateKeyStoreUrl=https:svc:pXQ)/db",
		"mysqlx://u:p@h/db?xdevapi.ssl-keystore=https://svc:pXQ#x@h/ks",
		"mysqlx://u:p@h/db?xdevapi.ssl-truststore=https://svc:pXQ&xdevapi.ssl-mode=VERIFY_CA",
	} {
		for _, opts := range [][]Option{nil, {AllowUnknownProperties()}} {
			_, err := ParseURL(url, opts...)
			var pe *PropertyError
			if !errors.As(err, &pe) || !errors.Is(err, ErrInvalidProperty) || !strings.Contains(err.Error(), "ends inside its user info") {
				t.Errorf("ParseURL(%q) = %v; want the cut location refused", url, err)
				continue
			}
			if pe.Value != "" || strings.Contains(fmt.Sprintf("%s %+v %#v", err, err, err), "XQ") || !strings.Contains(err.Error(), "'"+pe.Property+"'") {
				t.Errorf("ParseURL(%q): %#v; want the property named and no part of the value", url, err)
			}
		}
	}
	for _, loc := range []string{
		"https://svc:p%2526ss@h/ks", "https://svc:pass@h/ks", "https://h/ks", "https://h:8443/", "https://h",
		"https://[::1]:8443/ks", "https://[::1]/ks", "https://user@h/ks", "file:/a:b/ks", "/a:b", "classpath:a:b",
		"jar:https://svc:p@h/a.jar!/ks", "https://h/v1/secret@2/ks",
	} {
		url := "jdbc:mysql://h/db?clientCertificateKeyStoreUrl=" + encodeComponent(loc, "")
		c, err := ParseURL(url)
		if err != nil {
			t.Errorf("ParseURL with location %q: %v", loc, err)
			continue
		}
		if c.ClientKeyStore.URL != loc {
			t.Errorf("location %q parsed as %q", loc, c.ClientKeyStore.URL)
		}
	}
	for loc, want := range map[string]string{
		"https://svc:SECRET":     "https://svc:***",
		"https:svc:SECRET":       "https:svc:***",
		"https://svc:SE@CRET":    "https://svc:***",
		"https://svc:SE/CRET":    "https://svc:***",
		"jar:https://svc:SECRET": "jar:https://svc:***",
		"https://svc:***":        "https://svc:***",
	} {
		if got := redactLocation(loc); got != want {
			t.Errorf("redactLocation(%q) = %q, want %q", loc, got, want)
		}
	}
}

// TestEncodedParenHostRoundTrips: a host named with a ')' (from a host
// section, or written %29) parses, and FormatURL's output parses back to
// it; only a raw '(' or ')' in a plain host is refused.
func TestEncodedParenHostRoundTrips(t *testing.T) {
	for _, url := range []string{"jdbc:mysql://(host=a)b)/db", "jdbc:mysql://a%29b/db"} {
		c, err := ParseURL(url)
		if err != nil || c.Hosts[0].Host != "a)b" {
			t.Fatalf("ParseURL(%q): %v", url, err)
		}
		again, err := ParseURL(c.FormatURL())
		if err != nil || again.Hosts[0].Host != "a)b" {
			t.Errorf("ParseURL(%q) (FormatURL of %q): %v", c.FormatURL(), url, err)
		}
	}
	if _, err := ParseURL("jdbc:mysql://a)b/db"); !errors.Is(err, ErrMalformedURL) {
		t.Errorf("a raw ')' in a plain host: %v", err)
	}
}

// TestFormatURLWritesUserInfoWhereItParses: a host with its own user after
// one without is written as a (host=..) section, which ParseURL accepts
// (user info there would read as a ',' inside a password); unknown names
// are not written right after a password.
func TestFormatURLWritesUserInfoWhereItParses(t *testing.T) {
	for _, url := range []string{
		"jdbc:mysql://h1,(host=h2,user=u,password=p)/db",
		"jdbc:mysql://u1:p1@h1,h2,(host=h3,user=u3)/db",
		"jdbc:mysql://u1:p1@h1,u2:p2@h2/db",
	} {
		c := mustParse(t, url)
		again, err := ParseURL(c.FormatURL())
		if err != nil {
			t.Errorf("ParseURL(%q) (FormatURL of %q): %v", c.FormatURL(), url, err)
			continue
		}
		if !reflect.DeepEqual(again.Hosts, c.Hosts) {
			t.Errorf("%q: hosts %v, after FormatURL %v", url, c.Hosts, again.Hosts)
		}
	}
	// Unknown names go before the passwords, in a host section as in the
	// query, and a name with "password" in it is written with its '='.
	for _, url := range []string{"jdbc:mysql://(x,pAssword0)/db?zz=1&myPassword", "jdbc:mysql://(host=h,zz=1,password=p)/db?zz=1&password=q"} {
		c := mustParse(t, url, AllowUnknownProperties())
		if _, err := ParseURL(c.FormatURL(), AllowUnknownProperties()); err != nil {
			t.Errorf("ParseURL(%q) (FormatURL of %q): %v", c.FormatURL(), url, err)
		}
	}
	if got := mustParse(t, "jdbc:mysql://u1:p1@h1,u2:p2@h2/db").FormatURL(); !strings.HasPrefix(got, "jdbc:mysql://u1:p1@h1:3306,u2:p2@h2:3306/") {
		t.Errorf("hosts that all have user info keep it: %s", got)
	}
}
