// Unit tests of the dockertest engine (-tags docker): the create request it
// sends for a single server and a cluster node, and how it reads the
// engine's answers (absent images, conflicts, containers already gone, no
// engine at DOCKER_HOST).

//go:build docker

package mysqltest

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// createBody is the JSON the engine's client posts for opts.
func createBody(t *testing.T, spec containerSpec) string {
	t.Helper()
	opts := createOptions(context.Background(), spec)
	if opts.Name != spec.Name {
		t.Errorf("create name %q, want %q", opts.Name, spec.Name)
	}
	body, err := json.Marshal(struct {
		Config           any `json:"Config"`
		HostConfig       any `json:"HostConfig"`
		NetworkingConfig any `json:"NetworkingConfig,omitempty"`
	}{opts.Config, opts.HostConfig, opts.NetworkingConfig})
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

func TestCreateOptionsSingleServer(t *testing.T) {
	s, cfg := specServer(t)
	body := createBody(t, dockerContainer(s, cfg, OfflineImage, dockerPlan{name: "node", hostPort: 4321}, "/h/certs", "/h/initdb"))
	for _, want := range []string{
		`"PortBindings":{"3306/tcp":[{"HostIp":"127.0.0.1","HostPort":"4321"}]}`,
		`"ExposedPorts":{"3306/tcp":{}}`,
		`"Binds":["/h/certs:/etc/mysqltest:ro","/h/initdb:/docker-entrypoint-initdb.d:ro"]`,
		`"jdbcmysql.mysqltest.owner":`,
		`"Image":"` + OfflineImage + `"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("create body %s lacks %s", body, want)
		}
	}
	// docker stop sends the image's stop signal (SIGTERM for these images):
	// Stop is a clean shutdown only without an override.
	for _, not := range []string{`"StopSignal"`, `"PublishAllPorts":true`, `"NetworkMode"`} {
		if strings.Contains(body, not) {
			t.Errorf("create body %s has %s", body, not)
		}
	}
}

func TestCreateOptionsClusterNode(t *testing.T) {
	s, cfg := specServer(t)
	body := createBody(t, dockerContainer(s, cfg, OfflineImage, dockerPlan{name: "c-node2", network: "c", ip: "172.30.0.11",
		entrypoint: []string{"/bin/bash", "/etc/mysqltest/galera-node.sh"}, cmd: []string{"join"}}, "/c", "/i"))
	for _, want := range []string{
		`"NetworkMode":"c"`,
		`"EndpointsConfig":{"c":{"IPAMConfig":{"IPv4Address":"172.30.0.11"},"Aliases":["c-node2"]}}`,
		`"Entrypoint":["/bin/bash","/etc/mysqltest/galera-node.sh"]`,
		`"Cmd":["join"]`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("create body %s lacks %s", body, want)
		}
	}
	if strings.Contains(body, `"PortBindings"`) {
		t.Errorf("a cluster node publishes a port: %s", body)
	}
}

// TestDockerEngineAnswers runs the engine against an HTTP server on a unix
// socket that answers as the Docker engine does.
func TestDockerEngineAnswers(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "engine.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Skipf("no unix sockets: %v", err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case p == "/_ping":
			w.Write([]byte("OK"))
		case p == "/images/present:1/json":
			w.Write([]byte(`{"Id":"sha256:1"}`))
		case strings.HasPrefix(p, "/images/"):
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"message":"No such image"}`))
		case p == "/containers/create":
			w.WriteHeader(http.StatusConflict)
			w.Write([]byte(`{"message":"Conflict. The container name \"/x\" is already in use"}`))
		case r.Method == http.MethodDelete:
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"message":"No such container or network"}`))
		default:
			w.WriteHeader(http.StatusInternalServerError)
		}
	})}
	go srv.Serve(l)
	defer srv.Close()
	t.Setenv("DOCKER_HOST", "unix://"+sock)
	ctx := context.Background()
	e, err := newDockerEngine(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := e.imagePresent(ctx, "present:1"); !ok || err != nil {
		t.Errorf("a present image: %v, %v", ok, err)
	}
	if ok, err := e.imagePresent(ctx, "absent:1"); ok || err != nil {
		t.Errorf("an absent image: %v, %v", ok, err)
	}
	if _, err := e.createContainer(ctx, containerSpec{Name: "x", Image: "present:1"}); err == nil {
		t.Error("a refused create succeeded")
	}
	if err := e.removeContainer(ctx, "gone"); err != nil {
		t.Errorf("removing a container already gone: %v", err)
	}
	if err := e.removeNetwork(ctx, "gone"); err != nil {
		t.Errorf("removing a network already gone: %v", err)
	}

	srv.Close()
	_, err = newDockerEngine(ctx)
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), sock) {
		t.Errorf("no engine at DOCKER_HOST: %v; want ErrUnavailable naming %s", err, sock)
	}
}
