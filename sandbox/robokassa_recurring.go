package sandbox

import (
	"crypto/subtle"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/paykit/payments/robokassa"
)

// Recurring charges (https://docs.robokassa.ru/recurring): a payment
// request with Recurring=true (not signed) makes the paid payment a
// parent; the shop later charges the same card without the buyer by
// POSTing Merchant/Recurring with a new InvoiceID and PreviousInvoiceID,
// the parent's. Robokassa answers "OK<InvoiceID>" when it accepts the
// request, then charges and reports the child on ResultURL like any
// payment.

// rkRecurringForbidden are the fields a child request must not carry
// (robokassa/sdk-php rejects them; the docs say not to send them).
var rkRecurringForbidden = []string{"IncCurrLabel", "ExpirationDate", "Recurring", "IsTest", "StepByStep"}

// recurringCharge serves Merchant/Recurring: MerchantLogin, OutSum,
// InvoiceID (new), PreviousInvoiceID (not signed), optional Description,
// Receipt and Shp_ parameters, and SignatureValue =
// H(MerchantLogin:OutSum:InvoiceID[:Receipt]:Password1[:Shp_…]). It answers
// "OK<InvoiceID>" and then, in the background, charges the child (state
// 100 and the ResultURL notification for its InvId), or declines it for
// TriggerDecline and TriggerChargeDecline (state 60, no notification).
// Anything it refuses gets a plain-text body that does not start with OK.
// Trigger 42.42 is a 503 before anything happens; 66.66 records the child,
// then answers 500.
func (rk *robokassaSide) recurringCharge(w http.ResponseWriter, r *http.Request) {
	if rk.holdUnavailable(w, r) {
		return
	}
	rk.mu.Lock()
	child, why := rk.recurringChild(r)
	rk.mu.Unlock()
	if child == nil {
		rk.s.logf("robokassa: Recurring refused: %s", why)
		rkText(w, http.StatusOK, "Recurring error: "+why)
		return
	}
	inv, tr := child.invID, child.trigger
	rk.s.logf("robokassa: Recurring: InvId %d accepted (parent %d)", inv, child.parent)
	rk.s.background(func() {
		rk.mu.Lock()
		p := rk.payments[inv]
		if tr == TriggerDecline || tr == TriggerChargeDecline {
			rk.setState(p, robokassa.StateReturned)
			rk.mu.Unlock()
			rk.s.logf("robokassa: InvId %d: recurring charge declined (trigger %s)", inv, tr)
			return
		}
		rk.setState(p, robokassa.StatePaid)
		st := rk.snapshot(p)
		rk.mu.Unlock()
		rk.notifyBoth(rk.s.ctx, st)
	})
	if tr == TriggerOutcomeUnknown {
		http.Error(w, "sandbox: trigger "+TriggerOutcomeUnknown+": the charge was accepted", http.StatusInternalServerError)
		return
	}
	rkText(w, http.StatusOK, "OK"+strconv.FormatInt(inv, 10))
}

// recurringChild checks a Merchant/Recurring request and records its
// child payment (state 5), or returns why not. rk.mu must be held.
func (rk *robokassaSide) recurringChild(r *http.Request) (*rkPayment, string) {
	if err := r.ParseForm(); err != nil {
		return nil, "the form cannot be read"
	}
	f := r.PostForm
	var shp []rkShp
	for k, vs := range f {
		if len(vs) > 1 {
			return nil, k + " is sent more than once"
		}
		for _, bad := range rkRecurringForbidden {
			if strings.EqualFold(k, bad) {
				return nil, k + " is not allowed in a recurring charge"
			}
		}
		if len(k) > 4 && strings.EqualFold(k[:4], "shp_") {
			if strings.ContainsAny(k+vs[0], ":=") {
				return nil, k + " has ':' or '='"
			}
			shp = append(shp, rkShp{k, vs[0]})
		}
	}
	login, outSum, invText, receipt := f.Get("MerchantLogin"), f.Get("OutSum"), f.Get("InvoiceID"), f.Get("Receipt")
	if login != rk.shop.MerchantLogin {
		return nil, "unknown shop"
	}
	amount, ok := rkParseOutSum(outSum)
	if !ok {
		return nil, "bad OutSum"
	}
	inv, err := strconv.ParseInt(invText, 10, 64)
	if err != nil || inv <= 0 || invText[0] == '+' {
		return nil, "bad InvoiceID"
	}
	receiptJSON, ok := rkReceiptJSON(receipt)
	if receipt != "" && !ok {
		return nil, "bad Receipt"
	}
	if !rk.recurringSignatureOK(f.Get("SignatureValue"), login+":"+outSum+":"+invText, receipt, shp) {
		return nil, "bad signature"
	}
	prev, err := strconv.ParseInt(f.Get("PreviousInvoiceID"), 10, 64)
	parent := rk.payments[prev]
	switch {
	case err != nil || parent == nil:
		return nil, "unknown PreviousInvoiceID"
	case !parent.recurring || parent.state != robokassa.StatePaid || parent.parent != 0:
		return nil, "PreviousInvoiceID " + strconv.FormatInt(prev, 10) + " is not a paid recurring parent"
	case parent.isTest:
		// robokassa/sdk-php: "Recurring payments are not supported in test mode".
		return nil, "recurring charges are not supported in test mode"
	case rk.payments[inv] != nil:
		// Error 40: a repeated InvId (docs.robokassa.ru/pay-interface).
		return nil, "InvoiceID " + invText + " is in use"
	}
	slices.SortFunc(shp, func(a, b rkShp) int { return strings.Compare(a.name, b.name) })
	p := &rkPayment{
		invID: inv, outSum: amount, shown: amount.StringFixed(2) + " RUB", trigger: trigger(amount),
		description: f.Get("Description"), email: parent.email, parent: prev, shp: shp, created: rk.now(),
	}
	if receiptJSON != "" {
		p.receipts = []RobokassaReceipt{{Kind: RobokassaReceiptFirst, JSON: receiptJSON}}
	}
	rk.payments[inv] = p
	rk.setState(p, robokassa.StateInitiated)
	return p, ""
}

// recurringSignatureOK checks sig over head[:receipt]:Password1[:Shp_…],
// the Shp_ pairs sorted case-insensitively or, failing that, ordinally
// (the docs say only "alphabetically"; the official modules differ).
func (rk *robokassaSide) recurringSignatureOK(sig, head, receipt string, shp []rkShp) bool {
	if receipt != "" {
		head += ":" + receipt
	}
	head += ":" + rk.shop.Password1
	orders := []func(a, b rkShp) int{
		func(a, b rkShp) int { return strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name)) },
		func(a, b rkShp) int { return strings.Compare(a.name, b.name) },
	}
	match := 0
	for _, order := range orders {
		slices.SortStableFunc(shp, order)
		base := head
		for _, f := range shp {
			base += ":" + f.name + "=" + f.value
		}
		want := strings.ToUpper(rk.shop.Algorithm.Sign(base))
		match |= subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToUpper(sig)))
	}
	return match == 1
}

func rkText(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}
