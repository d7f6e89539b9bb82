package clientsdk

import (
	"strings"
	"testing"

	"github.com/paykit/payments/providerkit"
)

// luhnNumber returns a number of n digits that starts with prefix (padded
// with zeros) and ends with a valid Luhn check digit.
func luhnNumber(prefix string, n int) string {
	body := prefix + strings.Repeat("0", n-1-len(prefix))
	sum := 0
	for i := len(body) - 1; i >= 0; i-- {
		d := int(body[i] - '0')
		if (len(body)-i)%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return body + string(rune('0'+(10-sum%10)%10))
}

// TestMaskFieldNames checks that the value of every field named for a card
// number is masked whatever its text, and a CVC hidden entirely.
func TestMaskFieldNames(t *testing.T) {
	t.Parallel()
	tests := []struct{ key, value, want string }{
		{"pan", "4111111111111111", "411111******1111"},
		{"PAN", "4111111111111111", "411111******1111"},
		{"card", "4111111111111111", "411111******1111"},
		{"to_card", "4111111111111111", "411111******1111"},
		{"card_number", "4111111111111111", "411111******1111"},
		{"Card_Number", "4111111111111111", "411111******1111"},
		{"payer_pan", "4111111111111111", "411111******1111"},
		// A card field is masked even when its number fails the Luhn check
		// (which free-text masking requires).
		{"pan", "4111111111111112", "411111******1112"},
		{"card", "123", "***"},
		{"masked_pan", "411111******1111", "411111******1111"},
		{"cvc", "123", "***"},
		{"CVV", "1234", "***"},
		{"order", "4111111111111111", "411111******1111"},
		{"order", "4111111111111112", "4111111111111112"},
		{"panel", "x", "x"},
		{"cards", "x", "x"},
	}
	for _, tt := range tests {
		if got := maskField(tt.key, tt.value); got != tt.want {
			t.Errorf("maskField(%q, %q) = %q, want %q", tt.key, tt.value, got, tt.want)
		}
	}
}

// TestMaskPANBounds checks the 13- and 19-digit bounds of free-text
// masking and the digits 0 and 9 at both ends of a number.
func TestMaskPANBounds(t *testing.T) {
	t.Parallel()
	n12, n13, n19, n20 := luhnNumber("4", 12), luhnNumber("4", 13), luhnNumber("4", 19), luhnNumber("4", 20)
	n9 := luhnNumber("9", 16) // starts with 9
	n0 := luhnNumber("0", 16) // starts with 0
	for _, n := range []string{n12, n13, n19, n20, n9, n0} {
		if !providerkit.Luhn(n) {
			t.Fatalf("test number %s fails the Luhn check", n)
		}
	}
	tests := []struct{ name, in, want string }{
		{"12 digits", n12, n12},
		{"13 digits, the whole text", n13, n13[:6] + "***" + n13[9:]},
		{"19 digits", "x " + n19 + " y", "x " + n19[:6] + "*********" + n19[15:] + " y"},
		{"20 digits", n20, n20},
		{"starts with 9", n9, n9[:6] + "******" + n9[12:]},
		{"starts with 0", n0, n0[:6] + "******" + n0[12:]},
		{"ends with 0, between / and :", "/4000000000000010:", "/400000******0010:"},
		{"ends with 9", "a4000000000000069b", "a400000******0069b"},
		{"two numbers", n13 + "-" + n19, n13[:6] + "***" + n13[9:] + "-" + n19[:6] + "*********" + n19[15:]},
	}
	for _, tt := range tests {
		if got := maskPANs(tt.in); got != tt.want {
			t.Errorf("%s: maskPANs(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}
