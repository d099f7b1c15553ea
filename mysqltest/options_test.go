// Tests of the server options on both backends: the time-zone tables,
// the global sql_mode and time_zone (kept across a restart), extra server
// flags, a CA shared with the caller; and the refusals of bad options.

package mysqltest

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestTimeZoneTablesLoaded(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			s := startTimed(t, WithBackend(backend))
			db, err := s.rootDB()
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var zones int
			if err := db.QueryRow("SELECT COUNT(*) FROM mysql.time_zone_name").Scan(&zones); err != nil || zones < 400 {
				t.Fatalf("mysql.time_zone_name has %d zones (%v), want all of the system's", zones, err)
			}
			// 01:30 UTC on 31 March 2024 is after the Berlin DST change.
			var before, after string
			err = db.QueryRow("SELECT CAST(CONVERT_TZ('2024-03-31 00:30:00', 'UTC', 'Europe/Berlin') AS CHAR), "+
				"CAST(CONVERT_TZ('2024-03-31 01:30:00', 'UTC', 'Europe/Berlin') AS CHAR)").Scan(&before, &after)
			if err != nil || before != "2024-03-31 01:30:00" || after != "2024-03-31 03:30:00" {
				t.Fatalf("CONVERT_TZ to Europe/Berlin: %q, %q (%v)", before, after, err)
			}
			if _, err := db.Exec("SET SESSION time_zone = 'America/New_York'"); err != nil {
				t.Fatalf("a session in a named zone: %v", err)
			}
		})
	}
}

func TestServerOptionsSurviveRestart(t *testing.T) {
	ca, err := NewCA("caller's CA")
	if err != nil {
		t.Fatal(err)
	}
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			s := startOwn(t, ctx, WithBackend(backend), WithSQLMode(""), WithTimeZone("Europe/Berlin"),
				WithServerFlags("--max-connections=77", "--wait-timeout=1234"), WithCA(ca))
			check := func(when string) {
				t.Helper()
				db, err := s.rootDB()
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				var mode, zone string
				var maxConn, wait int
				err = db.QueryRow("SELECT @@GLOBAL.sql_mode, @@GLOBAL.time_zone, @@GLOBAL.max_connections, @@GLOBAL.wait_timeout").
					Scan(&mode, &zone, &maxConn, &wait)
				if err != nil {
					t.Fatal(err)
				}
				if mode != "" || zone != "Europe/Berlin" || maxConn != 77 || wait != 1234 {
					t.Errorf("%s: sql_mode %q, time_zone %q, max_connections %d, wait_timeout %d; want '', Europe/Berlin, 77, 1234",
						when, mode, zone, maxConn, wait)
				}
			}
			check("after start")
			if s.CA != ca {
				t.Fatal("WithCA: the server has another CA")
			}
			cert, err := ca.IssueClient("from the caller's CA")
			if err != nil {
				t.Fatal(err)
			}
			db, err := s.DB(s.Users.X509, s.Users.Password, cert)
			if err != nil {
				t.Fatalf("X509 login with a certificate of the shared CA: %v", err)
			}
			db.Close()
			if err := s.Stop(ctx); err != nil {
				t.Fatal(err)
			}
			if err := s.Start(ctx); err != nil {
				t.Fatal(err)
			}
			check("after a restart")
		})
	}
}

func TestClusterRefusals(t *testing.T) {
	ctx := context.Background()
	if _, err := StartReplication(ctx, 1, WithServerCertNames("db.example")); err == nil || !strings.Contains(err.Error(), "WithServerCertNames") {
		t.Errorf("a cluster with WithServerCertNames: %v", err)
	}
	if _, err := StartGalera(ctx, 0); err == nil || !strings.Contains(err.Error(), "1 to 9") {
		t.Errorf("a cluster of 0 nodes: %v", err)
	}
}
