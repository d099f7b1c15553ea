// Command jdbcmysql inspects Java key stores, explains Connector/J JDBC
// URLs, checks connections, exports a key store as PEM files for other
// programs, and runs an end-to-end demo against a throwaway X509-only
// server.
//
// Usage:
//
//	jdbcmysql inspect [flags] STORE
//	jdbcmysql dsn [flags] URL
//	jdbcmysql ping [flags] URL
//	jdbcmysql export --out DIR [flags] STORE|URL
//	jdbcmysql demo [flags]
//
// The demo runs its server as a local mariadbd or mysqld process. Its
// --backend docker (a container through Docker) is compiled in only when
// the command is built with the docker build tag, in a checkout:
//
//	go install -tags docker ./cmd/jdbcmysql
//
// Exit status: 0 success, 1 the server refused or failed the connection,
// 2 bad input (URL, flags, key store).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// Exit codes.
const (
	exitOK       = 0
	exitRefused  = 1
	exitBadInput = 2
)

// exitError carries an exit code with the error that caused it.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func badInput(err error) error { return &exitError{code: exitBadInput, err: err} }
func refused(err error) error  { return &exitError{code: exitRefused, err: err} }

// environment is what a command may read from its surroundings; tests
// replace it.
type environment struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// isTerminal reports whether stdin is a terminal a password can be
	// prompted on; readSecret reads one line without echo.
	isTerminal func() bool
	readSecret func(prompt string) (string, error)
}

const usage = `jdbcmysql: Connector/J connection settings for Go, checked.

Usage:
  jdbcmysql inspect [flags] STORE   show a key store or trust store's entries and certificates
  jdbcmysql dsn [flags] URL         show how a JDBC URL is understood
  jdbcmysql ping [flags] URL        connect and report TLS, user and timings
  jdbcmysql export --out DIR STORE|URL
                                    write the client key and chain (and ca.pem) as PEM files;
                                    print mysql/mariadb client options and a golang-migrate URL
  jdbcmysql demo [flags]            start a throwaway X509-only server and connect to it
                                    (a local mariadbd/mysqld; --backend docker needs a
                                    jdbcmysql built with: go install -tags docker ./cmd/jdbcmysql)

Run "jdbcmysql COMMAND --help" for a command's flags and an example.
Exit status: 0 ok, 1 connection refused or failed, 2 bad input.
`

func main() {
	os.Exit(run(os.Args[1:], systemEnvironment()))
}

// run executes one command line and returns the exit code.
func run(args []string, env *environment) int {
	if len(args) == 0 {
		fmt.Fprint(env.stderr, usage)
		return exitBadInput
	}
	var err error
	switch args[0] {
	case "inspect":
		err = runInspect(args[1:], env)
	case "dsn":
		err = runDSN(args[1:], env)
	case "ping":
		err = runPing(args[1:], env)
	case "export":
		err = runExport(args[1:], env)
	case "demo":
		err = runDemo(args[1:], env)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(env.stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(env.stderr, "jdbcmysql: unknown command %q\n\n%s", args[0], usage)
		return exitBadInput
	}
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errHelp) {
		return exitOK
	}
	fmt.Fprintf(env.stderr, "jdbcmysql %s: %v\n", args[0], err)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return exitRefused
}
