// This file tests opening stores: Connector/J locations, the scheme rule
// shared with the system-property fallback, and how keystore's errors
// become StoreErrors with this package's error classes.

package jdbcmysql

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/jdbcmysql/jdbcmysql/keystore"
)

const testPassword = "mypassword"

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestOpenKeyStoreErrors(t *testing.T) {
	ctx := context.Background()
	_, err := OpenKeyStore(ctx, "testdata/keystore", "JKS", "secret-wrong")
	var se *StoreError
	if !errors.As(err, &se) || !errors.Is(err, ErrKeyStorePassword) || !errors.Is(err, ErrKeyStore) || !errors.Is(err, keystore.ErrIncorrectPassword) {
		t.Fatalf("err = %v", err)
	}
	if se.Store != "client key store" || se.URL != "testdata/keystore" || strings.Contains(err.Error(), "secret-wrong") || !strings.Contains(err.Error(), "password") {
		t.Fatalf("message: %v", err)
	}

	big := filepath.Join(t.TempDir(), "big.jks")
	if err := os.WriteFile(big, make([]byte, 2<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err = OpenKeyStore(ctx, big, "JKS", ""); !errors.Is(err, ErrKeyStore) || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("oversized: %v", err)
	}

	ref := storeRef{Role: roleTrustStore, URL: "file:/x.p12", Type: "PKCS#12", Source: "trustCertificateKeyStoreUrl"}
	_, err = decodeStore([]byte{0x30}, ref, newOptions(nil))
	if !errors.As(ref.fail(err), &se) || se.Property != "trustCertificateKeyStoreType" || !errors.Is(se, ErrInvalidProperty) || !errors.Is(se, ErrKeyStore) {
		t.Fatalf("unknown type: %+v", se)
	}

	// keystore's limits (size, key-derivation budget, chain building) are ErrKeyStore.
	_, err = keystore.Decode(readTestdata(t, "keystore"), testPassword, keystore.WithMaxSize(10))
	ref = storeRef{Role: roleKeyStore, URL: "file:/ks.jks", Source: "clientCertificateKeyStoreUrl"}
	if err = ref.fail(err); !errors.Is(err, ErrKeyStore) || !errors.Is(err, keystore.ErrLimit) || errors.Is(err, ErrKeyStorePassword) || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("limit: %v", err)
	}

	// An unknown MAC digest is ErrUnsupported here too.
	data := bytes.Clone(readTestdata(t, "client-keystore.p12"))
	sha256OID := []byte{0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01}
	data[bytes.LastIndex(data, sha256OID)+len(sha256OID)-1] = 0x63
	bad := filepath.Join(t.TempDir(), "bad-mac.p12")
	if err := os.WriteFile(bad, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err = OpenKeyStore(ctx, bad, "PKCS12", testPassword); !errors.Is(err, ErrUnsupported) || !errors.Is(err, ErrKeyStore) || errors.Is(err, ErrKeyStorePassword) {
		t.Fatalf("unsupported MAC: %v", err)
	}
}

// TestLocationScheme: one rule decides what is a URL scheme, for reading
// locations and for the fallback's path-to-URL fix.
func TestLocationScheme(t *testing.T) {
	tests := []struct {
		location, scheme, rest string
		known                  bool
	}{
		{"file:/etc/ks.jks", "file", "/etc/ks.jks", true},
		{"FILE:ks.jks", "file", "ks.jks", true},
		{"https://h/ks", "https", "//h/ks", true},
		{"classpath:certs/ks", "classpath", "certs/ks", true},
		{"jar:file:/x.jar!/ks", "jar", "file:/x.jar!/ks", true},
		{"ftp://h/ks", "ftp", "//h/ks", false},
		{`C:\certs\ks.jks`, "", `C:\certs\ks.jks`, false},
		{"/etc/a:b", "", "/etc/a:b", false},
		{"ks.jks", "", "ks.jks", false},
		{"1x:y", "", "1x:y", false},
	}
	for _, tt := range tests {
		scheme, rest, known := locationScheme(tt.location)
		if scheme != tt.scheme || rest != tt.rest || known != tt.known {
			t.Errorf("%s: %q %q %v, want %q %q %v", tt.location, scheme, rest, known, tt.scheme, tt.rest, tt.known)
		}
	}
}

func TestStoreLocations(t *testing.T) {
	abs, err := filepath.Abs(filepath.Join("testdata", "keystore"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/keystore":
			w.Write(readTestdata(t, "keystore"))
		case "/huge":
			w.Write(make([]byte, 2<<20))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	fsys := fstest.MapFS{"certs/keystore": {Data: readTestdata(t, "keystore")}}
	tests := []struct {
		location string
		opts     []Option
		wantErr  string
	}{
		{location: "file:" + abs},
		{location: "file://" + abs},
		{location: "file://localhost" + abs},
		{location: "file:testdata/keystore"},
		{location: "testdata/keystore"},
		{location: abs},
		{location: "classpath:certs/keystore", opts: []Option{WithFS(fsys)}},
		{location: "classpath:/certs/keystore", opts: []Option{WithFS(fsys)}},
		{location: srv.URL + "/keystore"},
		{location: srv.URL + "/keystore", opts: []Option{WithHTTPClient(srv.Client())}},
		{location: "classpath:certs/keystore", wantErr: "WithFS"},
		{location: "jar:file:/x.jar!/ks", wantErr: "unsupported location scheme \"jar\""},
		{location: "file:testdata/missing.jks", wantErr: "no such file"},
		{location: srv.URL + "/missing", wantErr: "404"},
		{location: srv.URL + "/huge", wantErr: "limit"},
		{location: "testdata", wantErr: "a directory is read as a mounted TLS Secret holding tls.crt and tls.key"},
	}
	for _, tt := range tests {
		ks, err := OpenKeyStore(context.Background(), tt.location, "JKS", testPassword, tt.opts...)
		if tt.wantErr == "" {
			if err != nil || len(ks.Entries) != 1 {
				t.Errorf("%s: %v", tt.location, err)
			}
			continue
		}
		var se *StoreError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), tt.wantErr) || se.URL != tt.location {
			t.Errorf("%s: err = %v, want %q", tt.location, err, tt.wantErr)
		}
	}
}
