// This file tests WithProperties, the Go form of
// DriverManager.getConnection(url, Properties): parsing rules, and a
// password full of URL metacharacters against a real REQUIRE X509 server.

package jdbcmysql_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jdbcmysql/jdbcmysql"
)

func TestWithPropertiesRules(t *testing.T) {
	const special = "p&a@s#s%w+o=r:d/?x"
	tests := []struct {
		name   string // the rule, with its source
		url    string
		props  map[string]string
		user   string
		pass   string
		db     string
		sslSrc jdbcmysql.SSLMode
	}{
		{name: "properties override the query (ConnectionUrl.collectProperties)",
			url: "jdbc:mysql://h/db?user=a&password=b&sslMode=REQUIRED", props: map[string]string{"user": "c", "password": "d", "sslMode": "VERIFY_CA"},
			user: "c", pass: "d", db: "db", sslSrc: jdbcmysql.SSLModeVerifyCA},
		{name: "the query stays where properties are silent",
			url: "jdbc:mysql://h/db?user=a&password=b", props: map[string]string{"connectTimeout": "5000"},
			user: "a", pass: "b", db: "db", sslSrc: jdbcmysql.SSLModePreferred},
		{name: "values are not URL-decoded",
			url: "jdbc:mysql://h/db", props: map[string]string{"user": "u+1", "password": special},
			user: "u+1", pass: special, db: "db", sslSrc: jdbcmysql.SSLModePreferred},
		{name: "case-insensitive keys are normalised (PropertyKey.normalizeCase)",
			url: "jdbc:mysql://h/db?user=a", props: map[string]string{"USER": "c", "Password": "d", "DBNAME": "other"},
			user: "c", pass: "d", db: "other", sslSrc: jdbcmysql.SSLModePreferred},
		{name: "user:password@ of a host wins for that host (ConnectionUrl.fixHostInfo)",
			url: "jdbc:mysql://hu:hp@h/db", props: map[string]string{"user": "c", "password": "d"},
			user: "hu", pass: "hp", db: "db", sslSrc: jdbcmysql.SSLModePreferred},
		{name: "(host=..,k=v) properties win for that host",
			url: "jdbc:mysql://(host=h,sslMode=DISABLED)/db", props: map[string]string{"sslMode": "REQUIRED"},
			db: "db", sslSrc: jdbcmysql.SSLModeDisabled},
		{name: "a nil map changes nothing",
			url: "jdbc:mysql://h/db?user=a", props: nil, user: "a", db: "db", sslSrc: jdbcmysql.SSLModePreferred},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := jdbcmysql.ParseURL(tt.url, jdbcmysql.WithProperties(tt.props))
			if err != nil {
				t.Fatal(err)
			}
			if c.User != tt.user || c.Password != tt.pass || c.Database != tt.db || c.SSLMode != tt.sslSrc {
				t.Fatalf("got user %q password %q db %q sslMode %s; want %q %q %q %s",
					c.User, c.Password, c.Database, c.SSLMode, tt.user, tt.pass, tt.db, tt.sslSrc)
			}
			// FormatURL carries the merged properties, so it parses back alone.
			back, err := jdbcmysql.ParseURL(c.FormatURL())
			if err != nil {
				t.Fatal(err)
			}
			if back.User != c.User || back.Password != c.Password || back.SSLMode != c.SSLMode {
				t.Fatalf("FormatURL round trip: %v, want %v", back, c)
			}
			if tt.pass != "" && strings.Contains(c.String(), "password="+tt.pass) {
				t.Fatalf("String() shows the password: %s", c)
			}
		})
	}
}

func TestWithPropertiesSecondHostKeepsItsOwn(t *testing.T) {
	c, err := jdbcmysql.ParseURL("jdbc:mysql://a,(host=b,user=bu)/db?user=q",
		jdbcmysql.WithProperties(map[string]string{"user": "p"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.User != "p" {
		t.Fatalf("first host user %q, want p", c.User)
	}
	if got := c.Hosts[1].Properties["user"]; got != "bu" {
		t.Fatalf("second host user %q, want bu", got)
	}
}

func TestWithPropertiesErrors(t *testing.T) {
	const secret = "S3cr3t&@#%+"
	tests := []struct {
		name  string
		props map[string]string
		is    error
		want  string
	}{
		{"unknown name", map[string]string{"sslmode": "VERIFY_CA", "password": secret}, jdbcmysql.ErrUnknownProperty, "did you mean 'sslMode'"},
		{"bad value", map[string]string{"sslMode": "SOMETIMES", "password": secret}, jdbcmysql.ErrInvalidProperty, "sslMode"},
		{"refused value", map[string]string{"socksProxyHost": "proxy", "password": secret}, jdbcmysql.ErrUnsupported, "socksProxyHost"},
		{"bad password-like value never shown", map[string]string{"trustCertificateKeyStorePassword": secret, "connectTimeout": "soon"}, jdbcmysql.ErrInvalidProperty, "connectTimeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := jdbcmysql.ParseURL("jdbc:mysql://h/db", jdbcmysql.WithProperties(tt.props))
			if !errors.Is(err, tt.is) {
				t.Fatalf("err = %v, want %v", err, tt.is)
			}
			var pe *jdbcmysql.PropertyError
			if !errors.As(err, &pe) {
				t.Fatalf("err %T is not a *PropertyError", err)
			}
			if !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), secret) {
				t.Fatalf("err = %q; want it to mention %q and not the password", err, tt.want)
			}
		})
	}
}

// ExampleWithProperties passes the user and password beside the URL, as a
// Java service does with DriverManager.getConnection(url, props): no URL
// encoding, and they override the URL's query.
func ExampleWithProperties() {
	cfg, err := jdbcmysql.ParseURL("jdbc:mysql://db.example:3306/shop?user=ignored&sslMode=VERIFY_IDENTITY",
		jdbcmysql.WithProperties(map[string]string{
			"user":     "shop_app",
			"password": "p&ss@w#rd%+",
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.User, cfg.Password == "p&ss@w#rd%+", cfg.SSLMode)
	// Output: shop_app true VERIFY_IDENTITY
}

// TestIntegrationWithPropertiesPassword connects as a REQUIRE X509 user
// whose password holds every URL metacharacter, passed unencoded.
func TestIntegrationWithPropertiesPassword(t *testing.T) {
	f := newFixture(t)
	const user, password = "jdbcmysql_wp_user", `p&a@s#s%w+o=r:d/?;'x`
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := f.srv.CreateUser(ctx, user, password, "X509"); err != nil && !strings.Contains(err.Error(), "1396") {
		t.Fatal(err)
	}
	u := fmt.Sprintf("jdbc:mysql://%s:%d/%s?sslMode=VERIFY_CA&%s&%s", f.srv.Host, f.srv.Port, f.srv.Database,
		strings.Join(keyStoreProps(f.jks, "", seedPassword), "&"), strings.Join(trustProps(f.trustJKS, "", seedPassword), "&"))
	s, err := connect(t, u, jdbcmysql.WithProperties(map[string]string{"user": user, "password": password}))
	wantUser(t, s, err, user)

	// The same password in the URL query, unencoded, is cut at '&' and fails.
	_, err = connect(t, u+"&user="+user+"&password="+password)
	if err == nil {
		t.Fatal("an unencoded password in the query connected; want a failure")
	}
	if strings.Contains(err.Error(), password) {
		t.Fatalf("error shows the password: %v", err)
	}
}
