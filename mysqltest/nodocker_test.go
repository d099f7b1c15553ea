// Tests of a binary built without -tags docker: choosing the docker backend,
// by option, variable or image, or falling back to it without a server
// binary, is refused with ErrDockerNotBuilt.

//go:build !docker

package mysqltest

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestDockerBackendNeedsTheBuildTag(t *testing.T) {
	ctx := context.Background()
	check := func(t *testing.T, err error) {
		t.Helper()
		if !errors.Is(err, ErrDockerNotBuilt) || !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "-tags docker") {
			t.Fatalf("%v; want ErrDockerNotBuilt (an ErrUnavailable) saying -tags docker", err)
		}
	}
	t.Run("WithBackend", func(t *testing.T) {
		_, err := StartServer(ctx, WithBackend(BackendDocker))
		check(t, err)
	})
	t.Run("MYSQLTEST_BACKEND", func(t *testing.T) {
		t.Setenv("MYSQLTEST_BACKEND", BackendDocker)
		_, err := StartServer(ctx)
		check(t, err)
	})
	t.Run("WithImage", func(t *testing.T) {
		_, err := StartServer(ctx, WithImage(OfflineImage))
		check(t, err)
	})
	t.Run("clusters", func(t *testing.T) {
		_, err := StartReplication(ctx, 1, WithBackend(BackendDocker))
		check(t, err)
		_, err = StartGalera(ctx, 3, WithBackend(BackendDocker))
		check(t, err)
	})
	t.Run("no server binary either", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		saved := serverDirs
		serverDirs = nil
		defer func() { serverDirs = saved }()
		_, err := StartServer(ctx)
		check(t, err)
		if !strings.Contains(err.Error(), "no mariadbd or mysqld") {
			t.Errorf("%v; want it to say that no server binary was found", err)
		}
	})
}
