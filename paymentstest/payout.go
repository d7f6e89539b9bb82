package paymentstest

import (
	"context"
	"maps"
	"unicode/utf8"

	"github.com/paykit/payments"
)

// Balance implements payments.BalanceReader. Every balance starts at zero;
// paid payments add to it, refunds and payouts take from it, and
// [Fake.SetBalance] sets it. A code that is not ISO 4217 is
// ErrInvalidRequest.
func (f *Fake) Balance(ctx context.Context, q payments.BalanceQuery) (*payments.Balance, error) {
	currency := q.Currency
	const op = payments.OpBalance
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.begin(ctx, op); err != nil {
		return nil, err
	}
	if !currency.Valid() {
		return nil, f.fail(op, payments.ErrInvalidRequest, "invalid_currency", "unknown currency %q", string(currency))
	}
	return &payments.Balance{Available: payments.Money{Amount: f.balances[currency], Currency: currency}}, nil
}

// SetBalance sets the merchant's balance in m's currency to m.
func (f *Fake) SetBalance(m payments.Money) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.balances[m.Currency] = m.Amount
}

// Withdraw implements payments.Withdrawer. The payout is created as
// processing and its amount leaves the balance at once; settle it with
// [Fake.CompleteWithdrawal] or [Fake.FailWithdrawal] (which returns the
// money). Only the masked card number is kept (in Withdrawal.Raw["card"]);
// req.Metadata is echoed in Withdrawal.Metadata.
//
// Errors: a repeated order id is ErrDuplicate, an amount above the balance
// ErrInsufficientFunds, a missing or invalid card or amount
// ErrInvalidRequest.
func (f *Fake) Withdraw(ctx context.Context, req *payments.WithdrawalRequest) (*payments.Withdrawal, error) {
	const op = payments.OpWithdraw
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.begin(ctx, op); err != nil {
		return nil, err
	}
	switch {
	case req == nil:
		return nil, f.fail(op, payments.ErrInvalidRequest, "invalid_request", "no request")
	case req.OrderID == "":
		return nil, f.fail(op, payments.ErrInvalidRequest, "invalid_request", "order id is required")
	case utf8.RuneCountInString(req.OrderID) > MaxOrderIDLength:
		return nil, f.fail(op, payments.ErrInvalidRequest, "invalid_order_id", "order id is longer than %d characters", MaxOrderIDLength)
	case req.Amount.Validate() != nil || !req.Amount.Amount.IsPositive():
		return nil, f.fail(op, payments.ErrInvalidRequest, "invalid_amount", "amount %s is not a positive amount in a known currency", req.Amount)
	case req.Card == nil:
		return nil, f.fail(op, payments.ErrInvalidRequest, "invalid_card", "destination card is required")
	}
	if err := req.Card.ValidateNumber(); err != nil {
		return nil, f.fail(op, payments.ErrInvalidRequest, "invalid_card", "%s", errMessage(err))
	}
	if _, ok := f.payoutOrders[req.OrderID]; ok {
		return nil, f.fail(op, payments.ErrDuplicate, "duplicate", "order %s already has a payout", req.OrderID)
	}
	cur := req.Amount.Currency
	if bal := f.balances[cur]; bal.LessThan(req.Amount.Amount) {
		return nil, f.fail(op, payments.ErrInsufficientFunds, "insufficient_funds", "balance %s is below the payout of %s",
			payments.Money{Amount: bal, Currency: cur}, req.Amount)
	}
	f.balances[cur] = f.balances[cur].Sub(req.Amount.Amount)
	w := &payments.Withdrawal{
		ID:       f.nextID("wd"),
		OrderID:  req.OrderID,
		Amount:   req.Amount,
		Status:   payments.StatusProcessing,
		Raw:      map[string]string{"card": req.Card.Masked()},
		Metadata: maps.Clone(req.Metadata),
	}
	f.payouts[w.ID] = w
	f.payoutOrders[w.OrderID] = w.ID
	return copyWithdrawal(*w), nil
}

// WithdrawalStatus implements payments.Withdrawer: it looks a payout up by
// q.ID or, when that is empty, by q.OrderID. An unknown payout is
// ErrNotFound.
func (f *Fake) WithdrawalStatus(ctx context.Context, q payments.WithdrawalQuery) (*payments.Withdrawal, error) {
	const op = payments.OpWithdrawalStatus
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.begin(ctx, op); err != nil {
		return nil, err
	}
	w, ok := f.payout(q)
	if !ok {
		return nil, f.fail(op, payments.ErrNotFound, "not_found", "no payout %s", describeQuery(q))
	}
	return copyWithdrawal(*w), nil
}

// payout finds a payout by id or order id. f.mu must be held.
func (f *Fake) payout(q payments.WithdrawalQuery) (*payments.Withdrawal, bool) {
	id := q.ID
	if id == "" {
		if q.OrderID == "" {
			return nil, false
		}
		id = f.payoutOrders[q.OrderID]
	}
	w, ok := f.payouts[id]
	return w, ok
}

func describeQuery(q payments.WithdrawalQuery) string {
	if q.ID != "" {
		return q.ID
	}
	return "for order " + q.OrderID
}
