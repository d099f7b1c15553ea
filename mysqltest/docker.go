// This file is the docker backend: it runs a MySQL or MariaDB image with the
// test certificates mounted and the set-up (time-zone tables, users) as
// init scripts, following the official images' entrypoint conventions, and
// controls the container for the fault controls. A single server publishes
// 3306 on 127.0.0.1; a cluster node sits on the cluster's private network
// at its own address. It never pulls: an image must be present locally.
// The engine it drives (dockerEngine) is ory/dockertest, compiled in only
// with -tags docker (dockerpool.go); without the tag it is refused
// (nodocker.go), so process-only test binaries hold no Docker package.

package mysqltest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Labels put on every container and network, so leftovers of a killed test
// binary can be found and removed.
const (
	labelOwner = "jdbcmysql.mysqltest.owner" // "<hostname>/<pid>"
)

// Paths inside the container.
const (
	containerCertDir = "/etc/mysqltest"
	containerInitDir = "/docker-entrypoint-initdb.d"
	containerDataDir = "/var/lib/mysql"
)

// dockerEngine is the Docker engine the backend drives: the calls it makes,
// each bounded by ctx. Its one implementation is dockertestEngine
// (dockerpool.go, -tags docker); newDockerEngine gives it, or
// ErrDockerNotBuilt in a binary built without the tag.
type dockerEngine interface {
	imagePresent(ctx context.Context, image string) (bool, error)
	// createContainer creates (without starting) the container spec describes.
	createContainer(ctx context.Context, spec containerSpec) (id string, err error)
	startContainer(ctx context.Context, id string) error
	// stopContainer sends SIGTERM and, after timeout, SIGKILL.
	stopContainer(ctx context.Context, id string, timeout time.Duration) error
	killContainer(ctx context.Context, id string) error
	pauseContainer(ctx context.Context, id string) error
	unpauseContainer(ctx context.Context, id string) error
	// removeContainer removes a container, running or not, with its
	// volumes; one already gone is not an error.
	removeContainer(ctx context.Context, id string) error
	containerRunning(ctx context.Context, id string) (bool, error)
	// containerLogs returns the last lines of the container's output, or a
	// note saying why there are none.
	containerLogs(ctx context.Context, id string, lines int) string
	// copyFile reads one regular file of at most limit bytes out of a container.
	copyFile(ctx context.Context, id, path string, limit int64) ([]byte, error)
	// listContainers lists all containers (running or not) carrying label.
	listContainers(ctx context.Context, label string) ([]labelled, error)
	// createNetwork creates a bridge network, with subnet when not empty.
	createNetwork(ctx context.Context, name, subnet string, labels map[string]string) (id string, err error)
	// networkSubnet returns the first IPv4 subnet of a network.
	networkSubnet(ctx context.Context, id string) (string, error)
	// removeNetwork removes a network; one already gone is not an error.
	removeNetwork(ctx context.Context, id string) error
	listNetworks(ctx context.Context, label string) ([]labelled, error)
}

// labelled is a container or network carrying labels.
type labelled struct {
	ID     string
	Labels map[string]string
}

// containerSpec is a container as the backend wants it created.
type containerSpec struct {
	Name       string
	Image      string
	Hostname   string
	Entrypoint []string // nil: the image's own
	Cmd        []string
	Env        []string
	Labels     map[string]string
	Binds      []string // "host:container[:ro]"
	HostPort   int      // publishes 3306/tcp on 127.0.0.1:HostPort (Network "" only)
	Network    string   // the network the container joins instead of the default bridge
	IP         string   // its fixed IPv4 address on Network
	Aliases    []string // its names on Network
}

// dockerPlan is what differs between the containers the backend runs.
type dockerPlan struct {
	name       string   // container name
	network    string   // a cluster's network; "" publishes 3306 on 127.0.0.1
	ip         string   // the node's address on network
	hostPort   int      // the published port when network is ""
	flags      []string // role flags, before the caller's WithServerFlags
	setupSQL   []string // run as root after the users are made
	entrypoint []string // replaces the image's entrypoint (Galera nodes)
	cmd        []string // replaces the server flags as the command (Galera nodes)
	binds      []string // extra mounts
}

// imageIsMariaDB tells the flavour from the image name, as the flags and
// environment must be chosen before the container runs.
func imageIsMariaDB(image string) bool {
	return strings.Contains(strings.ToLower(image), "mariadb")
}

// dockerFlags are the server flags given as the container's command.
func dockerFlags(s *Server, cfg config, mariadb bool, plan dockerPlan) []string {
	var flags []string
	if !cfg.autoCerts {
		flags = tlsFlags(s.TLS, mariadb, containerCertDir+"/ca.pem",
			containerCertDir+"/server-cert.pem", containerCertDir+"/server-key.pem")
	}
	flags = append(flags, "--skip-name-resolve", "--max-connections=500")
	flags = append(flags, plan.flags...)
	return append(flags, cfg.flags...)
}

// dockerEnv is the environment of the image's entrypoint: the root password
// and root@'%' (both spellings, MYSQL_ for mysql images, MARIADB_ for the
// mariadb ones; each entrypoint ignores the other's).
func dockerEnv(s *Server) []string {
	return []string{
		"MYSQL_ROOT_PASSWORD=" + s.RootPassword,
		"MYSQL_ROOT_HOST=%",
		"MARIADB_ROOT_PASSWORD=" + s.RootPassword,
		"MARIADB_ROOT_HOST=%",
	}
}

// dockerInitFiles are the files mounted at /docker-entrypoint-initdb.d,
// run in name order by the entrypoint on the first start: the time-zone
// tables where the entrypoint does not load them, then the users. With
// WithAutoGeneratedCerts the users come later, over TCP, since the
// SUBJECT user's ISSUER is the CA the server generates.
func dockerInitFiles(s *Server, cfg config, plan dockerPlan) map[string]string {
	files := map[string]string{"00-mysqltest-tzinfo.sh": timeZoneInitScript}
	if !cfg.autoCerts {
		files["01-mysqltest-users.sql"] = initScript(append(s.setupStatements(), plan.setupSQL...))
	}
	return files
}

// ownerLabels are the labels of every container and network this test
// binary makes.
func ownerLabels() map[string]string {
	hostname, _ := os.Hostname()
	return map[string]string{labelOwner: hostname + "/" + strconv.Itoa(os.Getpid())}
}

// dockerContainer describes the container of a plan.
func dockerContainer(s *Server, cfg config, image string, plan dockerPlan, hostDir, initDir string) containerSpec {
	if plan.cmd == nil {
		plan.cmd = dockerFlags(s, cfg, imageIsMariaDB(image), plan)
	}
	spec := containerSpec{
		Name:       plan.name,
		Image:      image,
		Hostname:   plan.name,
		Entrypoint: plan.entrypoint,
		Cmd:        plan.cmd,
		Env:        dockerEnv(s),
		Labels:     ownerLabels(),
		Binds:      append([]string{hostDir + ":" + containerCertDir + ":ro", initDir + ":" + containerInitDir + ":ro"}, plan.binds...),
	}
	if plan.network == "" {
		spec.HostPort = plan.hostPort
		return spec
	}
	spec.Network, spec.IP, spec.Aliases = plan.network, plan.ip, []string{plan.name}
	return spec
}

// startDockerServer runs a single server: its image (or the first locally
// present of DefaultImage and OfflineImage), 3306 published on a free
// 127.0.0.1 port that stays the same across restarts.
func startDockerServer(ctx context.Context, s *Server, cfg config) error {
	engine, err := newDockerEngine(ctx)
	if err != nil {
		return err
	}
	image, err := pickImage(ctx, engine, cfg.image, DefaultImage, OfflineImage)
	if err != nil {
		return err
	}
	if cfg.autoCerts && imageIsMariaDB(image) {
		return fmt.Errorf("%w: WithAutoGeneratedCerts: %s is MariaDB, which generates no certificate files", ErrNotSupported, image)
	}
	sweepStaleContainers(ctx, engine)
	name := "mysqltest-" + strconv.Itoa(os.Getpid()) + "-" + randomName()
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		port, err := freePort("127.0.0.1")
		if err != nil {
			return err
		}
		plan := dockerPlan{name: name, hostPort: port}
		lastErr = runDockerNode(ctx, engine, s, cfg, image, plan)
		if lastErr == nil {
			s.Host, s.Port, s.Addr = "127.0.0.1", port, fmt.Sprintf("127.0.0.1:%d", port)
			break
		}
		if !strings.Contains(lastErr.Error(), "already allocated") && !strings.Contains(lastErr.Error(), "already in use") {
			return lastErr
		}
		if s.run != nil {
			_ = s.run.remove(ctx)
			s.run = nil
		}
	}
	if lastErr != nil {
		return lastErr
	}
	return waitDockerReady(ctx, s, cfg)
}

// runDockerNode writes the init scripts, creates and starts the container;
// s.run controls it afterwards.
func runDockerNode(ctx context.Context, engine dockerEngine, s *Server, cfg config, image string, plan dockerPlan) error {
	s.Image = image
	s.MariaDB = imageIsMariaDB(image)
	initDir := filepath.Join(s.dir, "initdb")
	if err := os.MkdirAll(initDir, 0o755); err != nil {
		return fmt.Errorf("mysqltest: %w", err)
	}
	for name, text := range dockerInitFiles(s, cfg, plan) {
		if err := writeFile(filepath.Join(initDir, name), []byte(text)); err != nil {
			return err
		}
	}
	spec := dockerContainer(s, cfg, image, plan, s.dir, initDir)
	id, err := engine.createContainer(ctx, spec)
	if err != nil {
		return fmt.Errorf("mysqltest: creating a container of %s: %w", image, redactErr(err, s))
	}
	d := &dockerRunner{engine: engine, id: id, name: plan.name}
	s.run = d
	if err := engine.startContainer(ctx, id); err != nil {
		return fmt.Errorf("mysqltest: starting the container of %s: %w", image, redactErr(err, s))
	}
	return nil
}

// waitDockerReady waits until the entrypoint's initialisation is over and
// root can query the server over TCP, then (WithAutoGeneratedCerts) reads
// the server's certificates and creates the users.
func waitDockerReady(ctx context.Context, s *Server, cfg config) error {
	d := s.run.(*dockerRunner)
	deadline := time.Now().Add(5 * time.Minute)
	var last error
	for time.Now().Before(deadline) {
		if ctx.Err() != nil {
			return fmt.Errorf("mysqltest: waiting for %s: %w", s.Image, ctx.Err())
		}
		select {
		case <-d.exited():
			return fmt.Errorf("mysqltest: the container of %s exited during start-up:\n%s", s.Image, d.logs())
		default:
		}
		last = dockerReadyOnce(ctx, s, cfg, d)
		if last == nil {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	if last != nil {
		return fmt.Errorf("mysqltest: %s did not accept root within 5m: %v\n%s", s.Image, redactErr(last, s), d.logs())
	}
	if !cfg.autoCerts {
		return nil
	}
	return execAll(ctx, s, s.setupStatements())
}

// dockerReadyOnce is one readiness probe: the real server (not the
// entrypoint's socket-only one) answers root over TCP, and the users exist.
func dockerReadyOnce(ctx context.Context, s *Server, cfg config, d *dockerRunner) error {
	if cfg.autoCerts && s.CA == nil {
		if err := s.copyGeneratedCerts(ctx, d); err != nil {
			return err
		}
	}
	if err := s.pingRoot(ctx); err != nil {
		return err
	}
	if cfg.autoCerts {
		return nil
	}
	db, err := s.rootDB()
	if err != nil {
		return err
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM mysql.user WHERE User = ?", s.Users.X509).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return errors.New("the init scripts have not run yet")
	}
	return nil
}

// copyGeneratedCerts copies the certificates MySQL generated in its data
// directory out of the container into s.dir, then uses them.
func (s *Server) copyGeneratedCerts(ctx context.Context, d *dockerRunner) error {
	for _, name := range generatedCertFiles {
		data, err := d.engine.copyFile(ctx, d.id, containerDataDir+"/"+name, 1<<20)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(s.dir, name), data, 0o600); err != nil {
			return fmt.Errorf("mysqltest: %w", err)
		}
	}
	return s.useGeneratedCerts(s.dir)
}

// pickImage returns image, or the first locally present of candidates when
// image is empty, refusing one not present locally.
func pickImage(ctx context.Context, engine dockerEngine, image string, candidates ...string) (string, error) {
	if image != "" {
		ok, err := engine.imagePresent(ctx, image)
		if err != nil {
			return "", fmt.Errorf("%w: inspecting image %s: %v", ErrUnavailable, image, err)
		}
		if !ok {
			return "", fmt.Errorf("%w: image %s is not present locally and mysqltest does not pull; run: %s", ErrUnavailable, image, imageHint(image))
		}
		return image, nil
	}
	for _, c := range candidates {
		if ok, _ := engine.imagePresent(ctx, c); ok {
			return c, nil
		}
	}
	hints := make([]string, len(candidates))
	for i, c := range candidates {
		hints[i] = imageHint(c)
	}
	return "", fmt.Errorf("%w: none of %s is present locally and mysqltest does not pull; run one of: %s",
		ErrUnavailable, strings.Join(candidates, ", "), strings.Join(hints, "; "))
}

func imageHint(image string) string {
	if image == OfflineImage {
		return "bash docker/build-offline-image.sh"
	}
	return "docker pull " + image
}

// dockerRunner controls one container; it is the docker backend's runner.
type dockerRunner struct {
	engine dockerEngine
	id     string
	name   string
}

func (d *dockerRunner) kill(ctx context.Context) error { return d.engine.killContainer(ctx, d.id) }

func (d *dockerRunner) stop(ctx context.Context) error {
	return d.engine.stopContainer(ctx, d.id, 60*time.Second)
}

func (d *dockerRunner) start(ctx context.Context) error { return d.engine.startContainer(ctx, d.id) }

func (d *dockerRunner) pause(ctx context.Context) error { return d.engine.pauseContainer(ctx, d.id) }

func (d *dockerRunner) unpause(ctx context.Context) error {
	return d.engine.unpauseContainer(ctx, d.id)
}

// exited returns a channel that is already closed when the container is
// not running (asked of the engine at the call).
func (d *dockerRunner) exited() <-chan struct{} {
	ch := make(chan struct{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if running, err := d.engine.containerRunning(ctx, d.id); err == nil && !running {
		close(ch)
	}
	return ch
}

func (d *dockerRunner) logs() string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return tail([]byte(d.engine.containerLogs(ctx, d.id, 40)), 3000)
}

func (d *dockerRunner) remove(ctx context.Context) error { return d.engine.removeContainer(ctx, d.id) }

// sweepStaleContainers removes containers and networks this package made
// from test binaries on this host that have exited.
func sweepStaleContainers(ctx context.Context, engine dockerEngine) {
	hostname, _ := os.Hostname()
	stale := func(l labelled) bool {
		host, pidText, ok := strings.Cut(l.Labels[labelOwner], "/")
		pid, err := strconv.Atoi(pidText)
		return ok && err == nil && host == hostname && !processAlive(pid)
	}
	if list, err := engine.listContainers(ctx, labelOwner); err == nil {
		for _, c := range list {
			if stale(c) {
				_ = engine.removeContainer(ctx, c.ID)
			}
		}
	}
	if list, err := engine.listNetworks(ctx, labelOwner); err == nil {
		for _, n := range list {
			if stale(n) {
				_ = engine.removeNetwork(ctx, n.ID)
			}
		}
	}
}
