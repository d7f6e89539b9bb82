package payments_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

// TestValidateHugeExponent: a hand-built amount with an absurd exponent is
// refused at the cost of its own size. Counting its decimal places through
// decimal.String built a string of a billion bytes for decimal.New(1, -1e9)
// (several seconds and a gigabyte per call), and the error message printed
// it whole.
func TestValidateHugeExponent(t *testing.T) {
	t.Parallel()
	for _, d := range []decimal.Decimal{
		decimal.New(1, -1_000_000_000),
		decimal.New(-123456789, -2_000_000_000),
	} {
		m := payments.Money{Amount: d, Currency: payments.RUB}
		err := m.Validate()
		if !errors.Is(err, payments.ErrInvalidRequest) {
			t.Fatalf("Validate(%v e%d) = %v, want ErrInvalidRequest", d.Coefficient(), d.Exponent(), err)
		}
		if len(err.Error()) > 200 || !strings.Contains(err.Error(), "decimal places") {
			t.Errorf("message %.300q, want a short one about decimal places", err.Error())
		}
		if _, ok := m.MinorUnits(); ok {
			t.Errorf("MinorUnits of e%d reported ok", d.Exponent())
		}
	}
	// Huge in the other direction: formatting decimal.New(1, 1e9) would
	// build a billion-byte string; Validate refuses it at once.
	for _, d := range []decimal.Decimal{decimal.New(1, 1_000_000_000), decimal.New(7, 41), decimal.RequireFromString("1" + strings.Repeat("0", 41))} {
		err := payments.Money{Amount: d, Currency: payments.RUB}.Validate()
		if !errors.Is(err, payments.ErrInvalidRequest) || len(err.Error()) > 200 {
			t.Errorf("Validate(%v e%d) = %.200v, want a short ErrInvalidRequest", d.Coefficient(), d.Exponent(), err)
		}
	}
	if err := (payments.Money{Amount: decimal.New(1, 39), Currency: payments.RUB}).Validate(); err != nil {
		t.Errorf("Validate(1e39 RUB) = %v, want it accepted (40 digits)", err)
	}
	// Trailing zeros still do not count: 1.500000 RUB is 1.50 RUB.
	m := payments.Money{Amount: decimal.New(1_500_000, -6), Currency: payments.RUB}
	if err := m.Validate(); err != nil {
		t.Errorf("Validate(1.500000 RUB) = %v", err)
	}
	if n, ok := m.MinorUnits(); !ok || n != 150 {
		t.Errorf("MinorUnits(1.500000 RUB) = %d, %v; want 150, true", n, ok)
	}
	// Zero with a negative exponent has no places.
	if err := (payments.Money{Amount: decimal.New(0, -50), Currency: payments.RUB}).Validate(); err != nil {
		t.Errorf("Validate(0e-50 RUB) = %v", err)
	}
}

// BenchmarkValidate: a valid amount, as the Client checks every request's.
func BenchmarkValidate(b *testing.B) {
	m := payments.MustParseMoney("1500.50", payments.RUB)
	for b.Loop() {
		if err := m.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidateFloor is what Validate cannot avoid: looking the
// currency's exponent up.
func BenchmarkValidateFloor(b *testing.B) {
	m := payments.MustParseMoney("1500.50", payments.RUB)
	for b.Loop() {
		if _, ok := m.Currency.Exponent(); !ok {
			b.Fatal("no exponent")
		}
	}
}
