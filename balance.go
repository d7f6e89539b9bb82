package payments

import (
	"context"
	"log/slog"
)

// Balance returns the merchant's balance in currency.
func (c *Client) Balance(ctx context.Context, currency Currency) (*Balance, error) {
	r, ok := c.p.(BalanceReader)
	return dispatch(ctx, c, operation[Balance]{
		op:       OpBalance,
		optional: true, implemented: ok,
		validate: func() error {
			if !currency.Valid() {
				return invalidf("unknown currency %q", string(currency))
			}
			return nil
		},
		call:  func(ctx context.Context) (*Balance, error) { return r.Balance(ctx, BalanceQuery{Currency: currency}) },
		check: func(b *Balance) error { return checkBalance(currency, b) },
		attrs: func() []slog.Attr { return []slog.Attr{slog.String("currency", string(currency))} },
	})
}

// checkBalance checks that a provider answered with a balance in currency.
func checkBalance(currency Currency, b *Balance) error {
	switch {
	case b == nil:
		return Errorf(ErrProtocol, "provider returned no balance")
	case b.Available.Currency != currency:
		return &Error{Kind: ErrAmountMismatch, Message: "balance is in " + string(b.Available.Currency) + ", asked for " + string(currency)}
	}
	return nil
}
