// This file picks listening addresses: free ports, and the 127.0.0.x
// addresses of process-backend cluster nodes.

package mysqltest

import (
	"fmt"
	"net"
	"os"
	"sync"
)

// freePort asks the kernel for a free TCP port on ip (a loopback address).
func freePort(ip string) (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		return 0, fmt.Errorf("mysqltest: finding a free port on %s: %w", ip, err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// freePorts returns n distinct free ports on ip.
func freePorts(ip string, n int) ([]int, error) {
	var ports []int
	var held []net.Listener
	defer func() {
		for _, l := range held {
			l.Close()
		}
	}()
	for len(ports) < n {
		l, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
		if err != nil {
			return nil, fmt.Errorf("mysqltest: finding a free port on %s: %w", ip, err)
		}
		held = append(held, l) // held open until all are chosen, so they differ
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// loopback hands out node addresses 127.0.0.2–127.0.0.254 in turn, starting
// at an offset derived from the process id, so one test binary never gives
// two nodes the same address and concurrent test binaries (other worktrees)
// mostly use different ones. Sharing an address across binaries is harmless:
// every port is probed free on its address before use.
var loopback struct {
	sync.Mutex
	next int
}

// nodeAddresses returns n distinct 127.0.0.x addresses.
func nodeAddresses(n int) []string {
	loopback.Lock()
	defer loopback.Unlock()
	if loopback.next == 0 {
		loopback.next = os.Getpid()*17%253 + 2
	}
	ips := make([]string, n)
	for i := range ips {
		ips[i] = fmt.Sprintf("127.0.0.%d", loopback.next)
		loopback.next++
		if loopback.next > 254 {
			loopback.next = 2
		}
	}
	return ips
}
