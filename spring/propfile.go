// This file parses Java .properties files the way Spring Boot's
// OriginTrackedPropertiesLoader does: ISO-8859-1, '=' ':' or white space
// between key and value, '#' and '!' comments, escapes, line
// continuations, name[]=a,b lists, and #--- / !--- document separators.

package spring

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
)

// entry is one property as a file, variable or JSON document wrote it.
type entry struct {
	name  string // as written, escapes decoded
	value string
	line  int // 1-based line of the key; 0 when not from a file
	// note says how the value's text was changed by the format's own rules
	// (YAML 1.1 scalars); "" when it is the text as written.
	note string
}

// rawDocument is one document of a file, before activation is decided.
type rawDocument struct {
	entries []entry
	index   map[string]int // name -> position in entries (last write wins)
}

func (d *rawDocument) put(e entry) {
	if d.index == nil {
		d.index = map[string]int{}
	}
	if i, ok := d.index[e.name]; ok {
		d.entries[i] = e
		return
	}
	d.index[e.name] = len(d.entries)
	d.entries = append(d.entries, e)
}

// parseProperties reads a .properties file. data is ISO-8859-1 text, so
// every byte is one character, as Java reads it. file names the file in
// errors, which never quote the file's text.
func parseProperties(data []byte, file string) ([]*rawDocument, error) {
	text := make([]rune, len(data))
	for i, b := range data {
		text[i] = rune(b)
	}
	lines := splitLines(text)
	docs := []*rawDocument{{}}
	var logical []rune
	startLine := 0
	continuing := false
	lastComment := rune(0) // comment prefix of the previous physical line, if it was a comment
	for i, line := range lines {
		if !continuing {
			stripped := trimPropSpace(line)
			if len(stripped) == 0 {
				lastComment = 0
				continue
			}
			if c := stripped[0]; c == '#' || c == '!' {
				if isDocumentSeparator(line, c, lastComment, lines, i) {
					if len(docs[len(docs)-1].entries) > 0 {
						docs = append(docs, &rawDocument{})
					}
					lastComment = 0
					continue
				}
				lastComment = c
				continue
			}
			lastComment = 0
			logical = append(logical[:0], stripped...)
			startLine = i + 1
		} else {
			logical = append(logical, trimPropSpace(line)...)
		}
		if n := trailingBackslashes(logical); n%2 == 1 {
			logical = logical[:len(logical)-1]
			continuing = true
			continue
		}
		continuing = false
		if err := parsePropertyLine(logical, docs[len(docs)-1], file, startLine); err != nil {
			return nil, err
		}
	}
	if continuing {
		if err := parsePropertyLine(logical, docs[len(docs)-1], file, startLine); err != nil {
			return nil, err
		}
	}
	if len(docs[len(docs)-1].entries) == 0 && len(docs) > 1 {
		docs = docs[:len(docs)-1]
	}
	return docs, nil
}

// splitLines splits on \n, \r\n and \r, as java.util.Properties does.
func splitLines(text []rune) [][]rune {
	var lines [][]rune
	start := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			lines = append(lines, text[start:i])
			start = i + 1
		case '\r':
			lines = append(lines, text[start:i])
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			start = i + 1
		}
	}
	if start < len(text) {
		lines = append(lines, text[start:])
	}
	return lines
}

func isPropSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\f' }

func trimPropSpace(line []rune) []rune {
	i := 0
	for i < len(line) && isPropSpace(line[i]) {
		i++
	}
	return line[i:]
}

func trailingBackslashes(s []rune) int {
	n := 0
	for i := len(s) - 1; i >= 0 && s[i] == '\\'; i-- {
		n++
	}
	return n
}

// isDocumentSeparator applies Spring Boot's rule: "#---" or "!---" at the
// start of the line (trailing white space allowed), and neither the line
// before nor the line after a comment with the same prefix.
func isDocumentSeparator(line []rune, prefix, lastComment rune, lines [][]rune, i int) bool {
	s := strings.TrimRight(string(line), " \t\f")
	if s != string(prefix)+"---" || lastComment == prefix {
		return false
	}
	if i+1 < len(lines) {
		if next := trimPropSpace(lines[i+1]); len(next) > 0 && next[0] == prefix {
			return false
		}
	}
	return true
}

// parsePropertyLine splits one logical line into key and value, decoding
// escapes, and stores it (a key ending in [] stores a list).
func parsePropertyLine(s []rune, doc *rawDocument, file string, line int) error {
	var key []rune
	i := 0
	sepFound := false
	for i < len(s) {
		c := s[i]
		if c == '\\' {
			r, n, err := decodeEscape(s, i)
			if err != nil {
				return propSyntax(file, line, err.Error())
			}
			key = appendJavaChar(key, r)
			i += n
			continue
		}
		if c == '=' || c == ':' {
			i++
			sepFound = true
			break
		}
		if isPropSpace(c) {
			break
		}
		key = append(key, c)
		i++
	}
	for i < len(s) && isPropSpace(s[i]) {
		i++
	}
	if !sepFound && i < len(s) && (s[i] == '=' || s[i] == ':') {
		i++
	}
	for i < len(s) && isPropSpace(s[i]) {
		i++
	}
	name := strings.TrimSpace(string(key))
	list := strings.HasSuffix(name, "[]")
	values, err := decodeValue(s[i:], list)
	if err != nil {
		return propSyntax(file, line, err.Error())
	}
	if name == "" {
		return nil
	}
	if !list {
		doc.put(entry{name: name, value: values[0], line: line})
		return nil
	}
	base := strings.TrimSuffix(name, "[]")
	for j, v := range values {
		doc.put(entry{name: base + "[" + strconv.Itoa(j) + "]", value: v, line: line})
	}
	return nil
}

// decodeValue decodes escapes; with list, it splits at unescaped commas and
// drops the white space that starts each element.
func decodeValue(s []rune, list bool) ([]string, error) {
	var out []string
	var cur []rune
	for i := 0; i < len(s); {
		c := s[i]
		if c == '\\' {
			r, n, err := decodeEscape(s, i)
			if err != nil {
				return nil, err
			}
			cur = appendJavaChar(cur, r)
			i += n
			continue
		}
		if list && c == ',' {
			out = append(out, string(cur))
			cur = cur[:0]
			i++
			for i < len(s) && isPropSpace(s[i]) {
				i++
			}
			continue
		}
		cur = append(cur, c)
		i++
	}
	return append(out, string(cur)), nil
}

// decodeEscape decodes the escape at s[i] ('\\'): \t \n \r \f, \uXXXX, and
// any other character standing for itself. It returns the character and
// how many runes it used.
func decodeEscape(s []rune, i int) (rune, int, error) {
	if i+1 >= len(s) {
		return '\\', 1, nil // a lone trailing backslash (after an even run) is itself
	}
	switch c := s[i+1]; c {
	case 't':
		return '\t', 2, nil
	case 'n':
		return '\n', 2, nil
	case 'r':
		return '\r', 2, nil
	case 'f':
		return '\f', 2, nil
	case 'u':
		if i+6 > len(s) {
			return 0, 0, fmt.Errorf("malformed \\uxxxx escape")
		}
		var r rune
		for _, h := range s[i+2 : i+6] {
			d, ok := hexDigit(h)
			if !ok {
				return 0, 0, fmt.Errorf("malformed \\uxxxx escape")
			}
			r = r<<4 | d
		}
		return r, 6, nil
	default:
		return c, 2, nil
	}
}

// appendJavaChar appends r, joining a UTF-16 surrogate pair written as two
// \u escapes into one character, as a Java String holds it.
func appendJavaChar(s []rune, r rune) []rune {
	if n := len(s); n > 0 && utf16.IsSurrogate(r) && s[n-1] >= 0xD800 && s[n-1] < 0xDC00 && r >= 0xDC00 {
		s[n-1] = utf16.DecodeRune(s[n-1], r)
		return s
	}
	return append(s, r)
}

func hexDigit(r rune) (rune, bool) {
	switch {
	case r >= '0' && r <= '9':
		return r - '0', true
	case r >= 'a' && r <= 'f':
		return r - 'a' + 10, true
	case r >= 'A' && r <= 'F':
		return r - 'A' + 10, true
	}
	return 0, false
}

func propSyntax(file string, line int, msg string) error {
	return &Error{Origin: fmt.Sprintf("%s:%d", file, line), Msg: msg, Err: ErrSyntax}
}
