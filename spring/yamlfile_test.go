// This file tests the YAML loader (SnakeYAML 1.1 scalars, flattening,
// duplicate keys) and the placeholder resolver, one rule per row.

package spring

import (
	"errors"
	"strings"
	"testing"
)

func TestParseYAML(t *testing.T) {
	tests := []struct {
		rule string // the rule and its source
		in   string
		key  string
		want string
	}{
		{"nested maps flatten to dotted keys (YamlProcessor)", "a:\n  b:\n    c: x\n", "a.b.c", "x"},
		{"lists flatten to [i]", "a:\n  - x\n  - y\n", "a[1]", "y"},
		{"quoted [keys] keep dots (Binding Maps)", "a:\n  \"[x.y]\": v\n", "a[x.y]", "v"},
		{"unquoted yes is true (YAML 1.1 bool)", "a: yes\n", "a", "true"},
		{"unquoted off is false", "a: off\n", "a", "false"},
		{"y stays text (SnakeYAML's bool has no y)", "a: y\n", "a", "y"},
		{"quoted yes stays text", "a: \"yes\"\n", "a", "yes"},
		{"0-prefixed is octal (YAML 1.1 int)", "a: 0777\n", "a", "511"},
		{"0x is hexadecimal", "a: 0x1F\n", "a", "31"},
		{"0b is binary", "a: 0b101\n", "a", "5"},
		{"underscores are dropped from numbers", "a: 1_000\n", "a", "1000"},
		{"base 60 integers", "a: 1:30\n", "a", "90"},
		{"floats print as Java's Double.toString", "a: 1.50\n", "a", "1.5"},
		{"exponents print as Java does", "a: 1e10\n", "a", "1.0E10"},
		{"08 is not octal, so it is a float", "a: 08\n", "a", "8.0"},
		{".inf is Infinity", "a: .inf\n", "a", "Infinity"},
		{"null and ~ are empty", "a: ~\n", "a", ""},
		{"an empty value is empty", "a:\n", "a", ""},
		{"timestamps stay text (OriginTrackedYamlLoader)", "a: 2001-12-14\n", "a", "2001-12-14"},
		{"!!str keeps text", "a: !!str 0777\n", "a", "0777"},
		{"a literal block keeps text", "a: |\n  0777\n", "a", "0777\n"},
		{"boolean keys are [bracketed] (YamlProcessor.asMap)", "on: x\n", "[true]", "x"},
		{"merge keys apply, explicit keys win", "base: &b\n  x: 1\n  y: 2\nc:\n  <<: *b\n  y: 3\n", "c.x", "1"},
		{"merge keys lose to explicit ones", "base: &b\n  x: 1\n  y: 2\nc:\n  <<: *b\n  y: 3\n", "c.y", "3"},
		{"an empty list is empty text", "a: []\n", "a", ""},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			docs, err := parseYAML([]byte(tt.in), "t.yml")
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != 1 {
				t.Fatalf("%d documents", len(docs))
			}
			i, ok := docs[0].index[tt.key]
			if !ok {
				t.Fatalf("no key %q in %+v", tt.key, docs[0].entries)
			}
			if got := docs[0].entries[i].value; got != tt.want {
				t.Fatalf("%s = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}

func TestParseYAMLDocuments(t *testing.T) {
	docs, err := parseYAML([]byte("a: 1\n---\n# only a comment\n---\nb: 2\n"), "t.yml")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2 (empty ones skipped)", len(docs))
	}
}

func TestParseYAMLRefusals(t *testing.T) {
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	for _, in := range []string{"a: 1\na: 2\n", "- x\n", "a: [\n", bomb} {
		if _, err := parseYAML([]byte(in), "t.yml"); !errors.Is(err, ErrSyntax) {
			t.Errorf("%.20q: err = %v, want ErrSyntax", in, err)
		}
	}
}

func TestPlaceholders(t *testing.T) {
	vars := map[string]string{
		"a": "A", "b": "B", "a:b": "WHOLE", "ref": "${a}-${b}", "k": "a", "deep": "${ref}!",
		"colon": "x:y",
	}
	lookup := func(n string) (string, bool, error) { v, ok := vars[n]; return v, ok, nil }
	tests := []struct {
		rule, in, want string
		unresolved     string
	}{
		{"plain text is unchanged", "abc", "abc", ""},
		{"a placeholder is replaced", "x${a}y", "xAy", ""},
		{"a default applies when missing", "${missing:def}", "def", ""},
		{"the default splits at the first ':'", "${missing:jdbc:mysql://h:3306/db}", "jdbc:mysql://h:3306/db", ""},
		{"the whole a:b text is tried as a name first (Spring 6.2.2)", "${a:b}", "WHOLE", ""},
		{"an escaped ':' is part of the name", `${missing\:x:def}`, "def", ""},
		{"an escaped ${ is literal", `\${a}`, "${a}", ""},
		{"nested names resolve", "${${k}}", "A", ""},
		{"nested defaults resolve", "${missing:${b}}", "B", ""},
		{"resolved values are resolved again", "${deep}", "A-B!", ""},
		{"an unresolvable placeholder stays as text and is recorded", "x${nope}y", "x${nope}y", "nope"},
		{"an unclosed ${ is text", "${a", "${a", ""},
		{"an empty default is empty", "${missing:}", "", ""},
		{"values with ':' are fine", "${colon}", "x:y", ""},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			r := newPlaceholderResolver(lookup)
			got, err := r.resolve(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("%q -> %q, want %q", tt.in, got, tt.want)
			}
			if u := strings.Join(r.unresolved, ","); u != tt.unresolved {
				t.Fatalf("unresolved %q, want %q", u, tt.unresolved)
			}
		})
	}
}

func TestPlaceholderLimits(t *testing.T) {
	loop := map[string]string{"x": "${y}", "y": "${x}"}
	r := newPlaceholderResolver(func(n string) (string, bool, error) { v, ok := loop[n]; return v, ok, nil })
	if _, err := r.resolve("${x}"); !errors.Is(err, ErrCircularPlaceholder) {
		t.Fatalf("loop: %v", err)
	}
	double := map[string]string{}
	prev := "x"
	for i := 0; i < 40; i++ {
		name := "v" + strings.Repeat("i", i)
		double[name] = "${" + prev + "}${" + prev + "}"
		prev = name
	}
	double["x"] = "xxxxxxxx"
	r = newPlaceholderResolver(func(n string) (string, bool, error) { v, ok := double[n]; return v, ok, nil })
	if _, err := r.resolve("${" + prev + "}"); !errors.Is(err, ErrInvalidValue) {
		t.Fatalf("doubling: %v", err)
	}
}
