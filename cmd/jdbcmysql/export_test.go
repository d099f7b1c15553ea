// Tests for "jdbcmysql export": the files, their modes, and that the
// printed mariadb client options and golang-migrate URL log in as the X509
// user on a real server.

package main

import (
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/jdbcmysql/jdbcmysql/mysqltest"
)

// printedLine returns the line of out that starts (after spaces) with prefix.
func printedLine(t *testing.T, out, prefix string) string {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, prefix) {
			return l
		}
	}
	t.Fatalf("no line starting with %q in:\n%s", prefix, out)
	return ""
}

// shellWords splits a printed command line (plain words and '...' quotes).
func shellWords(line string) []string {
	var words []string
	for _, m := range regexp.MustCompile(`'[^']*'|\S+`).FindAllString(line, -1) {
		words = append(words, strings.Trim(m, "'"))
	}
	return words
}

// mariadbCommand runs a printed mariadb command line with the password in MYSQL_PWD.
func mariadbCommand(words []string, password string) *exec.Cmd {
	cmd := exec.Command(words[0], append([]string{"--no-defaults"}, append(words[1:], "--batch", "--skip-column-names",
		"--execute=SELECT CURRENT_USER(); SHOW SESSION STATUS LIKE 'Ssl_version'")...)...)
	cmd.Env = append(os.Environ(), "MYSQL_PWD="+password)
	return cmd
}

func TestExportFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pem")
	vars := map[string]string{"KSPW": seedPassword}
	code, out, stderr := runCmd(t, vars, "export", "--out", dir, "--password-env", "KSPW", "--trust", fixture("truststore.p12"),
		"--trust-password-env", "KSPW", fixture("twokeys.p12"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Contains(out+stderr, seedPassword) {
		t.Fatalf("output shows the password:\n%s", out)
	}
	for name, mode := range map[string]os.FileMode{"client-cert.pem": 0o644, "client-key.pem": 0o600, "ca.pem": 0o644} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil || st.Mode().Perm() != mode {
			t.Errorf("%s: %v, mode %v, want %v", name, err, st.Mode().Perm(), mode)
		}
	}
	if st, _ := os.Stat(dir); st.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v, want 0700", st.Mode().Perm())
	}
	// The key a connection sends (the first), and its key pair loads.
	pair, err := tls.LoadX509KeyPair(filepath.Join(dir, "client-cert.pem"), filepath.Join(dir, "client-key.pem"))
	if err != nil || pair.Leaf.Subject.CommonName != "mysqlclient" || len(pair.Certificate) != 2 {
		t.Fatalf("exported pair: %v %v (%d certificates)", err, pair.Leaf, len(pair.Certificate))
	}
	for _, want := range []string{"--ssl-mode=VERIFY_CA", "--skip-ssl-verify-server-cert", "x-tls-ca=", "${DB_PASSWORD}"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// --alias picks the other key; an unknown alias is refused.
	code, _, stderr = runCmd(t, vars, "export", "--out", dir, "--password-env", "KSPW", "--alias", "OTHERCLIENT", fixture("twokeys.p12"))
	if pair, err := tls.LoadX509KeyPair(filepath.Join(dir, "client-cert.pem"), filepath.Join(dir, "client-key.pem")); code != exitOK || err != nil || pair.Leaf.Subject.CommonName != "otherclient" {
		t.Fatalf("--alias: exit %d %s %v", code, stderr, err)
	}
	code, _, stderr = runCmd(t, vars, "export", "--out", dir, "--password-env", "KSPW", "--alias", "nope", fixture("twokeys.p12"))
	if code != exitBadInput || !strings.Contains(stderr, "otherclient") {
		t.Fatalf("unknown alias: exit %d %s", code, stderr)
	}
	code, _, stderr = runCmd(t, vars, "export", "--out", dir, "--password-env", "KSPW", fixture("truststore.jks"))
	if code != exitBadInput || !strings.Contains(stderr, "no private key") {
		t.Fatalf("trust store: exit %d %s", code, stderr)
	}
	code, _, _ = runCmd(t, vars, "export", fixture("keystore"))
	if code != exitBadInput {
		t.Fatalf("no --out: exit %d", code)
	}
}

// TestExportUnknownProperty: a URL with an unknown property is refused
// with the flag that accepts it, and --allow-unknown (which export has)
// accepts it.
func TestExportUnknownProperty(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pem")
	u := "jdbc:mysql://h/db?user=u&sslmode=REQUIRED&clientCertificateKeyStoreUrl=file:" + fixture("keystore") + "&clientCertificateKeyStorePassword=" + seedPassword
	code, _, stderr := runCmd(t, nil, "export", "--out", dir, u)
	if code != exitBadInput || !strings.Contains(stderr, "--allow-unknown accepts") {
		t.Fatalf("unknown property: exit %d %s", code, stderr)
	}
	code, _, stderr = runCmd(t, nil, "export", "--out", dir, "--allow-unknown", u)
	if code != exitOK {
		t.Fatalf("--allow-unknown: exit %d %s", code, stderr)
	}
}

// TestExportLogsInWithRealClients: the files and options export prints for
// a Connector/J URL log in as the REQUIRE X509 user with MariaDB's own
// client, and with the URL golang-migrate's CLI would be given (its TLS
// registration done here as migrate does it).
func TestExportLogsInWithRealClients(t *testing.T) {
	srv := mysqltest.Start(t)
	ks, ts := serverStores(t, srv, "export-test")
	dir := t.TempDir()
	for _, mode := range []string{"VERIFY_IDENTITY", "VERIFY_CA", "REQUIRED"} {
		t.Run(mode, func(t *testing.T) {
			pemDir := filepath.Join(dir, mode)
			u := fmt.Sprintf("jdbc:mysql://%s/%s?user=%s&sslMode=%s&clientCertificateKeyStoreUrl=file:%s&clientCertificateKeyStorePassword=%s"+
				"&trustCertificateKeyStoreUrl=file:%s&trustCertificateKeyStorePassword=%s", srv.Addr, srv.Database, srv.Users.X509, mode, ks, seedPassword, ts, seedPassword)
			code, out, stderr := runCmd(t, nil, "export", "--out", pemDir, u)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if strings.Contains(out, seedPassword) || strings.Contains(out, srv.Users.Password) {
				t.Fatalf("output shows a password:\n%s", out)
			}
			if mode != "REQUIRED" {
				if _, err := os.Stat(filepath.Join(pemDir, "ca.pem")); err != nil {
					t.Fatal(err)
				}
			}

			var words []string
			if _, err := exec.LookPath("mariadb"); err == nil || os.Getenv("CI") == "true" {
				words = shellWords(printedLine(t, out, "mariadb --"))
				got, err := mariadbCommand(words, srv.Users.Password).CombinedOutput()
				if f := strings.Fields(string(got)); err != nil || len(f) != 3 || f[0] != srv.Users.X509+"@%" || !strings.HasPrefix(f[2], "TLSv1.") {
					t.Fatalf("%s: %v\n%s", strings.Join(words, " "), err, got)
				}
			} else {
				t.Log("mariadb client not installed: the client login is not checked")
			}

			// The golang-migrate URL: register the x-tls-* files as migrate does.
			line := printedLine(t, out, "migrate -database ")
			raw := strings.TrimPrefix(strings.Split(line, `"`)[1], "mysql://")
			raw = strings.Replace(raw, "${DB_PASSWORD}", url.QueryEscape(srv.Users.Password), 1)
			i := strings.IndexByte(raw, '?')
			q, err := url.ParseQuery(raw[i+1:])
			if err != nil {
				t.Fatal(err)
			}
			pool := x509.NewCertPool()
			caPEM, err := os.ReadFile(q.Get("x-tls-ca"))
			if err != nil || !pool.AppendCertsFromPEM(caPEM) {
				t.Fatalf("x-tls-ca %q: %v", q.Get("x-tls-ca"), err)
			}
			pair, err := tls.LoadX509KeyPair(q.Get("x-tls-cert"), q.Get("x-tls-key"))
			if err != nil {
				t.Fatal(err)
			}
			name := "export-test-" + mode
			if err := mysql.RegisterTLSConfig(name, &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{pair},
				InsecureSkipVerify: q.Get("x-tls-insecure-skip-verify") == "true"}); err != nil {
				t.Fatal(err)
			}
			defer mysql.DeregisterTLSConfig(name)
			dsn := raw[:i] + "?tls=" + name
			db, err := sql.Open("mysql", dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var user string
			if err := db.QueryRow("SELECT CURRENT_USER()").Scan(&user); err != nil || user != srv.Users.X509+"@%" {
				t.Fatalf("migrate's DSN: %q, %v", user, err)
			}
			if mode == "VERIFY_CA" && words != nil {
				// The chain is checked: with another CA in ca.pem the client is refused.
				wrong, err := os.ReadFile(fixture("ca2-cert.pem"))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(pemDir, "ca.pem"), wrong, 0o644); err != nil {
					t.Fatal(err)
				}
				got, err := mariadbCommand(words, srv.Users.Password).CombinedOutput()
				if err == nil || !strings.Contains(string(got), "certificate") {
					t.Fatalf("VERIFY_CA with the wrong CA: %v\n%s", err, got)
				}
			}
		})
	}
}
