// This file checks the plaintext part of a MySQL connection before
// go-sql-driver/mysql sees it: the server's greeting always, and without
// TLS the whole authentication exchange. It refuses packets the driver
// would index past their end (a panic that kills the process), and, unless
// allowPublicKeyRetrieval is set, the client's request for the server's RSA
// key and a key the server sends in plaintext, as Connector/J does.

package jdbcmysql

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
)

// maxWatchedPacket bounds a server packet before authentication ends; a
// greeting is about 100 bytes, an RSA public key under 1 KiB.
const maxWatchedPacket = 64 << 10

// MySQL protocol bytes the watcher looks at.
const (
	wireOK            = 0x00
	wireAuthMoreData  = 0x01
	wireAuthSwitch    = 0xfe
	wireErr           = 0xff
	wireFullAuth      = 0x04 // caching_sha2_password: perform full authentication
	wireRequestKey    = 0x02 // caching_sha2_password: the client asks for the key
	wireSHA256Request = 0x01 // sha256_password: the client asks for the key
	wireClientSSL     = 1 << 11
)

// wirePolicy is what the watcher lets through.
type wirePolicy struct {
	// allowKeyRetrieval is allowPublicKeyRetrieval: the client may ask a
	// server reached without TLS for its RSA key and encrypt the password
	// to it.
	allowKeyRetrieval bool
}

// wireWatch follows one connection until TLS starts or authentication
// ends; after that it passes bytes through untouched.
type wireWatch struct {
	conn   net.Conn
	addr   string // the server's address, for messages
	policy wirePolicy
	// through is set once watching has ended and nothing is pending: from
	// then on reads and writes go straight to conn, without the lock.
	through atomic.Bool

	mu       sync.Mutex
	watching bool
	greeted  bool
	pending  []byte // a checked server packet not yet handed to the driver
	// keyRequest is the one-byte client packet that would now ask for the
	// server's key (0 when none would).
	keyRequest byte
	err        error // the refusal; every later Read and Write returns it
}

func newWireWatch(conn net.Conn, policy wirePolicy) *wireWatch {
	addr := "the server"
	if a := conn.RemoteAddr(); a != nil {
		addr = "server " + a.String()
	}
	return &wireWatch{conn: conn, addr: addr, policy: policy, watching: true}
}

// read serves the driver's Read: while watching, one whole server packet
// at a time, checked before any of its bytes are handed over.
func (w *wireWatch) read(p []byte) (int, error) {
	if w.through.Load() {
		return w.conn.Read(p)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return 0, w.err
	}
	if len(w.pending) > 0 {
		n := copy(p, w.pending)
		w.pending = w.pending[n:]
		w.passThroughIfDone()
		return n, nil
	}
	if !w.watching {
		w.passThroughIfDone()
		return w.conn.Read(p)
	}
	var h [4]byte
	if _, err := io.ReadFull(w.conn, h[:]); err != nil {
		return 0, err
	}
	size := int(h[0]) | int(h[1])<<8 | int(h[2])<<16
	if size > maxWatchedPacket {
		return 0, w.refuse(fmt.Sprintf("%s sent a %d-byte packet before authentication (at most %d expected)", w.addr, size, maxWatchedPacket), ErrServerProtocol)
	}
	pkt := make([]byte, 4+size)
	copy(pkt, h[:])
	if _, err := io.ReadFull(w.conn, pkt[4:]); err != nil {
		return 0, err
	}
	if err := w.checkServerPacket(pkt[4:]); err != nil {
		return 0, err
	}
	n := copy(p, pkt)
	w.pending = pkt[n:]
	w.passThroughIfDone()
	return n, nil
}

// passThroughIfDone stops watching for good once nothing is left to check
// or hand over. The caller holds w.mu.
func (w *wireWatch) passThroughIfDone() {
	if !w.watching && len(w.pending) == 0 && w.err == nil {
		w.through.Store(true)
	}
}

// write serves the driver's Write: go-sql-driver writes one packet per call
// during the handshake, so p is a whole packet.
func (w *wireWatch) write(p []byte) (int, error) {
	if w.through.Load() {
		return w.conn.Write(p)
	}
	w.mu.Lock()
	if w.err != nil {
		w.mu.Unlock()
		return 0, w.err
	}
	if w.watching && len(p) >= 4 {
		payload := p[4:]
		if len(payload) == 1 && w.keyRequest != 0 && payload[0] == w.keyRequest && !w.policy.allowKeyRetrieval {
			err := w.refuse(fmt.Sprintf("Public Key Retrieval is not allowed: %s asked for full authentication over a connection without TLS; sending the password would need the server's RSA public key, which a man in the middle could supply: "+
				"connect with TLS (sslMode=REQUIRED or stricter), name the key with serverRSAPublicKeyFile, or set allowPublicKeyRetrieval=true", w.addr), ErrPublicKeyRetrieval)
			w.mu.Unlock()
			return 0, err
		}
		w.keyRequest = 0
		if len(payload) == 32 && binary.LittleEndian.Uint32(payload)&wireClientSSL != 0 {
			w.watching = false // TLS follows: the rest is encrypted
			w.passThroughIfDone()
		}
	}
	w.mu.Unlock()
	return w.conn.Write(p)
}

// refuse records msg (matching class) as the connection's refusal.
// The caller holds w.mu.
func (w *wireWatch) refuse(msg string, class error) error {
	w.err = &wireRefusal{msg: msg, class: class}
	return w.err
}

// wireRefusal is a packet the watcher refused.
type wireRefusal struct {
	msg   string
	class error
}

func (e *wireRefusal) Error() string { return e.msg }
func (e *wireRefusal) Unwrap() error { return e.class }

// checkServerPacket checks one server packet payload while watching. The
// caller holds w.mu.
func (w *wireWatch) checkServerPacket(b []byte) error {
	malformed := func(what string) error {
		return w.refuse(fmt.Sprintf("%s sent a malformed %s (%d bytes); it is not a MySQL server, or the connection was cut", w.addr, what, len(b)), ErrServerProtocol)
	}
	if !w.greeted {
		w.greeted = true
		if !validGreeting(b) {
			return malformed("greeting")
		}
		if b[0] == wireErr || b[0] < 10 {
			w.watching = false // the driver stops here
		}
		return nil
	}
	if len(b) == 0 {
		return malformed("authentication packet")
	}
	switch b[0] {
	case wireOK:
		if !validOK(b) {
			return malformed("OK packet")
		}
		w.watching = false
	case wireErr:
		if !validErrorPacket(b) {
			return malformed("error packet")
		}
		w.watching = false
	case wireAuthSwitch:
		if len(b) > 1 {
			end := bytes.IndexByte(b[1:], 0)
			if end < 0 {
				return malformed("authentication switch request")
			}
			if string(b[1:1+end]) == "sha256_password" {
				w.keyRequest = wireSHA256Request
			}
		}
	case wireAuthMoreData:
		if len(b) == 2 && b[1] == wireFullAuth {
			w.keyRequest = wireRequestKey
			return nil
		}
		if block, _ := pem.Decode(b[1:]); block != nil {
			if !w.policy.allowKeyRetrieval {
				return w.refuse(fmt.Sprintf("Public Key Retrieval is not allowed: %s sent its RSA public key over a connection without TLS, for the password to be encrypted to it; a man in the middle could supply that key: "+
					"connect with TLS (sslMode=REQUIRED or stricter), name the key with serverRSAPublicKeyFile, or set allowPublicKeyRetrieval=true", w.addr), ErrPublicKeyRetrieval)
			}
			if k, err := x509.ParsePKIXPublicKey(block.Bytes); err == nil {
				if _, ok := k.(*rsa.PublicKey); !ok {
					return malformed("public key (not RSA)")
				}
			}
		}
	}
	return nil
}

// validGreeting reports whether go-sql-driver v1.10's readHandshakePacket
// (and handleErrorPacket, for an error greeting) can read b without going
// past its end.
func validGreeting(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	if b[0] == wireErr {
		return validErrorPacket(b)
	}
	if b[0] < 10 {
		return true // refused by the driver as an old protocol version
	}
	end := bytes.IndexByte(b[1:], 0)
	if end < 0 {
		return false
	}
	// version, NUL, connection id (4), scramble (8), filler (1),
	// capabilities (2), then charset, status, capabilities, scramble
	// length, reserved (16 in all), the scramble's second part (12) and its
	// NUL. A greeting that ends after the first capabilities is the
	// pre-4.1 form, whose 8-byte scramble the driver reads 20 bytes of.
	base := 1 + end + 1 + 4 + 8 + 1 + 2
	return len(b) >= base+29
}

// validErrorPacket: 0xff, a 2-byte code, and a '#' state of 5 bytes if any.
func validErrorPacket(b []byte) bool {
	if len(b) < 4 {
		return false
	}
	return b[3] != '#' || len(b) >= 9
}

// validOK: 0x00, affected rows and last insert id (length-encoded), status (2).
func validOK(b []byte) bool {
	pos := 1
	for range 2 {
		n, ok := lengthEncodedSize(b[pos:])
		if !ok {
			return false
		}
		pos += n
	}
	return len(b) >= pos+2
}

// lengthEncodedSize is the size of the length-encoded integer at b's start.
func lengthEncodedSize(b []byte) (int, bool) {
	if len(b) == 0 {
		return 0, false
	}
	n := 1
	switch b[0] {
	case 0xfc:
		n = 3
	case 0xfd:
		n = 4
	case 0xfe:
		n = 9
	}
	return n, len(b) >= n
}

// isWireRefusal reports whether err is a refusal of the watcher.
func isWireRefusal(err error) bool {
	var r *wireRefusal
	return errors.As(err, &r)
}
