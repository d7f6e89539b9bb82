package sandbox

import (
	"net/http"
	"strconv"
)

// handleCancel serves /v2/Cancel (https://www.tbank.ru/kassa/dev/payments/ /v2/Cancel):
//
//   - NEW or FORM_SHOWED: CANCELED, always in full;
//   - AUTHORIZED or PARTIAL_REVERSED: releases Amount (default: all still
//     held) of the hold, REVERSED or PARTIAL_REVERSED;
//   - CONFIRMED or PARTIAL_REFUNDED: refunds Amount (default: all not yet
//     refunded), REFUNDED or PARTIAL_REFUNDED; 330 above it, 3002 for a
//     refund of 99.99 (trigger: the merchant lacks funds).
//
// A Cancel whose ExternalRequestId was seen before on the payment does
// nothing and answers the payment's current Status with that cancel's
// amounts, except for an SBP payment, for which T-Bank ignores
// ExternalRequestId. Every cancel that acts is notified with the new status.
func (b *tbankSide) handleCancel(w http.ResponseWriter, r *http.Request) {
	req := b.readRequest(w, r, "Cancel")
	if req == nil {
		return
	}
	ext := req.scalars["ExternalRequestId"]
	if len(ext) > 256 {
		b.fail(w, "", tbInvalid("ExternalRequestId"))
		return
	}
	b.mu.Lock()
	p := b.payment(w, req)
	if p == nil {
		b.mu.Unlock()
		return
	}
	id := strconv.FormatInt(p.id, 10)
	answer := func(res tbCancelResult) map[string]any {
		a := map[string]any{
			"Status": p.status, "PaymentId": id, "OrderId": p.order,
			"OriginalAmount": res.original, "NewAmount": res.newAmount,
		}
		if ext != "" {
			a["ExternalRequestId"] = ext
		}
		return a
	}
	// ExternalRequestId is no idempotency key for SBP payments ("не
	// работает для СБП"): a repeat refunds again, as at T-Bank.
	if res, seen := p.cancels[ext]; seen && ext != "" && !p.sbp {
		b.state(p)
		a := answer(res)
		b.mu.Unlock()
		b.s.logf("tbank Cancel payment %s: ExternalRequestId seen before, nothing done", id)
		b.ok(w, a)
		return
	}
	amount, given, valid := req.kopecks("Amount")
	if !valid {
		b.mu.Unlock()
		b.fail(w, id, tbInvalid("Amount"))
		return
	}
	res, moved, e := b.cancel(p, amount, given)
	if e != nil {
		b.mu.Unlock()
		b.fail(w, id, *e)
		return
	}
	trig := tbTrigger(moved)
	if trig == TriggerUnavailable {
		b.mu.Unlock()
		b.serverError(w, http.StatusServiceUnavailable, "Cancel", trig)
		return
	}
	if trig == TriggerInsufficientFunds && (p.status == tbConfirmed || p.status == tbPartialRefunded) {
		b.mu.Unlock()
		b.fail(w, id, tbErrRefundFund)
		return
	}
	b.apply(p, res, moved)
	if ext != "" {
		if p.cancels == nil {
			p.cancels = map[string]tbCancelResult{}
		}
		p.cancels[ext] = res
	}
	n := b.notification(p, moved)
	a := answer(res)
	b.mu.Unlock()
	b.s.logf("tbank Cancel payment %s: %d kopecks, now %s", id, moved, a["Status"])
	b.send(r.Context(), n, false)
	if trig == TriggerOutcomeUnknown {
		b.serverError(w, http.StatusInternalServerError, "Cancel", trig)
		return
	}
	b.ok(w, a)
}

// cancel works out what a Cancel of amount (given or not) does to p
// without changing it: the amounts before and after and the amount moved.
// b.mu must be held.
func (b *tbankSide) cancel(p *tbPayment, amount int64, given bool) (tbCancelResult, int64, *tbError) {
	var from int64
	switch b.state(p) {
	case tbNew, tbFormShowed:
		return tbCancelResult{original: p.amount}, p.amount, nil
	case tbAuthorized, tbPartialReversed:
		from = p.held
		if given && amount > from {
			return tbCancelResult{}, 0, &tbErrAmount
		}
	case tbConfirmed, tbPartialRefunded:
		from = p.paid
		if given && amount > from {
			return tbCancelResult{}, 0, &tbErrRefundSum
		}
	default:
		return tbCancelResult{}, 0, &tbErrState
	}
	if !given {
		amount = from
	}
	return tbCancelResult{original: from, newAmount: from - amount}, amount, nil
}

// apply changes p as cancel worked out. b.mu must be held.
func (b *tbankSide) apply(p *tbPayment, res tbCancelResult, moved int64) {
	switch p.status {
	case tbNew, tbFormShowed:
		p.status = tbCanceled
	case tbAuthorized, tbPartialReversed:
		p.held = res.newAmount
		p.status = tbPartialReversed
		if p.held == 0 {
			p.status = tbReversed
		}
	case tbConfirmed, tbPartialRefunded:
		p.paid = res.newAmount
		p.refunded += moved
		p.status = tbPartialRefunded
		if p.paid == 0 {
			p.status = tbRefunded
		}
	}
	p.errorCode, p.message = "0", ""
}
