// This file resolves ${name} and ${name:default} placeholders with Spring
// Framework 6.2's PlaceholderParser rules: the default splits at the first
// unescaped ':', placeholders nest in names and defaults, resolved values
// are resolved again, '\' escapes "${" and ':', the whole "a:b" text is
// tried as a name first, loops are errors, and unresolvable placeholders
// stay as text (Spring Boot's binder ignores them) but are recorded.

package spring

import (
	"strings"
)

type phPart interface{ isPart() }

type phText string

// phSimple is a placeholder without nested placeholders.
type phSimple struct {
	text, key string
	def       string
	hasDef    bool
}

// phNested is a placeholder whose name or default holds placeholders.
type phNested struct {
	text   string
	key    []phPart
	def    []phPart
	hasDef bool
}

func (phText) isPart()   {}
func (phSimple) isPart() {}
func (phNested) isPart() {}

const (
	phPrefix = "${"
	phSuffix = "}"
	phSep    = ':'
	phEscape = '\\'
)

// maxPlaceholderWork bounds the look-ups and output of one resolution, so
// that values doubling each other cannot take unbounded time or memory.
const (
	maxPlaceholderLookups = 10000
	maxPlaceholderOutput  = 1 << 20
)

func parsePlaceholders(value string, inPlaceholder bool) []phPart {
	var parts []phPart
	start := strings.Index(value, phPrefix)
	if start < 0 {
		if inPlaceholder {
			return []phPart{simplePart(value)}
		}
		return []phPart{phText(value)}
	}
	pos := 0
	for start >= 0 {
		end := validEnd(value, start)
		switch {
		case end < 0:
			parts = addText(parts, value[pos:start+len(phPrefix)])
			pos = start + len(phPrefix)
		case start > 0 && value[start-1] == phEscape:
			parts = addText(parts, value[pos:start-1])
			parts = addText(parts, value[start:start+len(phPrefix)])
			pos = start + len(phPrefix)
		default:
			parts = addText(parts, value[pos:start])
			inner := value[start+len(phPrefix) : end]
			parts = append(parts, parsePlaceholders(inner, true)...)
			pos = end + len(phSuffix)
		}
		next := strings.Index(value[pos:], phPrefix)
		if next < 0 {
			start = -1
		} else {
			start = pos + next
		}
	}
	parts = addText(parts, value[pos:])
	if inPlaceholder {
		return []phPart{nestedPart(value, parts)}
	}
	return parts
}

// validEnd finds the '}' closing the placeholder at start, counting nested '{'.
func validEnd(value string, start int) int {
	depth := 0
	for i := start + len(phPrefix); i < len(value); i++ {
		switch value[i] {
		case '}':
			if depth == 0 {
				return i
			}
			depth--
		case '{':
			depth++
		}
	}
	return -1
}

func addText(parts []phPart, text string) []phPart {
	if text == "" {
		return parts
	}
	if n := len(parts); n > 0 {
		if t, ok := parts[n-1].(phText); ok {
			parts[n-1] = t + phText(text)
			return parts
		}
	}
	return append(parts, phText(text))
}

func simplePart(text string) phSimple {
	key, def, has := splitKeyDefault(text)
	return phSimple{text: text, key: key, def: def, hasDef: has}
}

func nestedPart(text string, parts []phPart) phNested {
	var key []phPart
	for i, p := range parts {
		if t, ok := p.(phText); ok && strings.IndexByte(string(t), phSep) >= 0 {
			k, d, has := splitKeyDefault(string(t))
			if has {
				key = append(key, phText(k))
				def := []phPart{phText(d)}
				def = append(def, parts[i+1:]...)
				return phNested{text: text, key: key, def: def, hasDef: true}
			}
			key = append(key, phText(k))
			continue
		}
		key = append(key, p)
	}
	return phNested{text: text, key: parts}
}

// splitKeyDefault splits at the first ':' not preceded by '\'; escaped
// separators lose their '\'.
func splitKeyDefault(s string) (key, def string, has bool) {
	var b strings.Builder
	pos := 0
	for {
		i := strings.IndexByte(s[pos:], phSep)
		if i < 0 {
			b.WriteString(s[pos:])
			return b.String(), "", false
		}
		i += pos
		if i > 0 && s[i-1] == phEscape {
			b.WriteString(s[pos : i-1])
			b.WriteByte(phSep)
			pos = i + 1
			continue
		}
		b.WriteString(s[pos:i])
		return b.String(), s[i+1:], true
	}
}

// placeholderResolver resolves against lookup, which returns a raw value
// (or an error for a refused source such as random.*).
type placeholderResolver struct {
	lookup   func(name string) (string, bool, error)
	visiting map[string]bool
	lookups  int
	// unresolved lists the names left as ${...} text, first seen first.
	unresolved []string
}

func newPlaceholderResolver(lookup func(string) (string, bool, error)) *placeholderResolver {
	return &placeholderResolver{lookup: lookup, visiting: map[string]bool{}}
}

// resolve replaces every placeholder of value. Errors are ErrCircularPlaceholder,
// ErrInvalidValue (too much work) or the look-up's own.
func (r *placeholderResolver) resolve(value string) (string, error) {
	if !strings.Contains(value, phPrefix) {
		return value, nil
	}
	return r.resolveParts(parsePlaceholders(value, false))
}

func (r *placeholderResolver) resolveParts(parts []phPart) (string, error) {
	var b strings.Builder
	for _, p := range parts {
		s, err := r.resolvePart(p)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
		if b.Len() > maxPlaceholderOutput {
			return "", &Error{Msg: "placeholder expansion is larger than 1 MiB", Err: ErrInvalidValue}
		}
	}
	return b.String(), nil
}

func (r *placeholderResolver) resolvePart(p phPart) (string, error) {
	switch t := p.(type) {
	case phText:
		return string(t), nil
	case phSimple:
		if t.text != t.key {
			v, ok, err := r.recursive(t.text)
			if err != nil || ok {
				return v, err
			}
		}
		v, ok, err := r.recursive(t.key)
		if err != nil || ok {
			return v, err
		}
		if t.hasDef {
			return t.def, nil
		}
		return r.unresolvable(t.key, t.text), nil
	case phNested:
		key, err := r.resolveParts(t.key)
		if err != nil {
			return "", err
		}
		v, ok, err := r.recursive(key)
		if err != nil || ok {
			return v, err
		}
		if t.hasDef {
			return r.resolveParts(t.def)
		}
		return r.unresolvable(key, t.text), nil
	}
	return "", nil
}

// recursive looks name up and resolves the placeholders of its value.
func (r *placeholderResolver) recursive(name string) (string, bool, error) {
	r.lookups++
	if r.lookups > maxPlaceholderLookups {
		return "", false, &Error{Msg: "placeholders need more than 10000 look-ups", Err: ErrInvalidValue}
	}
	v, ok, err := r.lookup(name)
	if err != nil || !ok {
		return "", false, err
	}
	if r.visiting[name] {
		return "", false, &Error{Msg: "circular placeholder reference '" + name + "' in property definitions", Err: ErrCircularPlaceholder}
	}
	r.visiting[name] = true
	defer delete(r.visiting, name)
	out, err := r.resolve(v)
	if err != nil {
		return "", false, err
	}
	return out, true, nil
}

func (r *placeholderResolver) unresolvable(key, text string) string {
	for _, u := range r.unresolved {
		if u == key {
			return phPrefix + text + phSuffix
		}
	}
	if len(r.unresolved) < 20 {
		r.unresolved = append(r.unresolved, key)
	}
	return phPrefix + text + phSuffix
}
