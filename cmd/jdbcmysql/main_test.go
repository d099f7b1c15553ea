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
	for _, want := range []string{"Detected format: JKS", "Alias: mysqlclient", "PrivateKeyEntry", "Verifies against the trust store: yes",
		`server naming no CA (MariaDB): "mysqlclient"`, "A connection loads it as a client key store: yes"} {
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
	if rep.DetectedFormat != "PKCS12" || rep.DeclaredType != "JKS" || len(rep.Entries) != 1 || rep.Entries[0].Type != "PrivateKeyEntry" || rep.Entries[0].KeyBits == 0 {
		t.Fatalf("report = %+v", rep)
	}
	// No --type: the JSON says so, with no prose in the field.
	_, out, _ = runCmd(t, vars, "inspect", "--json", "--password-env", "KSPW", fixture("keystore"))
	if strings.Contains(out, `"declaredType"`) || !strings.Contains(out, `"detectedFormat": "JKS"`) {
		t.Fatalf("declaredType without --type:\n%s", out)
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
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageKeyAgreement}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	entry := keystore.Entry{Alias: "k", PrivateKey: key, Chain: []*x509.Certificate{cert}}
	in := inspectInput{location: "x.pem", declared: "PEM", connRole: "client key store",
		listing: &keystore.Listing{Format: "PEM", Entries: []keystore.ListedEntry{{Alias: "k", Type: keystore.PrivateKeyEntry, PrivateKey: key, Chain: entry.Chain}}},
		conn:    &keystore.KeyStore{Format: "PEM", Entries: []keystore.Entry{entry}}}
	cases := []struct {
		now  time.Time
		want string
	}{
		{notAfter.AddDate(0, 0, -100), ""},
		{notAfter.AddDate(0, 0, -10), "certificate[1] (CN=soon) expires in 10 days"},
		{notAfter.AddDate(0, 0, 1), "certificate[1] (CN=soon) has expired"},
		{notAfter.AddDate(-2, 0, 0), "is not valid before"},
	}
	for _, c := range cases {
		in.now = c.now
		rep := inspectStore(in)
		got := strings.Join(rep.Warnings, "; ")
		// The key sent has a server-only EKU: always warned about.
		if !strings.Contains(got, `the key sent ("k"): certificate CN=soon has an extended key usage without clientAuth`) {
			t.Errorf("at %s: no EKU warning in %q", c.now, got)
		}
		if c.want != "" && !strings.Contains(got, c.want) || c.want == "" && len(rep.Warnings) != 1 {
			t.Errorf("at %s: warnings %q, want %q", c.now, got, c.want)
		}
		if rep.Entries[0].KeyAlg != "EC P-256" || rep.Entries[0].Chain[0].IPAddresses[0] != "127.0.0.1" ||
			rep.Entries[0].Chain[0].ExtKeyUsage[0] != "serverAuth" || strings.Join(rep.Entries[0].Chain[0].KeyUsage, ",") != "digitalSignature,keyAgreement" {
			t.Errorf("entry = %+v", rep.Entries[0])
		}
	}
	in.alias, in.now = "other", notAfter.AddDate(0, 0, -100)
	rep := inspectStore(in)
	if rep.KeySent.NoCAList != "" || !strings.Contains(strings.Join(rep.Warnings, ";"), `no key entry with alias "other"`) {
		t.Errorf("alias not in store: %+v", rep)
	}
}

// TestInspectListsWhatKeytoolLists: the stores issue 15 found refused,
// listed as keytool -list lists them, each with whether and how a
// connection loads it.
func TestInspectListsWhatKeytoolLists(t *testing.T) {
	vars := map[string]string{"KSPW": seedPassword}
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"password-less JKS trust store", []string{fixture("truststore.jks")}, []string{"trustedCertEntry", "NOT verified (no password)",
			"A connection loads it as a trust store: yes", "WARNING 1: the integrity of the store was NOT verified"}},
		{"key password differs", []string{"--password-env", "KSPW", fixture("keypass-differs.jks")}, []string{"Alias: otherpass", "PrivateKeyEntry",
			"NOT recovered with the store password", "A connection loads it as a client key store: NO", "the key password must equal the store password"}},
		{"JCEKS without --type", []string{"--password-env", "KSPW", fixture("client.jceks")}, []string{"Detected format: JCEKS", "Alias: aessecret",
			"Entry type: SecretKeyEntry", "PBEWithMD5AndTripleDES, 200000 iterations", "only with the type property set to JCEKS",
			"set clientCertificateKeyStoreType=JCEKS"}},
		{"RC2-40", []string{"--password-env", "KSPW", fixture("openssl-legacy.p12")}, []string{"MAC sha1, 2048 iterations",
			"pbeWithSHA1And40BitRC2-CBC, 2048 iterations", "WARNING 1: the store's certificates are encrypted with pbeWithSHA1And40BitRC2-CBC", "OpenSSL 3 refuses it"}},
		{"details", []string{"--password-env", "KSPW", fixture("keytool.p12")}, []string{"SHA1:        C2:31:AF", "SHA256:      5D:70:BF",
			"Signature:   SHA256-RSA", "Extended key usage: clientAuth", "Basic constraints: CA:false", "PBES2, PBKDF2, AES-256-CBC, PRF hmacWithSHA256, 10000 iterations",
			"SUBJECT '/CN=mysqlclient' ISSUER '/CN=jdbcmysql test CA'"}},
		// Two keys, two CAs: the server that names no CA gets the first;
		// one naming the second CA only gets the second.
		{"two keys", []string{"--password-env", "KSPW", "--trust", fixture("ca2-cert.pem"), fixture("twokeys.jks")}, []string{
			`server naming no CA (MariaDB): "otherclient"`, `server naming the --trust store's CAs, as MySQL names its ssl_ca (CN=jdbcmysql second CA): "otherclient"`,
			"Sent without an alias to a server whose CA list names one of: CN=jdbcmysql test CA"}},
		{"two keys, trust the first CA", []string{"--password-env", "KSPW", "--trust", fixture("ca-cert.pem"), fixture("twokeys.jks")}, []string{
			`(CN=jdbcmysql test CA): "mysqlclient"`, "Verifies against the trust store: NO"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, stderr := runCmd(t, vars, append([]string{"inspect"}, c.args...)...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
	// The --help example: a trust store given without its password.
	code, out, stderr := runCmd(t, vars, "inspect", "--password-env", "KSPW", "--trust", "file:"+fixture("truststore.jks"), "file:"+fixture("keystore"))
	if code != exitOK || !strings.Contains(out, "Verifies against the trust store: yes") {
		t.Fatalf("exit %d: %s\n%s", code, stderr, out)
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

// The unknown-property hint names the CLI's flag, not the Go option.
func TestDSNUnknownPropertyHint(t *testing.T) {
	for _, cmd := range []string{"dsn", "ping"} {
		code, _, stderr := runCmd(t, nil, cmd, "jdbc:mysql://h/?sslmode=REQUIRED")
		if code != exitBadInput || !strings.Contains(stderr, "did you mean 'sslMode'") || !strings.Contains(stderr, "--allow-unknown accepts") ||
			strings.Contains(stderr, "AllowUnknownProperties") {
			t.Errorf("%s: exit %d, stderr %q", cmd, code, stderr)
		}
	}
	code, out, _ := runCmd(t, nil, "dsn", "--allow-unknown", "jdbc:mysql://h/?sslmode=REQUIRED")
	if code != exitOK || !strings.Contains(out, "sslmode=REQUIRED: not a Connector/J property (accepted by --allow-unknown)") {
		t.Errorf("dsn --allow-unknown: exit %d\n%s", code, out)
	}
}

func TestPingRefusedPort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	code, out, stderr := runCmd(t, nil, "ping", "--timeout", "5s", "jdbc:mysql://"+addr+"/?user=u&sslMode=DISABLED")
	if code != exitRefused || out != "" || strings.Count(stderr, "connection refused") != 1 || !strings.Contains(stderr, "\nCheck: the host and port") {
		t.Fatalf("exit %d, stdout %q, stderr %q; want the failure once, on stderr, with what to check", code, out, stderr)
	}
}

// serverStores writes a JKS key store with a client certificate cn of
// srv's CA (alias mysqlclient) and a JKS trust store with that CA, both with
// seedPassword, into a temporary directory.
func serverStores(t *testing.T, srv *mysqltest.Server, cn string) (ks, ts string) {
	t.Helper()
	dir := t.TempDir()
	cert, err := srv.NewClientCert(cn)
	if err != nil {
		t.Fatal(err)
	}
	ks, ts = filepath.Join(dir, "keystore"), filepath.Join(dir, "truststore")
	if err := cert.WriteJKS(ks, seedPassword, "mysqlclient"); err != nil {
		t.Fatal(err)
	}
	if err := srv.WriteTrustStoreJKS(ts, seedPassword); err != nil {
		t.Fatal(err)
	}
	return ks, ts
}

func TestPingX509Server(t *testing.T) {
	srv := mysqltest.Start(t)
	ks, ts := serverStores(t, srv, "cli-test")
	vars := map[string]string{"DBPW": srv.Users.Password, "KSPW": seedPassword}
	base := fmt.Sprintf("jdbc:mysql://%s/%s?user=%s&sslMode=VERIFY_CA&trustCertificateKeyStoreUrl=file:%s&trustCertificateKeyStorePassword=%s",
		srv.Addr, srv.Database, srv.Users.X509, ts, seedPassword)
	code, out, stderr := runCmd(t, vars, "ping", "--password-env", "DBPW", "--keystore-password-env", "KSPW",
		base+"&clientCertificateKeyStoreUrl=file:"+ks)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
	}
	for _, want := range []string{"OK      " + srv.Addr + "\n", "CURRENT_USER():     " + srv.Users.X509 + "@", "TLS:                TLS 1.",
		"Client certificate: CN=cli-test, issuer CN=" + strings.TrimPrefix(srv.CA.Subject, "/CN="), "(sent in this handshake)", "TCP connect:", "TLS handshake:", "Connect total:"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, stderr = runCmd(t, vars, "ping", "--password-env", "DBPW", base+"&fallbackToSystemKeyStore=false")
	if code != exitRefused || out != "" || strings.Count(stderr, "1045") != 1 || !strings.Contains(stderr, "Check:") || strings.Contains(stderr, srv.Users.Password) {
		t.Fatalf("without a key store: exit %d, stdout %q, stderr %q", code, out, stderr)
	}

	// Failover: the first host refuses, the second is used; ping names the
	// host it connected to and the one that failed.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := l.Addr().String()
	l.Close()
	failover := strings.Replace(base, srv.Addr, dead+","+srv.Addr, 1) + "&clientCertificateKeyStoreUrl=file:" + ks
	code, out, stderr = runCmd(t, vars, "ping", "--password-env", "DBPW", "--keystore-password-env", "KSPW", failover)
	if code != exitOK || !strings.HasPrefix(out, "OK      "+srv.Addr+"\n") || !strings.Contains(out, "Tried first:        "+dead+" failed:") {
		t.Fatalf("failover: exit %d\n%s\n%s", code, out, stderr)
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
