package payments_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/paykit/payments"
)

// The bounds of Card.Validate and ValidateNumber, checked by the reason
// given, since every refusal is ErrInvalidRequest.
func TestCardBounds(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, time.May, 15, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		edit   func(*payments.Card)
		reason string // empty: valid
	}{
		// Luhn-valid numbers of every length at the bounds.
		{"12 digits", func(c *payments.Card) { c.Number = "411111111117" }, ""},
		{"13 digits", func(c *payments.Card) { c.Number = "4111111111119" }, ""},
		{"19 digits", func(c *payments.Card) { c.Number = "4111111111111111110" }, ""},
		{"11 digits, Luhn-valid", func(c *payments.Card) { c.Number = "79927398713" }, "12 to 19 digits"},
		{"20 digits, Luhn-valid", func(c *payments.Card) { c.Number = "41111111111111111115" }, "12 to 19 digits"},
		{"a letter", func(c *payments.Card) { c.Number = "41111111111a1111" }, "12 to 19 digits"},
		// The expiry year must have four digits; one that does and has
		// passed is expired, not malformed.
		{"year 1999", func(c *payments.Card) { c.ExpYear = 1999 }, "four digits"},
		{"year 2000", func(c *payments.Card) { c.ExpYear = 2000 }, "card expired"},
		{"year 2100", func(c *payments.Card) { c.ExpYear = 2100 }, ""},
		{"year 2101", func(c *payments.Card) { c.ExpYear = 2101 }, "four digits"},
		{"month 0", func(c *payments.Card) { c.ExpMonth = 0 }, "month must be 1 to 12"},
		{"month 1 next year", func(c *payments.Card) { c.ExpMonth, c.ExpYear = 1, 2027 }, ""},
		{"month 12", func(c *payments.Card) { c.ExpMonth = 12 }, ""},
		{"month 13", func(c *payments.Card) { c.ExpMonth = 13 }, "month must be 1 to 12"},
		{"CVC of 2", func(c *payments.Card) { c.CVC = "12" }, "CVC"},
		{"CVC of 3", func(c *payments.Card) { c.CVC = "123" }, ""},
		{"CVC of 4", func(c *payments.Card) { c.CVC = "1234" }, ""},
		{"CVC of 5", func(c *payments.Card) { c.CVC = "12345" }, "CVC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := payments.Card{Number: "4111111111111111", ExpMonth: 12, ExpYear: 2030, CVC: "123"}
			tt.edit(&c)
			err := c.Validate(now)
			if tt.reason == "" {
				if err != nil {
					t.Errorf("Validate = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, payments.ErrInvalidRequest) || !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("Validate = %v, want ErrInvalidRequest saying %q", err, tt.reason)
			}
		})
	}
}
