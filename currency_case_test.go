package payments_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/paykit/payments"
)

// TestCurrencyAnyCase: ParseCurrency, ParseMoney and MinorUnits take a
// code in any case and return it in upper case; only ASCII letters change
// case, so no Unicode folding turns another string into a code.
func TestCurrencyAnyCase(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want payments.Currency // "" when refused
	}{
		{"upper", "RUB", payments.RUB},
		{"lower", "rub", payments.RUB},
		{"mixed", "Eur", payments.EUR},
		{"zero exponent lower", "jpy", "JPY"},
		{"three places lower", "kwd", "KWD"},
		{"unknown", "xyz", ""},
		{"empty", "", ""},
		{"spaces are not trimmed", " rub", ""},
		// U+0131 LATIN SMALL LETTER DOTLESS I upper-cases to "I" under
		// Unicode rules: "ıdr" is not IDR.
		{"dotless i", "\u0131dr", ""},
		// U+212A KELVIN SIGN lower-cases to "k"; "\u212Azt" is not KZT.
		{"Kelvin sign", "\u212Azt", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := payments.ParseCurrency(tt.in)
			if tt.want == "" {
				if err == nil || !errors.Is(err, payments.ErrInvalidRequest) {
					t.Errorf("ParseCurrency(%q) = %q, %v; want an ErrInvalidRequest", tt.in, c, err)
				}
				if _, err := payments.ParseMoney("1", payments.Currency(tt.in)); err == nil {
					t.Errorf("ParseMoney in %q accepted", tt.in)
				}
				if _, err := payments.MinorUnits(1, payments.Currency(tt.in)); err == nil {
					t.Errorf("MinorUnits in %q accepted", tt.in)
				}
				return
			}
			if err != nil || c != tt.want {
				t.Errorf("ParseCurrency(%q) = %q, %v; want %q", tt.in, c, err, tt.want)
			}
			m, err := payments.ParseMoney("1", payments.Currency(tt.in))
			if err != nil || m.Currency != tt.want {
				t.Errorf("ParseMoney(1, %q) = %v, %v; want currency %q", tt.in, m, err, tt.want)
			}
			if err == nil && !m.Equal(payments.MustParseMoney("1", tt.want)) {
				t.Errorf("ParseMoney(1, %q) = %v, not equal to the upper-case code's", tt.in, m)
			}
			m, err = payments.MinorUnits(100, payments.Currency(tt.in))
			if err != nil || m.Currency != tt.want {
				t.Errorf("MinorUnits(100, %q) = %v, %v; want currency %q", tt.in, m, err, tt.want)
			}
		})
	}
}

func TestParseCurrencyErrorQuotesInput(t *testing.T) {
	t.Parallel()
	_, err := payments.ParseCurrency("xxy")
	if err == nil || !strings.HasSuffix(err.Error(), `unknown currency "xxy"`) {
		t.Errorf("error = %v, want the input quoted as given", err)
	}
}

func FuzzParseCurrency(f *testing.F) {
	for _, s := range []string{"RUB", "rub", "Eur", "xyz", "", "\u0131dr", "\u212Azt", "RUBB", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := payments.ParseCurrency(s)
		if err != nil {
			if !errors.Is(err, payments.ErrInvalidRequest) {
				t.Fatalf("error %v does not wrap ErrInvalidRequest", err)
			}
			return
		}
		if !c.Valid() || len(c) != 3 || len(s) != 3 {
			t.Fatalf("ParseCurrency(%q) = %q", s, c)
		}
		for i := range 3 {
			if c[i] != s[i] && c[i] != s[i]-('a'-'A') {
				t.Fatalf("ParseCurrency(%q) = %q changed more than ASCII case", s, c)
			}
		}
	})
}
