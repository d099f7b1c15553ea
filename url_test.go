// Tests for the JDBC URL grammar: sections, host forms, user info and
// percent-decoding.

package jdbcmysql

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseURLHosts(t *testing.T) {
	h := func(host string, port int, kv ...string) Host {
		hh := Host{Host: host, Port: port}
		for i := 0; i+1 < len(kv); i += 2 {
			if hh.Properties == nil {
				hh.Properties = map[string]string{}
			}
			hh.Properties[kv[i]] = kv[i+1]
		}
		return hh
	}
	tests := []struct {
		url   string
		typ   URLType
		hosts []Host
		db    string
		srv   bool
	}{
		{"jdbc:mysql://h", URLTypeSingle, []Host{h("h", 3306)}, "", false},
		{"jdbc:mysql:///db", URLTypeSingle, []Host{h("localhost", 3306)}, "db", false},
		{"jdbc:mysql://", URLTypeSingle, []Host{h("localhost", 3306)}, "", false},
		{"JDBC:MySQL://h:3307/db", URLTypeSingle, []Host{h("h", 3307)}, "db", false},
		{"jdbc:mysql://h:/db", URLTypeSingle, []Host{h("h", 3306)}, "db", false},
		{"jdbc:mysql://[::1]:3307/db", URLTypeSingle, []Host{h("[::1]", 3307)}, "db", false},
		{"jdbc:mysql://[::1]/db", URLTypeSingle, []Host{h("[::1]", 3306)}, "db", false},
		{"jdbc:mysql://[fe80::1%25eth0]:1", URLTypeSingle, []Host{h("[fe80::1%eth0]", 1)}, "", false},
		{"jdbc:mysql://h1:1,h2:2/db", URLTypeFailover, []Host{h("h1", 1), h("h2", 2)}, "db", false},
		{"jdbc:mysql://[h1,h2:3307]/db", URLTypeFailover, []Host{h("h1", 3306), h("h2", 3307)}, "db", false},
		{"jdbc:mysql://u:p@[h1,h2]/db", URLTypeFailover, []Host{h("h1", 3306, "user", "u", "password", "p"), h("h2", 3306, "user", "u", "password", "p")}, "db", false},
		{"jdbc:mysql:loadbalance://h1,h2", URLTypeLoadBalance, []Host{h("h1", 3306), h("h2", 3306)}, "", false},
		{"jdbc:mysql:replication://(host=a,type=source),b", URLTypeReplication, []Host{h("a", 3306, "type", "source"), h("b", 3306)}, "", false},
		{"jdbc:mysql://address=(host=h)(port=1234)(sslMode=REQUIRED)/db", URLTypeSingle, []Host{h("h", 1234, "sslMode", "REQUIRED")}, "db", false},
		{"jdbc:mysql://ADDRESS=(protocol=tcp)(host=h)/db", URLTypeSingle, []Host{h("h", 3306, "protocol", "tcp")}, "db", false},
		{"jdbc:mysql://(host=h,port=3307,user=kv,password=kvp)/db", URLTypeSingle, []Host{h("h", 3307, "user", "kv", "password", "kvp")}, "db", false},
		{"jdbc:mysql://(HOST=h,Port=3307)/db", URLTypeSingle, []Host{h("h", 3307)}, "db", false},
		{"jdbc:mysql://(host=[::1],port=3307)/db", URLTypeSingle, []Host{h("[::1]", 3307)}, "db", false},
		{"mysqlx://h", URLTypeXDevAPI, []Host{h("h", 33060)}, "", false},
		{"mysqlx://(address=h:1234,priority=10),(address=g:1,priority=20)", URLTypeXDevAPI, []Host{h("h", 1234, "priority", "10"), h("g", 1, "priority", "20")}, "", false},
		{"jdbc:mysql+srv://_mysql._tcp.h/db", URLTypeSingle, []Host{h("_mysql._tcp.h", 0)}, "db", true},
		{"jdbc:mysql+srv:loadbalance://s/db", URLTypeLoadBalance, []Host{h("s", 0)}, "db", true},
		{"mysqlx+srv://s", URLTypeXDevAPI, []Host{h("s", 0)}, "", true},
		{"jdbc:mysql://h/db?dnsSrv=true", URLTypeSingle, []Host{h("h", 0)}, "db", true},
		{"mysqlx://h/db?xdevapi.dns-srv=yes", URLTypeXDevAPI, []Host{h("h", 0)}, "db", true},
		{"jdbc:mysql://h/db/sub", URLTypeSingle, []Host{h("h", 3306)}, "db/sub", false},
		{"jdbc:mysql://h/my+db%2B1", URLTypeSingle, []Host{h("h", 3306)}, "my db+1", false},
		{"jdbc:mysql://my%2Dhost:33%30/", URLTypeSingle, []Host{h("my-host", 330)}, "", false},
		{"jdbc:mysql: // johndoe : secret @ [abcd:9876::1:1234] : 1234 / db # ignore", URLTypeSingle,
			[]Host{h("[abcd:9876::1:1234]", 1234, "user", "johndoe", "password", "secret")}, "db", false},
		{"jdbc:mysql://h,,g", URLTypeFailover, []Host{h("h", 3306), h("localhost", 3306), h("g", 3306)}, "", false},
	}
	for _, tt := range tests {
		c, err := ParseURL(tt.url)
		if err != nil {
			t.Errorf("ParseURL(%q): %v", tt.url, err)
			continue
		}
		if c.Type != tt.typ || !reflect.DeepEqual(c.Hosts, tt.hosts) || c.Database != tt.db || c.DNSSRV != tt.srv {
			t.Errorf("ParseURL(%q) = type %s hosts %+v db %q srv %v; want %s %+v %q %v",
				tt.url, c.Type, c.Hosts, c.Database, c.DNSSRV, tt.typ, tt.hosts, tt.db, tt.srv)
		}
	}
}

func TestParseURLCredentials(t *testing.T) {
	tests := []struct{ url, user, password, db string }{
		{"jdbc:mysql://u:p@h", "u", "p", ""},
		{"jdbc:mysql://u:a+b%2Bc@h", "u", "a b+c", ""},
		{"jdbc:mysql://u:p%40ss%2C1@h", "u", "p@ss,1", ""},
		{"jdbc:mysql://user:@h?password=x", "user", "", ""},
		{"jdbc:mysql://user@h?password=x", "user", "x", ""},
		{"jdbc:mysql://u:p:q@h", "u", "p:q", ""},
		{"jdbc:mysql://h?user=q&password=w", "q", "w", ""},
		{"jdbc:mysql://h?USER=q&Password=w", "q", "w", ""},
		{"jdbc:mysql://(host=h,user=kv,password=kp)?user=q&password=w", "kv", "kp", ""},
		{"jdbc:mysql://u@(host=h,user=kv,password=kp)", "u", "kp", ""},
		{"jdbc:mysql://h/db?dbname=other", "", "", "other"},
		{"jdbc:mysql://h/db?DBNAME=o", "", "", "o"},
		{"jdbc:mysql://(host=h,dbname=hostdb)/db?dbname=q", "", "", "hostdb"},
		{"jdbc:mysql://%C3%A9:%E2%82%AC@h", "é", "€", ""},
	}
	for _, tt := range tests {
		c, err := ParseURL(tt.url)
		if err != nil {
			t.Errorf("ParseURL(%q): %v", tt.url, err)
			continue
		}
		if c.User != tt.user || c.Password != tt.password || c.Database != tt.db {
			t.Errorf("ParseURL(%q): user %q password %q db %q; want %q %q %q", tt.url, c.User, c.Password, c.Database, tt.user, tt.password, tt.db)
		}
	}
}

func TestDecodeComponent(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"a+b", "a b", ""},
		{"%2B", "+", ""},
		{"%C3%A9", "é", ""},
		{"%FF", "\uFFFD", ""},
		{"  a%20  ", "a ", ""},
		{"%", "", "Incomplete"},
		{"%2", "", "Incomplete"},
		{"%zz", "", "Illegal hex"},
		{"%-1", "", "Illegal hex"},
	}
	for _, tt := range tests {
		got, err := decodeComponent(tt.in, "x")
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.Is(err, ErrMalformedURL) {
				t.Errorf("decode(%q) error %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("decode(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}
