package clientsdk

import (
	"context"
	"errors"
	"fmt"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// Balance implements payments.BalanceReader with GET /balance
// (github.com/Space-Around/client-payment-sdk-python README and examples/payment_balance.py). The currency is always sent (the API's default is RUB). The
// balance may come as a JSON number or a string; both are read as
// decimals, never through float64. A currency in the answer that differs
// from the one asked for is an ErrAmountMismatch.
func (p *Provider) Balance(ctx context.Context, q payments.BalanceQuery) (*payments.Balance, error) {
	const op = payments.OpBalance
	currency := q.Currency
	if !currency.Valid() {
		return nil, providerkit.Stamp(providerName, op, payments.Errorf(payments.ErrInvalidRequest, "unknown currency %q", string(currency)))
	}
	r, err := p.call(ctx, providerkit.Read(op), "GET", "/balance", []Param{
		{"merchant_id", p.cfg.MerchantID},
		{"currency", string(currency)},
	})
	if err != nil {
		return nil, err
	}
	b, err := parseBalance(r, currency)
	if err != nil {
		var pe *payments.Error
		if errors.As(err, &pe) {
			return nil, providerkit.Stamp(providerName, op, pe)
		}
		return nil, providerkit.Stamp(providerName, op, providerkit.ProtocolError(providerkit.Read(op), err))
	}
	return b, nil
}

// parseBalance reads {"status":"success","balance":...} in currency.
func parseBalance(r response, currency payments.Currency) (*payments.Balance, error) {
	text, ok, err := r.str("balance")
	if err != nil {
		return nil, err
	}
	if !ok || text == "" {
		return nil, errors.New(`balance response has no "balance"`)
	}
	cur, _, err := r.str("currency")
	if err != nil {
		return nil, err
	}
	if cur != "" && cur != string(currency) {
		return nil, &payments.Error{Kind: payments.ErrAmountMismatch, Message: fmt.Sprintf("balance is in %s, asked for %s", cur, currency)}
	}
	m, err := parseAmount(text, string(currency))
	if err != nil {
		return nil, fmt.Errorf("balance: %w", err)
	}
	return &payments.Balance{Available: m, Raw: r.scalars()}, nil
}
