// This file holds Spring Boot's relaxed binding of property names: a name's
// elements, the uniform form two names are compared in (case, '-' and '_'
// ignored; [bracketed] text exact), the original form map keys keep, and
// how environment variable names map onto elements.

package spring

import (
	"strconv"
	"strings"
)

// element is one part of a property name: text between dots, or the text
// inside [...] (indexed), kept verbatim.
type element struct {
	text    string
	indexed bool
}

// splitName splits a name written in a file, JSON or system property at
// dots outside brackets, as ConfigurationPropertyName.adapt does.
func splitName(name string) []element {
	var out []element
	depth, start := 0, 0
	flush := func(end int) {
		if end > start {
			out = append(out, element{text: name[start:end]})
		}
	}
	for i := 0; i < len(name); i++ {
		switch name[i] {
		case '[':
			if depth == 0 {
				flush(i)
				start = i + 1
			}
			depth++
		case ']':
			if depth > 0 {
				depth--
				if depth == 0 {
					out = append(out, element{text: name[start:i], indexed: true})
					start = i + 1
				}
			}
		case '.':
			if depth == 0 {
				flush(i)
				start = i + 1
			}
		}
	}
	if depth > 0 {
		start-- // an unclosed '[' is plain text
	}
	flush(len(name))
	return out
}

// splitEnvName maps an environment variable name onto elements the way
// SystemEnvironmentPropertyMapper does (split at '_', lower-cased, numbers
// indexed), or, for a name with dots, as a file's name.
func splitEnvName(name string) []element {
	if strings.Contains(name, ".") {
		return splitName(name)
	}
	var out []element
	for _, part := range strings.Split(name, "_") {
		if part == "" {
			continue
		}
		p := strings.ToLower(part)
		_, err := strconv.Atoi(p)
		out = append(out, element{text: p, indexed: err == nil})
	}
	return out
}

// uniformText is an element's comparison form: lower-case letters and
// digits only; indexed elements are compared as written.
func uniformText(e element) string {
	if e.indexed {
		return "[" + e.text + "]"
	}
	var b strings.Builder
	for i := 0; i < len(e.text); i++ {
		c := e.text[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		case (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'):
			b.WriteByte(c)
		}
	}
	return b.String()
}

// uniform joins elements' comparison forms.
func uniform(elems []element) string {
	var b strings.Builder
	for i, e := range elems {
		u := uniformText(e)
		if i > 0 && !e.indexed {
			b.WriteByte('.')
		}
		b.WriteString(u)
	}
	return b.String()
}

// canonical is the uniform form of a name written in canonical kebab
// case, e.g. "spring.datasource.hikari.maximum-pool-size".
func canonical(name string) string { return uniform(splitName(name)) }

// legacyEnvForm is how an environment variable that writes every '-' as
// '_' (SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE) reads a canonical name.
func legacyEnvForm(name string) string {
	return uniform(splitName(strings.ReplaceAll(name, "-", ".")))
}

// originalText is an element as a map key keeps it (MapBinder, Form.ORIGINAL):
// indexed text verbatim; otherwise letters, digits, '_' and inner '-',
// other characters dropped.
func originalText(e element) string {
	if e.indexed {
		return e.text
	}
	var b strings.Builder
	for i := 0; i < len(e.text); i++ {
		c := e.text[i]
		if (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || (c == '-' && b.Len() > 0) {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// isCanonicalName reports whether s is a valid ConfigurationPropertyName in
// canonical form (lower-case, digits, '-', '.', [index]); only such names
// are looked up with relaxed rules inside placeholders.
func isCanonicalName(s string) bool {
	if s == "" {
		return false
	}
	depth := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '[':
			depth++
		case c == ']':
			depth--
			if depth < 0 {
				return false
			}
		case depth > 0:
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '.':
		default:
			return false
		}
	}
	return depth == 0 && s[0] != '.' && s[len(s)-1] != '.'
}
