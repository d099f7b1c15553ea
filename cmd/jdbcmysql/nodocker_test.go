// This file checks, in a binary built without -tags docker, that
// "jdbcmysql demo --backend docker" says how to build a jdbcmysql that has
// the docker backend.

//go:build !docker

package main

import (
	"strings"
	"testing"
)

func TestDemoDockerBackendNeedsTheBuildTag(t *testing.T) {
	code, _, stderr := runCmd(t, nil, "demo", "--backend", "docker")
	if code != exitRefused {
		t.Errorf("exit code %d, want %d", code, exitRefused)
	}
	if !strings.Contains(stderr, "built without the docker backend") || !strings.Contains(stderr, "go install -tags docker ./cmd/jdbcmysql") {
		t.Errorf("stderr does not say how to build with the docker backend:\n%s", stderr)
	}
	code, _, stderr = runCmd(t, nil, "demo", "--help")
	if code != exitOK || !strings.Contains(stderr, "-tags docker") {
		t.Errorf("demo --help (exit %d) does not name -tags docker:\n%s", code, stderr)
	}
}
