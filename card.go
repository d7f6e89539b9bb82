package payments

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Card is a bank card for host-to-host payments and payouts. Its number and
// CVC never print: String, GoString, LogValue and MarshalJSON show only the
// masked number ("411111******1111"), so a Card or a request holding one is
// safe to log. Providers read the fields directly.
type Card struct {
	// Number is the card number (PAN), digits only.
	Number string
	// ExpMonth is the expiry month, 1 to 12. Zero for payout destinations.
	ExpMonth int
	// ExpYear is the four-digit expiry year. Zero for payout destinations.
	ExpYear int
	// CVC is the card security code, 3 or 4 digits.
	CVC string
	// Holder is the cardholder's name as printed, if known.
	Holder string
}

// Masked returns the number with all but the first six and last four digits
// replaced by '*' (as providers mask it), or "****" for a short number.
func (c Card) Masked() string {
	return maskPAN(c.Number)
}

// maskPAN masks a card number the way providers do: first six and last four
// digits kept, the rest '*'. Numbers shorter than 13 digits are fully masked.
func maskPAN(pan string) string {
	if len(pan) < 13 {
		return strings.Repeat("*", len(pan))
	}
	return pan[:6] + strings.Repeat("*", len(pan)-10) + pan[len(pan)-4:]
}

// String implements fmt.Stringer with the masked number.
func (c Card) String() string {
	return "card " + c.Masked()
}

// GoString implements fmt.GoStringer without the number or CVC.
func (c Card) GoString() string {
	return fmt.Sprintf("payments.Card{Number:%q, ExpMonth:%d, ExpYear:%d, CVC:\"***\"}", c.Masked(), c.ExpMonth, c.ExpYear)
}

// Format implements fmt.Formatter so that every verb (%v, %+v, %#v, %s, %q,
// %x) prints the redacted form.
func (c Card) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, c.GoString())
		return
	}
	fmt.Fprint(f, c.String())
}

// LogValue implements slog.LogValuer with the masked number only.
func (c Card) LogValue() slog.Value {
	return slog.GroupValue(slog.String("number", c.Masked()))
}

// MarshalJSON writes only the masked number, so a Card never reaches JSON
// logs or files in clear.
func (c Card) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Number string `json:"number"`
	}{c.Masked()})
}

// Validate checks the card for a direct payment at time now: digits only, 12
// to 19 of them, a valid Luhn check digit, an expiry month that has not
// passed and a 3- or 4-digit CVC.
func (c Card) Validate(now time.Time) error {
	if err := c.ValidateNumber(); err != nil {
		return err
	}
	if c.ExpMonth < 1 || c.ExpMonth > 12 {
		return invalidf("card expiry month must be 1 to 12")
	}
	if c.ExpYear < 2000 || c.ExpYear > 2100 {
		return invalidf("card expiry year must have four digits")
	}
	y, m, _ := now.Date()
	if c.ExpYear < y || (c.ExpYear == y && c.ExpMonth < int(m)) {
		return invalidf("card expired")
	}
	if len(c.CVC) < 3 || len(c.CVC) > 4 || !allDigits(c.CVC) {
		return invalidf("card CVC must be 3 or 4 digits")
	}
	return nil
}

// ValidateNumber checks the card number alone (for payout destinations):
// digits only, 12 to 19 of them, valid Luhn check digit.
func (c Card) ValidateNumber() error {
	if len(c.Number) < 12 || len(c.Number) > 19 || !allDigits(c.Number) {
		return invalidf("card number must be 12 to 19 digits")
	}
	if !luhn(c.Number) {
		return invalidf("card number %s fails the Luhn check", c.Masked())
	}
	return nil
}

// luhn reports whether the digit string s has a valid Luhn check digit.
func luhn(s string) bool {
	if s == "" || !allDigits(s) {
		return false
	}
	sum := 0
	double := false
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
