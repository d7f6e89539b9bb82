package providerkit_test

import (
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

func TestLuhn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s    string
		want bool
	}{
		{"4111111111111111", true},
		{"5555555555554444", true},
		{"79927398713", true},
		{"4242424242424242", true},
		{"0", true},
		{"4111111111111112", false},
		{"5555555555554445", false},
		{"79927398710", false},
		{"79927398714", false},
		{"1", false},
		{"", false},
		{"4111 1111 1111 1111", false},
		{"4111-1111-1111-1111", false},
		{"abcdefghijk", false},
		{"７９９２７３９８７１３", false}, // full-width digits
	}
	for _, tt := range tests {
		t.Run(tt.s, func(t *testing.T) {
			t.Parallel()
			if got := providerkit.Luhn(tt.s); got != tt.want {
				t.Errorf("Luhn(%q) = %v, want %v", tt.s, got, tt.want)
			}
			// payments.Card keeps its own copy of the check: the two
			// agree on every number a card may have.
			if n := len(tt.s); n >= 12 && n <= 19 {
				if got := (payments.Card{Number: tt.s}).ValidateNumber() == nil; got != tt.want {
					t.Errorf("Card.ValidateNumber(%q) passes = %v, want %v", tt.s, got, tt.want)
				}
			}
		})
	}
}

func TestMaskPAN(t *testing.T) {
	t.Parallel()
	tests := []struct{ pan, want string }{
		{"4111111111111111", "411111******1111"},
		{"5555555555554444", "555555******4444"},
		{"4222222222222", "422222***2222"},
		{"4111111111111111110", "411111*********1110"},
		{"411111111111", "************"},
		{"1234", "****"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.pan, func(t *testing.T) {
			t.Parallel()
			if got := providerkit.MaskPAN(tt.pan); got != tt.want {
				t.Errorf("MaskPAN(%q) = %q, want %q", tt.pan, got, tt.want)
			}
		})
	}
}

func BenchmarkLuhn(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if !providerkit.Luhn("4111111111111111") {
			b.Fatal("bad Luhn")
		}
	}
}
