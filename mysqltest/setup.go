// This file holds what every server gets once at initialisation: the test
// database and users, and the time-zone tables (from the server's own
// tzinfo-to-sql tool), for both backends.

package mysqltest

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
)

// setupStatements creates the database and the four test users, and lets
// root in from any host. MySQL and MariaDB both accept them; on MySQL 8+
// the users get the default caching_sha2_password plugin.
func (s *Server) setupStatements() []string {
	pw := quote(s.Users.Password)
	stmts := []string{
		"CREATE DATABASE IF NOT EXISTS " + quoteIdent(s.Database),
		fmt.Sprintf("CREATE USER IF NOT EXISTS 'root'@'%%' IDENTIFIED BY %s", quote(s.RootPassword)),
		"GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION",
	}
	requires := []struct{ user, require string }{
		{s.Users.X509, "X509"},
		{s.Users.Subject, fmt.Sprintf("SUBJECT %s AND ISSUER %s", quote("/CN="+SubjectUserCN), quote(s.CA.Subject))},
		{s.Users.SSL, "SSL"},
		{s.Users.Plain, "NONE"},
	}
	for _, r := range requires {
		stmts = append(stmts,
			fmt.Sprintf("CREATE USER %s@'%%' IDENTIFIED BY %s REQUIRE %s", quote(r.user), pw, r.require),
			fmt.Sprintf("GRANT ALL ON %s.* TO %s@'%%'", quoteIdent(s.Database), quote(r.user)))
	}
	return stmts
}

// initScript is an SQL script of statements, kept out of the binary log
// (so a replica does not replay a node's own set-up).
func initScript(stmts []string) string {
	return "SET SESSION sql_log_bin = 0;\n" + strings.Join(stmts, ";\n") + ";\n"
}

// zoneinfoDir is where the tzinfo-to-sql tools read the system's zones.
const zoneinfoDir = "/usr/share/zoneinfo"

// timeZoneInitScript is a /docker-entrypoint-initdb.d shell script (sourced
// by the entrypoint) that loads the time-zone tables when the entrypoint
// has not: the official mysql and mariadb images load them themselves
// before running init scripts (unless *_INITDB_SKIP_TZINFO is set) and
// define docker_process_sql; the offline image's entrypoint does neither and
// gives the script its client command as ${client[@]}.
const timeZoneInitScript = `# mysqltest: load the time-zone tables unless the entrypoint already has.
if ! declare -F docker_process_sql >/dev/null; then
	{ echo 'SET SESSION sql_log_bin = 0;'; mariadb-tzinfo-to-sql ` + zoneinfoDir + ` 2>/dev/null; } | "${client[@]}" mysql
fi
`

var tzSQL struct {
	sync.Mutex
	text map[string]string // by tool path
}

// localTimeZoneSQL returns the output of this machine's mariadb-tzinfo-to-sql
// (or mysql_tzinfo_to_sql) for every zone, made once per test binary.
func localTimeZoneSQL(mariadb bool) (string, error) {
	names := []string{"mysql_tzinfo_to_sql"}
	if mariadb {
		names = []string{"mariadb-tzinfo-to-sql", "mysql_tzinfo_to_sql"}
	}
	var tool string
	for _, n := range names {
		if p, err := findExecutable(n); err == nil {
			tool = p
			break
		}
	}
	if tool == "" {
		return "", fmt.Errorf("%w: %s not found; it comes with the server package", ErrUnavailable, names[0])
	}
	if fi, err := os.Stat(zoneinfoDir); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("%w: %s is missing, so named time zones cannot be loaded; install tzdata", ErrUnavailable, zoneinfoDir)
	}
	tzSQL.Lock()
	defer tzSQL.Unlock()
	if text, ok := tzSQL.text[tool]; ok {
		return text, nil
	}
	out, err := exec.Command(tool, zoneinfoDir).Output() // warnings about non-zone files go to stderr
	if err != nil {
		return "", fmt.Errorf("mysqltest: %s %s: %w", tool, zoneinfoDir, err)
	}
	// MySQL's tool writes this text where a zone abbreviation belongs
	// (MySQL bug 20545); the official image's entrypoint replaces it too.
	text := strings.ReplaceAll(string(out), "Local time zone must be set--see zic manual page", "FCTY")
	if tzSQL.text == nil {
		tzSQL.text = map[string]string{}
	}
	tzSQL.text[tool] = text
	return text, nil
}
