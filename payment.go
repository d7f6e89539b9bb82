package payments

import (
	"context"
	"log/slog"
)

// InitPayment starts a payment and returns its next step (a redirect, a form
// to post, or nothing). It is never retried: on ErrOutcomeUnknown the
// error's [Error.Advice] says how to find out, for this provider, whether the
// payment was created (by default: look it up by order id with
// PaymentStatus) before trying again.
func (c *Client) InitPayment(ctx context.Context, req *InitRequest) (*Payment, error) {
	return dispatch(ctx, c, operation[Payment]{
		op:       OpInitPayment,
		validate: func() error { return c.validateInit(req) },
		call:     func(ctx context.Context) (*Payment, error) { return c.p.InitPayment(ctx, req) },
		check:    func(p *Payment) error { return c.checkPayment(req.OrderID, req.Amount, p) },
		attrs: func() []slog.Attr {
			return []slog.Attr{slog.String("order_id", req.OrderID), slog.String("amount", req.Amount.String())}
		},
	})
}

// PaymentStatus looks a payment up by the merchant's order id; it is the
// short form of [Client.LookupPayment] with PaymentQuery{OrderID: orderID}.
// It is retried with backoff when the provider is unavailable.
func (c *Client) PaymentStatus(ctx context.Context, orderID string) (*Payment, error) {
	return c.paymentStatus(ctx, PaymentQuery{OrderID: orderID}, Money{})
}

// ConfirmPayment looks a payment up like PaymentStatus and also checks that
// the provider reports exactly the expected amount and currency; otherwise it
// returns an error wrapping ErrAmountMismatch. Use it before shipping an
// order.
func (c *Client) ConfirmPayment(ctx context.Context, orderID string, expected Money) (*Payment, error) {
	if err := expected.validatePositive("expected amount"); err != nil {
		return nil, c.fail(OpPaymentStatus, err)
	}
	p, err := c.paymentStatus(ctx, PaymentQuery{OrderID: orderID}, expected)
	if err != nil {
		return nil, err
	}
	if p.Amount.IsZero() {
		return nil, c.fail(OpPaymentStatus, &Error{Kind: ErrAmountMismatch, Message: "provider did not report the amount of order " + orderID})
	}
	return p, nil
}

// checkPayment checks a provider's answer about a payment against what was
// asked.
func (c *Client) checkPayment(orderID string, want Money, p *Payment) error {
	return c.checkPaymentQuery(PaymentQuery{OrderID: orderID}, want, p)
}

// checkPaymentQuery checks a provider's answer about a payment against the
// keys q names, where the answer carries them, and a non-zero amount want.
func (c *Client) checkPaymentQuery(q PaymentQuery, want Money, p *Payment) error {
	if p == nil {
		return Errorf(ErrProtocol, "provider returned no payment")
	}
	if q.OrderID != "" && p.OrderID != "" && p.OrderID != q.OrderID {
		return &Error{Kind: ErrAmountMismatch, Message: "answer is for order " + p.OrderID + ", not " + q.OrderID}
	}
	if q.PaymentID != "" && p.ID != "" && p.ID != q.PaymentID {
		return &Error{Kind: ErrAmountMismatch, Message: "answer is for payment " + p.ID + ", not " + q.PaymentID}
	}
	if !p.Status.Valid() {
		return Errorf(ErrProtocol, "provider returned status %q", string(p.Status))
	}
	if !want.IsZero() && !p.Amount.IsZero() && !p.Amount.Equal(want) {
		return &Error{Kind: ErrAmountMismatch, Message: "provider reports " + p.Amount.String() + ", expected " + want.String()}
	}
	return nil
}
