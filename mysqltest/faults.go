// This file holds the fault controls of a server (kill, stop, start, pause,
// unpause), the same on both backends, over the runner each backend gives.

package mysqltest

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// runner controls the process or container of one server.
type runner interface {
	kill(ctx context.Context) error    // SIGKILL; returns once it is gone
	stop(ctx context.Context) error    // clean shutdown; returns once it is gone
	start(ctx context.Context) error   // runs it again, same data and address, without waiting for readiness
	pause(ctx context.Context) error   // freezes it: the kernel still accepts TCP, nothing answers
	unpause(ctx context.Context) error // thaws it
	exited() <-chan struct{}           // closed when the current run has ended
	logs() string                      // the end of the server's log, for error messages
	remove(ctx context.Context) error  // kills it and removes what the backend made for it
}

// nodeState is what the fault controls last did to a server.
type nodeState int

const (
	stateRunning nodeState = iota
	statePaused
	stateDown // killed or stopped
)

// ErrWrongState is returned by a fault control that does not apply to the
// server's current state, such as Pause on a stopped server.
var ErrWrongState = errors.New("mysqltest: the server is not in a state for this")

// Kill ends the server with SIGKILL (docker: container kill), as a crash
// or power loss does. Afterwards a process-backend server refuses
// connections at once (its port is closed); a docker-backend node's
// address stops answering (no refusal: connects fail after the ARP timeout,
// about 3 s, with "no route to host", or at the caller's deadline).
func (s *Server) Kill(ctx context.Context) error {
	return s.transition(ctx, []nodeState{stateRunning, statePaused}, stateDown, runner.kill)
}

// Stop shuts the server down cleanly (SIGTERM; docker: container stop),
// waiting until it has exited.
func (s *Server) Stop(ctx context.Context) error {
	return s.transition(ctx, []nodeState{stateRunning, statePaused}, stateDown, func(r runner, ctx context.Context) error {
		if s.state == statePaused { // transition holds stateMu
			if err := r.unpause(ctx); err != nil {
				return err
			}
		}
		return r.stop(ctx)
	})
}

// Start runs a killed or stopped server again with the same data, address,
// port and certificate, and waits until it accepts root (a Galera node:
// until it is synced with the cluster; a replica resumes replicating). It
// is a no-op on a running server and refuses a paused one.
func (s *Server) Start(ctx context.Context) error {
	if s.currentState() == stateRunning {
		return nil
	}
	return s.transition(ctx, []nodeState{stateDown}, stateRunning, func(r runner, ctx context.Context) error {
		if err := r.start(ctx); err != nil {
			return err
		}
		if err := s.waitRestarted(ctx); err != nil {
			return err
		}
		return s.afterStart(ctx)
	})
}

// Pause freezes the server (SIGSTOP of its process group; docker: container
// pause) without closing anything: the kernel still completes TCP
// handshakes, but no greeting, answer or error ever comes, on new and
// existing connections alike; cluster peers see the node vanish. This is
// the blackhole a real network partition shows; a client gets out only
// through its own deadline.
func (s *Server) Pause(ctx context.Context) error {
	return s.transition(ctx, []nodeState{stateRunning}, statePaused, runner.pause)
}

// Unpause thaws a paused server; its connections carry on where they stood.
func (s *Server) Unpause(ctx context.Context) error {
	return s.transition(ctx, []nodeState{statePaused}, stateRunning, runner.unpause)
}

// Running reports whether the server is up and not paused, as far as the
// fault controls know.
func (s *Server) Running() bool { return s.currentState() == stateRunning }

func (s *Server) currentState() nodeState {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	return s.state
}

// transition runs do when the server is in one of from, and records to.
func (s *Server) transition(ctx context.Context, from []nodeState, to nodeState, do func(runner, context.Context) error) error {
	if s.run == nil {
		return fmt.Errorf("%w: %s is not running", ErrWrongState, s.Addr)
	}
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	ok := false
	for _, f := range from {
		ok = ok || s.state == f
	}
	if !ok {
		return fmt.Errorf("%w: %s is %s", ErrWrongState, s.Addr, s.state)
	}
	if err := do(s.run, ctx); err != nil {
		return fmt.Errorf("mysqltest: %s: %w", s.Addr, redactErr(err, s))
	}
	s.state = to
	return nil
}

func (st nodeState) String() string {
	switch st {
	case stateRunning:
		return "running"
	case statePaused:
		return "paused"
	default:
		return "down (killed or stopped)"
	}
}

// waitRestarted polls until root can query the server again and the
// server's extra readiness check (a Galera node's sync) passes.
func (s *Server) waitRestarted(ctx context.Context) error {
	var last error
	for {
		select {
		case <-s.run.exited():
			return fmt.Errorf("mysqltest: the server exited during start-up:\n%s", s.run.logs())
		default:
		}
		last = s.pingRoot(ctx)
		if last == nil && s.ready != nil {
			last = s.ready(ctx)
		}
		if last == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("mysqltest: waiting for the server to start: %w (last: %v)", ctx.Err(), redactErr(last, s))
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// pingRoot connects once as root and runs a query.
func (s *Server) pingRoot(ctx context.Context) error {
	cfg := s.mysqlConfig(s.RootUser, s.RootPassword)
	cfg.Timeout = 2 * time.Second
	if s.TLS {
		cfg.TLS = s.TLSConfig(nil)
	}
	db, err := openPingContext(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	var one int
	return db.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}
