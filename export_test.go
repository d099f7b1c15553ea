// This file gives the package's tests handles on internals that production
// code never changes.

package jdbcmysql

import (
	"sync/atomic"

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
