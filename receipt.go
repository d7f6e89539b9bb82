package payments

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// This file holds the checks of fiscal receipts and the unit price of a
// receipt line.

// UnitPrice returns the price of one unit of the line: Amount divided by
// Quantity, in Amount's currency. Providers whose receipts take a unit
// price and require Price × Quantity = Amount exactly (T-Bank's
// Items[].Price in kopecks, https://www.tbank.ru/kassa/dev/payments/;
// Robokassa's Cost in refunds, https://docs.robokassa.ru/ru/refund-api)
// use it.
//
// Money is never rounded: when the quotient is not a whole number of the
// currency's minor units (kopecks), UnitPrice returns an error wrapping
// ErrInvalidRequest. 100.00 RUB for 3 units has no such price; give the
// line as two (2 × 33.33 and 1 × 33.34). A fractional quantity is fine:
// T-Bank's documented refund of 50.00 of a 500.00 item is Quantity 0.1,
// Amount 50.00, and its unit price 500.00.
func (it ReceiptItem) UnitPrice() (Money, error) {
	if err := it.Amount.validatePositive("receipt item amount"); err != nil {
		return Money{}, err
	}
	if !it.Quantity.IsPositive() {
		return Money{}, invalidf("receipt item quantity must be positive, got %s", it.Quantity.String())
	}
	exp, _ := it.Amount.Currency.Exponent() // known: validatePositive checked it
	price := it.Amount.Amount.DivRound(it.Quantity, exp)
	if !price.IsPositive() || !price.Mul(it.Quantity).Equal(it.Amount.Amount) {
		return Money{}, invalidf("receipt item %q: %s for %s units is not a whole number of minor units per unit; split the line",
			it.Name, it.Amount.Format(), it.Quantity.String())
	}
	return Money{Amount: price, Currency: it.Amount.Currency}, nil
}

// validateReceipt checks a receipt: the buyer's contact, if given, and
// items with names, positive quantities and positive amounts in one
// currency. With total set the items must be in its currency and add up to
// it; without (a refund of what is left, which only the provider knows)
// their currency must be one the provider accepts.
func (c *Client) validateReceipt(r *Receipt, total *Money) error {
	if r.Email != "" && !validEmail(r.Email) {
		return invalidf("receipt e-mail %q is not an address", r.Email)
	}
	if r.Phone != "" && !validPhone(r.Phone) {
		return invalidf("receipt phone %q is not 7 to 15 digits with an optional leading '+'", r.Phone)
	}
	if len(r.Items) == 0 {
		return invalidf("receipt has no items")
	}
	cur := r.Items[0].Amount.Currency
	if total != nil {
		cur = total.Currency
	} else if err := c.validAmount("receipt item amount", r.Items[0].Amount); err != nil {
		return err
	}
	sum := decimal.Zero
	for i, it := range r.Items {
		if strings.TrimSpace(it.Name) == "" {
			return invalidf("receipt item %d has no name", i+1)
		}
		if !it.Quantity.IsPositive() {
			return invalidf("receipt item %d: quantity must be positive", i+1)
		}
		if err := it.Amount.validatePositive("receipt item amount"); err != nil {
			return err
		}
		if p := unitProblem(it.MeasurementUnit); p != "" {
			return invalidf("receipt item %d: %s", i+1, p)
		}
		if it.Amount.Currency != cur {
			return invalidf("receipt item %d is in %s, the payment in %s", i+1, it.Amount.Currency, cur)
		}
		sum = sum.Add(it.Amount.Amount)
	}
	if total != nil && !sum.Equal(total.Amount) {
		return invalidf("receipt items add up to %s, the amount is %s", sum.String(), total.Format())
	}
	return nil
}

// validEmail reports whether s looks like an e-mail address: one '@' with
// text on both sides, printable, without spaces.
func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && domain != "" && !strings.Contains(domain, "@") &&
		printable(s) && !strings.ContainsAny(s, " \t\u00a0")
}

// validPhone reports whether s is 7 to 15 ASCII digits with an optional
// leading '+' (E.164 allows at most 15 digits).
func validPhone(s string) bool {
	d := strings.TrimPrefix(s, "+")
	return len(d) >= 7 && len(d) <= 15 && allDigits(d)
}

// ValidateMeasurementUnit reports whether u is a valid
// ReceiptItem.MeasurementUnit: empty, or 1 to MaxMeasurementUnit
// printable characters without surrounding spaces. The error wraps
// ErrInvalidRequest. Providers check a default unit of their own
// configuration with it.
func ValidateMeasurementUnit(u string) error {
	if p := unitProblem(u); p != "" {
		return invalidf("%s", p)
	}
	return nil
}

// unitProblem says what is wrong with the measurement unit u, or "".
func unitProblem(u string) string {
	switch {
	case u == "":
		return ""
	case !printable(u) || strings.TrimSpace(u) != u:
		return fmt.Sprintf("measurement unit %q is not printable text without surrounding spaces", u)
	case utf8.RuneCountInString(u) > MaxMeasurementUnit:
		return fmt.Sprintf("measurement unit %q is longer than %d characters", u, MaxMeasurementUnit)
	}
	return ""
}
