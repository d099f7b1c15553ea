// This file binds the merged environment to a DataSource the way Spring
// Boot, HikariCP and Connector/J combine it: the URL, credentials and
// data-source-properties with their precedence, Hikari's pool settings,
// Flyway's and Liquibase's own connections, and what has no Go equivalent.

package spring

import (
	"database/sql"
	"errors"
	"sort"
	"strings"

	"github.com/jdbcmysql/jdbcmysql"
)

// DataSource is what a Spring Boot service's configuration says about its
// database connection.
type DataSource struct {
	// Config is the merged Connector/J configuration: the URL with
	// data-source-properties, user and password on top, as HikariCP hands
	// them to the driver.
	Config *jdbcmysql.Config
	// Pool is the HikariCP pool mapped onto database/sql.
	Pool Pool
	// Migrations holds Flyway's and Liquibase's own connections, when set.
	Migrations Migrations
	// Profiles are the active profiles, in precedence order (last wins).
	Profiles []string
	// Files lists the configuration files read, lowest precedence first.
	Files []string
	// Origins says where the URL ("url"), "user", "password" and each
	// data-source property ("data-source-properties.NAME") came from.
	Origins map[string]string
	// Ignored lists settings with no Go equivalent, with the reason.
	Ignored []Ignored
	// Warnings are things that behave as in Java but may surprise: lower-cased
	// environment map keys, YAML 1.1 scalars, auto-commit=false, remote imports.
	Warnings []string
}

// Ignored is a setting jdbcmysql does not act on.
type Ignored struct {
	Key    string // the Spring property, e.g. spring.datasource.hikari.keepalive-time
	Value  string // empty for secrets
	Origin string
	Reason string
}

// Migrations are the connections migration tools open on their own.
type Migrations struct {
	// Flyway is set when spring.flyway.url or spring.flyway.user is: Flyway
	// then opens its own connection with spring.flyway.url/user/password,
	// each falling back to spring.datasource.url/username/password. Nil
	// means Flyway uses the DataSource itself.
	Flyway *Migration
	// Liquibase is the same for spring.liquibase.url/user/password.
	Liquibase *Migration
}

// Migration is a migration tool's own connection.
type Migration struct {
	URL, User, Password string
	Origins             map[string]string // "url", "user", "password" -> origin
}

// Config parses the migration URL with its user and password as JDBC
// properties (no URL encoding needed).
func (m *Migration) Config(opts ...jdbcmysql.Option) (*jdbcmysql.Config, error) {
	props := map[string]string{}
	if m.User != "" {
		props["user"] = m.User
	}
	if m.Password != "" {
		props["password"] = m.Password
	}
	return jdbcmysql.ParseURL(m.URL, append([]jdbcmysql.Option{jdbcmysql.WithProperties(props)}, opts...)...)
}

// String describes the migration connection without its password.
func (m Migration) String() string {
	pw := ""
	if m.Password != "" {
		pw = " password ***"
	}
	return m.URL + " user " + m.User + pw
}

// GoString is String, so %#v shows no password either.
func (m Migration) GoString() string { return m.String() }

// Load reads a Spring Boot service's configuration as Spring Boot would
// (files, profiles, environment variables, system properties,
// SPRING_APPLICATION_JSON, placeholders) and returns its datasource. It
// refuses remote configuration imports (ErrRemoteConfig), Jasypt ENC(...)
// values and random.* (ErrUnsupported), unresolved placeholders in what it
// uses (ErrUnresolvedPlaceholder), values Spring Boot or HikariCP would
// refuse (ErrInvalidValue) and, through jdbcmysql, bad connection
// properties; no error shows a password.
func Load(opts Options) (*DataSource, error) {
	l, err := newLoader(opts)
	if err != nil {
		return nil, err
	}
	if err := l.load(); err != nil {
		return nil, err
	}
	return l.bind()
}

// OpenDB opens a *sql.DB on the DataSource: its Config's connector, the
// pool limits, and the pool's InitStatements on each new connection. opts
// go to jdbcmysql (WithFS, WithLogger, ...). It does not connect; call
// db.PingContext to fail early, as Hikari's initialization-fail-timeout does.
func (d *DataSource) OpenDB(opts ...jdbcmysql.Option) (*sql.DB, error) {
	c, err := d.Config.Connector(opts...)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(withInitStatements(c, d.Pool.InitStatements))
	d.Pool.Apply(db)
	return db, nil
}

// lookupIn returns the look-up placeholders use: relaxed for canonical
// names, raw (Spring Framework's sources) otherwise; random.* is refused.
func (l *loader) lookupIn(env *environment) func(string) (string, bool, error) {
	return func(name string) (string, bool, error) {
		if isCanonicalName(name) {
			if v, ok := env.get(name); ok {
				return v.text, true, nil
			}
		}
		for _, s := range env.sources {
			if e, ok := s.raw(name); ok {
				return e.value, true, nil
			}
		}
		if strings.HasPrefix(name, "random.") {
			return "", false, &Error{Msg: "${" + name + "}: random.* values differ on every start and are not supported; set the value explicitly", Err: ErrUnsupported}
		}
		return "", false, nil
	}
}

// withOrigin fills in the key and origin of a placeholder error.
func withOrigin(err error, key, origin string) error {
	var e *Error
	if errors.As(err, &e) && e.Key == "" && e.Origin == "" {
		cp := *e
		cp.Key, cp.Origin = key, origin
		return &cp
	}
	return err
}

// binder resolves values of the final environment.
type binder struct {
	l   *loader
	env *environment
}

// get returns the resolved value of a canonical key. Unresolved
// placeholders and Jasypt values are errors: the value is used.
func (b *binder) get(key string) (value, bool, error) {
	v, ok := b.env.get(key)
	if !ok {
		return v, false, nil
	}
	t, err := b.resolve(v)
	v.text = t
	return v, true, err
}

func (b *binder) resolve(v value) (string, error) {
	r := newPlaceholderResolver(b.l.lookupIn(b.env))
	t, err := r.resolve(v.text)
	if err != nil {
		return "", withOrigin(err, v.key, v.origin)
	}
	if len(r.unresolved) > 0 {
		return "", &Error{Key: v.key, Origin: v.origin, Msg: "placeholder ${" + r.unresolved[0] + "} has no value (Spring Boot would pass it on as literal text)", Err: ErrUnresolvedPlaceholder}
	}
	if s := strings.TrimSpace(t); strings.HasPrefix(s, "ENC(") && strings.HasSuffix(s, ")") {
		return "", &Error{Key: v.key, Origin: v.origin, Msg: "a Jasypt-encrypted value ENC(...) cannot be decrypted here; decrypt it outside and pass it in, e.g. as an environment variable", Err: ErrUnsupported}
	}
	return t, nil
}

// hikariKeys are HikariConfig's bean properties in Spring's kebab case,
// with what jdbcmysql does with each: "" means handled elsewhere.
var hikariKeys = map[string]string{
	"jdbc-url": "", "username": "", "password": "", "data-source-properties": "",
	"maximum-pool-size": "", "minimum-idle": "", "max-lifetime": "", "idle-timeout": "",
	"connection-timeout": "", "validation-timeout": "", "connection-init-sql": "",
	"transaction-isolation": "", "read-only": "", "auto-commit": "", "catalog": "",
	"driver-class-name":               "go-sql-driver is the driver; no driver class is loaded",
	"data-source-class-name":          "",
	"keepalive-time":                  "database/sql sends no keepalive to idle connections; go-sql-driver checks a connection before reuse",
	"leak-detection-threshold":        "database/sql does not track leaked connections; watch db.Stats().InUse",
	"pool-name":                       "a metrics and log label; database/sql pools have no name",
	"register-mbeans":                 "JMX has no Go counterpart",
	"allow-pool-suspension":           "database/sql pools cannot be suspended",
	"isolate-internal-queries":        "database/sql runs no internal queries",
	"initialization-fail-timeout":     "database/sql connects lazily; call db.PingContext at start-up to fail early",
	"connection-test-query":           "go-sql-driver checks a connection's socket before reuse (CheckConnLiveness)",
	"schema":                          "MySQL has no schema distinct from the database (Connector/J's setSchema is a no-op by default)",
	"metric-registry":                 "metrics registries are Java objects",
	"metrics-tracker-factory":         "metrics trackers are Java objects",
	"health-check-registry":           "health check registries are Java objects",
	"health-check-properties":         "health check registries are Java objects",
	"exception-override-class-name":   "names a Java class",
	"exception-override":              "a Java object",
	"scheduled-executor":              "a Java object",
	"thread-factory":                  "a Java object",
	"credentials-provider-class-name": "names a Java class; pass credentials as username/password",
	"data-source-j-n-d-i":             "JNDI has no Go counterpart",
	"login-timeout":                   "use the connectTimeout connection property",
}

// bind assembles the DataSource from the final environment.
func (l *loader) bind() (*DataSource, error) {
	env := l.environmentOf(true)
	b := &binder{l: l, env: env}
	ds := &DataSource{Profiles: l.profiles, Files: l.files, Origins: map[string]string{}}
	ds.Ignored = append(ds.Ignored, l.ignored...)
	ds.Warnings = append(ds.Warnings, l.warnings...)

	if err := b.checkRemote(ds); err != nil {
		return nil, err
	}
	hk, err := b.hikariSettings(ds)
	if err != nil {
		return nil, err
	}
	if err := b.otherPools(ds, hk); err != nil {
		return nil, err
	}
	url, err := b.url(hk)
	if err != nil {
		return nil, err
	}
	ds.Origins["url"] = url.origin
	props, err := b.dataSourceProperties(ds)
	if err != nil {
		return nil, err
	}
	if err := b.credentials(ds, props, hk); err != nil {
		return nil, err
	}
	assigns, err := ds.applyPool(hk)
	if err != nil {
		return nil, err
	}
	if err := ds.configure(url, props, assigns, hk); err != nil {
		return nil, err
	}
	if err := b.migrations(ds); err != nil {
		return nil, err
	}
	sort.SliceStable(ds.Ignored, func(i, j int) bool { return ds.Ignored[i].Key < ds.Ignored[j].Key })
	return ds, nil
}

// checkRemote refuses a JNDI datasource and warns about Spring Cloud
// configuration, whose values only the Java runtime reads.
func (b *binder) checkRemote(ds *DataSource) error {
	if v, ok := b.env.get("spring.datasource.jndi-name"); ok && strings.TrimSpace(v.text) != "" {
		return &Error{Key: "spring.datasource.jndi-name", Origin: v.origin, Msg: "a JNDI datasource has no Go counterpart; configure spring.datasource.url instead", Err: ErrUnsupported}
	}
	for _, prefix := range []string{"spring.cloud.config", "spring.cloud.vault"} {
		for _, s := range b.env.sources {
			if subs := s.under(prefix); len(subs) > 0 {
				ds.Warnings = append(ds.Warnings, s.origin(subs[0].entry)+": "+prefix+".* is set; remote configuration is not read, so values it supplies in Java are missing here")
				break
			}
		}
	}
	return nil
}

// hikariSettings classifies every spring.datasource.hikari key present:
// the settings jdbcmysql maps are returned resolved, the others go to
// ds.Ignored with the reason.
func (b *binder) hikariSettings(ds *DataSource) (hikariSettings, error) {
	hk := hikariSettings{}
	seen := map[string]bool{}
	for _, s := range b.env.sources {
		for _, se := range s.under("spring.datasource.hikari") {
			key, first := hikariKeyOf(se.rest)
			if seen[first] {
				continue
			}
			seen[first] = true
			switch {
			case key == "":
				ds.Ignored = append(ds.Ignored, Ignored{Key: se.name, Value: secretless(se.name, se.value), Origin: se.src.origin(se.entry),
					Reason: "not a HikariCP setting; Spring Boot ignores unknown keys"})
			case key == "data-source-properties" || key == "health-check-properties":
				if why := hikariKeys[key]; why != "" {
					ds.Ignored = append(ds.Ignored, Ignored{Key: "spring.datasource.hikari." + key, Origin: se.src.origin(se.entry), Reason: why})
				}
			default:
				v, ok, err := b.get("spring.datasource.hikari." + key)
				if err != nil {
					return nil, err
				}
				if !ok {
					continue
				}
				if why := hikariKeys[key]; why != "" {
					ds.Ignored = append(ds.Ignored, Ignored{Key: "spring.datasource.hikari." + key, Value: secretless(key, v.text), Origin: v.origin, Reason: why})
					continue
				}
				hk[key] = v
			}
		}
	}
	return hk, nil
}

// otherPools reports what selects or configures a pool other than HikariCP,
// and the datasource's labels, and refuses dataSourceClassName.
func (b *binder) otherPools(ds *DataSource, hk hikariSettings) error {
	for _, pool := range []string{"tomcat", "dbcp2", "oracleucp"} {
		for _, s := range b.env.sources {
			if subs := s.under("spring.datasource." + pool); len(subs) > 0 {
				ds.Ignored = append(ds.Ignored, Ignored{Key: "spring.datasource." + pool + ".*", Origin: s.origin(subs[0].entry),
					Reason: "settings of another connection pool; only HikariCP's are mapped"})
				break
			}
		}
	}
	if v, ok, err := b.get("spring.datasource.type"); err != nil {
		return err
	} else if ok && strings.TrimSpace(v.text) != "" && strings.TrimSpace(v.text) != "com.zaxxer.hikari.HikariDataSource" {
		ds.Warnings = append(ds.Warnings, v.origin+": spring.datasource.type="+v.text+" selects another pool; only HikariCP's settings and defaults are mapped")
	}
	for _, k := range []string{"spring.datasource.name", "spring.datasource.driver-class-name"} {
		if v, ok := b.env.get(k); ok {
			why := "a pool name is a label; database/sql pools have no name"
			if strings.HasSuffix(k, "driver-class-name") {
				why = hikariKeys["driver-class-name"]
			}
			ds.Ignored = append(ds.Ignored, Ignored{Key: k, Value: v.text, Origin: v.origin, Reason: why})
		}
	}
	if v, ok := hk["data-source-class-name"]; ok && strings.TrimSpace(v.text) != "" {
		return &Error{Key: "spring.datasource.hikari.data-source-class-name", Origin: v.origin,
			Msg: "dataSourceClassName configurations (DataSource bean properties) are not supported; use jdbc-url", Err: ErrUnsupported}
	}
	return nil
}

// url is the JDBC URL: hikari.jdbc-url over spring.datasource.url.
func (b *binder) url(hk hikariSettings) (value, error) {
	url, ok := hk["jdbc-url"]
	if !ok {
		var err error
		if url, ok, err = b.get("spring.datasource.url"); err != nil {
			return url, err
		}
	}
	if !ok || strings.TrimSpace(url.text) == "" {
		return url, &Error{Key: "spring.datasource.url", Msg: "neither spring.datasource.url nor spring.datasource.hikari.jdbc-url is set (files read: " + strings.Join(nonEmpty(b.l.files), ", ") + ")", Err: ErrNoURL}
	}
	return url, nil
}

// credentials adds user and password to props with their precedence:
// data-source-properties > hikari.* > spring.datasource.*.
func (b *binder) credentials(ds *DataSource, props map[string]string, hk hikariSettings) error {
	for _, c := range []struct{ prop, hikari, spring string }{
		{"user", "username", "spring.datasource.username"},
		{"password", "password", "spring.datasource.password"},
	} {
		if hasFold(props, c.prop) {
			continue
		}
		v, ok := hk[c.hikari]
		if !ok {
			var err error
			if v, ok, err = b.get(c.spring); err != nil {
				return err
			}
		}
		if ok {
			props[c.prop] = v.text
			ds.Origins[c.prop] = v.origin
		}
	}
	return nil
}

// applyPool maps the Hikari settings onto ds.Pool and returns the session
// variables connection-init-sql sets.
func (ds *DataSource) applyPool(hk hikariSettings) ([]sessionAssignment, error) {
	pool, assigns, ignored, err := buildPool(hk)
	if err != nil {
		return nil, err
	}
	ds.Pool = pool
	ds.Ignored = append(ds.Ignored, ignored...)
	for _, ig := range ignored {
		if strings.HasSuffix(ig.Key, "auto-commit") {
			ds.Warnings = append(ds.Warnings, ig.Origin+": auto-commit=false has no database/sql equivalent; statements outside db.BeginTx commit at once")
		}
	}
	return assigns, nil
}

// configure parses the URL merged with props into ds.Config, then adds the
// session variables and hikari.catalog.
func (ds *DataSource) configure(url value, props map[string]string, assigns []sessionAssignment, hk hikariSettings) error {
	cfg, err := jdbcmysql.ParseURL(url.text, jdbcmysql.WithProperties(props))
	if err != nil {
		return &Error{Key: url.key, Origin: url.origin, Msg: err.Error() + " (URL merged with data-source-properties, user and password)", Err: err}
	}
	for _, a := range assigns {
		cfg.SessionVariables = append(cfg.SessionVariables, jdbcmysql.SessionVariable{Name: a.name, Value: a.value})
	}
	if v, ok := hk["catalog"]; ok && strings.TrimSpace(v.text) != "" {
		cfg.Database = v.text
		ds.Origins["catalog"] = v.origin
	}
	ds.Config = cfg
	if url.note != "" {
		ds.Warnings = append(ds.Warnings, url.origin+": "+url.key+": "+url.note)
	}
	return nil
}

func nonEmpty(files []string) []string {
	if len(files) == 0 {
		return []string{"none"}
	}
	return files
}

// hikariKeyOf names the Hikari setting the elements after
// "spring.datasource.hikari" start with; environment variables in the
// legacy form split one setting over several elements (MAXIMUM_POOL_SIZE).
// It also returns the uniform form that identifies the setting.
func hikariKeyOf(rest []element) (key, u string) {
	joined := ""
	for _, e := range rest {
		if e.indexed {
			break
		}
		joined += uniformText(e)
		for k := range hikariKeys {
			if uniformText(element{text: k}) == joined {
				return k, joined
			}
		}
	}
	return "", uniformText(rest[0])
}

func secretless(key, v string) string {
	if isSecretKey(key) {
		return ""
	}
	return v
}

func hasFold(m map[string]string, k string) bool {
	for name := range m {
		if strings.EqualFold(name, k) {
			return true
		}
	}
	return false
}

const dspPrefix = "spring.datasource.hikari.data-source-properties"

// dataSourceProperties builds the map Spring's MapBinder gives Hikari:
// keys in their original form (bracketed text verbatim, environment
// variables lower-cased), each valued by the highest source naming it
// with relaxed rules. Lower-cased keys Connector/J does not know are left
// out, as Java ignores them, and reported.
func (b *binder) dataSourceProperties(ds *DataSource) (map[string]string, error) {
	props := map[string]string{}
	seen := map[string]bool{}
	for _, s := range b.env.sources {
		for _, se := range s.under(dspPrefix) {
			parts := make([]string, len(se.rest))
			for i, e := range se.rest {
				parts[i] = originalText(e)
			}
			key := strings.Join(parts, ".")
			if key == "" || seen[key] {
				continue
			}
			seen[key] = true
			restU := uniform(se.rest)
			v, err := b.highestUnder(restU)
			if err != nil {
				return nil, err
			}
			if s.kind == kindEnv && !strings.Contains(se.name, ".") {
				if why := unknownToConnectorJ(key, v.text); why != "" {
					ds.Ignored = append(ds.Ignored, Ignored{Key: dspPrefix + "." + key, Value: secretless(key, v.text), Origin: se.src.origin(se.entry),
						Reason: "environment variables bind map keys in lower case and Connector/J ignores names it does not know, so the Java service ignores it too (" + why + "); set it in a file, in SPRING_APPLICATION_JSON, or as a dotted variable " + dspPrefix + ".NAME"})
					ds.Warnings = append(ds.Warnings, se.src.origin(se.entry)+": data-source property '"+key+"' is ignored, as in Java: "+why)
					continue
				}
			}
			if v.note != "" {
				ds.Warnings = append(ds.Warnings, v.origin+": "+dspPrefix+"."+key+": "+v.note)
			}
			props[key] = v.text
			ds.Origins["data-source-properties."+key] = v.origin
		}
	}
	return props, nil
}

// highestUnder finds the highest-precedence value of dspPrefix + rest
// (compared in uniform form) and resolves it.
func (b *binder) highestUnder(restU string) (value, error) {
	for _, s := range b.env.sources {
		for _, se := range s.under(dspPrefix) {
			if uniform(se.rest) == restU {
				v := value{key: dspPrefix + "." + restU, text: se.value, origin: s.origin(se.entry), src: s, note: se.note}
				t, err := b.resolve(v)
				v.text = t
				return v, err
			}
		}
	}
	return value{}, nil
}

// unknownToConnectorJ returns jdbcmysql's "unknown property" message for
// name (with its did-you-mean hint), or "" when Connector/J knows it.
func unknownToConnectorJ(name, v string) string {
	_, err := jdbcmysql.ParseURL("jdbc:mysql://localhost/", jdbcmysql.WithProperties(map[string]string{name: v}))
	if !errors.Is(err, jdbcmysql.ErrUnknownProperty) {
		return ""
	}
	msg := strings.TrimPrefix(err.Error(), "jdbcmysql: ")
	if i := strings.Index(msg, "; AllowUnknownProperties"); i >= 0 {
		msg = msg[:i]
	}
	return msg
}

// migrations fills Flyway's and Liquibase's own connections.
func (b *binder) migrations(ds *DataSource) error {
	for _, tool := range []string{"flyway", "liquibase"} {
		url, hasURL, err := b.get("spring." + tool + ".url")
		if err != nil {
			return err
		}
		user, hasUser, err := b.get("spring." + tool + ".user")
		if err != nil {
			return err
		}
		if !hasURL && !hasUser {
			continue
		}
		m := &Migration{Origins: map[string]string{}}
		pick := func(own value, hasOwn bool, fallback, field string) (string, error) {
			if hasOwn {
				m.Origins[field] = own.origin
				return own.text, nil
			}
			v, ok, err := b.get(fallback)
			if ok {
				m.Origins[field] = v.origin
			}
			return v.text, err
		}
		if m.URL, err = pick(url, hasURL, "spring.datasource.url", "url"); err != nil {
			return err
		}
		if m.User, err = pick(user, hasUser, "spring.datasource.username", "user"); err != nil {
			return err
		}
		pw, hasPW, err := b.get("spring." + tool + ".password")
		if err != nil {
			return err
		}
		if m.Password, err = pick(pw, hasPW, "spring.datasource.password", "password"); err != nil {
			return err
		}
		if tool == "flyway" {
			ds.Migrations.Flyway = m
		} else {
			ds.Migrations.Liquibase = m
		}
	}
	return nil
}
