// Package repocheck has no code, only tests of the repository's own files:
// every tracked script keeps its run bit, and the CI workflow asks mysqltest
// only for what it supports. They run in a git checkout and skip elsewhere
// (fail under CI=true).
package repocheck
