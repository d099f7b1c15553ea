// Package repocheck has no code, only tests of the repository's own files:
// every tracked script keeps its run bit, the CI workflow asks mysqltest
// only for what it supports, and Docker packages reach only the test
// binaries built with -tags docker. They run in a git checkout and skip
// elsewhere (fail under CI=true).
package repocheck
