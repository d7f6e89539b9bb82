package payments

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/shopspring/decimal"
)

// Currency is an ISO 4217 alphabetic currency code such as "RUB" or "EUR",
// in upper case. Only codes in the active ISO 4217 list with a defined
// minor unit are accepted; see [Currency.Valid].
//
// Parsing accepts a code in any case and normalises it to upper case:
// [ParseCurrency], [ParseMoney] and [MinorUnits] take "rub" or "Rub" for
// RUB. A Currency value itself is compared as it is, so code that builds
// one from outside input goes through ParseCurrency.
type Currency string

// currencyInfo is one row of the ISO 4217 table.
type currencyInfo struct {
	numeric  uint16
	exponent int32
}

// Common currencies, for convenience. Any other active ISO 4217 code is
// equally valid as a Currency value.
const (
	RUB Currency = "RUB"
	USD Currency = "USD"
	EUR Currency = "EUR"
	KZT Currency = "KZT"
)

// ParseCurrency returns the ISO 4217 code s names, in any case and
// normalised to upper case ("rub" is RUB), or an error wrapping
// [ErrInvalidRequest] if s is not an active code with a minor unit. Only
// ASCII letters change case: no Unicode folding makes another string a
// code.
func ParseCurrency(s string) (Currency, error) {
	c := upperCurrency(Currency(s))
	if !c.Valid() {
		return "", invalidf("unknown currency %q", shorten(s))
	}
	return c, nil
}

// upperCurrency is c with its ASCII letters in upper case.
func upperCurrency(c Currency) Currency {
	return Currency(strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - ('a' - 'A')
		}
		return r
	}, string(c)))
}

// Valid reports whether c is an active ISO 4217 code with a minor unit.
func (c Currency) Valid() bool {
	_, ok := iso4217[c]
	return ok
}

// Exponent returns the number of decimal places of c's minor unit (2 for
// RUB, 0 for JPY, 3 for KWD) and false if c is not a known currency.
func (c Currency) Exponent() (int32, bool) {
	info, ok := iso4217[c]
	return info.exponent, ok
}

// Numeric returns the ISO 4217 numeric code of c (643 for RUB) and false if
// c is not a known currency.
func (c Currency) Numeric() (uint16, bool) {
	info, ok := iso4217[c]
	return info.numeric, ok
}

// Money is an amount in a currency. The amount is a decimal, never a float:
// build it with [ParseMoney] or [MinorUnits]. The zero Money has no currency
// and is invalid as the amount of a request.
type Money struct {
	// Amount is the decimal amount in major units (roubles, not kopecks).
	Amount decimal.Decimal
	// Currency is the ISO 4217 code.
	Currency Currency
}

// ParseMoney parses a decimal amount in major units, such as "10.50", in the
// given currency, which it takes in any case and normalises to upper case
// (as [ParseCurrency]). It rejects unknown currencies, malformed numbers,
// exponent notation, more decimal places than the currency has, and amounts
// longer than 40 characters as [Money.Format] writes them. It accepts zero
// and negative amounts; requests reject those where they make no sense.
func ParseMoney(amount string, currency Currency) (Money, error) {
	currency, err := ParseCurrency(string(currency))
	if err != nil {
		return Money{}, err
	}
	exp, _ := currency.Exponent()
	if !plainDecimal(amount) {
		return Money{}, invalidf("malformed amount %q", shorten(amount))
	}
	d, err := decimal.NewFromString(amount)
	if err != nil {
		return Money{}, invalidf("malformed amount %q", shorten(amount))
	}
	m := Money{Amount: d, Currency: currency}
	if places := decimalPlaces(d); places > int64(exp) {
		return Money{}, invalidf("amount %s has %d decimal places; %s allows %d", shorten(amount), places, currency, exp)
	}
	// Format adds the currency's decimal places; what it writes must parse
	// again, so the formatted amount is held to the same limit.
	if len(m.Format()) > maxAmountLen {
		return Money{}, invalidf("amount %s is longer than %d characters with %d decimal places", shorten(amount), maxAmountLen, exp)
	}
	return m, nil
}

// MustParseMoney is like [ParseMoney] but panics on error. It is meant for
// constants in tests and examples, never for outside input.
func MustParseMoney(amount string, currency Currency) Money {
	m, err := ParseMoney(amount, currency)
	if err != nil {
		panic(err)
	}
	return m
}

// MinorUnits returns the Money of n minor units (kopecks, cents) of
// currency, which it takes in any case and normalises to upper case (as
// [ParseCurrency]).
func MinorUnits(n int64, currency Currency) (Money, error) {
	currency, err := ParseCurrency(string(currency))
	if err != nil {
		return Money{}, err
	}
	exp, _ := currency.Exponent()
	return Money{Amount: decimal.New(n, -exp), Currency: currency}, nil
}

// maxAmountLen bounds the text ParseMoney accepts: no real amount is longer.
const maxAmountLen = 40

// plainDecimal reports whether s is an optional '-', ASCII digits, and
// optionally '.' followed by ASCII digits, at most maxAmountLen bytes.
func plainDecimal(s string) bool {
	if len(s) > maxAmountLen {
		return false
	}
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasDot := strings.Cut(s, ".")
	if !allDigits(intPart) {
		return false
	}
	return !hasDot || allDigits(frac)
}

// shorten cuts outside input for error messages.
func shorten(s string) string {
	if len(s) > maxAmountLen {
		return s[:maxAmountLen] + "..."
	}
	return s
}

// decimalPlaces returns how many significant decimal places d has, trailing
// zeros ignored ("10.50" has 1; "10.505" has 3), from its coefficient and
// exponent: a hand-built decimal.New(1, -1e9) has a billion places, and
// counting them through d.String() would build a billion-byte string.
func decimalPlaces(d decimal.Decimal) int64 {
	exp := d.Exponent()
	if exp >= 0 {
		return 0
	}
	places := -int64(exp)
	if d.Coefficient().IsInt64() { // every amount ParseMoney accepts
		c := d.CoefficientInt64()
		if c == 0 {
			return 0
		}
		for places > 0 && c%10 == 0 {
			c /= 10
			places--
		}
		return places
	}
	c := d.Coefficient() // a copy
	ten, rem := big.NewInt(10), new(big.Int)
	for places > 0 {
		q, r := new(big.Int).QuoRem(c, ten, rem)
		if r.Sign() != 0 {
			break
		}
		c = q
		places--
	}
	return places
}

// amountText is d as text for an error message: its decimal form when
// that is short, or else its coefficient (shortened) and exponent, so that
// no message costs more than the decimal's own size.
func amountText(d decimal.Decimal) string {
	if e := d.Exponent(); e < -2*maxAmountLen || e > 2*maxAmountLen {
		return shorten(d.Coefficient().String()) + fmt.Sprintf("e%d", e)
	}
	return shorten(d.String())
}

// Validate checks that m has a known currency and no more decimal places than
// the currency allows. It does not check the sign.
func (m Money) Validate() error {
	exp, ok := m.Currency.Exponent()
	if !ok {
		if m.Currency == "" {
			return invalidf("amount has no currency")
		}
		return invalidf("unknown currency %q", string(m.Currency))
	}
	if e := int64(m.Amount.Exponent()); !m.Amount.IsZero() && (e > maxAmountLen || int64(m.Amount.NumDigits())+e > maxAmountLen) {
		// A hand-built decimal.New(1, 1e9): formatting it would take a
		// gigabyte.
		return invalidf("amount %s has more than %d digits before the point", amountText(m.Amount), maxAmountLen)
	}
	if places := decimalPlaces(m.Amount); places > int64(exp) {
		return invalidf("amount %s has %d decimal places; %s allows %d", amountText(m.Amount), places, m.Currency, exp)
	}
	return nil
}

// validatePositive is Validate plus a check that the amount is above zero.
func (m Money) validatePositive(what string) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if !m.Amount.IsPositive() {
		return invalidf("%s must be positive, got %s", what, m.Amount.String())
	}
	return nil
}

// IsZero reports whether m is the zero Money (no currency, zero amount).
func (m Money) IsZero() bool {
	return m.Currency == "" && m.Amount.IsZero()
}

// Equal reports whether m and o have the same currency and numerically equal
// amounts ("10.0" equals "10.00").
func (m Money) Equal(o Money) bool {
	return m.Currency == o.Currency && m.Amount.Equal(o.Amount)
}

// Format returns the amount with exactly the currency's number of decimal
// places and a dot separator, never in exponent form ("10.00" for 10 RUB,
// "1000000.00" for a million, "5" for 5 JPY). For an unknown currency it
// returns the shortest exact decimal.
func (m Money) Format() string {
	exp, ok := m.Currency.Exponent()
	if !ok {
		return m.Amount.String()
	}
	return m.Amount.StringFixed(exp)
}

// MinorUnits returns the amount in minor units (kopecks) and false if the
// amount has more decimal places than the currency or does not fit an int64.
func (m Money) MinorUnits() (int64, bool) {
	exp, ok := m.Currency.Exponent()
	if !ok || decimalPlaces(m.Amount) > int64(exp) {
		return 0, false
	}
	shifted := m.Amount.Shift(exp)
	if !shifted.IsInteger() {
		return 0, false
	}
	bi := shifted.BigInt()
	if !bi.IsInt64() {
		return 0, false
	}
	return bi.Int64(), true
}

// String returns the amount and currency, as in "10.00 RUB".
func (m Money) String() string {
	if m.IsZero() {
		return "0"
	}
	return m.Format() + " " + string(m.Currency)
}

// GoString implements fmt.GoStringer.
func (m Money) GoString() string {
	if m.IsZero() {
		return "payments.Money{}"
	}
	return fmt.Sprintf("payments.MustParseMoney(%q, %q)", m.Format(), string(m.Currency))
}
