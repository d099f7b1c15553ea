// This file skips Java serialization streams without building objects:
// JCEKS stores secret keys as serialized SealedObjects, which TLS never
// needs, so the decoder only has to find where each one ends.

package keystore

import "encoding/binary"

// Java serialization stream tags used by skipJavaSerialization.
const (
	jsNull          = 0x70
	jsReference     = 0x71
	jsClassDesc     = 0x72
	jsObject        = 0x73
	jsString        = 0x74
	jsArray         = 0x75
	jsClass         = 0x76
	jsBlockData     = 0x77
	jsEndBlockData  = 0x78
	jsReset         = 0x79
	jsBlockDataLong = 0x7A
	jsLongString    = 0x7C
	jsProxyDesc     = 0x7D
	jsEnum          = 0x7E
	jsBaseHandle    = 0x7E0000

	jsFlagWriteMethod  = 0x01
	jsFlagSerializable = 0x02
	jsFlagExternal     = 0x04
	jsFlagBlockData    = 0x08
	jsMaxDepth         = 16
)

// jsClassInfo is what skipping needs from a class descriptor.
type jsClassInfo struct {
	name   string
	flags  byte
	fields []byte // type codes, in order
	super  *jsClassInfo
}

// jsSkipper walks one Java serialization stream without building objects.
type jsSkipper struct {
	r       *javaStoreReader
	handles []*jsClassInfo // nil for handles that are not class descriptors
}

// skipJavaSerialization skips one serialized object (a JCEKS secret key's
// SealedObject) from its stream header to its end, bounded by the input.
func skipJavaSerialization(r *javaStoreReader) {
	if r.u16() != 0xACED || r.u16() != 5 {
		r.fail("secret key entry is not a Java serialization stream")
		return
	}
	s := &jsSkipper{r: r}
	s.content(0)
}

func (s *jsSkipper) tag() byte {
	b := s.r.bytes(1)
	if b == nil {
		return 0
	}
	return b[0]
}

func (s *jsSkipper) newHandle(c *jsClassInfo) { s.handles = append(s.handles, c) }

func (s *jsSkipper) handle() *jsClassInfo {
	h := int(s.r.u32()) - jsBaseHandle
	if s.r.err == nil && (h < 0 || h >= len(s.handles)) {
		s.r.fail("bad serialization handle")
	}
	if s.r.err != nil {
		return nil
	}
	return s.handles[h]
}

// content skips one element and returns its class descriptor when it is one.
func (s *jsSkipper) content(depth int) *jsClassInfo {
	if depth > jsMaxDepth {
		s.r.fail("serialized object nested too deeply")
		return nil
	}
	if s.r.err != nil {
		return nil
	}
	switch t := s.tag(); t {
	case jsNull, jsReset:
	case jsReference:
		return s.handle()
	case jsClassDesc:
		return s.classDesc(depth)
	case jsProxyDesc:
		s.proxyDesc(depth)
	case jsObject:
		c := s.content(depth + 1)
		s.newHandle(nil)
		s.classData(c, depth)
	case jsString:
		s.newHandle(nil)
		s.r.utf()
	case jsLongString:
		s.newHandle(nil)
		s.longString()
	case jsArray:
		s.array(depth)
	case jsEnum:
		s.content(depth + 1)
		s.newHandle(nil)
		s.content(depth + 1)
	case jsClass:
		s.content(depth + 1)
		s.newHandle(nil)
	case jsBlockData:
		s.r.bytes(int(s.tag()))
	case jsBlockDataLong:
		s.r.bytes(s.r.count("block byte", 1))
	default:
		s.r.fail("unexpected serialization tag 0x%02x", t)
	}
	return nil
}

// classDesc reads a class descriptor after its tag: name, flags, field
// types, annotation and superclass.
func (s *jsSkipper) classDesc(depth int) *jsClassInfo {
	c := &jsClassInfo{name: s.r.utf()}
	s.r.bytes(8) // serialVersionUID
	s.newHandle(c)
	c.flags = s.tag()
	n := s.r.u16()
	for i := 0; i < n && s.r.err == nil; i++ {
		code := s.tag()
		s.r.utf()
		switch code {
		case 'B', 'C', 'D', 'F', 'I', 'J', 'S', 'Z':
		case 'L', '[':
			s.content(depth + 1) // the field's class name, a string
		default:
			s.r.fail("bad field type %q", code)
		}
		c.fields = append(c.fields, code)
	}
	s.annotation(depth)
	c.super = s.content(depth + 1)
	return c
}

// proxyDesc skips a proxy class descriptor after its tag.
func (s *jsSkipper) proxyDesc(depth int) {
	s.newHandle(nil)
	n := s.r.count("proxy interface", 2)
	for i := 0; i < n && s.r.err == nil; i++ {
		s.r.utf()
	}
	s.annotation(depth)
	s.content(depth + 1)
}

// longString skips a long string's 8-byte length and its bytes.
func (s *jsSkipper) longString() {
	b := s.r.bytes(8)
	if b == nil {
		return
	}
	n := binary.BigEndian.Uint64(b)
	if n > uint64(s.r.remaining()) {
		s.r.fail("long string does not fit")
		return
	}
	s.r.bytes(int(n))
}

// array skips an array after its tag: its class, then its elements,
// primitive ones as bytes.
func (s *jsSkipper) array(depth int) {
	c := s.content(depth + 1)
	s.newHandle(nil)
	if c == nil || len(c.name) < 2 || c.name[0] != '[' {
		s.r.fail("bad array class")
		return
	}
	if size := primitiveSize(c.name[1]); size > 0 {
		n := s.r.count("array element", size)
		s.r.bytes(n * size)
		return
	}
	n := s.r.count("array element", 1)
	for i := 0; i < n && s.r.err == nil; i++ {
		s.content(depth + 1)
	}
}

// annotation skips contents up to TC_ENDBLOCKDATA.
func (s *jsSkipper) annotation(depth int) {
	for s.r.err == nil {
		if s.r.remaining() > 0 && s.r.b[s.r.off] == jsEndBlockData {
			s.r.off++
			return
		}
		s.content(depth + 1)
	}
}

// classData skips the field values of an object of class c, superclass first.
func (s *jsSkipper) classData(c *jsClassInfo, depth int) {
	var chain []*jsClassInfo
	for k := c; k != nil && len(chain) <= jsMaxDepth; k = k.super {
		chain = append(chain, k)
	}
	for i := len(chain) - 1; i >= 0 && s.r.err == nil; i-- {
		k := chain[i]
		if k.flags&jsFlagExternal != 0 {
			if k.flags&jsFlagBlockData == 0 {
				s.r.fail("old-style externalizable data cannot be skipped")
				return
			}
			s.annotation(depth)
			continue
		}
		for _, code := range k.fields {
			if size := primitiveSize(code); size > 0 {
				s.r.bytes(size)
			} else {
				s.content(depth + 1)
			}
		}
		if k.flags&jsFlagWriteMethod != 0 {
			s.annotation(depth)
		}
	}
}

func primitiveSize(code byte) int {
	switch code {
	case 'B', 'Z':
		return 1
	case 'C', 'S':
		return 2
	case 'I', 'F':
		return 4
	case 'J', 'D':
		return 8
	}
	return 0
}
