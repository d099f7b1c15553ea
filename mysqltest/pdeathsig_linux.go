// This file sets Linux's parent-death signal so a server never outlives the
// test binary that started it.

package mysqltest

import "syscall"

func setParentDeathSignal(attr *syscall.SysProcAttr) { attr.Pdeathsig = syscall.SIGKILL }
