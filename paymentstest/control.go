package paymentstest

import (
	"time"

	"github.com/paykit/payments"
)

// This file holds what tests use to drive and inspect the fake: the state
// changes a buyer, bank or provider would cause, and failure injection.

// MarkPaid marks the payment of orderID as paid (as if the buyer paid on the
// payment page or passed 3-D Secure) and adds its amount to the balance. A
// payment started with InitRequest.Hold becomes authorized (held) instead,
// until it is captured; a held payment marked paid is captured in full. An
// unknown order is ErrNotFound; a payment that no longer waits for the buyer
// (paid, failed, canceled, expired) is ErrInvalidRequest.
func (f *Fake) MarkPaid(orderID string) error {
	return f.settle(orderID, payments.StatusSucceeded, "", "")
}

// MarkFailed marks the payment of orderID as failed with the provider's
// code and message. Errors are as for MarkPaid.
func (f *Fake) MarkFailed(orderID, code, message string) error {
	return f.settle(orderID, payments.StatusFailed, code, message)
}

// MarkCanceled marks the payment of orderID as canceled. Errors are as for
// MarkPaid.
func (f *Fake) MarkCanceled(orderID string) error {
	return f.settle(orderID, payments.StatusCanceled, "", "")
}

func (f *Fake) settle(orderID string, to payments.Status, code, message string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	rec, ok := f.payments[orderID]
	if !ok {
		return f.fail("", payments.ErrNotFound, "not_found", "no payment for order %s", orderID)
	}
	f.refresh(rec)
	switch rec.p.Status {
	case payments.StatusPending, payments.StatusRequiresAction, payments.StatusAuthorized:
	default:
		return f.fail("", payments.ErrInvalidRequest, "invalid_state", "payment of order %s is %s and cannot become %s", orderID, rec.p.Status, to)
	}
	rec.p.NextStep = payments.NextStep{}
	rec.p.ErrorCode, rec.p.ErrorMessage = code, message
	if to == payments.StatusSucceeded {
		f.pay(rec)
		return nil
	}
	rec.p.Status = to
	rec.p.HeldUntil = time.Time{}
	return nil
}

// MarkAuthorized marks the payment of orderID as held (authorized), as if
// the buyer paid a two-step payment, whether or not InitRequest.Hold asked
// for one: it can then be captured or cancelled, and is cancelled by
// itself after HoldPeriod. Errors are as for MarkPaid.
func (f *Fake) MarkAuthorized(orderID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	rec, ok := f.payments[orderID]
	if !ok {
		return f.fail("", payments.ErrNotFound, "not_found", "no payment for order %s", orderID)
	}
	f.refresh(rec)
	switch rec.p.Status {
	case payments.StatusPending, payments.StatusRequiresAction:
	default:
		return f.fail("", payments.ErrInvalidRequest, "invalid_state", "payment of order %s is %s and cannot be held", orderID, rec.p.Status)
	}
	rec.hold = true
	rec.p.ErrorCode, rec.p.ErrorMessage = "", ""
	f.pay(rec)
	return nil
}

// ExpireHold cancels the held payment of orderID now, as the provider does
// by itself once HoldPeriod has passed (which the fake also does by
// Options.Now): the payment becomes canceled with ErrorCode
// "hold_expired". An unknown order is ErrNotFound; a payment that is not
// held is ErrInvalidState.
func (f *Fake) ExpireHold(orderID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	rec, err := f.held("", orderID, "")
	if err != nil {
		return err
	}
	f.expireHold(rec)
	return nil
}

// CompleteWithdrawal marks the processing payout id as succeeded. An unknown
// payout is ErrNotFound; one that is not processing is ErrInvalidRequest.
func (f *Fake) CompleteWithdrawal(id string) error {
	return f.settlePayout(id, payments.StatusSucceeded, "", "")
}

// FailWithdrawal marks the processing payout id as failed with the
// provider's code and message, and returns its amount to the balance.
// Errors are as for CompleteWithdrawal.
func (f *Fake) FailWithdrawal(id, code, message string) error {
	return f.settlePayout(id, payments.StatusFailed, code, message)
}

func (f *Fake) settlePayout(id string, to payments.Status, code, message string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	w, ok := f.payouts[id]
	if !ok {
		return f.fail("", payments.ErrNotFound, "not_found", "no payout %s", id)
	}
	if w.Status != payments.StatusProcessing {
		return f.fail("", payments.ErrInvalidRequest, "invalid_state", "payout %s is %s and cannot become %s", id, w.Status, to)
	}
	w.Status = to
	w.ErrorCode, w.ErrorMessage = code, message
	if to == payments.StatusFailed {
		f.credit(w.Amount)
	}
	return nil
}

// Payment returns a copy of what the fake holds for orderID, and false if it
// holds nothing. It does not count as a call of any operation.
func (f *Fake) Payment(orderID string) (payments.Payment, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	rec, ok := f.payments[orderID]
	if !ok {
		return payments.Payment{}, false
	}
	f.refresh(rec)
	return *copyPayment(rec.p), true
}

// FailNext makes the next call of op return err, before the fake looks at
// the request or changes any state. Each call queues one failure; queued
// failures are used in order. Build categorized errors with
// payments.NewError or payments.Errorf, for example
//
//	fake.FailNext(payments.OpRefund, payments.NewError(payments.ErrUnavailable, "maintenance", "try later"))
//
// Over HTTP ([Fake.Handler]) the error is sent as the API's error reply
// (see [Fake.Handler] for the status codes), so an [HTTPProvider] sees it
// the way it would see a real provider's failure.
func (f *Fake) FailNext(op payments.Operation, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures[op] = append(f.failures[op], err)
}

// Calls returns how many times op was called, failed calls included. Over
// HTTP each authorized, well-formed API request is one call; requests the
// API refuses before reaching the operation (a wrong key, malformed JSON)
// are not.
func (f *Fake) Calls(op payments.Operation) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[op]
}
