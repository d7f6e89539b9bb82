package payments

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

// This file holds arithmetic on Money: sums, differences and products for
// receipts and order totals.

// Rounding says how [Money.Mul] rounds a product to the currency's minor
// units (kopecks, cents). It has no default: the zero Rounding is invalid,
// so every multiplication names its rule. The names are those of Java's
// BigDecimal RoundingMode and of most accounting texts; "up" and "down"
// mean away from and toward zero, for negative amounts too.
type Rounding int

// The rounding rules. The examples are products in RUB (two decimal
// places).
const (
	// RoundHalfUp rounds to the nearest minor unit, and a half away from
	// zero: 0.125 → 0.13, 0.124 → 0.12, -0.125 → -0.13. It is the rule
	// of school arithmetic and of most receipts.
	RoundHalfUp Rounding = iota + 1
	// RoundHalfEven rounds to the nearest minor unit, and a half to the
	// even neighbour ("banker's rounding"): 0.125 → 0.12, 0.135 → 0.14,
	// -0.125 → -0.12. Over many lines its errors cancel out.
	RoundHalfEven
	// RoundDown drops the digits below the minor unit (truncation, toward
	// zero): 0.129 → 0.12, -0.129 → -0.12. The buyer never pays a
	// fraction of a kopeck more than the exact product.
	RoundDown
	// RoundUp rounds any remainder away from zero: 0.121 → 0.13,
	// -0.121 → -0.13. The seller never gets less than the exact product.
	RoundUp
)

// String returns the rule's name in Go, such as "RoundHalfUp".
func (r Rounding) String() string {
	switch r {
	case RoundHalfUp:
		return "RoundHalfUp"
	case RoundHalfEven:
		return "RoundHalfEven"
	case RoundDown:
		return "RoundDown"
	case RoundUp:
		return "RoundUp"
	}
	return fmt.Sprintf("Rounding(%d)", int(r))
}

// round rounds d to places decimal places by r; ok is false for a Rounding
// that is none of the rules.
func (r Rounding) round(d decimal.Decimal, places int32) (decimal.Decimal, bool) {
	switch r {
	case RoundHalfUp:
		return d.Round(places), true // half away from zero
	case RoundHalfEven:
		return d.RoundBank(places), true
	case RoundDown:
		return d.RoundDown(places), true // toward zero
	case RoundUp:
		return d.RoundUp(places), true // away from zero
	}
	return decimal.Decimal{}, false
}

// Add returns m + o. Both must be valid amounts (see [Money.Validate]) in
// the same currency; otherwise, or when the sum is longer than
// [ParseMoney] accepts, the error wraps ErrInvalidRequest. The sum is
// exact: two amounts with whole minor units add up to whole minor units.
func (m Money) Add(o Money) (Money, error) {
	if err := sameCurrency("add", m, o); err != nil {
		return Money{}, err
	}
	return result("add", Money{Amount: m.Amount.Add(o.Amount), Currency: m.Currency})
}

// Sub returns m - o, which may be negative. The rules are those of
// [Money.Add].
func (m Money) Sub(o Money) (Money, error) {
	if err := sameCurrency("subtract", m, o); err != nil {
		return Money{}, err
	}
	return result("subtract", Money{Amount: m.Amount.Sub(o.Amount), Currency: m.Currency})
}

// Mul returns m × quantity, rounded to the currency's minor units by rule
// (2 decimal places for RUB, 0 for JPY, 3 for KWD). m must be a valid
// amount (see [Money.Validate]) and rule one of the Round* constants;
// otherwise, or when the quantity has more than 40 digits before or after
// the point, or the product is longer than [ParseMoney] accepts, the error
// wraps ErrInvalidRequest. The quantity may be fractional (0.35 kg), zero
// or negative. An exact product is the same under every rule.
//
// A receipt line's Amount is the line total a provider checks against its
// unit price (see [ReceiptItem.UnitPrice]): a rounded product may have no
// unit price in whole kopecks. Where the line must be exact, keep the
// quantity and price such that the product needs no rounding, or split the
// line.
func (m Money) Mul(quantity decimal.Decimal, rule Rounding) (Money, error) {
	if err := operand("multiply", m); err != nil {
		return Money{}, err
	}
	if !bounded(quantity) {
		return Money{}, invalidf("multiply: quantity has more than %d digits before or after the point", maxAmountLen)
	}
	exp, _ := m.Currency.Exponent() // known: operand checked it
	amount, ok := rule.round(m.Amount.Mul(quantity), exp)
	if !ok {
		return Money{}, invalidf("multiply: %s is not a rounding rule; use RoundHalfUp, RoundHalfEven, RoundDown or RoundUp", rule)
	}
	return result("multiply", Money{Amount: amount, Currency: m.Currency})
}

// Sum returns the sum of lines, such as the lines of an order or a receipt.
// There must be at least one line (an empty sum has no currency), every
// line must be a valid amount (see [Money.Validate]), and all must be in
// one currency; otherwise, or when the sum is longer than [ParseMoney]
// accepts, the error wraps ErrInvalidRequest and names the first bad line
// (counting from 1). Lines may be zero or negative (a discount line).
func Sum(lines ...Money) (Money, error) {
	if len(lines) == 0 {
		return Money{}, invalidf("sum: no lines")
	}
	total := decimal.Zero
	for i, l := range lines {
		if err := operand(fmt.Sprintf("sum: line %d", i+1), l); err != nil {
			return Money{}, err
		}
		if l.Currency != lines[0].Currency {
			return Money{}, invalidf("sum: line %d is in %s, line 1 in %s", i+1, l.Currency, lines[0].Currency)
		}
		total = total.Add(l.Amount)
	}
	return result("sum", Money{Amount: total, Currency: lines[0].Currency})
}

// Total returns the sum of the receipt's item amounts: the amount of the
// payment (InitRequest.Amount) or of the refund (RefundRequest.Amount) the
// receipt belongs to. The Client refuses a receipt whose items do not add
// up to that amount, and so do providers that check it (T-Bank's Amount
// must equal the sum of Receipt.Items[].Amount,
// https://www.tbank.ru/kassa/dev/payments/). A nil receipt, one without
// items, and items in different currencies or with invalid amounts are
// refused with an error wrapping ErrInvalidRequest, as [Sum] refuses them.
func (r *Receipt) Total() (Money, error) {
	if r == nil || len(r.Items) == 0 {
		return Money{}, invalidf("receipt total: the receipt has no items")
	}
	lines := make([]Money, len(r.Items))
	for i, it := range r.Items {
		lines[i] = it.Amount
	}
	return Sum(lines...)
}

// sameCurrency checks both operands of a sum or difference.
func sameCurrency(op string, m, o Money) error {
	if err := operand(op, m); err != nil {
		return err
	}
	if err := operand(op, o); err != nil {
		return err
	}
	if m.Currency != o.Currency {
		return invalidf("%s: %s and %s are different currencies", op, m.Currency, o.Currency)
	}
	return nil
}

// operand checks one amount of an operation: a size that arithmetic and
// error messages can afford, then what Validate checks (a known currency,
// no more decimal places than it has). The zero Money has no currency.
func operand(op string, m Money) error {
	if !bounded(m.Amount) {
		return invalidf("%s: amount has more than %d digits before or after the point", op, maxAmountLen)
	}
	if err := m.Validate(); err != nil {
		var pe *Error
		if errors.As(err, &pe) && pe.Err != nil {
			return invalidf("%s: %v", op, pe.Err) // one "invalid request", not two
		}
		return invalidf("%s: %v", op, err)
	}
	return nil
}

// result checks that a computed amount still parses with ParseMoney: at
// most maxAmountLen characters as Format writes it.
func result(op string, m Money) (Money, error) {
	if len(m.Format()) > maxAmountLen {
		return Money{}, invalidf("%s: the result is longer than %d characters", op, maxAmountLen)
	}
	return m, nil
}

// bounded reports whether d has at most maxAmountLen digits before the
// point and its exponent at most maxAmountLen places after it, so that
// adding, multiplying, rounding and printing it stay cheap. A Money built by
// hand with an exponent of a billion would otherwise take gigabytes to
// print or rescale.
func bounded(d decimal.Decimal) bool {
	e := int64(d.Exponent())
	return e >= -maxAmountLen && int64(d.NumDigits())+e <= maxAmountLen
}
