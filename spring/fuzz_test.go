// This file fuzzes the .properties parser, the YAML loader and the
// placeholder resolver: no panic, bounded work, and no secret value in an
// error message.

package spring

import (
	"strings"
	"testing"
	"time"
)

// fuzzSecret is a password no parser message may contain.
const fuzzSecret = "Fz9SecretPw"

func FuzzParseProperties(f *testing.F) {
	for _, s := range []string{"a=b", "a\\\n b", "#---\na=1", `a=\u00e9`, `a=\u12`, "a[]=x,y", "k:v\r\n!c\n#---\n# x\n", "spring.datasource.password=" + fuzzSecret + "\\u"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 1<<16 {
			return
		}
		data := "spring.datasource.password=" + fuzzSecret + "\n" + in
		start := time.Now()
		docs, err := parseProperties([]byte(data), "f.properties")
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("parse took %v", d)
		}
		if err != nil {
			if strings.Contains(err.Error(), fuzzSecret) {
				t.Fatalf("error shows the secret: %v", err)
			}
			return
		}
		if len(docs) == 0 {
			t.Fatal("no document")
		}
	})
}

func FuzzParseYAML(f *testing.F) {
	for _, s := range []string{"a: b", "a:\n  - x\n", "a: &x [1]\nb: *x", "a: 0777", "\"[k]\": v", "---\na: 1\n---\n", "a: {b: [c, {d: e}]}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 1<<14 {
			return
		}
		data := "spring:\n  datasource:\n    password: " + fuzzSecret + "\n" + in
		start := time.Now()
		_, err := parseYAML([]byte(data), "f.yml")
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("parse took %v", d)
		}
		if err != nil && strings.Contains(err.Error(), fuzzSecret) {
			t.Fatalf("error shows the secret: %v", err)
		}
	})
}

func FuzzResolvePlaceholders(f *testing.F) {
	for _, s := range []string{"${a}", "${a:b}", "${${k}:x}", `\${a}`, "${a:${b:${c}}}", "${", "}${", "${x\\:y:z}", "${loop}"} {
		f.Add(s, "${a}${a}")
	}
	f.Fuzz(func(t *testing.T, in, b string) {
		if len(in) > 4096 || len(b) > 4096 {
			return
		}
		vars := map[string]string{"a": "A", "b": b, "k": "a", "loop": "${loop}", "pw": fuzzSecret, "c": "${b}${b}"}
		r := newPlaceholderResolver(func(n string) (string, bool, error) { v, ok := vars[n]; return v, ok, nil })
		start := time.Now()
		out, err := r.resolve(in)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("resolve took %v", d)
		}
		if err != nil {
			if strings.Contains(err.Error(), fuzzSecret) {
				t.Fatalf("error shows a resolved secret: %v", err)
			}
			return
		}
		if len(out) > maxPlaceholderOutput+len(in) {
			t.Fatalf("output %d bytes", len(out))
		}
	})
}
