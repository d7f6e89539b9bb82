package payments_test

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

// FuzzMoneyArithmetic checks Add, Sub, Sum and Mul on amounts ParseMoney
// accepts and quantities decimal.NewFromString accepts (outside input of a
// shop: prices, weights): no panic, errors wrap ErrInvalidRequest, sums are
// exact, and a product is within one minor unit of the exact product, on
// the side its rule says, and parses back with ParseMoney.
func FuzzMoneyArithmetic(f *testing.F) {
	for _, s := range [][3]string{
		{"10.50", "0.55", "0.333"},
		{"0.25", "-0.25", "0.5"},
		{"-5.5", "2.5", "-1.1"},
		{"1", "2", "1e3"},
		{"1", "2", "1e-41"},
		{"1", "2", "1e1000000000"},
		{"1", "2", "1e-1000000000"},
		{"9999999999999999999999999999999999999", "1", "10"},
		{"0", "0", "0"},
		{"123456789012345678901", "99.99", "0.1234"},
	} {
		for _, c := range []string{"RUB", "JPY", "KWD", "CLF", "XYZ", ""} {
			for rule := range uint8(6) {
				f.Add(s[0], s[1], c, s[2], rule)
			}
		}
	}
	f.Fuzz(func(t *testing.T, a, b, currency, quantity string, rule uint8) {
		cur := payments.Currency(currency)
		x, errA := payments.ParseMoney(a, cur)
		y, errB := payments.ParseMoney(b, cur)
		if errA != nil || errB != nil {
			// Refused operands are refused by every operation.
			if _, err := x.Add(y); !errors.Is(err, payments.ErrInvalidRequest) {
				t.Fatalf("Add of a refused amount: %v", err)
			}
			return
		}
		exp, _ := cur.Exponent()
		checkResult := func(what string, m payments.Money, err error) bool {
			t.Helper()
			if err != nil {
				if !errors.Is(err, payments.ErrInvalidRequest) {
					t.Fatalf("%s: error %v does not wrap ErrInvalidRequest", what, err)
				}
				return false
			}
			back, perr := payments.ParseMoney(m.Format(), cur)
			if perr != nil || !back.Equal(m) {
				t.Fatalf("%s = %v does not parse back: %v, %v", what, m, back, perr)
			}
			return true
		}

		sum, err := x.Add(y)
		if checkResult("Add", sum, err) {
			if want := x.Amount.Add(y.Amount); !sum.Amount.Equal(want) {
				t.Errorf("%v + %v = %v, want %s", x, y, sum, want)
			}
			if back, err := sum.Sub(y); err != nil || !back.Equal(x) {
				t.Errorf("(%v + %v) - %v = %v, %v; want %v", x, y, y, back, err, x)
			}
			if s, err := payments.Sum(x, y); err != nil || !s.Equal(sum) {
				t.Errorf("Sum(%v, %v) = %v, %v; want %v", x, y, s, err, sum)
			}
		}
		diff, err := x.Sub(y)
		if checkResult("Sub", diff, err) && !diff.Amount.Equal(x.Amount.Sub(y.Amount)) {
			t.Errorf("%v - %v = %v", x, y, diff)
		}

		q, err := decimal.NewFromString(quantity)
		if err != nil {
			return
		}
		r := payments.Rounding(rule)
		prod, err := x.Mul(q, r)
		if r < payments.RoundHalfUp || r > payments.RoundUp {
			if !errors.Is(err, payments.ErrInvalidRequest) {
				t.Fatalf("Mul by %s: %v, %v; want ErrInvalidRequest", r, prod, err)
			}
			return
		}
		if !checkResult("Mul", prod, err) {
			return
		}
		exact := x.Amount.Mul(q)
		unit := decimal.New(1, -exp)
		off := prod.Amount.Sub(exact) // rounding error, signed
		away := off.Sign() == exact.Sign() || off.IsZero()
		switch {
		case off.Abs().GreaterThanOrEqual(unit):
			t.Errorf("%v × %s by %s = %v, a minor unit or more from %s", x, q, r, prod, exact)
		case r == payments.RoundDown && !off.IsZero() && away:
			t.Errorf("%v × %s by RoundDown = %v, away from zero (exact %s)", x, q, prod, exact)
		case r == payments.RoundUp && !away:
			t.Errorf("%v × %s by RoundUp = %v, toward zero (exact %s)", x, q, prod, exact)
		case (r == payments.RoundHalfUp || r == payments.RoundHalfEven) && off.Abs().Mul(decimal.NewFromInt(2)).GreaterThan(unit):
			t.Errorf("%v × %s by %s = %v, more than half a minor unit from %s", x, q, r, prod, exact)
		}
	})
}
