// This file reads store locations (file:, bare paths, classpath: through an
// fs.FS, http(s):) and caches decoded stores per file version: a store is
// decoded once, re-checked cheaply on every load, re-decoded when its bytes
// change, and kept at its last good version when a rotated file is broken.

package jdbcmysql

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"
)

// defaultStoreFetchTimeout bounds http(s) store fetches when no client or
// storeFetchTimeout is given.
const defaultStoreFetchTimeout = 30 * time.Second

// storeVersion identifies one version of a store's bytes.
type storeVersion struct {
	size    int64
	modTime time.Time
}

// storeCache decodes each store once per file version. Safe for concurrent use.
type storeCache struct {
	opts *options

	mu      sync.Mutex
	entries map[storeCacheKey]*storeCacheEntry
}

// storeCacheKey is everything that changes what a decode returns.
type storeCacheKey struct {
	role     storeRole
	url      string
	typ      string
	password string
}

type storeCacheEntry struct {
	mu         sync.Mutex // one load at a time per store: concurrent callers share a decode
	stat       *storeVersion
	hash       [32]byte
	material   *keyMaterial // last good version
	badHash    [32]byte     // last version that failed to decode, not retried
	hasBad     bool
	badErr     error // why the last version failed
	lastLogged string
}

var storeGenerations struct {
	sync.Mutex
	n uint64
}

func nextStoreGeneration() uint64 {
	storeGenerations.Lock()
	defer storeGenerations.Unlock()
	storeGenerations.n++
	return storeGenerations.n
}

func newStoreCache(o *options) *storeCache {
	if o == nil {
		o = newOptions(nil)
	}
	return &storeCache{opts: o, entries: map[storeCacheKey]*storeCacheEntry{}}
}

// load returns the decoded store for ref, re-reading its location on every
// call (cheaply: stat for files) and re-decoding only when it changed. When a
// re-read fails after a rotation it returns the last good version and reports
// the error through the logger. A trust store with no trusted certificate is
// an error, as in Connector/J ("the trustAnchors parameter must be non-empty").
func (c *storeCache) load(ctx context.Context, ref storeRef) (*keyMaterial, error) {
	key := storeCacheKey{ref.Role, ref.URL, ref.Type, ref.Password}
	c.mu.Lock()
	e := c.entries[key]
	if e == nil {
		e = &storeCacheEntry{}
		c.entries[key] = e
	}
	c.mu.Unlock()

	e.mu.Lock()
	defer e.mu.Unlock()
	data, stat, err := readStoreLocation(ctx, c.opts, ref.URL, e.stat)
	if err == nil && data == nil { // unchanged file, not even read
		if e.material != nil {
			return e.material, nil
		}
		return nil, e.badErr
	}
	if err == nil {
		h := sha256.Sum256(data)
		switch {
		case e.material != nil && h == e.hash:
			e.stat = stat
			return e.material, nil
		case e.hasBad && h == e.badHash:
			e.stat = stat
			if e.material != nil {
				return e.material, nil
			}
			return nil, e.badErr
		}
		var ks *KeyStore
		ks, err = decodeStore(data, ref.Type, ref.Password, ref.Role)
		if err == nil && ref.Role == roleTrustStore && len(trustedEntries(ks)) == 0 {
			err = emptyTrustStoreError(ks, ref)
		}
		if err == nil {
			e.material = newKeyMaterial(ks, nextStoreGeneration())
			e.hash, e.stat, e.hasBad = h, stat, false
			return e.material, nil
		}
		e.badHash, e.hasBad, e.stat = h, true, stat
	}
	serr := ref.fail(err)
	e.badErr = serr
	if e.material == nil {
		return nil, serr
	}
	if l := c.opts.logger; l != nil && serr.Error() != e.lastLogged {
		e.lastLogged = serr.Error() // a missing file is reported once, not per connection
		l.Warn("jdbcmysql: keeping the last good version of a store that no longer loads",
			"store", ref.Role.storeName(), "url", redactLocation(ref.URL), "property", ref.Source,
			"generation", e.material.Generation, "error", serr.Error())
	}
	return e.material, nil
}

func trustedEntries(ks *KeyStore) []KeyStoreEntry {
	var out []KeyStoreEntry
	for _, e := range ks.Entries {
		if e.Trusted() {
			out = append(out, e)
		}
	}
	return out
}

// emptyTrustStoreError is Connector/J's failure for a trust store without
// anchors, with the likely reason.
func emptyTrustStoreError(ks *KeyStore, ref storeRef) error {
	msg := fmt.Sprintf("Could not load trust%s keystore: the trustAnchors parameter must be non-empty", strings.ToUpper(ks.DeclaredType))
	if ks.Format == formatPKCS12 && ref.Password == "" {
		msg += " (its certificates are encrypted and no password was given)"
	} else {
		msg += " (the store holds no certificate)"
	}
	return &storeFault{msg: msg, classes: []error{ErrKeyStore}}
}

// readStoreLocation reads the bytes at location. For files, when prev
// matches the file's size and modification time it returns (nil, prev, nil)
// without reading.
func readStoreLocation(ctx context.Context, o *options, location string, prev *storeVersion) ([]byte, *storeVersion, error) {
	scheme, rest := splitScheme(location)
	switch scheme {
	case "":
		return readStoreFile(o, location, prev)
	case "file":
		return readStoreFile(o, filePathFromURL(rest), prev)
	case "classpath":
		if o.fsys == nil {
			return nil, nil, formatError("classpath: locations need the WithFS option (no file system given)")
		}
		name := strings.TrimPrefix(rest, "/")
		if !fs.ValidPath(name) {
			return nil, nil, formatError("classpath: name %q is not a valid path", name)
		}
		f, err := o.fsys.Open(name)
		if err != nil {
			return nil, nil, formatError("cannot open: %v", err)
		}
		defer f.Close()
		data, err := readCapped(f, o.maxStoreSize)
		return data, nil, err
	case "http", "https":
		return fetchStore(ctx, o, location)
	}
	return nil, nil, formatError("unsupported location scheme %q: use file:, a path, classpath: or http(s):", scheme)
}

// splitScheme returns a URL scheme (lower case) and the rest, or "" for a
// bare path (one-letter schemes are Windows drive letters).
func splitScheme(location string) (scheme, rest string) {
	i := strings.IndexByte(location, ':')
	if i < 2 {
		return "", location
	}
	for j, r := range location[:i] {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || j > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')
		if !ok {
			return "", location
		}
	}
	return strings.ToLower(location[:i]), location[i+1:]
}

// filePathFromURL turns the part after "file:" into a path: "///p" and
// "//localhost/p" are absolute, "/p" too, anything else is relative to the
// working directory. Percent escapes are decoded, '+' is kept, as Java does.
func filePathFromURL(rest string) string {
	if strings.HasPrefix(rest, "//") {
		rest = rest[2:]
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			rest = rest[i:] // drop the (empty or localhost) host
		}
	}
	if p, err := url.PathUnescape(rest); err == nil {
		return p
	}
	return rest
}

func readStoreFile(o *options, path string, prev *storeVersion) ([]byte, *storeVersion, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, formatError("cannot open: %v", unwrapPathError(err))
	}
	if !st.Mode().IsRegular() {
		return nil, nil, formatError("cannot open: %s is not a regular file", path)
	}
	if st.Size() > o.maxStoreSize {
		return nil, nil, formatError("the store is %d bytes, over the %d-byte limit", st.Size(), o.maxStoreSize)
	}
	v := &storeVersion{size: st.Size(), modTime: st.ModTime()}
	if prev != nil && prev.size == v.size && prev.modTime.Equal(v.modTime) {
		return nil, prev, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, formatError("cannot open: %v", unwrapPathError(err))
	}
	defer f.Close()
	data, err := readCapped(f, o.maxStoreSize)
	return data, v, err
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

// readCapped reads r fully, refusing more than max bytes.
func readCapped(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, formatError("cannot read: %v", err)
	}
	if int64(len(data)) > max {
		return nil, formatError("the store is over the %d-byte limit", max)
	}
	return data, nil
}

func fetchStore(ctx context.Context, o *options, location string) ([]byte, *storeVersion, error) {
	client := o.httpClient
	if client == nil {
		timeout := o.storeFetchTimeout
		if timeout <= 0 {
			timeout = defaultStoreFetchTimeout
		}
		client = &http.Client{Timeout: timeout}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, location, nil)
	if err != nil {
		return nil, nil, formatError("does not appear to be a valid URL: %v", redactErr(err, location))
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, formatError("cannot fetch: %v", redactErr(err, location))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, nil, formatError("cannot fetch: HTTP status %s", resp.Status)
	}
	data, err := readCapped(resp.Body, o.maxStoreSize)
	return data, nil, err
}

// redactLocation hides user info (a password) in a URL location.
func redactLocation(location string) string {
	if !strings.Contains(location, "@") {
		return location
	}
	u, err := url.Parse(location)
	if err != nil || u.User == nil {
		return location
	}
	return u.Redacted()
}

// redactErr rewrites an error text that quotes location with its redacted form.
func redactErr(err error, location string) string {
	return strings.ReplaceAll(err.Error(), location, redactLocation(location))
}
