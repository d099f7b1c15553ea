package jdbcmysql

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var updateREADME = flag.Bool("update-readme", false, "rewrite README.md's property table from properties.go")

// TestREADMEPropertyTable keeps README's table of properties equal to the
// property table the parser uses.
func TestREADMEPropertyTable(t *testing.T) {
	const begin, end = "<!-- properties:begin -->\n", "<!-- properties:end -->"
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatal("README.md lacks the properties markers")
	}
	want := propertyMarkdown()
	if got := s[i+len(begin) : j]; got != want {
		if *updateREADME {
			if err := os.WriteFile("README.md", []byte(s[:i+len(begin)]+want+s[j:]), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Fatal("README.md's property table differs from properties.go; run go test -run TestREADMEPropertyTable -update-readme .")
	}
}
