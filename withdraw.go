package payments

import (
	"context"
	"log/slog"
)

// Withdraw requests a payout to a card. It is never retried: on
// ErrOutcomeUnknown the error's [Error.Advice] says how to find out, for this
// provider, whether the payout was made (by default: look it up by order id
// with WithdrawalStatus) before trying again.
func (c *Client) Withdraw(ctx context.Context, req *WithdrawalRequest) (*Withdrawal, error) {
	w, ok := c.p.(Withdrawer)
	return dispatch(ctx, c, operation[Withdrawal]{
		op:       OpWithdraw,
		optional: true, implemented: ok,
		validate: func() error { return c.validateWithdraw(req) },
		call:     func(ctx context.Context) (*Withdrawal, error) { return w.Withdraw(ctx, req) },
		check:    func(res *Withdrawal) error { return checkWithdrawal(req.OrderID, req.Amount, res) },
		attrs: func() []slog.Attr {
			return []slog.Attr{slog.String("order_id", req.OrderID), slog.String("amount", req.Amount.String())}
		},
	})
}

// WithdrawalStatus looks a payout up by the provider's id or the merchant's
// order id (exactly one of them).
func (c *Client) WithdrawalStatus(ctx context.Context, q WithdrawalQuery) (*Withdrawal, error) {
	w, ok := c.p.(Withdrawer)
	return dispatch(ctx, c, operation[Withdrawal]{
		op:       OpWithdrawalStatus,
		optional: true, implemented: ok,
		validate: func() error { return c.validateWithdrawalQuery(q) },
		call:     func(ctx context.Context) (*Withdrawal, error) { return w.WithdrawalStatus(ctx, q) },
		check:    func(res *Withdrawal) error { return checkWithdrawal(q.OrderID, Money{}, res) },
		attrs: func() []slog.Attr {
			return []slog.Attr{slog.String("payout_id", q.ID), slog.String("order_id", q.OrderID)}
		},
		attrsWhenInvalid: true,
	})
}

// checkWithdrawal checks a provider's answer about a payout against the
// order id and a non-zero amount want, where given.
func checkWithdrawal(orderID string, want Money, w *Withdrawal) error {
	if w == nil {
		return Errorf(ErrProtocol, "provider returned no withdrawal")
	}
	if !w.Status.Valid() {
		return Errorf(ErrProtocol, "provider returned status %q", string(w.Status))
	}
	if orderID != "" && w.OrderID != "" && w.OrderID != orderID {
		return &Error{Kind: ErrAmountMismatch, Message: "answer is for payout " + w.OrderID + ", not " + orderID}
	}
	if !want.IsZero() && !w.Amount.IsZero() && !w.Amount.Equal(want) {
		return &Error{Kind: ErrAmountMismatch, Message: "provider reports " + w.Amount.String() + ", requested " + want.String()}
	}
	return nil
}
