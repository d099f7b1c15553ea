// This file reads a store location that names a directory as a mounted
// Kubernetes TLS Secret (cert-manager's tls.crt, tls.key and ca.crt): the
// files a role needs are joined into one PEM store.

package jdbcmysql

import (
	"bytes"
	"os"
	"path/filepath"
)

// secretDataLink is the symbolic link the kubelet swaps atomically when a
// mounted Secret changes; the files beside it are links through it.
const secretDataLink = "..data"

// secretFiles names the files of a kubernetes.io/tls Secret a store of
// role is made of: the certificate chain and its key for a client key
// store, the CA certificates for a trust store.
func secretFiles(role storeRole) []string {
	if role == roleTrustStore {
		return []string{"ca.crt"}
	}
	return []string{"tls.crt", "tls.key"}
}

// readSecretDir reads the files secretFiles names from dir and joins them
// into one PEM store (which loads under any declared type). When dir holds the
// kubelet's ..data link, the files are read from the one directory it
// points to, so a rotation never mixes an old certificate with a new key.
// When prev is still the version of every file, it returns (nil, prev,
// nil) without reading. Files over the store size limit together are
// refused.
func readSecretDir(o *options, dir string, role storeRole, prev *storeVersion) ([]byte, *storeVersion, error) {
	if target, err := filepath.EvalSymlinks(filepath.Join(dir, secretDataLink)); err == nil {
		dir = target
	}
	names := secretFiles(role)
	now := o.now()
	v := &storeVersion{readAt: now}
	var total int64
	for _, name := range names {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			return nil, nil, storeFaultf("cannot open: a directory is read as a mounted TLS Secret holding %s: %v",
				joinNames(names), unwrapPathError(err))
		}
		if !st.Mode().IsRegular() {
			return nil, nil, storeFaultf("cannot open: the Secret directory's %s is not a regular file", name)
		}
		total += st.Size()
		part := &storeVersion{size: st.Size(), modTime: st.ModTime(), readAt: now}
		part.dev, part.ino, part.ctime, part.identity = fileIdentity(st)
		v.parts = append(v.parts, part)
	}
	if total > o.maxStoreSize {
		return nil, nil, storeFaultf("the Secret directory's %s are %d bytes, over the %d-byte limit", joinNames(names), total, o.maxStoreSize)
	}
	if prev.unchanged(v, now) {
		return nil, prev, nil
	}
	var out bytes.Buffer
	for _, name := range names {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return nil, nil, storeFaultf("cannot open: %v", unwrapPathError(err))
		}
		data, err := readCapped(f, o.maxStoreSize-int64(out.Len()))
		f.Close()
		if err != nil {
			return nil, nil, err
		}
		out.Write(data)
		if n := len(data); n > 0 && data[n-1] != '\n' {
			out.WriteByte('\n')
		}
	}
	return out.Bytes(), v, nil
}

// joinNames lists file names for a message: "tls.crt and tls.key".
func joinNames(names []string) string {
	if len(names) == 2 {
		return names[0] + " and " + names[1]
	}
	return names[0]
}
