// This file is the process backend: it initialises a datadir with a local
// mysqld or mariadbd, starts it on a free loopback port with the test
// certificates, creates the test users, and kills it on Close.

package mysqltest

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

// serverDirs are searched, after PATH, for a server binary.
var serverDirs = []string{"/usr/sbin", "/usr/local/sbin", "/usr/local/mysql/bin", "/usr/bin", "/usr/local/bin"}

// serverBinary is a mysqld or mariadbd and the flavour it reported.
type serverBinary struct {
	path    string
	mariadb bool
}

// findServerBinary looks for mariadbd, then mysqld, on PATH and in serverDirs.
func findServerBinary() (serverBinary, error) {
	for _, name := range []string{"mariadbd", "mysqld"} {
		if p, err := findExecutable(name); err == nil {
			return serverBinary{path: p, mariadb: name == "mariadbd" || isMariaDB(p)}, nil
		}
	}
	return serverBinary{}, fmt.Errorf("%w: no mariadbd or mysqld on PATH or in %s; install one (Debian: apt-get install -y mariadb-server, or run scripts/setup-test-deps.sh)",
		ErrUnavailable, strings.Join(serverDirs, ", "))
}

func findExecutable(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, dir := range serverDirs {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s not found", name)
}

// isMariaDB reports whether a mysqld binary is really MariaDB (Debian links
// mysqld to mariadbd).
func isMariaDB(path string) bool {
	if target, err := filepath.EvalSymlinks(path); err == nil && filepath.Base(target) == "mariadbd" {
		return true
	}
	out, _ := exec.Command(path, "--no-defaults", "--version").CombinedOutput()
	return bytes.Contains(bytes.ToLower(out), []byte("mariadb"))
}

// startProcess initialises and starts a server in s.dir, then creates the
// test users over its unix socket.
func startProcess(ctx context.Context, s *Server) error {
	bin, err := findServerBinary()
	if err != nil {
		return err
	}
	datadir := filepath.Join(s.dir, "data")
	socket := filepath.Join(s.dir, "mysqld.sock")
	if len(socket) >= 104 {
		return fmt.Errorf("mysqltest: socket path %s is too long for a unix socket; set TMPDIR to a shorter directory", socket)
	}
	userFlag := []string{}
	if os.Getuid() == 0 {
		userFlag = []string{"--user=root"}
	}
	if err := initDatadir(ctx, bin, datadir, userFlag); err != nil {
		return err
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		port, err := freePort()
		if err != nil {
			return err
		}
		args := append([]string{"--no-defaults"}, userFlag...)
		args = append(args,
			"--datadir="+datadir,
			"--socket="+socket,
			"--pid-file="+filepath.Join(s.dir, "mysqld.pid"),
			"--log-error="+filepath.Join(s.dir, "error.log"),
			"--tmpdir="+s.dir,
			"--port="+strconv.Itoa(port),
			"--bind-address=127.0.0.1",
			"--skip-name-resolve",
			"--max-connections=500",
		)
		if bin.mariadb {
			args = append(args, "--innodb-buffer-pool-size=64M", "--skip-log-bin")
		} else {
			args = append(args, "--mysqlx=OFF", "--innodb-buffer-pool-size=64M")
		}
		args = append(args, tlsFlags(s, bin.mariadb, s.CAFile, s.ServerCertFile, s.ServerKeyFile)...)
		lastErr = runServer(ctx, s, bin.path, args, socket)
		if lastErr == nil {
			s.Port = port
			s.Addr = fmt.Sprintf("127.0.0.1:%d", port)
			break
		}
		if !strings.Contains(lastErr.Error(), "already in use") {
			return lastErr
		}
	}
	if lastErr != nil {
		return lastErr
	}
	return setupOverSocket(ctx, s, socket)
}

// tlsFlags are the server flags for the certificates, or those that turn
// TLS off for a WithoutTLS server.
func tlsFlags(s *Server, mariadb bool, ca, cert, key string) []string {
	if !s.TLS {
		if mariadb {
			return []string{"--skip-ssl"}
		}
		return []string{"--tls-version="}
	}
	return []string{"--ssl-ca=" + ca, "--ssl-cert=" + cert, "--ssl-key=" + key}
}

// initDatadir creates the system tables with an empty root password.
func initDatadir(ctx context.Context, bin serverBinary, datadir string, userFlag []string) error {
	var cmd *exec.Cmd
	if bin.mariadb {
		installDB, err := findExecutable("mariadb-install-db")
		if err != nil {
			if installDB, err = findExecutable("mysql_install_db"); err != nil {
				return fmt.Errorf("%w: mariadb-install-db not found next to %s", ErrUnavailable, bin.path)
			}
		}
		args := append([]string{"--no-defaults"}, userFlag...)
		args = append(args, "--datadir="+datadir, "--auth-root-authentication-method=normal",
			"--skip-test-db", "--skip-name-resolve")
		cmd = exec.CommandContext(ctx, installDB, args...)
	} else {
		args := append([]string{"--no-defaults"}, userFlag...)
		args = append(args, "--initialize-insecure", "--datadir="+datadir)
		cmd = exec.CommandContext(ctx, bin.path, args...)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("mysqltest: initialising %s with %s: %w\n%s", datadir, cmd.Path, err, tail(out, 2000))
	}
	return nil
}

// runServer starts the server and waits until its socket accepts root.
func runServer(ctx context.Context, s *Server, path string, args []string, socket string) error {
	started := make(chan error, 1)
	exited := make(chan error, 1)
	var cmd *exec.Cmd
	// The goroutine that starts the server keeps its OS thread until the
	// server exits, so the parent-death signal fires only when the test
	// binary itself dies.
	go func() {
		lockThreadForChild()
		cmd = exec.Command(path, args...)
		cmd.SysProcAttr = childProcAttr()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		exited <- cmd.Wait()
	}()
	if err := <-started; err != nil {
		return fmt.Errorf("mysqltest: starting %s: %w", path, err)
	}
	logFile := filepath.Join(s.dir, "error.log")
	stop := func() error {
		killGroup(cmd.Process.Pid)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			return fmt.Errorf("mysqltest: %s (pid %d) did not exit after SIGKILL", path, cmd.Process.Pid)
		}
		return nil
	}
	deadline := time.NewTimer(2 * time.Minute)
	defer deadline.Stop()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-exited:
			log, _ := os.ReadFile(logFile)
			return fmt.Errorf("mysqltest: %s exited during start-up (%v):\n%s", path, err, tail(log, 2000))
		case <-ctx.Done():
			_ = stop()
			return fmt.Errorf("mysqltest: waiting for %s: %w", path, ctx.Err())
		case <-deadline.C:
			_ = stop()
			log, _ := os.ReadFile(logFile)
			return fmt.Errorf("mysqltest: %s did not accept connections within 2m:\n%s", path, tail(log, 2000))
		case <-tick.C:
			if _, err := os.Stat(socket); err != nil {
				continue
			}
			db, err := socketDB(socket)
			if err != nil {
				continue
			}
			err = db.PingContext(ctx)
			db.Close()
			if err == nil {
				s.stop = stop
				return nil
			}
		}
	}
}

func socketDB(socket string) (*sql.DB, error) {
	cfg := mysql.NewConfig()
	cfg.User, cfg.Net, cfg.Addr = "root", "unix", socket
	cfg.Timeout = 5 * time.Second
	cfg.Logger = quietLogger{}
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(conn), nil
}

// setupOverSocket drops anonymous accounts, gives every root account the
// root password, and creates the database and test users.
func setupOverSocket(ctx context.Context, s *Server, socket string) error {
	db, err := socketDB(socket)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	type account struct{ user, host string }
	var anon, roots []account
	rows, err := db.QueryContext(ctx, "SELECT User, Host FROM mysql.user WHERE User IN ('', 'root')")
	if err != nil {
		return fmt.Errorf("mysqltest: listing accounts: %w", err)
	}
	for rows.Next() {
		var a account
		if err := rows.Scan(&a.user, &a.host); err != nil {
			rows.Close()
			return fmt.Errorf("mysqltest: listing accounts: %w", err)
		}
		if a.user == "" {
			anon = append(anon, a)
		} else {
			roots = append(roots, a)
		}
	}
	rows.Close()
	var stmts []string
	for _, a := range anon {
		stmts = append(stmts, fmt.Sprintf("DROP USER ''@%s", quote(a.host)))
	}
	stmts = append(stmts, s.setupStatements()...)
	stmts = append(stmts, fmt.Sprintf("ALTER USER 'root'@'localhost' IDENTIFIED BY %s", quote(s.RootPassword)))
	for _, stmt := range stmts {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("mysqltest: set-up statement failed: %w", redactErr(err, s))
		}
	}
	// Other root accounts (127.0.0.1, ::1, the host name) would keep an
	// empty password; drop them. Host-name accounts are invisible under
	// --skip-name-resolve, so a failed drop is fine.
	for _, a := range roots {
		if a.host != "%" && a.host != "localhost" {
			_, _ = db.ExecContext(ctx, fmt.Sprintf("DROP USER 'root'@%s", quote(a.host)))
		}
	}
	return nil
}

// redactErr strips the server's passwords from an error text.
func redactErr(err error, s *Server) error {
	msg := err.Error()
	for _, pw := range []string{s.RootPassword, s.Users.Password} {
		if pw != "" {
			msg = strings.ReplaceAll(msg, pw, "***")
		}
	}
	return errors.New(msg)
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return strings.TrimSpace(string(b))
}
