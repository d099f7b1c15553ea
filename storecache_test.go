// This file tests the per-version store cache.

package jdbcmysql

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func copyFixture(t *testing.T, dir, name, as string) string {
	t.Helper()
	p := filepath.Join(dir, as)
	if err := os.WriteFile(p, readTestdata(t, name), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestStoreCacheDecodesOncePerVersion(t *testing.T) {
	dir := t.TempDir()
	path := copyFixture(t, dir, "keystore", "ks.jks")
	var logs bytes.Buffer
	var decodes atomic.Uint64
	c := countDecodes(newStoreCache(newOptions([]Option{WithLogger(slog.New(slog.NewTextHandler(&logs, nil)))})), &decodes)
	ref := storeRef{Role: roleKeyStore, URL: "file:" + path, Type: "JKS", Password: testPassword, Source: "clientCertificateKeyStoreUrl"}

	var wg sync.WaitGroup
	gens := make([]uint64, 100)
	for i := range 100 { // 100 pooled connections
		wg.Add(1)
		go func() {
			defer wg.Done()
			m, err := c.load(context.Background(), ref)
			if err != nil {
				t.Error(err)
				return
			}
			gens[i] = m.Generation
		}()
	}
	wg.Wait()
	if n := decodes.Load(); n != 1 {
		t.Fatalf("100 loads decoded %d times, want 1", n)
	}
	for _, g := range gens {
		if g != gens[0] {
			t.Fatal("generations differ for one version")
		}
	}

	// rotation: a new file version is decoded once, with a new generation
	rotate := func(name string) {
		t.Helper()
		data := readTestdata(t, strings.TrimSuffix(name, "!truncated"))
		if strings.HasSuffix(name, "!truncated") {
			data = data[:100]
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		later := time.Now().Add(time.Duration(decodes.Load()+1) * time.Second)
		if err := os.Chtimes(path, later, later); err != nil {
			t.Fatal(err)
		}
	}
	rotate("chain.jks")
	m, err := c.load(context.Background(), ref)
	if err != nil || m.Generation == gens[0] || len(m.Certificates[0].Certificate) != 2 {
		t.Fatalf("after rotation: gen %d, %v", m.Generation, err)
	}
	good := m.Generation

	// a broken rotation keeps the last good version and logs once, without the password
	rotate("chain.jks!truncated")
	for range 3 {
		m, err = c.load(context.Background(), ref)
		if err != nil || m.Generation != good {
			t.Fatalf("broken rotation: gen %d, %v", m.Generation, err)
		}
	}
	if n := strings.Count(logs.String(), "last good version"); n != 1 {
		t.Fatalf("logged %d times: %s", n, logs.String())
	}
	if strings.Contains(logs.String(), testPassword) {
		t.Fatal("log shows the password")
	}
	// a vanished file keeps the last good version too, logged once
	os.Remove(path)
	for range 3 {
		if m, err = c.load(context.Background(), ref); err != nil || m.Generation != good {
			t.Fatalf("missing file: %v", err)
		}
	}
	if n := strings.Count(logs.String(), "last good version"); n != 2 {
		t.Fatalf("logged %d times: %s", n, logs.String())
	}
	// touching without changing the bytes does not re-decode
	rotate("chain.jks")
	before := decodes.Load()
	rotate("chain.jks")
	if _, err := c.load(context.Background(), ref); err != nil {
		t.Fatal(err)
	}
	if decodes.Load()-before > 1 {
		t.Fatal("same bytes decoded again")
	}
}

func TestStoreCacheEmptyTrustStore(t *testing.T) {
	c := newStoreCache(newOptions(nil))
	ref := storeRef{Role: roleTrustStore, URL: filepath.Join("testdata", "truststore.p12"), Type: "PKCS12", Source: "trustCertificateKeyStoreUrl"}
	_, err := c.load(context.Background(), ref)
	var se *StoreError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "trustAnchors parameter must be non-empty") || se.Property != "trustCertificateKeyStoreUrl" {
		t.Fatalf("err = %v", err)
	}
	ref.Password = testPassword
	m, err := c.load(context.Background(), ref)
	if err != nil || m.RootCount != 1 {
		t.Fatalf("with password: %v", err)
	}
}

func BenchmarkStoreCacheLoad(b *testing.B) {
	c := newStoreCache(newOptions(nil))
	ref := storeRef{Role: roleKeyStore, URL: filepath.Join("testdata", "keytool.p12"), Type: "PKCS12", Password: testPassword}
	if _, err := c.load(context.Background(), ref); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.load(context.Background(), ref); err != nil {
			b.Fatal(err)
		}
	}
}
