package robokassa

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"hash"
	"strings"
)

// Algorithm is the shop's hash algorithm, chosen in the technical settings
// of the shop's cabinet. It signs payment links, callbacks and OpStateExt
// requests (robokassa/sdk-php $hashAlgoList) and names the Invoice API's JWT
// algorithm (https://docs.robokassa.ru/invoice-api). There is no default: an empty or unknown algorithm is a
// configuration error, never a fallback to MD5.
type Algorithm string

// The algorithms Robokassa offers (robokassa/sdk-php $hashAlgoList;
// https://docs.robokassa.ru/invoice-api), spelled as the Invoice
// API's JWT "alg" values.
const (
	MD5       Algorithm = "MD5"       // MD5
	RIPEMD160 Algorithm = "RIPEMD160" // RIPEMD-160
	SHA1      Algorithm = "SHA1"      // SHA-1
	SHA256    Algorithm = "SHA256"    // SHA-256
	SHA384    Algorithm = "SHA384"    // SHA-384
	SHA512    Algorithm = "SHA512"    // SHA-512
)

// Algorithms returns the six algorithms in the order Robokassa lists them.
func Algorithms() []Algorithm {
	return []Algorithm{MD5, RIPEMD160, SHA1, SHA256, SHA384, SHA512}
}

// ParseAlgorithm returns the Algorithm named s, ignoring the case of ASCII
// letters and a hyphen ("sha-256" is SHA256). It fails for any other name,
// including Unicode look-alikes ("ſha256" with a long s).
func ParseAlgorithm(s string) (Algorithm, error) {
	a := Algorithm(asciiUpper(strings.ReplaceAll(s, "-", "")))
	if !a.Valid() {
		return "", &ConfigError{Field: "Algorithm", Reason: "unknown hash algorithm " + quote(s) + "; want MD5, RIPEMD160, SHA1, SHA256, SHA384 or SHA512"}
	}
	return a, nil
}

// Valid reports whether a is one of the six algorithms.
func (a Algorithm) Valid() bool {
	return a.Size() > 0
}

// Size returns the digest length in bytes, or 0 for an unknown algorithm.
func (a Algorithm) Size() int {
	switch a {
	case MD5:
		return md5.Size
	case RIPEMD160:
		return ripemdSize
	case SHA1:
		return sha1.Size
	case SHA256:
		return sha256.Size
	case SHA384:
		return sha512.Size384
	case SHA512:
		return sha512.Size
	}
	return 0
}

// New returns a new hash.Hash computing a, or nil for an unknown algorithm.
func (a Algorithm) New() hash.Hash {
	switch a {
	case MD5:
		return md5.New()
	case RIPEMD160:
		return newRIPEMD160()
	case SHA1:
		return sha1.New()
	case SHA256:
		return sha256.New()
	case SHA384:
		return sha512.New384()
	case SHA512:
		return sha512.New()
	}
	return nil
}

// maxDigest is the longest digest (SHA-512).
const maxDigest = sha512.Size

// sum hashes data into dst and returns the digest length; it does not
// allocate. a must be valid.
func (a Algorithm) sum(dst *[maxDigest]byte, data []byte) int {
	switch a {
	case MD5:
		s := md5.Sum(data)
		return copy(dst[:], s[:])
	case RIPEMD160:
		s := ripemd160Sum(data)
		return copy(dst[:], s[:])
	case SHA1:
		s := sha1.Sum(data)
		return copy(dst[:], s[:])
	case SHA256:
		s := sha256.Sum256(data)
		return copy(dst[:], s[:])
	case SHA384:
		s := sha512.Sum384(data)
		return copy(dst[:], s[:])
	case SHA512:
		s := sha512.Sum512(data)
		return copy(dst[:], s[:])
	}
	return 0
}

const hexUpper = "0123456789ABCDEF"
const hexLower = "0123456789abcdef"

// appendHex appends the hex of the digest of data in upper or lower case.
func (a Algorithm) appendHex(dst, data []byte, upper bool) []byte {
	var d [maxDigest]byte
	n := a.sum(&d, data)
	digits := hexLower
	if upper {
		digits = hexUpper
	}
	for _, b := range d[:n] {
		dst = append(dst, digits[b>>4], digits[b&0x0f])
	}
	return dst
}

// Sign returns the upper-case hex digest of base, the form of Robokassa's
// SignatureValue. Robokassa accepts either case (https://docs.robokassa.ru/script-parameters/).
func (a Algorithm) Sign(base string) string {
	var buf [2 * maxDigest]byte
	return string(a.appendHex(buf[:0], []byte(base), true))
}

// equalHex reports, in constant time for a given length, whether sig is
// the hex (either case) of the digest of data, and whether sig is well
// formed (hex of the digest's length). A malformed signature never equals.
func (a Algorithm) equalHex(sig string, data []byte) (equal, wellFormed bool) {
	var want [maxDigest]byte
	n := a.sum(&want, data)
	if n == 0 || len(sig) != 2*n {
		return false, false
	}
	var got [maxDigest]byte
	var bad byte
	for i := 0; i < n; i++ {
		hi, lo := unhexTable[sig[2*i]], unhexTable[sig[2*i+1]]
		bad |= (hi | lo) & 0x10
		got[i] = hi<<4 | lo&0x0f
	}
	if bad != 0 {
		return false, false
	}
	return subtle.ConstantTimeCompare(got[:n], want[:n]) == 1, true
}

// unhexTable maps a hex digit (either case) to its value and any other
// byte to 0x10.
var unhexTable = func() (t [256]byte) {
	for i := range t {
		t[i] = 0x10
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c - '0')
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = byte(c - 'a' + 10)
		t[c-'a'+'A'] = byte(c - 'a' + 10)
	}
	return t
}()

// asciiUpper is s with its ASCII letters in upper case and nothing else
// changed: strings.ToUpper would also map Unicode letters onto ASCII ones
// ("ſ" to "S", "ı" to "I"), accepting names that only look alike.
func asciiUpper(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - ('a' - 'A')
		}
		return r
	}, s)
}
