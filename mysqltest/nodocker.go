// This file stands in for the docker backend in binaries built without
// -tags docker: choosing it gives ErrDockerNotBuilt, and no Docker package
// is compiled in.

//go:build !docker

package mysqltest

import "context"

// dockerBuilt tells whether the docker backend is compiled in.
const dockerBuilt = false

// newDockerEngine refuses: the docker backend needs -tags docker.
func newDockerEngine(context.Context) (dockerEngine, error) {
	return nil, ErrDockerNotBuilt
}
