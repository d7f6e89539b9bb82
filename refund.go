package payments

import (
	"context"
	"log/slog"
)

// Refund refunds what is left of a paid order (req.Amount nil) or a part. It is
// never retried. On ErrOutcomeUnknown the refund may have been made: the
// error's [Error.Advice] says how to find out for this provider, which
// lookup can answer and which cannot. Do not refund again before that.
func (c *Client) Refund(ctx context.Context, req *RefundRequest) (*Refund, error) {
	r, ok := c.p.(Refunder)
	return dispatch(ctx, c, operation[Refund]{
		op:       OpRefund,
		optional: true, implemented: ok,
		validate: func() error { return c.validateRefund(req) },
		call:     func(ctx context.Context) (*Refund, error) { return r.Refund(ctx, req) },
		check:    func(res *Refund) error { return checkRefund(req, res) },
		attrs:    func() []slog.Attr { return []slog.Attr{slog.String("order_id", req.OrderID)} },
	})
}

// RefundStatus looks a refund up by the provider's refund id; it is the
// short form of [Client.LookupRefund] with RefundQuery{RefundID: refundID}.
func (c *Client) RefundStatus(ctx context.Context, refundID string) (*Refund, error) {
	return c.LookupRefund(ctx, RefundQuery{RefundID: refundID})
}

// checkRefund checks a provider's answer about a refund against req, or
// only its form when req is nil (a lookup).
func checkRefund(req *RefundRequest, r *Refund) error {
	if r == nil {
		return Errorf(ErrProtocol, "provider returned no refund")
	}
	if !r.Status.Valid() {
		return Errorf(ErrProtocol, "provider returned status %q", string(r.Status))
	}
	if req != nil && r.OrderID != "" && r.OrderID != req.OrderID {
		return &Error{Kind: ErrAmountMismatch, Message: "answer is for a refund of order " + r.OrderID + ", not " + req.OrderID}
	}
	if req != nil && req.Amount != nil && !r.Amount.IsZero() && !r.Amount.Equal(*req.Amount) {
		return &Error{Kind: ErrAmountMismatch, Message: "provider reports a refund of " + r.Amount.String() + ", requested " + req.Amount.String()}
	}
	return nil
}
