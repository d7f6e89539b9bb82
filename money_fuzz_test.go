package payments_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"10", "10.5", "10.50", "0.01", "10.001", "1e3", "1E+6", "", ".5", "5.", " 5", "+5", "abc", "NaN", "-1.25", "0", "00.10", "123456789012345678901234567890.12",
		// Found by this fuzz target: 37 digits that Format writes with 3
		// places for KWD, 41 characters that ParseMoney then refused.
		"1000000000000000000000000000000000000"} {
		for _, c := range []string{"RUB", "JPY", "KWD", "CLF", "XYZ", "", "rub", "Kwd"} {
			f.Add(s, c)
		}
	}
	f.Fuzz(func(t *testing.T, amount, currency string) {
		cur := payments.Currency(currency)
		m, err := payments.ParseMoney(amount, cur)
		if err != nil {
			if !errors.Is(err, payments.ErrInvalidRequest) {
				t.Fatalf("ParseMoney(%q, %q) error %v does not wrap ErrInvalidRequest", amount, currency, err)
			}
			return
		}
		if !plainAmount.MatchString(amount) {
			t.Errorf("ParseMoney accepted %q, which is not a plain decimal", amount)
		}
		// The currency is taken in any case and normalised.
		want, err := payments.ParseCurrency(currency)
		if err != nil {
			t.Fatalf("ParseMoney accepted unknown currency %q", currency)
		}
		if m.Currency != want {
			t.Errorf("Currency = %q, want %q", m.Currency, want)
		}
		cur = want
		exp, _ := cur.Exponent()
		if !m.Amount.Equal(m.Amount.Truncate(exp)) {
			t.Errorf("ParseMoney(%q, %s) kept more than %d places: %s", amount, cur, exp, m.Amount)
		}
		if err := m.Validate(); err != nil {
			t.Errorf("Validate() of a parsed amount = %v", err)
		}
		formatted := m.Format()
		if strings.ContainsAny(formatted, "eE") {
			t.Errorf("Format() = %q uses exponent form", formatted)
		}
		back, err := payments.ParseMoney(formatted, cur)
		if err != nil {
			t.Fatalf("ParseMoney(Format() = %q) = %v", formatted, err)
		}
		if !back.Equal(m) {
			t.Errorf("re-parsed %q = %v, want %v", formatted, back, m)
		}
	})
}

func BenchmarkParseMoney(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := payments.ParseMoney("12345.67", payments.RUB); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecimalNewFromString is the floor under BenchmarkParseMoney: the
// decimal parse it cannot avoid.
func BenchmarkDecimalNewFromString(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decimal.NewFromString("12345.67"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseMoneyTrailingZeros shows the cost of an amount with many
// trailing zeros, as an attacker could put in a webhook.
func BenchmarkParseMoneyTrailingZeros(b *testing.B) {
	s := "1." + strings.Repeat("0", 2000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := payments.ParseMoney(s, payments.RUB); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFormat(b *testing.B) {
	m := payments.MustParseMoney("12345.6", payments.RUB)
	b.ReportAllocs()
	for b.Loop() {
		if m.Format() != "12345.60" {
			b.Fatal("bad format")
		}
	}
}
