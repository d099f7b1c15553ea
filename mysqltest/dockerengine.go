// This file is a small client of the Docker Engine HTTP API, with only the
// calls the docker backend makes (containers, networks, images, logs, file
// copies), so no Docker SDK is compiled into test binaries.

package mysqltest

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// dockerEngine is a connection to one Docker engine.
type dockerEngine struct {
	client *http.Client
	base   string // "http://docker/v1.41": scheme, host and API version prefix
}

// dockerAPIError is an error response of the engine.
type dockerAPIError struct {
	Status  int
	Message string
}

func (e *dockerAPIError) Error() string {
	return fmt.Sprintf("docker engine: %s (HTTP %d)", e.Message, e.Status)
}

// isNotFound reports whether err is the engine's 404.
func isNotFound(err error) bool {
	var apiErr *dockerAPIError
	return errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound
}

// defaultDockerHost is where the engine listens when DOCKER_HOST is unset.
const defaultDockerHost = "unix:///var/run/docker.sock"

// newDockerEngine connects to DOCKER_HOST (unix:// or tcp://, with
// DOCKER_TLS_VERIFY and DOCKER_CERT_PATH honoured) and negotiates the API
// version with a ping. Errors wrap ErrUnavailable.
func newDockerEngine(ctx context.Context) (*dockerEngine, error) {
	host := os.Getenv("DOCKER_HOST")
	if host == "" {
		host = defaultDockerHost
	}
	e, err := dockerEngineFor(host)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(pingCtx, http.MethodGet, e.base+"/_ping", nil)
	if err != nil {
		return nil, fmt.Errorf("%w: docker: %v", ErrUnavailable, err)
	}
	resp, err := e.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: no Docker engine answers at %s (set DOCKER_HOST if it is elsewhere): %v", ErrUnavailable, host, err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1024))
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w: the Docker engine at %s answered the ping with HTTP %d", ErrUnavailable, host, resp.StatusCode)
	}
	version := resp.Header.Get("Api-Version")
	if version == "" {
		version = "1.41"
	}
	e.base += "/v" + version
	return e, nil
}

// dockerEngineFor builds the HTTP client for a DOCKER_HOST value.
func dockerEngineFor(host string) (*dockerEngine, error) {
	u, err := url.Parse(host)
	if err != nil {
		return nil, fmt.Errorf("DOCKER_HOST %q: %v", host, err)
	}
	transport := &http.Transport{MaxIdleConns: 4, IdleConnTimeout: 30 * time.Second}
	scheme := "http"
	switch u.Scheme {
	case "unix":
		socket := u.Path
		transport.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", socket)
		}
		u.Host = "docker"
	case "tcp":
		if os.Getenv("DOCKER_TLS_VERIFY") != "" {
			cfg, err := dockerClientTLS(os.Getenv("DOCKER_CERT_PATH"))
			if err != nil {
				return nil, err
			}
			transport.TLSClientConfig = cfg
			scheme = "https"
		}
	default:
		return nil, fmt.Errorf("DOCKER_HOST %q: want unix:///path or tcp://host:port", host)
	}
	return &dockerEngine{client: &http.Client{Transport: transport}, base: scheme + "://" + u.Host}, nil
}

// dockerClientTLS reads ca.pem, cert.pem and key.pem from DOCKER_CERT_PATH
// (default ~/.docker), as the docker CLI does.
func dockerClientTLS(dir string) (*tls.Config, error) {
	if dir == "" {
		home, _ := os.UserHomeDir()
		dir = filepath.Join(home, ".docker")
	}
	pair, err := tls.LoadX509KeyPair(filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem"))
	if err != nil {
		return nil, fmt.Errorf("DOCKER_CERT_PATH %s: %v", dir, err)
	}
	caPEM, err := os.ReadFile(filepath.Join(dir, "ca.pem"))
	if err != nil {
		return nil, fmt.Errorf("DOCKER_CERT_PATH %s: %v", dir, err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return nil, fmt.Errorf("DOCKER_CERT_PATH %s: ca.pem holds no certificate", dir)
	}
	return &tls.Config{Certificates: []tls.Certificate{pair}, RootCAs: pool, MinVersion: tls.VersionTLS12}, nil
}

// maxDockerResponse bounds what is read from one engine response.
const maxDockerResponse = 8 << 20

// call sends one request with an optional JSON body and decodes a JSON
// answer into out (when not nil).
func (e *dockerEngine) call(ctx context.Context, method, path string, query url.Values, body, out any) error {
	resp, err := e.send(ctx, method, path, query, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxDockerResponse))
	if err != nil {
		return fmt.Errorf("docker engine: reading %s %s: %v", method, path, err)
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("docker engine: decoding %s %s: %v", method, path, err)
		}
	}
	return nil
}

// send sends a request and returns a 2xx response (whose body the caller
// closes), or the engine's error.
func (e *dockerEngine) send(ctx context.Context, method, path string, query url.Values, body any) (*http.Response, error) {
	var reader io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("docker engine: encoding %s %s: %v", method, path, err)
		}
		reader = bytes.NewReader(b)
	}
	target := e.base + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, target, reader)
	if err != nil {
		return nil, fmt.Errorf("docker engine: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := e.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("docker engine: %s %s: %v", method, path, err)
	}
	if resp.StatusCode/100 == 2 {
		return resp, nil
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	var msg struct{ Message string }
	if json.Unmarshal(data, &msg) != nil || msg.Message == "" {
		msg.Message = strings.TrimSpace(string(data))
	}
	return nil, &dockerAPIError{Status: resp.StatusCode, Message: msg.Message}
}

// imagePresent reports whether the image exists locally.
func (e *dockerEngine) imagePresent(ctx context.Context, image string) (bool, error) {
	err := e.call(ctx, http.MethodGet, "/images/"+image+"/json", nil, nil, nil)
	if isNotFound(err) {
		return false, nil
	}
	return err == nil, err
}

// containerSpec is the subset of the engine's container-create body used here.
type containerSpec struct {
	Image            string
	Hostname         string              `json:",omitempty"`
	Entrypoint       []string            `json:",omitempty"`
	Cmd              []string            `json:",omitempty"`
	Env              []string            `json:",omitempty"`
	Labels           map[string]string   `json:",omitempty"`
	ExposedPorts     map[string]struct{} `json:",omitempty"`
	HostConfig       hostConfig
	NetworkingConfig *networkingConfig `json:",omitempty"`
}

type hostConfig struct {
	Binds        []string                 `json:",omitempty"`
	PortBindings map[string][]portBinding `json:",omitempty"`
	NetworkMode  string                   `json:",omitempty"`
}

type portBinding struct {
	HostIP   string `json:"HostIp"`
	HostPort string
}

type networkingConfig struct {
	EndpointsConfig map[string]endpointConfig
}

type endpointConfig struct {
	IPAMConfig *endpointIPAM `json:",omitempty"`
	Aliases    []string      `json:",omitempty"`
}

type endpointIPAM struct {
	IPv4Address string
}

// createContainer creates (without starting) a container named name.
func (e *dockerEngine) createContainer(ctx context.Context, name string, spec containerSpec) (string, error) {
	var out struct{ ID string }
	if err := e.call(ctx, http.MethodPost, "/containers/create", url.Values{"name": {name}}, spec, &out); err != nil {
		return "", err
	}
	return out.ID, nil
}

func (e *dockerEngine) startContainer(ctx context.Context, id string) error {
	return e.call(ctx, http.MethodPost, "/containers/"+id+"/start", nil, nil, nil)
}

// stopContainer sends SIGTERM and, after timeout, SIGKILL.
func (e *dockerEngine) stopContainer(ctx context.Context, id string, timeout time.Duration) error {
	q := url.Values{"t": {fmt.Sprint(int(timeout.Seconds()))}}
	return e.call(ctx, http.MethodPost, "/containers/"+id+"/stop", q, nil, nil)
}

func (e *dockerEngine) killContainer(ctx context.Context, id string) error {
	return e.call(ctx, http.MethodPost, "/containers/"+id+"/kill", url.Values{"signal": {"KILL"}}, nil, nil)
}

func (e *dockerEngine) pauseContainer(ctx context.Context, id string) error {
	return e.call(ctx, http.MethodPost, "/containers/"+id+"/pause", nil, nil, nil)
}

func (e *dockerEngine) unpauseContainer(ctx context.Context, id string) error {
	return e.call(ctx, http.MethodPost, "/containers/"+id+"/unpause", nil, nil, nil)
}

// removeContainer removes a container, running or not, with its volumes.
func (e *dockerEngine) removeContainer(ctx context.Context, id string) error {
	err := e.call(ctx, http.MethodDelete, "/containers/"+id, url.Values{"force": {"1"}, "v": {"1"}}, nil, nil)
	if isNotFound(err) {
		return nil
	}
	return err
}

// containerInfo is the subset of a container inspection used here.
type containerInfo struct {
	ID    string
	State struct {
		Status   string // "running", "paused", "exited", …
		Running  bool
		Paused   bool
		ExitCode int
	}
	NetworkSettings struct {
		Ports    map[string][]portBinding
		Networks map[string]struct{ IPAddress string }
	}
}

func (e *dockerEngine) inspectContainer(ctx context.Context, id string) (containerInfo, error) {
	var info containerInfo
	err := e.call(ctx, http.MethodGet, "/containers/"+id+"/json", nil, nil, &info)
	return info, err
}

// labelled is a container or network carrying labels.
type labelled struct {
	ID     string `json:"Id"`
	Labels map[string]string
}

// listContainers lists all containers (running or not) carrying label.
func (e *dockerEngine) listContainers(ctx context.Context, label string) ([]labelled, error) {
	var out []labelled
	err := e.call(ctx, http.MethodGet, "/containers/json", labelFilter(label, true), nil, &out)
	return out, err
}

func labelFilter(label string, all bool) url.Values {
	f, _ := json.Marshal(map[string][]string{"label": {label}})
	q := url.Values{"filters": {string(f)}}
	if all {
		q.Set("all", "1")
	}
	return q
}

// containerLogs returns the last lines of a container's output.
func (e *dockerEngine) containerLogs(ctx context.Context, id string, lines int) string {
	q := url.Values{"stdout": {"1"}, "stderr": {"1"}, "tail": {fmt.Sprint(lines)}}
	resp, err := e.send(ctx, http.MethodGet, "/containers/"+id+"/logs", q, nil)
	if err != nil {
		return "(no logs: " + err.Error() + ")"
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return string(demuxDockerStream(data))
}

// demuxDockerStream strips the 8-byte frame headers of a non-TTY stream
// (one byte stream id, three zero bytes, a big-endian length); data that
// does not look framed is returned unchanged.
func demuxDockerStream(data []byte) []byte {
	var out []byte
	rest := data
	for len(rest) > 0 {
		if len(rest) < 8 || rest[0] > 2 || rest[1] != 0 || rest[2] != 0 || rest[3] != 0 {
			return data
		}
		n := int(binary.BigEndian.Uint32(rest[4:8]))
		if n > len(rest)-8 {
			return data
		}
		out = append(out, rest[8:8+n]...)
		rest = rest[8+n:]
	}
	return out
}

// copyFile reads one regular file out of a container (its archive endpoint
// returns a tar stream), up to limit bytes.
func (e *dockerEngine) copyFile(ctx context.Context, id, path string, limit int64) ([]byte, error) {
	resp, err := e.send(ctx, http.MethodGet, "/containers/"+id+"/archive", url.Values{"path": {path}}, nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	tr := tar.NewReader(resp.Body)
	for {
		h, err := tr.Next()
		if err != nil {
			return nil, fmt.Errorf("docker engine: reading %s from the container: %v", path, err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		if h.Size > limit {
			return nil, fmt.Errorf("docker engine: %s in the container is %d bytes, more than %d", path, h.Size, limit)
		}
		return io.ReadAll(io.LimitReader(tr, limit))
	}
}

// createNetwork creates a bridge network, with subnet when not empty.
func (e *dockerEngine) createNetwork(ctx context.Context, name, subnet string, labels map[string]string) (string, error) {
	body := map[string]any{"Name": name, "Driver": "bridge", "CheckDuplicate": true, "Labels": labels}
	if subnet != "" {
		body["IPAM"] = map[string]any{"Driver": "default", "Config": []map[string]string{{"Subnet": subnet}}}
	}
	var out struct{ ID string }
	if err := e.call(ctx, http.MethodPost, "/networks/create", nil, body, &out); err != nil {
		return "", err
	}
	return out.ID, nil
}

// networkSubnet returns the first IPv4 subnet of a network.
func (e *dockerEngine) networkSubnet(ctx context.Context, id string) (string, error) {
	var out struct {
		IPAM struct{ Config []struct{ Subnet string } }
	}
	if err := e.call(ctx, http.MethodGet, "/networks/"+id, nil, nil, &out); err != nil {
		return "", err
	}
	for _, c := range out.IPAM.Config {
		if ip, _, err := net.ParseCIDR(c.Subnet); err == nil && ip.To4() != nil {
			return c.Subnet, nil
		}
	}
	return "", fmt.Errorf("docker engine: network %s has no IPv4 subnet", id)
}

func (e *dockerEngine) removeNetwork(ctx context.Context, id string) error {
	err := e.call(ctx, http.MethodDelete, "/networks/"+id, nil, nil, nil)
	if isNotFound(err) {
		return nil
	}
	return err
}

func (e *dockerEngine) listNetworks(ctx context.Context, label string) ([]labelled, error) {
	var out []labelled
	err := e.call(ctx, http.MethodGet, "/networks", labelFilter(label, false), nil, &out)
	return out, err
}
