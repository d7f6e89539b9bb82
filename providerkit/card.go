package providerkit

import "github.com/paykit/payments"

// MaskPAN masks a card number the way providers do: first six and last four
// digits kept, the rest '*'. Numbers shorter than 13 digits are fully
// masked. It is payments.Card's masking, for card numbers found outside a
// Card (free text, raw fields, recorded exchanges).
func MaskPAN(pan string) string {
	return payments.Card{Number: pan}.Masked()
}

// Luhn reports whether the digit string s has a valid Luhn check digit. It
// is false for anything but a non-empty run of ASCII digits.
func Luhn(s string) bool {
	if !allDigits(s) {
		return false
	}
	sum := 0
	double := false
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// allDigits reports whether s is a non-empty run of ASCII digits.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
