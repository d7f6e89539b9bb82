package sandbox

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/paykit/payments"
	"github.com/paykit/payments/robokassa"
)

// rkSettled is what follows the buyer's choice on the payment page: a
// snapshot of the payment taken when its state changed.
type rkSettled struct {
	invID                   string
	outSum                  string // "10.000000", as Robokassa sends it (https://docs.robokassa.ru/notifications-and-redirects)
	culture, email, incCurr string
	isTest                  bool
	shp                     []rkShp
	state                   int
	trigger                 string
	resultURL               string     // the shop's ResultURL
	notice2                 *rkNotify2 // the ResultUrl2 notification, if any
	success, fail           rkTarget
}

// rkOutcome is the answer to the buyer's browser.
type rkOutcome struct {
	status   int    // 303 redirect, 200 page or form, 500 (trigger 66.66)
	location string // for 303, or the POST form's URL
	fields   []payments.Field
	message  string
	again    string // the token of Pay again, shown with message
}

// pay and decline serve the payment page's buttons.
func (rk *robokassaSide) pay(w http.ResponseWriter, r *http.Request)     { rk.button(w, r, true) }
func (rk *robokassaSide) decline(w http.ResponseWriter, r *http.Request) { rk.button(w, r, false) }

func (rk *robokassaSide) button(w http.ResponseWriter, r *http.Request, pay bool) {
	if err := r.ParseForm(); err != nil {
		rkErrParam("form").write(w)
		return
	}
	rk.mu.Lock()
	inv, ok := rk.tokens[r.PostForm.Get("token")]
	if !ok {
		rk.mu.Unlock()
		rkMessage(w, http.StatusBadRequest, "Страница оплаты устарела / This payment page has expired or was already used")
		return
	}
	p := rk.payments[inv]
	rk.consumeTokens(p)
	st, ok := rk.settle(p, pay)
	again := ""
	if ok && st.state == robokassa.StateCanceled && st.fail.url == "" {
		again = rk.againToken(p)
	}
	rk.mu.Unlock()
	if !ok {
		rkMessage(w, http.StatusConflict, "Счёт уже оплачен / The invoice has already been paid")
		return
	}
	out := rk.follow(r.Context(), st)
	out.again = again
	rk.write(w, r, out)
}

// settle changes p's state for the buyer's choice and returns the
// snapshot that follows, or false if p is not waiting for payment.
// Trigger 13.13 turns Pay into a decline. rk.mu must be held.
func (rk *robokassaSide) settle(p *rkPayment, pay bool) (rkSettled, bool) {
	if p.state != robokassa.StateInitiated {
		return rkSettled{}, false
	}
	if p.trigger == TriggerDecline {
		pay = false
	}
	state := robokassa.StateCanceled
	if pay {
		state = robokassa.StatePaid
		if p.hold {
			state = robokassa.StateHeld
		}
	}
	rk.setState(p, state)
	if state == robokassa.StateHeld {
		p.held, p.heldUntil = p.outSum, p.stateDate.Add(RobokassaHoldPeriod)
	}
	st := rk.snapshot(p) // a hold is reported on ResultUrl2 only (notifyBoth)
	if st.culture == "" {
		st.culture = "ru"
	}
	if st.incCurr == "" {
		st.incCurr = "BankCardPSR"
	}
	if st.success.url == "" && rk.shop.SuccessURL != "" {
		st.success = rkTarget{rk.shop.SuccessURL, http.MethodGet}
	}
	if st.fail.url == "" && rk.shop.FailURL != "" {
		st.fail = rkTarget{rk.shop.FailURL, http.MethodGet}
	}
	rk.s.logf("robokassa: InvId %s state %d", st.invID, state)
	return st, true
}

// snapshot returns what follows p's new state: the ResultURL notification
// of a paid payment and the ResultUrl2 one of a paid or held payment.
// rk.mu must be held.
func (rk *robokassaSide) snapshot(p *rkPayment) rkSettled {
	st := rkSettled{
		invID: strconv.FormatInt(p.invID, 10), outSum: p.outSum.StringFixed(6),
		culture: p.culture, email: p.email, incCurr: p.incCurr, isTest: p.isTest,
		shp: p.shp, state: p.state, trigger: p.trigger,
		resultURL: rk.shop.ResultURL, success: p.success, fail: p.fail,
	}
	if st.culture == "" {
		st.culture = "ru"
	}
	if st.incCurr == "" {
		st.incCurr = "BankCardPSR"
	}
	var state2 string
	switch p.state {
	case robokassa.StatePaid:
		state2 = rkState2OK
	case robokassa.StateHeld:
		state2 = rkState2Hold
	}
	if n, ok := rk.notice2(p, state2); ok && state2 != "" {
		st.notice2 = &n
	}
	return st
}

// follow notifies the shop of a paid payment and returns where the buyer
// goes: SuccessURL with OutSum, InvId, Culture, the Shp_ parameters and
// SignatureValue = H(OutSum:InvId:Password1[:Shp_…]); FailURL with OutSum,
// InvId and Culture (https://docs.robokassa.ru/notifications-and-redirects).
func (rk *robokassaSide) follow(ctx context.Context, st rkSettled) rkOutcome {
	if st.state != robokassa.StatePaid && st.state != robokassa.StateHeld {
		return rkRedirectTo(st.fail, []payments.Field{{Name: "OutSum", Value: st.outSum}, {Name: "InvId", Value: st.invID}, {Name: "Culture", Value: st.culture}},
			"Платёж отклонён / The payment was declined")
	}
	rk.notifyBoth(ctx, st)
	if st.trigger == TriggerOutcomeUnknown {
		return rkOutcome{status: http.StatusInternalServerError, message: "Внутренняя ошибка / Internal error (trigger " + TriggerOutcomeUnknown + ": the payment was made)"}
	}
	fields := []payments.Field{{Name: "OutSum", Value: st.outSum}, {Name: "InvId", Value: st.invID}, {Name: "Culture", Value: st.culture}}
	for _, f := range st.shp {
		fields = append(fields, payments.Field{Name: f.name, Value: f.value})
	}
	msg := "Оплата прошла успешно / The payment succeeded"
	if st.state == robokassa.StateHeld {
		msg = "Средства заблокированы до подтверждения магазином / The amount is held (state 20) until the shop captures or cancels it"
	}
	return rkRedirectTo(st.success, rk.sign(fields, rk.password1(st.isTest)), msg)
}

// sign appends SignatureValue = H(OutSum:InvId:password[:Shp_name=value
// sorted]) to the fields of a ResultURL (Password2) or SuccessURL
// (Password1) callback (https://docs.robokassa.ru/notifications-and-redirects), signed as the robokassa package
// verifies it.
func (rk *robokassaSide) sign(fields []payments.Field, password string) []payments.Field {
	form := make(url.Values, len(fields))
	for _, f := range fields {
		form.Add(f.Name, f.Value)
	}
	return append(fields, payments.Field{Name: "SignatureValue", Value: rk.shop.Algorithm.SignNotification(form, password)})
}

// rkRedirectTo sends the buyer to t with fields, by a 303 for GET or an
// auto-submitting form for POST, or shows msg when there is no URL.
func rkRedirectTo(t rkTarget, fields []payments.Field, msg string) rkOutcome {
	switch {
	case t.url == "":
		return rkOutcome{status: http.StatusOK, message: msg}
	case t.method == http.MethodPost:
		return rkOutcome{status: http.StatusOK, location: t.url, fields: fields}
	}
	u := t.url
	if q := rkEncode(fields); strings.Contains(u, "?") {
		u += "&" + q
	} else {
		u += "?" + q
	}
	return rkOutcome{status: http.StatusSeeOther, location: u}
}

// rkEncode form-encodes fields in their order.
func rkEncode(fields []payments.Field) string {
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(f.Name) + "=" + url.QueryEscape(f.Value))
	}
	return b.String()
}

func (rk *robokassaSide) write(w http.ResponseWriter, r *http.Request, out rkOutcome) {
	switch {
	case out.status == http.StatusSeeOther:
		http.Redirect(w, r, out.location, http.StatusSeeOther)
	case out.location != "":
		rkPostForm(w, out.location, out.fields)
	default:
		rkWriteHTML(w, out.status, "message", rkMessageData{Text: out.message, Again: out.again, AgainURL: rkPathAgain})
	}
}

// resultFields are the ResultURL notification of a paid payment, in the
// order of https://docs.robokassa.ru/notifications-and-redirects: OutSum ("10.000000"), InvId, Fee, EMail,
// PaymentMethod, IncCurrLabel, the Shp_ parameters as sent, IsTest=1 for a
// test payment, and SignatureValue = H(OutSum:InvId:Password2[:Shp_…]).
func (rk *robokassaSide) resultFields(st rkSettled) []payments.Field {
	fields := []payments.Field{
		{Name: "OutSum", Value: st.outSum}, {Name: "InvId", Value: st.invID}, {Name: "Fee", Value: "0.000000"},
		{Name: "EMail", Value: st.email}, {Name: "PaymentMethod", Value: rkPaymentMethod(st.incCurr)}, {Name: "IncCurrLabel", Value: st.incCurr},
	}
	for _, f := range st.shp {
		fields = append(fields, payments.Field{Name: f.name, Value: f.value})
	}
	if st.isTest {
		fields = append(fields, payments.Field{Name: "IsTest", Value: "1"})
	}
	return rk.sign(fields, rk.password2(st.isTest))
}

// notifyBoth sends the ResultURL notification of a paid payment and the
// ResultUrl2 one of a paid or held payment, one after the other. A hold
// gets no ResultURL notification: "the notice about successful
// pre-authorisation can only be received via ResultURL2"
// (https://docs.robokassa.ru/holding).
func (rk *robokassaSide) notifyBoth(ctx context.Context, st rkSettled) {
	if st.state == robokassa.StatePaid {
		rk.notifyResult(ctx, st)
	}
	if st.notice2 != nil {
		rk.notifyResult2(ctx, *st.notice2)
	}
}

// notifyResult sends the ResultURL notification of a paid payment
// (https://docs.robokassa.ru/notifications-and-redirects) and returns once its first attempt has ended, so that the
// shop usually knows of the payment before the buyer is back; retries go
// on in the background until the shop answers "OK{InvId}". With trigger
// 77.77 the notification is delivered a second time once accepted.
func (rk *robokassaSide) notifyResult(ctx context.Context, st rkSettled) {
	if st.resultURL == "" {
		rk.s.logf("robokassa: InvId %s paid; the shop has no ResultURL, no notification sent", st.invID)
		return
	}
	body := rkEncode(rk.resultFields(st))
	method, target := rk.shop.ResultMethod, st.resultURL
	if method == http.MethodGet {
		if strings.Contains(target, "?") {
			target += "&" + body
		} else {
			target += "?" + body
		}
	}
	want := "OK" + st.invID
	inv, _ := strconv.ParseInt(st.invID, 10, 64)
	var copies atomic.Int32
	var mk func() delivery
	mk = func() delivery {
		return delivery{
			name: "robokassa ResultURL for InvId " + st.invID,
			build: func(ctx context.Context) (*http.Request, error) {
				if method == http.MethodGet {
					return http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
				}
				req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(body))
				if err == nil {
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				}
				return req, err
			},
			accepted: func(status int, got string) bool { return status == http.StatusOK && got == want },
			done: func(ok bool) {
				if !ok {
					return
				}
				rk.mu.Lock()
				if p := rk.payments[inv]; p != nil {
					p.delivered++
				}
				rk.mu.Unlock()
				if st.trigger == TriggerDuplicateWebhook && copies.Add(1) == 1 {
					rk.s.logf("robokassa: InvId %s: trigger %s, delivering the notification again", st.invID, TriggerDuplicateWebhook)
					rk.s.notify(mk())
				}
			},
		}
	}
	rk.s.notifyWaitFirst(ctx, mk())
}

// rkPaymentMethod is the PaymentMethod reported for a payment made with
// incCurr: the DirectPayment method itself, otherwise BankCard.
func rkPaymentMethod(incCurr string) string {
	if slices.Contains(rkDirectMethods, incCurr) {
		return incCurr
	}
	return "BankCard"
}
