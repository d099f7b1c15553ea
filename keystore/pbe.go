// This file implements the password-based encryption that PKCS#12 files and
// encrypted PKCS#8 keys use: the PKCS#12 key derivation (RFC 7292 appendix
// B) with its SHA-1 3DES and RC2 ciphers, and PBES2 (PBKDF2 with AES or
// 3DES).

package keystore

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"hash"
	"math/big"
	"unicode/utf16"

	"github.com/jdbcmysql/jdbcmysql/keystore/internal/rc2"
)

var (
	oidPBEWithSHAAnd3KeyTripleDESCBC = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 3}
	oidPBEWithSHAAnd128BitRC2CBC     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 5}
	oidPBEWithSHAAnd40BitRC2CBC      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 6}
	oidPBES2                         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2                        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidHMACWithSHA1                  = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 7}
	oidHMACWithSHA224                = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 8}
	oidHMACWithSHA256                = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}
	oidHMACWithSHA384                = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 10}
	oidHMACWithSHA512                = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 11}
	oidAES128CBC                     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 2}
	oidAES192CBC                     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 22}
	oidAES256CBC                     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
	oidDESEDE3CBC                    = asn1.ObjectIdentifier{1, 2, 840, 113549, 3, 7}
	oidSHA1                          = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidSHA224                        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 4}
	oidSHA256                        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384                        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512                        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
)

// errBadDecryption means a decryption produced invalid padding: almost
// always a wrong password.
var errBadDecryption = errors.New("decryption failed (wrong password?)")

// encryptedPrivateKeyInfo is PKCS#8's EncryptedPrivateKeyInfo, which JKS,
// JCEKS, PKCS#12 and PEM all use to wrap keys.
type encryptedPrivateKeyInfo struct {
	Algorithm pkix.AlgorithmIdentifier
	Data      []byte
}

type pbeParams struct {
	Salt       []byte
	Iterations int
}

type pbes2Params struct {
	KDF pkix.AlgorithmIdentifier
	Enc pkix.AlgorithmIdentifier
}

type pbkdf2Params struct {
	Salt       []byte
	Iterations int
	KeyLength  int                      `asn1:"optional"`
	PRF        pkix.AlgorithmIdentifier `asn1:"optional"`
}

// bmpPassword encodes password as PKCS#12 wants it for its key derivation:
// big-endian UTF-16 with a two-byte terminator, as Java's char[] does.
func bmpPassword(password string) []byte {
	u := utf16.Encode([]rune(password))
	out := make([]byte, 0, 2*len(u)+2)
	for _, c := range u {
		out = append(out, byte(c>>8), byte(c))
	}
	return append(out, 0, 0)
}

// digestForOID returns the hash constructor and PKCS#12 block size for a
// digest algorithm OID.
func digestForOID(oid asn1.ObjectIdentifier) (func() hash.Hash, int, error) {
	switch {
	case oid.Equal(oidSHA1):
		return sha1.New, 64, nil
	case oid.Equal(oidSHA224):
		return sha256.New224, 64, nil
	case oid.Equal(oidSHA256):
		return sha256.New, 64, nil
	case oid.Equal(oidSHA384):
		return sha512.New384, 128, nil
	case oid.Equal(oidSHA512):
		return sha512.New, 128, nil
	}
	return nil, 0, unsupportedError("digest %s is not supported", oid)
}

// hmacForOID returns the hash of an HMAC algorithm OID (PBKDF2's PRF,
// PBMAC1's MAC); an absent OID is HMAC-SHA1, PBKDF2's default.
func hmacForOID(oid asn1.ObjectIdentifier) (func() hash.Hash, error) {
	switch {
	case len(oid) == 0, oid.Equal(oidHMACWithSHA1):
		return sha1.New, nil
	case oid.Equal(oidHMACWithSHA224):
		return sha256.New224, nil
	case oid.Equal(oidHMACWithSHA256):
		return sha256.New, nil
	case oid.Equal(oidHMACWithSHA384):
		return sha512.New384, nil
	case oid.Equal(oidHMACWithSHA512):
		return sha512.New, nil
	}
	return nil, unsupportedError("HMAC %s is not supported", oid)
}

// pkcs12KDF derives size bytes for purpose id (1 key, 2 IV, 3 MAC) as
// RFC 7292 appendix B.2 describes.
func pkcs12KDF(newHash func() hash.Hash, v int, salt, password []byte, iterations int, id byte, size int) []byte {
	h := newHash()
	u := h.Size()
	fill := func(src []byte) []byte {
		if len(src) == 0 {
			return nil
		}
		n := v * ((len(src) + v - 1) / v)
		out := make([]byte, n)
		for i := range out {
			out[i] = src[i%len(src)]
		}
		return out
	}
	d := make([]byte, v)
	for i := range d {
		d[i] = id
	}
	in := append(fill(salt), fill(password)...)
	out := make([]byte, 0, size+u)
	one := big.NewInt(1)
	for len(out) < size {
		h.Reset()
		h.Write(d)
		h.Write(in)
		a := h.Sum(nil)
		for j := 1; j < iterations; j++ {
			h.Reset()
			h.Write(a)
			a = h.Sum(a[:0])
		}
		out = append(out, a...)
		if len(out) >= size {
			break
		}
		b := new(big.Int).SetBytes(fill(a)[:v])
		b.Add(b, one)
		mod := new(big.Int).Lsh(one, uint(8*v))
		for k := 0; k < len(in); k += v {
			ij := new(big.Int).SetBytes(in[k : k+v])
			ij.Add(ij, b).Mod(ij, mod)
			buf := ij.Bytes()
			blk := in[k : k+v]
			clear(blk)
			copy(blk[v-len(buf):], buf)
		}
	}
	return out[:size]
}

// pbeDecrypt decrypts data protected with alg, a PKCS#12 PBE or PBES2
// algorithm identifier. PKCS#12 PBE derives from the BMP password, PBES2 from
// its UTF-8 bytes (as Java and OpenSSL do). Bad padding is errBadDecryption.
func (d *decoder) pbeDecrypt(alg pkix.AlgorithmIdentifier, data []byte, password string) ([]byte, error) {
	block, iv, err := d.pbeCipher(alg, password)
	if err != nil {
		return nil, err
	}
	return cbcDecrypt(block, iv, data)
}

// cbcDecrypt decrypts CBC data and strips its PKCS#7 padding; bad padding
// is errBadDecryption.
func cbcDecrypt(block cipher.Block, iv, data []byte) ([]byte, error) {
	bs := block.BlockSize()
	if len(data) == 0 || len(data)%bs != 0 || len(iv) != bs {
		return nil, errBadDecryption
	}
	out := make([]byte, len(data))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(out, data)
	pad := int(out[len(out)-1])
	if pad == 0 || pad > bs {
		return nil, errBadDecryption
	}
	for _, p := range out[len(out)-pad:] {
		if int(p) != pad {
			return nil, errBadDecryption
		}
	}
	return out[:len(out)-pad], nil
}

func (d *decoder) pbeCipher(alg pkix.AlgorithmIdentifier, password string) (cipher.Block, []byte, error) {
	if alg.Algorithm.Equal(oidPBES2) {
		return d.pbes2Cipher(alg, password)
	}
	var keyLen, rc2Bits int
	switch {
	case alg.Algorithm.Equal(oidPBEWithSHAAnd3KeyTripleDESCBC):
		keyLen = 24
	case alg.Algorithm.Equal(oidPBEWithSHAAnd128BitRC2CBC):
		keyLen, rc2Bits = 16, 128
	case alg.Algorithm.Equal(oidPBEWithSHAAnd40BitRC2CBC):
		keyLen, rc2Bits = 5, 40
	default:
		return nil, nil, unsupportedError("encryption %s is not supported", alg.Algorithm)
	}
	var p pbeParams
	if err := unmarshalDER(alg.Parameters.FullBytes, &p); err != nil {
		return nil, nil, formatError("bad PBE parameters: %v", err)
	}
	if err := d.spendKDF("PBE", p.Iterations, chainsFor(keyLen, sha1.Size)+chainsFor(8, sha1.Size), 1); err != nil {
		return nil, nil, err
	}
	pw := bmpPassword(password)
	key := pkcs12KDF(sha1.New, 64, p.Salt, pw, p.Iterations, 1, keyLen)
	iv := pkcs12KDF(sha1.New, 64, p.Salt, pw, p.Iterations, 2, 8)
	var block cipher.Block
	var err error
	if rc2Bits != 0 {
		block, err = rc2.New(key, rc2Bits)
	} else {
		block, err = des.NewTripleDESCipher(key)
	}
	if err != nil {
		return nil, nil, formatError("%v", err)
	}
	return block, iv, nil
}

func (d *decoder) pbes2Cipher(alg pkix.AlgorithmIdentifier, password string) (cipher.Block, []byte, error) {
	var p pbes2Params
	if err := unmarshalDER(alg.Parameters.FullBytes, &p); err != nil {
		return nil, nil, formatError("bad PBES2 parameters: %v", err)
	}
	if !p.KDF.Algorithm.Equal(oidPBKDF2) {
		return nil, nil, unsupportedError("key derivation %s is not supported", p.KDF.Algorithm)
	}
	var kp pbkdf2Params
	if err := unmarshalDER(p.KDF.Parameters.FullBytes, &kp); err != nil {
		return nil, nil, formatError("bad PBKDF2 parameters: %v", err)
	}
	prf, err := hmacForOID(kp.PRF.Algorithm)
	if err != nil {
		return nil, nil, within("PBKDF2", err)
	}
	var keyLen int
	switch {
	case p.Enc.Algorithm.Equal(oidAES128CBC):
		keyLen = 16
	case p.Enc.Algorithm.Equal(oidAES192CBC):
		keyLen = 24
	case p.Enc.Algorithm.Equal(oidAES256CBC):
		keyLen = 32
	case p.Enc.Algorithm.Equal(oidDESEDE3CBC):
		keyLen = 24
	default:
		return nil, nil, unsupportedError("PBES2 cipher %s is not supported", p.Enc.Algorithm)
	}
	var iv []byte
	if err := unmarshalDER(p.Enc.Parameters.FullBytes, &iv); err != nil {
		return nil, nil, formatError("bad PBES2 IV: %v", err)
	}
	if err := d.spendKDF("PBKDF2", kp.Iterations, chainsFor(keyLen, prf().Size()), 2*hashWeight(prf)); err != nil {
		return nil, nil, err
	}
	key, err := pbkdf2.Key(prf, password, kp.Salt, kp.Iterations, keyLen)
	if err != nil {
		return nil, nil, formatError("PBKDF2: %v", err)
	}
	var block cipher.Block
	if p.Enc.Algorithm.Equal(oidDESEDE3CBC) {
		block, err = des.NewTripleDESCipher(key)
	} else {
		block, err = aes.NewCipher(key)
	}
	if err != nil {
		return nil, nil, formatError("%v", err)
	}
	if len(iv) != block.BlockSize() {
		return nil, nil, formatError("bad PBES2 IV length")
	}
	return block, iv, nil
}

// unmarshalDER decodes exactly one DER value from b into out.
func unmarshalDER(b []byte, out any) error {
	rest, err := asn1.Unmarshal(b, out)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return errors.New("trailing data after ASN.1 value")
	}
	return nil
}
