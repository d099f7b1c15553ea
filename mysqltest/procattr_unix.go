// This file holds the unix process control of the process backend: a process
// group per server, the parent-death signal on Linux, signals to the group
// (kill, pause, resume, terminate), and running a server as another user.

//go:build unix

package mysqltest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
)

// lockThreadForChild pins the calling goroutine to its OS thread: Linux
// sends the parent-death signal when the starting thread exits.
func lockThreadForChild() { runtime.LockOSThread() }

// childProcAttr puts the server in its own process group, runs it as cred
// when not nil, and, on Linux, has the kernel kill it when the test binary
// dies (the signal is armed after the user switch, so it survives it).
func childProcAttr(cred *processUser) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Setpgid: true}
	if cred != nil {
		attr.Credential = &syscall.Credential{Uid: cred.uid, Gid: cred.gid}
	}
	setParentDeathSignal(attr)
	return attr
}

// killGroup kills the server's whole process group.
func killGroup(pid int) {
	if err := syscall.Kill(-pid, syscall.SIGKILL); err != nil {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

// groupSignal is what signalGroup sends.
type groupSignal int

const (
	signalPause     groupSignal = iota // SIGSTOP: the group stops answering
	signalResume                       // SIGCONT
	signalTerminate                    // SIGTERM to the server alone: a clean shutdown
)

// signalGroup sends sig to the server (SIGTERM) or its process group.
func signalGroup(pid int, sig groupSignal) error {
	var err error
	switch sig {
	case signalPause:
		err = syscall.Kill(-pid, syscall.SIGSTOP)
	case signalResume:
		err = syscall.Kill(-pid, syscall.SIGCONT)
	default:
		err = syscall.Kill(pid, syscall.SIGTERM)
	}
	if err != nil {
		return fmt.Errorf("mysqltest: signalling process %d: %w", pid, err)
	}
	return nil
}

// processAlive reports whether a process with this id exists.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// processUser is the account a server process runs as.
type processUser struct {
	uid, gid uint32
}

// serverUser returns the "mysql" account when this process is root (a
// server, and the rsync daemon of a Galera state transfer, must not run as
// root), or nil to run as this process's own user.
func serverUser() (*processUser, error) {
	if os.Getuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("mysql")
	if err != nil {
		return nil, fmt.Errorf("%w: running as root, the Galera nodes need a \"mysql\" account to run as (the mariadb-server package creates it): %v", ErrUnavailable, err)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("mysqltest: the mysql account has ids %q/%q", u.Uid, u.Gid)
	}
	return &processUser{uid: uint32(uid), gid: uint32(gid)}, nil
}

// chownTree gives dir and everything in it to u (nothing when u is nil).
func chownTree(dir string, u *processUser) error {
	if u == nil {
		return nil
	}
	return filepath.WalkDir(dir, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, int(u.uid), int(u.gid))
	})
}
