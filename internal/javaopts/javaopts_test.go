// This file checks how a Java options string splits into -D properties.

package javaopts

import (
	"reflect"
	"testing"
)

func TestSplit(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  \t\n ", nil},
		{"-Xmx1g  -Da=b", []string{"-Xmx1g", "-Da=b"}},
		{`-Dpath="/a b/c" -Dx='it"s'`, []string{"-Dpath=/a b/c", `-Dx=it"s`}},
		{`-Dempty=""`, []string{"-Dempty="}},
		{`""`, []string{""}},
		{"-Da=1\v-Db=2\f-Dc=3\r", []string{"-Da=1", "-Db=2", "-Dc=3"}},
		{`-Dopen="unterminated quote`, []string{"-Dopen=unterminated quote"}},
	} {
		if got := split(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("split(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSystemProperties(t *testing.T) {
	got := SystemProperties(`-Xss4m -Djavax.net.ssl.keyStore="/k s.jks" -D=x -Dflag -Da=1=2 -Da=3 -ea`)
	want := []Property{
		{"javax.net.ssl.keyStore", "/k s.jks"},
		{"flag", ""},
		{"a", "1=2"},
		{"a", "3"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SystemProperties = %q, want %q", got, want)
	}
}
