// This file models Spring's Environment: property sources in precedence
// order (SPRING_APPLICATION_JSON, Java system properties, environment
// variables, then configuration file documents), relaxed look-ups across
// them, and the raw look-ups placeholders make for non-canonical names.

package spring

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/jdbcmysql/jdbcmysql/internal/javaopts"
)

type sourceKind int

const (
	kindFile sourceKind = iota
	kindEnv
	kindSystem
	kindJSON
	kindConfigTree
)

// source is one property source: a file document, the environment, the
// system properties, SPRING_APPLICATION_JSON or a config tree.
type source struct {
	kind    sourceKind
	name    string // e.g. "config/application.yml (document 2)"
	file    string // the file, for file documents
	entries []entry
	elems   [][]element
	uni     []string
	exact   map[string]int
	// profileSpecific: an application-{profile} file or an on-profile document.
	profileSpecific bool
}

func newSource(kind sourceKind, name string, entries []entry) *source {
	s := &source{kind: kind, name: name, entries: entries, exact: make(map[string]int, len(entries))}
	for i, e := range entries {
		var el []element
		if kind == kindEnv {
			el = splitEnvName(e.name)
		} else {
			el = splitName(e.name)
		}
		s.elems = append(s.elems, el)
		s.uni = append(s.uni, uniform(el))
		s.exact[e.name] = i
	}
	return s
}

// origin says where an entry came from, for reports and errors.
func (s *source) origin(e entry) string {
	switch s.kind {
	case kindFile:
		if e.line > 0 {
			return fmt.Sprintf("%s:%d", s.file, e.line)
		}
		return s.file
	case kindEnv:
		return "environment variable " + e.name
	case kindSystem:
		return "system property -D" + e.name + " (" + s.name + ")"
	case kindJSON:
		return s.name + " key " + e.name
	case kindConfigTree:
		return s.name + " file " + e.name
	}
	return s.name
}

// lookup finds a canonical name with relaxed rules: the exact canonical
// spelling first, then the first entry (in source order) with the same
// uniform form; environment variables also in the legacy form that
// writes '-' as '_'.
func (s *source) lookup(name string) (entry, bool) {
	if i, ok := s.exact[name]; ok && s.kind != kindEnv {
		return s.entries[i], true
	}
	u := canonical(name)
	legacy := ""
	if s.kind == kindEnv {
		legacy = legacyEnvForm(name)
	}
	for i, su := range s.uni {
		if su == u || (legacy != "" && su == legacy) {
			return s.entries[i], true
		}
	}
	return entry{}, false
}

// raw finds a name as Spring Framework's own property sources do inside
// placeholders: exactly, and for environment variables also with '.' and
// '-' as '_' and in upper case (SystemEnvironmentPropertySource).
func (s *source) raw(name string) (entry, bool) {
	if i, ok := s.exact[name]; ok {
		return s.entries[i], true
	}
	if s.kind != kindEnv {
		return entry{}, false
	}
	for _, n := range []string{name, strings.ToUpper(name)} {
		for _, cand := range []string{
			strings.ReplaceAll(n, ".", "_"),
			strings.ReplaceAll(n, "-", "_"),
			strings.ReplaceAll(strings.ReplaceAll(n, ".", "_"), "-", "_"),
			n,
		} {
			if i, ok := s.exact[cand]; ok {
				return s.entries[i], true
			}
		}
	}
	return entry{}, false
}

// under lists the entries below a canonical prefix, with the elements that
// follow it.
func (s *source) under(prefix string) []subEntry {
	p := splitName(prefix)
	forms := []string{uniform(p)}
	if s.kind == kindEnv {
		forms = append(forms, legacyEnvForm(prefix))
	}
	var out []subEntry
	for i, el := range s.elems {
		for _, f := range forms {
			if n := prefixLen(el, f); n > 0 && n < len(el) {
				out = append(out, subEntry{entry: s.entries[i], rest: el[n:], src: s})
				break
			}
		}
	}
	return out
}

type subEntry struct {
	entry
	rest []element
	src  *source
}

// prefixLen returns how many elements of el make up the uniform form f, or 0.
func prefixLen(el []element, f string) int {
	for n := 1; n <= len(el); n++ {
		u := uniform(el[:n])
		if u == f {
			return n
		}
		if len(u) >= len(f) {
			return 0
		}
	}
	return 0
}

// environment is the property sources, highest precedence first.
type environment struct {
	sources []*source
}

// value is a property's text with where it came from.
type value struct {
	key    string // the canonical name looked up
	text   string
	origin string
	src    *source
	note   string
}

func (env *environment) get(name string) (value, bool) {
	for _, s := range env.sources {
		if e, ok := s.lookup(name); ok {
			return value{key: name, text: e.value, origin: s.origin(e), src: s, note: e.note}, true
		}
	}
	return value{}, false
}

// parseEnviron turns KEY=VALUE strings into entries; a later duplicate wins.
func parseEnviron(environ []string) []entry {
	var set entrySet
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k != "" {
			set.put(k, v)
		}
	}
	return set.entries
}

// entrySet keeps entries in first-seen order; a later value replaces an
// earlier one of the same name.
type entrySet struct {
	idx     map[string]int
	entries []entry
}

func (s *entrySet) put(k, v string) {
	if s.idx == nil {
		s.idx = map[string]int{}
	}
	if i, dup := s.idx[k]; dup {
		s.entries[i].value = v
		return
	}
	s.idx[k] = len(s.entries)
	s.entries = append(s.entries, entry{name: k, value: v})
}

// javaSystemProperties reads the -Dname=value arguments of
// JAVA_TOOL_OPTIONS and then JDK_JAVA_OPTIONS (the later wins, as the JVM
// reads them in that order). Arguments split at white space; quotes group
// and are removed, as the Java launcher does.
func javaSystemProperties(getenv func(string) (string, bool)) []entry {
	var set entrySet
	for _, name := range []string{"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"} {
		opts, _ := getenv(name)
		for _, p := range javaopts.SystemProperties(opts) {
			set.put(p.Name, p.Value)
		}
	}
	return set.entries
}

// maxJSONDepth bounds SPRING_APPLICATION_JSON's nesting.
const maxJSONDepth = 100

// flattenJSON reads SPRING_APPLICATION_JSON: nested objects become dotted
// names, arrays [i]; nulls are left out so they override nothing.
func flattenJSON(text, origin string) ([]entry, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		return nil, &Error{Origin: origin, Msg: "not valid JSON (" + jsonReason(err) + ")", Err: ErrSyntax}
	}
	obj, ok := root.(map[string]any)
	if !ok {
		return nil, &Error{Origin: origin, Msg: "not a JSON object", Err: ErrSyntax}
	}
	var out []entry
	var walk func(path string, v any, depth int) error
	walk = func(path string, v any, depth int) error {
		if depth > maxJSONDepth {
			return &Error{Origin: origin, Msg: "JSON nested too deeply", Err: ErrSyntax}
		}
		switch t := v.(type) {
		case nil:
		case map[string]any:
			keys := make([]string, 0, len(t))
			for k := range t {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				p := k
				if path != "" {
					p = path + "." + k
				}
				if err := walk(p, t[k], depth+1); err != nil {
					return err
				}
			}
		case []any:
			for i, c := range t {
				if err := walk(path+"["+strconv.Itoa(i)+"]", c, depth+1); err != nil {
					return err
				}
			}
		case json.Number:
			out = append(out, entry{name: path, value: jsonNumberText(t)})
		case bool:
			out = append(out, entry{name: path, value: strconv.FormatBool(t)})
		case string:
			out = append(out, entry{name: path, value: t})
		}
		return nil
	}
	if err := walk("", obj, 0); err != nil {
		return nil, err
	}
	return out, nil
}

// jsonNumberText is a JSON number as Java's parser and toString give it:
// integers as written, others as a Double.
func jsonNumberText(n json.Number) string {
	s := n.String()
	if !strings.ContainsAny(s, ".eE") {
		return s
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(f, 0) {
		return s
	}
	return javaDouble(f)
}

// jsonReason keeps encoding/json's reason without quoting the input.
func jsonReason(err error) string {
	if se, ok := err.(*json.SyntaxError); ok {
		return fmt.Sprintf("syntax error at byte %d", se.Offset)
	}
	return "unexpected structure"
}
