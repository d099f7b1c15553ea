// This file starts Galera clusters (MariaDB with Debian's galera-4): TLS
// between nodes with each node's own certificate, rsync state transfers,
// the first node bootstrapping and the others joining; and heals them.

package mysqltest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// StartGalera starts a Galera cluster of the given number of nodes, each on
// its own address with its own certificate from one CA (also used between
// the nodes), and returns once all are Synced in one primary component.
// It takes about a minute: tests share one cluster per test binary through
// Galera. Galera needs MariaDB (ErrNotSupported for a MySQL image). The
// caller must Close it.
func StartGalera(ctx context.Context, nodes int, opts ...Option) (*Cluster, error) {
	return startGalera(ctx, nodes, newConfig(opts))
}

// Galera returns a Galera cluster for a test, shared by every test of the
// binary asking for the same size and options, as Start does for servers:
// skipped when the backend cannot run here (a failure under CI=true) or the
// image is MySQL, closed by CloseAll. A test that kills or pauses nodes of
// the shared cluster restores it with Heal.
func Galera(t testing.TB, nodes int, opts ...Option) *Cluster {
	t.Helper()
	cfg := newConfig(opts)
	v := shareOnce(t, "galera|"+strconv.Itoa(nodes)+"|"+cfg.key(), func(ctx context.Context) (closer, error) {
		return startGalera(ctx, nodes, cfg)
	})
	return v.(*Cluster)
}

// galeraProviders are where distributions install galera-4's library.
var galeraProviders = []string{
	"/usr/lib/galera/libgalera_smm.so", "/usr/lib/libgalera_smm.so",
	"/usr/lib64/galera-4/libgalera_smm.so", "/usr/lib/galera-4/libgalera_smm.so",
}

// galeraNode is where one node listens: the server, group communication,
// incremental and full state transfers.
type galeraNode struct {
	ip                string
	port, ist, sst    int
	name              string
	cert, key, caFile string
}

func startGalera(ctx context.Context, n int, cfg config) (*Cluster, error) {
	if cfg.noTLS {
		return nil, errors.New("mysqltest: a Galera cluster without TLS: not offered (the nodes talk over TLS)")
	}
	provider, user, err := galeraPrerequisites(cfg)
	if err != nil {
		return nil, err
	}
	c, err := newCluster(ctx, ClusterGalera, n, cfg)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*Cluster, error) {
		_ = c.Close()
		return nil, err
	}
	nodes, err := c.galeraNodes()
	if err != nil {
		return fail(err)
	}
	for _, s := range c.Nodes {
		s.ready = s.galeraReady
	}
	g := galeraStart{c: c, cfg: cfg, provider: provider, user: user, nodes: nodes}
	if err := g.node(ctx, 0, c.Nodes[0]); err != nil {
		return fail(err)
	}
	if err := c.startAll(ctx, c.Nodes[1:], func(ctx context.Context, i int, s *Server) error {
		return g.node(ctx, i+1, s)
	}); err != nil {
		return fail(err)
	}
	if err := c.finishNodes(ctx); err != nil {
		return fail(err)
	}
	if err := c.waitGaleraSynced(ctx); err != nil {
		return fail(err)
	}
	return c, nil
}

// galeraPrerequisites checks that the backend can run Galera: MariaDB, and
// for the process backend galera-4's library (returned) and rsync, and the
// user the servers run as.
func galeraPrerequisites(cfg config) (provider string, user *processUser, err error) {
	provider = "/usr/lib/galera/libgalera_smm.so" // inside the container
	switch backend, _ := chooseBackend(cfg); backend {
	case BackendProcess:
		bin, err := findServerBinary()
		if err != nil {
			return "", nil, err
		}
		if !bin.mariadb {
			return "", nil, fmt.Errorf("%w: Galera needs MariaDB; %s is MySQL", ErrNotSupported, bin.path)
		}
		if provider = firstExisting(galeraProviders); provider == "" {
			return "", nil, fmt.Errorf("%w: no Galera library (%s); install it: apt-get install -y galera-4", ErrUnavailable, strings.Join(galeraProviders, ", "))
		}
		if _, err := findExecutable("rsync"); err != nil {
			return "", nil, fmt.Errorf("%w: rsync is missing, and Galera's state transfer needs it: apt-get install -y rsync", ErrUnavailable)
		}
		if user, err = serverUser(); err != nil {
			return "", nil, err
		}
	case BackendDocker:
		if cfg.image != "" && !imageIsMariaDB(cfg.image) {
			return "", nil, fmt.Errorf("%w: Galera needs MariaDB; image %s is MySQL", ErrNotSupported, cfg.image)
		}
	}
	return provider, user, nil
}

// galeraNodes plans where each node listens and which certificate it uses:
// Galera's standard ports and the container's files in a container, free
// ports and the host's files for processes.
func (c *Cluster) galeraNodes() ([]galeraNode, error) {
	nodes := make([]galeraNode, len(c.Nodes))
	for i, s := range c.Nodes {
		g := galeraNode{ip: s.Host, name: s.Name, port: 4567, ist: 4568, sst: 4444,
			cert: containerCertDir + "/server-cert.pem", key: containerCertDir + "/server-key.pem",
			caFile: containerCertDir + "/ca.pem"}
		if c.Backend == BackendProcess {
			ports, err := freePorts(s.Host, 3)
			if err != nil {
				return nil, err
			}
			g.port, g.ist, g.sst = ports[0], ports[1], ports[2]
			g.cert, g.key, g.caFile = s.ServerCertFile, s.ServerKeyFile, c.CAFile
		}
		nodes[i] = g
	}
	return nodes, nil
}

// galeraStart is what starting one node of a new Galera cluster needs.
type galeraStart struct {
	c        *Cluster
	cfg      config
	provider string
	user     *processUser
	nodes    []galeraNode
}

// node starts node i (0 bootstraps the cluster, the others join it) and
// waits until it is synced.
func (g galeraStart) node(ctx context.Context, i int, s *Server) error {
	flags := galeraFlags(g.c.Name, g.provider, g.nodes[i], g.nodes)
	pp := processPlan{ip: s.Host, flags: flags, cnf: "[sst]\nssl-mode=DISABLED\n", user: g.user, joiner: i > 0}
	dp := dockerPlan{entrypoint: []string{"/bin/bash", containerCertDir + "/galera-node.sh"}, cmd: []string{"join"}}
	if i == 0 {
		pp.firstArgs = []string{"--wsrep-new-cluster"}
		dp.cmd = []string{"bootstrap"}
	}
	if g.c.Backend == BackendDocker {
		if err := writeDockerGaleraFiles(s, g.cfg, flags, i == 0); err != nil {
			return err
		}
	}
	if err := g.c.startNode(ctx, s, g.cfg, pp, dp); err != nil {
		return err
	}
	return pollUntil(ctx, "node "+s.Name+" to be synced", 250*time.Millisecond, s.galeraReady)
}

func firstExisting(paths []string) string {
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// galeraFlags are a node's wsrep options: who it is, where its peers are,
// TLS between nodes with its own certificate, rsync state transfers to its
// own address.
func galeraFlags(cluster, provider string, self galeraNode, all []galeraNode) []string {
	peers := make([]string, len(all))
	for i, n := range all {
		peers[i] = net.JoinHostPort(n.ip, strconv.Itoa(n.port))
	}
	opts := []string{
		"gmcast.listen_addr=tcp://" + net.JoinHostPort(self.ip, strconv.Itoa(self.port)),
		"ist.recv_addr=" + net.JoinHostPort(self.ip, strconv.Itoa(self.ist)),
		"socket.ssl_cert=" + self.cert,
		"socket.ssl_key=" + self.key,
		"socket.ssl_ca=" + self.caFile,
	}
	return []string{
		"--binlog-format=ROW",
		"--default-storage-engine=InnoDB",
		"--innodb-autoinc-lock-mode=2",
		"--wsrep-on=ON",
		"--wsrep-provider=" + provider,
		"--wsrep-cluster-name=" + cluster,
		"--wsrep-cluster-address=gcomm://" + strings.Join(peers, ","),
		"--wsrep-node-name=" + self.name,
		"--wsrep-node-address=" + net.JoinHostPort(self.ip, strconv.Itoa(self.port)),
		"--wsrep-provider-options=" + strings.Join(opts, ";"),
		"--wsrep-sst-method=rsync",
		"--wsrep-sst-receive-address=" + net.JoinHostPort(self.ip, strconv.Itoa(self.sst)),
	}
}

// galeraNodeScript runs a Galera node in a container (a MariaDB image with
// galera-4 and rsync). "bootstrap" on an empty data directory initialises
// it with wsrep off (system tables, then the init scripts: time-zone
// tables, test users) and starts a new cluster; anything else runs the
// server, which joins the cluster, an empty data directory being filled by
// an rsync state transfer.
const galeraNodeScript = `#!/bin/bash
# mysqltest: start one Galera node (see galeraNodeScript in mysqltest/galera.go).
set -eo pipefail
cnf=` + containerCertDir + `/node.cnf
datadir=` + containerDataDir + `
for tool in mariadbd mariadb-install-db mariadb rsync; do
	command -v "$tool" >/dev/null || { echo "mysqltest: $tool is missing from this image; a Galera node needs MariaDB with galera-4 and rsync (docker/build-offline-image.sh builds one)" >&2; exit 1; }
done
install -d -o mysql -g mysql /run/mysqld "$datadir"
if [ "$1" = bootstrap ] && [ ! -d "$datadir/mysql" ]; then
	mariadb-install-db --no-defaults --user=mysql --datadir="$datadir" --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve >/dev/null
	socket=/run/mysqld/init.sock
	mariadbd --defaults-file="$cnf" --wsrep-on=OFF --wsrep-provider=none --skip-networking --socket="$socket" &
	pid=$!
	client=(mariadb --protocol=socket --socket="$socket" -uroot)
	for _ in $(seq 1 240); do
		"${client[@]}" -e 'SELECT 1' >/dev/null 2>&1 && break
		kill -0 "$pid" 2>/dev/null || { echo "mysqltest: the server stopped during initialisation" >&2; exit 1; }
		sleep 0.25
	done
	for f in ` + containerInitDir + `/*; do
		case "$f" in
		*.sh) . "$f" ;;
		*.sql) "${client[@]}" <"$f" ;;
		esac
	done
	"${client[@]}" <` + containerCertDir + `/galera-bootstrap.sql || true # it ends with SHUTDOWN
	wait "$pid" || true
	exec mariadbd --defaults-file="$cnf" --wsrep-new-cluster
fi
exec mariadbd --defaults-file="$cnf"
`

// writeDockerGaleraFiles writes a container node's defaults file, start
// script and (bootstrap node) root set-up into its directory.
func writeDockerGaleraFiles(s *Server, cfg config, wsrep []string, bootstrap bool) error {
	flags := []string{
		"--user=mysql",
		"--datadir=" + containerDataDir,
		"--socket=/run/mysqld/mysqld.sock",
		"--pid-file=/run/mysqld/mysqld.pid",
		"--bind-address=0.0.0.0",
		"--port=3306",
		"--innodb-buffer-pool-size=64M",
	}
	flags = append(flags, tlsFlags(true, true, containerCertDir+"/ca.pem",
		containerCertDir+"/server-cert.pem", containerCertDir+"/server-key.pem")...)
	flags = append(flags, "--skip-name-resolve", "--max-connections=500")
	flags = append(flags, wsrep...)
	flags = append(flags, cfg.flags...)
	files := map[string]string{
		"node.cnf":       defaultsFile(flags, "[sst]\nssl-mode=DISABLED\n"),
		"galera-node.sh": galeraNodeScript,
	}
	if bootstrap {
		files["galera-bootstrap.sql"] = initScript([]string{
			"DELETE FROM mysql.global_priv WHERE User = '' OR (User = 'root' AND Host NOT IN ('localhost', '%'))",
			"FLUSH PRIVILEGES",
			"ALTER USER 'root'@'localhost' IDENTIFIED BY " + quote(s.RootPassword),
			"SHUTDOWN",
		})
	}
	for name, text := range files {
		if err := writeFile(filepath.Join(s.dir, name), []byte(text)); err != nil {
			return err
		}
	}
	return nil
}

// galeraStatus returns the node's wsrep status variables.
func (s *Server) galeraStatus(ctx context.Context) (map[string]string, error) {
	db, err := s.rootDB()
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SHOW GLOBAL STATUS LIKE 'wsrep_%'")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	st := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		st[k] = v
	}
	return st, rows.Err()
}

// galeraReady checks that the node is Synced in a primary component.
func (s *Server) galeraReady(ctx context.Context) error {
	st, err := s.galeraStatus(ctx)
	if err != nil {
		return err
	}
	if st["wsrep_local_state_comment"] != "Synced" || st["wsrep_cluster_status"] != "Primary" || st["wsrep_ready"] != "ON" {
		return fmt.Errorf("node %s is %s in a %s component (wsrep_ready=%s)", s.Name,
			st["wsrep_local_state_comment"], st["wsrep_cluster_status"], st["wsrep_ready"])
	}
	return nil
}

// waitGaleraSynced waits until every running node is Synced in one primary
// component whose size is the number of running nodes.
func (c *Cluster) waitGaleraSynced(ctx context.Context) error {
	return pollUntil(ctx, "the Galera cluster to be synced", 250*time.Millisecond, func(ctx context.Context) error {
		running := c.runningNodes()
		for _, s := range running {
			st, err := s.galeraStatus(ctx)
			if err != nil {
				return err
			}
			if err := s.galeraReady(ctx); err != nil {
				return err
			}
			if st["wsrep_cluster_size"] != strconv.Itoa(len(running)) {
				return fmt.Errorf("node %s sees a cluster of %s nodes, %d run", s.Name, st["wsrep_cluster_size"], len(running))
			}
		}
		return nil
	})
}

// healGalera brings a primary component back if none is left (the running
// node that committed most bootstraps one), then starts the down nodes,
// which join it.
func (c *Cluster) healGalera(ctx context.Context) error {
	// Nodes that were only paused merge back into a primary component by
	// themselves once all members of the last one see each other again.
	if running := c.runningNodes(); len(running) > 0 {
		if err := c.bootstrapIfNoPrimary(ctx, running); err != nil {
			return err
		}
	}
	for _, s := range c.Nodes {
		if err := s.Start(ctx); err != nil {
			return err
		}
	}
	return c.waitGaleraSynced(ctx)
}

// bootstrapIfNoPrimary waits briefly for a primary component among the
// running nodes and, if none forms, makes the most advanced node one.
func (c *Cluster) bootstrapIfNoPrimary(ctx context.Context, running []*Server) error {
	waitCtx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	err := pollUntil(waitCtx, "a primary component", 250*time.Millisecond, func(ctx context.Context) error {
		for _, s := range running {
			if st, err := s.galeraStatus(ctx); err == nil && st["wsrep_cluster_status"] == "Primary" {
				return nil
			}
		}
		return errors.New("no running node is in a primary component")
	})
	if err == nil {
		return nil
	}
	var best *Server
	bestSeqno := int64(-2)
	for _, s := range running {
		st, err := s.galeraStatus(ctx)
		if err != nil {
			continue
		}
		seqno, err := strconv.ParseInt(st["wsrep_last_committed"], 10, 64)
		if err == nil && seqno > bestSeqno {
			best, bestSeqno = s, seqno
		}
	}
	if best == nil {
		return fmt.Errorf("mysqltest: no running Galera node answers: %w", err)
	}
	return execAll(ctx, best, []string{"SET GLOBAL wsrep_provider_options = 'pc.bootstrap=YES'"})
}
