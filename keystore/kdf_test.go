// This file tests the per-file key-derivation budget: real stores spend a
// small part of it, and a file whose derivations would exceed it is refused
// with an error naming the budget, before (JCEKS) or as (PKCS#12) the work
// would be done.

package keystore

import (
	"crypto/rand"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestRealStoresWithinKDFBudget: every fixture made by keytool, OpenSSL or
// go-pkcs12 (cert-manager's encoder) needs under a tenth of the budget.
func TestRealStoresWithinKDFBudget(t *testing.T) {
	for _, f := range []struct{ file, password string }{
		{"client-keystore.p12", testPassword}, {"openssl-chain.p12", testPassword}, {"openssl-legacy.p12", testPassword},
		{"keytool.p12", testPassword}, {"keytool-legacy.p12", testPassword}, {"keytool-mixed.p12", testPassword},
		{"twokeys.p12", testPassword}, {"truststore.p12", testPassword}, {"client.jceks", testPassword},
		{"pem-encrypted.pem", testPassword}, {"nonascii-euro.p12", "pa€ss-wörd"},
	} {
		_, work, err := decodeWork(readTestdata(t, f.file), f.password, false)
		if err != nil {
			t.Fatal(f.file, err)
		}
		t.Logf("%s: %d hash iterations", f.file, work)
		if work == 0 || work > kdfBudget/10 {
			t.Errorf("%s: %d hash iterations of a %d budget", f.file, work, kdfBudget)
		}
	}
	_, work, err := decodeWork(pbmac1KeyStore(t, testPassword), testPassword, false)
	if err != nil || work == 0 || work > kdfBudget/10 {
		t.Errorf("PBMAC1: %d hash iterations, %v", work, err)
	}
}

// manyKeysJCEKS is the shape: a JCEKS of count key entries whose
// keys claim iterations rounds each (no certificates, so it stays small).
func manyKeysJCEKS(t testing.TB, count, iterations int) []byte {
	t.Helper()
	var w javaStoreWriter
	w.u32(jceksMagic)
	w.u32(2)
	w.u32(uint32(count))
	for i := range count {
		salt := make([]byte, 8)
		rand.Read(salt)
		params, err := asn1.Marshal(pbeParams{Salt: salt, Iterations: iterations})
		if err != nil {
			t.Fatal(err)
		}
		enc, err := asn1.Marshal(encryptedPrivateKeyInfo{
			Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidPBEWithMD5AndTripleDES, Parameters: asn1.RawValue{FullBytes: params}},
			Data:      make([]byte, 16),
		})
		if err != nil {
			t.Fatal(err)
		}
		w.u32(jksTagPrivateKey)
		w.utf(fmt.Sprintf("k%d", i))
		w.u64(0)
		w.bytes32(enc)
		w.u32(0) // no certificates
	}
	return w.sealed(testPassword)
}

func TestJCEKSOverKDFBudgetRefusedBeforeDeriving(t *testing.T) {
	// 3,266 keys at Java's 5,000,000-iteration limit: about 1.7 hours of MD5
	// if every key decrypted and nothing bounded the file.
	data := manyKeysJCEKS(t, 3266, maxIterations)
	t.Logf("JCEKS file: %d bytes", len(data))
	_, work, err := decodeWork(data, testPassword, false)
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "budget of 10000000") {
		t.Fatalf("err = %v", err)
	}
	if work != 0 {
		t.Fatalf("%d hash iterations spent before refusing", work)
	}
	// A trust store recovers no key: nothing to refuse.
	if _, err := DecodeTrustStore(data, ""); errors.Is(err, ErrLimit) {
		t.Fatalf("trust store: %v", err)
	}
	// The seed-sized store passes the same check.
	if _, err := Decode(readTestdata(t, "client.jceks"), testPassword, withKDFBudget(400_000)); err != nil {
		t.Fatalf("at its cost: %v", err)
	}
	if _, err := Decode(readTestdata(t, "client.jceks"), testPassword, withKDFBudget(399_999)); !errors.Is(err, ErrLimit) {
		t.Fatalf("under its cost: %v", err)
	}
}

// TestKDFBudgetCountsEveryDerivation: PKCS#12 derivations (MAC, encrypted
// certificates, keys; classic and PBMAC1) all draw on one budget, and the
// derivation that would exceed it is refused without being run.
func TestKDFBudgetCountsEveryDerivation(t *testing.T) {
	data := readTestdata(t, "keytool.p12")
	_, need, err := decodeWork(data, testPassword, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := decodeWork(data, testPassword, false, withKDFBudget(need)); err != nil {
		t.Fatalf("budget %d = its cost: %v", need, err)
	}
	_, spent, err := decodeWork(data, testPassword, false, withKDFBudget(need-1))
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "budget") || spent >= need {
		t.Fatalf("budget %d: spent %d, %v", need-1, spent, err)
	}
	_, _, err = decodeWork(pbmac1KeyStore(t, testPassword), testPassword, false, withKDFBudget(1000))
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "PBMAC1") {
		t.Fatalf("PBMAC1 over budget: %v", err)
	}
}
