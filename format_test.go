// Tests for FormatURL, String and the redaction of passwords in printed
// Configs, hosts, stores and errors.

package jdbcmysql

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestPasswordsNeverShown(t *testing.T) {
	const secret = "S3cr3tPw"
	url := "jdbc:mysql://u:" + secret + "1@h1,(host=h2,password=" + secret + "2,fooPassword=" + secret + "3)/db" +
		"?password=" + secret + "4&clientCertificateKeyStorePassword=" + secret + "5&trustCertificateKeyStorePassword=" + secret + "6" +
		"&password2=" + secret + "7&myPassword=" + secret + "8&trustCertificateKeyStoreUrl=https://me:" + secret + "9@host/t.jks" +
		"&xdevapi.ssl-keystore-password=" + secret + "A"
	c := mustParse(t, url, AllowUnknownProperties())
	for i := range c.Hosts {
		hc, err := c.hostConfig(i)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{hc.String(), fmt.Sprint(hc), fmt.Sprintf("%+v", hc), fmt.Sprintf("%v", hc.Ignored)} {
			if strings.Contains(s, secret) {
				t.Errorf("host %d: a password shows in %q", i, s)
			}
		}
	}
	if !strings.Contains(c.FormatURL(), secret+"1") {
		t.Errorf("FormatURL must keep passwords: %s", c.FormatURL())
	}
	// Errors raised next to passwords.
	for _, bad := range []string{
		"jdbc:mysql://u:" + secret + "@h/db?useSSL=maybe",
		"jdbc:mysql://u:" + secret + "%zz@h/db",
		"jdbc:mysql://u:" + secret + "@h/db?password=" + secret + "&b!d=1",
		"jdbc:mysql://h/db?password=" + secret + "%",
		"jdbc:mysql://h/db?sslPassword=" + secret,
		"jdbc:mysql://(host=h,password=" + secret + ",port=x)/db",
		"jdbc:mysql://(host=h,password=" + secret + ",b!d=1)/db",
		"jdbc:mysql://u:" + secret + "@h:x/db",
	} {
		_, err := ParseURL(bad)
		if err == nil {
			t.Errorf("ParseURL(%q) succeeded", bad)
			continue
		}
		var pe *PropertyError
		if strings.Contains(err.Error(), secret) || (errors.As(err, &pe) && strings.Contains(pe.Value, secret)) {
			t.Errorf("error shows a password: %v", err)
		}
	}
}

var roundTripURLs = []string{
	"jdbc:mysql://h",
	"jdbc:mysql://u:p%40ss@h:3307/my+db?sslMode=verify_ca&pw=a+b%2Bc&flag&empty=&k=v=w&sslMode=REQUIRED",
	"jdbc:mysql: // johndoe : secret @ [abcd:9876::1:1234] : 1234 / db ? key1 = value1 & key2 = value2 # ignore",
	"jdbc:mysql://u:p@h1,(host=h2,port=3308,sslMode=DISABLED,password=x),address=(host=h3)(port=1)(useSSL=false)/db?useSSL=false&requireSSL=true",
	"jdbc:mysql://(host=a,sslMode=DISABLED,dbname=x,user=z),b/db?sslMode=REQUIRED&dbname=y&user=q",
	"mysqlx://u:p@[::1]:33061,u:p@h2/db?xdevapi.ssl-mode=VERIFY_CA&xdevapi.tls-versions=TLSv1.3",
	"mysqlx://h?useSSL=true&xdevapi.ssl-mode=DISABLED&xdevapi.tls-ciphersuites=X",
	"jdbc:mysql+srv://u:p@_mysql._tcp.example.com/db",
	"jdbc:mysql:replication://(host=a,type=source),(host=b,type=replica)/db",
	"jdbc:mysql://user:@h/db?password=x&tlsVersions=&enabledTLSProtocols=TLSv1.2&connectionAttributes=none",
	"jdbc:mysql://h/db?sessionVariables=a%3D%27x%2Cy%27&connectTimeout=100&maxAllowedPacket=1k&useAffectedRows=true",
	"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=file:/k&clientCertificateKeyStorePassword=p+w&fallbackToSystemKeyStore=false&jdbcmysql.clientCertificateKeyStoreAlias=a",
}

func TestFormatURLRoundTrip(t *testing.T) {
	for _, url := range roundTripURLs {
		checkRoundTrip(t, url, AllowUnknownProperties())
	}
}

// checkRoundTrip parses url, formats it, parses that, and compares the
// Configs and every host's effective Config.
func checkRoundTrip(t *testing.T, url string, opts ...Option) {
	t.Helper()
	c, err := ParseURL(url, opts...)
	if err != nil {
		return
	}
	formatted := c.FormatURL()
	c2, err := ParseURL(formatted, opts...)
	if err != nil {
		t.Fatalf("ParseURL(FormatURL(%q)) = ParseURL(%q): %v", url, formatted, err)
	}
	if a, b := public(c), public(c2); !reflect.DeepEqual(a, b) {
		t.Fatalf("round trip of %q via %q:\n got  %+v\n want %+v", url, formatted, b, a)
	}
	for i := range c.Hosts {
		h1, err1 := c.hostConfig(i)
		h2, err2 := c2.hostConfig(i)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("host %d of %q: errors %v vs %v", i, formatted, err1, err2)
		}
		if err1 == nil && !reflect.DeepEqual(public(h1), public(h2)) {
			t.Fatalf("host %d of %q via %q:\n got  %+v\n want %+v", i, url, formatted, public(h2), public(h1))
		}
	}
	_ = c.String()
}

func FuzzParseURL(f *testing.F) {
	for _, u := range roundTripURLs {
		f.Add(u)
	}
	for _, u := range []string{"jdbc:mysql://[h1,h2]/x?%", "mysqlx://(address=[::1]:1,priority=1)", "jdbc:mysql://a%zz", "jdbc:mysql:///??"} {
		f.Add(u)
	}
	f.Fuzz(func(t *testing.T, url string) {
		checkRoundTrip(t, url, AllowUnknownProperties())
		checkRoundTrip(t, url)
	})
}

// TestPrintingHidesPasswords: every fmt verb on Config, *Config, Store and
// Host hides password values.
func TestPrintingHidesPasswords(t *testing.T) {
	cfg, err := ParseURL("jdbc:mysql://u1:pw-one@(host=h1,password=pw-two,clientCertificateKeyStorePassword=pw-three),h2/db" +
		"?password=pw-four&trustCertificateKeyStorePassword=pw-five&clientCertificateKeyStoreUrl=file:/ks")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{cfg, *cfg, cfg.ClientKeyStore, cfg.TrustStore, cfg.Hosts[0], cfg.Hosts} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(verb, v)
			if strings.Contains(out, "pw-") {
				t.Errorf("%s of %T shows a password: %s", verb, v, out)
			}
		}
	}
	if got := cfg.ClientKeyStore.String(); got != "file:/ks (JKS, password ***)" {
		t.Errorf("Store.String() = %q", got)
	}
}

// hostileLocations are store locations whose password net/url cannot find
// (a space, '/', '?' or '#' in it, an opaque URL) or that nest a URL.
// Each password contains "SECRET".
var hostileLocations = []string{
	"https://svc:pa%20ssSECRET@127.0.0.1:1/ks",
	"https://svc:pa ssSECRET@127.0.0.1:1/ks",
	"https:svc:SECRET@127.0.0.1:1/ks",
	"https://svc:pa/SECRET@127.0.0.1:1/ks",
	"https://svc:pa?SECRET@127.0.0.1:1/ks",
	"https://svc:pa#SECRET@127.0.0.1:1/ks",
	"https://svc:SECRET@127.0.0.1:1/a@b/ks",
	"HTTP://svc:SECRET@127.0.0.1:1/ks",
	"jar:https://svc:SECRET@127.0.0.1:1/x.jar!/ks",
	"ftp://svc:SECRET@127.0.0.1:1/ks",
}

func TestRedactLocation(t *testing.T) {
	for _, loc := range append(hostileLocations, "https://svc:SECRET@example.invalid/ks.jks") {
		got := redactLocation(loc)
		if strings.Contains(got, "SECRET") || !strings.Contains(got, "svc") || !strings.Contains(got, "***") {
			t.Errorf("redactLocation(%q) = %q", loc, got)
		}
		if again := redactLocation(got); again != got {
			t.Errorf("redactLocation is not stable on %q: %q then %q", loc, got, again)
		}
	}
	for _, loc := range []string{"file:/etc/a:b@c/ks", "/etc/a:b@c/ks", `C:\keys\a:b@c.p12`, "classpath:a:b@c", "https://host/ks", "https://user@host/ks"} {
		if got := redactLocation(loc); got != loc {
			t.Errorf("redactLocation(%q) = %q; nothing there is a password", loc, got)
		}
	}
}

// TestHostileLocationsNeverShown: a store location's password does not
// show in anything jdbcmysql prints, whichever property or host section
// holds the location: String and every fmt verb of Config, Host, Store and
// Ignored, per-host Configs, OpenKeyStore's and Connect's errors, and log
// lines.
func TestHostileLocationsNeverShown(t *testing.T) {
	f := newTLSFixture(t)
	stc := serverTLS(f.server)
	stc.ClientAuth = tls.RequireAnyClientCert
	srv := newFakeServer(t, true, stc)
	var logs strings.Builder
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	show := func(where string, s string) {
		t.Helper()
		if strings.Contains(s, "SECRET") {
			t.Errorf("%s shows a password: %s", where, s)
		}
	}
	for _, loc := range hostileLocations {
		v := encodeComponent(loc, "")
		for _, url := range []string{
			"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=" + v,
			"jdbc:mysql://h/db?trustCertificateKeyStoreUrl=" + v + "&sslMode=VERIFY_CA",
			"jdbc:mysql://h/db?xdevapi.ssl-truststore=" + v,
			"jdbc:mysql://h/db?trustCertificateKeystoreUrl=" + v,
			"jdbc:mysql://a,(host=h,clientCertificateKeyStoreUrl=" + v + ")/db",
			"mysqlx://h/db?xdevapi.ssl-keystore=" + v,
		} {
			c, err := ParseURL(url, AllowUnknownProperties())
			if err != nil {
				t.Fatalf("ParseURL(%q): %v", url, err)
			}
			for _, x := range []any{c, *c, c.ClientKeyStore, c.TrustStore, c.Hosts, c.Ignored} {
				for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
					show(fmt.Sprintf("%s of %T for %s", verb, x, url), fmt.Sprintf(verb, x))
				}
			}
			for i := range c.Hosts {
				hc, err := c.hostConfig(i)
				if err != nil {
					t.Fatal(err)
				}
				show("host config", hc.String()+fmt.Sprintf("%+v", hc.Ignored))
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, err := OpenKeyStore(ctx, loc, "", "", WithLogger(logger))
		cancel()
		if err == nil {
			t.Fatalf("OpenKeyStore(%q) succeeded", loc)
		}
		show("OpenKeyStore's error", err.Error())
		var se *StoreError
		if errors.As(err, &se) {
			show("StoreError.URL", se.URL)
		}

		cfg := fakeConfig(srv, "127.0.0.1", SSLModeRequired)
		cfg.ClientKeyStore.URL = loc
		conn, err := cfg.Connector(WithLogger(logger))
		if err != nil {
			t.Fatal(err)
		}
		_, err = conn.Connect(context.Background())
		if err == nil {
			t.Fatalf("connect with key store %q succeeded", loc)
		}
		show("Connect's error", err.Error())
		show("%+v of the Connector", fmt.Sprintf("%+v %#v", conn, conn))
	}
	show("the log", logs.String())
}

// TestConnectorPrintsNoSessionIdentity: %+v of a Connector whose session
// caches are keyed by a key store location with a password does not show
// that location.
func TestConnectorPrintsNoSessionIdentity(t *testing.T) {
	f := newTLSFixture(t)
	srv := newFakeServer(t, true, serverTLS(f.server))
	cfg := fakeConfig(srv, "127.0.0.1", SSLModeRequired)
	cfg.ClientKeyStore.URL = "https://svc:SECRET@127.0.0.1:1/ks"
	c, err := cfg.Connector()
	if err != nil {
		t.Fatal(err)
	}
	c.loadStore = (&stores{m: map[string]*keyMaterial{cfg.ClientKeyStore.URL: clientMaterial(1, []string{"a"}, f.client)}}).load
	conn, err := c.Connect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if s := fmt.Sprintf("%+v", c); strings.Contains(s, "SECRET") {
		t.Fatalf("%%+v of the Connector shows the key store password: %s", s)
	}
}

// TestSchemeErrorShowsNoCredentials: a URL whose "scheme" runs into user
// info is refused without echoing it.
func TestSchemeErrorShowsNoCredentials(t *testing.T) {
	for _, url := range []string{"jdbc:mysql:root:SECRET//localhost/db", "root:SECRET//h", "mysqlx:root:SECRET//h"} {
		_, err := ParseURL(url)
		if !errors.Is(err, ErrMalformedURL) || strings.Contains(err.Error(), "SECRET") {
			t.Errorf("ParseURL(%q) = %v", url, err)
		}
	}
	_, err := ParseURL("jdbc:postgresql://h/db")
	if err == nil || !strings.Contains(err.Error(), `"jdbc:postgresql:"`) {
		t.Errorf("the subprotocol of an unsupported jdbc: URL should show: %v", err)
	}
}
