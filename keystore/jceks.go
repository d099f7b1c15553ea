// This file decodes JCEKS key stores, which no other Go library reads: the
// JKS layout plus secret-key entries (skipped) and private keys protected
// with Sun's PBEWithMD5AndTripleDES.

package keystore

import (
	"crypto/des"
	"crypto/md5"
	"encoding/asn1"
)

// oidPBEWithMD5AndTripleDES is Sun's JCEKS key protection algorithm.
var oidPBEWithMD5AndTripleDES = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 42, 2, 19, 1}

// decodeJCEKS decodes a JCEKS file with the password rules of decodeJKS.
// Secret-key entries are skipped: they are no use to TLS.
func (d *decoder) decodeJCEKS(data []byte) (*KeyStore, error) {
	return d.decodeJavaStore(data, jceksMagic, formatJCEKS, func(e javaStoreEntry) ([]byte, error) {
		return d.jceksRecoverKey(e.encKey, e.alias)
	}, jceksKeyWork)
}

// jceksKeyWork is the key-derivation work recovering e's key will cost
// (both salt halves), or 0 if its parameters do not parse.
func jceksKeyWork(e javaStoreEntry) int64 {
	var info encryptedPrivateKeyInfo
	var p pbeParams
	if unmarshalDER(e.encKey, &info) != nil || unmarshalDER(info.Algorithm.Parameters.FullBytes, &p) != nil || p.Iterations < 0 {
		return 0
	}
	return 2 * int64(p.Iterations)
}

// jceksRecoverKey decrypts a PBEWithMD5AndTripleDES-protected PKCS#8 key.
// Java allows only printable ASCII passwords for it ("Password is not
// ASCII"), so other passwords fail here with that reason.
func (d *decoder) jceksRecoverKey(encKey []byte, alias string) ([]byte, error) {
	var info encryptedPrivateKeyInfo
	if err := unmarshalDER(encKey, &info); err != nil {
		return nil, formatError("key entry %q: %v", alias, err)
	}
	if !info.Algorithm.Algorithm.Equal(oidPBEWithMD5AndTripleDES) {
		return nil, unsupportedError("key entry %q: protection algorithm %s", alias, info.Algorithm.Algorithm)
	}
	var p pbeParams
	if err := unmarshalDER(info.Algorithm.Parameters.FullBytes, &p); err != nil || len(p.Salt) != 8 {
		return nil, formatError("key entry %q: bad PBE parameters", alias)
	}
	if err := d.spendKDF("key entry "+quoteAlias(alias)+": PBE", p.Iterations, 2, 1); err != nil {
		return nil, err
	}
	pw := make([]byte, 0, len(d.password))
	for _, r := range d.password {
		if r < 0x20 || r > 0x7E {
			return nil, unsupportedError("key entry %q: JCEKS keys need a printable ASCII password (Java: Password is not ASCII)", alias)
		}
		pw = append(pw, byte(r))
	}
	key, iv := sunPBEMD5TripleDESKey(p.Salt, pw, p.Iterations)
	block, err := des.NewTripleDESCipher(key)
	if err != nil {
		return nil, formatError("key entry %q: %v", alias, err)
	}
	der, err := cbcDecrypt(block, iv, info.Data)
	if err != nil {
		return nil, keyRecoveryError(alias)
	}
	return der, nil
}

// sunPBEMD5TripleDESKey derives the 3DES key and IV of Sun's
// PBEWithMD5AndTripleDES: each salt half is hashed iterations times with the
// password (the first half reversed when both halves are equal).
func sunPBEMD5TripleDESKey(salt, pw []byte, iterations int) (key, iv []byte) {
	s := append([]byte(nil), salt...)
	if string(s[:4]) == string(s[4:]) {
		s[0], s[3] = s[3], s[0]
		s[1], s[2] = s[2], s[1]
	}
	out := make([]byte, 0, 32)
	h := md5.New()
	var buf [md5.Size]byte
	for half := 0; half < 2; half++ {
		v := s[half*4 : half*4+4]
		for j := 0; j < iterations; j++ {
			h.Reset()
			h.Write(v)
			h.Write(pw)
			v = h.Sum(buf[:0])
		}
		out = append(out, v...)
	}
	return out[:24], out[24:32]
}
