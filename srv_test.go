// Tests of DNS SRV: Connector/J's checks and messages in order, RFC 2782
// ordering, and connects through a fake resolver (no DNS server is asked).

package jdbcmysql

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"testing"
)

func TestDNSSRVChecks(t *testing.T) {
	tests := []struct{ url, want string }{
		{"jdbc:mysql+srv:///db", "A host name is required for DNS SRV lookup enabled connections."},
		{"jdbc:mysql+srv://:3306/db", "A host name is required for DNS SRV lookup enabled connections."},
		{"jdbc:mysql://(port=3306)/db?dnsSrv=true", "A host name is required for DNS SRV lookup enabled connections."},
		{"jdbc:mysql+srv://a,b:3306/db", "Specifying multiple host names with DNS SRV lookup is not allowed."},
		{"jdbc:mysql+srv:loadbalance://a,b/db", "Specifying multiple host names with DNS SRV lookup is not allowed."},
		{"jdbc:mysql+srv://a:3306/db", "Specifying a port number with DNS SRV lookup is not allowed."},
		{"jdbc:mysql+srv://a/db?port=3306", "Specifying a port number with DNS SRV lookup is not allowed."},
		{"jdbc:mysql+srv://(host=a,port=3307)/db?dnsSrv=false", "Specifying a port number with DNS SRV lookup is not allowed."},
		{"jdbc:mysql+srv://a/db?dnsSrv=false", "'dnsSrv' cannot be set to false with DNS SRV lookup enabled."},
		{"jdbc:mysql+srv://(host=a,dnsSrv=no)/db", "'dnsSrv' cannot be set to false with DNS SRV lookup enabled."},
		{"jdbc:mysql://a/db?dnsSrv=true&protocol=PIPE", "Using named pipes with DNS SRV lookup is not allowed."},
		{"jdbc:mysql+srv:loadbalance://a/db?loadBalanceConnectionGroup=g", "The option 'loadBalanceConnectionGroup' cannot be set. Live management of connections is not supported with DNS SRV lookup."},
		{"jdbc:mysql+srv:replication://a/db", "Exactly two host names of different types are required for DNS SRV lookup enabled replication connections."},
		{"jdbc:mysql+srv:replication://a,b/db?type=replica", "Exactly two host names of different types are required for DNS SRV lookup enabled replication connections."},
		{"jdbc:mysql+srv:replication://,b/db", "Exactly two host names of different types are required for DNS SRV lookup enabled replication connections."},
		{"jdbc:mysql+srv:replication://a,b,c/db", "Specifying multiple host names for the same type with DNS SRV lookup is not allowed."},
		{"jdbc:mysql+srv:replication://a,b:3306/db", "Specifying a port number with DNS SRV lookup is not allowed."},
		{"jdbc:mysql+srv:replication://a,b/db?replicationConnectionGroup=g", "The option 'replicationConnectionGroup' cannot be set. Live management of connections is not supported with DNS SRV lookup."},
		{"mysqlx+srv://a/db?xdevapi.dns-srv=false", "'xdevapi.dns-srv' cannot be set to false with DNS SRV lookup enabled."},
	}
	for _, tt := range tests {
		_, err := ParseURL(tt.url)
		if !errors.Is(err, ErrMalformedURL) || !strings.HasSuffix(err.Error(), ": "+tt.want) {
			t.Errorf("%s: error = %v, want %q", tt.url, err, tt.want)
		}
	}
	for _, ok := range []string{
		"jdbc:mysql+srv://_mysql._tcp.db.example/db",
		"jdbc:mysql+srv:loadbalance://_mysql._tcp.db.example/db?ha.loadBalanceStrategy=bestResponseTime",
		"jdbc:mysql+srv:replication://_src._tcp.example,(host=_rep._tcp.example,type=replica)/db",
		"jdbc:mysql://_mysql._tcp.db.example/db?dnsSrv=true",
		"jdbc:mysql+srv://_mysql._tcp.db.example/db?dnsSrv=true",
	} {
		c, err := ParseURL(ok)
		if err != nil || !c.DNSSRV || c.Hosts[0].Port != 0 {
			t.Errorf("%s: %v (DNSSRV %v)", ok, err, c != nil && c.DNSSRV)
		}
	}
}

func srv(target string, port, priority, weight uint16) *net.SRV {
	return &net.SRV{Target: target, Port: port, Priority: priority, Weight: weight}
}

func targets(recs []*net.SRV) string {
	var out []string
	for _, r := range recs {
		out = append(out, r.Target)
	}
	return strings.Join(out, ",")
}

func TestOrderSRV(t *testing.T) {
	recs := []*net.SRV{srv("c.", 1, 20, 0), srv("a.", 1, 10, 0), srv("b.", 1, 10, 0), srv("d.", 1, 5, 0)}
	if got := targets(orderSRV(recs, rand.IntN)); got != "d.,a.,b.,c." {
		t.Errorf("priorities, all weights 0: %s, want d.,a.,b.,c. (DNS order within a priority)", got)
	}
	// RFC 2782 as written: a random number in [0, sum] against the running
	// sums, so weights 1 then 3 put the heavier record first 3 times in 5,
	// and a weight-0 record among weights summing to 3 comes first 1 time in 4.
	r := rand.New(rand.NewPCG(1, 2))
	firstHeavy, firstZero := 0, 0
	const n = 8000
	for range n {
		if orderSRV([]*net.SRV{srv("light.", 1, 0, 1), srv("heavy.", 1, 0, 3)}, r.IntN)[0].Target == "heavy." {
			firstHeavy++
		}
		if orderSRV([]*net.SRV{srv("w3.", 1, 0, 3), srv("w0.", 1, 0, 0)}, r.IntN)[0].Target == "w0." {
			firstZero++
		}
	}
	if f := float64(firstHeavy) / n; f < 0.57 || f > 0.63 {
		t.Errorf("weight 3 after weight 1 first %.3f of the time, want 3/5", f)
	}
	if f := float64(firstZero) / n; f < 0.22 || f > 0.28 {
		t.Errorf("weight 0 first %.3f of the time, want 1/(3+1)", f)
	}
	// Every record is kept exactly once.
	got := orderSRV([]*net.SRV{srv("a.", 1, 1, 5), srv("b.", 1, 0, 2), srv("c.", 1, 1, 0), srv("d.", 1, 0, 7)}, r.IntN)
	if len(got) != 4 || got[0].Priority != 0 || got[1].Priority != 0 || got[2].Priority != 1 || got[3].Priority != 1 {
		t.Errorf("order %s", targets(got))
	}
}

// fakeResolver answers SRV lookups from a table; it never asks DNS.
type fakeResolver struct {
	mu      sync.Mutex
	records map[string][]*net.SRV
	err     error
	calls   int
}

func (f *fakeResolver) LookupSRV(_ context.Context, service, proto, name string) (string, []*net.SRV, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if service != "" || proto != "" {
		return "", nil, fmt.Errorf("unexpected service %q proto %q", service, proto)
	}
	if f.err != nil {
		return "", nil, f.err
	}
	var out []*net.SRV
	for _, r := range f.records[name] {
		cp := *r
		out = append(out, &cp)
	}
	return name, out, nil
}

func TestDNSSRVConnect(t *testing.T) {
	primary, other := newFakeServer(t, false, nil), newFakeServer(t, false, nil)
	res := &fakeResolver{records: map[string][]*net.SRV{
		"_mysql._tcp.db.test": {srv("127.0.0.1.", uint16(other.port()), 20, 0), srv("localhost.", uint16(primary.port()), 10, 0)},
	}}
	url := "jdbc:mysql+srv://app:" + fakePassword + "@_mysql._tcp.db.test/db?sslMode=DISABLED&failOverReadOnly=false"
	c := mustConnector(t, url, WithSRVResolver(res))
	if p := connectPort(t, c); p != primary.port() {
		t.Fatalf("landed on %d, want the priority-10 record", p)
	}
	dc, err := c.Connect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if h := dc.(*conn).route.host; h.Host != "localhost" {
		t.Errorf("host %q: the target keeps its trailing dot", h.Host)
	}
	dc.Close()
	if res.calls != 2 {
		t.Errorf("%d lookups for 2 connects, want one per connect", res.calls)
	}
	// The SRV entry's user and password apply to every target.
	if s := primary.lastSession(); !strings.Contains(string(s.response), "app") {
		t.Errorf("handshake response lacks the SRV entry's user: %q", s.response)
	}
	// The first record is the failover primary; the others follow.
	fakeDown(primary)
	if p := connectPort(t, c); p != other.port() {
		t.Fatalf("primary down: landed on %d", p)
	}
	fakeUp(primary)
	// Load balancing over the targets.
	lb := mustConnector(t, "jdbc:mysql+srv:loadbalance://app:"+fakePassword+"@_mysql._tcp.db.test/db?sslMode=DISABLED&ha.loadBalanceStrategy=bestResponseTime",
		WithSRVResolver(res))
	if p := connectPort(t, lb); p != primary.port() {
		t.Fatalf("loadbalance landed on %d, want the first record", p)
	}
	// No records, or a failed lookup.
	for _, r := range []*fakeResolver{{records: map[string][]*net.SRV{}}, {err: errors.New("no such host")}, {records: map[string][]*net.SRV{"_mysql._tcp.db.test": {srv(".", 3306, 0, 0)}}}} {
		c := mustConnector(t, url, WithSRVResolver(r))
		_, err := c.Connect(context.Background())
		if !errors.Is(err, ErrDNSSRV) || !strings.HasPrefix(err.Error(), "jdbcmysql: Unable to locate any hosts for _mysql._tcp.db.test.") {
			t.Errorf("error = %v", err)
		}
	}
}

func TestDNSSRVReplication(t *testing.T) {
	src, rep := newFakeServer(t, false, nil), newFakeServer(t, false, nil)
	res := &fakeResolver{records: map[string][]*net.SRV{
		"_src._tcp.test": {srv("127.0.0.1.", uint16(src.port()), 0, 0)},
		"_rep._tcp.test": {srv("127.0.0.1.", uint16(rep.port()), 0, 0)},
	}}
	r, err := NewReplication("jdbc:mysql+srv:replication://_src._tcp.test,_rep._tcp.test/db?user=app&password="+fakePassword+"&sslMode=DISABLED",
		WithSRVResolver(res))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got := dbPort(t, r.Source()); got != src.port() {
		t.Errorf("source on %d, want %d", got, src.port())
	}
	if got := dbPort(t, r.Replicas()); got != rep.port() {
		t.Errorf("replicas on %d, want %d", got, rep.port())
	}
}

func TestDNSSRVTargetNameForTLS(t *testing.T) {
	f := newTLSFixture(t) // the server certificate names localhost and 127.0.0.1
	srvr := newFakeServer(t, true, serverTLS(f.server))
	res := &fakeResolver{records: map[string][]*net.SRV{"_mysql._tcp.db.test": {srv("localhost.", uint16(srvr.port()), 0, 0)}}}
	cfg, err := ParseURL("jdbc:mysql+srv://_mysql._tcp.db.test/db?user=app&password="+fakePassword+"&sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=mem:good",
		WithSRVResolver(res))
	if err != nil {
		t.Fatal(err)
	}
	c, err := cfg.Connector(WithSRVResolver(res))
	if err != nil {
		t.Fatal(err)
	}
	c.loadStore = (&stores{m: map[string]*keyMaterial{"mem:good": trustMaterial(f.ca.cert), "mem:empty": {Roots: x509.NewCertPool()}}}).load
	dc, err := c.Connect(context.Background())
	if err != nil {
		t.Fatalf("VERIFY_IDENTITY against the target's name: %v", err)
	}
	dc.Close()
	s := srvr.all()[0]
	if s.tlsState == nil || s.tlsState.ServerName != "localhost" {
		t.Fatalf("SNI = %+v, want the target without its dot", s.tlsState)
	}
}
