// This file decides where a connection's key store and trust store come
// from: the URL's properties, else the process-wide javax.net.ssl.*
// settings (set in code, else read once from JAVA_TOOL_OPTIONS /
// JDK_JAVA_OPTIONS). It knows nothing about store formats.

package jdbcmysql

// The javax.net.ssl system properties jdbcmysql honours.
const (
	PropKeyStore           = "javax.net.ssl.keyStore"
	PropKeyStoreType       = "javax.net.ssl.keyStoreType"
	PropKeyStorePassword   = "javax.net.ssl.keyStorePassword"
	PropTrustStore         = "javax.net.ssl.trustStore"
	PropTrustStoreType     = "javax.net.ssl.trustStoreType"
	PropTrustStorePassword = "javax.net.ssl.trustStorePassword"
)

// SetSystemProperty sets one of the javax.net.ssl.* properties for the whole
// process, overriding the same entry in JAVA_TOOL_OPTIONS/JDK_JAVA_OPTIONS.
// It refuses other names. Safe for concurrent use.
func SetSystemProperty(name, value string) error { panic("TODO(tls): SetSystemProperty") }

// ClearSystemProperty removes a value set with SetSystemProperty; the
// launch-time value (if any) applies again.
func ClearSystemProperty(name string) { panic("TODO(tls): ClearSystemProperty") }

// SystemProperty returns the effective value of a javax.net.ssl.* property
// and whether it is set.
func SystemProperty(name string) (string, bool) { panic("TODO(tls): SystemProperty") }

// resolveKeyStore applies Connector/J's rule for the client key store: the
// URL property if non-empty, else (when FallbackToSystemKeyStore) the system
// properties. ok is false when there is no key store to send.
func resolveKeyStore(c *Config) (ref storeRef, ok bool) { panic("TODO(tls): resolveKeyStore") }

// resolveTrustStore does the same for the trust store. systemRoots is true
// when the fallback applies and no javax.net.ssl.trustStore is set: use the
// operating system's roots.
func resolveTrustStore(c *Config) (ref storeRef, ok bool, systemRoots bool) {
	panic("TODO(tls): resolveTrustStore")
}
