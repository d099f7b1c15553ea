// This file implements "jdbcmysql dsn": how a JDBC URL is understood, with
// every password shown as ***.

package main

import (
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/jdbcmysql/jdbcmysql"
)

func runDSN(args []string, env *environment) error {
	fs := newFlagSet(env, "dsn", "dsn [--allow-unknown] URL",
		`jdbcmysql dsn 'jdbc:mysql://db:3306/app?sslMode=VERIFY_CA&trustCertificateKeyStoreUrl=file:/etc/mysql/truststore'`)
	u := addURLArgument(fs, "accept property names Connector/J does not know (listed as ignored)")
	if err := u.parse(fs, args); err != nil {
		return err
	}
	return describeConfig(env.stdout, u.cfg, u.opts)
}

func describeConfig(w io.Writer, cfg *jdbcmysql.Config, opts []jdbcmysql.Option) error {
	row := func(k, v string) { fmt.Fprintf(w, "%-22s %s\n", k+":", v) }
	row("URL type", string(cfg.Type))
	var hosts []string
	for _, h := range cfg.Hosts {
		hosts = append(hosts, net.JoinHostPort(strings.Trim(h.Host, "[]"), strconv.Itoa(h.Port)))
	}
	row("Hosts", strings.Join(hosts, ", "))
	row("Database", orNone(cfg.Database))
	row("User", orNone(cfg.User))
	if cfg.Password != "" {
		row("Password", "***")
	}
	row("SSL mode", fmt.Sprintf("%s (from %s)", cfg.SSLMode, cfg.SSLModeSource))

	keyStore, trustStore := cfg.ResolveStores()
	row("Client key store", keyStore.String())
	if cfg.ClientCertificateAlias != "" && cfg.SSLMode != jdbcmysql.SSLModeDisabled {
		row("Client key alias", cfg.ClientCertificateAlias)
	}
	row("Trust store", trustStore.String())
	if len(cfg.TLSVersions) == 0 {
		row("TLS versions", "TLSv1.3, TLSv1.2 (default)")
	} else {
		row("TLS versions", strings.Join(cfg.TLSVersions, ", "))
	}
	if len(cfg.TLSCipherSuites) == 0 {
		row("Cipher suites", "Go's defaults without Connector/J's unacceptable suites")
	} else {
		row("Cipher suites", strings.Join(cfg.TLSCipherSuites, ", "))
	}

	mapped := cfg.MappedProperties()
	if len(mapped) == 0 {
		row("Mapped settings", "none beyond the defaults")
	}
	for i, m := range mapped {
		k := ""
		if i == 0 {
			k = "Mapped settings:"
		}
		fmt.Fprintf(w, "%-22s %s=%s → %s\n", k, m.Name, m.Value, m.Target)
	}
	if len(cfg.Ignored) == 0 {
		row("Ignored properties", "none")
	} else {
		for i, ig := range cfg.Ignored {
			k := ""
			if i == 0 {
				k = "Ignored properties:"
			}
			v := ig.Value
			if v == "" {
				v = "***"
			}
			reason := strings.Replace(ig.Reason, "accepted by AllowUnknownProperties", "accepted by --allow-unknown", 1)
			fmt.Fprintf(w, "%-22s %s=%s: %s\n", k, ig.Name, v, reason)
		}
	}
	if cfg.Type == jdbcmysql.URLTypeXDevAPI {
		row("go-sql-driver DSN", "none: mysqlx: URLs use the X Protocol, which go-sql-driver does not speak")
		return nil
	}
	dsn, err := cfg.FormatDSN(opts...)
	if err != nil {
		row("go-sql-driver DSN", "none: "+err.Error())
		return nil
	}
	row("go-sql-driver DSN", redactDSN(dsn))
	return nil
}

// redactDSN replaces the password of a go-sql-driver DSN with ***.
func redactDSN(dsn string) string {
	mc, err := mysql.ParseDSN(dsn)
	if err != nil {
		return "(unprintable: " + err.Error() + ")"
	}
	if mc.Passwd != "" {
		mc.Passwd = "***"
	}
	return mc.FormatDSN()
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
