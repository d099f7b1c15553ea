// Tests for FormatURL, String and the redaction of passwords in printed
// Configs, hosts, stores and errors.

package jdbcmysql

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
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
