package jdbcmysql

import (
	"crypto/tls"
	"errors"
	"strings"
	"testing"
)

func TestTLSVersionRange(t *testing.T) {
	tests := []struct {
		in       []string
		min, max uint16
		wantErr  string
	}{
		{nil, tls.VersionTLS12, tls.VersionTLS13, ""},
		{[]string{"TLSv1.2"}, tls.VersionTLS12, tls.VersionTLS12, ""},
		{[]string{"TLSv1.3"}, tls.VersionTLS13, tls.VersionTLS13, ""},
		{[]string{"TLSv1.2", " TLSv1.3 "}, tls.VersionTLS12, tls.VersionTLS13, ""},
		{[]string{"TLSv1.3, TLSv1.2"}, tls.VersionTLS12, tls.VersionTLS13, ""},
		{[]string{"TLSv1.2", "bogus"}, tls.VersionTLS12, tls.VersionTLS12, ""},
		{[]string{"TLSv1", "TLSv1.2"}, tls.VersionTLS12, tls.VersionTLS12, ""},
		{[]string{}, 0, 0, "is empty"},
		{[]string{" ", ""}, 0, 0, "is empty"},
		{[]string{"tlsv1.2"}, 0, 0, "only contains non valid"},
		{[]string{"SSLv3"}, 0, 0, "only contains non valid"},
		{[]string{"TLSv1", "TLSv1.1"}, 0, 0, "TLSv1 and TLSv1.1 are not supported"},
	}
	for _, tt := range tests {
		min, max, err := tlsVersionRange(tt.in)
		if tt.wantErr != "" {
			var pe *PropertyError
			if !errors.As(err, &pe) || !errors.Is(err, ErrInvalidProperty) || pe.Property != "tlsVersions" || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("tlsVersionRange(%q) error = %v, want PropertyError containing %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || min != tt.min || max != tt.max {
			t.Errorf("tlsVersionRange(%q) = %x, %x, %v; want %x, %x", tt.in, min, max, err, tt.min, tt.max)
		}
	}
}

func TestTLSCipherSuiteIDs(t *testing.T) {
	tests := []struct {
		in      []string
		want    []uint16
		wantErr string
	}{
		{nil, nil, ""},
		{[]string{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}, []uint16{tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}, ""},
		{[]string{"SSL_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}, []uint16{tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}, ""},
		{[]string{"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TLS_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
			[]uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384}, ""},
		{[]string{"TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"}, []uint16{tls.TLS_RSA_WITH_AES_128_GCM_SHA256}, ""},
		{[]string{"TLS_RSA_WITH_RC4_128_SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA"}, nil, "weak suites refused"},
		{[]string{"TLS_NOT_A_SUITE"}, nil, "none of the listed cipher suites"},
		{[]string{"TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"}, nil, "only TLS 1.3 cipher suites"},
	}
	for _, tt := range tests {
		got, err := tlsCipherSuiteIDs(tt.in)
		if tt.wantErr != "" {
			var pe *PropertyError
			if !errors.As(err, &pe) || pe.Property != "tlsCiphersuites" || !errors.Is(err, ErrInvalidProperty) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("tlsCipherSuiteIDs(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || len(got) != len(tt.want) {
			t.Errorf("tlsCipherSuiteIDs(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("tlsCipherSuiteIDs(%q) = %v, want %v", tt.in, got, tt.want)
			}
		}
	}
}
