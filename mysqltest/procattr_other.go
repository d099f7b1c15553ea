// This file stands in for process control where the process backend does not
// run (non-unix systems): the docker backend still works there.

//go:build !unix

package mysqltest

import (
	"errors"
	"os"
	"syscall"
)

func lockThreadForChild() {}

type processUser struct{}

func childProcAttr(*processUser) *syscall.SysProcAttr { return nil }

func killGroup(pid int) {
	if p, err := os.FindProcess(pid); err == nil {
		_ = p.Kill()
	}
}

type groupSignal int

const (
	signalPause groupSignal = iota
	signalResume
	signalTerminate
)

func signalGroup(int, groupSignal) error {
	return errors.New("mysqltest: process signals need a unix system")
}

func processAlive(int) bool { return true }

func serverUser() (*processUser, error) { return nil, nil }

func chownTree(string, *processUser) error { return nil }
