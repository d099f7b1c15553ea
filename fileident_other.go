// This file stands in for fileident_ctim.go and fileident_ctimespec.go
// where the platform reports no inode or change time: stores there are
// re-hashed on an interval instead.

//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd && !dragonfly

package jdbcmysql

import (
	"os"
	"time"
)

// fileIdentity reports that this platform has no file identity.
func fileIdentity(os.FileInfo) (dev, ino uint64, ctime time.Time, ok bool) {
	return 0, 0, time.Time{}, false
}
