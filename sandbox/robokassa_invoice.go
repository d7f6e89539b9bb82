package sandbox

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paykit/payments/robokassa"
	"github.com/shopspring/decimal"
)

// rkInvoice is an Invoice API invoice (https://docs.robokassa.ru/ru/invoice-api).
type rkInvoice struct {
	id, encodedID string
	reusable      bool
	invID         int64 // the OneTime invoice's InvId
	outSum        decimal.Decimal
	description   string
	culture       string
	userFields    []rkShp // shp_ names as sent, sorted
	success, fail rkTarget
	created       time.Time
	active        bool
	paid          []int64  // InvIds of the payments made through it
	extras        rkExtras // from AdditionalParameters
}

// invoiceMethods returns the JWT algorithms the Invoice API takes for the
// shop: its algorithm's Robokassa name and, for the SHA-2 family, the
// standard HS name (https://docs.robokassa.ru/ru/invoice-api: "SHA256/HS256").
func (rk *robokassaSide) invoiceMethods() []string {
	a := string(rk.shop.Algorithm)
	switch rk.shop.Algorithm {
	case robokassa.SHA256, robokassa.SHA384, robokassa.SHA512:
		return []string{a, "HS" + a[3:]}
	}
	return []string{a}
}

// invoiceRequest reads and verifies an Invoice API request into v:
// a JWT keyed MerchantLogin:Password1 whose payload names the shop.
func (rk *robokassaSide) invoiceRequest(w http.ResponseWriter, r *http.Request, v any) bool {
	ok, _ := rk.invoiceRequestKeyed(w, r, v, false)
	return ok
}

// invoiceRequestKeyed is invoiceRequest that also takes, when allowTest
// is set, a JWT keyed MerchantLogin:TestPassword1 (a test invoice, as
// robokassa/sdk-php signs one) and reports which key verified it.
func (rk *robokassaSide) invoiceRequestKeyed(w http.ResponseWriter, r *http.Request, v any, allowTest bool) (ok, test bool) {
	tok, err := rkReadJWT(r)
	if err != nil {
		rkBadRequest(w, "the body is not a JWT")
		return false, false
	}
	payload, err := rkVerifyJWT(tok, rk.invoiceMethods(), string(rk.shop.Algorithm), []byte(rk.shop.MerchantLogin+":"+rk.shop.Password1))
	if err != nil && allowTest {
		payload, err = rkVerifyJWT(tok, rk.invoiceMethods(), string(rk.shop.Algorithm), []byte(rk.shop.MerchantLogin+":"+rk.shop.TestPassword1))
		test = err == nil
	}
	if err != nil {
		rk.s.logf("robokassa: %s: JWT refused", r.URL.Path)
		rkUnauthorized(w)
		return false, false
	}
	var head struct{ MerchantLogin string }
	if json.Unmarshal(payload, &head) != nil || json.Unmarshal(payload, v) != nil {
		rkInvoiceRefused(w, "The request cannot be read")
		return false, false
	}
	if head.MerchantLogin != rk.shop.MerchantLogin {
		rkInvoiceRefused(w, "Merchant not found")
		return false, false
	}
	return true, test
}

func rkInvoiceRefused(w http.ResponseWriter, msg string) {
	rkWriteJSON(w, http.StatusOK, map[string]any{"isSuccess": false, "errorMessage": msg})
}

// createInvoice serves CreateInvoice: it records a payable invoice whose
// url is the sandbox's payment page. Trigger 42.42 is a 503 before
// anything happens; 66.66 creates the invoice, then answers 500.
func (rk *robokassaSide) createInvoice(w http.ResponseWriter, r *http.Request) {
	var req struct {
		InvoiceType      string
		Culture          string
		InvID            *int64 `json:"InvId"`
		OutSum           decimal.Decimal
		Description      string
		UserFields       map[string]string
		InvoiceItems     []struct{ Quantity, Cost decimal.Decimal }
		SuccessURL2Data  *struct{ URL, Method string } `json:"SuccessUrl2Data"`
		FailURL2Data     *struct{ URL, Method string } `json:"FailUrl2Data"`
		MerchantComments string
		AdditionalParams map[string]any `json:"AdditionalParameters"`
	}
	ok, test := rk.invoiceRequestKeyed(w, r, &req, true)
	if !ok {
		return
	}
	extras, why := rkInvoiceExtras(req.AdditionalParams, test)
	if why == "" && extras.hold && req.InvoiceType != "" && req.InvoiceType != string(robokassa.InvoiceOneTime) {
		why = "StepByStep needs InvoiceType OneTime"
	}
	if why != "" {
		rkInvoiceRefused(w, why)
		return
	}
	if trigger(req.OutSum) == TriggerUnavailable {
		http.Error(w, "sandbox: trigger "+TriggerUnavailable, http.StatusServiceUnavailable)
		return
	}
	inv := &rkInvoice{id: rkGUID(), encodedID: randomHex(10), outSum: req.OutSum, description: req.Description,
		culture: req.Culture, created: rk.now(), active: true, extras: extras}
	switch req.InvoiceType {
	case "", string(robokassa.InvoiceOneTime):
	case string(robokassa.InvoiceReusable):
		inv.reusable = true
	default:
		rkInvoiceRefused(w, "InvoiceType must be OneTime or Reusable")
		return
	}
	if req.SuccessURL2Data != nil {
		inv.success = rkTarget{req.SuccessURL2Data.URL, strings.ToUpper(req.SuccessURL2Data.Method)}
	}
	if req.FailURL2Data != nil {
		inv.fail = rkTarget{req.FailURL2Data.URL, strings.ToUpper(req.FailURL2Data.Method)}
	}
	total := decimal.Zero
	for _, it := range req.InvoiceItems {
		total = total.Add(it.Quantity.Mul(it.Cost))
	}
	switch {
	case !req.OutSum.IsPositive() || !req.OutSum.Equal(req.OutSum.Truncate(2)):
		rkInvoiceRefused(w, "OutSum must be positive, in kopecks")
		return
	case !utf8.ValidString(req.Description) || utf8.RuneCountInString(req.Description) > robokassa.MaxDescription:
		rkInvoiceRefused(w, "Description is longer than 100 characters")
		return
	case len(req.InvoiceItems) > 0 && !total.Equal(req.OutSum):
		rkInvoiceRefused(w, "InvoiceItems do not add up to OutSum")
		return
	case !inv.success.valid() || !inv.fail.valid():
		rkInvoiceRefused(w, "SuccessUrl2Data and FailUrl2Data need an absolute URL and GET or POST")
		return
	case req.InvID != nil && *req.InvID < 0:
		rkInvoiceRefused(w, "InvId must be positive")
		return
	}
	for k, v := range req.UserFields {
		if len(k) <= 4 || !strings.EqualFold(k[:4], "shp_") {
			rkInvoiceRefused(w, "UserFields names must start with shp_")
			return
		}
		inv.userFields = append(inv.userFields, rkShp{k, v})
	}
	slices.SortFunc(inv.userFields, func(a, b rkShp) int { return strings.Compare(a.name, b.name) })

	rk.mu.Lock()
	if req.InvID != nil && *req.InvID > 0 {
		if _, used := rk.payments[*req.InvID]; used {
			rk.mu.Unlock()
			rkInvoiceRefused(w, "An invoice with this InvId already exists")
			return
		}
		inv.invID = *req.InvID
	} else {
		inv.invID = rk.assignInvID()
	}
	rk.invoices[inv.id] = inv
	rk.invoices[inv.encodedID] = inv
	if !inv.reusable {
		rk.invoicePayment(inv, inv.invID)
	}
	rk.mu.Unlock()
	rk.s.logf("robokassa: invoice %s (InvId %d) created", inv.id, inv.invID)
	if trigger(req.OutSum) == TriggerOutcomeUnknown {
		http.Error(w, "sandbox: trigger "+TriggerOutcomeUnknown+": the invoice was created", http.StatusInternalServerError)
		return
	}
	rkWriteJSON(w, http.StatusOK, map[string]any{
		"isSuccess": true, "id": inv.id, "url": rk.s.baseURL(r) + rkPathInvoicePay + inv.encodedID,
		"invId": inv.invID, "encodedId": inv.encodedID,
	})
}

// invoicePayment records the payment of inv under InvId n, waiting for
// the buyer. rk.mu must be held.
func (rk *robokassaSide) invoicePayment(inv *rkInvoice, n int64) *rkPayment {
	p := &rkPayment{
		invID: n, outSum: inv.outSum, shown: inv.outSum.StringFixed(2) + " RUB", trigger: trigger(inv.outSum),
		description: inv.description, culture: inv.culture, shp: inv.userFields,
		success: inv.success, fail: inv.fail, invoice: inv, created: rk.now(),
		hold: inv.extras.hold, recurring: inv.extras.recurring, resultURL2: inv.extras.resultURL2,
		email: inv.extras.email, isTest: inv.extras.isTest,
	}
	rk.payments[n] = p
	inv.paid = append(inv.paid, n)
	rk.setState(p, robokassa.StateInitiated)
	return p
}

// invoicePage serves an invoice's url: the payment page of its payment.
// A Reusable invoice gets a new InvId for each payment.
func (rk *robokassaSide) invoicePage(w http.ResponseWriter, r *http.Request) {
	rk.mu.Lock()
	inv, ok := rk.invoices[r.PathValue("id")]
	if !ok || !inv.active {
		rk.mu.Unlock()
		(&rkError{RU: "Счёт не найден или отключён", EN: "The invoice does not exist or was deactivated"}).write(w)
		return
	}
	var p *rkPayment
	if n := len(inv.paid); n > 0 {
		p = rk.payments[inv.paid[n-1]]
	}
	if inv.reusable && (p == nil || p.state != robokassa.StateInitiated) {
		p = rk.invoicePayment(inv, rk.assignInvID())
	}
	if p.state != robokassa.StateInitiated {
		rk.mu.Unlock()
		(&rkError{RU: "Счёт уже оплачен", EN: "The invoice has already been paid"}).write(w)
		return
	}
	data := rk.pageData(p)
	rk.mu.Unlock()
	rkWriteHTML(w, http.StatusOK, "page", data)
}

// findInvoice returns the invoice named by exactly one of InvId, Id and
// EncodedId. rk.mu must be held.
func (rk *robokassaSide) findInvoice(invID int64, id, encoded string) *rkInvoice {
	switch {
	case id != "":
		return rk.invoices[id]
	case encoded != "":
		return rk.invoices[encoded]
	case invID > 0:
		for _, inv := range rk.invoices {
			if inv.invID == invID {
				return inv
			}
		}
	}
	return nil
}

// deactivateInvoice serves DeactivateInvoice: the invoice's url stops
// working; payments already made stay.
func (rk *robokassaSide) deactivateInvoice(w http.ResponseWriter, r *http.Request) {
	var req struct {
		InvID     int64 `json:"InvId"`
		ID        string
		EncodedID string
	}
	if !rk.invoiceRequest(w, r, &req) {
		return
	}
	rk.mu.Lock()
	inv := rk.findInvoice(req.InvID, req.ID, req.EncodedID)
	if inv != nil {
		inv.active = false
	}
	rk.mu.Unlock()
	if inv == nil {
		rkInvoiceRefused(w, "Invoice not found")
		return
	}
	rkWriteJSON(w, http.StatusOK, map[string]any{"isSuccess": true})
}

// invoiceStatus returns the invoice's status for GetInvoiceInformationList:
// Paid once a payment through it is paid, Expired once deactivated,
// Notpaid otherwise. rk.mu must be held.
func (rk *robokassaSide) invoiceStatus(inv *rkInvoice) string {
	for _, n := range inv.paid {
		if p := rk.payments[n]; p != nil && p.state == robokassa.StatePaid {
			return robokassa.InvoicePaid
		}
	}
	if !inv.active {
		return robokassa.InvoiceExpired
	}
	return robokassa.InvoiceNotPaid
}

// listInvoices serves GetInvoiceInformationList. Robokassa publishes no
// sample answer beyond isSuccess (https://docs.robokassa.ru/ru/invoice-api); the sandbox answers
// {"isSuccess":true,"currentPage","pageSize","totalCount","invoices":[...]}
// with each invoice's id, encodedId, invId, type, status, outSum,
// description, createdAt and url.
func (rk *robokassaSide) listInvoices(w http.ResponseWriter, r *http.Request) {
	var q struct {
		CurrentPage, PageSize int
		InvoiceStatuses       []string
		InvoiceTypes          []string
		Keywords              string
		DateFrom, DateTo      time.Time
		IsAscending           bool
		SumFrom, SumTo        *decimal.Decimal
	}
	if !rk.invoiceRequest(w, r, &q) {
		return
	}
	if q.CurrentPage < 1 || q.PageSize < 1 || len(q.InvoiceStatuses) == 0 || len(q.InvoiceTypes) == 0 || q.DateFrom.IsZero() || q.DateTo.IsZero() {
		rkInvoiceRefused(w, "CurrentPage, PageSize, InvoiceStatuses, InvoiceTypes, DateFrom and DateTo are required")
		return
	}
	type item struct {
		ID          string          `json:"id"`
		EncodedID   string          `json:"encodedId"`
		InvID       int64           `json:"invId"`
		Type        string          `json:"invoiceType"`
		Status      string          `json:"status"`
		OutSum      json.Number     `json:"outSum"`
		Description string          `json:"description"`
		Created     time.Time       `json:"createdAt"`
		URL         string          `json:"url"`
		sum         decimal.Decimal // for the filters
	}
	in := func(list []string, v string) bool {
		return slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(s, v) })
	}
	var all []item
	rk.mu.Lock()
	for key, inv := range rk.invoices {
		if key != inv.id {
			continue // the same invoice under its encoded id
		}
		typ := string(robokassa.InvoiceOneTime)
		if inv.reusable {
			typ = string(robokassa.InvoiceReusable)
		}
		it := item{ID: inv.id, EncodedID: inv.encodedID, InvID: inv.invID, Type: typ, Status: rk.invoiceStatus(inv),
			OutSum: json.Number(inv.outSum.StringFixed(2)), Description: inv.description, Created: inv.created,
			URL: rk.s.baseURL(r) + rkPathInvoicePay + inv.encodedID, sum: inv.outSum}
		switch {
		case !in(q.InvoiceStatuses, it.Status), !in(q.InvoiceTypes, typ),
			it.Created.Before(q.DateFrom), it.Created.After(q.DateTo),
			q.Keywords != "" && !strings.Contains(strings.ToLower(it.Description), strings.ToLower(q.Keywords)),
			q.SumFrom != nil && it.sum.LessThan(*q.SumFrom), q.SumTo != nil && it.sum.GreaterThan(*q.SumTo):
			continue
		}
		all = append(all, it)
	}
	rk.mu.Unlock()
	slices.SortFunc(all, func(a, b item) int {
		c := a.Created.Compare(b.Created)
		if c == 0 {
			c = cmp.Compare(a.InvID, b.InvID)
		}
		if !q.IsAscending {
			c = -c
		}
		return c
	})
	from := len(all)
	if q.CurrentPage-1 < (len(all)+q.PageSize-1)/q.PageSize {
		from = (q.CurrentPage - 1) * q.PageSize
	}
	to := from + min(q.PageSize, len(all)-from)
	rkWriteJSON(w, http.StatusOK, map[string]any{
		"isSuccess": true, "currentPage": q.CurrentPage, "pageSize": q.PageSize,
		"totalCount": len(all), "invoices": all[from:to],
	})
}
