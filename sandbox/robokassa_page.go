package sandbox

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paykit/payments/robokassa"
	"github.com/shopspring/decimal"
)

// rkLink is a payment request to Merchant/Index.aspx with its values as
// received (after one level of form decoding, as Robokassa signs them).
type rkLink struct {
	outSum, description, email, culture, incCurr string
	currency, stepByStep, resultURL2, recurring  string
	receipt                                      string // the receipt JSON, decoded
	success, fail                                rkTarget
	isTest                                       bool
	shp                                          []rkShp

	amount decimal.Decimal // OutSum parsed
	inv    int64           // InvId parsed; 0 to assign
}

// rkRates convert OutSumCurrency amounts into the shop's roubles. They are
// the sandbox's own fixed rates, so that tests are reproducible.
var rkRates = map[string]decimal.Decimal{
	"":    decimal.NewFromInt(1),
	"RUB": decimal.NewFromInt(1),
	"USD": decimal.NewFromInt(90),
	"EUR": decimal.NewFromInt(100),
	"KZT": decimal.RequireFromString("0.2"),
}

// index serves Merchant/Index.aspx (GET query or POST form,
// https://docs.robokassa.ru/script-parameters/): it checks every parameter and the signature as Robokassa would
// and shows the payment page, or Robokassa's error page.
func (rk *robokassaSide) index(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		rkErrParam("form").write(w)
		return
	}
	if _, ok := r.Form["InvId"]; !ok && len(r.Form["InvoiceID"]) == 1 {
		// InvoiceID is the other name of InvId: the docs' recurring parent
		// example and robokassa/sdk-php send it (docs.robokassa.ru/recurring).
		r.Form["InvId"] = r.Form["InvoiceID"]
	}
	l, e := rk.parseLink(r.Form)
	if e != nil {
		rk.s.logf("robokassa: payment page refused: %s", e.EN)
		e.write(w)
		return
	}
	if trigger(l.amount) == TriggerUnavailable {
		rk.s.logf("robokassa: payment page: trigger %s, answering 503", TriggerUnavailable)
		rkMessage(w, http.StatusServiceUnavailable, "Сервис временно недоступен / Service temporarily unavailable (trigger "+TriggerUnavailable+")")
		return
	}
	if e := rk.checkLinkSignature(r.Form, l); e != nil {
		rk.s.logf("robokassa: payment page: signature does not match; sandbox: expected %s(%s), the password by name", e.Hint.Algorithm, e.Hint.Base)
		e.write(w)
		return
	}
	rk.mu.Lock()
	p, e := rk.upsert(l)
	if e != nil {
		rk.mu.Unlock()
		e.write(w)
		return
	}
	data := rk.pageData(p)
	rk.mu.Unlock()
	rk.s.logf("robokassa: payment page for InvId %s (%s %s)", data.InvID, data.Amount, data.Currency)
	rkWriteHTML(w, http.StatusOK, "page", data)
}

// parseLink reads and checks every parameter but the signature (the
// values the signature covers stay in the form).
func (rk *robokassaSide) parseLink(form url.Values) (*rkLink, *rkError) {
	for k, vs := range form {
		if len(vs) > 1 {
			return nil, rkErrParam(k)
		}
	}
	get := func(names ...string) string {
		for _, n := range names {
			if v, ok := form[n]; ok {
				return v[0]
			}
		}
		return ""
	}
	l := &rkLink{
		outSum: get("OutSum"), description: get("Description", "Desc"), email: get("Email"), culture: get("Culture"),
		incCurr: get("IncCurrLabel"), currency: get("OutSumCurrency"), stepByStep: get("StepByStep"),
		resultURL2: get("ResultUrl2"), recurring: get("Recurring", "recurring"),
		success: rkTarget{get("SuccessUrl2"), get("SuccessUrl2Method")},
		fail:    rkTarget{get("FailUrl2"), get("FailUrl2Method")},
	}
	if get("MerchantLogin", "MrchLogin") != rk.shop.MerchantLogin {
		// Error 26: the shop's identifier is wrong (Robokassa's list of
		// typical errors).
		return nil, &rkError{Code: 26, RU: "Магазин не найден", EN: "Shop not found"}
	}
	var ok bool
	if l.amount, ok = rkParseOutSum(l.outSum); !ok {
		return nil, rkErrParam("OutSum")
	}
	if invID := get("InvId"); invID != "" {
		n, err := strconv.ParseInt(invID, 10, 64)
		if err != nil || n < 0 || invID[0] == '+' {
			return nil, rkErrParam("InvId")
		}
		l.inv = n
	}
	switch it := get("IsTest"); it {
	case "", "0", "false":
	case "1", "true":
		l.isTest = true
	default:
		return nil, rkErrParam("IsTest")
	}
	receipt := get("Receipt")
	l.receipt, _ = rkReceiptJSON(receipt)
	switch {
	case !utf8.ValidString(l.description) || utf8.RuneCountInString(l.description) > robokassa.MaxDescription:
		return nil, rkErrParam("Description")
	case l.email != "" && !strings.Contains(l.email, "@"):
		return nil, rkErrParam("Email")
	case !slices.Contains([]string{"", "RUB", "USD", "EUR", "KZT"}, l.currency):
		return nil, rkErrParam("OutSumCurrency")
	case receipt != "" && !rkValidReceipt(receipt):
		return nil, rkErrParam("Receipt")
	case l.resultURL2 != "" && !rkAbsoluteURL(l.resultURL2):
		return nil, rkErrParam("ResultUrl2")
	case !l.success.valid():
		return nil, rkErrParam("SuccessUrl2")
	case !l.fail.valid():
		return nil, rkErrParam("FailUrl2")
	case l.stepByStep != "" && l.stepByStep != "true" && l.stepByStep != "false":
		return nil, rkErrParam("StepByStep")
	case l.recurring != "" && l.recurring != "true" && l.recurring != "false":
		return nil, rkErrParam("Recurring")
	case l.stepByStep == "true" && l.recurring == "true":
		// Error 65, invalid hold parameters (docs.robokassa.ru/pay-interface,
		// typical errors); sdk-php forbids Recurring with StepByStep.
		return nil, &rkError{Code: 65, RU: "Неверные параметры холдирования", EN: "Invalid hold parameters"}
	}
	if expires := get("ExpirationDate"); expires != "" {
		t, ok := rkParseExpiration(expires)
		if !ok {
			return nil, rkErrParam("ExpirationDate")
		}
		if rk.now().After(t) {
			return nil, &rkError{RU: "Время, отведённое на оплату счёта, истекло", EN: "The time to pay the invoice has expired"}
		}
	}
	for k, vs := range form {
		if len(k) > 4 && strings.EqualFold(k[:4], "shp_") {
			l.shp = append(l.shp, rkShp{k, vs[0]})
		}
	}
	slices.SortFunc(l.shp, func(a, b rkShp) int { return strings.Compare(a.name, b.name) })
	return l, nil
}

// checkLinkSignature checks SignatureValue over the base string of
// https://docs.robokassa.ru/script-parameters/ with Password1, or TestPassword1 for a test payment, as the
// robokassa package verifies a received link.
func (rk *robokassaSide) checkLinkSignature(form url.Values, l *rkLink) *rkError {
	if rk.shop.Algorithm.VerifyPaymentLink(form, rk.password1(l.isTest)) != nil {
		e := rkErrSignature()
		e.Hint = rk.rkSignatureHint(form, l.isTest)
		return e
	}
	return nil
}

// upsert records the invoice of a checked link, or refreshes it when the
// shop sends the same InvId again before it is paid. rk.mu must be held.
func (rk *robokassaSide) upsert(l *rkLink) (*rkPayment, *rkError) {
	rate := rkRates[l.currency]
	cur := l.currency
	if cur == "" {
		cur = "RUB"
	}
	inv := l.inv
	if inv == 0 {
		inv = rk.assignInvID()
	}
	rk.expireHolds()
	p, ok := rk.payments[inv]
	if ok && p.state == robokassa.StateHeld {
		return nil, &rkError{RU: "Средства по счёту заблокированы (холд) до " + p.heldUntil.Format(time.DateTime),
			EN: "The payment is on hold (state 20) until " + p.heldUntil.Format(time.DateTime) + ", waiting for Confirm or Cancel"}
	}
	if ok && p.state != robokassa.StateInitiated && p.state != robokassa.StateCanceled {
		return nil, &rkError{RU: "Счёт уже оплачен", EN: "The invoice has already been paid"}
	}
	if ok && p.invoice != nil {
		return nil, &rkError{RU: "Счёт выставлен через Invoice API", EN: "The invoice belongs to the Invoice API"}
	}
	if !ok {
		p = &rkPayment{invID: inv, created: rk.now()}
		rk.payments[inv] = p
	}
	p.outSum = l.amount.Mul(rate).Round(2)
	p.shown = l.outSum + " " + cur
	p.trigger = trigger(l.amount)
	p.description, p.email, p.culture, p.incCurr = l.description, l.email, l.culture, l.incCurr
	p.isTest, p.hold = l.isTest, l.stepByStep == "true"
	p.shp = l.shp
	p.resultURL2, p.success, p.fail = l.resultURL2, l.success, l.fail
	p.recurring = l.recurring == "true"
	p.receipts = nil
	if l.receipt != "" {
		p.receipts = []RobokassaReceipt{{Kind: RobokassaReceiptFirst, JSON: l.receipt}}
	}
	rk.setState(p, robokassa.StateInitiated)
	return p, nil
}

// pageData returns the payment page of p with a new one-time token.
// rk.mu must be held.
func (rk *robokassaSide) pageData(p *rkPayment) rkPageData {
	tok := randomHex(16)
	p.tokens = append(p.tokens, tok)
	rk.tokens[tok] = p.invID
	amount, cur, _ := strings.Cut(p.shown, " ")
	var receipt *rkReceipt
	for _, r := range p.receipts {
		if r.Kind == RobokassaReceiptFirst {
			receipt, _ = rkDecodeReceipt(r.JSON) // checked by parseLink
		}
	}
	return rkPageData{
		Shop: rk.shop.MerchantLogin, InvID: strconv.FormatInt(p.invID, 10),
		Amount: amount, Currency: cur, Description: p.description, Test: p.isTest, Hold: p.hold, Method: p.incCurr,
		Note: rkTriggerNote(p.trigger), Token: tok, PayURL: rkPathPay, DeclineURL: rkPathDecline, Receipt: receipt,
	}
}

// consumeTokens invalidates every page token of p. rk.mu must be held.
func (rk *robokassaSide) consumeTokens(p *rkPayment) {
	for _, t := range p.tokens {
		delete(rk.tokens, t)
	}
	p.tokens = nil
}

func rkTriggerNote(t string) string {
	switch t {
	case TriggerDecline:
		return "Scenario trigger " + t + ": Pay is declined (insufficient funds)."
	case TriggerOutcomeUnknown:
		return "Scenario trigger " + t + ": Pay takes the money, then answers 500."
	case TriggerDuplicateWebhook:
		return "Scenario trigger " + t + ": the ResultURL notification is delivered twice."
	case TriggerInsufficientFunds:
		return "Scenario trigger " + t + ": refunds of this amount fail (NotEnoughOperationFunds)."
	}
	return ""
}

// rkParseOutSum parses OutSum as Robokassa documents it: "a number with a
// dot separator, e.g. 123.45" (https://docs.robokassa.ru/script-parameters/), positive, in whole
// kopecks. Exponents, commas, signs and spaces are refused.
func rkParseOutSum(s string) (decimal.Decimal, bool) {
	if s == "" || len(s) > 24 {
		return decimal.Decimal{}, false
	}
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && i > 0 && i < len(s)-1:
			dot = true
		default:
			return decimal.Decimal{}, false
		}
	}
	d, err := decimal.NewFromString(s)
	if err != nil || !d.IsPositive() || !d.Equal(d.Truncate(2)) {
		return decimal.Decimal{}, false
	}
	return d, true
}

// rkValidReceipt reports whether a Receipt value is a receipt's JSON
// object, as sent (the raw JSON) or URL-encoded once more (the documented
// form, https://docs.robokassa.ru/fiscalization), that the payment page can show.
func rkValidReceipt(s string) bool {
	js, ok := rkReceiptJSON(s)
	if ok {
		_, ok = rkDecodeReceipt(js)
	}
	return ok
}

// rkReceiptJSON returns the JSON of a Receipt value: the value itself when
// it is JSON, or the value URL-decoded once (https://docs.robokassa.ru/fiscalization).
func rkReceiptJSON(s string) (string, bool) {
	if json.Valid([]byte(s)) {
		return s, true
	}
	u, err := url.QueryUnescape(s)
	if err == nil && json.Valid([]byte(u)) {
		return u, true
	}
	return "", false
}

func rkAbsoluteURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func (t rkTarget) valid() bool {
	if t.url == "" {
		return t.method == ""
	}
	return rkAbsoluteURL(t.url) && (t.method == http.MethodGet || t.method == http.MethodPost)
}

// rkParseExpiration reads ExpirationDate: ISO 8601 with or without seconds
// and offset (https://docs.robokassa.ru/script-parameters/:
// "2030-12-31T23:59"; https://docs.robokassa.ru/split-payments: "2024-08-23T12:53Z").
func rkParseExpiration(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// rkDirectMethods are the methods Merchant/Payment/DirectPayment
// preselects (https://docs.robokassa.ru/ru/direct-payment).
var rkDirectMethods = []string{"SBP", "SberPay", "Podeli", "OTP", "YandexPaySplit", "Mokka"}

// direct serves Merchant/Payment/DirectPayment (GET or POST): a payment
// request as for Index.aspx, signed the same way (the docs do not spell
// the signature out; IncCurrLabel is unsigned as on Index.aspx), whose
// IncCurrLabel names one of rkDirectMethods, shown preselected on the
// payment page. It has no test mode (the docs: never send IsTest=1).
func (rk *robokassaSide) direct(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		rkErrParam("form").write(w)
		return
	}
	if !slices.Contains(rkDirectMethods, r.Form.Get("IncCurrLabel")) || len(r.Form["IncCurrLabel"]) != 1 {
		rkErrParam("IncCurrLabel").write(w)
		return
	}
	if it := r.Form.Get("IsTest"); it != "" && it != "0" && it != "false" {
		(&rkError{RU: "Тестовый режим недоступен для DirectPayment", EN: "DirectPayment has no test mode"}).write(w)
		return
	}
	rk.index(w, r)
}
