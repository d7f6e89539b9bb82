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

// PaymentStatus looks a payment up by the merchant's order id. It is retried
// with backoff when the provider is unavailable.
func (c *Client) PaymentStatus(ctx context.Context, orderID string) (*Payment, error) {
	return c.paymentStatus(ctx, orderID, Money{})
}

// ConfirmPayment looks a payment up like PaymentStatus and also checks that
// the provider reports exactly the expected amount and currency; otherwise it
// returns an error wrapping ErrAmountMismatch. Use it before shipping an
// order.
func (c *Client) ConfirmPayment(ctx context.Context, orderID string, expected Money) (*Payment, error) {
	if err := expected.validatePositive("expected amount"); err != nil {
		return nil, c.fail(OpPaymentStatus, err)
	}
	p, err := c.paymentStatus(ctx, orderID, expected)
	if err != nil {
		return nil, err
	}
	if p.Amount.IsZero() {
		return nil, c.fail(OpPaymentStatus, &Error{Kind: ErrAmountMismatch, Message: "provider did not report the amount of order " + orderID})
	}
	return p, nil
}

// paymentStatus is PaymentStatus that also checks a non-zero amount want.
func (c *Client) paymentStatus(ctx context.Context, orderID string, want Money) (*Payment, error) {
	return dispatch(ctx, c, operation[Payment]{
		op:       OpPaymentStatus,
		validate: func() error { return c.validOrderID("order id", orderID) },
		call:     func(ctx context.Context) (*Payment, error) { return c.p.PaymentStatus(ctx, orderID) },
		check:    func(p *Payment) error { return c.checkPayment(orderID, want, p) },
		attrs:    func() []slog.Attr { return []slog.Attr{slog.String("order_id", orderID)} },
	})
}

// checkPayment checks a provider's answer about a payment against what was
// asked.
func (c *Client) checkPayment(orderID string, want Money, p *Payment) error {
	if p == nil {
		return Errorf(ErrProtocol, "provider returned no payment")
	}
	if p.OrderID != "" && p.OrderID != orderID {
		return &Error{Kind: ErrAmountMismatch, Message: "answer is for order " + p.OrderID + ", not " + orderID}
	}
	if !p.Status.Valid() {
		return Errorf(ErrProtocol, "provider returned status %q", string(p.Status))
	}
	if !want.IsZero() && !p.Amount.IsZero() && !p.Amount.Equal(want) {
		return &Error{Kind: ErrAmountMismatch, Message: "provider reports " + p.Amount.String() + ", expected " + want.String()}
	}
	return nil
}
