package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jdbcmysql/jdbcmysql/keystore"
	"github.com/jdbcmysql/jdbcmysql/mysqltest"
)

const seedPassword = "mypassword"

// testEnv runs commands with captured output and the given variables.
type testEnv struct {
	stdout, stderr bytes.Buffer
	vars           map[string]string
}

func (te *testEnv) env() *environment {
	return &environment{
		stdin:      strings.NewReader(""),
		stdout:     &te.stdout,
		stderr:     &te.stderr,
		getenv:     func(k string) string { return te.vars[k] },
		isTerminal: func() bool { return false },
		readSecret: func(string) (string, error) { return "", fmt.Errorf("no terminal") },
	}
}

func runCmd(t *testing.T, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	te := &testEnv{vars: vars}
	code = run(args, te.env())
	return code, te.stdout.String(), te.stderr.String()
}

func fixture(name string) string { return filepath.Join("..", "..", "testdata", name) }

func TestRunUsageAndExitCodes(t *testing.T) {
	cases := []struct {
		args []string
		code int
	}{
		{nil, exitBadInput},
		{[]string{"help"}, exitOK},
		{[]string{"frobnicate"}, exitBadInput},
		{[]string{"inspect"}, exitBadInput},
		{[]string{"inspect", "--help"}, exitOK},
		{[]string{"dsn", "--no-such-flag", "x"}, exitBadInput},
		{[]string{"ping", "not-a-jdbc-url"}, exitBadInput},
		{[]string{"demo", "extra"}, exitBadInput},
	}
	for _, c := range cases {
		code, _, stderr := runCmd(t, nil, c.args...)
		if code != c.code {
			t.Errorf("jdbcmysql %q: exit %d, want %d (stderr %s)", c.args, code, c.code, stderr)
		}
	}
	_, _, stderr := runCmd(t, nil, "ping", "--help")
	if !strings.Contains(stderr, "Example:") {
		t.Errorf("ping --help shows no example: %s", stderr)
	}
}

func TestInspectSeedKeyStore(t *testing.T) {
	vars := map[string]string{"KSPW": seedPassword}
	code, out, stderr := runCmd(t, vars, "inspect", "--password-env", "KSPW", fixture("keystore"), "--trust", fixture("truststore.jks"), "--trust-password-env", "KSPW")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Detected format: JKS", "Alias: mysqlclient", "PrivateKeyEntry", "Verifies against the trust store: yes", `Key sent to the server: "mysqlclient"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out+stderr, seedPassword) {
		t.Error("output shows the password")
	}

	// The PKCS#12 the seed made first, declared JKS (Connector/J's default).
	code, out, stderr = runCmd(t, vars, "inspect", "--json", "--type", "JKS", "--password-env", "KSPW", fixture("client-keystore.p12"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep inspectReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("--json output is not JSON: %v\n%s", err, out)
	}
	if rep.DetectedFormat != "PKCS12" || rep.DeclaredType != "JKS" || len(rep.Entries) != 1 || rep.Entries[0].Kind != "PrivateKeyEntry" || rep.Entries[0].KeyBits == 0 {
		t.Fatalf("report = %+v", rep)
	}
}

func TestInspectRefusals(t *testing.T) {
	dir := t.TempDir()
	pwFile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwFile, []byte("not-the-password\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCmd(t, nil, "inspect", "--password-file", pwFile, fixture("keystore"))
	if code != exitBadInput || !strings.Contains(stderr, "password") || strings.Contains(stderr, "not-the-password") {
		t.Fatalf("wrong password: exit %d, stderr %s", code, stderr)
	}
	code, _, stderr = runCmd(t, nil, "inspect", "--password-env", "UNSET", fixture("keystore"))
	if code != exitBadInput || !strings.Contains(stderr, "UNSET") {
		t.Fatalf("unset variable: exit %d, stderr %s", code, stderr)
	}
	code, _, stderr = runCmd(t, nil, "inspect", "--password", seedPassword, fixture("keystore"))
	if code != exitOK || !strings.Contains(stderr, "warning") {
		t.Fatalf("--password: exit %d, want 0 with a warning; stderr %s", code, stderr)
	}
	code, _, stderr = runCmd(t, nil, "inspect", filepath.Join(dir, "missing.jks"))
	if code != exitBadInput || !strings.Contains(stderr, "missing.jks") {
		t.Fatalf("missing file: exit %d, stderr %s", code, stderr)
	}
}

func TestInspectValidityWarnings(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	notAfter := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "soon"}, NotBefore: notAfter.AddDate(-1, 0, 0), NotAfter: notAfter,
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	ks := &keystore.KeyStore{Format: "PEM", Entries: []keystore.Entry{{Alias: "k", PrivateKey: key, Chain: []*x509.Certificate{cert}}}}
	cases := []struct {
		now  time.Time
		want string
	}{
		{notAfter.AddDate(0, 0, -100), ""},
		{notAfter.AddDate(0, 0, -10), "expires in 10 days"},
		{notAfter.AddDate(0, 0, 1), "has expired"},
		{notAfter.AddDate(-2, 0, 0), "is not valid before"},
	}
	for _, c := range cases {
		rep := inspectStore("x.pem", "PEM", ks, nil, "", c.now)
		got := strings.Join(rep.Warnings, "; ")
		if c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("at %s: warnings %q, want %q", c.now, got, c.want)
		}
		if rep.Entries[0].KeyAlg != "EC P-256" || rep.Entries[0].Chain[0].IPAddresses[0] != "127.0.0.1" {
			t.Errorf("entry = %+v", rep.Entries[0])
		}
	}
	rep := inspectStore("x.pem", "PEM", ks, nil, "other", notAfter.AddDate(0, 0, -100))
	if rep.SentAlias != "" || len(rep.Warnings) != 1 {
		t.Errorf("alias not in store: %+v", rep)
	}
}

func TestDSNExplainsAndMasks(t *testing.T) {
	u := "jdbc:mysql://db.example:3307/app?user=app&password=s3cr%2Bet&sslMode=VERIFY_CA" +
		"&clientCertificateKeyStoreUrl=file:/etc/mysql/keystore&clientCertificateKeyStorePassword=kspw123" +
		"&trustCertificateKeyStoreUrl=file:/etc/mysql/truststore&connectTimeout=5000"
	code, out, stderr := runCmd(t, nil, "dsn", u)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"db.example:3307", "VERIFY_CA (from sslMode)", "file:/etc/mysql/keystore", "from clientCertificateKeyStoreUrl",
		"file:/etc/mysql/truststore", "connectTimeout", "go-sql-driver DSN:", "tls="} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, secret := range []string{"s3cr+et", "s3cr%2Bet", "kspw123"} {
		if strings.Contains(out+stderr, secret) {
			t.Errorf("output shows a password %q:\n%s", secret, out)
		}
	}

	code, out, _ = runCmd(t, nil, "dsn", "jdbc:mysql://h/?useSSL=true&requireSSL=true")
	if code != exitOK || !strings.Contains(out, "REQUIRED (from useSSL") {
		t.Errorf("legacy flags: exit %d\n%s", code, out)
	}
	code, _, stderr = runCmd(t, nil, "dsn", "jdbc:mysql://h/?sslMode=SOMETIMES")
	if code != exitBadInput || !strings.Contains(stderr, "sslMode") || !strings.Contains(stderr, "SOMETIMES") {
		t.Errorf("bad sslMode: exit %d, stderr %s", code, stderr)
	}
}

func TestPingRefusedPort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	code, out, _ := runCmd(t, nil, "ping", "--timeout", "5s", "jdbc:mysql://"+addr+"/?user=u&sslMode=DISABLED")
	if code != exitRefused || !strings.Contains(out, "FAILED") || !strings.Contains(out, "Check:") {
		t.Fatalf("exit %d, output %s", code, out)
	}
}

func TestPingX509Server(t *testing.T) {
	srv := mysqltest.Start(t)
	dir := t.TempDir()
	cert, err := srv.NewClientCert("cli-test")
	if err != nil {
		t.Fatal(err)
	}
	ks, ts := filepath.Join(dir, "keystore"), filepath.Join(dir, "truststore")
	if err := cert.WriteJKS(ks, seedPassword, "mysqlclient"); err != nil {
		t.Fatal(err)
	}
	if err := srv.WriteTrustStoreJKS(ts, seedPassword); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"DBPW": srv.Users.Password, "KSPW": seedPassword}
	base := fmt.Sprintf("jdbc:mysql://%s/%s?user=%s&sslMode=VERIFY_CA&trustCertificateKeyStoreUrl=file:%s&trustCertificateKeyStorePassword=%s",
		srv.Addr, srv.Database, srv.Users.X509, ts, seedPassword)
	code, out, stderr := runCmd(t, vars, "ping", "--password-env", "DBPW", "--keystore-password-env", "KSPW",
		base+"&clientCertificateKeyStoreUrl=file:"+ks)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
	}
	for _, want := range []string{"CURRENT_USER():     " + srv.Users.X509 + "@", "TLS:                TLSv1.", "CN=cli-test", "Connect total:"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runCmd(t, vars, "ping", "--password-env", "DBPW", base+"&fallbackToSystemKeyStore=false")
	if code != exitRefused || !strings.Contains(out, "FAILED") || strings.Contains(out, srv.Users.Password) {
		t.Fatalf("without a key store: exit %d, output %s", code, out)
	}
}

func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("starts its own server")
	}
	mysqltest.Start(t) // skips (or fails under CI=true) where no backend runs
	code, out, stderr := runCmd(t, nil, "demo", "--timeout", "3m")
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
	}
	for _, want := range []string{"starting a throwaway server", "REQUIRE X509", "CURRENT_USER():     demo_x509@", "refused as expected", "stopping the server"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "password="+seedPassword) {
		t.Errorf("demo output shows a password:\n%s", out)
	}
}

func TestMaskURL(t *testing.T) {
	got := maskURL("jdbc:mysql://h/?x=1&user=u&password=a1b2&clientCertificateKeyStorePassword=c3d4&trustCertificateKeyStoreUrl=https://svc:e5f6@h/t")
	for _, want := range []string{"user=u", "password=***", "clientCertificateKeyStorePassword=***", "x=1", "svc:***"} {
		if !strings.Contains(got, want) {
			t.Errorf("maskURL = %s; lacks %s", got, want)
		}
	}
	for _, secret := range []string{"a1b2", "c3d4", "e5f6"} {
		if strings.Contains(got, secret) {
			t.Errorf("maskURL shows %s: %s", secret, got)
		}
	}
}
