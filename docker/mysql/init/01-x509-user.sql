-- The users of the demo server: x509user needs a certificate signed by the
-- demo CA (docker/mysql/certs/ca.pem); ssluser needs TLS only. The passwords
-- are demo values for a throwaway local server, not secrets.
CREATE DATABASE IF NOT EXISTS jdbcmysql;
CREATE USER 'x509user'@'%' IDENTIFIED BY 'x509pass' REQUIRE X509;
GRANT ALL ON jdbcmysql.* TO 'x509user'@'%';
CREATE USER 'ssluser'@'%' IDENTIFIED BY 'sslpass' REQUIRE SSL;
GRANT ALL ON jdbcmysql.* TO 'ssluser'@'%';
