package payments

import (
	"context"
	"errors"
	"log/slog"
	"net/url"
	"strconv"
)

// Refund refunds what is left of a paid order (req.Amount nil) or a part.
// req.Reference, the merchant's id of this refund, is required; the result
// carries it in Refund.Reference.
//
// Refund is never retried, and the same order id and reference never
// refund twice: a provider that declares Capabilities.IdempotentRefunds
// answers a repeat with the first refund; for any other provider the
// Client refuses a repeat with ErrDuplicate once the reference was sent
// (see Options.SentRefunds). A reference whose first attempt the provider
// refused outright (ErrInvalidRequest, ErrNotFound, ErrInsufficientFunds,
// ...) can be sent again after the cause is fixed.
//
// On ErrOutcomeUnknown the refund may have been made: the error's
// [Error.Advice] says how to find out for this provider (by default, where
// it declares Capabilities.RefundLookupByReference,
// LookupRefund(ctx, RefundQuery{OrderID, Reference})).
func (c *Client) Refund(ctx context.Context, req *RefundRequest) (*Refund, error) {
	r, ok := c.p.(Refunder)
	return dispatch(ctx, c, operation[Refund]{
		op:       OpRefund,
		optional: true, implemented: ok,
		validate: func() error { return c.validateRefund(req) },
		call:     func(ctx context.Context) (*Refund, error) { return c.sendRefund(ctx, r, req) },
		check:    func(res *Refund) error { return checkRefund(req, RefundQuery{}, res) },
		attrs: func() []slog.Attr {
			return []slog.Attr{slog.String("order_id", req.OrderID), slog.String("reference", req.Reference)}
		},
	})
}

// sendRefund calls the provider once for a valid req. For a provider that
// does not take the reference as an idempotency key, it claims the
// reference in Options.SentRefunds first and refuses one already claimed;
// after the call it keeps the claim when the refund may have been made
// and gives it up when the provider refused the request.
func (c *Client) sendRefund(ctx context.Context, r Refunder, req *RefundRequest) (*Refund, error) {
	if c.caps.IdempotentRefunds {
		return r.Refund(ctx, req)
	}
	store := c.opts.SentRefunds
	claim, err := store.Claim(ctx, sentRefundKey(c.p.Name(), req.OrderID, req.Reference), SentRefundLease)
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return nil, ctx.Err()
		}
		return nil, &Error{Kind: ErrUnavailable, Message: "the store of sent refund references (Options.SentRefunds) failed; nothing was sent", Err: err}
	}
	if claim.State != ClaimAcquired {
		return nil, c.duplicateRefund(req)
	}
	res, err := r.Refund(ctx, req)
	end, what := store.Release, "release"
	// Anything the Client reports as an unknown outcome (an unclassified
	// error, a context error in flight) may have refunded: keep the claim.
	if err == nil || errors.Is(wrapErr(OpRefund, c.p.Name(), err), ErrOutcomeUnknown) {
		end, what = store.Complete, "complete"
	}
	if serr := end(context.WithoutCancel(ctx), claim); serr != nil && c.opts.Logger != nil {
		c.opts.Logger.LogAttrs(ctx, slog.LevelWarn, "payments: could not "+what+" the claim on a sent refund reference",
			slog.String("provider", c.p.Name()), slog.String("order_id", req.OrderID),
			slog.String("reference", req.Reference), slog.String("error", serr.Error()))
	}
	return res, err
}

// duplicateRefund is the error of a reference the Client already sent.
func (c *Client) duplicateRefund(req *RefundRequest) error {
	how := "check the provider's dashboard or its refund notifications"
	if c.caps.RefundLookupByReference {
		how = "look it up with LookupRefund(ctx, RefundQuery{OrderID: " + strconv.Quote(req.OrderID) + ", Reference: " + strconv.Quote(req.Reference) + "})"
	}
	return &Error{Kind: ErrDuplicate, Message: "refund reference " + strconv.Quote(req.Reference) + " of order " + strconv.Quote(req.OrderID) +
		" was already sent: it is never sent twice; to see what became of it, " + how +
		"; to refund more, use a new reference"}
}

// sentRefundKey is the Options.SentRefunds key of a refund reference. Each
// part is escaped so that no two triples make one key.
func sentRefundKey(provider, orderID, reference string) string {
	return "refund/" + url.PathEscape(provider) + "/" + url.PathEscape(orderID) + "/" + url.PathEscape(reference)
}

// RefundStatus looks a refund up by the provider's refund id; it is the
// short form of [Client.LookupRefund] with RefundQuery{RefundID: refundID}.
func (c *Client) RefundStatus(ctx context.Context, refundID string) (*Refund, error) {
	return c.LookupRefund(ctx, RefundQuery{RefundID: refundID})
}

// checkRefund checks a provider's answer about a refund against req (a
// Refund), or against q (a lookup, req nil), and fills in the reference of
// a Refund's answer that does not carry it.
func checkRefund(req *RefundRequest, q RefundQuery, r *Refund) error {
	if r == nil {
		return Errorf(ErrProtocol, "provider returned no refund")
	}
	if !r.Status.Valid() {
		return Errorf(ErrProtocol, "provider returned status %q", string(r.Status))
	}
	if req != nil {
		q = RefundQuery{OrderID: req.OrderID, Reference: req.Reference}
	}
	if q.OrderID != "" && r.OrderID != "" && r.OrderID != q.OrderID {
		return &Error{Kind: ErrAmountMismatch, Message: "answer is for a refund of order " + r.OrderID + ", not " + q.OrderID}
	}
	if q.RefundID != "" && r.ID != "" && r.ID != q.RefundID {
		return &Error{Kind: ErrAmountMismatch, Message: "answer is for refund " + r.ID + ", not " + q.RefundID}
	}
	if q.Reference != "" && r.Reference != "" && r.Reference != q.Reference {
		return &Error{Kind: ErrAmountMismatch, Message: "answer is for refund reference " + strconv.Quote(r.Reference) + ", not " + strconv.Quote(q.Reference)}
	}
	if req != nil && req.Amount != nil && !r.Amount.IsZero() && !r.Amount.Equal(*req.Amount) {
		return &Error{Kind: ErrAmountMismatch, Message: "provider reports a refund of " + r.Amount.String() + ", requested " + req.Amount.String()}
	}
	if req != nil && r.Reference == "" {
		r.Reference = req.Reference
	}
	return nil
}
