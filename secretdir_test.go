// Tests for reading a mounted kubernetes.io/tls Secret directory as a PEM
// store, and its rotation by the kubelet's ..data link swap.

package jdbcmysql

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// secretMount lays out dir as the kubelet mounts a Secret: the files in a
// timestamped directory, ..data linking to it, and each file a link
// through ..data.
type secretMount struct {
	t   *testing.T
	dir string
	n   int
}

func (m *secretMount) publish(files map[string][]byte) {
	m.t.Helper()
	m.n++
	ts := filepath.Join(m.dir, "..2026_12_02_0"+string(rune('0'+m.n)))
	if err := os.Mkdir(ts, 0o755); err != nil {
		m.t.Fatal(err)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(ts, name), data, 0o600); err != nil {
			m.t.Fatal(err)
		}
		link := filepath.Join(m.dir, name)
		if _, err := os.Lstat(link); err != nil {
			if err := os.Symlink(filepath.Join(secretDataLink, name), link); err != nil {
				m.t.Fatal(err)
			}
		}
	}
	tmp := filepath.Join(m.dir, "..data_tmp")
	if err := os.Symlink(filepath.Base(ts), tmp); err != nil {
		m.t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(m.dir, secretDataLink)); err != nil { // the atomic swap
		m.t.Fatal(err)
	}
}

// tlsSecret returns the files cert-manager writes for a leaf issued by ca.
func tlsSecret(t *testing.T, ca *testCA, cn string) (map[string][]byte, tls.Certificate) {
	leaf := ca.issue(t, certSpec{cn: cn})
	der, err := x509.MarshalPKCS8PrivateKey(leaf.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{
		"tls.crt": pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leaf.Certificate[0]}),
		"tls.key": pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}),
		"ca.crt":  pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.cert.Raw}),
	}, leaf
}

func TestSecretDirectoryIsAPEMStore(t *testing.T) {
	ca := newTestCA(t, "Secret CA")
	files, leaf := tlsSecret(t, ca, "orders")
	m := &secretMount{t: t, dir: t.TempDir()}
	m.publish(files)
	ctx := context.Background()

	ks, err := OpenKeyStore(ctx, "file:"+m.dir, "PEM", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(ks.Entries) != 1 || ks.Entries[0].PrivateKey == nil || !ks.Entries[0].Chain[0].Equal(leaf.Leaf) {
		t.Fatalf("key store from tls.crt and tls.key: %+v", ks.Entries)
	}
	ts, err := OpenTrustStore(ctx, m.dir, "PEM", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(ts.Entries) != 1 || ts.Entries[0].PrivateKey != nil || !ts.Entries[0].Chain[0].Equal(ca.cert) {
		t.Fatalf("trust store from ca.crt: %+v", ts.Entries)
	}
	if ks, err := OpenKeyStore(ctx, m.dir, "", ""); err != nil || len(ks.Entries) != 1 {
		t.Fatalf("a directory with the default type (JKS; PEM loads under any type): %v", err)
	}
	if err := os.Remove(filepath.Join(m.dir, secretDataLink, "tls.key")); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenKeyStore(ctx, m.dir, "PEM", ""); !errors.Is(err, ErrKeyStore) || !strings.Contains(err.Error(), "tls.key") {
		t.Fatalf("a directory without tls.key: %v", err)
	}
}

// TestSecretDirectoryRotation: after the kubelet swaps ..data, the next
// load reads the new certificate and key together; without a swap the
// files are not decoded again.
func TestSecretDirectoryRotation(t *testing.T) {
	ca := newTestCA(t, "Secret CA")
	m := &secretMount{t: t, dir: t.TempDir()}
	files, first := tlsSecret(t, ca, "orders-1")
	m.publish(files)
	o := newOptions(nil)
	c := newStoreCache(o)
	ref := storeRef{Role: roleKeyStore, URL: m.dir, Type: "PEM", Source: "clientCertificateKeyStoreUrl"}
	load := func() *keyMaterial {
		t.Helper()
		km, err := c.load(context.Background(), ref)
		if err != nil {
			t.Fatal(err)
		}
		return km
	}
	km := load()
	if len(km.Certificates) != 1 || !km.Certificates[0].Leaf.Equal(first.Leaf) {
		t.Fatalf("first version: %d keys", len(km.Certificates))
	}
	if again := load(); again.Generation != km.Generation {
		t.Fatal("an unchanged Secret was decoded again")
	}
	files, second := tlsSecret(t, ca, "orders-2")
	m.publish(files)
	next := load()
	if next.Generation == km.Generation || !next.Certificates[0].Leaf.Equal(second.Leaf) {
		t.Fatalf("after the ..data swap: generation %d (was %d)", next.Generation, km.Generation)
	}
}
