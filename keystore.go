// This file opens key stores and trust stores at the locations Connector/J
// accepts (file:, bare paths, classpath: through an fs.FS, http(s):),
// decodes them with package keystore, and reports failures as StoreErrors
// that name the store, its location and the property that chose it.

package jdbcmysql

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/jdbcmysql/jdbcmysql/keystore"
)

// defaultStoreFetchTimeout bounds http(s) store fetches when
// WithStoreFetchTimeout is not given.
const defaultStoreFetchTimeout = 30 * time.Second

// OpenKeyStore reads the key store at location (file:PATH, file:///PATH, a
// bare path, classpath:NAME with WithFS, http: or https:; a directory is a
// mounted Kubernetes TLS Secret, whose tls.crt and tls.key are joined into a
// PEM store) and decodes it as Connector/J decodes a client key store:
// storeType is a hint ("" for JKS;
// see keystore.WithType) and password opens the store and every key. Other
// schemes are refused. Errors are *StoreErrors naming the location; they
// match ErrKeyStore, and ErrKeyStorePassword for a wrong password.
func OpenKeyStore(ctx context.Context, location, storeType, password string, opts ...Option) (*keystore.KeyStore, error) {
	return openStore(ctx, storeRef{Role: roleKeyStore, URL: location, Type: storeType, Password: password}, newOptions(opts))
}

// openStore reads and decodes the store ref names, as OpenKeyStore and
// OpenTrustStore do: once, without the per-version cache.
func openStore(ctx context.Context, ref storeRef, o *options) (*keystore.KeyStore, error) {
	data, err := readStore(ctx, ref, o)
	if err != nil {
		return nil, err
	}
	ks, err := decodeStore(data, ref, o)
	if err != nil {
		return nil, ref.fail(err)
	}
	return ks, nil
}

// readStore reads the bytes of the store ref names; a failure is ref's
// *StoreError.
func readStore(ctx context.Context, ref storeRef, o *options) ([]byte, error) {
	data, _, err := readStoreLocation(ctx, o, ref.URL, ref.Role, nil)
	if err != nil {
		return nil, ref.fail(err)
	}
	return data, nil
}

// storeRole says what a store is for; it changes password rules and messages.
type storeRole int

const (
	roleKeyStore   storeRole = iota // client key store: no password means ""
	roleTrustStore                  // trust store: no password skips the integrity check
)

// storeRef says which store to load and where that choice came from.
type storeRef struct {
	Role     storeRole
	URL      string
	Type     string
	Password string
	// Source is the property that named the store, for messages:
	// "clientCertificateKeyStoreUrl", "javax.net.ssl.keyStore", ...
	Source string
}

// decodeStore decodes data with the rules of ref's role and declared type.
func decodeStore(data []byte, ref storeRef, o *options) (*keystore.KeyStore, error) {
	opts := []keystore.Option{keystore.WithType(ref.Type), keystore.WithMaxSize(int(o.maxStoreSize))}
	if ref.Role == roleTrustStore {
		return keystore.DecodeTrustStore(data, ref.Password, opts...)
	}
	return keystore.Decode(data, ref.Password, opts...)
}

// storeFault is a store failure before it is tied to a location: its
// message and the error classes it matches.
type storeFault struct {
	msg     string
	classes []error
}

func (f *storeFault) Error() string   { return f.msg }
func (f *storeFault) Unwrap() []error { return f.classes }

// storeFaultf reports a store failure of class ErrKeyStore.
func storeFaultf(format string, a ...any) error {
	return &storeFault{msg: fmt.Sprintf(format, a...), classes: []error{ErrKeyStore}}
}

// classify gives a keystore error this package's classes: ErrKeyStore
// always, ErrKeyStorePassword, ErrUnsupported or ErrInvalidProperty (an
// unknown type) as they apply; the keystore error stays matchable too.
func classify(err error) error {
	var f *storeFault
	if errors.As(err, &f) {
		return err
	}
	classes := []error{ErrKeyStore}
	switch {
	case errors.Is(err, keystore.ErrIncorrectPassword):
		classes = append(classes, ErrKeyStorePassword)
	case errors.Is(err, keystore.ErrUnsupported):
		classes = append(classes, ErrUnsupported)
	case errors.Is(err, keystore.ErrUnknownType):
		classes = append(classes, ErrInvalidProperty)
	}
	return &storeFault{msg: err.Error(), classes: append(classes, err)}
}

// storeName names the role in messages.
func (r storeRole) storeName() string {
	if r == roleTrustStore {
		return "trust store"
	}
	return "client key store"
}

// fail wraps err in a *StoreError naming the store, its location and the
// property at fault (the type property for an unknown type). It never
// includes the password.
func (r storeRef) fail(err error) error {
	var se *StoreError
	if errors.As(err, &se) {
		return err
	}
	prop := r.Source
	if errors.Is(err, keystore.ErrUnknownType) {
		prop = typeProperty(r.Source)
	}
	return &StoreError{Store: r.Role.storeName(), URL: redactLocation(r.URL), Property: prop, Msg: err.Error(), Err: classify(err)}
}

// typeProperty names the type property that goes with a location property.
func typeProperty(source string) string {
	switch {
	case source == "":
		return "store type"
	case strings.HasSuffix(source, "Url"):
		return strings.TrimSuffix(source, "Url") + "Type"
	case strings.HasPrefix(source, "javax.net.ssl."):
		return source + "Type"
	}
	return source
}

// storeVersion identifies one version of a store file's bytes: what stat
// says about it, and when it was read.
type storeVersion struct {
	size     int64
	modTime  time.Time
	dev, ino uint64
	ctime    time.Time
	identity bool      // dev, ino and ctime are known
	readAt   time.Time // when the bytes were read
	// parts holds, for a Secret directory, the version of each file read;
	// the fields above are then unset.
	parts []*storeVersion
}

// storeRehashInterval is how often a store file is read again when stat
// cannot tell a same-size, same-mtime rotation (no inode or change time).
const storeRehashInterval = 10 * time.Second

// storeClockSlack is the change-time granularity allowed for: a file
// changed this close to when it was read may change again without its
// change time moving, so it is read again until it has been quiet longer.
const storeClockSlack = 2 * time.Second

// unchanged reports whether v (from a fresh stat) is the version prev was
// read at: same size and modification time and, where the platform tells,
// the same device, inode and change time, with that change well before
// the read; without an identity, only within storeRehashInterval of the read.
func (prev *storeVersion) unchanged(v *storeVersion, now time.Time) bool {
	if prev != nil && (len(prev.parts) > 0 || len(v.parts) > 0) {
		if len(prev.parts) != len(v.parts) {
			return false
		}
		for i := range v.parts {
			if !prev.parts[i].unchanged(v.parts[i], now) {
				return false
			}
		}
		return true
	}
	if prev == nil || prev.size != v.size || !prev.modTime.Equal(v.modTime) || prev.identity != v.identity {
		return false
	}
	if !v.identity {
		return now.Sub(prev.readAt) < storeRehashInterval
	}
	changed := prev.ctime
	if prev.modTime.After(changed) {
		changed = prev.modTime
	}
	return prev.dev == v.dev && prev.ino == v.ino && prev.ctime.Equal(v.ctime) && prev.readAt.Sub(changed) >= storeClockSlack
}

// readStoreLocation reads the bytes at location for a store of role. For
// files, when prev is still the file's version it returns (nil, prev, nil)
// without reading. A directory is read as a mounted TLS Secret (see
// readSecretDir).
func readStoreLocation(ctx context.Context, o *options, location string, role storeRole, prev *storeVersion) ([]byte, *storeVersion, error) {
	scheme, rest, _ := locationScheme(location)
	switch scheme {
	case "":
		return readStoreFile(o, location, role, prev)
	case "file":
		return readStoreFile(o, filePathFromURL(rest), role, prev)
	case "classpath":
		if o.fsys == nil {
			return nil, nil, storeFaultf("classpath: locations need the WithFS option (no file system given)")
		}
		name := strings.TrimPrefix(rest, "/")
		if !fs.ValidPath(name) {
			return nil, nil, storeFaultf("classpath: name %q is not a valid path", name)
		}
		f, err := o.fsys.Open(name)
		if err != nil {
			return nil, nil, storeFaultf("cannot open: %v", err)
		}
		defer f.Close()
		data, err := readCapped(f, o.maxStoreSize)
		return data, nil, err
	case "http", "https":
		return fetchStore(ctx, o, location)
	}
	return nil, nil, storeFaultf("unsupported location scheme %q: use file:, a path, classpath: or http(s):", scheme)
}

// locationScheme splits a store location into its URL scheme (lower case)
// and the rest; scheme is "" for a bare path, including one that starts
// with a Windows drive letter ("C:\\ks.jks"). known reports whether
// java.net.URL opens the scheme (file, http, https, jar) or it is
// jdbcmysql's classpath:; a value without a known scheme is a path to Java.
func locationScheme(location string) (scheme, rest string, known bool) {
	i := strings.IndexByte(location, ':')
	if i < 2 {
		return "", location, false
	}
	for j, r := range location[:i] {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || j > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')
		if !ok {
			return "", location, false
		}
	}
	scheme = strings.ToLower(location[:i])
	switch scheme {
	case "file", "http", "https", "jar", "classpath":
		known = true
	}
	return scheme, location[i+1:], known
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

// readStoreFile reads the store file at path, or the Secret files in it
// when path is a directory.
func readStoreFile(o *options, path string, role storeRole, prev *storeVersion) ([]byte, *storeVersion, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, storeFaultf("cannot open: %v", unwrapPathError(err))
	}
	if st.IsDir() {
		return readSecretDir(o, path, role, prev)
	}
	if !st.Mode().IsRegular() {
		return nil, nil, storeFaultf("cannot open: %s is not a regular file", path)
	}
	if st.Size() > o.maxStoreSize {
		return nil, nil, storeFaultf("the store is %d bytes, over the %d-byte limit", st.Size(), o.maxStoreSize)
	}
	now := o.now()
	v := &storeVersion{size: st.Size(), modTime: st.ModTime(), readAt: now}
	v.dev, v.ino, v.ctime, v.identity = fileIdentity(st)
	if prev.unchanged(v, now) {
		return nil, prev, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, storeFaultf("cannot open: %v", unwrapPathError(err))
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
		return nil, storeFaultf("cannot read: %v", err)
	}
	if int64(len(data)) > max {
		return nil, storeFaultf("the store is over the %d-byte limit", max)
	}
	return data, nil
}

// fetchStore GETs an http(s) store within the store fetch timeout (and
// ctx), following no redirect that changes the scheme or the host.
func fetchStore(ctx context.Context, o *options, location string) ([]byte, *storeVersion, error) {
	ctx, cancel := context.WithTimeout(ctx, o.fetchTimeout())
	defer cancel()
	client := &http.Client{}
	if o.httpClient != nil {
		cp := *o.httpClient
		client = &cp
	}
	client.CheckRedirect = sameOriginRedirects(client.CheckRedirect)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, location, nil)
	if err != nil {
		return nil, nil, storeFaultf("does not appear to be a valid URL: %v", redactErr(err, location))
	}
	resp, err := client.Do(req)
	if err != nil {
		var cross *crossOriginRedirect
		if errors.As(err, &cross) {
			return nil, nil, storeFaultf("cannot fetch: the server redirected to %s; jdbcmysql follows no redirect that changes the scheme or the host (Java's HttpURLConnection follows none to another protocol)", cross.to)
		}
		return nil, nil, storeFaultf("cannot fetch: %v", redactErr(err, location))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, nil, storeFaultf("cannot fetch: HTTP status %s", resp.Status)
	}
	data, err := readCapped(resp.Body, o.maxStoreSize)
	return data, nil, err
}

// fetchTimeout is the bound of one http(s) store fetch.
func (o *options) fetchTimeout() time.Duration {
	if o.storeFetchTimeout > 0 {
		return o.storeFetchTimeout
	}
	return defaultStoreFetchTimeout
}

// crossOriginRedirect is a redirect fetchStore refused; to is redacted.
type crossOriginRedirect struct{ to string }

func (e *crossOriginRedirect) Error() string { return "redirect to " + e.to + " refused" }

// sameOriginRedirects wraps a client's redirect policy (nil: Go's default
// of at most 10) so that a redirect to another scheme or host is refused.
func sameOriginRedirects(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		first := via[0].URL
		if !strings.EqualFold(req.URL.Scheme, first.Scheme) || !strings.EqualFold(req.URL.Host, first.Host) {
			return &crossOriginRedirect{to: redactLocation(req.URL.String())}
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}

// redactErr rewrites an error text that quotes location with its redacted form.
func redactErr(err error, location string) string {
	return strings.ReplaceAll(err.Error(), location, redactLocation(location))
}
