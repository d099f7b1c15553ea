// This file reads passwords: from an environment variable, a file, a
// prompt on a terminal, or (with a warning) a flag.

package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"
)

// secretFlags are the ways a command accepts one password.
type secretFlags struct {
	what  string // e.g. "key store password"
	env   string
	file  string
	value string
	set   bool // --password given (even empty)
}

// register adds --PREFIX-env, --PREFIX-file and --PREFIX to fs.
func (s *secretFlags) register(fs *flag.FlagSet, prefix, what string) {
	s.what = what
	fs.StringVar(&s.env, prefix+"-env", "", "read the "+what+" from this environment variable")
	fs.StringVar(&s.file, prefix+"-file", "", "read the "+what+" from this file (first line)")
	fs.Func(prefix, "the "+what+" itself (visible to other users; prefer -"+prefix+"-env)", func(v string) error {
		s.value, s.set = v, true
		return nil
	})
}

// given reports whether any source was named.
func (s *secretFlags) given() bool { return s.env != "" || s.file != "" || s.set }

// read returns the password from the source named, or ("", false) when none
// was named and prompt is false.
func (s *secretFlags) read(env *environment, prompt bool) (string, bool, error) {
	switch {
	case s.env != "":
		v := env.getenv(s.env)
		if v == "" {
			return "", false, badInput(fmt.Errorf("environment variable %s (the %s) is empty or unset", s.env, s.what))
		}
		return v, true, nil
	case s.file != "":
		b, err := os.ReadFile(s.file)
		if err != nil {
			return "", false, badInput(fmt.Errorf("reading the %s: %w", s.what, err))
		}
		line, _, _ := strings.Cut(string(b), "\n")
		return strings.TrimSuffix(line, "\r"), true, nil
	case s.set:
		fmt.Fprintf(env.stderr, "warning: a %s on the command line is visible in the process list and shell history; prefer an environment variable or a file\n", s.what)
		return s.value, true, nil
	case prompt && env.isTerminal():
		v, err := env.readSecret(fmt.Sprintf("Enter %s: ", s.what))
		if err != nil {
			return "", false, badInput(fmt.Errorf("reading the %s: %w", s.what, err))
		}
		return v, true, nil
	}
	return "", false, nil
}

// readInto sets *dst to the password read (see read) when a source gave one.
func (s *secretFlags) readInto(env *environment, prompt bool, dst *string) error {
	v, ok, err := s.read(env, prompt)
	if ok {
		*dst = v
	}
	return err
}

func systemEnvironment() *environment {
	return &environment{
		stdin:  os.Stdin,
		stdout: os.Stdout,
		stderr: os.Stderr,
		getenv: os.Getenv,
		isTerminal: func() bool {
			return term.IsTerminal(int(os.Stdin.Fd()))
		},
		readSecret: func(prompt string) (string, error) {
			fmt.Fprint(os.Stderr, prompt)
			b, err := term.ReadPassword(int(os.Stdin.Fd()))
			fmt.Fprintln(os.Stderr)
			return string(b), err
		},
	}
}
