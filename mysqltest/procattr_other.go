// This file stands in for process control where the process backend does not
// run (non-unix systems): the docker backend still works there.

//go:build !unix

package mysqltest

import (
	"os"
	"syscall"
)

func lockThreadForChild() {}

func childProcAttr() *syscall.SysProcAttr { return nil }

func killGroup(pid int) { killProcess(pid) }

func killProcess(pid int) {
	if p, err := os.FindProcess(pid); err == nil {
		_ = p.Kill()
	}
}

func processAlive(int) bool { return true }
