// This file finds and orders the configuration: Spring Boot's locations
// (or the caller's), application.* then application-{profile}.* per
// location group, .properties over .yaml, document activation by profile
// and cloud platform, spring.config.import (files and config trees; remote
// imports refused), all below the environment, system properties and
// SPRING_APPLICATION_JSON.

package spring

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Options says where to look. The zero value reads what a Spring Boot
// service started in the working directory would.
type Options struct {
	// Dirs are the configuration locations, lowest precedence first, like
	// spring.config.location: each entry is a directory, or several joined
	// with ';' that form one location group (a group's profile files all
	// beat its plain files). A last element "*" takes every subdirectory.
	// Each must exist unless prefixed "optional:" (or a "*" one). nil
	// means spring.config.location (and spring.config.additional-location)
	// when the environment sets them, else Spring Boot's
	// "./;./config/;./config/*/". Spring's classpath: locations have no Go
	// equivalent: to read a jar's application.yml, put its source
	// directory (e.g. src/main/resources) first.
	Dirs []string
	// Profiles are the active profiles; nil means spring.profiles.active
	// from the environment or the files (SPRING_PROFILES_ACTIVE).
	Profiles []string
	// Env is the process environment as KEY=VALUE strings; nil means
	// os.Environ(). It also supplies JAVA_TOOL_OPTIONS/JDK_JAVA_OPTIONS.
	Env []string
}

// maxConfigFileSize bounds one configuration file.
const maxConfigFileSize = 8 << 20

// maxImportDepth bounds nested spring.config.import chains.
const maxImportDepth = 10

type configDoc struct {
	src          *source
	onProfile    string
	hasOnProfile bool
	onCloud      string
	profileFile  bool
	active       bool
	expanded     bool
	imported     []*configDoc
	dir          string // directory of the file, for relative imports
	depth        int
}

type location struct {
	path     string
	dir      bool
	optional bool
	ext      string // extension hint for files
}

type locGroup struct {
	locs        []location
	docs        []*configDoc
	profileDocs []*configDoc
}

type loader struct {
	opts     Options
	getenv   func(string) (string, bool)
	base     []*source
	names    []string
	groups   []*locGroup
	profiles []string
	platform string
	files    []string
	seen     map[string]bool
	ignored  []Ignored
	warnings []string
}

func newLoader(opts Options) (*loader, error) {
	environ := opts.Env
	if environ == nil {
		environ = os.Environ()
	}
	envEntries := parseEnviron(environ)
	envMap := make(map[string]string, len(envEntries))
	for _, e := range envEntries {
		envMap[e.name] = e.value
	}
	l := &loader{opts: opts, seen: map[string]bool{}}
	l.getenv = func(k string) (string, bool) { v, ok := envMap[k]; return v, ok }
	envSrc := newSource(kindEnv, "environment", envEntries)
	sysSrc := newSource(kindSystem, "JAVA_TOOL_OPTIONS/JDK_JAVA_OPTIONS", javaSystemProperties(l.getenv))
	var jsonSrc *source
	if e, ok := sysSrc.raw("spring.application.json"); ok {
		entries, err := flattenJSON(e.value, "-Dspring.application.json")
		if err != nil {
			return nil, err
		}
		jsonSrc = newSource(kindJSON, "-Dspring.application.json", entries)
	} else if e, ok := envSrc.raw("SPRING_APPLICATION_JSON"); ok {
		entries, err := flattenJSON(e.value, "SPRING_APPLICATION_JSON")
		if err != nil {
			return nil, err
		}
		jsonSrc = newSource(kindJSON, "SPRING_APPLICATION_JSON", entries)
	}
	if jsonSrc != nil {
		l.base = append(l.base, jsonSrc)
	}
	l.base = append(l.base, sysSrc, envSrc)
	return l, nil
}

func (l *loader) baseEnv() *environment { return &environment{sources: l.base} }

// load reads every location, decides the profiles and activates documents.
func (l *loader) load() error {
	benv := l.baseEnv()
	l.names = []string{"application"}
	if v, ok := benv.get("spring.config.name"); ok && strings.TrimSpace(v.text) != "" {
		l.names = splitList(v.text)
	}
	if err := l.locate(benv); err != nil {
		return err
	}
	setting := ""
	if v, ok := benv.get("spring.main.cloud-platform"); ok {
		setting = v.text
	}
	l.platform = cloudPlatform(setting, l.getenv)
	if err := l.readPlainFiles(); err != nil {
		return err
	}
	phase1 := l.environmentOf(false)
	if setting == "" {
		if v, ok := phase1.get("spring.main.cloud-platform"); ok {
			l.platform = cloudPlatform(v.text, l.getenv)
		}
	}
	l.profiles = l.activeProfiles(phase1)
	return l.readProfileFiles()
}

// readPlainFiles is phase 1: each group's plain files, with the documents
// that have no profile condition active.
func (l *loader) readPlainFiles() error {
	for _, g := range l.groups {
		for _, loc := range g.locs {
			docs, err := l.locationDocs(loc, "")
			if err != nil {
				return err
			}
			g.docs = append(g.docs, docs...)
		}
		for _, d := range g.docs {
			if err := l.activate(d, nil, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// activeProfiles decides the profiles from Options or phase 1's
// environment: spring.profiles.active (else spring.profiles.default, else
// "default"), spring.profiles.include and spring.profiles.group.
func (l *loader) activeProfiles(phase1 *environment) []string {
	var active []string
	if l.opts.Profiles != nil {
		active = append(active, l.opts.Profiles...)
	} else {
		active = listValue(phase1, "spring.profiles.active")
	}
	var included []string
	for _, s := range phase1.sources {
		included = append(included, listValue(&environment{sources: []*source{s}}, "spring.profiles.include")...)
	}
	groups := map[string][]string{}
	for _, s := range phase1.sources {
		for _, se := range s.under("spring.profiles.group") {
			if len(se.rest) == 0 {
				continue
			}
			name := originalText(se.rest[0])
			if _, done := groups[name]; !done {
				groups[name] = listValue(phase1, "spring.profiles.group."+name)
			}
		}
	}
	if len(active) == 0 && len(included) == 0 {
		active = []string{"default"}
		if v := listValue(phase1, "spring.profiles.default"); len(v) > 0 {
			active = v
		}
	}
	return expandProfiles(included, active, groups)
}

// readProfileFiles is phase 2: each group's profile files, then every
// document of the group activated for the profiles.
func (l *loader) readProfileFiles() error {
	for _, g := range l.groups {
		for _, p := range l.profiles {
			for _, loc := range g.locs {
				docs, err := l.locationDocs(loc, p)
				if err != nil {
					return err
				}
				g.profileDocs = append(g.profileDocs, docs...)
			}
		}
		for _, d := range append(append([]*configDoc{}, g.docs...), g.profileDocs...) {
			if err := l.activate(d, l.profiles, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// activate decides whether d (and what it imports) is active. In phase 1
// only documents without profile conditions can be.
func (l *loader) activate(d *configDoc, profiles []string, phase1 bool) error {
	if d.onCloud != "" && normalizeEnum(d.onCloud) != l.platform {
		d.active = false
		return nil
	}
	switch {
	case phase1:
		d.active = !d.hasOnProfile && !d.profileFile
	case d.hasOnProfile:
		ok, err := profileMatch(d.onProfile, profiles)
		if err != nil {
			return &Error{Key: "spring.config.activate.on-profile", Origin: d.src.name, Msg: err.Error(), Err: ErrInvalidValue}
		}
		d.active = ok
	default:
		d.active = true
	}
	if !d.active {
		return nil
	}
	if d.src.profileSpecific {
		for _, k := range []string{"spring.profiles.active", "spring.profiles.include", "spring.profiles.default"} {
			if e, ok := d.src.lookup(k); ok {
				return &Error{Key: k, Origin: d.src.origin(e), Msg: "is invalid in a profile-specific resource (Spring Boot refuses it)", Err: ErrInvalidValue}
			}
		}
	}
	if !d.expanded {
		d.expanded = true
		if err := l.expandImports(d); err != nil {
			return err
		}
	}
	for _, imp := range d.imported {
		if err := l.activate(imp, profiles, phase1); err != nil {
			return err
		}
	}
	return nil
}

// environmentOf is the environment from the active documents, highest
// precedence first, below the base sources.
func (l *loader) environmentOf(_ bool) *environment {
	var low []*source
	var add func(d *configDoc)
	add = func(d *configDoc) {
		if !d.active {
			return
		}
		low = append(low, d.src)
		for _, imp := range d.imported {
			add(imp)
		}
	}
	for _, g := range l.groups {
		for _, d := range g.docs {
			add(d)
		}
		for _, d := range g.profileDocs {
			add(d)
		}
	}
	env := &environment{sources: append([]*source{}, l.base...)}
	for i := len(low) - 1; i >= 0; i-- {
		env.sources = append(env.sources, low[i])
	}
	return env
}

// listValue reads a comma-separated or indexed list property.
func listValue(env *environment, key string) []string {
	if v, ok := env.get(key); ok {
		return splitList(v.text)
	}
	var out []string
	for i := 0; i < 100; i++ {
		v, ok := env.get(fmt.Sprintf("%s[%d]", key, i))
		if !ok {
			break
		}
		out = append(out, splitList(v.text)...)
	}
	return out
}

// locate builds the location groups.
func (l *loader) locate(benv *environment) error {
	var specs []string
	optional := false
	switch {
	case l.opts.Dirs != nil:
		specs = l.opts.Dirs
	default:
		if v, ok := benv.get("spring.config.location"); ok && strings.TrimSpace(v.text) != "" {
			specs = splitList(v.text)
		} else {
			specs = []string{"optional:file:./;optional:file:./config/;optional:file:./config/*/"}
		}
		if v, ok := benv.get("spring.config.additional-location"); ok {
			specs = append(specs, splitList(v.text)...)
		}
		optional = true
	}
	for _, spec := range specs {
		g := &locGroup{}
		for _, part := range strings.Split(spec, ";") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			loc, skip, err := l.parseLocation(part, !optional || l.opts.Dirs != nil)
			if err != nil {
				return err
			}
			if !skip {
				g.locs = append(g.locs, loc...)
			}
		}
		l.groups = append(l.groups, g)
	}
	return nil
}

// parseLocation reads one location; dirsOnly (Options.Dirs) treats every
// entry as a directory.
func (l *loader) parseLocation(spec string, fromOptions bool) ([]location, bool, error) {
	loc := location{}
	s := spec
	if rest, ok := strings.CutPrefix(s, "optional:"); ok {
		loc.optional, s = true, rest
	}
	if rest, ok := strings.CutPrefix(s, "classpath:"); ok || strings.HasPrefix(s, "classpath*:") {
		_ = rest
		if loc.optional {
			l.ignored = append(l.ignored, Ignored{Key: "spring.config.location", Value: spec,
				Reason: "classpath: locations have no Go equivalent; pass the directory in Options.Dirs"})
			return nil, true, nil
		}
		return nil, false, &Error{Key: "spring.config.location", Msg: "classpath: location " + spec + " cannot be read from Go; pass its directory in Options.Dirs", Err: ErrUnsupported}
	}
	s = strings.TrimPrefix(s, "file:")
	if fromOptions && l.opts.Dirs != nil {
		loc.dir = true
	} else {
		loc.dir = strings.HasSuffix(s, "/") || strings.HasSuffix(s, string(filepath.Separator))
	}
	if i := strings.LastIndex(s, "[."); i >= 0 && strings.HasSuffix(s, "]") {
		loc.ext, s = s[i+1:len(s)-1], s[:i]
	}
	clean := filepath.Clean(s)
	if loc.dir && (filepath.Base(clean) == "*") {
		parent := filepath.Dir(clean)
		entries, err := os.ReadDir(parent)
		if err != nil {
			return nil, true, nil
		}
		var out []location
		var names []string
		for _, e := range entries {
			if isDir(filepath.Join(parent, e.Name())) {
				names = append(names, e.Name())
			}
		}
		sort.Strings(names)
		for _, n := range names {
			out = append(out, location{path: filepath.Join(parent, n), dir: true, optional: true})
		}
		return out, false, nil
	}
	loc.path = clean
	if !loc.optional {
		if _, err := os.Stat(loc.path); err != nil {
			return nil, false, &Error{Origin: spec, Msg: "configuration location does not exist", Err: ErrNotFound}
		}
	}
	return []location{loc}, false, nil
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// configExtensions are read lowest precedence first: .properties wins.
var configExtensions = []string{"yaml", "yml", "xml", "properties"}

// locationDocs loads the documents of a location for one profile ("" for
// the plain files).
func (l *loader) locationDocs(loc location, profile string) ([]*configDoc, error) {
	var paths []string
	if loc.dir {
		for _, name := range l.names {
			base := name
			if profile != "" {
				base += "-" + profile
			}
			for _, ext := range configExtensions {
				paths = append(paths, filepath.Join(loc.path, base+"."+ext))
			}
		}
	} else {
		p := loc.path
		if profile != "" {
			ext := filepath.Ext(p)
			p = strings.TrimSuffix(p, ext) + "-" + profile + ext
		}
		paths = []string{p}
	}
	var docs []*configDoc
	for _, p := range paths {
		ds, err := l.readFile(p, loc.ext, profile != "", 0, loc.optional || loc.dir || profile != "")
		if err != nil {
			return nil, err
		}
		docs = append(docs, ds...)
	}
	return docs, nil
}

// readFile reads one configuration file into documents; a missing file is
// nothing when optional.
func (l *loader) readFile(path, extHint string, profileFile bool, depth int, optional bool) ([]*configDoc, error) {
	display := filepath.ToSlash(path)
	if l.seen[display] {
		return nil, nil
	}
	data, err := readBounded(path)
	if errors.Is(err, fs.ErrNotExist) {
		if optional {
			return nil, nil
		}
		return nil, &Error{Origin: display, Msg: "configuration file does not exist", Err: ErrNotFound}
	}
	if err != nil {
		return nil, &Error{Origin: display, Msg: err.Error(), Err: ErrSyntax}
	}
	l.seen[display] = true
	ext := strings.TrimPrefix(extHint, ".")
	if ext == "" {
		ext = strings.TrimPrefix(filepath.Ext(path), ".")
	}
	var raw []*rawDocument
	switch strings.ToLower(ext) {
	case "properties":
		raw, err = parseProperties(data, display)
		if err == nil && !isASCII(data) && isUTF8Multibyte(data) {
			l.warnings = append(l.warnings, display+" holds non-ASCII UTF-8 text; Spring Boot reads .properties files as ISO-8859-1 (as jdbcmysql does), so such characters change; write them as \\uXXXX escapes")
		}
	case "yml", "yaml":
		raw, err = parseYAML(data, display)
	case "xml":
		return nil, &Error{Origin: display, Msg: "XML properties files are not supported; convert it to .properties or .yml", Err: ErrUnsupported}
	default:
		return nil, &Error{Origin: display, Msg: "unknown configuration file type (want .properties, .yml or .yaml, or an [.ext] hint)", Err: ErrUnsupported}
	}
	if err != nil {
		return nil, err
	}
	l.files = append(l.files, display)
	var docs []*configDoc
	for i, rd := range raw {
		name := display
		if len(raw) > 1 {
			name = fmt.Sprintf("%s (document %d)", display, i+1)
		}
		src := newSource(kindFile, name, rd.entries)
		src.file = display
		d := &configDoc{src: src, profileFile: profileFile, dir: filepath.Dir(path), depth: depth}
		if e, ok := src.lookup("spring.config.activate.on-profile"); ok {
			d.onProfile, d.hasOnProfile = e.value, true
		} else if vals := listValue(&environment{sources: []*source{src}}, "spring.config.activate.on-profile"); len(vals) > 0 {
			d.onProfile, d.hasOnProfile = strings.Join(vals, ","), true
		}
		if e, ok := src.lookup("spring.config.activate.on-cloud-platform"); ok {
			d.onCloud = e.value
		}
		if e, ok := src.lookup("spring.profiles"); ok {
			l.warnings = append(l.warnings, src.origin(e)+": spring.profiles is ignored since Spring Boot 2.4 (use spring.config.activate.on-profile); this document applies to every profile, in Java as here")
		}
		src.profileSpecific = profileFile || d.hasOnProfile
		docs = append(docs, d)
	}
	return docs, nil
}

func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, fs.ErrNotExist
	}
	data, err := io.ReadAll(io.LimitReader(f, maxConfigFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxConfigFileSize {
		return nil, fmt.Errorf("larger than %d MiB", maxConfigFileSize>>20)
	}
	return data, nil
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

func isUTF8Multibyte(b []byte) bool {
	return strings.ToValidUTF8(string(b), "\uFFFD") == string(b)
}

// remoteImportSchemes name the spring.config.import sources that only the
// Java runtime (Spring Cloud) can read.
func isRemoteImport(s string) bool {
	scheme, _, ok := strings.Cut(s, ":")
	if !ok || len(scheme) < 2 {
		return false // no scheme, or a Windows drive letter
	}
	for _, c := range scheme {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.') {
			return false
		}
	}
	return true
}

// configImport is one spring.config.import entry of a document.
type configImport struct {
	spec     string // as resolved, for messages
	path     string // spec without "optional:"
	optional bool
	origin   string // where the import is written
}

// expandImports reads d's spring.config.import entries; imported documents
// rank just above d.
func (l *loader) expandImports(d *configDoc) error {
	srcEnv := &environment{sources: []*source{d.src}}
	imports := listValue(srcEnv, "spring.config.import")
	if len(imports) == 0 {
		return nil
	}
	e, _ := d.src.lookup("spring.config.import")
	origin := d.src.name
	if e.line > 0 {
		origin = d.src.origin(e)
	}
	if d.depth >= maxImportDepth {
		return &Error{Key: "spring.config.import", Origin: origin, Msg: "imports nested more than 10 deep", Err: ErrInvalidValue}
	}
	res := newPlaceholderResolver(l.lookupIn(l.baseEnv()))
	for _, raw := range imports {
		spec, err := res.resolve(raw)
		if err != nil {
			return withOrigin(err, "spring.config.import", origin)
		}
		imp := configImport{spec: spec, path: spec, origin: origin}
		if rest, ok := strings.CutPrefix(spec, "optional:"); ok {
			imp.optional, imp.path = true, rest
		}
		switch s := imp.path; {
		case strings.HasPrefix(s, "configtree:"):
			err = l.importConfigTree(d, imp)
		case strings.HasPrefix(s, "classpath:"):
			if !imp.optional {
				return &Error{Key: "spring.config.import", Origin: origin, Msg: spec + ": classpath: imports cannot be read from Go; pass the directory in Options.Dirs", Err: ErrUnsupported}
			}
			l.ignored = append(l.ignored, Ignored{Key: "spring.config.import", Value: spec, Origin: origin, Reason: "classpath: imports have no Go equivalent; pass the directory in Options.Dirs"})
		case strings.HasPrefix(s, "file:") || !isRemoteImport(s):
			err = l.importFiles(d, imp)
		default:
			err = l.importRemote(imp)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// importConfigTree imports a configtree: directory as one document.
func (l *loader) importConfigTree(d *configDoc, imp configImport) error {
	dir := l.relative(d, strings.TrimPrefix(imp.path, "configtree:"))
	src, err := readConfigTree(dir)
	if err != nil {
		if imp.optional && errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return &Error{Key: "spring.config.import", Origin: imp.origin, Msg: "config tree " + imp.spec + ": " + err.Error(), Err: ErrNotFound}
	}
	l.files = append(l.files, filepath.ToSlash(dir)+"/ (config tree)")
	d.imported = append(d.imported, &configDoc{src: src, dir: dir, depth: d.depth + 1, profileFile: d.profileFile})
	return nil
}

// importFiles imports a file, or a directory's application.* files,
// relative to d's directory; an [.ext] suffix gives a file's type.
func (l *loader) importFiles(d *configDoc, imp configImport) error {
	p := strings.TrimPrefix(imp.path, "file:")
	hint := ""
	if i := strings.LastIndex(p, "[."); i >= 0 && strings.HasSuffix(p, "]") {
		hint, p = p[i+1:len(p)-1], p[:i]
	}
	full := l.relative(d, p)
	if !strings.HasSuffix(p, "/") && !isDir(full) {
		docs, err := l.readFile(full, hint, d.profileFile, d.depth+1, imp.optional)
		if err != nil {
			return err
		}
		d.imported = append(d.imported, docs...)
		return nil
	}
	var docs []*configDoc
	for _, name := range l.names {
		for _, ext := range configExtensions {
			ds, err := l.readFile(filepath.Join(full, name+"."+ext), "", d.profileFile, d.depth+1, true)
			if err != nil {
				return err
			}
			docs = append(docs, ds...)
		}
	}
	if len(docs) == 0 && !imp.optional && !isDir(full) {
		return &Error{Key: "spring.config.import", Origin: imp.origin, Msg: imp.spec + ": directory does not exist", Err: ErrNotFound}
	}
	d.imported = append(d.imported, docs...)
	return nil
}

// importRemote refuses a remote configuration source, or reports an
// optional one as not read.
func (l *loader) importRemote(imp configImport) error {
	if !imp.optional {
		return &Error{Key: "spring.config.import", Origin: imp.origin,
			Msg: imp.spec + " is a remote configuration source that only the Java runtime can read; resolve its values into environment variables or files", Err: ErrRemoteConfig}
	}
	l.ignored = append(l.ignored, Ignored{Key: "spring.config.import", Value: imp.spec, Origin: imp.origin,
		Reason: "remote configuration (Spring Cloud Config, Vault, cloud secret stores) is not read; any value it would supply is missing"})
	l.warnings = append(l.warnings, imp.origin+": spring.config.import "+imp.spec+" is remote and not read; values it supplies in Java are missing here")
	return nil
}

func (l *loader) relative(d *configDoc, p string) string {
	p = strings.TrimPrefix(p, "file:")
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(d.dir, p)
}

// readConfigTree reads a directory tree as Spring's ConfigTreePropertySource:
// each regular file is a property named by its path (separators as dots),
// names starting with ".." (Kubernetes' ..data links) are skipped, symbolic
// links are followed, and one trailing newline is dropped.
func readConfigTree(dir string) (*source, error) {
	if !isDir(dir) {
		return nil, fs.ErrNotExist
	}
	var entries []entry
	var walk func(rel string, depth int) error
	walk = func(rel string, depth int) error {
		if depth > 16 || len(entries) > 10000 {
			return fmt.Errorf("config tree too deep or too large")
		}
		items, err := os.ReadDir(filepath.Join(dir, rel))
		if err != nil {
			return err
		}
		for _, it := range items {
			if strings.HasPrefix(it.Name(), "..") {
				continue
			}
			r := filepath.Join(rel, it.Name())
			full := filepath.Join(dir, r)
			if isDir(full) {
				if err := walk(r, depth+1); err != nil {
					return err
				}
				continue
			}
			data, err := readBounded(full)
			if err != nil {
				return err
			}
			v := strings.TrimSuffix(strings.TrimSuffix(string(data), "\n"), "\r")
			entries = append(entries, entry{name: strings.ReplaceAll(filepath.ToSlash(r), "/", "."), value: v})
		}
		return nil
	}
	if err := walk("", 0); err != nil {
		return nil, err
	}
	src := newSource(kindConfigTree, "config tree "+filepath.ToSlash(dir), entries)
	src.file = filepath.ToSlash(dir)
	return src, nil
}
