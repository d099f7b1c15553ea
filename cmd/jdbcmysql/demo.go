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

func runDemo(args []string, env *environment) error {
	fs := newFlagSet(env, "demo", "demo [--backend process|docker] [--image IMAGE] [--dir DIR]",
		"jdbcmysql demo --backend process")
	backend := fs.String("backend", "", "server backend: process (a local mariadbd/mysqld) or docker; default: the first that works")
	image := fs.String("image", "", "docker image for --backend docker (default from MYSQLTEST_IMAGE, else mysql:8.4)")
	dir := fs.String("dir", "", "write certificates and key stores here and keep them (default: a temporary directory, removed)")
	timeout := fs.Duration("timeout", 3*time.Minute, "give up after this long")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		fs.Usage()
		return badInput(fmt.Errorf("demo takes no arguments"))
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	out := env.stdout
	step := 0
	stepf := func(format string, a ...any) func() {
		step++
		start := time.Now()
		fmt.Fprintf(out, "[%d] %s ... ", step, fmt.Sprintf(format, a...))
		return func() { fmt.Fprintf(out, "done (%s)\n", roundMS(time.Since(start))) }
	}

	work := *dir
	if work == "" {
		if work, err = os.MkdirTemp("", "jdbcmysql-demo-"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	} else if err := os.MkdirAll(work, 0o700); err != nil {
		return badInput(err)
	}

	var opts []mysqltest.Option
	if *backend != "" {
		opts = append(opts, mysqltest.WithBackend(*backend))
	}
	if *image != "" {
		opts = append(opts, mysqltest.WithImage(*image))
	}
	done := stepf("starting a throwaway server (its own CA, TLS on)")
	srv, err := mysqltest.StartServer(ctx, opts...)
	if err != nil {
		fmt.Fprintln(out, "failed")
		return refused(fmt.Errorf("starting the server: %w", err))
	}
	defer func() {
		d := stepf("stopping the server and cleaning up")
		srv.Close()
		d()
	}()
	done()
	fmt.Fprintf(out, "    %s server %s at %s\n", srv.Backend, srv.Version, srv.Addr)

	done = stepf("minting a client certificate signed by the server's CA")
	cert, err := srv.NewClientCert("jdbcmysql-demo-client")
	if err != nil {
		return refused(err)
	}
	certPEM, keyPEM := filepath.Join(work, "client-cert.pem"), filepath.Join(work, "client-key.pem")
	if err := cert.WritePEM(certPEM, keyPEM); err != nil {
		return err
	}
	done()
	fmt.Fprintf(out, "    subject %s\n", cert.Subject)

	p12, jks, trust := filepath.Join(work, "client-keystore.p12"), filepath.Join(work, "keystore"), filepath.Join(work, "truststore")
	done = stepf("building the key store as the seed does (openssl pkcs12 -name %s, then keytool to JKS)", demoAlias)
	how, err := buildSeedKeyStore(ctx, cert, certPEM, keyPEM, p12, jks)
	if err != nil {
		return err
	}
	if err := srv.WriteTrustStoreJKS(trust, demoPassword); err != nil {
		return err
	}
	done()
	fmt.Fprintf(out, "    %s\n", how)

	done = stepf("creating user %s REQUIRE X509", demoUser)
	userPassword := "demo-" + fmt.Sprint(time.Now().UnixNano()%1e6)
	if err := srv.CreateUser(ctx, demoUser, userPassword, "X509"); err != nil {
		return refused(err)
	}
	done()

	base := fmt.Sprintf("jdbc:mysql://%s/%s?user=%s&password=%s&sslMode=VERIFY_CA&trustCertificateKeyStoreUrl=%s&trustCertificateKeyStorePassword=%s",
		srv.Addr, srv.Database, demoUser, url.QueryEscape(userPassword), fileURL(trust), demoPassword)
	withKey := base + "&clientCertificateKeyStoreUrl=" + fileURL(jks) + "&clientCertificateKeyStorePassword=" + demoPassword
	fmt.Fprintf(out, "[%d] connecting with the Connector/J URL\n    %s\n", step+1, maskURL(withKey))
	step++
	cfg, err := jdbcmysql.ParseURL(withKey)
	if err != nil {
		return badInput(err)
	}
	res, err := ping(ctx, cfg)
	if err != nil {
		return refused(fmt.Errorf("the X509 connection failed: %w", err))
	}
	printPing(out, res)

	step++
	fmt.Fprintf(out, "[%d] the same URL without the key store must be refused\n", step)
	cfg, err = jdbcmysql.ParseURL(base)
	if err != nil {
		return badInput(err)
	}
	if _, err := ping(ctx, cfg); err == nil {
		return refused(errors.New("the server accepted a connection without a client certificate: the user does not require X509"))
	} else {
		fmt.Fprintf(out, "    refused as expected: %v\n", err)
		if h := hint(err); h != "" {
			fmt.Fprintf(out, "    (a real failure like this one would say: check %s)\n", h)
		}
	}
	if *dir != "" {
		fmt.Fprintf(out, "Key stores and certificates kept in %s (password %s)\n", work, demoPassword)
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
