// This file defines the errors Load returns: class values for errors.Is and
// the Error type for errors.As. No message ever holds a secret's value.

package spring

import (
	"errors"
	"strings"
)

// Error classes; every error Load returns matches one with errors.Is (or
// one of jdbcmysql's, for the merged connection properties).
var (
	// ErrSyntax: a configuration file or SPRING_APPLICATION_JSON is malformed.
	ErrSyntax = errors.New("spring: malformed configuration")
	// ErrUnresolvedPlaceholder: a ${...} in a value that is used has no value.
	ErrUnresolvedPlaceholder = errors.New("spring: unresolved placeholder")
	// ErrCircularPlaceholder: placeholders refer to each other in a loop.
	ErrCircularPlaceholder = errors.New("spring: circular placeholder reference")
	// ErrInvalidValue: a value Spring Boot or HikariCP would refuse.
	ErrInvalidValue = errors.New("spring: invalid value")
	// ErrNotFound: a configuration location that must exist does not.
	ErrNotFound = errors.New("spring: configuration location not found")
	// ErrNoURL: neither spring.datasource.url nor spring.datasource.hikari.jdbc-url is set.
	ErrNoURL = errors.New("spring: no datasource URL is configured")
	// ErrRemoteConfig: the configuration imports Spring Cloud Config, Vault or
	// another remote source that only the Java runtime can read.
	ErrRemoteConfig = errors.New("spring: remote configuration cannot be read")
	// ErrUnsupported: a value or feature with no Go equivalent that cannot
	// be ignored without changing what the service connects to or with
	// (Jasypt ENC(...), random.*, JNDI, dataSourceClassName, ...).
	ErrUnsupported = errors.New("spring: not supported")
)

// Error reports what is wrong and where: the Spring property and the
// origin of its value (file and line, environment variable, ...).
type Error struct {
	Key    string // the property at fault, as written; may be empty
	Origin string // e.g. "config/application.yml:12" or "environment SPRING_DATASOURCE_URL"
	Msg    string // the reason, never a secret's value
	Err    error  // one of the classes above, possibly wrapping a cause
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("spring: ")
	if e.Origin != "" {
		b.WriteString(e.Origin)
		b.WriteString(": ")
	}
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// isSecretKey says whether a property's value must never be shown: any name
// mentioning a password, secret or credential.
func isSecretKey(key string) bool {
	k := strings.ToLower(key)
	return strings.Contains(k, "password") || strings.Contains(k, "secret") ||
		strings.Contains(k, "credential") || strings.Contains(k, "passwd")
}
