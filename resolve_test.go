// Tests for ParseURL's property rules: values, the legacy sslMode mapping,
// X DevAPI inheritance, per-host properties and errors.

package jdbcmysql

import (
	"errors"
	"fmt"
	"net"
	"reflect"
	"strings"
	"testing"
	"time"
)

// public returns c without its unexported parse record, for comparisons.
func public(c *Config) Config {
	cp := *c
	cp.parsed = nil
	return cp
}

func mustParse(t testing.TB, url string, opts ...Option) *Config {
	t.Helper()
	c, err := ParseURL(url, opts...)
	if err != nil {
		t.Fatalf("ParseURL(%q): %v", url, err)
	}
	return c
}

func TestParseURLQuery(t *testing.T) {
	ign := func(c *Config, name string) (IgnoredProperty, bool) {
		for _, ig := range c.Ignored {
			if ig.Name == name {
				return ig, true
			}
		}
		return IgnoredProperty{}, false
	}
	c := mustParse(t, "jdbc:mysql://u:p%40ss@h:3307/my+db?sslMode=verify_ca&pw=a+b%2Bc&flag&empty=&k=v=w&sslMode=REQUIRED", AllowUnknownProperties())
	if c.SSLMode != SSLModeRequired || c.SSLModeSource != "sslMode" {
		t.Errorf("duplicate sslMode: got %s from %s, want the last one (REQUIRED)", c.SSLMode, c.SSLModeSource)
	}
	for name, want := range map[string]string{"pw": "a b+c", "flag": "", "empty": "", "k": "v=w"} {
		if ig, ok := ign(c, name); !ok || ig.Value != want {
			t.Errorf("Ignored[%s] = %+v, %v; want value %q", name, ig, ok, want)
		}
	}
	if c.Database != "my db" {
		t.Errorf("database %q", c.Database)
	}

	c = mustParse(t, "jdbc:mysql://h/db?allowMultiQueries=true#frag&useAffectedRows=true")
	if !c.AllowMultiQueries || c.UseAffectedRows {
		t.Errorf("fragment: allowMultiQueries %v useAffectedRows %v; the fragment must be ignored", c.AllowMultiQueries, c.UseAffectedRows)
	}

	for _, url := range []string{
		"jdbc:mysql://h/?tlsVersions=TLSv1.2&enabledTLSProtocols=TLSv1.3",
		"jdbc:mysql://h/?enabledTLSProtocols=TLSv1.3&tlsVersions=TLSv1.2",
	} {
		c = mustParse(t, url)
		if !reflect.DeepEqual(c.TLSVersions, []string{"TLSv1.2"}) {
			t.Errorf("%s: TLSVersions %v; the new name must win", url, c.TLSVersions)
		}
		if ig, ok := ign(c, "enabledTLSProtocols"); !ok || ig.Value != "TLSv1.3" {
			t.Errorf("%s: the losing alias should be listed as ignored, got %+v", url, c.Ignored)
		}
	}
	c = mustParse(t, "jdbc:mysql://h/?enabledSSLCipherSuites=A,B&serverTimezone=UTC")
	if !reflect.DeepEqual(c.TLSCipherSuites, []string{"A", "B"}) || c.ConnectionTimeZone != "UTC" {
		t.Errorf("aliases alone: ciphers %v zone %q", c.TLSCipherSuites, c.ConnectionTimeZone)
	}
	c = mustParse(t, "jdbc:mysql://h/?enabledSslCipherSuites=A", AllowUnknownProperties())
	if c.TLSCipherSuites != nil {
		t.Errorf("enabledSslCipherSuites (MariaDB spelling) must not be the alias; got %v", c.TLSCipherSuites)
	}
	c = mustParse(t, "jdbc:mysql://h/? key1 = value1 & & useSSL = false ", AllowUnknownProperties())
	if ig, ok := ign(c, "key1"); !ok || ig.Value != "value1" || c.SSLMode != SSLModeDisabled {
		t.Errorf("whitespace around keys and values: %+v", public(c))
	}
}

func TestParseURLErrors(t *testing.T) {
	tests := []struct {
		url      string
		class    error
		property string // for PropertyError
		contains string
	}{
		{"jdbc:mysql://h/db??x=1", ErrMalformedURL, "", "main URL sections"},
		{"jdbc:mysql://h//db", ErrMalformedURL, "", "main URL sections"},
		{"jdbc:postgresql://h/db", ErrMalformedURL, "", "unsupported scheme"},
		{"", ErrMalformedURL, "", ""},
		{"jdbc:mysql://h/db?x=100%", ErrMalformedURL, "", "Incomplete trailing escape"},
		{"jdbc:mysql://h/db?x=%zz", ErrMalformedURL, "", "Illegal hex"},
		{"jdbc:mysql://h/d%b", ErrMalformedURL, "", "database"},
		{"jdbc:mysql://h/db?we!rd=1", ErrMalformedURL, "", "near '!rd=...'"},
		{"jdbc:mysql://h:port/db", ErrMalformedURL, "", "host:port pair of host 'h'"},
		{"jdbc:mysql://h:70000/db", ErrMalformedURL, "", "host:port"},
		{"jdbc:mysql://[::1]x/db", ErrMalformedURL, "", "host:port"},
		{"jdbc:mysql://(host=h,port=x)/db", ErrMalformedURL, "", "port"},
		{"jdbc:mysql://address=(host=h)junk/db", ErrMalformedURL, "", "address="},
		{"jdbc:mysql://(ho!st=h)/db", ErrMalformedURL, "", "key-value"},
		{"jdbc:mysql://h/db?sslmode=DISABLED", ErrUnknownProperty, "sslmode", "did you mean 'sslMode'"},
		{"jdbc:mysql://h/db?usessl=false", ErrUnknownProperty, "usessl", "did you mean 'useSSL'"},
		{"jdbc:mysql://h/db?sslMdoe=DISABLED", ErrUnknownProperty, "sslMdoe", "did you mean 'sslMode'"},
		{"jdbc:mysql://h/db?useSSL=1", ErrInvalidProperty, "useSSL",
			"The connection property 'useSSL' acceptable values are: 'TRUE', 'FALSE', 'YES' or 'NO'. The value '1' is not acceptable."},
		{"jdbc:mysql://h/db?useSSL", ErrInvalidProperty, "useSSL", "The value '' is not acceptable."},
		{"jdbc:mysql://h/db?sslMode=verify-ca", ErrInvalidProperty, "sslMode",
			"The connection property 'sslMode' acceptable values are: 'DISABLED', 'PREFERRED', 'REQUIRED', 'VERIFY_CA' or 'VERIFY_IDENTITY'. The value 'verify-ca' is not acceptable."},
		{"jdbc:mysql://h/db?sslMode=VERIFY_FULL", ErrInvalidProperty, "sslMode", "VERIFY_FULL"},
		{"mysqlx://h/db?xdevapi.ssl-mode=PREFERRED", ErrInvalidProperty, "xdevapi.ssl-mode", "'DISABLED', 'REQUIRED', 'VERIFY_CA' or 'VERIFY_IDENTITY'"},
		{"jdbc:mysql://h/db?connectTimeout=abc", ErrInvalidProperty, "connectTimeout", "can not be converted to an integer"},
		{"jdbc:mysql://h/db?connectTimeout=-1", ErrInvalidProperty, "connectTimeout", "range of 0 - 2147483647"},
		{"jdbc:mysql://h/db?maxAllowedPacket=4g", ErrInvalidProperty, "maxAllowedPacket", "exceeds this range"},
		{"jdbc:mysql://h/db?sessionVariables=a=1,oops", ErrInvalidProperty, "sessionVariables", "'oops'"},
		{"jdbc:mysql://h/db?cachePrepStmts=maybe", ErrInvalidProperty, "cachePrepStmts", "acceptable values"},
		{"jdbc:mysql://h/db?fipsCompliantJsse=true", ErrUnsupported, "fipsCompliantJsse", "FIPS"},
		{"jdbc:mysql://(host=h,protocol=pipe)/db", ErrUnsupported, "protocol", "named pipes"},
		{"jdbc:mysql://h/db?socketFactory=com.example.Ssh", ErrUnsupported, "socketFactory", "socket factory"},
		{"jdbc:mysql://h/db?sslContextProvider=BCJSSE", ErrUnsupported, "sslContextProvider", "providers"},
		{"jdbc:mysql://a,(host=b,useSSL=maybe)/db", ErrInvalidProperty, "useSSL", "maybe"},
		{"jdbc:mysql+srv://h:3306/db", ErrMalformedURL, "", "port number with DNS SRV"},
		{"jdbc:mysql+srv://h1,h2/db", ErrMalformedURL, "", "Specifying multiple host names with DNS SRV"},
		{"jdbc:mysql+srv://h/db?dnsSrv=false", ErrMalformedURL, "", "'dnsSrv' cannot be set to false"},
		{"jdbc:mysql://h:3306/db?dnsSrv=true", ErrMalformedURL, "", "port number with DNS SRV"},
		{"mysqlx://(address=a,priority=101)", ErrMalformedURL, "", "[0, 100]"},
		{"mysqlx://(address=a,priority=1),b", ErrMalformedURL, "", "priority"},
		{"mysqlx://u:p@a,v:p@b", ErrMalformedURL, "", "same credentials"},
	}
	for _, tt := range tests {
		_, err := ParseURL(tt.url)
		if err == nil {
			t.Errorf("ParseURL(%q) succeeded; want %v", tt.url, tt.class)
			continue
		}
		if !errors.Is(err, tt.class) {
			t.Errorf("ParseURL(%q) = %v; want class %v", tt.url, err, tt.class)
		}
		if !strings.Contains(err.Error(), tt.contains) {
			t.Errorf("ParseURL(%q) = %q; want it to contain %q", tt.url, err, tt.contains)
		}
		if tt.property != "" {
			var pe *PropertyError
			if !errors.As(err, &pe) || pe.Property != tt.property {
				t.Errorf("ParseURL(%q) = %#v; want a PropertyError for %q", tt.url, err, tt.property)
			}
		}
	}
}

// legacyOracle is §1.3's pseudo-code, written independently of resolve.go.
func legacyOracle(useSSL, requireSSL, verify *bool) (SSLMode, string) {
	if useSSL == nil && requireSSL == nil && verify == nil {
		return SSLModePreferred, "default"
	}
	u := useSSL == nil || *useSSL
	switch {
	case !u:
		return SSLModeDisabled, legacySSLSource
	case verify != nil && *verify:
		return SSLModeVerifyCA, legacySSLSource
	case requireSSL != nil && *requireSSL:
		return SSLModeRequired, legacySSLSource
	}
	return SSLModePreferred, legacySSLSource
}

func TestLegacySSLMode(t *testing.T) {
	// The spec's named cases first.
	named := []struct {
		query string
		mode  SSLMode
	}{
		{"verifyServerCertificate=true", SSLModeVerifyCA},
		{"requireSSL=true", SSLModeRequired},
		{"useSSL=false&requireSSL=true", SSLModeDisabled},
		{"useSSL=false&verifyServerCertificate=true&requireSSL=true", SSLModeDisabled},
		{"useSSL=true", SSLModePreferred},
		{"useSSL=yes&requireSSL=YES", SSLModeRequired},
		{"sslMode=VERIFY_CA&requireSSL=true", SSLModeVerifyCA},
		{"sslMode=PREFERRED&useSSL=false", SSLModePreferred},
		{"sslMode=VERIFY_IDENTITY&useSSL=false", SSLModeVerifyIdentity},
	}
	for _, tt := range named {
		c := mustParse(t, "jdbc:mysql://h/db?"+tt.query)
		if c.SSLMode != tt.mode {
			t.Errorf("%s: sslMode %s, want %s", tt.query, c.SSLMode, tt.mode)
		}
	}
	// Then all 27 combinations of absent/true/false.
	vals := []*bool{nil, new(bool), new(bool)}
	*vals[1] = true
	for _, u := range vals {
		for _, r := range vals {
			for _, v := range vals {
				var q []string
				for name, b := range map[string]*bool{"useSSL": u, "requireSSL": r, "verifyServerCertificate": v} {
					if b != nil {
						q = append(q, fmt.Sprintf("%s=%v", name, *b))
					}
				}
				url := "jdbc:mysql://h/db?" + strings.Join(q, "&")
				c := mustParse(t, url)
				mode, source := legacyOracle(u, r, v)
				if c.SSLMode != mode || c.SSLModeSource != source {
					t.Errorf("%s: %s from %q, want %s from %q", url, c.SSLMode, c.SSLModeSource, mode, source)
				}
			}
		}
	}
}

func TestXDevAPIInheritance(t *testing.T) {
	tests := []struct {
		url    string
		mode   SSLMode
		source string
	}{
		{"mysqlx://h", SSLModeRequired, "default"},
		{"mysqlx://h?sslMode=PREFERRED", SSLModeRequired, "sslMode"},
		{"mysqlx://h?sslMode=DISABLED", SSLModeDisabled, "sslMode"},
		{"mysqlx://h?useSSL=false", SSLModeDisabled, legacySSLSource},
		{"mysqlx://h?useSSL=true", SSLModeRequired, legacySSLSource},
		{"mysqlx://h?xdevapi.ssl-mode=VERIFY_CA&sslMode=DISABLED", SSLModeVerifyCA, "xdevapi.ssl-mode"},
		{"mysqlx://h?xdevapiSslMode=disabled", SSLModeDisabled, "xdevapi.ssl-mode"},
		{"jdbc:mysql://h?xdevapi.ssl-mode=VERIFY_CA", SSLModePreferred, "default"},
	}
	for _, tt := range tests {
		c := mustParse(t, tt.url)
		if c.SSLMode != tt.mode || c.SSLModeSource != tt.source {
			t.Errorf("%s: %s from %q, want %s from %q", tt.url, c.SSLMode, c.SSLModeSource, tt.mode, tt.source)
		}
	}

	c := mustParse(t, "mysqlx://h?xdevapi.ssl-keystore=file:x&clientCertificateKeyStoreUrl=file:y&trustCertificateKeyStoreUrl=file:t&xdevapi.fallback-to-system-truststore=false&xdevapi.tls-versions=TLSv1.3&tlsVersions=TLSv1.2")
	if c.ClientKeyStore.URL != "file:x" || c.TrustStore.URL != "file:t" || c.FallbackToSystemTrustStore || !reflect.DeepEqual(c.TLSVersions, []string{"TLSv1.3"}) {
		t.Errorf("inheritance: %+v", public(c))
	}
	c = mustParse(t, "mysqlx://h?xdevapi.ssl-mode=DISABLED&xdevapi.tls-versions=TLSv1.3")
	if c.TLSVersions != nil || len(c.Ignored) != 1 || c.Ignored[0].Name != "xdevapi.tls-versions" {
		t.Errorf("DISABLED must ignore xdevapi.tls-versions: %v %+v", c.TLSVersions, c.Ignored)
	}
	c = mustParse(t, "jdbc:mysql://h?xdevapi.ssl-keystore=file:x")
	if c.ClientKeyStore.URL != "" || len(c.Ignored) != 1 {
		t.Errorf("classic URL must ignore xdevapi.*: %+v", public(c))
	}
}

func TestParseURLSettings(t *testing.T) {
	c := mustParse(t, "jdbc:mysql://h/db?trustCertificateKeyStoreUrl=file:/t.jks&trustCertificateKeyStoreType=PKCS12&trustCertificateKeyStorePassword=tp"+
		"&clientCertificateKeyStoreUrl=file:/k.p12&clientCertificateKeyStoreType=pkcs12&clientCertificateKeyStorePassword=kp"+
		"&fallbackToSystemKeyStore=false&fallbackToSystemTrustStore=NO&tlsVersions=+TLSv1.2+,+TLSv1.3+,&tlsCiphersuites="+
		"&jdbcmysql.clientCertificateKeyStoreAlias=client"+
		"&connectTimeout=5000&socketTimeout=30000&maxAllowedPacket=16M&characterEncoding=UTF-8&connectionCollation=utf8mb4_bin"+
		"&useAffectedRows=yes&allowMultiQueries=TRUE&sessionVariables=sql_mode%3D%27A%2CB%27%2C+time_zone%3D%27%2B00%3A00%27"+
		"&connectionAttributes=app:svc,k:a:b&allowPublicKeyRetrieval=true&serverRSAPublicKeyFile=/k.pem&connectionTimeZone=SERVER")
	want := Config{
		Type: URLTypeSingle, Hosts: []Host{{Host: "h", Port: 3306}}, Database: "db",
		SSLMode: SSLModePreferred, SSLModeSource: "default",
		TrustStore:             Store{URL: "file:/t.jks", Type: "PKCS12", Password: "tp"},
		ClientKeyStore:         Store{URL: "file:/k.p12", Type: "pkcs12", Password: "kp"},
		ClientCertificateAlias: "client",
		TLSVersions:            []string{"TLSv1.2", "TLSv1.3"}, TLSCipherSuites: []string{},
		ConnectTimeout: 5 * time.Second, SocketTimeout: 30 * time.Second, MaxAllowedPacket: 16 << 20,
		CharacterEncoding: "UTF-8", ConnectionCollation: "utf8mb4_bin", UseAffectedRows: true, AllowMultiQueries: true,
		SessionVariables:        []SessionVariable{{"sql_mode", "'A,B'"}, {"time_zone", "'+00:00'"}},
		ConnectionAttributes:    map[string]string{"app": "svc", "k": "a:b"},
		AllowPublicKeyRetrieval: true, ServerRSAPublicKeyFile: "/k.pem", ConnectionTimeZone: "SERVER",
		HA:   defaultHighAvailability(),
		Data: defaultDataSettings(),
	}
	if got := public(c); !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	c = mustParse(t, "jdbc:mysql://h/db?jdbcmysql.clientCertificateKeyStoreAlias=fromurl", WithClientCertificateAlias("fromopt"))
	if c.ClientCertificateAlias != "fromopt" {
		t.Errorf("WithClientCertificateAlias must override the property, got %q", c.ClientCertificateAlias)
	}
	c = mustParse(t, "jdbc:mysql://h/db?connectionAttributes=none&cachePrepStmts=true&password1=mfa")
	if c.ConnectionAttributes == nil || len(c.ConnectionAttributes) != 0 {
		t.Errorf("connectionAttributes=none: %v", c.ConnectionAttributes)
	}
	wantIgn := []IgnoredProperty{
		{Name: "cachePrepStmts", Value: "true", Reason: whyCache},
		{Name: "password1", Value: "", Reason: "multi-factor authentication is not supported by go-sql-driver"},
	}
	if !reflect.DeepEqual(c.Ignored, wantIgn) {
		t.Errorf("Ignored = %+v, want %+v", c.Ignored, wantIgn)
	}
}

func TestHostConfig(t *testing.T) {
	c := mustParse(t, "jdbc:mysql://(host=a,sslMode=DISABLED,connectTimeout=1),b,(host=c,sslMode=VERIFY_CA,user=cu,cachePrepStmts=true)/db?sslMode=REQUIRED&user=q&connectTimeout=2000")
	if c.SSLMode != SSLModeDisabled || c.ConnectTimeout != time.Millisecond {
		t.Fatalf("Config must hold host 0's effective values: %s %v", c.SSLMode, c.ConnectTimeout)
	}
	c.Password = "set-after-parse"
	want := []struct {
		mode    SSLMode
		user    string
		timeout time.Duration
		ignored int
	}{
		{SSLModeDisabled, "q", time.Millisecond, 0},
		{SSLModeRequired, "q", 2 * time.Second, 0},
		{SSLModeVerifyCA, "cu", 2 * time.Second, 1},
	}
	for i, w := range want {
		hc, err := c.hostConfig(i)
		if err != nil {
			t.Fatalf("hostConfig(%d): %v", i, err)
		}
		if hc.SSLMode != w.mode || hc.User != w.user || hc.ConnectTimeout != w.timeout || len(hc.Ignored) != w.ignored || hc.Password != "set-after-parse" {
			t.Errorf("hostConfig(%d) = %s %q %v %v %q; want %+v", i, hc.SSLMode, hc.User, hc.ConnectTimeout, hc.Ignored, hc.Password, w)
		}
	}
	if c.SSLMode != SSLModeDisabled {
		t.Error("hostConfig changed its receiver")
	}
	if _, err := c.hostConfig(3); err == nil {
		t.Error("hostConfig(3) of 3 hosts succeeded")
	}
	c = mustParse(t, "jdbc:mysql://(host=a,sslMode=DISABLED),b/db", WithClientCertificateAlias("opt"))
	if hc, err := c.hostConfig(1); err != nil || hc.ClientCertificateAlias != "opt" || hc.SSLMode != SSLModePreferred {
		t.Errorf("hostConfig(1) must keep the option's alias and drop host 0's sslMode: %v, %v", hc, err)
	}
	byHand := NewConfig()
	byHand.Hosts = append(byHand.Hosts, Host{Host: "b", Port: 3306, Properties: map[string]string{"sslMode": "VERIFY_IDENTITY"}})
	if hc, err := byHand.hostConfig(1); err != nil || hc.SSLMode != SSLModeVerifyIdentity {
		t.Errorf("hand-made hostConfig(1) = %v, %v", hc, err)
	}
}

func ExampleParseURL() {
	cfg, err := ParseURL("jdbc:mysql://db1.example.com:3307,db2.example.com/orders" +
		"?user=app&password=s3cret&useSSL=true&verifyServerCertificate=true&trustCertificateKeyStoreUrl=file:/etc/ssl/trust.jks" +
		"&connectTimeout=5000&cachePrepStmts=true")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.Type, cfg.Hosts[0].Host, cfg.Hosts[0].Port, cfg.Hosts[1].Port, cfg.Database)
	fmt.Println(cfg.SSLMode, "from", cfg.SSLModeSource)
	fmt.Println(cfg.TrustStore.URL, cfg.ConnectTimeout)
	fmt.Println(cfg.Ignored[0].Name, "ignored:", cfg.Ignored[0].Reason)
	fmt.Println(cfg)

	_, err = ParseURL("jdbc:mysql://db1.example.com/orders?sslmode=DISABLED")
	fmt.Println(errors.Is(err, ErrUnknownProperty), err)
	// Output:
	// FAILOVER db1.example.com 3307 3306 orders
	// VERIFY_CA from useSSL/requireSSL/verifyServerCertificate
	// file:/etc/ssl/trust.jks 5s
	// cachePrepStmts ignored: client-side caching inside Connector/J; go-sql-driver has its own
	// jdbc:mysql://db1.example.com:3307,db2.example.com:3306/orders?cachePrepStmts=true&connectTimeout=5000&password=***&trustCertificateKeyStoreUrl=file:/etc/ssl/trust.jks&user=app&verifyServerCertificate=true
	// true jdbcmysql: unknown connection property 'sslmode'; did you mean 'sslMode'? (Connector/J property names are case-sensitive); AllowUnknownProperties accepts unknown names
}

const benchURL = "jdbc:mysql://svc_orders:Xk9%2Bp%40ss%21w0rd@db-primary.prod.internal.example.com:3306," +
	"db-replica-1.prod.internal.example.com:3306/orders_service" +
	"?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=file:/etc/pki/java/mysql-truststore.jks" +
	"&trustCertificateKeyStorePassword=changeit&clientCertificateKeyStoreUrl=file:/etc/pki/java/orders-client.p12" +
	"&clientCertificateKeyStoreType=PKCS12&clientCertificateKeyStorePassword=k3ystor3%2Bpw&tlsVersions=TLSv1.3,TLSv1.2" +
	"&connectTimeout=5000&socketTimeout=60000&characterEncoding=UTF-8&connectionCollation=utf8mb4_0900_ai_ci" +
	"&useServerPrepStmts=true&cachePrepStmts=true&prepStmtCacheSize=250&prepStmtCacheSqlLimit=2048" +
	"&rewriteBatchedStatements=true&useLocalSessionState=true&elideSetAutoCommits=true&maintainTimeStats=false" +
	"&sessionVariables=sql_mode%3D%27STRICT_TRANS_TABLES%27,time_zone%3D%27%2B00%3A00%27&connectionTimeZone=UTC" +
	"&allowPublicKeyRetrieval=false&zeroDateTimeBehavior=CONVERT_TO_NULL&tcpKeepAlive=true"

func BenchmarkParseURL(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseURL(benchURL); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseURLManyHosts shows that a long host list with per-host
// properties and a long query parse in linear time.
func BenchmarkParseURLManyHosts(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("jdbc:mysql://")
	for i := range 5000 {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, "(host=h%d,sslMode=REQUIRED,x%d=1)", i, i)
	}
	sb.WriteString("/db?")
	for i := range 5000 {
		fmt.Fprintf(&sb, "q%d=%d&", i, i)
	}
	url := sb.String()
	b.SetBytes(int64(len(url)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseURL(url, AllowUnknownProperties()); err != nil {
			b.Fatal(err)
		}
	}
}

// TestUnencodedSeparatorsDoNotLeakPasswords: a password with an unencoded
// '&' or a host section with an unencoded '/' is refused with an error
// that shows no part of the password and says what to encode.
func TestUnencodedSeparatorsDoNotLeakPasswords(t *testing.T) {
	for _, tt := range []struct{ url, hint string }{
		{"jdbc:mysql://h/db?user=u&password=p@ss&w=rd%2B+xSECRET", "%26"},
		{"jdbc:mysql://(host=localhost,port=3306,password=SECRET,clientCertificateKeyStoreUrl=file:/abs/path)/db", "%2F"},
		{"jdbc:mysql://a,(host=b,password=SECRET,clientCertificateKeyStoreUrl=file:/k)/db", "%2F"},
	} {
		_, err := ParseURL(tt.url)
		if err == nil {
			t.Errorf("ParseURL(%q) succeeded", tt.url)
			continue
		}
		var pe *PropertyError
		if errors.As(err, &pe) && strings.Contains(pe.Value, "SECRET") {
			t.Errorf("ParseURL(%q): PropertyError.Value = %q", tt.url, pe.Value)
		}
		if !strings.Contains(err.Error(), tt.hint) || strings.Contains(err.Error(), "SECRET") {
			t.Errorf("ParseURL(%q) = %v; want the %s hint and no value", tt.url, err, tt.hint)
		}
	}
}

// TestFieldsSetInCodeSurvivePerHostProperties: a field set in code after
// ParseURL applies to every host, whatever per-host TLS properties the URL
// has; a host's own properties override only the fields they name (host
// 0's settings are the Config's fields as they are).
func TestFieldsSetInCodeSurvivePerHostProperties(t *testing.T) {
	c := mustParse(t, "jdbc:mysql://(host=a,port=1,tlsVersions=TLSv1.2),b:2/db?sslMode=DISABLED")
	c.SSLMode = SSLModeRequired
	for i, versions := range [][]string{{"TLSv1.2"}, nil} {
		hc, err := c.hostConfig(i)
		if err != nil {
			t.Fatal(err)
		}
		if hc.SSLMode != SSLModeRequired || !reflect.DeepEqual(hc.TLSVersions, versions) {
			t.Errorf("host %d: sslMode %s, tlsVersions %q; want REQUIRED and %q", i, hc.SSLMode, hc.TLSVersions, versions)
		}
	}
	// On the wire: host a refuses the connection, host b gets TLS.
	f := newTLSFixture(t)
	srv := newFakeServer(t, true, serverTLS(f.server))
	dead, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadPort := dead.Addr().(*net.TCPAddr).Port
	dead.Close()
	c = mustParse(t, fmt.Sprintf("jdbc:mysql://(host=127.0.0.1,port=%d,tlsVersions=TLSv1.2),127.0.0.1:%d/db?sslMode=DISABLED&user=app&fallbackToSystemKeyStore=false", deadPort, srv.port()))
	c.SSLMode = SSLModeRequired
	conn, err := connectOnce(t, c, nil)
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if s := srv.all(); len(s) != 1 || !s[0].sslRequest {
		t.Fatalf("host b was reached without TLS")
	}

	c = mustParse(t, "jdbc:mysql://a,(host=b,sslMode=DISABLED,connectTimeout=1),c/db?sslMode=REQUIRED&connectTimeout=2000&user=u")
	c.SSLMode, c.ConnectTimeout, c.TLSVersions, c.User = SSLModeVerifyCA, 5*time.Second, []string{"TLSv1.3"}, "v"
	want := []struct {
		mode    SSLMode
		timeout time.Duration
	}{{SSLModeVerifyCA, 5 * time.Second}, {SSLModeDisabled, time.Millisecond}, {SSLModeVerifyCA, 5 * time.Second}}
	for i, w := range want {
		hc, err := c.hostConfig(i)
		if err != nil {
			t.Fatal(err)
		}
		if hc.SSLMode != w.mode || hc.ConnectTimeout != w.timeout || !reflect.DeepEqual(hc.TLSVersions, []string{"TLSv1.3"}) || hc.User != "v" {
			t.Errorf("host %d: %s %v %q %q; want %s %v [TLSv1.3] v", i, hc.SSLMode, hc.ConnectTimeout, hc.TLSVersions, hc.User, w.mode, w.timeout)
		}
	}

	// An X DevAPI property names its classic field.
	c = mustParse(t, "mysqlx://a,(host=b,xdevapi.ssl-truststore=file:%2Fown)/db?xdevapi.ssl-mode=VERIFY_CA")
	c.TrustStore.URL = "file:/code"
	if hc, _ := c.hostConfig(1); hc.TrustStore.URL != "file:/own" {
		t.Errorf("host 1's own xdevapi.ssl-truststore lost to code: %q", hc.TrustStore.URL)
	}
	if hc, _ := c.hostConfig(0); hc.TrustStore.URL != "file:/code" {
		t.Errorf("host 0: %q", hc.TrustStore.URL)
	}
}

// TestXDevAPIPropertiesNameTheirClassicField: every X DevAPI property with
// a field is mapped to the classic property that sets the same field.
func TestXDevAPIPropertiesNameTheirClassicField(t *testing.T) {
	for i := range propertyTable {
		d := &propertyTable[i]
		if !d.xdevapiOnly() || d.rule == nil {
			continue
		}
		classic, ok := xdevapiClassic[d.name]
		if !ok {
			t.Errorf("%s has a field but no classic counterpart in xdevapiClassic", d.name)
			continue
		}
		v := "TLSv1.3"
		if d.kind == kindBool {
			v = "false"
			if d.def == "false" {
				v = "true"
			}
		}
		x, cl := NewConfig(), NewConfig()
		x.SSLMode, cl.SSLMode = SSLModeRequired, SSLModeRequired
		d.rule.apply(x, v)
		propertyIndex[classic].rule.apply(cl, v)
		if !reflect.DeepEqual(x, cl) || reflect.DeepEqual(x, NewConfig()) {
			t.Errorf("%s=%s and %s=%s set different fields", d.name, v, classic, v)
		}
	}
}
