// This file applies the sslMode rules to the certificates a server sends:
// validity dates (every mode with TLS), the chain as sent against the trust
// anchors (VERIFY_CA), and Connector/J's hostname rule (VERIFY_IDENTITY). It
// knows certificates and hostnames and nothing about URLs.

package jdbcmysql
