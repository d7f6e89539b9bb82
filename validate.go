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
	if err := c.validReceiptWith("payments", c.caps.PaymentReceipts, req.Receipt, &req.Amount); err != nil {
		return err
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
	return c.validateInitLifecycle(req)
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
	if err := validReference(req.Reference); err != nil {
		return err
	}
	if err := c.validMetadata("refund", req.Metadata, c.caps.RefundMetadata); err != nil {
		return err
	}
	return c.validReceiptWith("refunds", c.caps.RefundReceipts, req.Receipt, req.Amount)
}

// validReceiptWith checks the optional receipt r of a payment, refund or
// capture (what): none is fine; one the provider does not take with what
// (declared false) is errors.ErrUnsupported; otherwise its lines must add
// up to amount (nil: not known here).
func (c *Client) validReceiptWith(what string, declared bool, r *Receipt, amount *Money) error {
	if r == nil {
		return nil
	}
	if !declared {
		return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " does not take receipts with " + what}
	}
	return c.validateReceipt(r, amount)
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
	if err := c.validMetadata("payout", req.Metadata, c.caps.WithdrawalMetadata); err != nil {
		return err
	}
	return req.Card.ValidateNumber()
}

// Bounds of the metadata of a refund or payout, the common ground of what
// providers take: T-Bank's DATA takes at most 20 pairs, keys of at most 20
// characters and values of at most 100
// (https://www.tbank.ru/kassa/dev/payments/); the Client's bounds are
// looser and the provider may refuse less.
const (
	// MaxMetadataPairs is the most pairs RefundRequest.Metadata and
	// WithdrawalRequest.Metadata may hold.
	MaxMetadataPairs = 20
	// MaxMetadataKey is the longest metadata key, in bytes; keys are
	// ASCII letters, digits and '.', '_', '-'.
	MaxMetadataKey = 64
	// MaxMetadataValue is the longest metadata value, in bytes of
	// printable UTF-8.
	MaxMetadataValue = 512
)

// maxReference is the longest RefundRequest.Reference, in bytes.
const maxReference = 64

// validReference checks a refund reference: 1 to 64 bytes of ASCII
// letters, digits and '.', '_', ':', '-'.
func validReference(ref string) error {
	if ref == "" {
		return invalidf("refund reference is required: choose one per refund and keep it for every retry")
	}
	if len(ref) > maxReference || !allOf(ref, ".:_-") {
		return invalidf("refund reference must be 1 to %d bytes of letters, digits and '.', '_', ':', '-'", maxReference)
	}
	return nil
}

// validMetadata checks the metadata of a refund or payout (what), which
// the provider takes only when declared.
func (c *Client) validMetadata(what string, md map[string]string, declared bool) error {
	if len(md) == 0 {
		return nil
	}
	if !declared {
		return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " does not take metadata with a " + what}
	}
	if len(md) > MaxMetadataPairs {
		return invalidf("%s metadata has %d pairs, more than %d", what, len(md), MaxMetadataPairs)
	}
	for k, v := range md {
		if k == "" || len(k) > MaxMetadataKey || !allOf(k, "._-") {
			return invalidf("%s metadata key %q must be 1 to %d bytes of letters, digits and '.', '_', '-'", what, k, MaxMetadataKey)
		}
		if len(v) > MaxMetadataValue || !printable(v) {
			return invalidf("%s metadata value of %q must be printable text of at most %d bytes", what, k, MaxMetadataValue)
		}
	}
	return nil
}

// allOf reports whether s holds only ASCII letters, digits and the bytes
// of extra.
func allOf(s, extra string) bool {
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || strings.IndexByte(extra, b) >= 0) {
			return false
		}
	}
	return true
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
