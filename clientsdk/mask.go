package clientsdk

import (
	"strings"

	"github.com/paykit/payments/providerkit"
)

// maskPANs masks, in free text from the provider, every run of 13 to 19
// digits that passes the Luhn check, the way providers mask card numbers
// ("411111******1111"), so that a card number the provider echoes in an
// error never reaches errors or logs.
func maskPANs(s string) string {
	if len(s) < 13 {
		return s
	}
	var b []byte
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if n := j - i; n >= 13 && n <= 19 && providerkit.Luhn(s[i:j]) {
			if b == nil {
				b = []byte(s)
			}
			copy(b[i:j], providerkit.MaskPAN(s[i:j]))
		}
		i = j
	}
	if b == nil {
		return s
	}
	return string(b)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// maskField masks the value of a field that holds a card number ("pan",
// "card", "to_card", "card_number", "*_pan"; "masked_pan" stays as the
// provider masked it) and
// any card number in other text.
func maskField(key, value string) string {
	k := strings.ToLower(key)
	if k == "pan" || k == "card" || k == "to_card" || k == "card_number" || strings.HasSuffix(k, "_pan") {
		return providerkit.MaskPAN(value)
	}
	if k == "cvc" || k == "cvv" {
		return "***"
	}
	return maskPANs(value)
}
