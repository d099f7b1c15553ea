// This file implements "jdbcmysql demo": the seed end to end on this
// machine. It starts a throwaway server whose user requires X509, builds
// the client key store the way the seed does (openssl, then keytool),
// connects with a Connector/J URL, shows that the same URL without the key
// store is refused, and cleans up.

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/jdbcmysql/jdbcmysql"
	"github.com/jdbcmysql/jdbcmysql/mysqltest"
)

// The seed's key store alias and password.
const (
	demoAlias    = "mysqlclient"
	demoPassword = "mypassword"
	demoUser     = "demo_x509"
)

// dockerBuild is how to build, in a checkout, a jdbcmysql with mysqltest's
// docker backend.
const dockerBuild = "go install -tags docker ./cmd/jdbcmysql"

// demoFlags are demo's command line.
type demoFlags struct {
	backend, image, dir string
	timeout             time.Duration
}

// demoRun is one run of the demo: where it writes, and its numbered steps.
type demoRun struct {
	out  io.Writer
	work string // certificates and key stores
	step int
}

func runDemo(args []string, env *environment) error {
	f, err := parseDemoFlags(args, env)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), f.timeout)
	defer cancel()
	d := &demoRun{out: env.stdout, work: f.dir}
	if d.work == "" {
		if d.work, err = os.MkdirTemp("", "jdbcmysql-demo-"); err != nil {
			return err
		}
		defer os.RemoveAll(d.work)
	} else if err := os.MkdirAll(d.work, 0o700); err != nil {
		return badInput(err)
	}

	srv, err := d.startServer(ctx, f)
	if err != nil {
		return err
	}
	defer func() {
		done := d.begin("stopping the server and cleaning up")
		srv.Close()
		done()
	}()
	jks, trust, err := d.buildStores(ctx, srv)
	if err != nil {
		return err
	}
	userPassword, err := d.createUser(ctx, srv)
	if err != nil {
		return err
	}
	base := fmt.Sprintf("jdbc:mysql://%s/%s?user=%s&password=%s&sslMode=VERIFY_CA&trustCertificateKeyStoreUrl=%s&trustCertificateKeyStorePassword=%s",
		srv.Addr, srv.Database, demoUser, url.QueryEscape(userPassword), fileURL(trust), demoPassword)
	withKey := base + "&clientCertificateKeyStoreUrl=" + fileURL(jks) + "&clientCertificateKeyStorePassword=" + demoPassword
	if err := d.connectWithKey(ctx, withKey); err != nil {
		return err
	}
	if err := d.connectWithoutKey(ctx, base); err != nil {
		return err
	}
	if f.dir != "" {
		fmt.Fprintf(d.out, "Key stores and certificates kept in %s (password %s)\n", d.work, demoPassword)
	}
	return nil
}

// parseDemoFlags reads demo's flags; it takes no arguments.
func parseDemoFlags(args []string, env *environment) (demoFlags, error) {
	var f demoFlags
	fs := newFlagSet(env, "demo", "demo [--backend process|docker] [--image IMAGE] [--dir DIR]",
		"jdbcmysql demo --backend process")
	fs.StringVar(&f.backend, "backend", "", "server backend: process (a local mariadbd/mysqld) or docker (needs a jdbcmysql built with -tags docker: "+dockerBuild+"); default: the first that works")
	fs.StringVar(&f.image, "image", "", "docker image for --backend docker (default from MYSQLTEST_IMAGE, else mysql:8.4)")
	fs.StringVar(&f.dir, "dir", "", "write certificates and key stores here and keep them (default: a temporary directory, removed)")
	fs.DurationVar(&f.timeout, "timeout", 3*time.Minute, "give up after this long")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return f, err
	}
	if len(pos) != 0 {
		fs.Usage()
		return f, badInput(fmt.Errorf("demo takes no arguments"))
	}
	return f, nil
}

// begin prints the next step's title and returns what prints its end.
func (d *demoRun) begin(format string, a ...any) func() {
	d.step++
	start := time.Now()
	fmt.Fprintf(d.out, "[%d] %s ... ", d.step, fmt.Sprintf(format, a...))
	return func() { fmt.Fprintf(d.out, "done (%s)\n", roundMS(time.Since(start))) }
}

// startServer starts the throwaway server on the backend asked for.
func (d *demoRun) startServer(ctx context.Context, f demoFlags) (*mysqltest.Server, error) {
	var opts []mysqltest.Option
	if f.backend != "" {
		opts = append(opts, mysqltest.WithBackend(f.backend))
	}
	if f.image != "" {
		opts = append(opts, mysqltest.WithImage(f.image))
	}
	done := d.begin("starting a throwaway server (its own CA, TLS on)")
	srv, err := mysqltest.StartServer(ctx, opts...)
	if err != nil {
		fmt.Fprintln(d.out, "failed")
		err = fmt.Errorf("starting the server: %w", err)
		if errors.Is(err, mysqltest.ErrDockerNotBuilt) {
			err = fmt.Errorf("%w\nThis jdbcmysql is built without the docker backend; rebuild it with: %s", err, dockerBuild)
		}
		return nil, refused(err)
	}
	done()
	fmt.Fprintf(d.out, "    %s server %s at %s\n", srv.Backend, srv.Version, srv.Addr)
	return srv, nil
}

// buildStores mints a client certificate from the server's CA and writes
// the client key store as the seed builds it, and the trust store; it
// returns their paths.
func (d *demoRun) buildStores(ctx context.Context, srv *mysqltest.Server) (jks, trust string, err error) {
	done := d.begin("minting a client certificate signed by the server's CA")
	cert, err := srv.NewClientCert("jdbcmysql-demo-client")
	if err != nil {
		return "", "", refused(err)
	}
	certPEM, keyPEM := filepath.Join(d.work, "client-cert.pem"), filepath.Join(d.work, "client-key.pem")
	if err := cert.WritePEM(certPEM, keyPEM); err != nil {
		return "", "", err
	}
	done()
	fmt.Fprintf(d.out, "    subject %s\n", cert.Subject)

	p12, jks, trust := filepath.Join(d.work, "client-keystore.p12"), filepath.Join(d.work, "keystore"), filepath.Join(d.work, "truststore")
	done = d.begin("building the key store as the seed does (openssl pkcs12 -name %s, then keytool to JKS)", demoAlias)
	how, err := buildSeedKeyStore(ctx, cert, certPEM, keyPEM, p12, jks)
	if err != nil {
		return "", "", err
	}
	if err := srv.WriteTrustStoreJKS(trust, demoPassword); err != nil {
		return "", "", err
	}
	done()
	fmt.Fprintf(d.out, "    %s\n", how)
	return jks, trust, nil
}

// createUser creates the demo user, which must present a certificate, and
// returns its password.
func (d *demoRun) createUser(ctx context.Context, srv *mysqltest.Server) (string, error) {
	done := d.begin("creating user %s REQUIRE X509", demoUser)
	userPassword := "demo-" + fmt.Sprint(time.Now().UnixNano()%1e6)
	if err := srv.CreateUser(ctx, demoUser, userPassword, "X509"); err != nil {
		return "", refused(err)
	}
	done()
	return userPassword, nil
}

// connectWithKey connects with the URL naming the key store and prints
// what the server says.
func (d *demoRun) connectWithKey(ctx context.Context, withKey string) error {
	d.step++
	fmt.Fprintf(d.out, "[%d] connecting with the Connector/J URL\n    %s\n", d.step, maskURL(withKey))
	cfg, err := jdbcmysql.ParseURL(withKey)
	if err != nil {
		return badInput(err)
	}
	res, err := ping(ctx, cfg)
	if err != nil {
		return refused(fmt.Errorf("the X509 connection failed: %w", err))
	}
	printPing(d.out, res)
	return nil
}

// connectWithoutKey shows that the server refuses the URL without the key
// store.
func (d *demoRun) connectWithoutKey(ctx context.Context, base string) error {
	d.step++
	fmt.Fprintf(d.out, "[%d] the same URL without the key store must be refused\n", d.step)
	cfg, err := jdbcmysql.ParseURL(base)
	if err != nil {
		return badInput(err)
	}
	_, err = ping(ctx, cfg)
	if err == nil {
		return refused(errors.New("the server accepted a connection without a client certificate: the user does not require X509"))
	}
	fmt.Fprintf(d.out, "    refused as expected: %v\n", err)
	if h := hint(err); h != "" {
		fmt.Fprintf(d.out, "    (a real failure like this one would say: check %s)\n", h)
	}
	return nil
}

// buildSeedKeyStore makes the PKCS#12 and JKS key stores with the seed's
// two commands when openssl and keytool are installed, and with mysqltest's
// Go writers otherwise. It says which it used.
func buildSeedKeyStore(ctx context.Context, cert *mysqltest.ClientCert, certPEM, keyPEM, p12, jks string) (string, error) {
	openssl, errSSL := exec.LookPath("openssl")
	keytool, errKT := exec.LookPath("keytool")
	if errSSL == nil && errKT == nil {
		cmds := [][]string{
			{openssl, "pkcs12", "-export", "-in", certPEM, "-inkey", keyPEM, "-name", demoAlias, "-passout", "pass:" + demoPassword, "-out", p12},
			{keytool, "-importkeystore", "-noprompt", "-srckeystore", p12, "-srcstoretype", "pkcs12", "-srcstorepass", demoPassword,
				"-destkeystore", jks, "-deststoretype", "JKS", "-deststorepass", demoPassword},
		}
		for _, c := range cmds {
			if out, err := exec.CommandContext(ctx, c[0], c[1:]...).CombinedOutput(); err != nil {
				return "", fmt.Errorf("%s: %v: %s", filepath.Base(c[0]), err, out)
			}
		}
		return "made with openssl pkcs12 -export and keytool -importkeystore", nil
	}
	if err := cert.WritePKCS12(p12, demoPassword); err != nil {
		return "", err
	}
	if err := cert.WriteJKS(jks, demoPassword, demoAlias); err != nil {
		return "", err
	}
	return "openssl or keytool not installed: made with mysqltest's Go writers instead", nil
}

func fileURL(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return "file:" + filepath.ToSlash(abs)
}

// maskURL shows a JDBC URL as the library's Config.String does: every
// password (and the user info of store locations) as ***.
func maskURL(u string) string {
	cfg, err := jdbcmysql.ParseURL(u, jdbcmysql.AllowUnknownProperties())
	if err != nil {
		return "(not shown: the URL does not parse)"
	}
	return cfg.String()
}
