package sandbox

import (
	"net/http"
	"strconv"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// handleWithdraw serves POST /withdrawal_request (github.com/Space-Around/client-payment-sdk-python):
// merchant_id, order, pan, amount, optionally currency (default RUB) and
// notification_url, signed. Payouts are settled at once: the answer is
// {"status":"success","withdrawal_request":{...}} with status "complete"
// (or "failed" under trigger 13.13), and a payout webhook follows. An
// amount above the balance (or trigger 99.99) is refused with
// {"status":"error","field_errors":{"amount":["insufficient funds"]}},
// which the clientsdk provider reports as payments.ErrInsufficientFunds
// (a 13.13 payout fails whatever the balance).
func (c *clientsdkSide) handleWithdraw(w http.ResponseWriter, r *http.Request) {
	req, ok := c.readRequest(w, r, "/withdrawal_request")
	if !ok {
		return
	}
	errs := req.missing("order", "pan", "amount")
	po := &csPayout{
		order:           req["order"],
		currency:        req["currency"],
		notificationURL: req["notification_url"],
		status:          csComplete,
	}
	if po.currency == "" {
		po.currency = "RUB"
	}
	if !payments.Currency(po.currency).Valid() {
		errs["currency"] = []string{"Unknown currency"}
	}
	po.amount = req.amount(errs)
	if v := req["pan"]; v != "" && !csValidPAN(v) {
		errs["pan"] = []string{"Invalid card number"}
	}
	if v := po.notificationURL; v != "" && !csAbsoluteURL(v) {
		errs["notification_url"] = []string{"Enter a valid URL."}
	}
	if len(errs) > 0 {
		csFieldErrors(w, errs)
		return
	}
	po.maskedPAN = providerkit.MaskPAN(req["pan"])
	if po.notificationURL == "" {
		po.notificationURL = c.m.NotificationURL
	}
	trig := trigger(po.amount)
	if trig == TriggerUnavailable {
		c.s.logf("clientsdk payout %q: trigger %s, answering 503", po.order, trig)
		csServerError(w, http.StatusServiceUnavailable, "Service temporarily unavailable (sandbox trigger "+trig+")")
		return
	}
	c.mu.Lock()
	if c.payoutOrder[po.order] != nil {
		c.mu.Unlock()
		csFieldErrors(w, map[string][]string{"order": {"Withdrawal request with this order already exists"}})
		return
	}
	if trig == TriggerInsufficientFunds || (trig != TriggerDecline && po.amount.GreaterThan(c.balance(po.currency))) {
		c.mu.Unlock()
		c.s.logf("clientsdk payout %q: refused, insufficient funds", po.order)
		csFieldErrors(w, map[string][]string{"amount": {"insufficient funds"}})
		return
	}
	if trig == TriggerDecline {
		po.status, po.errorCode, po.errorText = csFailed, "common", "payout declined by the card issuer"
	}
	c.nextPayout++
	po.id = c.nextPayout
	c.payouts[po.id] = po
	c.payoutOrder[po.order] = po
	answer := csPayoutJSON(po)
	hook := c.payoutWebhook(po)
	c.mu.Unlock()
	c.s.logf("clientsdk payout %q: id %d, %s", po.order, po.id, po.status)
	c.send(r.Context(), hook, false)
	if trig == TriggerOutcomeUnknown {
		c.s.logf("clientsdk payout %q: trigger %s, answering 500 after acting", po.order, trig)
		csServerError(w, http.StatusInternalServerError, "Internal server error (sandbox trigger "+trig+")")
		return
	}
	csJSON(w, http.StatusOK, map[string]any{"status": "success", "withdrawal_request": answer})
}

// handleWithdrawalStatus serves GET /withdrawal_request by id or order
// (github.com/Space-Around/client-payment-sdk-python): {"status":"success","withdrawal_request":{...}}, or
// field_errors "Withdrawal request does not exist" on the id or order
// (payments.ErrNotFound through the clientsdk provider).
func (c *clientsdkSide) handleWithdrawalStatus(w http.ResponseWriter, r *http.Request) {
	req, ok := c.readRequest(w, r, "/withdrawal_request")
	if !ok {
		return
	}
	id, order := req["id"], req["order"]
	if id == "" && order == "" {
		csFieldErrors(w, map[string][]string{"id": {"Either id or order is required."}})
		return
	}
	c.mu.Lock()
	var po *csPayout
	field := "order"
	if id != "" {
		field = "id"
		if n, err := strconv.ParseInt(id, 10, 64); err == nil {
			po = c.payouts[n]
		}
		if po != nil && order != "" && po.order != order {
			po = nil
		}
	} else {
		po = c.payoutOrder[order]
	}
	var answer map[string]any
	if po != nil {
		answer = csPayoutJSON(po)
	}
	c.mu.Unlock()
	if answer == nil {
		csFieldErrors(w, map[string][]string{field: {"Withdrawal request does not exist"}})
		return
	}
	csJSON(w, http.StatusOK, map[string]any{"status": "success", "withdrawal_request": answer})
}

// csPayoutJSON is the withdrawal_request object. Beyond its id the real
// fields are undocumented (github.com/Space-Around/client-payment-sdk-python); these are the ones the
// clientsdk provider reads. c.mu must be held.
func csPayoutJSON(po *csPayout) map[string]any {
	amount := po.amount.StringFixed(4)
	return map[string]any{
		"id":                 po.id,
		"order":              po.order,
		"amount":             amount,
		"requested_amount":   amount,
		"customer_fee":       "0.0000",
		"currency":           po.currency,
		"status":             po.status,
		"masked_pan":         po.maskedPAN,
		"payment_error_code": po.errorCode,
		"payment_error":      po.errorText,
	}
}
