package payments

import (
	"context"
	"log/slog"
)

// Capture captures a held payment (one started with InitRequest.Hold, now
// StatusAuthorized): all that is held (req.Amount nil) or a part, with a
// changed receipt where the provider takes one. The provider must
// implement [Capturer] and declare OpCapture (a part: PartialCapture; a
// receipt: CaptureReceipts); otherwise the error wraps
// errors.ErrUnsupported.
//
// A payment that is not held (never held, captured already, cancelled or
// expired) or an amount above the hold is refused with ErrInvalidState.
// Capture is never retried: on ErrOutcomeUnknown the capture may have been
// made, and the error's [Error.Advice] says how to find out for this
// provider (by default: look the payment up by order id with
// PaymentStatus; StatusAuthorized means it was not captured).
func (c *Client) Capture(ctx context.Context, req *CaptureRequest) (*Payment, error) {
	p, ok := c.p.(Capturer)
	return dispatch(ctx, c, operation[Payment]{
		op:       OpCapture,
		optional: true, implemented: ok,
		validate: func() error { return c.validateCapture(req) },
		call:     func(ctx context.Context) (*Payment, error) { return p.Capture(ctx, req) },
		check: func(res *Payment) error {
			return checkLifecycle(PaymentQuery{OrderID: req.OrderID, PaymentID: req.PaymentID}, req.Amount, res,
				"capture", StatusSucceeded, StatusProcessing)
		},
		attrs: func() []slog.Attr { return heldAttrs(req.OrderID, req.PaymentID, req.Amount) },
	})
}

// Cancel cancels (voids) a held payment, releasing all of it. The provider
// must implement [Canceler] and declare OpCancel; otherwise the error
// wraps errors.ErrUnsupported. A payment that is not held (captured, paid
// in one step, cancelled already) is refused with ErrInvalidState.
//
// Cancel is never retried: on ErrOutcomeUnknown the error's
// [Error.Advice] says how to find out whether it was cancelled (by
// default: look the payment up by order id with PaymentStatus).
func (c *Client) Cancel(ctx context.Context, req *CancelRequest) (*Payment, error) {
	p, ok := c.p.(Canceler)
	return dispatch(ctx, c, operation[Payment]{
		op:       OpCancel,
		optional: true, implemented: ok,
		validate: func() error { return c.validateCancel(req) },
		call:     func(ctx context.Context) (*Payment, error) { return p.Cancel(ctx, req) },
		check: func(res *Payment) error {
			return checkLifecycle(PaymentQuery{OrderID: req.OrderID, PaymentID: req.PaymentID}, nil, res,
				"cancel", StatusCanceled, StatusProcessing)
		},
		attrs: func() []slog.Attr { return heldAttrs(req.OrderID, req.PaymentID, nil) },
	})
}

// heldAttrs are the log attributes of a capture or cancel.
func heldAttrs(orderID, paymentID string, amount *Money) []slog.Attr {
	attrs := []slog.Attr{slog.String("order_id", orderID)}
	if paymentID != "" {
		attrs = append(attrs, slog.String("payment_id", paymentID))
	}
	if amount != nil {
		attrs = append(attrs, slog.String("amount", amount.String()))
	}
	return attrs
}

// checkLifecycle checks a provider's answer to a capture, cancel or charge
// (what): it is for the payment q names, in one of the statuses allowed,
// for the amount asked where one was given and the answer reports one.
// An answer without an order id gets q's.
func checkLifecycle(q PaymentQuery, want *Money, p *Payment, what string, allowed ...Status) error {
	if p == nil {
		return Errorf(ErrProtocol, "provider returned no payment")
	}
	if p.OrderID != "" && p.OrderID != q.OrderID {
		return &Error{Kind: ErrAmountMismatch, Message: "answer is for order " + p.OrderID + ", not " + q.OrderID}
	}
	if q.PaymentID != "" && p.ID != "" && p.ID != q.PaymentID {
		return &Error{Kind: ErrAmountMismatch, Message: "answer is for payment " + p.ID + ", not " + q.PaymentID}
	}
	if !p.Status.Valid() {
		return Errorf(ErrProtocol, "provider returned status %q", string(p.Status))
	}
	ok := false
	for _, s := range allowed {
		ok = ok || p.Status == s
	}
	if !ok {
		return Errorf(ErrProtocol, "provider reports status %q after a %s", string(p.Status), what)
	}
	if want != nil && !p.Amount.IsZero() && !p.Amount.Equal(*want) {
		return &Error{Kind: ErrAmountMismatch, Message: "provider reports a " + what + " of " + p.Amount.String() + ", requested " + want.String()}
	}
	if p.OrderID == "" {
		p.OrderID = q.OrderID
	}
	return nil
}
