// This file shows GORM reading and writing time.Time fields (gorm.Model's
// timestamps and a field of the model's own) through the connector, with
// the wall times Connector/J would store: the process zone by default.
package gorm_test

import (
	"database/sql"
	"testing"
	"time"

	"github.com/jdbcmysql/jdbcmysql"
	"github.com/jdbcmysql/jdbcmysql/examples/internal/javaservice"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

type Shipment struct {
	gorm.Model
	Code      string `gorm:"size:32"`
	ShippedAt time.Time
	Delivered sql.NullTime
}

func TestGORMTimeFields(t *testing.T) {
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
	if err := gdb.AutoMigrate(&Shipment{}); err != nil {
		t.Fatal(err)
	}
	// The instant goes in with a Location of its own; what is stored is its
	// wall clock in the process zone (connectionTimeZone=LOCAL).
	at := time.Date(2024, 7, 15, 12, 34, 56, 0, time.UTC)
	s := Shipment{Code: "S1", ShippedAt: at.In(time.FixedZone("far", -9*3600))}
	if err := gdb.Create(&s).Error; err != nil {
		t.Fatal(err)
	}
	if got, want := svc.StoredText(t, "SELECT CAST(shipped_at AS CHAR) FROM shipments WHERE code = 'S1'"), at.In(time.Local).Format("2006-01-02 15:04:05"); got[:19] != want {
		t.Errorf("stored shipped_at %q, want the wall time %s in the process zone", got, want)
	}
	var back Shipment
	if err := gdb.First(&back, "code = ?", "S1").Error; err != nil {
		t.Fatalf("First on a gorm.Model: %v", err)
	}
	if !back.ShippedAt.Equal(at) || back.CreatedAt.IsZero() || back.UpdatedAt.IsZero() || back.Delivered.Valid || back.DeletedAt.Valid {
		t.Errorf("read %+v, want shipped at %v, created and updated set, no delivery or deletion", back, at)
	}
	if err := gdb.Model(&back).Update("delivered", sql.NullTime{Time: at.Add(time.Hour), Valid: true}).Error; err != nil {
		t.Fatal(err)
	}
	if err := gdb.Delete(&back).Error; err != nil {
		t.Fatal(err)
	}
	var deleted Shipment
	if err := gdb.Unscoped().First(&deleted, back.ID).Error; err != nil {
		t.Fatal(err)
	}
	if !deleted.Delivered.Valid || !deleted.Delivered.Time.Equal(at.Add(time.Hour)) || !deleted.DeletedAt.Valid {
		t.Errorf("after update and soft delete: %+v", deleted)
	}
}
