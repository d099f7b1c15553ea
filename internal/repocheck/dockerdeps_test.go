// This file checks that Docker packages reach only the binaries built with
// -tags docker: without the tag no test binary of the library (mysqltest's
// included) depends on dockertest, Docker, moby, containerd or OCI packages;
// with it, mysqltest's does.

package repocheck_test

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// dockerModules are the module path prefixes the docker backend brings in.
var dockerModules = []string{"github.com/ory/dockertest/", "github.com/docker/", "github.com/moby/",
	"github.com/containerd/", "github.com/opencontainers/"}

// testDeps lists the packages that the test binaries go list's args name depend on.
func testDeps(t *testing.T, args ...string) []string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no go tool on PATH: %v", err)
		}
		t.Skipf("no go tool on PATH: %v", err)
	}
	cmd := exec.Command(goTool, append([]string{"list", "-deps", "-test"}, args...)...)
	cmd.Dir = repositoryRoot(t)
	cmd.Env = append(os.Environ(), "GOFLAGS=") // a -tags in the caller's GOFLAGS would change the answer
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %q: %v", args, err)
	}
	return strings.Fields(string(out))
}

func dockerPackages(deps []string) []string {
	var out []string
	for _, p := range deps {
		if slices.ContainsFunc(dockerModules, func(m string) bool { return strings.HasPrefix(p, m) }) {
			out = append(out, p)
		}
	}
	return out
}

func TestDockerPackagesOnlyWithTheTag(t *testing.T) {
	if pkgs := dockerPackages(testDeps(t, "./...")); len(pkgs) > 0 {
		t.Errorf("without -tags docker the library's test binaries depend on %d Docker packages: %q", len(pkgs), pkgs)
	}
	tagged := dockerPackages(testDeps(t, "-tags", "docker", "./mysqltest"))
	if !slices.Contains(tagged, "github.com/ory/dockertest/v3") {
		t.Errorf("with -tags docker mysqltest's test binary does not depend on dockertest: %q", tagged)
	}
	t.Logf("with -tags docker: %d Docker packages in mysqltest's test binary", len(tagged))
}
