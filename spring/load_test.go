// This file tests Load's precedence rules, one rule per row with its
// source, on configuration directories written for each test.

package spring

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jdbcmysql/jdbcmysql"
)

// writeTree writes files (path -> content) under a new temporary directory.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// loadIn loads a tree with the default locations relative to it.
func loadIn(t *testing.T, dir string, env []string, profiles []string) (*DataSource, error) {
	t.Helper()
	if env == nil {
		env = []string{}
	}
	return Load(Options{Dirs: []string{dir + ";optional:" + filepath.Join(dir, "config") + ";" + filepath.Join(dir, "config", "*")}, Env: env, Profiles: profiles})
}

func TestLoadPrecedence(t *testing.T) {
	tests := []struct {
		rule     string // the rule and its source
		files    map[string]string
		env      []string
		profiles []string
		check    func(t *testing.T, ds *DataSource)
	}{
		{rule: "application.properties beats application.yml in one location (external-config: same location)",
			files: map[string]string{"application.yml": "spring.datasource.url: jdbc:mysql://yml/db\n", "application.properties": "spring.datasource.url=jdbc:mysql://props/db\n"},
			check: host("props")},
		{rule: "./config/ beats ./ (external-config: locations order)",
			files: map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://root/db\n", "config/application.properties": "spring.datasource.url=jdbc:mysql://config/db\n"},
			check: host("config")},
		{rule: "./config/*/ beats ./config/ (external-config: wildcard locations)",
			files: map[string]string{"config/application.properties": "spring.datasource.url=jdbc:mysql://config/db\n", "config/k8s/application.properties": "spring.datasource.url=jdbc:mysql://k8s/db\n"},
			check: host("k8s")},
		{rule: "a profile file beats every plain file of its group (external-config: profile-specific files)",
			files:    map[string]string{"application-prod.yml": "spring.datasource.url: jdbc:mysql://prod/db\n", "config/application.properties": "spring.datasource.url=jdbc:mysql://config/db\n"},
			profiles: []string{"prod"}, check: host("prod")},
		{rule: "the last active profile wins (external-config: last-wins)",
			files:    map[string]string{"application-a.properties": "spring.datasource.url=jdbc:mysql://a/db\n", "application-b.properties": "spring.datasource.url=jdbc:mysql://b/db\n", "application.properties": "x=1"},
			profiles: []string{"b", "a"}, check: host("a")},
		{rule: "SPRING_PROFILES_ACTIVE selects profile files (Profiles)",
			files: map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://plain/db\n", "application-k8s.properties": "spring.datasource.url=jdbc:mysql://k8s/db\n"},
			env:   []string{"SPRING_PROFILES_ACTIVE=k8s"}, check: host("k8s")},
		{rule: "spring.profiles.active in a file selects profiles",
			files: map[string]string{"application.yml": "spring:\n  profiles:\n    active: dev\n  datasource:\n    url: jdbc:mysql://plain/db\n", "application-dev.yml": "spring.datasource.url: jdbc:mysql://dev/db\n"},
			check: host("dev")},
		{rule: "without active profiles, the default profile applies",
			files: map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://plain/db\n", "application-default.properties": "spring.datasource.url=jdbc:mysql://default/db\n"},
			check: host("default")},
		{rule: "spring.profiles.group expands a profile (Profiles.expandProfiles)",
			files:    map[string]string{"application.properties": "spring.profiles.group.prod=db\nspring.datasource.url=jdbc:mysql://plain/db\n", "application-db.properties": "spring.datasource.url=jdbc:mysql://group/db\n"},
			profiles: []string{"prod"}, check: host("group")},
		{rule: "YAML documents with on-profile activate (multi-document files)",
			files:    map[string]string{"application.yml": "spring.datasource.url: jdbc:mysql://plain/db\n---\nspring.config.activate.on-profile: prod\nspring.datasource.url: jdbc:mysql://prod/db\n---\nspring.config.activate.on-profile: test\nspring.datasource.url: jdbc:mysql://test/db\n"},
			profiles: []string{"prod"}, check: host("prod")},
		{rule: "#--- documents with on-profile expressions activate",
			files:    map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://plain/db\n#---\nspring.config.activate.on-profile=prod & !eu\nspring.datasource.url=jdbc:mysql://produs/db\n"},
			profiles: []string{"prod"}, check: host("produs")},
		{rule: "a negated on-profile expression excludes",
			files:    map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://plain/db\n#---\nspring.config.activate.on-profile=prod & !eu\nspring.datasource.url=jdbc:mysql://produs/db\n"},
			profiles: []string{"prod", "eu"}, check: host("plain")},
		{rule: "on-cloud-platform: kubernetes activates with KUBERNETES_SERVICE_HOST/PORT (CloudPlatform)",
			files: map[string]string{"application.yml": "spring.datasource.url: jdbc:mysql://plain/db\n---\nspring.config.activate.on-cloud-platform: kubernetes\nspring.datasource.url: jdbc:mysql://k8s/db\n"},
			env:   []string{"KUBERNETES_SERVICE_HOST=10.0.0.1", "KUBERNETES_SERVICE_PORT=443"}, check: host("k8s")},
		{rule: "environment variables beat files (external-config order)",
			files: map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://file/db\n"},
			env:   []string{"SPRING_DATASOURCE_URL=jdbc:mysql://env/db"}, check: host("env")},
		{rule: "dotted environment variable names bind (SystemEnvironmentPropertySource)",
			files: map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://file/db\n"},
			env:   []string{"spring.datasource.url=jdbc:mysql://dotted/db"}, check: host("dotted")},
		{rule: "lower-case environment variable names bind (Boot 3.5.1+)",
			files: map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://file/db\n"},
			env:   []string{"spring_datasource_url=jdbc:mysql://lower/db"}, check: host("lower")},
		{rule: "JAVA_TOOL_OPTIONS -D system properties beat environment variables",
			env:   []string{"SPRING_DATASOURCE_URL=jdbc:mysql://env/db", "JAVA_TOOL_OPTIONS=-Xmx1g -Dspring.datasource.url=jdbc:mysql://sys/db"},
			check: host("sys")},
		{rule: "JDK_JAVA_OPTIONS is read after JAVA_TOOL_OPTIONS",
			env:   []string{"JAVA_TOOL_OPTIONS=-Dspring.datasource.url=jdbc:mysql://tool/db", "JDK_JAVA_OPTIONS='-Dspring.datasource.url=jdbc:mysql://jdk/db'"},
			check: host("jdk")},
		{rule: "SPRING_APPLICATION_JSON beats system properties",
			env:   []string{"JAVA_TOOL_OPTIONS=-Dspring.datasource.url=jdbc:mysql://sys/db", `SPRING_APPLICATION_JSON={"spring":{"datasource":{"url":"jdbc:mysql://json/db"}}}`},
			check: host("json")},
		{rule: "JSON nulls override nothing (JSON Application Properties)",
			files: map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://file/db\n"},
			env:   []string{`SPRING_APPLICATION_JSON={"spring.datasource.url":null}`}, check: host("file")},
		{rule: "hikari.jdbc-url beats spring.datasource.url (DataSourceConfiguration.Hikari)",
			files: map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://plain/db\nspring.datasource.hikari.jdbc-url=jdbc:mysql://hikari/db\n"},
			check: host("hikari")},
		{rule: "camelCase keys bind (relaxed binding)",
			files: map[string]string{"application.properties": "spring.datasource.hikari.jdbcUrl=jdbc:mysql://camel/db\n"},
			check: host("camel")},
		{rule: "snake_case keys bind (relaxed binding)",
			files: map[string]string{"application.properties": "spring.datasource.hikari.jdbc_url=jdbc:mysql://snake/db\n"},
			check: host("snake")},
		{rule: "data-source-properties beat the URL's query (ConnectionUrl.collectProperties)",
			files: map[string]string{"application.yml": "spring.datasource:\n  url: jdbc:mysql://h/db?sslMode=REQUIRED\n  hikari.data-source-properties:\n    sslMode: VERIFY_CA\n"},
			check: func(t *testing.T, ds *DataSource) { want(t, string(ds.Config.SSLMode), "VERIFY_CA") }},
		{rule: "user: data-source-properties.user > hikari.username > spring.datasource.username > URL user= (DriverDataSource)",
			files: map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://h/db?user=url\nspring.datasource.username=plain\nspring.datasource.hikari.username=hikari\nspring.datasource.hikari.data-source-properties.user=dsp\n"},
			check: func(t *testing.T, ds *DataSource) { want(t, ds.Config.User, "dsp") }},
		{rule: "user: hikari.username > spring.datasource.username",
			files: map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://h/db?user=url\nspring.datasource.username=plain\nspring.datasource.hikari.username=hikari\n"},
			check: func(t *testing.T, ds *DataSource) { want(t, ds.Config.User, "hikari") }},
		{rule: "user: spring.datasource.username > URL user=",
			files: map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://h/db?user=url\nspring.datasource.username=plain\n"},
			check: func(t *testing.T, ds *DataSource) { want(t, ds.Config.User, "plain") }},
		{rule: "user: the URL's user= when nothing else sets it",
			files: map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://h/db?user=url\n"},
			check: func(t *testing.T, ds *DataSource) { want(t, ds.Config.User, "url") }},
		{rule: "[bracketed] map keys are kept verbatim, quotes included (MapBinder)",
			files: map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://h/db\nspring.datasource.hikari.data-source-properties[sslMode]=REQUIRED\n"},
			check: func(t *testing.T, ds *DataSource) { want(t, string(ds.Config.SSLMode), "REQUIRED") }},
		{rule: "an environment map key arrives lower-cased and is ignored as in Java, with a report",
			files: map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://h/db\n"},
			env:   []string{"SPRING_DATASOURCE_HIKARI_DATASOURCEPROPERTIES_SSLMODE=VERIFY_CA"},
			check: func(t *testing.T, ds *DataSource) {
				want(t, string(ds.Config.SSLMode), "PREFERRED")
				if !containsAll(strings.Join(ds.Warnings, "\n"), "sslmode", "did you mean 'sslMode'") {
					t.Fatalf("warnings %q do not report sslmode", ds.Warnings)
				}
			}},
		{rule: "an environment variable overrides a file's map key with relaxed matching (MapBinder value look-up)",
			files: map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://h/db\nspring.datasource.hikari.data-source-properties.sslMode=REQUIRED\n"},
			env:   []string{"SPRING_DATASOURCE_HIKARI_DATASOURCEPROPERTIES_SSLMODE=VERIFY_CA"},
			check: func(t *testing.T, ds *DataSource) { want(t, string(ds.Config.SSLMode), "VERIFY_CA") }},
		{rule: "${VAR} reads an environment variable (Property Placeholders)",
			files: map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://h/db\nspring.datasource.password=${DB_PASSWORD}\n"},
			env:   []string{"DB_PASSWORD=p&a@s#s%w+rd"},
			check: func(t *testing.T, ds *DataSource) { want(t, ds.Config.Password, "p&a@s#s%w+rd") }},
		{rule: "${VAR:default} splits at the first ':' (PlaceholderParser)",
			files: map[string]string{"application.properties": "spring.datasource.url=${DB_URL:jdbc:mysql://fallback:3306/db}\n"},
			check: host("fallback")},
		{rule: "placeholders resolve against other properties with relaxed names",
			files: map[string]string{"application.properties": "app.db-host=relaxed\nspring.datasource.url=jdbc:mysql://${app.db-host}/db\n"},
			env:   []string{"APP_DBHOST=fromenv"}, check: host("fromenv")},
		{rule: "hikari pool settings bind from environment variables, both forms",
			files: map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://h/db\n"},
			env:   []string{"SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE=7", "SPRING_DATASOURCE_HIKARI_MINIMUMIDLE=3"},
			check: func(t *testing.T, ds *DataSource) {
				if ds.Pool.MaxOpenConns != 7 || ds.Pool.ConnMaxIdleTime != 10*time.Minute {
					t.Fatalf("pool %+v", ds.Pool)
				}
			}},
		{rule: "spring.config.import of a file ranks above the importing file",
			files: map[string]string{"application.properties": "spring.config.import=extra/db.yml\nspring.datasource.url=jdbc:mysql://plain/db\n", "extra/db.yml": "spring.datasource.url: jdbc:mysql://imported/db\n"},
			check: host("imported")},
		{rule: "configtree: imports read one property per file, skipping ..data (Kubernetes volumes)",
			files: map[string]string{"application.properties": "spring.config.import=optional:configtree:secrets/\nspring.datasource.url=jdbc:mysql://h/db\nspring.datasource.password=${db.password}\n", "secrets/db/password": "fromtree\n", "secrets/..data/db/password": "hidden"},
			check: func(t *testing.T, ds *DataSource) { want(t, ds.Config.Password, "fromtree") }},
		{rule: "YAML 1.1 reads an unquoted 0-prefixed number as octal, as SnakeYAML does",
			files: map[string]string{"application.yml": "spring.datasource:\n  url: jdbc:mysql://h/db\n  password: 012345\n"},
			check: func(t *testing.T, ds *DataSource) {
				want(t, ds.Config.Password, "5349")
			}},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			files := tt.files
			if files == nil {
				files = map[string]string{"README": ""}
			}
			ds, err := loadIn(t, writeTree(t, files), tt.env, tt.profiles)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, ds)
		})
	}
}

func host(h string) func(t *testing.T, ds *DataSource) {
	return func(t *testing.T, ds *DataSource) {
		t.Helper()
		if got := ds.Config.Hosts[0].Host; got != h {
			t.Fatalf("host %q (from %s), want %q", got, ds.Origins["url"], h)
		}
	}
}

func want(t *testing.T, got, w string) {
	t.Helper()
	if got != w {
		t.Fatalf("got %q, want %q", got, w)
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

func TestLoadErrors(t *testing.T) {
	const secret = "Sup3rS3cret!"
	tests := []struct {
		name  string
		files map[string]string
		env   []string
		is    error
		words []string
	}{
		{"no URL", map[string]string{"application.properties": "spring.datasource.username=u\n"}, nil, ErrNoURL, []string{"spring.datasource.url"}},
		{"unresolved placeholder in the password", map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://h/db\nspring.datasource.password=${DB_PASSWORD}\n"}, nil, ErrUnresolvedPlaceholder, []string{"DB_PASSWORD", "spring.datasource.password", "application.properties:2"}},
		{"unresolved placeholder in the URL", map[string]string{"application.yml": "spring.datasource.url: jdbc:mysql://${DB_HOST}/db\n"}, nil, ErrUnresolvedPlaceholder, []string{"DB_HOST"}},
		{"circular placeholders", map[string]string{"application.properties": "a=${b}\nb=${a}\nspring.datasource.url=jdbc:mysql://${a}/db\n"}, nil, ErrCircularPlaceholder, []string{"circular"}},
		{"Jasypt value", map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://h/db\nspring.datasource.password=ENC(" + secret + ")\n"}, nil, ErrUnsupported, []string{"Jasypt"}},
		{"random.*", map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://h/db\nspring.datasource.password=${random.uuid}\n"}, nil, ErrUnsupported, []string{"random"}},
		{"remote import", map[string]string{"application.yml": "spring.config.import: configserver:http://config:8888\nspring.datasource.url: jdbc:mysql://h/db\n"}, nil, ErrRemoteConfig, []string{"configserver:"}},
		{"vault import", map[string]string{"application.yml": "spring.config.import: vault://secret/app\nspring.datasource.url: jdbc:mysql://h/db\n"}, nil, ErrRemoteConfig, []string{"vault"}},
		{"duplicate YAML key", map[string]string{"application.yml": "spring:\n  datasource:\n    password: " + secret + "\n    password: x\n"}, nil, ErrSyntax, []string{"duplicate", "application.yml:4"}},
		{"bad YAML", map[string]string{"application.yml": "spring: [\n  password: \"" + secret + "\n"}, nil, ErrSyntax, []string{"application.yml"}},
		{"bad SPRING_APPLICATION_JSON", nil, []string{`SPRING_APPLICATION_JSON={"spring.datasource.password":"` + secret + `"`}, ErrSyntax, []string{"SPRING_APPLICATION_JSON"}},
		{"pool size below 1", map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://h/db\nspring.datasource.hikari.maximum-pool-size=0\n"}, nil, ErrInvalidValue, []string{"maximum-pool-size", "less than 1"}},
		{"connection timeout below 250 ms", map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://h/db\nspring.datasource.hikari.connection-timeout=100\n"}, nil, ErrInvalidValue, []string{"250ms"}},
		{"pool size not a number", map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://h/db\nspring.datasource.hikari.maximum-pool-size=ten\n"}, nil, ErrInvalidValue, []string{"ten"}},
		{"bad isolation", map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://h/db\nspring.datasource.hikari.transaction-isolation=READ_SOMETIMES\n"}, nil, ErrInvalidValue, []string{"TRANSACTION_READ_COMMITTED"}},
		{"unknown Connector/J property from a file", map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://h/db\nspring.datasource.password=" + secret + "\nspring.datasource.hikari.data-source-properties.sslmode=REQUIRED\n"}, nil, jdbcmysql.ErrUnknownProperty, []string{"sslMode"}},
		{"JNDI", map[string]string{"application.properties": "spring.datasource.jndi-name=java:comp/env/jdbc/db\n"}, nil, ErrUnsupported, []string{"JNDI"}},
		{"profile file setting active profiles", map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://h/db\n", "application-default.properties": "spring.profiles.active=x\n"}, nil, ErrInvalidValue, []string{"profile-specific"}},
		{"malformed profile expression", map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://h/db\n#---\nspring.config.activate.on-profile=a & b | c\n"}, nil, ErrInvalidValue, []string{"malformed"}},
		{"XML properties", map[string]string{"application.xml": "<properties/>"}, nil, ErrUnsupported, []string{"XML"}},
		{"missing import", map[string]string{"application.properties": "spring.config.import=nothere.yml\nspring.datasource.url=jdbc:mysql://h/db\n"}, nil, ErrNotFound, []string{"nothere.yml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := tt.files
			if files == nil {
				files = map[string]string{"README": ""}
			}
			env := append([]string{"UNRELATED=" + secret}, tt.env...)
			_, err := loadIn(t, writeTree(t, files), env, nil)
			if !errors.Is(err, tt.is) {
				t.Fatalf("err = %v, want %v", err, tt.is)
			}
			msg := err.Error()
			for _, w := range tt.words {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not mention %q", msg, w)
				}
			}
			if strings.Contains(msg, secret) {
				t.Errorf("error %q shows the secret", msg)
			}
		})
	}
}

func TestLoadPoolDefaultsAndCoercions(t *testing.T) {
	tests := []struct {
		rule  string
		props string
		open  int
		life  time.Duration
		idle  time.Duration
		ct    time.Duration
	}{
		{"unset: Hikari's 10 / 30 min (less 2.5 %) / no idle timeout / 30 s", "", 10, 30*time.Minute - 45*time.Second, 0, 30 * time.Second},
		{"max-lifetime below 30 s becomes 30 min (validateNumerics)", "max-lifetime=10000", 10, 30*time.Minute - 45*time.Second, 0, 30 * time.Second},
		{"max-lifetime 0 is unlimited", "max-lifetime=0", 10, 0, 0, 30 * time.Second},
		{"idle-timeout applies only below maximum-pool-size", "maximum-pool-size=20\nminimum-idle=5\nidle-timeout=60000", 20, 30*time.Minute - 45*time.Second, time.Minute, 30 * time.Second},
		{"idle-timeout ignored for a fixed pool", "maximum-pool-size=20\nidle-timeout=60000", 20, 30*time.Minute - 45*time.Second, 0, 30 * time.Second},
		{"idle-timeout below 10 s becomes 10 min", "minimum-idle=2\nidle-timeout=5000", 10, 30*time.Minute - 45*time.Second, 10 * time.Minute, 30 * time.Second},
		{"idle-timeout near max-lifetime is disabled", "minimum-idle=2\nidle-timeout=1800000", 10, 30*time.Minute - 45*time.Second, 0, 30 * time.Second},
		{"minimum-idle above the maximum becomes the maximum", "maximum-pool-size=4\nminimum-idle=9\nidle-timeout=60000", 4, 30*time.Minute - 45*time.Second, 0, 30 * time.Second},
		{"connection-timeout 0 means no deadline", "connection-timeout=0", 10, 30*time.Minute - 45*time.Second, 0, 0},
		{"hex and spaces as Spring's NumberUtils", "maximum-pool-size= 0x10 ", 16, 30*time.Minute - 45*time.Second, 0, 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("spring.datasource.url=jdbc:mysql://h/db\n")
			for _, line := range strings.Split(tt.props, "\n") {
				if line != "" {
					b.WriteString("spring.datasource.hikari." + line + "\n")
				}
			}
			ds, err := loadIn(t, writeTree(t, map[string]string{"application.properties": b.String()}), nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			p := ds.Pool
			if p.MaxOpenConns != tt.open || p.MaxIdleConns != tt.open || p.ConnMaxLifetime != tt.life || p.ConnMaxIdleTime != tt.idle || p.ConnectionTimeout != tt.ct {
				t.Fatalf("pool open %d idle %d life %v idle-time %v timeout %v; want %d %d %v %v %v",
					p.MaxOpenConns, p.MaxIdleConns, p.ConnMaxLifetime, p.ConnMaxIdleTime, p.ConnectionTimeout, tt.open, tt.open, tt.life, tt.idle, tt.ct)
			}
			if len(p.Settings) < 5 {
				t.Fatalf("settings %+v", p.Settings)
			}
		})
	}
}

func TestLoadSessionAndIgnored(t *testing.T) {
	dir := writeTree(t, map[string]string{"application.yml": `
spring:
  datasource:
    url: jdbc:mysql://h/db
    name: shop-pool
    hikari:
      connection-init-sql: "SET SESSION time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES'"
      transaction-isolation: TRANSACTION_READ_COMMITTED
      read-only: true
      auto-commit: false
      keepalive-time: 60000
      leak-detection-threshold: 5000
      pool-name: shop
      not-a-setting: 1
      catalog: other
`})
	ds, err := loadIn(t, dir, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	sv := ds.Config.SessionVariables
	if len(sv) != 2 || sv[0] != (jdbcmysql.SessionVariable{Name: "time_zone", Value: "'+00:00'"}) || sv[1].Name != "sql_mode" {
		t.Fatalf("session variables %+v", sv)
	}
	st := strings.Join(ds.Pool.InitStatements, ";")
	if !containsAll(st, "READ ONLY", "ISOLATION LEVEL READ COMMITTED") {
		t.Fatalf("init statements %q", st)
	}
	if ds.Config.Database != "other" {
		t.Fatalf("database %q, want catalog other", ds.Config.Database)
	}
	var keys []string
	for _, ig := range ds.Ignored {
		keys = append(keys, ig.Key)
		if ig.Reason == "" || ig.Origin == "" {
			t.Errorf("ignored %+v lacks a reason or origin", ig)
		}
	}
	for _, k := range []string{"auto-commit", "keepalive-time", "leak-detection-threshold", "pool-name", "not-a-setting", "spring.datasource.name"} {
		if !strings.Contains(strings.Join(keys, " "), k) {
			t.Errorf("ignored %q lacks %s", keys, k)
		}
	}
	if !strings.Contains(strings.Join(ds.Warnings, "\n"), "auto-commit") {
		t.Errorf("warnings %q lack auto-commit", ds.Warnings)
	}
}

func TestLoadMigrations(t *testing.T) {
	dir := writeTree(t, map[string]string{"application.properties": "spring.datasource.url=jdbc:mysql://h/db\nspring.datasource.username=app\nspring.datasource.password=apppw\nspring.flyway.user=owner\nspring.flyway.password=ownerpw\nspring.liquibase.url=jdbc:mysql://lq/db\n"})
	ds, err := loadIn(t, dir, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, lq := ds.Migrations.Flyway, ds.Migrations.Liquibase
	if f == nil || f.URL != "jdbc:mysql://h/db" || f.User != "owner" || f.Password != "ownerpw" {
		t.Fatalf("flyway %v", f)
	}
	if lq == nil || lq.URL != "jdbc:mysql://lq/db" || lq.User != "app" || lq.Password != "apppw" {
		t.Fatalf("liquibase %v", lq)
	}
	if strings.Contains(f.String(), "ownerpw") {
		t.Fatalf("String shows the password: %s", f)
	}
	c, err := f.Config()
	if err != nil || c.User != "owner" {
		t.Fatalf("flyway config %v %v", c, err)
	}
}
