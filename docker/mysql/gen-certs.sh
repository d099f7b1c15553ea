#!/usr/bin/env bash
# Writes the demo server's PKI into docker/mysql/certs/: a CA, a server
# certificate (SAN localhost, 127.0.0.1, mysql), and a client certificate for
# x509user as PEM, PKCS#12 (client.p12) and, when keytool exists, JKS
# (client.jks), all with the store password "mypassword" and alias
# "mysqlclient". Existing files are kept; pass --force to remake them.
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)/certs"
if [ -f "$dir/ca.pem" ] && [ "${1:-}" != --force ]; then
	echo "gen-certs: $dir exists; keep it (pass --force to remake)"
	exit 0
fi
command -v openssl >/dev/null || { echo "gen-certs: openssl is missing (apt-get install -y openssl)"; exit 1; }
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
days=1825
openssl req -x509 -newkey rsa:2048 -nodes -days "$days" -subj "/CN=jdbcmysql demo CA" \
	-keyout ca-key.pem -out ca.pem 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server-key.pem -out server.csr 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1,DNS:mysql\nextendedKeyUsage=serverAuth\n' >server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days "$days" \
	-extfile server.ext -out server-cert.pem 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=x509user" -keyout client-key.pem -out client.csr 2>/dev/null
printf 'extendedKeyUsage=clientAuth\n' >client.ext
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days "$days" \
	-extfile client.ext -out client-cert.pem 2>/dev/null
openssl pkcs12 -export -in client-cert.pem -inkey client-key.pem -certfile ca.pem \
	-name mysqlclient -passout pass:mypassword -out client.p12
if command -v keytool >/dev/null; then
	keytool -importkeystore -srckeystore client.p12 -srcstoretype PKCS12 -srcstorepass mypassword \
		-destkeystore client.jks -deststoretype JKS -deststorepass mypassword -noprompt 2>/dev/null
	keytool -importcert -alias demo-ca -file ca.pem -keystore truststore.jks -storetype JKS \
		-storepass mypassword -noprompt 2>/dev/null
fi
rm -f server.csr client.csr server.ext client.ext ca.srl
chmod 0644 ./*.pem
echo "gen-certs: wrote $(ls | tr '\n' ' ')into $dir"
