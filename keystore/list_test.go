// Tests for List: what keytool -list and openssl pkcs12 -info show of the
// fixtures, including what Decode refuses to use.

package keystore

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// listing summarises a Listing in one line per entry, for comparison.
func listing(l *Listing) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s verified=%v", l.Format, l.Verified)
	if l.Integrity != nil {
		fmt.Fprintf(&b, " integrity=%q/%d", l.Integrity.Algorithm, l.Integrity.Iterations)
	}
	for _, p := range l.Encryption {
		fmt.Fprintf(&b, " encryption=%q/%d legacy=%v", p.Algorithm, p.Iterations, p.Legacy != "")
	}
	if l.Unread != "" {
		b.WriteString(" unread")
	}
	for _, e := range l.Entries {
		fmt.Fprintf(&b, "\n%s %s chain=%d key=%v", e.Alias, e.Type, len(e.Chain), e.PrivateKey != nil)
		if !e.Created.IsZero() {
			fmt.Fprintf(&b, " created=%s", e.Created.Format("2006"))
		}
		if e.KeyError != nil {
			fmt.Fprintf(&b, " keyerr(password=%v)", errors.Is(e.KeyError, ErrIncorrectPassword))
		}
		if p := e.Protection; p != nil {
			fmt.Fprintf(&b, " protection=%q/%d", p.Algorithm, p.Iterations)
		}
	}
	return b.String()
}

func TestList(t *testing.T) {
	created := func() string {
		// The JKS/JCEKS fixtures carry the date generate.sh ran.
		l, err := List(readTestdata(t, "truststore.jks"), testPassword)
		if err != nil {
			t.Fatal(err)
		}
		return l.Entries[0].Created.Format("2006")
	}()
	jksIntegrity := `integrity="SHA-1 digest keyed with the password"/0`
	tests := []struct {
		file, password, want string
	}{
		// keytool lists a store whose key password differs; so does List.
		{"keypass-differs.jks", testPassword, "JKS verified=true " + jksIntegrity +
			"\notherpass PrivateKeyEntry chain=1 key=false created=" + created + ` keyerr(password=true) protection="JKS key protector (SHA-1 keystream)"/0`},
		// A trust store without its password: listed, not verified.
		{"truststore.jks", "", "JKS verified=false " + jksIntegrity + "\ntrustedca trustedCertEntry chain=1 key=false created=" + created},
		// JCEKS without a declared type, secret key entries shown.
		{"client.jceks", testPassword, `JCEKS verified=true integrity="SHA-1 digest keyed with the password"/0` +
			"\ntrustedca trustedCertEntry chain=1 key=false created=" + created +
			"\naessecret SecretKeyEntry chain=0 key=false created=" + created +
			"\nmysqlclient PrivateKeyEntry chain=2 key=true created=" + created + ` protection="PBEWithMD5AndTripleDES"/200000`},
		{"openssl-legacy.p12", testPassword, `PKCS12 verified=true integrity="MAC sha1"/2048 encryption="pbeWithSHA1And40BitRC2-CBC"/2048 legacy=true` +
			"\nmysqlclient PrivateKeyEntry chain=2 key=true protection=\"pbeWithSHA1And3-KeyTripleDES-CBC\"/2048"},
		{"keytool.p12", testPassword, `PKCS12 verified=true integrity="MAC sha256"/10000 encryption="PBES2, PBKDF2, AES-256-CBC, PRF hmacWithSHA256"/10000 legacy=false` +
			"\nmysqlclient PrivateKeyEntry chain=2 key=true protection=\"PBES2, PBKDF2, AES-256-CBC, PRF hmacWithSHA256\"/10000"},
		// Without the password an encrypted PKCS#12 shows what is visible.
		{"truststore.p12", "", `PKCS12 verified=false integrity="MAC sha256"/10000 encryption="PBES2, PBKDF2, AES-256-CBC, PRF hmacWithSHA256"/10000 legacy=false unread`},
		{"keytool.p12", "", `PKCS12 verified=false integrity="MAC sha256"/10000 encryption="PBES2, PBKDF2, AES-256-CBC, PRF hmacWithSHA256"/10000 legacy=false unread` +
			"\nmysqlclient PrivateKeyEntry chain=0 key=false keyerr(password=true) protection=\"PBES2, PBKDF2, AES-256-CBC, PRF hmacWithSHA256\"/10000"},
		{"truststore-nopass.p12", "", "PKCS12 verified=false\ncert-1 trustedCertEntry chain=1 key=false"},
		{"pem-pkcs8.pem", "", "PEM verified=false\nmysqlclient PrivateKeyEntry chain=2 key=true"},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.password, func(t *testing.T) {
			l, err := List(readTestdata(t, tt.file), tt.password)
			if err != nil {
				t.Fatal(err)
			}
			if got := listing(l); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestListRefusesWrongPassword(t *testing.T) {
	for _, f := range []string{"truststore.jks", "client.jceks", "keytool.p12"} {
		if _, err := List(readTestdata(t, f), "wrong"); !errors.Is(err, ErrIncorrectPassword) {
			t.Errorf("%s with a wrong password: %v, want ErrIncorrectPassword", f, err)
		}
	}
}

// List leaves Decode's rules alone: the keys List lists but cannot recover
// still fail Decode.
func TestListDoesNotChangeDecode(t *testing.T) {
	if _, err := Decode(readTestdata(t, "keypass-differs.jks"), testPassword); !errors.Is(err, ErrIncorrectPassword) {
		t.Errorf("Decode(keypass-differs.jks) = %v, want ErrIncorrectPassword", err)
	}
	ks, err := Decode(readTestdata(t, "client.jceks"), testPassword)
	if err != nil || len(ks.Entries) != 2 {
		t.Errorf("Decode(client.jceks) = %v entries, %v; want 2 (secret keys are not Entries)", ks, err)
	}
}

func ExampleList() {
	// keytool -genkeypair ... -keypass otherpassword: keytool -list shows it.
	data, err := os.ReadFile("../testdata/keypass-differs.jks")
	if err != nil {
		fmt.Println(err)
		return
	}
	l, err := List(data, "mypassword")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range l.Entries {
		fmt.Println(l.Format, l.Verified, e.Alias, e.Type, e.Chain[0].Subject.CommonName, errors.Is(e.KeyError, ErrIncorrectPassword))
	}
	// Output: JKS true otherpass PrivateKeyEntry otherpass true
}

// FuzzList: listing any input, with and without a password, never panics,
// classifies its errors and every entry's KeyError, and finishes in time.
func FuzzList(f *testing.F) {
	for _, name := range []string{"keystore", "client.jceks", "keypass-differs.jks", "keytool.p12", "openssl-legacy.p12", "pem-pkcs8.pem", "truststore-nopass.p12"} {
		f.Add(readTestdata(f, name))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		for _, password := range []string{"", testPassword} {
			l, err := List(data, password, fuzzOptions("")...)
			if err != nil {
				if !classified(err) {
					t.Fatalf("unclassified error: %v", err)
				}
				continue
			}
			for _, e := range l.Entries {
				if e.KeyError != nil && !classified(e.KeyError) {
					t.Fatalf("entry %q: unclassified key error: %v", e.Alias, e.KeyError)
				}
			}
		}
		if took := time.Since(start); len(data) <= fuzzMaxInput && took > fuzzTimeBound {
			t.Fatalf("%d-byte input took %v (bound %v)", len(data), took, fuzzTimeBound)
		}
	})
}
