// This file tests the .properties parser against java.util.Properties and
// Spring Boot's OriginTrackedPropertiesLoader rules, one rule per row.

package spring

import (
	"errors"
	"reflect"
	"testing"
)

func TestParseProperties(t *testing.T) {
	tests := []struct {
		rule string // the rule and its source
		in   string
		want [][]string // per document: name, value pairs
	}{
		{"= separates key and value (Properties.load)", "a=b", [][]string{{"a", "b"}}},
		{": separates key and value (Properties.load)", "a:b", [][]string{{"a", "b"}}},
		{"white space separates key and value (Properties.load)", "a b c", [][]string{{"a", "b c"}}},
		{"white space around the separator is dropped", "a  =   b", [][]string{{"a", "b"}}},
		{"only the first separator counts", "a = = b", [][]string{{"a", "= b"}}},
		{"trailing white space of a value is kept (Properties.load)", "a=b  ", [][]string{{"a", "b  "}}},
		{"leading white space of a line is dropped", "   a=b", [][]string{{"a", "b"}}},
		{"# and ! start comments", "# x=y\n! z=w\na=b", [][]string{{"a", "b"}}},
		{"an indented comment is a comment", "  # x=y\na=b", [][]string{{"a", "b"}}},
		{"backslash-newline continues, next line's leading space dropped", "a=one\\\n    two", [][]string{{"a", "onetwo"}}},
		{"an even run of backslashes does not continue", "a=b\\\\\nc=d", [][]string{{"a", "b\\"}, {"c", "d"}}},
		{"a comment line ending in a backslash does not continue", "# x\\\na=b", [][]string{{"a", "b"}}},
		{"\\t \\n \\r \\f escapes", `a=1\t2\n3\r4\f5`, [][]string{{"a", "1\t2\n3\r4\f5"}}},
		{"\\uXXXX escapes", `a=caf\u00e9`, [][]string{{"a", "café"}}},
		{"\\u surrogate pairs join", `a=\uD83D\uDE00`, [][]string{{"a", "😀"}}},
		{"other escapes stand for themselves", `a=\x\#\=`, [][]string{{"a", "x#="}}},
		{"escaped separators belong to the key", `a\=b\:c=d`, [][]string{{"a=b:c", "d"}}},
		{"escaped space belongs to the key", `a\ b=c`, [][]string{{"a b", "c"}}},
		{"bytes are ISO-8859-1", "a=caf\xe9", [][]string{{"a", "café"}}},
		{"UTF-8 bytes are read as ISO-8859-1, as Java does", "a=caf\xc3\xa9", [][]string{{"a", "cafÃ©"}}},
		{"\\r\\n and \\r end lines", "a=b\r\nc=d\re=f", [][]string{{"a", "b"}, {"c", "d"}, {"e", "f"}}},
		{"a key alone has an empty value", "a", [][]string{{"a", ""}}},
		{"the last of duplicate keys wins", "a=1\na=2", [][]string{{"a", "2"}}},
		{"name[]= is a list (Spring Boot)", "a[]=x, y,z", [][]string{{"a[0]", "x"}, {"a[1]", "y"}, {"a[2]", "z"}}},
		{"an escaped comma stays in a list item", `a[]=x\,y,z`, [][]string{{"a[0]", "x,y"}, {"a[1]", "z"}}},
		{"#--- separates documents (Spring Boot)", "a=1\n#---\nb=2", [][]string{{"a", "1"}, {"!", ""}, {"b", "2"}}},
		{"!--- separates documents (Spring Boot)", "a=1\n!---\nb=2", [][]string{{"a", "1"}, {"!", ""}, {"b", "2"}}},
		{"#--- after a # comment is a comment", "a=1\n# note\n#---\nb=2", [][]string{{"a", "1"}, {"b", "2"}}},
		{"#--- before a # comment is a comment", "a=1\n#---\n# note\nb=2", [][]string{{"a", "1"}, {"b", "2"}}},
		{"#--- after a ! comment separates", "a=1\n! note\n#---\nb=2", [][]string{{"a", "1"}, {"!", ""}, {"b", "2"}}},
		{"indented #--- is a comment", "a=1\n #---\nb=2", [][]string{{"a", "1"}, {"b", "2"}}},
		{"#---- is a comment", "a=1\n#----\nb=2", [][]string{{"a", "1"}, {"b", "2"}}},
		{"empty documents are dropped", "#---\na=1\n#---\n#---\n", [][]string{{"a", "1"}}},
		{"a continuation may start with #", "a=1\\\n#2", [][]string{{"a", "1#2"}}},
		{"a line with only an escape-newline at EOF", "a=b\\", [][]string{{"a", "b"}}},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			docs, err := parseProperties([]byte(tt.in), "t.properties")
			if err != nil {
				t.Fatal(err)
			}
			var got [][]string
			for i, d := range docs {
				if i > 0 {
					got = append(got, []string{"!", ""})
				}
				for _, e := range d.entries {
					got = append(got, []string{e.name, e.value})
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParsePropertiesErrors(t *testing.T) {
	for _, in := range []string{`password=abc\u12`, `password=abc\uZZZZsecret`, "ok=1\npassword=\\u00"} {
		_, err := parseProperties([]byte(in), "t.properties")
		if !errors.Is(err, ErrSyntax) {
			t.Fatalf("%q: err = %v, want ErrSyntax", in, err)
		}
		var e *Error
		if !errors.As(err, &e) || e.Origin == "" {
			t.Fatalf("%q: no origin in %v", in, err)
		}
	}
}

func TestParsePropertiesLineNumbers(t *testing.T) {
	docs, err := parseProperties([]byte("# c\n\na=1\nb=x\\\n y\nc=3"), "f")
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]int{}
	for _, e := range docs[0].entries {
		lines[e.name] = e.line
	}
	if lines["a"] != 3 || lines["b"] != 4 || lines["c"] != 6 {
		t.Fatalf("lines %v", lines)
	}
}
