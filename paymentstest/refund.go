package paymentstest

import (
	"context"
	"maps"
	"strconv"

	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

// Refund implements payments.Refunder. It refunds req.Amount, or what
// remains of the payment when req.Amount is nil (all of it, or the rest
// after partial refunds), and succeeds at once: the merchant's balance
// decreases, the payment becomes refunded or partially_refunded, and the
// result's Amount is what was refunded.
//
// req.Reference is an idempotency key, as Capabilities.IdempotentRefunds
// declares: a refund of an order whose reference the fake has seen
// returns the refund that reference made (the same ID, amount and status)
// and moves no money, provided its Amount is nil or that refund's amount;
// with another amount it is ErrInvalidRequest with code
// "reference_mismatch" (a reference names one refund: a different amount
// under it is the caller's mistake, not a repeat). The reference and
// req.Metadata are echoed in the result. An empty reference is not
// remembered.
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
	if id, ok := f.refundRefs[refundRef{req.OrderID, req.Reference}]; ok && req.Reference != "" {
		r := f.refunds[id]
		if req.Amount != nil && !req.Amount.Equal(r.Amount) {
			return nil, f.fail(op, payments.ErrInvalidRequest, "reference_mismatch",
				"refund reference %q of order %s refunded %s, not %s", req.Reference, req.OrderID, r.Amount, *req.Amount)
		}
		return copyRefund(*r), nil
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
	r := &payments.Refund{
		ID: f.nextID("ref"), OrderID: req.OrderID, Amount: amount, Status: payments.StatusSucceeded,
		Reference: req.Reference, Metadata: maps.Clone(req.Metadata),
	}
	f.refunds[r.ID] = r
	if req.Reference != "" {
		f.refundRefs[refundRef{req.OrderID, req.Reference}] = r.ID
	}
	return copyRefund(*r), nil
}

// refundRef names a refund by the merchant's order id and reference.
type refundRef struct{ orderID, reference string }

// RefundStatus implements payments.Refunder: it looks a refund up by
// q.RefundID or, when that is empty, by q.OrderID and q.Reference. An
// unknown refund, or a refund id whose refund is not of q.OrderID, is
// ErrNotFound.
func (f *Fake) RefundStatus(ctx context.Context, q payments.RefundQuery) (*payments.Refund, error) {
	const op = payments.OpRefundStatus
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.begin(ctx, op); err != nil {
		return nil, err
	}
	id := q.RefundID
	if id == "" && q.Reference != "" {
		id = f.refundRefs[refundRef{q.OrderID, q.Reference}]
	}
	r, ok := f.refunds[id]
	if !ok || q.OrderID != "" && r.OrderID != q.OrderID {
		return nil, f.fail(op, payments.ErrNotFound, "not_found", "no refund %s", describeRefundQuery(q))
	}
	return copyRefund(*r), nil
}

func describeRefundQuery(q payments.RefundQuery) string {
	if q.RefundID != "" {
		return q.RefundID
	}
	return "with reference " + strconv.Quote(q.Reference) + " of order " + q.OrderID
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
