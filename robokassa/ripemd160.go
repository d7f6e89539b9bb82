package robokassa

import (
	"encoding/binary"
	"hash"
	"math/bits"
)

// RIPEMD-160 (Dobbertin, Bosselaers, Preneel, 1996), written here instead of
// importing the deprecated golang.org/x/crypto/ripemd160: the algorithm is
// frozen, it is about a hundred lines, and it is tested against the test
// vectors published with the specification (ripemd160_test.go). Robokassa
// offers it as one of a shop's six hash algorithms (robokassa/sdk-php $hashAlgoList).

const (
	ripemdSize      = 20
	ripemdBlockSize = 64
)

// ripemdDigest is a hash.Hash computing RIPEMD-160.
type ripemdDigest struct {
	s   [5]uint32
	x   [ripemdBlockSize]byte
	nx  int
	len uint64
}

func newRIPEMD160() hash.Hash {
	d := new(ripemdDigest)
	d.Reset()
	return d
}

// Reset implements hash.Hash.
func (d *ripemdDigest) Reset() {
	d.s = [5]uint32{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0}
	d.nx = 0
	d.len = 0
}

// Size implements hash.Hash.
func (d *ripemdDigest) Size() int { return ripemdSize }

// BlockSize implements hash.Hash.
func (d *ripemdDigest) BlockSize() int { return ripemdBlockSize }

// Write implements hash.Hash.
func (d *ripemdDigest) Write(p []byte) (int, error) {
	n := len(p)
	d.len += uint64(n)
	if d.nx > 0 {
		c := copy(d.x[d.nx:], p)
		d.nx += c
		p = p[c:]
		if d.nx == ripemdBlockSize {
			ripemdBlocks(&d.s, d.x[:])
			d.nx = 0
		}
	}
	if len(p) >= ripemdBlockSize {
		m := len(p) &^ (ripemdBlockSize - 1)
		ripemdBlocks(&d.s, p[:m])
		p = p[m:]
	}
	d.nx += copy(d.x[:], p)
	return n, nil
}

// Sum implements hash.Hash.
func (d *ripemdDigest) Sum(in []byte) []byte {
	c := *d // the caller may keep writing
	sum := c.checkSum()
	return append(in, sum[:]...)
}

func (d *ripemdDigest) checkSum() [ripemdSize]byte {
	bitLen := d.len << 3
	var pad [ripemdBlockSize + 8]byte
	pad[0] = 0x80
	n := 56 - int(d.len%64)
	if n < 1 {
		n += 64
	}
	binary.LittleEndian.PutUint64(pad[n:], bitLen)
	_, _ = d.Write(pad[:n+8])
	var out [ripemdSize]byte
	for i, v := range d.s {
		binary.LittleEndian.PutUint32(out[4*i:], v)
	}
	return out
}

// ripemd160Sum returns the RIPEMD-160 digest of data without allocating.
func ripemd160Sum(data []byte) [ripemdSize]byte {
	var d ripemdDigest
	d.Reset()
	_, _ = d.Write(data)
	return d.checkSum()
}

// Message word order (r, r') and rotation amounts (s, s') of the left and
// right lines, five rounds of sixteen steps each.
var (
	ripemdR = [80]uint8{
		0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
		7, 4, 13, 1, 10, 6, 15, 3, 12, 0, 9, 5, 2, 14, 11, 8,
		3, 10, 14, 4, 9, 15, 8, 1, 2, 7, 0, 6, 13, 11, 5, 12,
		1, 9, 11, 10, 0, 8, 12, 4, 13, 3, 7, 15, 14, 5, 6, 2,
		4, 0, 5, 9, 7, 12, 2, 10, 14, 1, 3, 8, 11, 6, 15, 13,
	}
	ripemdRR = [80]uint8{
		5, 14, 7, 0, 9, 2, 11, 4, 13, 6, 15, 8, 1, 10, 3, 12,
		6, 11, 3, 7, 0, 13, 5, 10, 14, 15, 8, 12, 4, 9, 1, 2,
		15, 5, 1, 3, 7, 14, 6, 9, 11, 8, 12, 2, 10, 0, 4, 13,
		8, 6, 4, 1, 3, 11, 15, 0, 5, 12, 2, 13, 9, 7, 10, 14,
		12, 15, 10, 4, 1, 5, 8, 7, 6, 2, 13, 14, 0, 3, 9, 11,
	}
	ripemdS = [80]uint8{
		11, 14, 15, 12, 5, 8, 7, 9, 11, 13, 14, 15, 6, 7, 9, 8,
		7, 6, 8, 13, 11, 9, 7, 15, 7, 12, 15, 9, 11, 7, 13, 12,
		11, 13, 6, 7, 14, 9, 13, 15, 14, 8, 13, 6, 5, 12, 7, 5,
		11, 12, 14, 15, 14, 15, 9, 8, 9, 14, 5, 6, 8, 6, 5, 12,
		9, 15, 5, 11, 6, 8, 13, 12, 5, 12, 13, 14, 11, 8, 5, 6,
	}
	ripemdSS = [80]uint8{
		8, 9, 9, 11, 13, 15, 15, 5, 7, 7, 8, 11, 14, 14, 12, 6,
		9, 13, 15, 7, 12, 8, 9, 11, 7, 7, 12, 7, 6, 15, 13, 11,
		9, 7, 15, 11, 8, 6, 6, 14, 12, 13, 5, 14, 13, 13, 7, 5,
		15, 5, 8, 11, 14, 14, 6, 14, 6, 9, 12, 9, 12, 5, 15, 8,
		8, 5, 12, 9, 12, 5, 14, 6, 8, 13, 6, 5, 15, 13, 11, 11,
	}
	ripemdK  = [5]uint32{0x00000000, 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xa953fd4e}
	ripemdKK = [5]uint32{0x50a28be6, 0x5c4dd124, 0x6d703ef3, 0x7a6d76e9, 0x00000000}
)

// ripemdF is the nonlinear function of round j/16 (0 to 4).
func ripemdF(round int, x, y, z uint32) uint32 {
	switch round {
	case 0:
		return x ^ y ^ z
	case 1:
		return (x & y) | (^x & z)
	case 2:
		return (x | ^y) ^ z
	case 3:
		return (x & z) | (y &^ z)
	default:
		return x ^ (y | ^z)
	}
}

// ripemdBlocks compresses whole 64-byte blocks of p into s.
func ripemdBlocks(s *[5]uint32, p []byte) {
	var x [16]uint32
	for len(p) >= ripemdBlockSize {
		for i := range x {
			x[i] = binary.LittleEndian.Uint32(p[4*i:])
		}
		a, b, c, d, e := s[0], s[1], s[2], s[3], s[4]
		aa, bb, cc, dd, ee := a, b, c, d, e
		for j := 0; j < 80; j++ {
			round := j / 16
			t := bits.RotateLeft32(a+ripemdF(round, b, c, d)+x[ripemdR[j]]+ripemdK[round], int(ripemdS[j])) + e
			a, e, d, c, b = e, d, bits.RotateLeft32(c, 10), b, t
			t = bits.RotateLeft32(aa+ripemdF(4-round, bb, cc, dd)+x[ripemdRR[j]]+ripemdKK[round], int(ripemdSS[j])) + ee
			aa, ee, dd, cc, bb = ee, dd, bits.RotateLeft32(cc, 10), bb, t
		}
		t := s[1] + c + dd
		s[1] = s[2] + d + ee
		s[2] = s[3] + e + aa
		s[3] = s[4] + a + bb
		s[4] = s[0] + b + cc
		s[0] = t
		p = p[ripemdBlockSize:]
	}
}
