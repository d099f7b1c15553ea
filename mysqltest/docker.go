// This file is the docker backend: it runs a MySQL or MariaDB image through
// dockertest with the test certificates mounted and the set-up SQL as init
// script, publishes 3306 on 127.0.0.1 only, and purges the container on Close.
// It never pulls: an image must already be present locally.

package mysqltest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	dc "github.com/ory/dockertest/v3/docker"

	"github.com/ory/dockertest/v3"
)

// Labels put on every container, so leftovers of a killed test binary can be
// found and removed.
const (
	labelOwner = "jdbcmysql.mysqltest.owner" // "<hostname>/<pid>"
)

// startDocker runs image (or the first locally present of DefaultImage and
// OfflineImage when image is empty) and waits until root can query it.
func startDocker(ctx context.Context, s *Server, image string) error {
	pool, err := dockertest.NewPool("")
	if err != nil {
		return fmt.Errorf("%w: docker: %v", ErrUnavailable, err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	err = pool.Client.PingWithContext(pingCtx)
	cancel()
	if err != nil {
		return fmt.Errorf("%w: no Docker engine answers (set DOCKER_HOST if it is not at the default socket): %v", ErrUnavailable, err)
	}
	image, err = pickImage(pool, image)
	if err != nil {
		return err
	}
	s.Image = image
	sweepStaleContainers(pool)

	const certDir = "/etc/mysqltest"
	initDir := filepath.Join(s.dir, "initdb")
	if err := os.Mkdir(initDir, 0o755); err != nil {
		return fmt.Errorf("mysqltest: %w", err)
	}
	initSQL := strings.Join(s.setupStatements(), ";\n") + ";\n"
	if err := writeFile(filepath.Join(initDir, "01-mysqltest-users.sql"), []byte(initSQL)); err != nil {
		return err
	}
	mariadb := strings.Contains(strings.ToLower(image), "mariadb")
	flags := tlsFlags(s, mariadb, certDir+"/ca.pem", certDir+"/server-cert.pem", certDir+"/server-key.pem")
	flags = append(flags, "--skip-name-resolve", "--max-connections=500")

	repo, tag := splitImage(image)
	hostname, _ := os.Hostname()
	res, err := pool.RunWithOptions(&dockertest.RunOptions{
		Repository: repo,
		Tag:        tag,
		Env: []string{
			"MYSQL_ROOT_PASSWORD=" + s.RootPassword,
			"MARIADB_ROOT_PASSWORD=" + s.RootPassword,
		},
		Cmd:          flags,
		Mounts:       []string{s.dir + ":" + certDir, initDir + ":/docker-entrypoint-initdb.d"},
		ExposedPorts: []string{"3306/tcp"},
		PortBindings: map[dc.Port][]dc.PortBinding{"3306/tcp": {{HostIP: "127.0.0.1", HostPort: ""}}},
		Labels:       map[string]string{labelOwner: hostname + "/" + strconv.Itoa(os.Getpid())},
	}, func(hc *dc.HostConfig) {
		hc.PublishAllPorts = false
	})
	if err != nil {
		return fmt.Errorf("mysqltest: running %s: %v", image, redactErr(err, s))
	}
	s.stop = func() error { return pool.Purge(res) }
	port, err := strconv.Atoi(res.GetPort("3306/tcp"))
	if err != nil {
		return fmt.Errorf("mysqltest: %s published no port for 3306/tcp", image)
	}
	s.Port = port
	s.Addr = fmt.Sprintf("127.0.0.1:%d", port)

	pool.MaxWait = 3 * time.Minute
	var exited error
	err = pool.Retry(func() error {
		if ctx.Err() != nil {
			exited = ctx.Err()
			return nil
		}
		c, err := pool.Client.InspectContainer(res.Container.ID)
		if err == nil && !c.State.Running {
			exited = fmt.Errorf("mysqltest: container of %s exited (code %d):\n%s",
				image, c.State.ExitCode, containerLogs(pool, res.Container.ID))
			return nil
		}
		db, err := s.DB(s.RootUser, s.RootPassword, nil)
		if err != nil {
			return err
		}
		defer db.Close()
		var n int
		return db.QueryRowContext(ctx, "SELECT COUNT(*) FROM mysql.user WHERE User = ?", s.Users.X509).Scan(&n)
	})
	if exited != nil {
		return exited
	}
	if err != nil {
		return fmt.Errorf("mysqltest: %s did not accept root within %v: %v\n%s",
			image, pool.MaxWait, redactErr(err, s), containerLogs(pool, res.Container.ID))
	}
	return nil
}

// pickImage returns the image to run, refusing one not present locally.
func pickImage(pool *dockertest.Pool, image string) (string, error) {
	if image != "" {
		if _, err := pool.Client.InspectImage(image); err != nil {
			hint := "docker pull " + image
			if image == OfflineImage {
				hint = "bash docker/build-offline-image.sh"
			}
			return "", fmt.Errorf("%w: image %s is not present locally and mysqltest does not pull; run: %s", ErrUnavailable, image, hint)
		}
		return image, nil
	}
	for _, candidate := range []string{DefaultImage, OfflineImage} {
		if _, err := pool.Client.InspectImage(candidate); err == nil {
			return candidate, nil
		}
	}
	return "", fmt.Errorf("%w: neither %s nor %s is present locally and mysqltest does not pull; run: docker pull %s, or bash docker/build-offline-image.sh",
		ErrUnavailable, DefaultImage, OfflineImage, DefaultImage)
}

// splitImage splits "repo:tag" (a registry port is not a tag).
func splitImage(image string) (repo, tag string) {
	i := strings.LastIndex(image, ":")
	if i < 0 || strings.Contains(image[i:], "/") {
		return image, "latest"
	}
	return image[:i], image[i+1:]
}

func containerLogs(pool *dockertest.Pool, id string) string {
	var buf bytes.Buffer
	_ = pool.Client.Logs(dc.LogsOptions{
		Container: id, OutputStream: &buf, ErrorStream: &buf,
		Stdout: true, Stderr: true, Tail: "40",
	})
	return tail(buf.Bytes(), 3000)
}

// sweepStaleContainers removes containers this package started from test
// binaries on this host that have exited.
func sweepStaleContainers(pool *dockertest.Pool) {
	hostname, _ := os.Hostname()
	list, err := pool.Client.ListContainers(dc.ListContainersOptions{
		All: true, Filters: map[string][]string{"label": {labelOwner}},
	})
	if err != nil {
		return
	}
	for _, c := range list {
		host, pidText, ok := strings.Cut(c.Labels[labelOwner], "/")
		pid, err := strconv.Atoi(pidText)
		if !ok || err != nil || host != hostname || processAlive(pid) {
			continue
		}
		_ = pool.Client.RemoveContainer(dc.RemoveContainerOptions{ID: c.ID, Force: true, RemoveVolumes: true})
	}
}
