// This file checks RC2 against the test vectors of RFC 2268 section 5.

package rc2

import (
	"bytes"
	"encoding/hex"
	"testing"
)

func TestRFC2268Vectors(t *testing.T) {
	vectors := []struct {
		key        string
		bits       int
		plain, enc string
	}{
		{"0000000000000000", 63, "0000000000000000", "ebb773f993278eff"},
		{"ffffffffffffffff", 64, "ffffffffffffffff", "278b27e42e2f0d49"},
		{"3000000000000000", 64, "1000000000000001", "30649edf9be7d2c2"},
		{"88", 64, "0000000000000000", "61a8a244adacccf0"},
		{"88bca90e90875a", 64, "0000000000000000", "6ccf4308974c267f"},
		{"88bca90e90875a7f0f79c384627bafb2", 64, "0000000000000000", "1a807d272bbe5db1"},
		{"88bca90e90875a7f0f79c384627bafb2", 128, "0000000000000000", "2269552ab0f85ca6"},
		{"88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e", 129, "0000000000000000", "5b78d3a43dfff1f1"},
	}
	for _, v := range vectors {
		key, _ := hex.DecodeString(v.key)
		plain, _ := hex.DecodeString(v.plain)
		want, _ := hex.DecodeString(v.enc)
		c, err := New(key, v.bits)
		if err != nil {
			t.Fatal(err)
		}
		got := make([]byte, BlockSize)
		c.Encrypt(got, plain)
		if !bytes.Equal(got, want) {
			t.Errorf("key %s, %d bits: encrypt = %x, want %x", v.key, v.bits, got, want)
		}
		c.Decrypt(got, want)
		if !bytes.Equal(got, plain) {
			t.Errorf("key %s, %d bits: decrypt = %x, want %x", v.key, v.bits, got, plain)
		}
	}
}

func TestPITableIsPermutation(t *testing.T) {
	var seen [256]bool
	for _, b := range piTable {
		if seen[b] {
			t.Fatalf("0x%02x appears twice", b)
		}
		seen[b] = true
	}
}

func TestNewRefusesBadLengths(t *testing.T) {
	for _, c := range []struct{ key, bits int }{{0, 64}, {129, 64}, {8, 0}, {8, 1025}} {
		if _, err := New(make([]byte, c.key), c.bits); err == nil {
			t.Errorf("key %d bytes, %d bits: accepted", c.key, c.bits)
		}
	}
}
