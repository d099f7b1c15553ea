// This file holds the runnable examples of what jdbcmysql shows of
// secrets and how it bounds a store fetch.

package jdbcmysql_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/jdbcmysql/jdbcmysql"
)

func ExampleRedactLocation() {
	fmt.Println(jdbcmysql.RedactLocation("https://svc:pa ss/word@vault.internal/keystore.p12"))
	fmt.Println(jdbcmysql.RedactLocation("file:/etc/mysql/keystore.jks"))
	// Output:
	// https://svc:***@vault.internal/keystore.p12
	// file:/etc/mysql/keystore.jks
}

func ExampleConfig_MarshalJSON() {
	cfg, err := jdbcmysql.ParseURL("jdbc:mysql://app:s3cret@db:3306/orders?sslMode=REQUIRED")
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := json.Marshal(map[string]any{"config": cfg, "hosts": cfg.Hosts})
	fmt.Println(string(b))
	// Output:
	// {"config":"jdbc:mysql://app:***@db:3306/orders?sslMode=REQUIRED","hosts":["db:3306 password=*** user=app"]}
}

func ExampleWithStoreFetchTimeout() {
	hung := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer hung.Close()
	start := time.Now()
	_, err := jdbcmysql.OpenKeyStore(context.Background(), hung.URL+"/keystore.jks", "JKS", "pw",
		jdbcmysql.WithStoreFetchTimeout(200*time.Millisecond))
	fmt.Println(errors.Is(err, jdbcmysql.ErrKeyStore), time.Since(start) < 5*time.Second)
	// Output:
	// true true
}
