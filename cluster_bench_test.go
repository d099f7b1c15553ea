// This file measures host selection on mysqltest's shared replication set
// (three real servers, the X509 user over VERIFY_IDENTITY): connects with
// one of three hosts blackholed and the blocklist on against all healthy,
// the failover time from a killed primary to the first successful query,
// and the cost of load balancing per connect against a single host. Run
// with make bench.

package jdbcmysql

import (
	"context"
	"database/sql"
	"slices"
	"testing"
	"time"

	"github.com/jdbcmysql/jdbcmysql/mysqltest"
)

// clusterConnector is a connector for the X509 user over the given nodes.
func clusterConnector(b *testing.B, c *mysqltest.Cluster, opts ...mysqltest.URLOption) *Connector {
	b.Helper()
	u, err := c.JDBCURL(c.Users.X509, opts...)
	if err != nil {
		b.Fatal(err)
	}
	conn, err := NewConnector(u)
	if err != nil {
		b.Fatal(err)
	}
	return conn
}

// connectTimes runs n connect-ping-close cycles and returns their times.
func connectTimes(b *testing.B, conn *Connector, n int) []time.Duration {
	b.Helper()
	ctx := context.Background()
	out := make([]time.Duration, n)
	for i := range out {
		start := time.Now()
		if err := connectPingClose(ctx, conn); err != nil {
			b.Fatal(err)
		}
		out[i] = time.Since(start)
	}
	return out
}

// percentile returns the p-th percentile (0-100) of ds.
func percentile(ds []time.Duration, p float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(p / 100 * float64(len(s)-1))
	return s[i]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// BenchmarkClusterConnectOneBlackholed: load balancing (random) over three
// nodes, connectTimeout=1000, loadBalanceBlocklistTimeout=60000. After the
// one connect that finds the paused node (and pays connectTimeout), p50
// and p99 of connects against the same with every node healthy.
func BenchmarkClusterConnectOneBlackholed(b *testing.B) {
	c := mysqltest.Replication(b, 2)
	ctx := context.Background()
	silent := c.Replicas()[1]
	conn := clusterConnector(b, c, mysqltest.URLScheme("loadbalance"), mysqltest.URLProperty("connectTimeout", "1000"),
		mysqltest.URLProperty("loadBalanceBlocklistTimeout", "60000"))
	key := hostKey(Host{Host: silent.Host, Port: silent.Port})
	const n = 200
	connectTimes(b, conn, 10) // warm up (TLS sessions)
	healthy := connectTimes(b, conn, n)
	if err := silent.Pause(ctx); err != nil {
		b.Fatal(err)
	}
	defer func() {
		globalBlocklist.remove(key)
		if err := silent.Unpause(ctx); err != nil {
			b.Error(err)
		}
	}()
	var firstFailure time.Duration
	for i := 0; firstFailure == 0 && i < 100; i++ { // until a connect meets the paused node
		failed := false
		tctx := WithConnectTrace(ctx, func(a ConnectAttempt) { failed = failed || a.Err != nil })
		start := time.Now()
		if err := connectPingClose(tctx, conn); err != nil {
			b.Fatal(err)
		}
		if failed {
			firstFailure = time.Since(start)
		}
	}
	if firstFailure == 0 {
		b.Fatal("no connect met the paused node")
	}
	blackholed := connectTimes(b, conn, n)
	b.ReportMetric(ms(firstFailure), "first-failure-ms")
	b.ReportMetric(ms(percentile(healthy, 50)), "healthy-p50-ms")
	b.ReportMetric(ms(percentile(healthy, 99)), "healthy-p99-ms")
	b.ReportMetric(ms(percentile(blackholed, 50)), "blackholed-p50-ms")
	b.ReportMetric(ms(percentile(blackholed, 99)), "blackholed-p99-ms")
	b.ReportMetric(float64(percentile(blackholed, 50))/float64(percentile(healthy, 50)), "p50-x-healthy")
	b.ReportMetric(float64(percentile(blackholed, 99))/float64(percentile(healthy, 99)), "p99-x-healthy")
}

// BenchmarkClusterFailoverTime: failover URL (source first),
// connectTimeout=1000; ten times: kill the source, time until the pool's
// first successful query (on a replica), start the source again. Reports
// the median and the target connectTimeout + 2x a healthy connect.
func BenchmarkClusterFailoverTime(b *testing.B) {
	c := mysqltest.Replication(b, 2)
	ctx := context.Background()
	defer func() {
		if err := c.Heal(ctx); err != nil {
			b.Error(err)
		}
	}()
	src := c.Source()
	single := clusterConnector(b, c, mysqltest.URLNodes(src))
	connectTimes(b, single, 5)
	healthy := percentile(connectTimes(b, single, 20), 50)
	conn := clusterConnector(b, c, mysqltest.URLProperty("connectTimeout", "1000"))
	var times []time.Duration
	for range 10 {
		db := sql.OpenDB(conn)
		db.SetMaxOpenConns(4)
		if err := db.PingContext(ctx); err != nil {
			b.Fatal(err)
		}
		if err := src.Kill(ctx); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		for {
			qctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			var id int64
			err := db.QueryRowContext(qctx, "SELECT @@server_id").Scan(&id)
			cancel()
			if err == nil {
				break
			}
			if time.Since(start) > 30*time.Second {
				b.Fatalf("no query succeeded within 30 s of the kill: %v", err)
			}
		}
		times = append(times, time.Since(start))
		db.Close()
		if err := src.Start(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(ms(percentile(times, 50)), "failover-median-ms")
	b.ReportMetric(ms(healthy), "healthy-connect-ms")
	b.ReportMetric(ms(time.Second+2*healthy), "target-ms")
}

// BenchmarkClusterLoadBalanceConnect: connect, ping, close through
// jdbc:mysql:loadbalance:// against single-host connectors, interleaved op
// by op: random over three nodes against a single-host connector to each
// node in turn (so both sides reach the same servers equally often), and
// load balancing over one node against that node alone.
func BenchmarkClusterLoadBalanceConnect(b *testing.B) {
	c := mysqltest.Replication(b, 2)
	var singles []*Connector
	for _, n := range c.Nodes {
		singles = append(singles, clusterConnector(b, c, mysqltest.URLNodes(n)))
	}
	b.Run("random-over-3", func(b *testing.B) {
		lb := clusterConnector(b, c, mysqltest.URLScheme("loadbalance"))
		next := 0
		lbPair(b, lb, func() *Connector { next++; return singles[next%len(singles)] })
	})
	b.Run("one-host", func(b *testing.B) {
		lb := clusterConnector(b, c, mysqltest.URLScheme("loadbalance"), mysqltest.URLNodes(c.Nodes[0]))
		lbPair(b, lb, func() *Connector { return singles[0] })
	})
}

// lbPair alternates connects through lb and through single() b.N times each
// and reports both means and their ratio.
func lbPair(b *testing.B, lb *Connector, single func() *Connector) {
	ctx := context.Background()
	connectTimes(b, lb, 10)
	for range 10 {
		connectTimes(b, single(), 1)
	}
	var tl, ts time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := single()
		start := time.Now()
		var err1, err2 error
		if i%2 == 0 {
			err1 = connectPingClose(ctx, lb)
			mid := time.Now()
			err2 = connectPingClose(ctx, s)
			tl, ts = tl+mid.Sub(start), ts+time.Since(mid)
		} else {
			err1 = connectPingClose(ctx, s)
			mid := time.Now()
			err2 = connectPingClose(ctx, lb)
			ts, tl = ts+mid.Sub(start), tl+time.Since(mid)
		}
		if err1 != nil || err2 != nil {
			b.Fatal(err1, err2)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(tl.Nanoseconds())/float64(b.N), "lb-ns/op")
	b.ReportMetric(float64(ts.Nanoseconds())/float64(b.N), "single-ns/op")
	b.ReportMetric(float64(tl)/float64(ts), "x-single")
}
