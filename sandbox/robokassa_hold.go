package sandbox

import (
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/paykit/payments/robokassa"
	"github.com/shopspring/decimal"
)

// Holds (two-step payments, https://docs.robokassa.ru/holding): a payment
// request with StepByStep=true leaves the paid payment held (OpStateExt
// state 20) and reports it on ResultUrl2 only (state HOLD). The shop then
// captures it with Merchant/Payment/Confirm, in full or in part and with a
// changed receipt, once; or releases it with Merchant/Payment/Cancel.
// A hold neither captured nor cancelled within 7 days is cancelled.

// RobokassaHoldPeriod is how long the sandbox keeps a hold before it
// cancels it by itself, measured on Options.Now: Robokassa's 7 days
// (https://docs.robokassa.ru/holding).
const RobokassaHoldPeriod = 7 * 24 * time.Hour

// The replies of Confirm and Cancel: a JSON string literal, quotes
// included, as robokassa/sdk-php's tests fix them.
const (
	rkHoldAccepted = `"success: true"`
	rkHoldRefused  = `"success: false"`
)

// expireHolds cancels every hold whose period has passed, as of its end.
// rk.mu must be held.
func (rk *robokassaSide) expireHolds() {
	now := rk.now()
	for _, p := range rk.payments {
		if p.state == robokassa.StateHeld && !now.Before(p.heldUntil) {
			p.state, p.stateDate = robokassa.StateCanceled, p.heldUntil
			rk.s.logf("robokassa: InvId %d: hold expired, cancelled", p.invID)
		}
	}
}

// holdRequest reads a Confirm or Cancel form and checks its login and
// signature: base is the signed text up to (not including) the password.
// It returns the held payment named by InvoiceID, or nil and why not.
// rk.mu must be held.
func (rk *robokassaSide) holdRequest(r *http.Request, signed func(login, outSum, inv, receipt string) string) (*rkPayment, string) {
	if err := r.ParseForm(); err != nil {
		return nil, "the form cannot be read"
	}
	for k, vs := range r.PostForm {
		if len(vs) > 1 {
			return nil, k + " is sent more than once"
		}
	}
	f := r.PostForm
	login, inv, outSum, receipt := f.Get("MerchantLogin"), f.Get("InvoiceID"), f.Get("OutSum"), f.Get("Receipt")
	if login != rk.shop.MerchantLogin {
		return nil, "unknown shop"
	}
	if strings.Contains(outSum+inv, ":") {
		return nil, "OutSum or InvoiceID has ':'"
	}
	want := rk.shop.Algorithm.Sign(signed(login, outSum, inv, receipt) + ":" + rk.shop.Password1)
	got := strings.ToUpper(f.Get("SignatureValue"))
	if subtle.ConstantTimeCompare([]byte(strings.ToUpper(want)), []byte(got)) != 1 {
		return nil, "bad signature"
	}
	n, err := strconv.ParseInt(inv, 10, 64)
	p, ok := rk.payments[n]
	switch {
	case err != nil || !ok:
		return nil, "unknown InvoiceID"
	case p.isTest:
		// robokassa/sdk-php: "Hold confirmation and cancellation are not
		// supported in test mode".
		return nil, "test payments cannot be held"
	case p.state != robokassa.StateHeld:
		return nil, "the payment is not held (state " + strconv.Itoa(p.state) + ")"
	}
	return p, ""
}

// confirm serves Merchant/Payment/Confirm: MerchantLogin, InvoiceID,
// OutSum, optional Receipt and SignatureValue =
// H(MerchantLogin:OutSum:InvoiceID[:Receipt]:Password1)
// (https://docs.robokassa.ru/holding). OutSum may be less than the hold
// (a partial capture), never more; the payment is then paid for OutSum
// and the shop gets the ResultURL notification with that OutSum and the
// ResultUrl2 one with state OK. Trigger 42.42 is a 503 before anything
// happens; 66.66 captures, then answers 500.
func (rk *robokassaSide) confirm(w http.ResponseWriter, r *http.Request) {
	if rk.holdUnavailable(w, r) {
		return
	}
	rk.mu.Lock()
	rk.expireHolds()
	p, why := rk.holdRequest(r, func(login, outSum, inv, receipt string) string {
		base := login + ":" + outSum + ":" + inv
		if receipt != "" {
			base += ":" + receipt
		}
		return base
	})
	var st rkSettled
	if p != nil {
		amount, ok := rkParseOutSum(r.PostForm.Get("OutSum"))
		receipt, receiptOK := rkReceiptJSON(r.PostForm.Get("Receipt"))
		switch {
		case !ok:
			p, why = nil, "bad OutSum"
		case amount.GreaterThan(p.held):
			p, why = nil, "OutSum "+amount.StringFixed(2)+" is above the hold of "+p.held.StringFixed(2)
		case r.PostForm.Get("Receipt") != "" && !receiptOK:
			p, why = nil, "bad Receipt"
		default:
			p.outSum = amount
			if receipt != "" {
				// The changed receipt replaces the first one (the docs: the
				// cart may change on confirmation).
				p.receipts = rkReplaceFirst(p.receipts, receipt)
			}
			rk.setState(p, robokassa.StatePaid)
			st = rk.snapshot(p)
		}
	}
	rk.mu.Unlock()
	if p == nil {
		rk.s.logf("robokassa: Confirm refused: %s", why)
		rkHoldReply(w, http.StatusOK, rkHoldRefused)
		return
	}
	rk.s.logf("robokassa: InvId %s captured for %s", st.invID, st.outSum)
	rk.notifyBoth(r.Context(), st)
	if trigger(rkFormAmount(r)) == TriggerOutcomeUnknown {
		http.Error(w, "sandbox: trigger "+TriggerOutcomeUnknown+": the hold was captured", http.StatusInternalServerError)
		return
	}
	rkHoldReply(w, http.StatusOK, rkHoldAccepted)
}

// cancel serves Merchant/Payment/Cancel: MerchantLogin, InvoiceID, OutSum
// (sent, not signed) and SignatureValue =
// H(MerchantLogin::InvoiceID:Password1) (https://docs.robokassa.ru/holding).
// The hold is released (state 10); no notification follows.
func (rk *robokassaSide) cancel(w http.ResponseWriter, r *http.Request) {
	if rk.holdUnavailable(w, r) {
		return
	}
	rk.mu.Lock()
	rk.expireHolds()
	p, why := rk.holdRequest(r, func(login, _, inv, _ string) string { return login + "::" + inv })
	if p != nil {
		rk.setState(p, robokassa.StateCanceled)
	}
	rk.mu.Unlock()
	if p == nil {
		rk.s.logf("robokassa: Cancel refused: %s", why)
		rkHoldReply(w, http.StatusOK, rkHoldRefused)
		return
	}
	rk.s.logf("robokassa: InvId %d: hold cancelled", p.invID)
	if trigger(rkFormAmount(r)) == TriggerOutcomeUnknown {
		http.Error(w, "sandbox: trigger "+TriggerOutcomeUnknown+": the hold was cancelled", http.StatusInternalServerError)
		return
	}
	rkHoldReply(w, http.StatusOK, rkHoldAccepted)
}

// holdUnavailable answers 503 for trigger 42.42 in OutSum.
func (rk *robokassaSide) holdUnavailable(w http.ResponseWriter, r *http.Request) bool {
	if trigger(rkFormAmount(r)) != TriggerUnavailable {
		return false
	}
	rk.s.logf("robokassa: %s: trigger %s, answering 503", r.URL.Path, TriggerUnavailable)
	http.Error(w, "sandbox: trigger "+TriggerUnavailable, http.StatusServiceUnavailable)
	return true
}

// rkFormAmount returns the request's OutSum, zero when it has none.
func rkFormAmount(r *http.Request) (d decimal.Decimal) {
	_ = r.ParseForm()
	d, _ = rkParseOutSum(r.PostForm.Get("OutSum"))
	return d
}

func rkHoldReply(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// rkReplaceFirst returns receipts with the first receipt replaced by (or
// set to) json.
func rkReplaceFirst(receipts []RobokassaReceipt, json string) []RobokassaReceipt {
	out := []RobokassaReceipt{{Kind: RobokassaReceiptFirst, JSON: json}}
	for _, r := range receipts {
		if r.Kind != RobokassaReceiptFirst {
			out = append(out, r)
		}
	}
	return out
}
