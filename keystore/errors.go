// This file defines the error classes of the package: every decoding error
// matches exactly one of them with errors.Is.

package keystore

import (
	"errors"
	"fmt"
	"strconv"
)

// Error classes. Each error Decode or DecodeTrustStore returns matches one
// of them with errors.Is; its message says what is wrong and never contains
// the password.
var (
	// ErrFormat: the bytes are not a key store in a known format, are
	// truncated or corrupt, or are a format the declared type does not load.
	ErrFormat = errors.New("keystore: invalid key store")
	// ErrIncorrectPassword: the password does not open the store or one of
	// its keys (wrong, missing, or a key protected with another password).
	ErrIncorrectPassword = errors.New("keystore: incorrect password")
	// ErrUnsupported: the store uses an algorithm, key type or feature this
	// package does not implement.
	ErrUnsupported = errors.New("keystore: unsupported algorithm")
	// ErrUnknownType: the declared store type (WithType) is not a type name
	// Java knows for a key store.
	ErrUnknownType = errors.New("keystore: unknown key store type")
	// ErrLimit: decoding the store would exceed a bound this package sets on
	// size or work (input size, key-derivation iterations, certificate
	// chains); the message names the bound.
	ErrLimit = errors.New("keystore: store exceeds a decoding limit")
)

// decodeError is an error of one class with its own message.
type decodeError struct {
	msg   string
	class error
}

func (e *decodeError) Error() string { return e.msg }
func (e *decodeError) Unwrap() error { return e.class }

func newError(class error, format string, a ...any) error {
	return &decodeError{msg: fmt.Sprintf(format, a...), class: class}
}

func formatError(format string, a ...any) error {
	return newError(ErrFormat, format, a...)
}

func unsupportedError(format string, a ...any) error {
	return newError(ErrUnsupported, format, a...)
}

func limitError(format string, a ...any) error {
	return newError(ErrLimit, format, a...)
}

// passwordError reports a wrong store password; password is only used to
// say whether one was given.
func passwordError(password, msg string) error {
	if password == "" {
		msg += " (no password was given)"
	} else {
		msg += " (the given password is incorrect)"
	}
	return newError(ErrIncorrectPassword, "%s", msg)
}

// keyRecoveryError reports a key the store password cannot decrypt.
func keyRecoveryError(alias string) error {
	return newError(ErrIncorrectPassword, "could not recover keys (entry %q): check password; the key password must equal the store password", alias)
}

// within prefixes err's message with what, keeping its class; errors that
// are not of this package become ErrFormat.
func within(what string, err error) error {
	var de *decodeError
	if errors.As(err, &de) {
		return &decodeError{msg: what + ": " + de.msg, class: de.class}
	}
	return formatError("%s: %v", what, err)
}

// quoteAlias quotes an alias for messages, or says it has none.
func quoteAlias(alias string) string {
	if alias == "" {
		return "(no alias)"
	}
	return strconv.Quote(alias)
}
