// This file shows GORM on a Java service's JDBC URL: jdbcmysql's *sql.DB
// handed to GORM's MySQL dialector as its connection (mysql.Config{Conn: db}).
package gorm_test

import (
	"database/sql"
	"testing"

	"github.com/jdbcmysql/jdbcmysql"
	"github.com/jdbcmysql/jdbcmysql/examples/internal/javaservice"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

func TestMain(m *testing.M) { javaservice.Main(m) }

// Product is a model without time fields; gorm_time_test.go has them.
type Product struct {
	ID    uint
	Code  string `gorm:"size:32;uniqueIndex"`
	Price uint
}

func TestGORMOnConnector(t *testing.T) {
	svc := javaservice.Start(t)

	connector, err := jdbcmysql.NewConnector(svc.URL)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(connector)
	defer db.Close()

	gdb, err := gorm.Open(mysql.New(mysql.Config{Conn: db}), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	pool, err := gdb.DB()
	if err != nil {
		t.Fatal(err)
	}
	if pool != db {
		t.Fatal("GORM did not keep jdbcmysql's *sql.DB as its pool")
	}
	svc.CheckX509Session(t, pool)

	if err := gdb.AutoMigrate(&Product{}); err != nil {
		t.Fatal(err)
	}
	if err := gdb.Create(&Product{Code: "D42", Price: 100}).Error; err != nil {
		t.Fatal(err)
	}
	if err := gdb.Model(&Product{}).Where("code = ?", "D42").Update("price", 200).Error; err != nil {
		t.Fatal(err)
	}
	var p Product
	if err := gdb.First(&p, "code = ?", "D42").Error; err != nil {
		t.Fatal(err)
	}
	if p.ID == 0 || p.Price != 200 {
		t.Errorf("read %+v, want code D42 at price 200", p)
	}
	if err := gdb.Create(&Product{Code: "D42", Price: 1}).Error; err == nil {
		t.Error("a second D42 was accepted; the unique index AutoMigrate made is missing")
	}
}
