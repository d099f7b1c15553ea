#!/usr/bin/env bash
# This script regenerates every key store and certificate in testdata/ with
# real openssl and keytool (Java 17). Tests read the committed files; only this
# script needs Java. Run it from anywhere: bash testdata/generate.sh
set -euo pipefail
cd "$(dirname "$0")"
export LC_ALL=C.UTF-8
KT="keytool -J-Dsun.jnu.encoding=UTF-8 -J-Dfile.encoding=UTF-8"
DAYS=36500 # 100 years: fixtures must not expire
PW=mypassword

rm -f ./*.pem ./*.p12 ./*.jks ./*.jceks keystore ./*.srl ./*.csr ./*.ext

# --- certificates: two CAs, two clients, a server ---
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca-cert.pem -days $DAYS -subj "/CN=jdbcmysql test CA" 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca2-key.pem -out ca2-cert.pem -days $DAYS -subj "/CN=jdbcmysql second CA" 2>/dev/null
printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n' > client.ext
openssl req -newkey rsa:2048 -nodes -keyout client-key.pem -out client.csr -subj "/CN=mysqlclient" 2>/dev/null
openssl x509 -req -in client.csr -CA ca-cert.pem -CAkey ca-key.pem -CAcreateserial -days $DAYS -extfile client.ext -out client-cert.pem 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout client2-key.pem -out client.csr -subj "/CN=otherclient" 2>/dev/null
openssl x509 -req -in client.csr -CA ca2-cert.pem -CAkey ca2-key.pem -CAcreateserial -days $DAYS -extfile client.ext -out client2-cert.pem 2>/dev/null
rm -f client.csr client.ext ./*.srl

# --- the seed's two commands, verbatim ---
openssl pkcs12 -export -in client-cert.pem -inkey client-key.pem -name mysqlclient -passout pass:mypassword -out client-keystore.p12
$KT -importkeystore -srckeystore client-keystore.p12 -srcstoretype pkcs12 -srcstorepass mypassword -destkeystore keystore -deststoretype JKS -deststorepass mypassword 2>/dev/null

# --- OpenSSL PKCS#12 variants ---
cat client-cert.pem ca-cert.pem > client-chain.pem
openssl pkcs12 -export -in client-chain.pem -inkey client-key.pem -name mysqlclient -passout pass:$PW -out openssl-chain.p12
openssl pkcs12 -export -legacy -in client-chain.pem -inkey client-key.pem -name mysqlclient -passout pass:$PW -out openssl-legacy.p12
openssl pkcs12 -export -in client2-cert.pem -inkey client2-key.pem -name otherclient -passout pass:$PW -out client2.p12
openssl pkcs12 -export -nokeys -in ca-cert.pem -passout pass:$PW -out truststore-openssl.p12
openssl pkcs12 -export -nokeys -in ca-cert.pem -certpbe NONE -nomac -passout pass: -out truststore-nopass.p12

# --- keytool PKCS12: JDK 17 default (PBES2 + HmacPBESHA256) and legacy ---
$KT -importkeystore -srckeystore openssl-chain.p12 -srcstoretype pkcs12 -srcstorepass $PW -destkeystore keytool.p12 -deststoretype PKCS12 -deststorepass $PW 2>/dev/null
$KT -J-Dkeystore.pkcs12.legacy -importkeystore -srckeystore openssl-chain.p12 -srcstoretype pkcs12 -srcstorepass $PW -destkeystore keytool-legacy.p12 -deststoretype PKCS12 -deststorepass $PW 2>/dev/null
# key + trusted CAs in one PKCS12 (the chain must not pick up the trusted CAs)
$KT -importkeystore -srckeystore client-keystore.p12 -srcstoretype pkcs12 -srcstorepass $PW -destkeystore keytool-mixed.p12 -deststoretype PKCS12 -deststorepass $PW 2>/dev/null
$KT -importcert -noprompt -alias trustedca -file ca-cert.pem -keystore keytool-mixed.p12 -storetype PKCS12 -storepass $PW 2>/dev/null
$KT -importcert -noprompt -alias secondca -file ca2-cert.pem -keystore keytool-mixed.p12 -storetype PKCS12 -storepass $PW 2>/dev/null
# two private keys
$KT -importkeystore -srckeystore openssl-chain.p12 -srcstoretype pkcs12 -srcstorepass $PW -destkeystore twokeys.p12 -deststoretype PKCS12 -deststorepass $PW 2>/dev/null
$KT -importkeystore -srckeystore client2.p12 -srcstoretype pkcs12 -srcstorepass $PW -destkeystore twokeys.p12 -deststoretype PKCS12 -deststorepass $PW 2>/dev/null
$KT -importkeystore -srckeystore twokeys.p12 -srcstoretype pkcs12 -srcstorepass $PW -destkeystore twokeys.jks -deststoretype JKS -deststorepass $PW 2>/dev/null

# --- JKS and JCEKS ---
$KT -importkeystore -srckeystore openssl-chain.p12 -srcstoretype pkcs12 -srcstorepass $PW -destkeystore chain.jks -deststoretype JKS -deststorepass $PW 2>/dev/null
$KT -importkeystore -srckeystore openssl-chain.p12 -srcstoretype pkcs12 -srcstorepass $PW -destkeystore client.jceks -deststoretype JCEKS -deststorepass $PW 2>/dev/null
$KT -importcert -noprompt -alias trustedca -file ca-cert.pem -keystore client.jceks -storetype JCEKS -storepass $PW 2>/dev/null
$KT -genseckey -alias aessecret -keyalg AES -keysize 128 -keystore client.jceks -storetype JCEKS -storepass $PW -keypass $PW 2>/dev/null
$KT -genkeypair -alias otherpass -keyalg EC -groupname secp256r1 -dname CN=otherpass -validity $DAYS -keystore keypass-differs.jks -storetype JKS -storepass $PW -keypass otherpassword 2>/dev/null
# mixed-case alias is impossible with keytool (it lower-cases); tests cover case-insensitive lookup.

# --- trust stores ---
$KT -importcert -noprompt -alias trustedca -file ca-cert.pem -keystore truststore.jks -storetype JKS -storepass $PW 2>/dev/null
$KT -importcert -noprompt -alias trustedca -file ca-cert.pem -keystore truststore.p12 -storetype PKCS12 -storepass $PW 2>/dev/null
$KT -importcert -noprompt -alias trustedca -file ca-cert.pem -keystore truststore.jceks -storetype JCEKS -storepass $PW 2>/dev/null

# --- non-ASCII passwords (Latin-1 only, and beyond Latin-1) ---
$KT -importkeystore -srckeystore client-keystore.p12 -srcstoretype pkcs12 -srcstorepass $PW -destkeystore nonascii-latin1.jks -deststoretype JKS -deststorepass 'pässwörd' -destkeypass 'pässwörd' 2>/dev/null
$KT -importkeystore -srckeystore client-keystore.p12 -srcstoretype pkcs12 -srcstorepass $PW -destkeystore nonascii-euro.jks -deststoretype JKS -deststorepass 'pa€ss-wörd' -destkeypass 'pa€ss-wörd' 2>/dev/null
# Java protects JCEKS keys only with ASCII passwords ("Password is not ASCII"): a trust store then.
$KT -importcert -noprompt -alias trustedca -file ca-cert.pem -keystore nonascii-euro.jceks -storetype JCEKS -storepass 'pa€ss-wörd' 2>/dev/null
# keytool 17 refuses non-ASCII PKCS12 passwords ("Password is not ASCII"); openssl writes one.
openssl pkcs12 -export -in client-cert.pem -inkey client-key.pem -name mysqlclient -passout 'pass:pa€ss-wörd' -out nonascii-euro.p12

# --- PEM forms ---
cat client-cert.pem ca-cert.pem client-key.pem > pem-pkcs8.pem
openssl rsa -in client-key.pem -traditional -out key-pkcs1.tmp 2>/dev/null
cat client-cert.pem key-pkcs1.tmp > pem-pkcs1.pem
openssl ec -in client2-key.pem -out key-sec1.tmp 2>/dev/null
cat client2-cert.pem key-sec1.tmp > pem-sec1.pem
openssl pkcs8 -topk8 -v2 aes-256-cbc -in client-key.pem -passout pass:$PW -out key-enc.tmp
cat client-cert.pem key-enc.tmp > pem-encrypted.pem
cat ca-cert.pem ca2-cert.pem > pem-trust.pem
rm -f key-*.tmp
ls -l
