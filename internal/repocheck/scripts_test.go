// This file checks that every script the repository tracks keeps its run bit,
// in git's index and on disk, so "run it" in the docs works after a clone.

package repocheck_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// trackedScript is one script listed by git ls-files -s.
type trackedScript struct {
	path string // relative to the repository root
	mode string // git's index mode, "100755" for an executable file
}

// isScriptPath reports whether a tracked file must be executable by its
// name: *.sh and the CI entry point .ci/run.
func isScriptPath(path string) bool {
	return strings.HasSuffix(path, ".sh") || path == ".ci/run"
}

// trackedScripts lists the scripts git tracks under root: files named as
// scripts, and any other file starting with "#!".
func trackedScripts(t *testing.T, root string) []trackedScript {
	t.Helper()
	out, err := exec.Command("git", "-C", root, "ls-files", "-s", "-z").Output()
	if err != nil {
		t.Fatalf("git ls-files -s: %v", err)
	}
	var scripts []trackedScript
	for _, entry := range bytes.Split(out, []byte{0}) {
		// "<mode> <object> <stage>\t<path>"
		meta, path, ok := strings.Cut(string(entry), "\t")
		if !ok {
			continue
		}
		fields := strings.Fields(meta)
		if len(fields) != 3 || fields[0] == "120000" || fields[0] == "160000" {
			continue // a symlink or a submodule
		}
		if isScriptPath(path) || startsWithShebang(filepath.Join(root, path)) {
			scripts = append(scripts, trackedScript{path: path, mode: fields[0]})
		}
	}
	return scripts
}

func startsWithShebang(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 2)
	n, _ := bufio.NewReader(f).Read(head)
	return n == 2 && string(head) == "#!"
}

// repositoryRoot returns the top of the git work tree holding this package,
// skipping (failing under CI=true) outside one, as in the module cache, where
// files carry no run bits.
func repositoryRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("git", "rev-parse", "--show-toplevel").CombinedOutput()
	top := strings.TrimSpace(string(out))
	if err == nil {
		mod, readErr := os.ReadFile(filepath.Join(top, "go.mod"))
		if readErr == nil && bytes.HasPrefix(mod, []byte("module github.com/jdbcmysql/jdbcmysql\n")) {
			return top
		}
		err = fmt.Errorf("%s is not jdbcmysql's checkout", top)
	} else {
		err = fmt.Errorf("git rev-parse: %v: %s", err, top)
	}
	msg := "not in a git checkout of jdbcmysql (" + err.Error() + "); repository files are checked there"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

func TestTrackedScriptsAreExecutable(t *testing.T) {
	root := repositoryRoot(t)
	scripts := trackedScripts(t, root)
	// The scripts the docs tell people to run must be among those checked.
	for _, want := range []string{".ci/run", "testdata/generate.sh"} {
		found := false
		for _, s := range scripts {
			found = found || s.path == want
		}
		if !found {
			t.Errorf("%s is not listed as a tracked script; the check would miss it", want)
		}
	}
	for _, s := range scripts {
		if s.mode != "100755" {
			t.Errorf("%s has git mode %s, want 100755: run git update-index --chmod=+x %s", s.path, s.mode, s.path)
		}
		fi, err := os.Stat(filepath.Join(root, s.path))
		if err != nil {
			t.Errorf("%s: %v", s.path, err)
			continue
		}
		if fi.Mode().Perm()&0o100 == 0 {
			t.Errorf("%s is not executable on disk (mode %v): run chmod +x %s", s.path, fi.Mode().Perm(), s.path)
		}
	}
}

// TestTrackedScriptsSeesModes runs the listing on a throwaway repository
// holding a script without its run bit, so the check above can fail.
func TestTrackedScriptsSeesModes(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	root := t.TempDir()
	files := map[string]struct {
		body string
		perm os.FileMode
	}{
		"lost-bit.sh":   {"#!/bin/sh\n", 0o644},
		"tool":          {"#!/bin/sh\n", 0o755},
		"notes.txt":     {"plain text\n", 0o644},
		".ci/run":       {"echo run\n", 0o644},
		"data/shebang":  {"#!", 0o644},
		"data/empty.go": {"", 0o644},
	}
	for name, f := range files {
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(f.body), f.perm); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}} {
		if out, err := exec.Command("git", append([]string{"-C", root}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	got := map[string]string{}
	for _, s := range trackedScripts(t, root) {
		got[s.path] = s.mode
	}
	want := map[string]string{"lost-bit.sh": "100644", "tool": "100755", ".ci/run": "100644", "data/shebang": "100644"}
	if len(got) != len(want) {
		t.Errorf("scripts found: %v, want %v", got, want)
	}
	for path, mode := range want {
		if got[path] != mode {
			t.Errorf("%s: mode %q, want %q", path, got[path], mode)
		}
	}
}
