// This file stands in for the parent-death signal on unix systems without it;
// there, leftovers of a killed test binary are removed by the next run.

//go:build unix && !linux

package mysqltest

import "syscall"

func setParentDeathSignal(*syscall.SysProcAttr) {}
