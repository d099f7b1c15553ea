// This file gives the package's tests handles on internals that production
// code never changes.

package jdbcmysql

import (
	"sync/atomic"
	"testing"

	"github.com/jdbcmysql/jdbcmysql/keystore"
)

// countDecodes makes c count every store decode in n.
func countDecodes(c *storeCache, n *atomic.Uint64) *storeCache {
	decode := c.decode
	c.decode = func(data []byte, ref storeRef, o *options) (*keystore.KeyStore, error) {
		n.Add(1)
		return decode(data, ref, o)
	}
	return c
}

// countConnectorDecodes gives conn a fresh store cache that counts its
// decodes in n; call it before the first connection.
func countConnectorDecodes(conn *Connector, n *atomic.Uint64) {
	conn.loadStore = countDecodes(newStoreCache(conn.opts), n).load
}

// withLaunchEnv gives the process's system properties, for one test, the
// launch environment env and no value set in code; the test's end restores
// them.
func withLaunchEnv(t *testing.T, env map[string]string) {
	t.Helper()
	p := sysProps
	p.mu.Lock()
	getenv, launch, code := p.getenv, p.launch, p.code
	p.getenv, p.launch, p.code = func(k string) string { return env[k] }, nil, map[string]string{}
	p.mu.Unlock()
	t.Cleanup(func() {
		p.mu.Lock()
		p.getenv, p.launch, p.code = getenv, launch, code
		p.mu.Unlock()
	})
}
