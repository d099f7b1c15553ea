// This file starts replication clusters (a source with replicas, GTID
// async replication over TLS, replicas read_only) and promotes replicas,
// with the SQL for MariaDB and for MySQL 8.0.23+.

package mysqltest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// StartReplication starts a source and the given number of replicas, each
// on its own address with its own certificate from one CA, replicating with
// GTIDs over verified TLS; replicas are read_only. It returns once every
// replica runs both replication threads and has caught up. The caller must
// Close it. Errors wrap ErrUnavailable when the backend cannot run here.
func StartReplication(ctx context.Context, replicas int, opts ...Option) (*Cluster, error) {
	return startReplication(ctx, replicas, newConfig(opts))
}

// Replication returns a replication cluster for a test, shared by every
// test of the binary asking for the same size and options, as Start does
// for servers: skipped when the backend cannot run here (a failure under
// CI=true), closed by CloseAll. A test that kills, pauses or promotes nodes
// of a shared cluster restores it with Heal.
func Replication(t testing.TB, replicas int, opts ...Option) *Cluster {
	t.Helper()
	cfg := newConfig(opts)
	v := shareOnce(t, "replication|"+strconv.Itoa(replicas)+"|"+cfg.key(), func(ctx context.Context) (closer, error) {
		return startReplication(ctx, replicas, cfg)
	})
	return v.(*Cluster)
}

func startReplication(ctx context.Context, replicas int, cfg config) (*Cluster, error) {
	c, err := newCluster(ctx, ClusterReplication, replicas+1, cfg)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*Cluster, error) {
		_ = c.Close()
		return nil, err
	}
	mariadb := c.Backend == BackendProcess && processIsMariaDB() ||
		c.Backend == BackendDocker && imageIsMariaDB(c.Image)
	err = c.startAll(ctx, c.Nodes, func(ctx context.Context, i int, s *Server) error {
		flags := replicationFlags(mariadb, i+1, i > 0)
		setup := replicationUserSQL(c.replUser, c.replPass, s.TLS)
		return c.startNode(ctx, s, cfg, processPlan{ip: s.Host, flags: flags, setupSQL: setup},
			dockerPlan{flags: flags, setupSQL: setup})
	})
	if err != nil {
		return fail(err)
	}
	c.source = c.Nodes[0]
	for _, s := range c.Nodes {
		s.roleSQL = func() []string { return readOnlySQL(c.Source() != s) }
	}
	if err := c.finishNodes(ctx); err != nil {
		return fail(err)
	}
	for _, s := range c.Nodes {
		if err := execAll(ctx, s, resetBinaryLogSQL(s.MariaDB, s.Version)); err != nil {
			return fail(err)
		}
	}
	for _, s := range c.Nodes[1:] {
		if err := execAll(ctx, s, c.replicateFromSQL(s, c.source, "slave_pos")); err != nil {
			return fail(err)
		}
	}
	waitCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := c.waitReplicated(waitCtx); err != nil {
		return fail(err)
	}
	return c, nil
}

// processIsMariaDB reports whether the process backend's binary is MariaDB.
func processIsMariaDB() bool {
	bin, err := findServerBinary()
	return err == nil && bin.mariadb
}

// replicationFlags are a node's server flags: a server id, a binary log
// that also records replicated changes (so any node can be promoted), row
// events, fixed log names (a container's host name changes), and
// read_only on replicas. MySQL also needs GTID mode switched on.
func replicationFlags(mariadb bool, serverID int, replica bool) []string {
	flags := []string{
		"--server-id=" + strconv.Itoa(serverID),
		"--log-bin=mysql-bin",
		"--relay-log=relay-bin",
		"--binlog-format=ROW",
	}
	if mariadb {
		flags = append(flags, "--log-slave-updates")
	} else {
		flags = append(flags, "--gtid-mode=ON", "--enforce-gtid-consistency=ON", "--log-replica-updates")
	}
	if replica {
		flags = append(flags, "--read-only=ON")
	}
	return flags
}

// replicationUserSQL creates the account replicas log in with, on every
// node (any node may become the source).
func replicationUserSQL(user, password string, tlsOn bool) []string {
	require := "SSL"
	if !tlsOn {
		require = "NONE"
	}
	return []string{
		fmt.Sprintf("CREATE USER %s@'%%' IDENTIFIED BY %s REQUIRE %s", quote(user), quote(password), require),
		fmt.Sprintf("GRANT REPLICATION SLAVE ON *.* TO %s@'%%'", quote(user)),
	}
}

// resetBinaryLogSQL empties a node's binary log and GTID history before
// replication starts, so a replica replays nothing of another node's own
// initialisation (the official images' entrypoints log some of theirs).
// MySQL 8.4 renamed RESET MASTER.
func resetBinaryLogSQL(mariadb bool, version string) []string {
	if mariadb {
		return []string{"RESET MASTER", "SET GLOBAL gtid_slave_pos = ''"}
	}
	if versionAtLeast(version, 8, 2) {
		return []string{"RESET BINARY LOGS AND GTIDS"}
	}
	return []string{"RESET MASTER"}
}

// sourceAddr is how a replica reaches a source: its address and port
// (containers talk on their network's port 3306), and the CA file path as
// the replica's server sees it.
func (c *Cluster) sourceAddr(source *Server) (host string, port int, caFile string) {
	if c.Backend == BackendDocker {
		return source.Host, 3306, containerCertDir + "/ca.pem"
	}
	return source.Host, source.Port, c.CAFile
}

// replicateFromSQL points replica at source and starts replicating. MariaDB
// picks the GTID position by mode: slave_pos for a fresh replica,
// current_pos for a former source (its own writes are in its binary log).
func (c *Cluster) replicateFromSQL(replica, source *Server, gtidMode string) []string {
	host, port, caFile := c.sourceAddr(source)
	return changeSourceSQL(replica.MariaDB, replica.TLS, host, port, c.replUser, c.replPass, caFile, gtidMode)
}

// changeSourceSQL is the flavour's statement list that makes a server a
// replica of host:port over TLS verified against caFile (name included:
// the source's certificate names its address).
func changeSourceSQL(mariadb, tlsOn bool, host string, port int, user, password, caFile, gtidMode string) []string {
	if mariadb {
		ssl := "MASTER_SSL=0"
		if tlsOn {
			ssl = fmt.Sprintf("MASTER_SSL=1, MASTER_SSL_CA=%s, MASTER_SSL_VERIFY_SERVER_CERT=1", quote(caFile))
		}
		return []string{
			"STOP SLAVE",
			fmt.Sprintf("CHANGE MASTER TO MASTER_HOST=%s, MASTER_PORT=%d, MASTER_USER=%s, MASTER_PASSWORD=%s, %s, MASTER_CONNECT_RETRY=1, MASTER_USE_GTID=%s",
				quote(host), port, quote(user), quote(password), ssl, gtidMode),
			"START SLAVE",
		}
	}
	ssl := "SOURCE_SSL=0, GET_SOURCE_PUBLIC_KEY=1"
	if tlsOn {
		ssl = fmt.Sprintf("SOURCE_SSL=1, SOURCE_SSL_CA=%s, SOURCE_SSL_VERIFY_SERVER_CERT=1", quote(caFile))
	}
	return []string{
		"STOP REPLICA",
		fmt.Sprintf("CHANGE REPLICATION SOURCE TO SOURCE_HOST=%s, SOURCE_PORT=%d, SOURCE_USER=%s, SOURCE_PASSWORD=%s, %s, SOURCE_CONNECT_RETRY=1, SOURCE_AUTO_POSITION=1",
			quote(host), port, quote(user), quote(password), ssl),
		"START REPLICA",
	}
}

// readOnlySQL sets a node's read_only for its role.
func readOnlySQL(on bool) []string {
	if on {
		return []string{"SET GLOBAL read_only = ON"}
	}
	return []string{"SET GLOBAL read_only = OFF"}
}

// promoteSQL makes a replica a writable server replicating from nothing.
func promoteSQL(mariadb bool) []string {
	if mariadb {
		return []string{"STOP SLAVE", "RESET SLAVE ALL", "SET GLOBAL read_only = OFF"}
	}
	return []string{"STOP REPLICA", "RESET REPLICA ALL", "SET GLOBAL read_only = OFF"}
}

// Source returns the current source of a replication cluster (nil for
// Galera).
func (c *Cluster) Source() *Server {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.source
}

// Replicas returns the nodes that are not the current source (nil for
// Galera), in node order.
func (c *Cluster) Replicas() []*Server {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Kind != ClusterReplication {
		return nil
	}
	var out []*Server
	for _, s := range c.Nodes {
		if s != c.source {
			out = append(out, s)
		}
	}
	return out
}

// Promote makes replica the source, as an operator fails over by hand: it
// stops replicating and becomes writable; every other running node
// (the old source included, when it still runs) becomes a read-only replica
// of it. Nodes that are down or paused are left alone; Heal re-points them
// later. It refuses a node that is not a running replica of the cluster.
func (c *Cluster) Promote(ctx context.Context, replica *Server) error {
	if c.Kind != ClusterReplication {
		return fmt.Errorf("mysqltest: Promote: a %s cluster has no source", c.Kind)
	}
	old := c.Source()
	if replica == old || !c.isNode(replica) {
		return fmt.Errorf("mysqltest: Promote: %v is not a replica of this cluster", replica)
	}
	if !replica.Running() {
		return fmt.Errorf("%w: Promote: %s is not running", ErrWrongState, replica.Addr)
	}
	if err := execAll(ctx, replica, promoteSQL(replica.MariaDB)); err != nil {
		return err
	}
	c.mu.Lock()
	c.source = replica
	c.mu.Unlock()
	for _, s := range c.runningNodes() {
		if s == replica {
			continue
		}
		if err := c.makeReplica(ctx, s, replica); err != nil {
			return err
		}
	}
	return nil
}

// makeReplica makes s a read-only replica of source.
func (c *Cluster) makeReplica(ctx context.Context, s, source *Server) error {
	stmts := append([]string{"SET GLOBAL read_only = ON"}, c.replicateFromSQL(s, source, "current_pos")...)
	return execAll(ctx, s, stmts)
}

func (c *Cluster) isNode(s *Server) bool {
	for _, n := range c.Nodes {
		if n == s {
			return true
		}
	}
	return false
}

// healReplication restarts down nodes and re-points every node but the
// source at it.
func (c *Cluster) healReplication(ctx context.Context) error {
	for _, s := range c.Nodes {
		if err := s.Start(ctx); err != nil {
			return err
		}
	}
	source := c.Source()
	for _, s := range c.Nodes {
		if s == source {
			continue
		}
		src, err := replicaSource(ctx, s)
		if err != nil {
			return err
		}
		if src != source.Host {
			if err := c.makeReplica(ctx, s, source); err != nil {
				return err
			}
		}
	}
	return c.waitReplicated(ctx)
}

// replicaSource returns the host s replicates from ("" when none).
func replicaSource(ctx context.Context, s *Server) (string, error) {
	st, err := replicaStatus(ctx, s)
	if err != nil {
		return "", err
	}
	return st["Master_Host"] + st["Source_Host"], nil
}

// replicaStatus returns SHOW SLAVE/REPLICA STATUS as a map (empty when s
// replicates from nothing).
func replicaStatus(ctx context.Context, s *Server) (map[string]string, error) {
	db, err := s.rootDB()
	if err != nil {
		return nil, err
	}
	defer db.Close()
	query := "SHOW REPLICA STATUS"
	if s.MariaDB {
		query = "SHOW SLAVE STATUS"
	}
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("mysqltest: %s on %s: %w", query, s.Addr, err)
	}
	defer rows.Close()
	return firstRowMap(rows)
}

// firstRowMap reads the first row of rows as column → text.
func firstRowMap(rows *sql.Rows) (map[string]string, error) {
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	if !rows.Next() {
		return out, rows.Err()
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, err
	}
	for i, col := range cols {
		out[col] = vals[i].String
	}
	return out, nil
}

// waitReplicated waits until every running replica has applied the
// source's whole GTID history as it stands now.
func (c *Cluster) waitReplicated(ctx context.Context) error {
	source := c.Source()
	if !source.Running() {
		return fmt.Errorf("%w: the source %s is not running", ErrWrongState, source.Addr)
	}
	db, err := source.rootDB()
	if err != nil {
		return err
	}
	var gtids string
	query := "SELECT @@GLOBAL.gtid_executed"
	if source.MariaDB {
		query = "SELECT @@GLOBAL.gtid_binlog_pos"
	}
	err = db.QueryRowContext(ctx, query).Scan(&gtids)
	db.Close()
	if err != nil {
		return fmt.Errorf("mysqltest: reading the source's GTID position: %w", err)
	}
	for _, s := range c.runningNodes() {
		if s == source {
			continue
		}
		if err := waitReplicaAt(ctx, s, gtids); err != nil {
			return err
		}
	}
	return nil
}

// waitReplicaAt waits until replica s has applied gtids, failing early with
// the replica's own error when a replication thread has stopped.
func waitReplicaAt(ctx context.Context, s *Server, gtids string) error {
	db, err := s.rootDB()
	if err != nil {
		return err
	}
	defer db.Close()
	reached := func(ctx context.Context) (bool, error) {
		if !s.MariaDB {
			var res int // 0 when reached, 1 on timeout
			err := db.QueryRowContext(ctx, "SELECT WAIT_FOR_EXECUTED_GTID_SET(?, 1)", gtids).Scan(&res)
			return res == 0, err
		}
		// MASTER_GTID_WAIT watches gtid_slave_pos, which leaves out what a
		// former source wrote itself; gtid_current_pos has both.
		var pos string
		if err := db.QueryRowContext(ctx, "SELECT @@GLOBAL.gtid_current_pos").Scan(&pos); err != nil {
			return false, err
		}
		return gtidPositionReached(pos, gtids), nil
	}
	return pollUntil(ctx, "replica "+s.Addr+" to apply "+gtids, 100*time.Millisecond, func(ctx context.Context) error {
		ok, err := reached(ctx)
		if err != nil || ok {
			return err
		}
		st, err := replicaStatus(ctx, s)
		if err != nil {
			return err
		}
		return replicationThreadError(st)
	})
}

// gtidPositionReached reports whether the MariaDB GTID position have
// ("domain-server-seqno,…") is at or past want in every domain of want.
func gtidPositionReached(have, want string) bool {
	seqnos := func(pos string) map[string]uint64 {
		out := map[string]uint64{}
		for _, g := range strings.Split(pos, ",") {
			parts := strings.Split(strings.TrimSpace(g), "-")
			if len(parts) != 3 {
				continue
			}
			if n, err := strconv.ParseUint(parts[2], 10, 64); err == nil && n >= out[parts[0]] {
				out[parts[0]] = n
			}
		}
		return out
	}
	h := seqnos(have)
	for domain, n := range seqnos(want) {
		if h[domain] < n {
			return false
		}
	}
	return true
}

// replicationThreadError describes a replica status row that is not caught
// up: a stopped replication thread ends the wait (stopPolling), a replica
// still connecting or applying does not.
func replicationThreadError(st map[string]string) error {
	io := st["Slave_IO_Running"] + st["Replica_IO_Running"]
	sqlThread := st["Slave_SQL_Running"] + st["Replica_SQL_Running"]
	switch {
	case len(st) == 0:
		return stopPolling{errors.New("the server replicates from nothing")}
	case sqlThread == "No":
		return stopPolling{fmt.Errorf("the replication SQL thread stopped: %s", st["Last_SQL_Error"])}
	case io == "No":
		return stopPolling{fmt.Errorf("the replication I/O thread stopped: %s", st["Last_IO_Error"])}
	case st["Last_IO_Error"] != "":
		return fmt.Errorf("replication is behind; I/O thread %s: %s", io, st["Last_IO_Error"])
	}
	return fmt.Errorf("replication is behind (I/O thread %s, SQL thread %s)", io, sqlThread)
}

// execAll runs statements as root on s, in one session.
func execAll(ctx context.Context, s *Server, stmts []string) error {
	db, err := s.rootDB()
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return redactErr(err, s)
	}
	defer conn.Close()
	for _, stmt := range stmts {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("mysqltest: on %s: %s: %w", s.Addr, firstWords(stmt, 4), redactErr(err, s))
		}
	}
	return nil
}

// firstWords shortens a statement for an error message (passwords come later).
func firstWords(stmt string, n int) string {
	f := strings.Fields(stmt)
	if len(f) > n {
		f = f[:n]
	}
	return strings.Join(f, " ")
}

// versionAtLeast compares a VERSION() text ("8.4.3", "8.0.40-log") with
// major.minor.
func versionAtLeast(version string, major, minor int) bool {
	parts := strings.SplitN(version, ".", 3)
	if len(parts) < 2 {
		return false
	}
	maj, err1 := strconv.Atoi(parts[0])
	min, err2 := strconv.Atoi(strings.TrimFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' }))
	if err1 != nil || err2 != nil {
		return false
	}
	return maj > major || maj == major && min >= minor
}
