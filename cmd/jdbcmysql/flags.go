// This file holds what the commands share on their command line: flag sets
// whose --help shows an example, flags before or after the arguments, and
// the JDBC URL argument with --allow-unknown.

package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/jdbcmysql/jdbcmysql"
)

// errHelp is returned when a command printed its help.
var errHelp = errors.New("help printed")

// newFlagSet returns a FlagSet whose --help prints the synopsis, the flags
// and an example.
func newFlagSet(env *environment, name, synopsis, example string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "Usage: jdbcmysql %s\n\n", synopsis)
		fs.PrintDefaults()
		fmt.Fprintf(out, "\nExample:\n  %s\n", example)
	}
	return fs
}

// parseFlags parses args, with flags allowed before and after the
// positional arguments, turning --help into errHelp and flag errors into bad
// input. It returns the positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, badInput(err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// parseOneArgument parses args like parseFlags for a command that takes
// exactly one positional argument (named what in the error).
func parseOneArgument(fs *flag.FlagSet, args []string, what string) ([]string, error) {
	pos, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 1 {
		fs.Usage()
		return nil, badInput(fmt.Errorf("want exactly one %s, got %d arguments", what, len(pos)))
	}
	return pos, nil
}

// urlArgument is a command's one JDBC URL argument, parsed with
// --allow-unknown.
type urlArgument struct {
	allowUnknown *bool
	raw          string            // the URL as given
	cfg          *jdbcmysql.Config // as parsed
	opts         []jdbcmysql.Option
}

// addURLArgument adds --allow-unknown (described by help) to fs.
func addURLArgument(fs *flag.FlagSet, help string) *urlArgument {
	return &urlArgument{allowUnknown: fs.Bool("allow-unknown", false, help)}
}

// parse parses args, which must hold one URL, and the URL with the
// options the flags ask for; an unknown property is bad input that names
// --allow-unknown.
func (u *urlArgument) parse(fs *flag.FlagSet, args []string) error {
	pos, err := parseOneArgument(fs, args, "URL")
	if err != nil {
		return err
	}
	u.raw = pos[0]
	if *u.allowUnknown {
		u.opts = append(u.opts, jdbcmysql.AllowUnknownProperties())
	}
	if u.cfg, err = jdbcmysql.ParseURL(u.raw, u.opts...); err != nil {
		return badInput(cliPropertyError(err))
	}
	return nil
}

// cliPropertyError says how to accept an unknown property with this
// command's flag rather than with the Go option the library names.
func cliPropertyError(err error) error {
	var pe *jdbcmysql.PropertyError
	if !errors.As(err, &pe) || !errors.Is(err, jdbcmysql.ErrUnknownProperty) {
		return err
	}
	msg := strings.Replace(pe.Msg, "AllowUnknownProperties accepts unknown names", "--allow-unknown accepts unknown names (listed as ignored)", 1)
	return fmt.Errorf("%s%w", msg, errorClass{err})
}

// errorClass keeps an error matchable (errors.Is, errors.As) while adding
// nothing to the message it is wrapped in.
type errorClass struct{ err error }

func (e errorClass) Error() string { return "" }
func (e errorClass) Unwrap() error { return e.err }
