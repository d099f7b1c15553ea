// Tests for loading stores under pressure: deadlines and shared loads, a
// store rotated without changing size or mtime, a key store cut short,
// cross-origin HTTP redirects, and the bounds of the store and session
// caches.

package jdbcmysql

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jdbcmysql/jdbcmysql/keystore"
)

// hungStoreServer is an http server whose answers wait until the test
// ends; requests counts the requests it got.
func hungStoreServer(t *testing.T) (srv *httptest.Server, requests *atomic.Int32) {
	requests = &atomic.Int32{}
	release := make(chan struct{})
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	return srv, requests
}

// TestStoreLoadBoundedByConnectDeadline: connections to a key store that
// never answers fail within their connectTimeout (or context), all at
// once rather than one after another, with one fetch between them; a
// load in flight does not hold up loads of other stores; and the fetch
// itself ends at the store fetch timeout.
func TestStoreLoadBoundedByConnectDeadline(t *testing.T) {
	hung, requests := hungStoreServer(t)
	f := newTLSFixture(t)
	srv := newFakeServer(t, true, serverTLS(f.server))
	cfg := fakeConfig(srv, "127.0.0.1", SSLModeRequired)
	cfg.ClientKeyStore = Store{URL: hung.URL + "/ks.jks", Password: testPassword}
	cfg.ConnectTimeout = 300 * time.Millisecond
	conn, err := cfg.Connector()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = conn.Connect(context.Background()) // only connectTimeout bounds it
		}()
	}
	wg.Wait()
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("three connects with connectTimeout=300ms took %v", took)
	}
	for _, err := range errs {
		if !errors.Is(err, ErrKeyStore) || !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "deadline") {
			t.Errorf("error %v, want a key store deadline error", err)
		}
	}
	if n := requests.Load(); n != 1 {
		t.Errorf("three concurrent connects fetched the store %d times, want 1 shared fetch", n)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	cfg.ConnectTimeout = 0
	conn, err = cfg.Connector()
	if err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	if _, err := conn.Connect(ctx); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Errorf("connect with a 200ms context: %v after %v", err, time.Since(start))
	}

	// Another store loads while the hung one is in flight.
	cache := newStoreCache(newOptions([]Option{WithStoreFetchTimeout(400 * time.Millisecond)}))
	hungRef := storeRef{Role: roleKeyStore, URL: hung.URL + "/other.jks", Password: testPassword}
	done := make(chan error, 1)
	go func() {
		_, err := cache.load(context.Background(), hungRef)
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	start = time.Now()
	if _, err := cache.load(context.Background(), storeRef{Role: roleKeyStore, URL: filepath.Join("testdata", "keystore"), Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("a file store waited %v behind a hung http store", took)
	}
	select {
	case err := <-done:
		if !errors.Is(err, ErrKeyStore) || !strings.Contains(err.Error(), "cannot fetch") {
			t.Errorf("hung fetch ended with %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Error("WithStoreFetchTimeout(400ms) did not end the fetch")
	}
}

// fakeDecodes makes c decode any bytes as the seed's trust store, counting
// decodes: each new version gets a new generation.
func fakeDecodes(t *testing.T, c *storeCache, n *atomic.Uint64) {
	trust := readTestdata(t, "truststore.jks")
	c.decode = func(_ []byte, ref storeRef, o *options) (*keystore.KeyStore, error) {
		n.Add(1)
		return decodeStore(trust, ref, o)
	}
}

// TestStoreRotationWithSameSizeAndMtime: a store replaced by one of the
// same size with its mtime restored (cp -p in place, rsync -a's rename) is
// seen by the next load, from the change time and inode; a file left alone
// is not read again.
func TestStoreRotationWithSameSizeAndMtime(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "trust.jks")
	mtime := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	write := func(p string, b byte) {
		t.Helper()
		if err := os.WriteFile(p, bytes.Repeat([]byte{b}, 100), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	write(path, 'a')
	o := newOptions(nil)
	o.now = func() time.Time { return time.Now().Add(time.Hour) } // every read is long after the change
	c := newStoreCache(o)
	var decodes atomic.Uint64
	fakeDecodes(t, c, &decodes)
	ref := storeRef{Role: roleTrustStore, URL: "file:" + path, Source: "trustCertificateKeyStoreUrl"}
	load := func() uint64 {
		t.Helper()
		m, err := c.load(context.Background(), ref)
		if err != nil {
			t.Fatal(err)
		}
		return m.Generation
	}
	g1 := load()
	if load() != g1 || decodes.Load() != 1 {
		t.Fatalf("an unchanged file was decoded again (%d decodes)", decodes.Load())
	}
	time.Sleep(20 * time.Millisecond)
	write(path, 'b') // cp -p over the file: same inode, new change time
	g2 := load()
	if g2 == g1 {
		t.Fatal("an in-place rotation with the same size and mtime was not seen")
	}
	tmp := filepath.Join(dir, ".trust.jks.tmp")
	write(tmp, 'c') // rsync -a: a new file renamed over the old one
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
	if load() == g2 {
		t.Fatal("a rename with the same size and mtime was not seen")
	}
	if decodes.Load() != 3 {
		t.Fatalf("%d decodes, want 3", decodes.Load())
	}
}

// TestStoreJustWrittenIsReadAgain: a file changed within the change-time
// granularity of its read is read (and hashed) again, so a second change
// in the same clock tick is not missed.
func TestStoreJustWrittenIsReadAgain(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trust.jks")
	mtime := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c := newStoreCache(newOptions(nil))
	var decodes atomic.Uint64
	fakeDecodes(t, c, &decodes)
	ref := storeRef{Role: roleTrustStore, URL: path}
	for i, b := range []byte("xyz") {
		if err := os.WriteFile(path, bytes.Repeat([]byte{b}, 64), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, mtime, mtime); err != nil {
			t.Fatal(err)
		}
		if _, err := c.load(context.Background(), ref); err != nil {
			t.Fatal(err)
		}
		if decodes.Load() != uint64(i+1) {
			t.Fatalf("version %d not decoded", i+1)
		}
	}
}

// TestKeyStoreCutShortKeepsLastGood: a PEM key store caught mid-copy, which
// decodes to certificates without their key, is a broken version: the
// last good one stays in use, and it is logged once.
func TestKeyStoreCutShortKeepsLastGood(t *testing.T) {
	full := readTestdata(t, "pem-pkcs8.pem") // two certificates, then the key
	path := filepath.Join(t.TempDir(), "client.pem")
	var logs bytes.Buffer
	c := newStoreCache(newOptions([]Option{WithLogger(slog.New(slog.NewTextHandler(&logs, nil)))}))
	ref := storeRef{Role: roleKeyStore, URL: path, Type: "PEM", Source: "clientCertificateKeyStoreUrl"}
	if err := os.WriteFile(path, full, 0o600); err != nil {
		t.Fatal(err)
	}
	good, err := c.load(context.Background(), ref)
	if err != nil || len(good.Certificates) != 1 {
		t.Fatalf("full store: %v", err)
	}
	cut := full[:bytes.Index(full, []byte("-----BEGIN PRIVATE KEY"))+40]
	if err := os.WriteFile(path, cut, 0o600); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		m, err := c.load(context.Background(), ref)
		if err != nil || m.Generation != good.Generation || len(m.Certificates) != 1 {
			t.Fatalf("after the cut: generation %d, %d keys, %v", m.Generation, len(m.Certificates), err)
		}
	}
	if n := strings.Count(logs.String(), "no private key"); n != 1 {
		t.Fatalf("logged %d times: %s", n, logs.String())
	}
}

// TestStoreRedirectsStayOnOrigin: an http(s) store redirect that changes
// the scheme or the host is not followed, and the error says so without
// the target's password; a redirect within the origin is followed.
func TestStoreRedirectsStayOnOrigin(t *testing.T) {
	ks := readTestdata(t, "keystore")
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(ks) }))
	defer target.Close()
	redirectTo := func(to string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/same" {
				w.Write(ks)
				return
			}
			http.Redirect(w, r, to, http.StatusFound)
		}
	}
	secretTarget := strings.Replace(target.URL, "http://", "http://svc:SECRET@", 1) + "/ks"
	tlsSrv := httptest.NewTLSServer(redirectTo(secretTarget))
	defer tlsSrv.Close()
	other := httptest.NewServer(redirectTo(target.URL + "/ks"))
	defer other.Close()
	same := httptest.NewServer(redirectTo("/same"))
	defer same.Close()
	for _, tc := range []struct {
		name, url string
		client    *http.Client
	}{{"https to http", tlsSrv.URL + "/ks", tlsSrv.Client()}, {"another host", other.URL + "/ks", nil}} {
		var opts []Option
		if tc.client != nil {
			opts = append(opts, WithHTTPClient(tc.client))
		}
		_, err := OpenKeyStore(context.Background(), tc.url, "JKS", testPassword, opts...)
		if !errors.Is(err, ErrKeyStore) || !strings.Contains(err.Error(), "follows no redirect that changes the scheme or the host") || strings.Contains(err.Error(), "SECRET") {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	if _, err := OpenKeyStore(context.Background(), same.URL+"/ks", "JKS", testPassword); err != nil {
		t.Errorf("a redirect within the origin: %v", err)
	}
}

// heapInUse is the live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestStoreAndSessionCachesBounded: 2,000 distinct store paths (a system
// property changed 2,000 times) leave at most maxStoreEntries stores and
// maxSessionCaches session caches, and the heap grows by a bounded amount;
// stores whose file is gone are dropped first.
func TestStoreAndSessionCachesBounded(t *testing.T) {
	dir := t.TempDir()
	ks := readTestdata(t, "keystore")
	c := newStoreCache(newOptions(nil))
	var sessions sessionCaches
	before := heapInUse()
	for i := range 2000 {
		path := filepath.Join(dir, fmt.Sprintf("ks%d.jks", i))
		if err := os.WriteFile(path, ks, 0o600); err != nil {
			t.Fatal(err)
		}
		ref := storeRef{Role: roleKeyStore, URL: "file:" + path, Password: testPassword, Source: PropKeyStore}
		km, err := c.load(context.Background(), ref)
		if err != nil {
			t.Fatal(err)
		}
		sessions.get(sessionIdentity{source: ref.Source, url: ref.URL, generation: km.Generation})
	}
	grew := int64(heapInUse()) - int64(before)
	t.Logf("2,000 store paths: %d stores and %d session caches kept, heap grew %.1f MB", len(c.entries), len(sessions.m), float64(grew)/(1<<20))
	if len(c.entries) > maxStoreEntries || len(sessions.m) > maxSessionCaches {
		t.Fatalf("%d stores, %d session caches kept", len(c.entries), len(sessions.m))
	}
	if grew > 8<<20 {
		t.Errorf("heap grew by %d bytes for 2,000 store paths", grew)
	}

	// Files that vanished go first, before recently used ones.
	var kept []string
	for k := range c.entries {
		kept = append(kept, k.url)
	}
	for _, u := range kept[:10] {
		os.Remove(strings.TrimPrefix(u, "file:"))
	}
	path := filepath.Join(dir, "new.jks")
	if err := os.WriteFile(path, ks, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := c.load(context.Background(), storeRef{Role: roleKeyStore, URL: path, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	for k := range c.entries {
		for _, u := range kept[:10] {
			if k.url == u {
				t.Errorf("the entry of vanished %s was kept", u)
			}
		}
	}
	if len(c.entries) != maxStoreEntries-9 {
		t.Errorf("%d entries after dropping 10 vanished ones and adding one", len(c.entries))
	}
}
