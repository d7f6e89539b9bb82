package robokassa

import (
	"crypto/hmac"
	"encoding/hex"
	"strings"
	"testing"
)

// Test vectors from the RIPEMD-160 specification's page
// (homes.esat.kuleuven.be/~bosselae/ripemd160.html, "test values").
var ripemdVectors = []struct{ in, want string }{
	{"", "9c1185a5c5e9fc54612808977ee8f548b2258d31"},
	{"a", "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe"},
	{"abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"},
	{"message digest", "5d0689ef49d2fae572b881b123a85ffa21595f36"},
	{"abcdefghijklmnopqrstuvwxyz", "f71c27109c692c1b56bbdceb5b9d2865b3708dbc"},
	{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "12a053384a9c0c88e405a06c27dcf49ada62eb2b"},
	{"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "b0e20b6e3116640286ed3a87a5713079b21f5189"},
	{strings.Repeat("1234567890", 8), "9b752e45573d4b39f4dbd3323cab82bf63326bfb"},
	{strings.Repeat("a", 1000000), "52783243c1697bdbe16d37f97f68f08325dc1528"},
}

func TestRIPEMD160Vectors(t *testing.T) {
	t.Parallel()
	for _, v := range ripemdVectors {
		name := v.in
		if len(name) > 20 {
			name = name[:20] + "..."
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := ripemd160Sum([]byte(v.in))
			if got := hex.EncodeToString(s[:]); got != v.want {
				t.Errorf("ripemd160Sum = %s, want %s", got, v.want)
			}
			// The streaming hash.Hash, written in uneven pieces.
			h := newRIPEMD160()
			for in := v.in; in != ""; {
				n := min(len(in), 1+len(in)%61)
				h.Write([]byte(in[:n]))
				in = in[n:]
			}
			if got := hex.EncodeToString(h.Sum(nil)); got != v.want {
				t.Errorf("hash.Hash = %s, want %s", got, v.want)
			}
		})
	}
}

func TestRIPEMD160SumKeepsState(t *testing.T) {
	t.Parallel()
	h := newRIPEMD160()
	h.Write([]byte("ab"))
	_ = h.Sum(nil)
	h.Write([]byte("c"))
	if got := hex.EncodeToString(h.Sum(nil)); got != "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc" {
		t.Errorf("Sum changed the state: got %s", got)
	}
	h.Reset()
	if got := hex.EncodeToString(h.Sum(nil)); got != "9c1185a5c5e9fc54612808977ee8f548b2258d31" {
		t.Errorf("after Reset: %s", got)
	}
	if h.Size() != 20 || h.BlockSize() != 64 {
		t.Errorf("Size, BlockSize = %d, %d", h.Size(), h.BlockSize())
	}
}

// HMAC-RIPEMD160 test cases 1 and 2 of RFC 2286.
func TestHMACRIPEMD160RFC2286(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, key, data, want string }{
		{"case 1", strings.Repeat("\x0b", 20), "Hi There", "24cb4bd67d20fc1a5d2ed7732dcc39377f0a5668"},
		{"case 2", "Jefe", "what do ya want for nothing?", "dda6c0213a485a9e24f4742064a7f033b43c4069"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := hmac.New(newRIPEMD160, []byte(tt.key))
			m.Write([]byte(tt.data))
			if got := hex.EncodeToString(m.Sum(nil)); got != tt.want {
				t.Errorf("HMAC = %s, want %s", got, tt.want)
			}
		})
	}
}
