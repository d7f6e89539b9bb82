package robokassa

import (
	"strconv"

	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

var pow10 = [19]int64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
}

// appendOutSum appends d with exactly two decimals ("10.00", "1000000.00"),
// the form Robokassa documents for OutSum (https://docs.robokassa.ru/script-parameters/): from the
// decimal, never through a float, never in exponent form. It reports false
// if d is not positive or has more than two significant decimals; it never
// rounds.
func appendOutSum(dst []byte, d decimal.Decimal) ([]byte, bool) {
	if d.Sign() <= 0 {
		return dst, false
	}
	if d.NumDigits() <= 18 {
		coef, e := d.CoefficientInt64(), int(d.Exponent())+2
		kop, ok := int64(0), false
		switch {
		case e >= 0 && e <= 18:
			if coef <= (1<<63-1)/pow10[e] {
				kop, ok = coef*pow10[e], true
			}
		case e < 0 && e >= -18:
			if coef%pow10[-e] != 0 {
				return dst, false // more than two decimals
			}
			kop, ok = coef/pow10[-e], true
		}
		if ok {
			dst = strconv.AppendInt(dst, kop/100, 10)
			c := kop % 100
			return append(dst, '.', byte('0'+c/10), byte('0'+c%10)), true
		}
	}
	// Slow path for coefficients beyond int64.
	if !d.Equal(d.Truncate(2)) {
		return dst, false
	}
	return append(dst, d.StringFixed(2)...), true
}

// jsonNumber formats d as a JSON number: the shortest exact decimal, never
// in exponent form ("100.5", "1"), as in the documentation's JSON samples
// (https://docs.robokassa.ru/invoice-api, https://docs.robokassa.ru/refund-api,
// https://docs.robokassa.ru/split-payments).
type jsonNumber decimal.Decimal

// MarshalJSON implements json.Marshaler.
func (n jsonNumber) MarshalJSON() ([]byte, error) {
	return []byte(decimal.Decimal(n).String()), nil
}

// parseAmount parses an amount as Robokassa sends it ("10.000000") in cur:
// it must be a plain positive decimal whose value fits cur's minor unit.
// The text is kept exactly by the callers for signatures.
func parseAmount(text string, cur payments.Currency) (payments.Money, bool) {
	m, err := payments.ParseMoney(text, cur)
	if err != nil || !m.Amount.IsPositive() {
		return payments.Money{}, false
	}
	return m, true
}
