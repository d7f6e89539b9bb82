package robokassa

import (
	"math"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
)

// The kopeck conversion's limits in appendOutSum: the int64 fast path ends
// where the coefficient times 10^(exponent+2) would overflow, or the
// exponent leaves pow10, and the slow path must give the same text; an
// amount with more than two decimals is refused however far its exponent
// goes.
func TestOutSumKopeckLimits(t *testing.T) {
	t.Parallel()
	maxKop := strconv.FormatInt(math.MaxInt64, 10) // 9223372036854775807 kopecks
	tests := []struct {
		name string
		in   decimal.Decimal
		want string // "" means refused
	}{
		{"largest fast-path amount", decimal.New(math.MaxInt64/100, 0), maxKop[:len(maxKop)-2] + ".00"},
		{"one rouble more", decimal.New(math.MaxInt64/100+1, 0), "92233720368547759.00"},
		{"int64 kopecks exactly", decimal.New(math.MaxInt64, -2), maxKop[:len(maxKop)-2] + "." + maxKop[len(maxKop)-2:]},
		{"exponent 16 (e = 18)", decimal.New(9, 16), "90000000000000000.00"},
		{"exponent 17 (e = 19)", decimal.New(1, 17), "100000000000000000.00"},
		{"19 digits", decimal.RequireFromString("1234567890123456789"), "1234567890123456789.00"},
		{"18 digits, two decimals", decimal.RequireFromString("1234567890123456.78"), "1234567890123456.78"},
		{"exponent -2 (e = 0)", decimal.New(1001, -2), "10.01"},
		{"exponent -20 (e = -18), kopecks", decimal.New(1, -20).Mul(decimal.New(1, 18)), "0.01"},
		{"trailing zeros to exponent -20", decimal.RequireFromString("0.01000000000000000000"), "0.01"},
		{"trailing zeros to exponent -22", decimal.RequireFromString("0.0100000000000000000000"), "0.01"},
		{"22 decimals", decimal.RequireFromString("0.0000000000000000000001"), ""},
		{"20 decimals", decimal.RequireFromString("0.00000000000000000001"), ""},
		{"three decimals", decimal.RequireFromString("0.001"), ""},
		{"one kopeck and a bit", decimal.RequireFromString("0.011"), ""},
		{"zero", decimal.Zero, ""},
		{"zero with decimals", decimal.RequireFromString("0.00"), ""},
		{"minus one kopeck", decimal.RequireFromString("-0.01"), ""},
		{"huge negative", decimal.RequireFromString("-123456789012345678901234"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := appendOutSum([]byte("x"), tt.in)
			if tt.want == "" {
				if ok || string(got) != "x" {
					t.Errorf("appendOutSum(%s) = %q, %v; want refusal leaving dst alone", tt.in, got, ok)
				}
				return
			}
			if !ok || string(got) != "x"+tt.want {
				t.Errorf("appendOutSum(%s) = %q, %v; want %q", tt.in, got, ok, "x"+tt.want)
			}
			if fixed := tt.in.StringFixed(2); fixed != tt.want {
				t.Errorf("the test's own want %q is not StringFixed %q", tt.want, fixed)
			}
		})
	}
}

// Every kopeck count from 1 to 1000 and around each power of ten formats
// as StringFixed does.
func TestOutSumMatchesStringFixed(t *testing.T) {
	t.Parallel()
	check := func(d decimal.Decimal) {
		got, ok := appendOutSum(nil, d)
		if want := d.StringFixed(2); !ok || string(got) != want {
			t.Errorf("appendOutSum(%s) = %q, %v; want %q", d, got, ok, want)
		}
	}
	for k := int64(1); k <= 1000; k++ {
		check(decimal.New(k, -2))
	}
	for e := int32(-2); e <= 20; e++ {
		for _, c := range []int64{1, 9, 10, 11, 99, 101} {
			check(decimal.New(c, e))
		}
	}
}

// The int64 fast path reaches as far as it can, which is what lets
// PaymentURL allocate only its result: every amount up to MaxInt64
// kopecks with at most 18 digits formats without allocating; beyond, the
// decimal's own formatting (which allocates) takes over with the same
// text.
func TestOutSumFastPathLimits(t *testing.T) {
	tests := []struct {
		name   string
		in     decimal.Decimal
		allocs bool
	}{
		{"one kopeck", decimal.New(1, -2), false},
		{"largest coefficient at e = 2", decimal.New(math.MaxInt64/100, 0), false},
		{"one more at e = 2", decimal.New(math.MaxInt64/100+1, 0), true},
		{"18 digits", decimal.New(123456789012345678, -2), false},
		{"19 digits", decimal.New(1234567890123456789, -2), true},
		{"e = 18", decimal.New(9, 16), false},
		{"e = 19", decimal.New(1, 17), true},
		{"e = 0", decimal.New(1001, -2), false},
		{"e = -17, the lowest an 18-digit coefficient reaches", decimal.New(1e17, -19), false},
	}
	for _, tt := range tests {
		var buf [64]byte
		if _, ok := appendOutSum(buf[:0], tt.in); !ok {
			t.Fatalf("%s: %s refused", tt.name, tt.in)
		}
		n := testing.AllocsPerRun(10, func() { _, _ = appendOutSum(buf[:0], tt.in) })
		if (n > 0) != tt.allocs {
			t.Errorf("%s (%s): %v allocations, want allocations %v", tt.name, tt.in.String(), n, tt.allocs)
		}
	}
}
