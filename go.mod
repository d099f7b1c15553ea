module github.com/jdbcmysql/jdbcmysql

go 1.26.0

require (
	github.com/go-sql-driver/mysql v1.10.1
	github.com/pavlo-v-chernykh/keystore-go/v4 v4.5.0
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/term v0.48.0
	software.sslmate.com/src/go-pkcs12 v0.7.4
)

require (
	filippo.io/edwards25519 v1.2.0 // indirect
	golang.org/x/crypto v0.11.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
)
