// This file shows GORM's dbresolver on a Java service's replication URL:
// jdbcmysql.NewReplication's Source pool is GORM's connection (writes), its
// Replicas pool the dbresolver replica (reads), on a real source with two
// replicas.
package gorm_test

import (
	"context"
	"testing"

	"github.com/jdbcmysql/jdbcmysql"
	"github.com/jdbcmysql/jdbcmysql/mysqltest"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	"gorm.io/plugin/dbresolver"
)

// Order is the model written on the source and read on a replica.
type Order struct {
	ID    uint
	Item  string `gorm:"size:32"`
	Count int
}

func TestGORMDBResolverOnReplication(t *testing.T) {
	cluster := mysqltest.Replication(t, 2)
	url, err := cluster.JDBCURL(cluster.Users.X509, mysqltest.URLScheme("replication"))
	if err != nil {
		t.Fatal(err)
	}
	// jdbc:mysql:replication://source,replica1,replica2/...: the same URL
	// the Java service uses with setReadOnly(true) for its reads.
	repl, err := jdbcmysql.NewReplication(url)
	if err != nil {
		t.Fatal(err)
	}
	defer repl.Close()

	gdb, err := gorm.Open(mysql.New(mysql.Config{Conn: repl.Source()}), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	err = gdb.Use(dbresolver.Register(dbresolver.Config{
		Replicas: []gorm.Dialector{mysql.New(mysql.Config{Conn: repl.Replicas()})},
	}))
	if err != nil {
		t.Fatal(err)
	}

	if err := gdb.AutoMigrate(&Order{}); err != nil { // DDL: the source
		t.Fatal(err)
	}
	if err := gdb.Create(&Order{Item: "D42", Count: 3}).Error; err != nil { // a write: the source
		t.Fatal(err)
	}
	if err := cluster.WaitInSync(context.Background()); err != nil {
		t.Fatal(err)
	}
	var o Order
	if err := gdb.First(&o, "item = ?", "D42").Error; err != nil { // a read: a replica
		t.Fatal(err)
	}
	if o.Count != 3 {
		t.Fatalf("read %+v", o)
	}

	var readOn, writeOn int64
	if err := gdb.Raw("SELECT @@server_id").Scan(&readOn).Error; err != nil {
		t.Fatal(err)
	}
	if err := gdb.Clauses(dbresolver.Write).Raw("SELECT @@server_id").Scan(&writeOn).Error; err != nil {
		t.Fatal(err)
	}
	var sourceID int64
	if err := repl.Source().QueryRow("SELECT @@server_id").Scan(&sourceID); err != nil {
		t.Fatal(err)
	}
	if writeOn != sourceID || readOn == sourceID {
		t.Fatalf("reads on server %d, writes on %d; the source is %d", readOn, writeOn, sourceID)
	}
	// A write forced onto the replica pool is refused: its sessions are read-only.
	if err := gdb.Clauses(dbresolver.Read).Exec("INSERT INTO orders (item, count) VALUES ('x', 1)").Error; err == nil {
		t.Fatal("a write on the replicas succeeded")
	}
}
