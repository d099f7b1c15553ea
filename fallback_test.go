package jdbcmysql

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestParseJavaOptions(t *testing.T) {
	tests := []struct {
		in   string
		want map[string]string
	}{
		{"", map[string]string{}},
		{"-Xmx1g -Djavax.net.ssl.keyStore=/etc/ks.p12 -Dother=x", map[string]string{PropKeyStore: "/etc/ks.p12"}},
		{`-Djavax.net.ssl.keyStore="/etc/my keys/ks.p12" -Djavax.net.ssl.keyStorePassword='p w'`,
			map[string]string{PropKeyStore: "/etc/my keys/ks.p12", PropKeyStorePassword: "p w"}},
		{`"-Djavax.net.ssl.trustStoreType=PKCS12"	-Djavax.net.ssl.trustStore=a=b`, map[string]string{PropTrustStoreType: "PKCS12", PropTrustStore: "a=b"}},
		{"-Djavax.net.ssl.keyStore=a -Djavax.net.ssl.keyStore=b", map[string]string{PropKeyStore: "b"}},
		{"-Djavax.net.ssl.keyStorePassword=", map[string]string{PropKeyStorePassword: ""}},
	}
	for _, tt := range tests {
		if got := parseJavaOptions(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseJavaOptions(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestSystemPropertyPrecedence(t *testing.T) {
	withLaunchEnv(t, map[string]string{
		"JAVA_TOOL_OPTIONS": "-Djavax.net.ssl.keyStore=/tool/ks.jks -Djavax.net.ssl.trustStore=/tool/ts.jks",
		"JDK_JAVA_OPTIONS":  "-Djavax.net.ssl.keyStore=/jdk/ks.jks",
	})
	if v, ok := SystemProperty(PropKeyStore); !ok || v != "/jdk/ks.jks" {
		t.Fatalf("launch value = %q, %v; want JDK_JAVA_OPTIONS to win", v, ok)
	}
	if v, _ := SystemProperty(PropTrustStore); v != "/tool/ts.jks" {
		t.Fatalf("trust store = %q", v)
	}
	if err := SetSystemProperty(PropKeyStore, "/code/ks.p12"); err != nil {
		t.Fatal(err)
	}
	if v, _ := SystemProperty(PropKeyStore); v != "/code/ks.p12" {
		t.Fatalf("code value does not override launch value: %q", v)
	}
	ClearSystemProperty(PropKeyStore)
	if v, _ := SystemProperty(PropKeyStore); v != "/jdk/ks.jks" {
		t.Fatalf("after clear = %q, want launch value back", v)
	}
	if _, ok := SystemProperty(PropKeyStorePassword); ok {
		t.Fatal("unset property reported as set")
	}
	err := SetSystemProperty("javax.net.ssl.keystore", "x")
	var pe *PropertyError
	if !errors.As(err, &pe) || !errors.Is(err, ErrUnknownProperty) {
		t.Fatalf("wrong-case name accepted: %v", err)
	}
}

func TestSystemPropertyConcurrent(t *testing.T) {
	withLaunchEnv(t, nil)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 100 {
				_ = SetSystemProperty(PropTrustStore, fmt.Sprint(i, j))
				SystemProperty(PropTrustStore)
				ClearSystemProperty(PropTrustStore)
			}
		}()
	}
	wg.Wait()
}

func TestResolveStores(t *testing.T) {
	launch := map[string]string{"JAVA_TOOL_OPTIONS": "-Djavax.net.ssl.keyStore=/launch/ks.p12 -Djavax.net.ssl.keyStorePassword=launchpw " +
		"-Djavax.net.ssl.trustStore=file:/launch/ts.jks"}
	tests := []struct {
		name      string
		env       map[string]string
		code      map[string]string
		edit      func(c *Config)
		wantKS    storeRef
		wantKSok  bool
		wantTS    storeRef
		wantTSok  bool
		wantRoots bool
	}{
		{name: "nothing anywhere: no key store, system roots",
			wantKS: storeRef{Role: roleKeyStore, Source: PropKeyStore}, wantTS: storeRef{Role: roleTrustStore, Source: PropTrustStore}, wantRoots: true},
		{name: "launch values; plain path becomes file:", env: launch,
			wantKS:   storeRef{Role: roleKeyStore, URL: "file:/launch/ks.p12", Password: "launchpw", Source: PropKeyStore},
			wantKSok: true,
			wantTS:   storeRef{Role: roleTrustStore, URL: "file:/launch/ts.jks", Source: PropTrustStore}, wantTSok: true},
		{name: "code overrides launch", env: launch, code: map[string]string{PropKeyStore: "/code/ks.jks", PropKeyStoreType: "PKCS12"},
			wantKS:   storeRef{Role: roleKeyStore, URL: "file:/code/ks.jks", Type: "PKCS12", Password: "launchpw", Source: PropKeyStore},
			wantKSok: true,
			wantTS:   storeRef{Role: roleTrustStore, URL: "file:/launch/ts.jks", Source: PropTrustStore}, wantTSok: true},
		{name: "connection properties win, for this connection", env: launch, code: map[string]string{PropKeyStore: "/code/ks.jks"},
			edit: func(c *Config) {
				c.ClientKeyStore = Store{URL: "file:/conn/ks.jks", Type: "JKS", Password: "connpw"}
				c.TrustStore = Store{URL: "file:/conn/ts.jks"}
			},
			wantKS:   storeRef{Role: roleKeyStore, URL: "file:/conn/ks.jks", Type: "JKS", Password: "connpw", Source: "clientCertificateKeyStoreUrl"},
			wantKSok: true,
			wantTS:   storeRef{Role: roleTrustStore, URL: "file:/conn/ts.jks", Source: "trustCertificateKeyStoreUrl"}, wantTSok: true},
		{name: "fallback: connection password discarded, connection type kept", env: launch,
			edit:   func(c *Config) { c.ClientKeyStore = Store{Type: "PKCS12", Password: "ignored"} },
			wantKS: storeRef{Role: roleKeyStore, URL: "file:/launch/ks.p12", Type: "PKCS12", Password: "launchpw", Source: PropKeyStore}, wantKSok: true,
			wantTS: storeRef{Role: roleTrustStore, URL: "file:/launch/ts.jks", Source: PropTrustStore}, wantTSok: true},
		{name: "flags off stop the fallback", env: launch,
			edit:   func(c *Config) { c.FallbackToSystemKeyStore, c.FallbackToSystemTrustStore = false, false },
			wantKS: storeRef{Role: roleKeyStore, Source: "clientCertificateKeyStoreUrl"},
			wantTS: storeRef{Role: roleTrustStore, Source: "trustCertificateKeyStoreUrl"}},
		{name: "windows path becomes file:", code: map[string]string{PropKeyStore: `C:\keys\ks.p12`},
			wantKS: storeRef{Role: roleKeyStore, URL: `file:C:\keys\ks.p12`, Source: PropKeyStore}, wantKSok: true,
			wantTS: storeRef{Role: roleTrustStore, Source: PropTrustStore}, wantRoots: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			withLaunchEnv(t, tt.env)
			for k, v := range tt.code {
				if err := SetSystemProperty(k, v); err != nil {
					t.Fatal(err)
				}
			}
			c := NewConfig()
			if tt.edit != nil {
				tt.edit(c)
			}
			ks, ok := resolveKeyStore(c)
			if ok != tt.wantKSok || ks != tt.wantKS {
				t.Errorf("resolveKeyStore = %+v, %v; want %+v, %v", ks, ok, tt.wantKS, tt.wantKSok)
			}
			ts, ok, roots := resolveTrustStore(c)
			if ok != tt.wantTSok || ts != tt.wantTS || roots != tt.wantRoots {
				t.Errorf("resolveTrustStore = %+v, %v, %v; want %+v, %v, %v", ts, ok, roots, tt.wantTS, tt.wantTSok, tt.wantRoots)
			}
		})
	}
}

// TestConfigResolveStores: ResolveStores reports the stores by the rule the
// connector uses, with the reason when there is none, and never shows a
// password.
func TestConfigResolveStores(t *testing.T) {
	withLaunchEnv(t, map[string]string{"JAVA_TOOL_OPTIONS": "-Djavax.net.ssl.keyStore=/launch/ks.p12 -Djavax.net.ssl.keyStorePassword=launchSECRET"})
	tests := []struct {
		url          string
		ks, ts       string // want in String()
		ksSrc, tsSrc string
		roots        bool
	}{
		{"jdbc:mysql://h/db?sslMode=DISABLED&clientCertificateKeyStoreUrl=file:/k", "not used (sslMode=DISABLED)", "not used (sslMode=DISABLED)", "", "", false},
		{"jdbc:mysql://h/db?clientCertificateKeyStoreUrl=https://u:SECRET@127.0.0.1/k&clientCertificateKeyStorePassword=SECRET",
			"https://u:***@127.0.0.1/k (JKS, password ***) from clientCertificateKeyStoreUrl", "does not verify the server's chain", "clientCertificateKeyStoreUrl", "", false},
		{"jdbc:mysql://h/db?sslMode=REQUIRED", "file:/launch/ks.p12 (JKS, password ***) from " + PropKeyStore, "not used: sslMode REQUIRED", PropKeyStore, "", false},
		{"jdbc:mysql://h/db?fallbackToSystemKeyStore=false&sslMode=VERIFY_IDENTITY",
			"none: the URL names none and fallbackToSystemKeyStore is false", "the operating system's trusted roots", "clientCertificateKeyStoreUrl", PropTrustStore, true},
		{"jdbc:mysql://h/db?sslMode=VERIFY_CA&fallbackToSystemTrustStore=false&trustCertificateKeyStoreUrl=",
			"from " + PropKeyStore, "sslMode VERIFY_CA cannot connect without one", PropKeyStore, "trustCertificateKeyStoreUrl", false},
		{"jdbc:mysql://h/db?sslMode=VERIFY_CA&trustCertificateKeyStoreUrl=file:/t.jks", "from " + PropKeyStore,
			"file:/t.jks (JKS) from trustCertificateKeyStoreUrl", PropKeyStore, "trustCertificateKeyStoreUrl", false},
	}
	for _, tt := range tests {
		ks, ts := mustParse(t, tt.url).ResolveStores()
		if !strings.Contains(ks.String(), tt.ks) || !strings.Contains(ts.String(), tt.ts) || ks.Source != tt.ksSrc || ts.Source != tt.tsSrc || ts.SystemRoots != tt.roots {
			t.Errorf("%s:\n key store   %q from %q\n trust store %q from %q (system roots %v)", tt.url, ks, ks.Source, ts, ts.Source, ts.SystemRoots)
		}
		if strings.Contains(ks.String()+ts.String(), "SECRET") {
			t.Errorf("%s: a password shows: %s / %s", tt.url, ks, ts)
		}
	}
	ClearSystemProperty(PropKeyStore)
	if err := SetSystemProperty(PropKeyStore, ""); err != nil {
		t.Fatal(err)
	}
	ks, _ := mustParse(t, "jdbc:mysql://h/db").ResolveStores()
	if ks.Store.URL != "" || ks.String() != "none: the URL names none and "+PropKeyStore+" is not set" {
		t.Errorf("with %s empty: %q", PropKeyStore, ks)
	}
	ClearSystemProperty(PropKeyStore)
}
