package clientsdk

import (
	"strings"
	"testing"

	"github.com/paykit/payments"
)

// TestParseAmount checks the bounds of the amount parser: an optional
// leading '-', at most 40 digits and one decimal point with digits on both
// sides, and a known currency (RUB when absent).
func TestParseAmount(t *testing.T) {
	t.Parallel()
	digits40 := strings.Repeat("9", 40)
	tests := []struct {
		name, text, currency string
		want                 string // the amount as decimal.Decimal.String gives it; "" means refused
	}{
		{"plain", "100.0000", "RUB", "100"},
		{"no currency is RUB", "10", "", "10"},
		{"negative", "-5.5", "RUB", "-5.5"},
		{"zero", "0", "RUB", "0"},
		{"40 digits", digits40, "RUB", digits40},
		{"40 digits and a point", digits40[:20] + "." + digits40[20:], "RUB", digits40[:20] + "." + digits40[20:]},
		{"40 digits, a point and a sign", "-" + digits40[:20] + "." + digits40[20:], "RUB", "-" + digits40[:20] + "." + digits40[20:]},
		{"41 digits and a point", digits40[:21] + "." + digits40[20:], "RUB", ""},
		{"42 characters", digits40 + "99", "RUB", ""},
		{"plus sign", "+5", "RUB", ""},
		{"two signs", "--5", "RUB", ""},
		{"sign alone", "-", "RUB", ""},
		{"empty", "", "RUB", ""},
		{"point first", ".5", "RUB", ""},
		{"point last", "5.", "RUB", ""},
		{"sign then point", "-.5", "RUB", ""},
		{"point in the second place", "5.5", "RUB", "5.5"},
		{"point before the last digit", "55.5", "RUB", "55.5"},
		{"two points", "1.2.3", "RUB", ""},
		{"comma", "10,00", "RUB", ""},
		{"exponent", "1e3", "RUB", ""},
		{"space", " 10", "RUB", ""},
		{"digit after 9", "1:", "RUB", ""},
		{"digit before 0", "1/", "RUB", ""},
		{"unknown currency", "10", "XXY", ""},
		{"lower-case currency", "10", "rub", ""},
	}
	for _, tt := range tests {
		m, err := parseAmount(tt.text, tt.currency)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("%s: parseAmount(%q, %q) = %s, want an error", tt.name, tt.text, tt.currency, m)
		case tt.want != "" && err != nil:
			t.Errorf("%s: parseAmount(%q, %q): %v", tt.name, tt.text, tt.currency, err)
		case tt.want != "" && m.Amount.String() != tt.want:
			t.Errorf("%s: parseAmount(%q, %q) = %s, want %s", tt.name, tt.text, tt.currency, m, tt.want)
		}
		if err == nil && m.Currency != payments.RUB {
			t.Errorf("%s: currency %q", tt.name, m.Currency)
		}
	}
}
