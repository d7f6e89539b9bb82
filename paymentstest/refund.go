package paymentstest

import (
	"context"

	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

// Refund implements payments.Refunder. It refunds req.Amount, or what
// remains of the payment when req.Amount is nil (all of it, or the rest
// after partial refunds), and succeeds at once: the merchant's balance
// decreases, the payment becomes refunded or partially_refunded, and the
// result's Amount is what was refunded.
//
// Errors: an unknown order is ErrNotFound; a payment refunded in full
// (nothing remains) is ErrDuplicate with code "already_refunded", as a
// real provider's "already refunded" answer (Robokassa's AlreadyRefunded);
// a payment that is not paid, an amount in another currency or above what
// remains, or a receipt whose lines do not add up to what is refunded, is
// ErrInvalidRequest; a balance below the refund is ErrInsufficientFunds.
func (f *Fake) Refund(ctx context.Context, req *payments.RefundRequest) (*payments.Refund, error) {
	const op = payments.OpRefund
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.begin(ctx, op); err != nil {
		return nil, err
	}
	if req == nil {
		return nil, f.fail(op, payments.ErrInvalidRequest, "invalid_request", "no request")
	}
	rec, ok := f.payments[req.OrderID]
	if !ok {
		return nil, f.fail(op, payments.ErrNotFound, "not_found", "no payment for order %s", req.OrderID)
	}
	f.refresh(rec)
	if !rec.p.Status.Paid() {
		return nil, f.fail(op, payments.ErrInvalidRequest, "not_paid", "payment of order %s is %s, not paid", req.OrderID, rec.p.Status)
	}
	remaining := payments.Money{Amount: rec.p.Amount.Amount.Sub(rec.refunded), Currency: rec.p.Amount.Currency}
	if !remaining.Amount.IsPositive() {
		return nil, f.fail(op, payments.ErrDuplicate, "already_refunded", "payment of order %s is refunded in full: nothing is left to refund", req.OrderID)
	}
	amount := remaining
	if req.Amount != nil {
		amount = *req.Amount
		switch {
		case amount.Currency != remaining.Currency:
			return nil, f.fail(op, payments.ErrInvalidRequest, "currency_mismatch", "refund in %s of a payment in %s", amount.Currency, remaining.Currency)
		case amount.Validate() != nil || !amount.Amount.IsPositive():
			return nil, f.fail(op, payments.ErrInvalidRequest, "invalid_amount", "refund amount %s is not a positive amount", amount)
		case amount.Amount.GreaterThan(remaining.Amount):
			return nil, f.fail(op, payments.ErrInvalidRequest, "amount_too_large", "refund of %s is more than the %s that remains", amount, remaining)
		}
	}
	if req.Receipt != nil {
		if err := f.checkReceipt(op, req.Receipt, amount); err != nil {
			return nil, err
		}
	}
	if bal := f.balances[amount.Currency]; bal.LessThan(amount.Amount) {
		return nil, f.fail(op, payments.ErrInsufficientFunds, "insufficient_funds", "balance %s is below the refund of %s",
			payments.Money{Amount: bal, Currency: amount.Currency}, amount)
	}
	f.balances[amount.Currency] = f.balances[amount.Currency].Sub(amount.Amount)
	rec.refunded = rec.refunded.Add(amount.Amount)
	if rec.refunded.Equal(rec.p.Amount.Amount) {
		rec.p.Status = payments.StatusRefunded
	} else {
		rec.p.Status = payments.StatusPartiallyRefunded
	}
	r := &payments.Refund{ID: f.nextID("ref"), OrderID: req.OrderID, Amount: amount, Status: payments.StatusSucceeded}
	f.refunds[r.ID] = r
	cp := *r
	return &cp, nil
}

// RefundStatus implements payments.Refunder. An unknown id is ErrNotFound.
func (f *Fake) RefundStatus(ctx context.Context, q payments.RefundQuery) (*payments.Refund, error) {
	refundID := q.RefundID
	const op = payments.OpRefundStatus
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.begin(ctx, op); err != nil {
		return nil, err
	}
	r, ok := f.refunds[refundID]
	if !ok {
		return nil, f.fail(op, payments.ErrNotFound, "not_found", "no refund %s", refundID)
	}
	cp := *r
	return &cp, nil
}

// checkReceipt checks, as a provider would, that a receipt's lines are in
// the currency of total and add up to it: the payment, or what a refund
// refunds (with no amount, what is left of the payment). f.mu must be held.
func (f *Fake) checkReceipt(op payments.Operation, r *payments.Receipt, total payments.Money) error {
	sum := decimal.Zero
	for i, it := range r.Items {
		if it.Amount.Currency != total.Currency {
			return f.fail(op, payments.ErrInvalidRequest, "receipt_mismatch", "receipt item %d is in %s, not %s", i+1, it.Amount.Currency, total.Currency)
		}
		sum = sum.Add(it.Amount.Amount)
	}
	if len(r.Items) == 0 || !sum.Equal(total.Amount) {
		return f.fail(op, payments.ErrInvalidRequest, "receipt_mismatch", "receipt lines add up to %s, not %s", sum.String(), total)
	}
	return nil
}
