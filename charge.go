package payments

import (
	"context"
	"log/slog"
)

// Charge makes a merchant-initiated charge of a recurring parent payment
// (one started with InitRequest.Recurring and paid), without the buyer,
// under a new order id. The provider must implement [Charger] and declare
// OpCharge; otherwise the error wraps errors.ErrUnsupported.
//
// The result is the new payment: StatusSucceeded (or StatusAuthorized on a
// provider that holds it), or StatusPending or StatusProcessing where the
// provider only accepts the charge and reports its result later (Robokassa
// answers "accepted" and notifies its ResultURL): then a webhook or
// PaymentStatus(ctx, req.OrderID) says how it ended. A charge the provider
// declines at once is an error wrapping ErrDeclined (also when the
// provider answers with a failed payment), an unknown parent ErrNotFound,
// a parent that is not a paid recurring parent ErrInvalidState.
//
// Charge is never retried: on ErrOutcomeUnknown the error's
// [Error.Advice] says how to find out for this provider whether it was
// charged (by default: look the charge up by its own order id with
// PaymentStatus). Never charge again under a new order id before that.
func (c *Client) Charge(ctx context.Context, req *ChargeRequest) (*Payment, error) {
	p, ok := c.p.(Charger)
	return dispatch(ctx, c, operation[Payment]{
		op:       OpCharge,
		optional: true, implemented: ok,
		validate: func() error { return c.validateCharge(req) },
		call:     func(ctx context.Context) (*Payment, error) { return p.Charge(ctx, req) },
		check:    func(res *Payment) error { return checkCharge(req, res) },
		attrs: func() []slog.Attr {
			return []slog.Attr{
				slog.String("order_id", req.OrderID), slog.String("parent_order_id", req.ParentOrderID),
				slog.String("amount", req.Amount.String()),
			}
		},
	})
}

// checkCharge checks a provider's answer to a charge. A failed payment is
// the decline it reports.
func checkCharge(req *ChargeRequest, p *Payment) error {
	if p != nil && p.Status == StatusFailed && (p.OrderID == "" || p.OrderID == req.OrderID) {
		msg := p.ErrorMessage
		if msg == "" {
			msg = "the charge was declined"
		}
		return &Error{Kind: ErrDeclined, Code: p.ErrorCode, Message: msg}
	}
	return checkLifecycle(PaymentQuery{OrderID: req.OrderID}, &req.Amount, p, "charge",
		StatusSucceeded, StatusAuthorized, StatusPending, StatusProcessing)
}
