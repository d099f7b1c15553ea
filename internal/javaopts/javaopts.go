// Package javaopts reads the system properties (-Dname=value) of a Java
// options string such as JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS, splitting
// it into arguments as the Java launcher does: jdbcmysql takes its
// javax.net.ssl.* entries from it, package spring every entry.
package javaopts

import "strings"

// Property is one -Dname=value option; a -Dname without "=" has an empty
// value.
type Property struct {
	Name, Value string
}

// SystemProperties returns the -D options of s in order, later ones last
// (the JVM lets them win). Options with an empty name are left out.
func SystemProperties(s string) []Property {
	var out []Property
	for _, arg := range split(s) {
		kv, ok := strings.CutPrefix(arg, "-D")
		if !ok {
			continue
		}
		if k, v, _ := strings.Cut(kv, "="); k != "" {
			out = append(out, Property{Name: k, Value: v})
		}
	}
	return out
}

// split splits s into arguments: white space separates them; single or
// double quotes group characters, white space included, and are removed.
func split(s string) []string {
	var args []string
	var cur strings.Builder
	inArg := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '"' || r == '\'':
			quote, inArg = r, true
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v':
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		default:
			cur.WriteRune(r)
			inArg = true
		}
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args
}
