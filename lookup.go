package payments

import (
	"context"
	"errors"
	"log/slog"
)

// This file holds the lookups that take a query: of a payment by either id,
// and of a refund.

// LookupPayment looks a payment up by the merchant's order id, the
// provider's payment id, or both (q must set at least one). A key the
// provider cannot look up by (see Capabilities.LookupByOrderID and
// Capabilities.LookupByPaymentID) is refused with an error wrapping
// errors.ErrUnsupported unless q also sets one it can. When both are set the
// provider may use either, and an answer for another order or payment is
// refused with ErrAmountMismatch. It is retried with backoff when the
// provider is unavailable.
func (c *Client) LookupPayment(ctx context.Context, q PaymentQuery) (*Payment, error) {
	return c.paymentStatus(ctx, q, Money{})
}

// paymentStatus is LookupPayment that also checks a non-zero amount want.
func (c *Client) paymentStatus(ctx context.Context, q PaymentQuery, want Money) (*Payment, error) {
	return dispatch(ctx, c, operation[Payment]{
		op:       OpPaymentStatus,
		validate: func() error { return c.validatePaymentQuery(q) },
		call:     func(ctx context.Context) (*Payment, error) { return c.p.PaymentStatus(ctx, q) },
		check:    func(p *Payment) error { return c.checkPaymentQuery(q, want, p) },
		attrs:    func() []slog.Attr { return paymentQueryAttrs(q) },
	})
}

// paymentQueryAttrs are the log attributes of the keys q sets.
func paymentQueryAttrs(q PaymentQuery) []slog.Attr {
	var attrs []slog.Attr
	if q.OrderID != "" {
		attrs = append(attrs, slog.String("order_id", q.OrderID))
	}
	if q.PaymentID != "" {
		attrs = append(attrs, slog.String("payment_id", q.PaymentID))
	}
	return attrs
}

// validatePaymentQuery checks that q sets at least one valid key and at
// least one the provider can look a payment up by.
func (c *Client) validatePaymentQuery(q PaymentQuery) error {
	if q.OrderID == "" && q.PaymentID == "" {
		return invalidf("give the order id or the payment id")
	}
	if q.OrderID != "" {
		if err := c.validOrderID("order id", q.OrderID); err != nil {
			return err
		}
	}
	if q.PaymentID != "" {
		if err := c.validID("payment id", q.PaymentID); err != nil {
			return err
		}
	}
	// A provider that declares neither key looks payments up by order id.
	byOrder := q.OrderID != "" && (c.caps.LookupByOrderID || !c.caps.LookupByPaymentID)
	byPayment := q.PaymentID != "" && c.caps.LookupByPaymentID
	switch {
	case byOrder || byPayment:
		return nil
	case q.OrderID != "":
		return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " does not look payments up by order id"}
	default:
		return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " does not look payments up by payment id"}
	}
}

// LookupRefund looks a refund up by the provider's refund id, or by the
// merchant's order id and refund reference (RefundQuery.OrderID and
// RefundQuery.Reference, both required for that), or both. Looking up by
// reference is refused with an error wrapping errors.ErrUnsupported when
// the provider does not declare Capabilities.RefundLookupByReference,
// unless q also gives the refund id. An answer for another refund, order
// or reference is refused with ErrAmountMismatch. It is retried with
// backoff when the provider is unavailable.
func (c *Client) LookupRefund(ctx context.Context, q RefundQuery) (*Refund, error) {
	r, ok := c.p.(Refunder)
	return dispatch(ctx, c, operation[Refund]{
		op:       OpRefundStatus,
		optional: true, implemented: ok,
		validate: func() error { return c.validateRefundQuery(q) },
		call:     func(ctx context.Context) (*Refund, error) { return r.RefundStatus(ctx, q) },
		check:    func(res *Refund) error { return checkRefund(nil, q, res) },
		attrs:    func() []slog.Attr { return refundQueryAttrs(q) },
	})
}

// refundQueryAttrs are the log attributes of the keys q sets.
func refundQueryAttrs(q RefundQuery) []slog.Attr {
	var attrs []slog.Attr
	if q.RefundID != "" {
		attrs = append(attrs, slog.String("refund_id", q.RefundID))
	}
	if q.OrderID != "" {
		attrs = append(attrs, slog.String("order_id", q.OrderID))
	}
	if q.Reference != "" {
		attrs = append(attrs, slog.String("reference", q.Reference))
	}
	return attrs
}

// validateRefundQuery checks that q names a refund by its id, by order id
// and reference, or both, and by a key the provider can look refunds up by.
func (c *Client) validateRefundQuery(q RefundQuery) error {
	byRef := q.OrderID != "" || q.Reference != ""
	if q.RefundID == "" && !byRef {
		return invalidf("give the refund id, or the order id and the refund reference")
	}
	if q.RefundID != "" {
		if err := c.validID("refund id", q.RefundID); err != nil {
			return err
		}
	}
	if !byRef {
		return nil
	}
	if q.OrderID == "" || q.Reference == "" {
		return invalidf("a refund is looked up by its order id and reference together: give both")
	}
	if err := c.validOrderID("order id", q.OrderID); err != nil {
		return err
	}
	if err := validReference(q.Reference); err != nil {
		return err
	}
	if q.RefundID == "" && !c.caps.RefundLookupByReference {
		return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " does not look refunds up by reference"}
	}
	return nil
}
