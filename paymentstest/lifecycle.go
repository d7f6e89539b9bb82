package paymentstest

import (
	"context"
	"slices"
	"time"

	"github.com/paykit/payments"
)

// This file holds the fake's payment lifecycle after InitPayment: holds
// (capture, cancel, expiry) and recurring charges.

// pay moves a payment the buyer paid on: a held payment is captured in
// full, a payment asked as a hold becomes authorized, any other succeeds
// and adds its amount to the balance. f.mu must be held.
func (f *Fake) pay(rec *paymentRecord) {
	if rec.hold && rec.p.Status != payments.StatusAuthorized {
		rec.p.Status = payments.StatusAuthorized
		rec.p.HeldUntil = f.opts.Now().Add(HoldPeriod)
	} else {
		rec.p.Status = payments.StatusSucceeded
		rec.p.HeldUntil = time.Time{}
		f.credit(rec.p.Amount)
	}
	rec.p.NextStep = payments.NextStep{}
	if rec.recurring && rec.p.Mandate == "" {
		rec.p.Mandate = f.nextID("mandate")
	}
}

// expireHold cancels a hold as the provider does after HoldPeriod. f.mu
// must be held.
func (f *Fake) expireHold(rec *paymentRecord) {
	rec.p.Status = payments.StatusCanceled
	rec.p.HeldUntil = time.Time{}
	rec.p.ErrorCode, rec.p.ErrorMessage = "hold_expired", "the hold was not captured in time and was cancelled"
}

// held returns the held payment of orderID (and paymentID, if given) for
// op, or its error: ErrNotFound for an unknown payment, ErrInvalidState
// for one that is not held. f.mu must be held.
func (f *Fake) held(op payments.Operation, orderID, paymentID string) (*paymentRecord, error) {
	rec, ok := f.payments[orderID]
	if !ok || paymentID != "" && rec.p.ID != paymentID {
		return nil, f.fail(op, payments.ErrNotFound, "not_found", "no payment for order %s", orderID)
	}
	f.refresh(rec)
	if rec.p.Status != payments.StatusAuthorized {
		code := "not_held"
		switch {
		case rec.hold && rec.p.Status.Paid():
			code = "already_captured"
		case rec.hold && rec.p.Status == payments.StatusCanceled:
			code = "canceled"
		}
		return nil, f.fail(op, payments.ErrInvalidState, code, "payment of order %s is %s, not held", orderID, rec.p.Status)
	}
	return rec, nil
}

// Capture implements payments.Capturer. It captures all that is held
// (req.Amount nil) or a part, which adds to the balance and releases the
// rest: the payment succeeds with Amount the captured amount. A changed
// receipt must add up to what is captured. Errors: an unknown payment is
// ErrNotFound; a payment that is not held (never held, captured,
// cancelled, expired) or an amount above the hold is ErrInvalidState; an
// amount in another currency is ErrInvalidRequest.
func (f *Fake) Capture(ctx context.Context, req *payments.CaptureRequest) (*payments.Payment, error) {
	const op = payments.OpCapture
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.begin(ctx, op); err != nil {
		return nil, err
	}
	if req == nil {
		return nil, f.fail(op, payments.ErrInvalidRequest, "invalid_request", "no request")
	}
	rec, err := f.held(op, req.OrderID, req.PaymentID)
	if err != nil {
		return nil, err
	}
	amount := rec.p.Amount
	if req.Amount != nil {
		switch a := *req.Amount; {
		case a.Currency != amount.Currency:
			return nil, f.fail(op, payments.ErrInvalidRequest, "currency_mismatch", "capture in %s of a hold in %s", a.Currency, amount.Currency)
		case a.Validate() != nil || !a.Amount.IsPositive():
			return nil, f.fail(op, payments.ErrInvalidRequest, "invalid_amount", "capture amount %s is not a positive amount", a)
		case a.Amount.GreaterThan(amount.Amount):
			return nil, f.fail(op, payments.ErrInvalidState, "amount_above_hold", "capture of %s is more than the %s held", a, amount)
		}
		amount = *req.Amount
	}
	if req.Receipt != nil {
		if err := f.checkReceipt(op, req.Receipt, amount); err != nil {
			return nil, err
		}
	}
	rec.p.Amount = amount
	rec.p.ErrorCode, rec.p.ErrorMessage = "", ""
	f.pay(rec)
	return copyPayment(rec.p), nil
}

// Cancel implements payments.Canceler: a held payment is cancelled and
// nothing is charged. An unknown payment is ErrNotFound; one that is not
// held (paid, captured, cancelled, expired) is ErrInvalidState.
func (f *Fake) Cancel(ctx context.Context, req *payments.CancelRequest) (*payments.Payment, error) {
	const op = payments.OpCancel
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.begin(ctx, op); err != nil {
		return nil, err
	}
	if req == nil {
		return nil, f.fail(op, payments.ErrInvalidRequest, "invalid_request", "no request")
	}
	rec, err := f.held(op, req.OrderID, req.PaymentID)
	if err != nil {
		return nil, err
	}
	rec.p.Status = payments.StatusCanceled
	rec.p.HeldUntil = time.Time{}
	return copyPayment(rec.p), nil
}

// Charge implements payments.Charger. It makes a new payment under
// req.OrderID from a paid recurring parent (InitRequest.Recurring): it
// succeeds at once and adds to the balance, or, with
// Options.DeferCharges, stays pending until MarkPaid or MarkFailed. The
// charge's Raw["parent_order_id"] names the parent. A charge of
// [DeclinedChargeAmount] is declined (ErrDeclined, recorded as failed).
//
// Errors: a repeated order id is ErrDuplicate; an unknown parent is
// ErrNotFound; a parent that is not recurring or not paid is
// ErrInvalidState; a mandate that is not the parent's is
// ErrInvalidRequest; a currency the fake does not accept is
// ErrUnsupported; a receipt that does not add up to the amount is
// ErrInvalidRequest.
func (f *Fake) Charge(ctx context.Context, req *payments.ChargeRequest) (*payments.Payment, error) {
	const op = payments.OpCharge
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.begin(ctx, op); err != nil {
		return nil, err
	}
	if err := f.checkCharge(req); err != nil {
		return nil, err
	}
	p := payments.Payment{
		OrderID: req.OrderID, ID: f.nextID("pay"), Status: payments.StatusPending, Amount: req.Amount, Method: "card",
		Raw: paymentRaw(req.Description, "", req.Metadata),
	}
	if p.Raw == nil {
		p.Raw = map[string]string{}
	}
	p.Raw["parent_order_id"] = req.ParentOrderID
	rec := &paymentRecord{p: p}
	f.payments[req.OrderID] = rec
	switch {
	case req.Amount.Format() == DeclinedChargeAmount:
		rec.p.Status = payments.StatusFailed
		rec.p.ErrorCode, rec.p.ErrorMessage = "charge_declined", "the charge was declined"
		return nil, f.fail(op, payments.ErrDeclined, rec.p.ErrorCode, "order %s: %s", req.OrderID, rec.p.ErrorMessage)
	case !f.opts.DeferCharges:
		f.pay(rec)
	}
	return copyPayment(rec.p), nil
}

// checkCharge checks a charge the way a provider would refuse it. f.mu
// must be held.
func (f *Fake) checkCharge(req *payments.ChargeRequest) error {
	const op = payments.OpCharge
	if req == nil || req.OrderID == "" {
		return f.fail(op, payments.ErrInvalidRequest, "invalid_request", "order id is required")
	}
	if _, ok := f.payments[req.OrderID]; ok {
		return f.fail(op, payments.ErrDuplicate, "duplicate", "order %s already has a payment", req.OrderID)
	}
	parent, ok := f.payments[req.ParentOrderID]
	if !ok {
		return f.fail(op, payments.ErrNotFound, "not_found", "no payment for parent order %s", req.ParentOrderID)
	}
	f.refresh(parent)
	if !parent.recurring || !parent.p.Status.Paid() {
		return f.fail(op, payments.ErrInvalidState, "not_recurring", "payment of order %s is not a paid recurring parent", req.ParentOrderID)
	}
	if req.Mandate != "" && req.Mandate != parent.p.Mandate {
		return f.fail(op, payments.ErrInvalidRequest, "mandate_mismatch", "mandate is not that of order %s", req.ParentOrderID)
	}
	if req.Amount.Validate() != nil || !req.Amount.Amount.IsPositive() {
		return f.fail(op, payments.ErrInvalidRequest, "invalid_amount", "amount %s is not a positive amount", req.Amount)
	}
	if !slices.Contains(f.opts.Currencies, req.Amount.Currency) {
		return f.fail(op, payments.ErrUnsupported, "unsupported_currency", "%s is not accepted", req.Amount.Currency)
	}
	if req.Receipt != nil {
		return f.checkReceipt(op, req.Receipt, req.Amount)
	}
	return nil
}
