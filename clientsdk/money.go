package clientsdk

import (
	"fmt"

	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

// parseAmount parses an amount the provider reports ("100.0000", "10",
// "-5.5") in currency, which defaults to RUB (the API's only documented
// currency). The text must be a plain decimal: no exponent, no spaces, no
// leading '+'; the provider's four decimal places are kept as given (the
// core compares amounts numerically).
func parseAmount(text, currency string) (payments.Money, error) {
	if currency == "" {
		currency = string(payments.RUB)
	}
	cur := payments.Currency(currency)
	if !cur.Valid() {
		return payments.Money{}, fmt.Errorf("unknown currency %q", currency)
	}
	if !plainDecimal(text) {
		return payments.Money{}, fmt.Errorf("malformed amount %q", text)
	}
	d, err := decimal.NewFromString(text)
	if err != nil {
		return payments.Money{}, fmt.Errorf("malformed amount %q", text)
	}
	return payments.Money{Amount: d, Currency: cur}, nil
}

// plainDecimal reports whether s is -?digits(.digits)? with at most 40
// digits.
func plainDecimal(s string) bool {
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	if s == "" || len(s) > 41 {
		return false
	}
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.' && !dot && i > 0 && i < len(s)-1:
			dot = true
		case c < '0' || c > '9':
			return false
		}
	}
	return true
}

// money reads an optional amount field of r, in the currency field (or
// RUB). An absent or empty amount is the zero Money.
func (r response) money(amountKey, currencyKey string) (payments.Money, error) {
	amount, ok, err := r.str(amountKey)
	if err != nil || !ok || amount == "" {
		return payments.Money{}, err
	}
	cur, _, err := r.str(currencyKey)
	if err != nil {
		return payments.Money{}, err
	}
	m, err := parseAmount(amount, cur)
	if err != nil {
		return payments.Money{}, fmt.Errorf("%s: %w", amountKey, err)
	}
	return m, nil
}
