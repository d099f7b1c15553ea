// This file decides where a connection's key store and trust store come
// from: the URL's properties, else the process-wide javax.net.ssl.*
// settings (set in code, else read once from JAVA_TOOL_OPTIONS /
// JDK_JAVA_OPTIONS). It knows nothing about store formats.

package jdbcmysql

import (
	"log/slog"
	"os"
	"sync"

	"github.com/jdbcmysql/jdbcmysql/internal/javaopts"
)

// The javax.net.ssl system properties jdbcmysql honours.
const (
	PropKeyStore           = "javax.net.ssl.keyStore"
	PropKeyStoreType       = "javax.net.ssl.keyStoreType"
	PropKeyStorePassword   = "javax.net.ssl.keyStorePassword"
	PropTrustStore         = "javax.net.ssl.trustStore"
	PropTrustStoreType     = "javax.net.ssl.trustStoreType"
	PropTrustStorePassword = "javax.net.ssl.trustStorePassword"
)

func isSystemPropertyName(name string) bool {
	switch name {
	case PropKeyStore, PropKeyStoreType, PropKeyStorePassword,
		PropTrustStore, PropTrustStoreType, PropTrustStorePassword:
		return true
	}
	return false
}

// systemProperties holds the launch-time values (read from getenv on first
// use) and the values set in code, which win.
type systemProperties struct {
	getenv func(string) string

	mu     sync.RWMutex
	launch map[string]string // nil until first read
	code   map[string]string
}

// sysProps is the process's javax.net.ssl.* system properties.
var sysProps = &systemProperties{getenv: os.Getenv, code: map[string]string{}}

func (p *systemProperties) get(name string) (string, bool) {
	p.mu.RLock()
	v, ok := p.code[name]
	launch := p.launch
	p.mu.RUnlock()
	if ok {
		return v, true
	}
	if launch == nil {
		p.mu.Lock()
		if p.launch == nil {
			p.launch = readLaunchProperties(p.getenv)
		}
		launch = p.launch
		p.mu.Unlock()
	}
	v, ok = launch[name]
	return v, ok
}

// readLaunchProperties reads the -D options the JVM would see. The JVM
// reads JAVA_TOOL_OPTIONS before the command line, where the launcher puts
// JDK_JAVA_OPTIONS, so a -D in the latter wins.
func readLaunchProperties(getenv func(string) string) map[string]string {
	m := map[string]string{}
	for _, env := range []string{"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"} {
		for k, v := range parseJavaOptions(getenv(env)) {
			m[k] = v
		}
	}
	return m
}

// parseJavaOptions returns the -Djavax.net.ssl.*=value entries of a Java
// options string. Arguments are separated by white space; single or double
// quotes group characters (and are removed), as the Java launcher does.
func parseJavaOptions(s string) map[string]string {
	out := map[string]string{}
	for _, p := range javaopts.SystemProperties(s) {
		if isSystemPropertyName(p.Name) {
			out[p.Name] = p.Value
		}
	}
	return out
}

// SetSystemProperty sets one of the javax.net.ssl.* properties for the whole
// process, overriding the same entry in JAVA_TOOL_OPTIONS/JDK_JAVA_OPTIONS.
// It refuses other names. Safe for concurrent use. Connectors read the
// properties for each new connection, so a change applies to the next one.
func SetSystemProperty(name, value string) error {
	if !isSystemPropertyName(name) {
		return &PropertyError{
			Property: name,
			Msg:      "jdbcmysql: " + name + " is not a system property jdbcmysql honours (javax.net.ssl.keyStore, keyStoreType, keyStorePassword, trustStore, trustStoreType, trustStorePassword)",
			Err:      ErrUnknownProperty,
		}
	}
	p := sysProps
	p.mu.Lock()
	p.code[name] = value
	p.mu.Unlock()
	return nil
}

// ClearSystemProperty removes a value set with SetSystemProperty; the
// launch-time value (if any) applies again.
func ClearSystemProperty(name string) {
	p := sysProps
	p.mu.Lock()
	delete(p.code, name)
	p.mu.Unlock()
}

// SystemProperty returns the effective value of a javax.net.ssl.* property
// and whether it is set.
func SystemProperty(name string) (string, bool) { return sysProps.get(name) }

// StoreChoice is the store a connection uses in one role (client key
// store or trust store), and what chose it.
type StoreChoice struct {
	// Store is the store used; its URL is empty when none is.
	Store Store
	// Source is what named the store, or would have: the connection
	// property (clientCertificateKeyStoreUrl, trustCertificateKeyStoreUrl)
	// or the system property (PropKeyStore, PropTrustStore).
	Source string
	// SystemRoots reports that the trust store is the operating system's
	// trusted roots (the fallback is on and PropTrustStore is not set).
	SystemRoots bool
	// Reason says in words why no store, or the system's roots, is used;
	// empty when Store is set.
	Reason string
}

// String describes the choice, with every password shown as ***.
func (s StoreChoice) String() string {
	if s.Store.URL == "" {
		return s.Reason
	}
	return s.Store.String() + " from " + s.Source
}

// LogValue is String, so that slog shows no password.
func (s StoreChoice) LogValue() slog.Value { return slog.StringValue(s.String()) }

// ResolveStores says which client key store and trust store a connection
// with c would use now, by Connector/J's rule: the connection property,
// else (with fallbackToSystemKeyStore / fallbackToSystemTrustStore) the
// javax.net.ssl.* system properties, whose type and password then apply
// too. A connection reads the key store in every sslMode but DISABLED, and
// the trust store in VERIFY_CA and VERIFY_IDENTITY only. It reads no store.
func (c *Config) ResolveStores() (keyStore, trustStore StoreChoice) {
	if c.SSLMode == SSLModeDisabled {
		why := "not used (sslMode=DISABLED)"
		return StoreChoice{Reason: why}, StoreChoice{Reason: why}
	}
	ref, ok := resolveKeyStore(c)
	keyStore = storeChoice(ref, ok)
	if !ok {
		keyStore.Reason = noStoreReason(ref.Source, "fallbackToSystemKeyStore")
	}
	if !verifiesChain(c.SSLMode) {
		trustStore.Reason = "not used: sslMode " + string(c.SSLMode) + " does not verify the server's chain"
		return keyStore, trustStore
	}
	ref, ok, system := resolveTrustStore(c)
	trustStore = storeChoice(ref, ok)
	switch {
	case system:
		trustStore.SystemRoots = true
		trustStore.Reason = "the operating system's trusted roots (fallbackToSystemTrustStore is on and " + PropTrustStore + " is not set)"
	case !ok:
		trustStore.Reason = noStoreReason(ref.Source, "fallbackToSystemTrustStore") + "; sslMode " + string(c.SSLMode) + " cannot connect without one"
	}
	return keyStore, trustStore
}

func storeChoice(ref storeRef, ok bool) StoreChoice {
	if !ok {
		return StoreChoice{Source: ref.Source}
	}
	return StoreChoice{Store: Store{URL: ref.URL, Type: ref.Type, Password: ref.Password}, Source: ref.Source}
}

// noStoreReason says why the rule found no store: the system property was
// consulted and is not set, or the fallback is off.
func noStoreReason(source, fallback string) string {
	if source == PropKeyStore || source == PropTrustStore {
		return "none: the URL names none and " + source + " is not set"
	}
	return "none: the URL names none and " + fallback + " is false"
}

// verifiesChain reports whether mode checks the server's chain against a
// trust store.
func verifiesChain(mode SSLMode) bool {
	return mode == SSLModeVerifyCA || mode == SSLModeVerifyIdentity
}

// resolveKeyStore applies Connector/J's rule for the client key store: the
// URL property if non-empty, else (when FallbackToSystemKeyStore) the system
// properties. ok is false when there is no key store to send.
func resolveKeyStore(c *Config) (ref storeRef, ok bool) {
	ref = storeRef{Role: roleKeyStore, URL: c.ClientKeyStore.URL, Type: c.ClientKeyStore.Type,
		Password: c.ClientKeyStore.Password, Source: "clientCertificateKeyStoreUrl"}
	if c.FallbackToSystemKeyStore && ref.URL == "" {
		ref = fromSystem(roleKeyStore, PropKeyStore, PropKeyStoreType, PropKeyStorePassword, c.ClientKeyStore.Type)
	}
	return ref, ref.URL != ""
}

// resolveTrustStore does the same for the trust store. systemRoots is true
// when the fallback applies and no javax.net.ssl.trustStore is set: use the
// operating system's roots.
func resolveTrustStore(c *Config) (ref storeRef, ok bool, systemRoots bool) {
	ref = storeRef{Role: roleTrustStore, URL: c.TrustStore.URL, Type: c.TrustStore.Type,
		Password: c.TrustStore.Password, Source: "trustCertificateKeyStoreUrl"}
	if c.FallbackToSystemTrustStore && ref.URL == "" {
		ref = fromSystem(roleTrustStore, PropTrustStore, PropTrustStoreType, PropTrustStorePassword, c.TrustStore.Type)
		if ref.URL == "" {
			return ref, false, true
		}
	}
	return ref, ref.URL != "", false
}

// fromSystem builds a storeRef from the system properties: all three values
// come from them (a connection-level password is discarded), the type falls
// back to the connection's type, and a plain path becomes a file: location.
func fromSystem(role storeRole, urlProp, typeProp, pwProp, connType string) storeRef {
	url, _ := SystemProperty(urlProp)
	typ, _ := SystemProperty(typeProp)
	pw, _ := SystemProperty(pwProp)
	if typ == "" {
		typ = connType
	}
	if _, _, known := locationScheme(url); url != "" && !known {
		url = "file:" + url
	}
	return storeRef{Role: role, URL: url, Type: typ, Password: pw, Source: urlProp}
}
