// This file reads, on Linux, OpenBSD and DragonFly, what identifies a
// file's version beyond its size and modification time: device, inode
// and status-change time, which cp -p, rsync -a and tar cannot restore.

//go:build linux || openbsd || dragonfly

package jdbcmysql

import (
	"os"
	"syscall"
	"time"
)

// fileIdentity returns fi's device, inode and change time; ok is false
// when the platform does not report them.
func fileIdentity(fi os.FileInfo) (dev, ino uint64, ctime time.Time, ok bool) {
	st, isStat := fi.Sys().(*syscall.Stat_t)
	if !isStat {
		return 0, 0, time.Time{}, false
	}
	sec, nsec := st.Ctim.Unix()
	return uint64(st.Dev), uint64(st.Ino), time.Unix(sec, nsec), true
}
