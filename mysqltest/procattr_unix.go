// This file holds the unix process control of the process backend: a process
// group per server, the parent-death signal on Linux, and killing by pid.

//go:build unix

package mysqltest

import (
	"errors"
	"runtime"
	"syscall"
)

// lockThreadForChild pins the calling goroutine to its OS thread: Linux
// sends the parent-death signal when the starting thread exits.
func lockThreadForChild() { runtime.LockOSThread() }

// childProcAttr puts the server in its own process group and, on Linux,
// has the kernel kill it when the test binary dies.
func childProcAttr() *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Setpgid: true}
	setParentDeathSignal(attr)
	return attr
}

// killGroup kills the server's whole process group.
func killGroup(pid int) {
	if err := syscall.Kill(-pid, syscall.SIGKILL); err != nil {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

func killProcess(pid int) { _ = syscall.Kill(pid, syscall.SIGKILL) }

// processAlive reports whether a process with this id exists.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
