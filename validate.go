package payments

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// This file holds the checks the Client makes of a request before the
// provider sees it.

// validOrderID checks an order id: non-empty, at most 128 bytes, printable
// UTF-8, no longer than the provider's MaxOrderIDLength, and a positive
// integer where the provider needs one.
func (c *Client) validOrderID(what, id string) error {
	if id == "" {
		return invalidf("%s is required", what)
	}
	if len(id) > 128 {
		return invalidf("%s is longer than 128 bytes", what)
	}
	if !printable(id) {
		return invalidf("%s must be printable text", what)
	}
	if n := c.caps.MaxOrderIDLength; n > 0 && utf8.RuneCountInString(id) > n {
		return invalidf("%s is longer than the %d characters %s takes", what, n, c.p.Name())
	}
	if c.caps.NumericOrderIDs {
		if !allDigits(id) || strings.HasPrefix(id, "0") || len(id) > 18 {
			return invalidf("%s must be a positive integer for %s", what, c.p.Name())
		}
	}
	return nil
}

// validID checks a provider's id: non-empty printable text of at most 256
// bytes.
func (c *Client) validID(what, id string) error {
	if id == "" {
		return invalidf("%s is required", what)
	}
	if len(id) > 256 || !printable(id) {
		return invalidf("%s must be printable text of at most 256 bytes", what)
	}
	return nil
}

// printable reports whether s is valid UTF-8 without control characters.
func printable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

func (c *Client) validAmount(what string, m Money) error {
	if err := m.validatePositive(what); err != nil {
		return err
	}
	if !c.caps.SupportsCurrency(m.Currency) {
		return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " does not accept " + string(m.Currency)}
	}
	return nil
}

func (c *Client) validateInit(req *InitRequest) error {
	if req == nil {
		return invalidf("nil request")
	}
	if err := c.validOrderID("order id", req.OrderID); err != nil {
		return err
	}
	if err := c.validAmount("amount", req.Amount); err != nil {
		return err
	}
	if !utf8.ValidString(req.Description) {
		return invalidf("description is not valid UTF-8")
	}
	if n := c.caps.MaxDescription; n > 0 && utf8.RuneCountInString(req.Description) > n {
		return invalidf("description is longer than %d characters", n)
	}
	if req.Email != "" && !validEmail(req.Email) {
		return invalidf("e-mail %q is not an address", req.Email)
	}
	if !req.ExpiresAt.IsZero() && !req.ExpiresAt.After(c.opts.Now()) {
		return invalidf("expiry is in the past")
	}
	if len(req.Metadata) > 0 && !c.caps.Metadata {
		return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " does not take metadata"}
	}
	if req.Receipt != nil {
		if !c.caps.PaymentReceipts {
			return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " does not take receipts with payments"}
		}
		if err := c.validateReceipt(req.Receipt, &req.Amount); err != nil {
			return err
		}
	}
	if req.Card != nil {
		if !c.caps.CardPayments {
			return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " does not take card data"}
		}
		if err := req.Card.Validate(c.opts.Now()); err != nil {
			return err
		}
	}
	if req.Browser != nil && !c.caps.ThreeDS {
		return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " does not take 3-D Secure browser data"}
	}
	return nil
}

func (c *Client) validateRefund(req *RefundRequest) error {
	if req == nil {
		return invalidf("nil request")
	}
	if err := c.validOrderID("order id", req.OrderID); err != nil {
		return err
	}
	if req.Amount != nil {
		if err := c.validAmount("refund amount", *req.Amount); err != nil {
			return err
		}
	}
	if req.Receipt == nil {
		return nil
	}
	if !c.caps.RefundReceipts {
		return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " does not take receipts with refunds"}
	}
	return c.validateReceipt(req.Receipt, req.Amount)
}

func (c *Client) validateWithdraw(req *WithdrawalRequest) error {
	if req == nil {
		return invalidf("nil request")
	}
	if err := c.validOrderID("order id", req.OrderID); err != nil {
		return err
	}
	if err := req.Amount.validatePositive("amount"); err != nil {
		return err
	}
	if req.Card == nil {
		return invalidf("destination card is required")
	}
	return req.Card.ValidateNumber()
}

// validateWithdrawalQuery checks that q names a payout by exactly one valid
// id.
func (c *Client) validateWithdrawalQuery(q WithdrawalQuery) error {
	switch {
	case q.ID != "" && q.OrderID != "":
		return invalidf("give the payout id or the order id, not both")
	case q.ID != "":
		return c.validID("payout id", q.ID)
	default:
		return c.validOrderID("order id", q.OrderID)
	}
}
