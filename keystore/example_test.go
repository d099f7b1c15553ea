// This file holds the package's runnable examples.

package keystore_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/jdbcmysql/jdbcmysql/keystore"
)

func ExampleDecode() {
	// Made with: keytool -importkeystore ... -deststoretype JKS -deststorepass mypassword
	data, err := os.ReadFile("../testdata/keystore")
	if err != nil {
		fmt.Println(err)
		return
	}
	ks, err := keystore.Decode(data, "mypassword")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range ks.Entries {
		fmt.Println(ks.Format, e.Alias, e.Chain[0].Subject.CommonName, e.Trusted())
	}
	_, err = keystore.Decode(data, "guess")
	fmt.Println(errors.Is(err, keystore.ErrIncorrectPassword), err)
	// Output:
	// JKS mysqlclient mysqlclient false
	// true Keystore was tampered with, or password was incorrect (the given password is incorrect)
}

func ExampleDecodeTrustStore() {
	// keytool -importcert -alias trustedca -file ca-cert.pem -storetype PKCS12 -storepass mypassword
	data, err := os.ReadFile("../testdata/truststore.p12")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, password := range []string{"mypassword", ""} {
		ts, err := keystore.DecodeTrustStore(data, password)
		if err != nil {
			fmt.Println(err)
			return
		}
		// Without a password, keytool's encrypted certificates stay unread, as in Java.
		fmt.Printf("password %q: %d trusted certificates\n", password, len(ts.Entries))
		for _, e := range ts.Entries {
			fmt.Println(e.Alias, e.Chain[0].Subject.CommonName)
		}
	}
	// Output:
	// password "mypassword": 1 trusted certificates
	// trustedca jdbcmysql test CA
	// password "": 0 trusted certificates
}

func ExampleWithType() {
	data, err := os.ReadFile("../testdata/keytool.p12")
	if err != nil {
		fmt.Println(err)
		return
	}
	// Java's keystore.type.compat: a JKS-typed store may be a PKCS#12 file...
	ks, err := keystore.Decode(data, "mypassword", keystore.WithType("JKS"))
	fmt.Println(ks.Format, err)
	// ...but JCEKS does not load PKCS#12.
	_, err = keystore.Decode(data, "mypassword", keystore.WithType("JCEKS"))
	fmt.Println(errors.Is(err, keystore.ErrFormat))
	_, err = keystore.Decode(data, "mypassword", keystore.WithType("p12"))
	fmt.Println(errors.Is(err, keystore.ErrUnknownType))
	// Output:
	// PKCS12 <nil>
	// true
	// true
}
