package sandbox

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// tbTrigger returns the scenario trigger of an amount in kopecks.
func tbTrigger(kopecks int64) string { return trigger(decimal.New(kopecks, -2)) }

// handleInit serves /v2/Init (https://www.tbank.ru/kassa/dev/payments/ /v2/Init): a payment session
// for the hosted page, one-stage (PayType O) or two-stage (T), a
// recurrent parent with Recurrent Y and CustomerKey; Receipt and DATA are
// recorded. It answers Status NEW, PaymentId (a string) and PaymentURL.
// Several sessions may share an OrderId until one of them is paid (623).
func (b *tbankSide) handleInit(w http.ResponseWriter, r *http.Request) {
	req := b.readRequest(w, r, "Init")
	if req == nil {
		return
	}
	p, bad := b.parseInit(req)
	if bad != nil {
		b.fail(w, "", *bad)
		return
	}
	if p.trigger == TriggerUnavailable {
		b.serverError(w, http.StatusServiceUnavailable, "Init", p.trigger)
		return
	}
	base := b.s.baseURL(r)
	b.mu.Lock()
	for _, q := range b.orders[p.order] {
		if tbSucceeded(b.state(q)) {
			b.mu.Unlock()
			b.fail(w, "", tbErrPaidOrder)
			return
		}
	}
	b.nextID++
	p.id = b.nextID
	p.key, p.token = randomHex(16), randomHex(16)
	p.status = tbNew
	b.byID[p.id] = p
	b.byKey[p.key] = p
	b.orders[p.order] = append(b.orders[p.order], p)
	answer := map[string]any{
		"Status": tbNew, "PaymentId": strconv.FormatInt(p.id, 10), "OrderId": p.order,
		"Amount": p.amount, "PaymentURL": base + tbPagePath + p.key,
	}
	b.mu.Unlock()
	b.s.logf("tbank Init order %q: payment %d, %d kopecks", p.order, p.id, p.amount)
	if p.trigger == TriggerOutcomeUnknown {
		b.serverError(w, http.StatusInternalServerError, "Init", p.trigger)
		return
	}
	b.ok(w, answer)
}

// tbSucceeded reports whether a session in status took the buyer's money
// (so its OrderId takes no new session).
func tbSucceeded(status string) bool {
	switch status {
	case tbAuthorized, tbConfirmed, tbPartialReversed, tbPartialRefunded, tbRefunded:
		return true
	}
	return false
}

// parseInit validates an Init request into a new payment.
func (b *tbankSide) parseInit(req *tbRequest) (*tbPayment, *tbError) {
	bad := func(field string) (*tbPayment, *tbError) { e := tbInvalid(field); return nil, &e }
	amount, ok, valid := req.kopecks("Amount")
	if !ok || !valid {
		return bad("Amount")
	}
	s := req.scalars
	p := &tbPayment{
		order: s["OrderId"], amount: amount, description: s["Description"],
		customerKey: s["CustomerKey"], language: s["Language"],
		notificationURL: s["NotificationURL"], successURL: s["SuccessURL"], failURL: s["FailURL"],
		trigger: tbTrigger(amount), data: map[string]string{},
	}
	if p.order == "" || len(p.order) > 36 {
		return bad("OrderId")
	}
	if len([]rune(p.description)) > 140 {
		return bad("Description")
	}
	switch s["PayType"] {
	case "", "O":
	case "T":
		p.twoStage = true
	default:
		return bad("PayType")
	}
	switch s["Recurrent"] {
	case "", "N":
	case "Y":
		p.recurrent = true
		if p.customerKey == "" {
			return bad("CustomerKey")
		}
	default:
		return bad("Recurrent")
	}
	if len(p.customerKey) > 36 {
		return bad("CustomerKey")
	}
	if p.language != "" && p.language != "ru" && p.language != "en" {
		return bad("Language")
	}
	for _, f := range []string{"NotificationURL", "SuccessURL", "FailURL"} {
		if v := s[f]; v != "" && !csAbsoluteURL(v) {
			return bad(f)
		}
	}
	if p.notificationURL == "" {
		p.notificationURL = b.t.NotificationURL
	}
	if p.successURL == "" {
		p.successURL = b.t.SuccessURL
	}
	if p.failURL == "" {
		p.failURL = b.t.FailURL
	}
	now := b.s.opts.Now()
	p.expires = now.Add(tbDefaultLifetime)
	if v := s["RedirectDueDate"]; v != "" {
		due, err := time.Parse(time.RFC3339, v)
		if err != nil || !due.After(now) {
			return bad("RedirectDueDate")
		}
		p.expires = due
	}
	if v, set := req.nested["DATA"]; set {
		data, isObj := v.(map[string]any)
		if !isObj || len(data) > 20 {
			return bad("DATA")
		}
		for k, dv := range data {
			text, isStr := dv.(string)
			if !isStr || len(k) > 64 || len(text) > 100 { // OperationInitiatorType is itself longer than the documented 20
				return bad("DATA")
			}
			p.data[k] = text
		}
	}
	if v, set := req.nested["Receipt"]; set {
		if e := tbCheckReceipt(v, amount); e != nil {
			return nil, e
		}
		p.receipt, _ = json.Marshal(v)
	}
	return p, nil
}

// tbCheckReceipt checks a Receipt object: Items, at most 100, each with a
// whole Amount in kopecks, summing to the payment's amount (error 308,
// section «Коды ошибок» of https://www.tbank.ru/kassa/dev/payments/index.html).
func tbCheckReceipt(v any, amount int64) *tbError {
	bad := tbInvalid("Receipt")
	receipt, ok := v.(map[string]any)
	if !ok {
		return &bad
	}
	items, ok := receipt["Items"].([]any)
	if !ok || len(items) == 0 || len(items) > 100 {
		return &bad
	}
	var sum int64
	for _, it := range items {
		item, ok := it.(map[string]any)
		if !ok {
			return &bad
		}
		n, ok := item["Amount"].(json.Number)
		if !ok {
			return &bad
		}
		k, err := strconv.ParseInt(n.String(), 10, 64)
		if err != nil || k < 0 || k > 1e12 {
			return &bad
		}
		sum += k
	}
	if sum != amount {
		return &tbErrReceiptSum
	}
	return nil
}

// tbReceiptLine is one receipt item as the payment page shows it.
type tbReceiptLine struct{ Name, Quantity, Price, Amount, Tax string }

// receiptLines returns p's receipt items for the page.
func (p *tbPayment) receiptLines() []tbReceiptLine {
	if p.receipt == nil {
		return nil
	}
	var r struct {
		Items []struct {
			Name          string
			Quantity      json.Number
			Price, Amount json.Number
			Tax           string
		}
	}
	if json.Unmarshal(p.receipt, &r) != nil {
		return nil
	}
	rub := func(n json.Number) string {
		k, err := strconv.ParseInt(n.String(), 10, 64)
		if err != nil {
			return n.String()
		}
		return decimal.New(k, -2).StringFixed(2)
	}
	lines := make([]tbReceiptLine, 0, len(r.Items))
	for _, it := range r.Items {
		lines = append(lines, tbReceiptLine{Name: it.Name, Quantity: it.Quantity.String(), Price: rub(it.Price), Amount: rub(it.Amount), Tax: it.Tax})
	}
	return lines
}
