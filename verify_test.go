package jdbcmysql

import (
	"crypto/x509"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestMatchPattern(t *testing.T) {
	tests := []struct {
		pattern, host string
		want          bool
	}{
		{"db.example.com", "db.example.com", true},
		{"db.example.com", "DB.Example.COM", true},
		{"db.example.com", "db2.example.com", false},
		{"*.example.com", "a.example.com", true},
		{"*.example.com", "A.EXAMPLE.com", true},
		{"*.example.com", "example.com", false},
		{"*.example.com", "a.b.example.com", false},
		{"*.example.com", ".example.com", true}, // the wildcard may match nothing
		{"db*.corp.example.com", "db1.corp.example.com", true},
		{"db*.corp.example.com", "db.corp.example.com", true},
		{"db*.corp.example.com", "web1.corp.example.com", false},
		{"*example.com", "fooexample.com", true}, // star before the first dot
		{"*example.com", "foo.example.com", false},
		{"a.*.example.com", "a.b.example.com", false}, // star not in the first label: literal
		{"a.*.example.com", "a.*.example.com", true},
		{"*", "anything", false}, // no dot: literal comparison
		{"*", "*", true},
		{"a*b.c", "ab.c", true},
		{"a*b.c", "a.c", false},
	}
	for _, tt := range tests {
		if got := matchPattern(tt.pattern, tt.host); got != tt.want {
			t.Errorf("matchPattern(%q, %q) = %v, want %v", tt.pattern, tt.host, got, tt.want)
		}
	}
}

func TestVerifyHostname(t *testing.T) {
	ca := newTestCA(t, "Test CA")
	tests := []struct {
		name    string
		spec    certSpec
		host    string
		wantErr string // substring; "" means success
	}{
		{"dns san", certSpec{cn: "x", dns: []string{"db.example.com"}}, "db.example.com", ""},
		{"dns san trailing dot host", certSpec{dns: []string{"db.example.com"}}, "db.example.com.", ""},
		{"wildcard san", certSpec{dns: []string{"*.example.com"}}, "db.example.com", ""},
		{"wildcard does not match two labels", certSpec{dns: []string{"*.example.com"}}, "a.db.example.com", "none of the certificate's DNS or IP"},
		{"partial label wildcard", certSpec{dns: []string{"db*.example.com"}}, "db7.example.com", ""},
		{"second dns san", certSpec{dns: []string{"other", "db.example.com"}}, "db.example.com", ""},
		{"san present, cn ignored", certSpec{cn: "db.example.com", dns: []string{"other.example.com"}}, "db.example.com", "none of the certificate's DNS or IP"},
		{"ipv4 san", certSpec{ips: []string{"127.0.0.1"}}, "127.0.0.1", ""},
		{"ipv4 san mismatch", certSpec{ips: []string{"127.0.0.2"}}, "127.0.0.1", "none of the certificate's DNS or IP"},
		{"ipv4 host vs dns san only", certSpec{cn: "127.0.0.1", dns: []string{"localhost"}}, "127.0.0.1", "none of the certificate's DNS or IP"},
		{"ipv6 san bracketed host", certSpec{ips: []string{"::1"}}, "[::1]", ""},
		{"ipv6 san long form host", certSpec{ips: []string{"2001:db8::1"}}, "[2001:db8:0:0:0:0:0:1]", ""},
		{"ipv6 san mismatch", certSpec{ips: []string{"2001:db8::2"}}, "[2001:db8::1]", "none of the certificate's DNS or IP"},
		{"ipv6 cn only with brackets", certSpec{cn: "[::1]"}, "[::1]", ""},
		{"ipv6 cn only without brackets", certSpec{cn: "::1"}, "[::1]", ""},
		{"cn only", certSpec{cn: "db.example.com"}, "DB.example.com", ""},
		{"cn only wildcard", certSpec{cn: "*.example.com"}, "db.example.com", ""},
		{"cn only mismatch", certSpec{cn: "db.example.com"}, "db2.example.com", "Common Name 'db.example.com' does not match"},
		{"email san only falls back to cn", certSpec{cn: "db.example.com", emails: []string{"a@example.com"}}, "db.example.com", ""},
		{"first of several cns", certSpec{cns: []string{"first.example.com", "second.example.com"}}, "first.example.com", ""},
		{"not the last cn", certSpec{cns: []string{"first.example.com", "second.example.com"}}, "second.example.com", "Common Name 'first.example.com'"},
		{"no cn and no san", certSpec{}, "db.example.com", "no Common Name"},
		{"empty host skips the check", certSpec{cn: "x"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cert := ca.issue(t, tt.spec).Leaf
			err := verifyHostname(cert, tt.host)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestServerVerifierModes(t *testing.T) {
	ca := newTestCA(t, "Good CA")
	other := newTestCA(t, "Other CA")
	expiredCA := newTestCAValid(t, "Expired CA", testNow.Add(-48*time.Hour), testNow.Add(-time.Hour))
	inter := ca.intermediate(t, "Intermediate CA")

	good := ca.issue(t, certSpec{cn: "db", dns: []string{"db.example.com"}}).Leaf
	expired := ca.issue(t, certSpec{dns: []string{"db.example.com"}, notBefore: testNow.Add(-48 * time.Hour), notAfter: testNow.Add(-time.Minute)}).Leaf
	future := ca.issue(t, certSpec{dns: []string{"db.example.com"}, notBefore: testNow.Add(time.Hour), notAfter: testNow.Add(48 * time.Hour)}).Leaf
	wrongCA := other.issue(t, certSpec{dns: []string{"db.example.com"}}).Leaf
	viaInter := inter.issue(t, certSpec{dns: []string{"db.example.com"}}).Leaf
	underExpired := makeCert(t, certSpec{dns: []string{"db.example.com"}}, &newKey(t).PublicKey, expiredCA.cert, expiredCA.key)

	roots := poolOf(ca.cert)
	tests := []struct {
		name      string
		mode      SSLMode
		chain     []*x509.Certificate
		roots     *x509.CertPool
		host      string
		wantCheck string // "" = passes
	}{
		{"preferred accepts unknown CA", SSLModePreferred, []*x509.Certificate{wrongCA}, nil, "db.example.com", ""},
		{"required accepts unknown CA", SSLModeRequired, []*x509.Certificate{wrongCA}, nil, "db.example.com", ""},
		{"required refuses expired", SSLModeRequired, []*x509.Certificate{expired}, nil, "db.example.com", "validity"},
		{"preferred refuses not yet valid", SSLModePreferred, []*x509.Certificate{future}, nil, "db.example.com", "validity"},
		{"required refuses expired CA sent", SSLModeRequired, []*x509.Certificate{underExpired, expiredCA.cert}, nil, "db.example.com", "validity"},
		{"required ignores hostname", SSLModeRequired, []*x509.Certificate{good}, nil, "other.example.com", ""},
		{"verify_ca good", SSLModeVerifyCA, []*x509.Certificate{good}, roots, "other.example.com", ""},
		{"verify_ca wrong CA", SSLModeVerifyCA, []*x509.Certificate{wrongCA}, roots, "db.example.com", "chain"},
		{"verify_ca expired leaf", SSLModeVerifyCA, []*x509.Certificate{expired}, roots, "db.example.com", "validity"},
		{"verify_ca expired anchor", SSLModeVerifyCA, []*x509.Certificate{underExpired}, poolOf(expiredCA.cert), "db.example.com", "chain"},
		{"verify_ca via intermediate as sent", SSLModeVerifyCA, []*x509.Certificate{viaInter, inter.cert}, roots, "db.example.com", ""},
		{"verify_ca with root sent too", SSLModeVerifyCA, []*x509.Certificate{viaInter, inter.cert, ca.cert}, roots, "db.example.com", ""},
		{"verify_ca missing intermediate", SSLModeVerifyCA, []*x509.Certificate{viaInter}, roots, "db.example.com", "chain"},
		{"verify_ca wrong order", SSLModeVerifyCA, []*x509.Certificate{viaInter, ca.cert, inter.cert}, roots, "db.example.com", "chain"},
		{"verify_ca intermediate as anchor, root sent after it", SSLModeVerifyCA, []*x509.Certificate{viaInter, inter.cert, ca.cert}, poolOf(inter.cert), "db.example.com", "chain"},
		{"verify_ca no roots", SSLModeVerifyCA, []*x509.Certificate{good}, nil, "db.example.com", "chain"},
		{"verify_identity good", SSLModeVerifyIdentity, []*x509.Certificate{good}, roots, "db.example.com", ""},
		{"verify_identity wrong host", SSLModeVerifyIdentity, []*x509.Certificate{good}, roots, "other.example.com", "hostname"},
		{"verify_identity wrong CA", SSLModeVerifyIdentity, []*x509.Certificate{wrongCA}, roots, "db.example.com", "chain"},
		{"empty chain", SSLModeRequired, nil, nil, "db.example.com", "chain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := &serverVerifier{mode: tt.mode, host: tt.host, roots: tt.roots, now: func() time.Time { return testNow }}
			err := v.verify(tt.chain)
			if tt.wantCheck == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var te *TLSError
			if !errors.As(err, &te) || !errors.Is(err, ErrServerCertificate) {
				t.Fatalf("error = %v, want *TLSError matching ErrServerCertificate", err)
			}
			if te.Check != tt.wantCheck || te.Mode != tt.mode || te.Host != tt.host {
				t.Fatalf("TLSError = %+v, want check %q", te, tt.wantCheck)
			}
			if !strings.Contains(te.Error(), string(tt.mode)) || !strings.Contains(te.Error(), tt.host) {
				t.Fatalf("message %q does not name the mode and host", te.Error())
			}
		})
	}
}
