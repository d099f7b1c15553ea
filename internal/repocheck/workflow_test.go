// This file checks .github/workflows/ci.yml against issue 15's matrix and
// against what mysqltest and the Makefile read: the backend names mysqltest
// knows, the MYSQLTEST_BACKEND / MYSQLTEST_IMAGE variables that select the
// server, and GOTAGS, which builds the docker backend in.

package repocheck_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jdbcmysql/jdbcmysql/mysqltest"
)

// matrixServer is one `- { backend: ..., image: "..." }` row of the workflow.
var matrixServer = regexp.MustCompile(`(?m)^\s*-\s*\{\s*backend:\s*([a-z]+),\s*image:\s*"([^"]*)"\s*\}\s*$`)

func readWorkflow(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repositoryRoot(t), ".github", "workflows", "ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWorkflowMatrix(t *testing.T) {
	wf := readWorkflow(t)
	var dockerImages []string
	processRows := 0
	for _, m := range matrixServer.FindAllStringSubmatch(wf, -1) {
		switch backend, image := m[1], m[2]; backend {
		case mysqltest.BackendDocker:
			dockerImages = append(dockerImages, image)
		case mysqltest.BackendProcess:
			processRows++
		default:
			t.Errorf("matrix row %q: backend %q is not one mysqltest knows (%s, %s)",
				strings.TrimSpace(m[0]), backend, mysqltest.BackendProcess, mysqltest.BackendDocker)
		}
	}
	want := []string{"mysql:8.0", "mysql:8.4", "mysql:9", "mariadb:10.11", "mariadb:11.4"}
	if !slices.Equal(dockerImages, want) {
		t.Errorf("docker backend images %q, want %q", dockerImages, want)
	}
	if processRows != 1 {
		t.Errorf("%d process backend rows, want 1", processRows)
	}
	if !regexp.MustCompile(`(?m)^\s*go:\s*\[stable, oldstable\]\s*$`).MatchString(wf) {
		t.Error("the matrix does not run Go's two newest releases (go: [stable, oldstable])")
	}
	for _, line := range []string{
		"MYSQLTEST_BACKEND: ${{ matrix.server.backend }}",
		"MYSQLTEST_IMAGE: ${{ matrix.server.image }}",
		"GOTAGS: ${{ matrix.server.backend == 'docker' && 'docker' || '' }}",
		`docker pull "$MYSQLTEST_IMAGE"`,
		"run: make check",
		"run: make lint",
	} {
		if !strings.Contains(wf, line) {
			t.Errorf("the workflow lacks %q", line)
		}
	}
}

// TestMakefileReadsGOTAGS: the build tag the workflow sets reaches the
// test commands, and mysqltest's own tests always build its docker backend.
func TestMakefileReadsGOTAGS(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repositoryRoot(t), "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	mk := string(b)
	for _, want := range []string{
		"GOTAGS ?= ",
		"TAGS = $(if $(GOTAGS),-tags $(GOTAGS))",
		"test $(TAGS) -race",
		"test -tags docker -race -count=1 -timeout 20m ./mysqltest/...",
		"MYSQLTEST_BACKEND=docker $(GO) test -tags docker -race",
	} {
		if !strings.Contains(mk, want) {
			t.Errorf("the Makefile lacks %q", want)
		}
	}
}

// TestMySQLTestReadsWorkflowVariables: the variables the workflow sets are
// the ones mysqltest reads, seen through what StartServer does with them.
func TestMySQLTestReadsWorkflowVariables(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	t.Setenv("MYSQLTEST_BACKEND", "not-a-backend")
	srv, err := mysqltest.StartServer(ctx)
	if err == nil {
		srv.Close()
		t.Fatal("MYSQLTEST_BACKEND=not-a-backend started a server")
	}
	if !strings.Contains(err.Error(), "not-a-backend") {
		t.Errorf("MYSQLTEST_BACKEND=not-a-backend: %v; want an error naming it", err)
	}

	const image = "jdbcmysql/never-built:0"
	t.Setenv("MYSQLTEST_BACKEND", mysqltest.BackendDocker)
	t.Setenv("MYSQLTEST_IMAGE", image)
	srv, err = mysqltest.StartServer(ctx)
	if err == nil {
		srv.Close()
		t.Fatalf("MYSQLTEST_IMAGE=%s started a server", image)
	}
	if !errors.Is(err, mysqltest.ErrUnavailable) {
		t.Fatalf("MYSQLTEST_IMAGE=%s: %v; want ErrUnavailable", image, err)
	}
	if errors.Is(err, mysqltest.ErrDockerNotBuilt) {
		// Built without -tags docker (GOTAGS): the image is never looked up.
		if !strings.Contains(err.Error(), "-tags docker") {
			t.Errorf("MYSQLTEST_BACKEND=docker without the build tag: %v; want it to say -tags docker", err)
		}
		return
	}
	if !strings.Contains(err.Error(), image) {
		if strings.Contains(strings.ToLower(err.Error()), "docker engine") {
			t.Skipf("no Docker engine answers, so the image is never looked up: %v", err)
		}
		t.Errorf("MYSQLTEST_IMAGE=%s: %v; want an error naming the image", image, err)
	}
}
