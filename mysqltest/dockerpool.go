// This file is the docker backend's engine: a dockertest pool (its Docker
// client, found from DOCKER_HOST, DOCKER_CERT_PATH and the default socket)
// and the calls the backend makes on it. It is compiled only with
// -tags docker.

//go:build docker

package mysqltest

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/ory/dockertest/v3"
	dc "github.com/ory/dockertest/v3/docker"
)

// dockerBuilt tells whether the docker backend is compiled in.
const dockerBuilt = true

// containerPort is the server's port inside every container.
const containerPort = "3306/tcp"

// dockerCallTimeout bounds each engine request that takes no context.
const dockerCallTimeout = 2 * time.Minute

// dockertestEngine is the dockerEngine of a dockertest pool.
//
// Containers are created with the pool's client rather than
// Pool.RunWithOptions, which pulls an image that is missing, gives every
// container the stop signal SIGWINCH (a server would then get no clean
// shutdown from Stop, only SIGKILL after the timeout), cannot give a
// container a fixed address on a network (cluster nodes' certificates name
// theirs), and leaves the container behind when its start fails.
type dockertestEngine struct {
	pool *dockertest.Pool
}

// newDockerEngine connects to the engine dockertest finds and pings it.
// Errors wrap ErrUnavailable.
func newDockerEngine(ctx context.Context) (dockerEngine, error) {
	pool, err := dockertest.NewPool("")
	if err != nil {
		return nil, fmt.Errorf("%w: docker: %v", ErrUnavailable, err)
	}
	pool.Client.SetTimeout(dockerCallTimeout)
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := pool.Client.PingWithContext(pingCtx); err != nil {
		host := os.Getenv("DOCKER_HOST")
		if host == "" {
			host = "the default socket"
		}
		return nil, fmt.Errorf("%w: no Docker engine answers at %s (set DOCKER_HOST if it is elsewhere): %v", ErrUnavailable, host, err)
	}
	return &dockertestEngine{pool: pool}, nil
}

// notFound reports whether err is the engine's "no such container/network".
func notFound(err error) bool {
	var noContainer *dc.NoSuchContainer
	var noNetwork *dc.NoSuchNetwork
	var apiErr *dc.Error
	return errors.As(err, &noContainer) || errors.As(err, &noNetwork) ||
		errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound
}

func (e *dockertestEngine) imagePresent(_ context.Context, image string) (bool, error) {
	_, err := e.pool.Client.InspectImage(image)
	if errors.Is(err, dc.ErrNoSuchImage) {
		return false, nil
	}
	return err == nil, err
}

// createOptions is the engine's create request for spec.
func createOptions(ctx context.Context, spec containerSpec) dc.CreateContainerOptions {
	opts := dc.CreateContainerOptions{
		Name:    spec.Name,
		Context: ctx,
		Config: &dc.Config{
			Image:        spec.Image,
			Hostname:     spec.Hostname,
			Entrypoint:   spec.Entrypoint,
			Cmd:          spec.Cmd,
			Env:          spec.Env,
			Labels:       spec.Labels,
			ExposedPorts: map[dc.Port]struct{}{containerPort: {}},
		},
		HostConfig: &dc.HostConfig{Binds: spec.Binds},
	}
	if spec.Network == "" {
		opts.HostConfig.PortBindings = map[dc.Port][]dc.PortBinding{
			containerPort: {{HostIP: "127.0.0.1", HostPort: strconv.Itoa(spec.HostPort)}},
		}
		return opts
	}
	opts.HostConfig.NetworkMode = spec.Network
	opts.NetworkingConfig = &dc.NetworkingConfig{EndpointsConfig: map[string]*dc.EndpointConfig{
		spec.Network: {IPAMConfig: &dc.EndpointIPAMConfig{IPv4Address: spec.IP}, Aliases: spec.Aliases},
	}}
	return opts
}

func (e *dockertestEngine) createContainer(ctx context.Context, spec containerSpec) (string, error) {
	c, err := e.pool.Client.CreateContainer(createOptions(ctx, spec))
	if err != nil {
		return "", err
	}
	return c.ID, nil
}

func (e *dockertestEngine) startContainer(ctx context.Context, id string) error {
	return e.pool.Client.StartContainerWithContext(id, nil, ctx)
}

func (e *dockertestEngine) stopContainer(ctx context.Context, id string, timeout time.Duration) error {
	return e.pool.Client.StopContainerWithContext(id, uint(timeout.Seconds()), ctx)
}

func (e *dockertestEngine) killContainer(ctx context.Context, id string) error {
	return e.pool.Client.KillContainer(dc.KillContainerOptions{ID: id, Signal: dc.SIGKILL, Context: ctx})
}

func (e *dockertestEngine) pauseContainer(_ context.Context, id string) error {
	return e.pool.Client.PauseContainer(id)
}

func (e *dockertestEngine) unpauseContainer(_ context.Context, id string) error {
	return e.pool.Client.UnpauseContainer(id)
}

func (e *dockertestEngine) removeContainer(ctx context.Context, id string) error {
	err := e.pool.Client.RemoveContainer(dc.RemoveContainerOptions{ID: id, Force: true, RemoveVolumes: true, Context: ctx})
	if notFound(err) {
		return nil
	}
	return err
}

func (e *dockertestEngine) containerRunning(ctx context.Context, id string) (bool, error) {
	c, err := e.pool.Client.InspectContainerWithContext(id, ctx)
	if err != nil {
		return false, err
	}
	return c.State.Running, nil
}

func (e *dockertestEngine) containerLogs(ctx context.Context, id string, lines int) string {
	var out bytes.Buffer
	w := &boundedBuffer{buf: &out, limit: 1 << 20}
	err := e.pool.Client.Logs(dc.LogsOptions{
		Context: ctx, Container: id, OutputStream: w, ErrorStream: w,
		Stdout: true, Stderr: true, Tail: strconv.Itoa(lines),
	})
	if err != nil && out.Len() == 0 {
		return "(no logs: " + err.Error() + ")"
	}
	return out.String()
}

func (e *dockertestEngine) copyFile(ctx context.Context, id, path string, limit int64) ([]byte, error) {
	// The archive endpoint sends a tar stream: the file and its header.
	var archive bytes.Buffer
	err := e.pool.Client.DownloadFromContainer(id, dc.DownloadFromContainerOptions{
		OutputStream: &boundedBuffer{buf: &archive, limit: limit + 64<<10}, Path: path, Context: ctx,
	})
	if err != nil {
		return nil, fmt.Errorf("docker: reading %s from the container: %w", path, err)
	}
	tr := tar.NewReader(&archive)
	for {
		h, err := tr.Next()
		if err != nil {
			return nil, fmt.Errorf("docker: reading %s from the container: %v", path, err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		if h.Size > limit {
			return nil, fmt.Errorf("docker: %s in the container is %d bytes, more than %d", path, h.Size, limit)
		}
		var data bytes.Buffer
		if _, err := data.ReadFrom(tr); err != nil {
			return nil, fmt.Errorf("docker: reading %s from the container: %v", path, err)
		}
		return data.Bytes(), nil
	}
}

// boundedBuffer is a writer that refuses more than limit bytes in all.
type boundedBuffer struct {
	buf   *bytes.Buffer
	limit int64
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	if int64(b.buf.Len()+len(p)) > b.limit {
		return 0, fmt.Errorf("docker: the engine sent more than %d bytes", b.limit)
	}
	return b.buf.Write(p)
}

func (e *dockertestEngine) listContainers(ctx context.Context, label string) ([]labelled, error) {
	list, err := e.pool.Client.ListContainers(dc.ListContainersOptions{
		All: true, Filters: map[string][]string{"label": {label}}, Context: ctx,
	})
	if err != nil {
		return nil, err
	}
	out := make([]labelled, len(list))
	for i, c := range list {
		out[i] = labelled{ID: c.ID, Labels: c.Labels}
	}
	return out, nil
}

func (e *dockertestEngine) createNetwork(ctx context.Context, name, subnet string, labels map[string]string) (string, error) {
	n, err := e.pool.CreateNetwork(name, func(o *dc.CreateNetworkOptions) {
		o.Driver, o.Labels, o.CheckDuplicate, o.Context = "bridge", labels, true, ctx
		if subnet != "" {
			o.IPAM = &dc.IPAMOptions{Driver: "default", Config: []dc.IPAMConfig{{Subnet: subnet}}}
		}
	})
	if err != nil {
		return "", err
	}
	return n.Network.ID, nil
}

func (e *dockertestEngine) networkSubnet(_ context.Context, id string) (string, error) {
	n, err := e.pool.Client.NetworkInfo(id)
	if err != nil {
		return "", err
	}
	for _, c := range n.IPAM.Config {
		if ip, _, err := net.ParseCIDR(c.Subnet); err == nil && ip.To4() != nil {
			return c.Subnet, nil
		}
	}
	return "", fmt.Errorf("docker: network %s has no IPv4 subnet", id)
}

func (e *dockertestEngine) removeNetwork(_ context.Context, id string) error {
	err := e.pool.RemoveNetwork(&dockertest.Network{Network: &dc.Network{ID: id}})
	if notFound(err) {
		return nil
	}
	return err
}

func (e *dockertestEngine) listNetworks(_ context.Context, label string) ([]labelled, error) {
	list, err := e.pool.Client.FilteredListNetworks(dc.NetworkFilterOpts{"label": {label: true}})
	if err != nil {
		return nil, err
	}
	out := make([]labelled, len(list))
	for i, n := range list {
		out[i] = labelled{ID: n.ID, Labels: n.Labels}
	}
	return out, nil
}
