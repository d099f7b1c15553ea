// Package mysqltest starts real MySQL or MariaDB servers, and clusters of
// them, for tests: each server has a certificate from a CA, users that
// REQUIRE X509, REQUIRE SUBJECT … AND ISSUER …, REQUIRE SSL and nothing,
// and the server's time-zone tables loaded. Two backends: "process" runs a
// local mysqld/mariadbd binary; "docker" runs an image through
// ory/dockertest, and is compiled in only with the build tag docker
// (go test -tags docker), so test binaries that use only the process
// backend hold no Docker package. No mock stands in for the server.
//
// Clusters (StartReplication, StartGalera, and their per-test-binary
// shared forms Replication and Galera) put each node on its own address
// with its own certificate identity from one CA; each node can be killed,
// stopped and started again, or paused (it accepts connections and never
// answers).
package mysqltest
