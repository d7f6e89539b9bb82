package conformance

import (
	"bytes"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

// wireLog is a transport that keeps the text of every request a scenario's
// provider sends (URL and body), so that a scenario can check what reached
// the wire, in replay and in record mode alike.
type wireLog struct {
	next http.RoundTripper

	mu    sync.Mutex
	texts []string
}

// RoundTrip implements http.RoundTripper.
func (w *wireLog) RoundTrip(req *http.Request) (*http.Response, error) {
	text := req.URL.String()
	if req.Body != nil {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
		text += "\n" + string(body)
	}
	w.mu.Lock()
	w.texts = append(w.texts, text)
	w.mu.Unlock()
	return w.next.RoundTrip(req)
}

// sent returns the texts of the requests sent so far.
func (w *wireLog) sent() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.texts...)
}

// jwsToken finds compact JWS or JWT values in a text.
var jwsToken = regexp.MustCompile(`[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*`)

// decodings returns s and the decoded payloads of the JWS values in it (a
// refund sent as a signed token). The scenarios' item names are plain
// ASCII letters, which URL, form and JSON encodings leave as they are.
func decodings(s string) []string {
	out := []string{s}
	for _, tok := range jwsToken.FindAllString(s, -1) {
		if p, ok := jwsPayload(tok); ok {
			out = append(out, string(p))
		}
	}
	return out
}

// carries reports whether any of texts, decoded as decodings does, holds
// s.
func carries(texts []string, s string) bool {
	for _, t := range texts {
		for _, d := range decodings(t) {
			if strings.Contains(d, s) {
				return true
			}
		}
	}
	return false
}

// wireReceipt is the two-line receipt of the receipt scenarios, adding up
// to 10.00; its item names are what the scenarios look for on the wire.
func (e *env) wireReceipt() *payments.Receipt {
	item := func(name, amount string) payments.ReceiptItem {
		return payments.ReceiptItem{
			Name: name, Quantity: decimal.NewFromInt(1), Amount: e.money(amount),
			Tax: "none", PaymentMethod: "full_payment", PaymentObject: "commodity",
		}
	}
	return &payments.Receipt{Email: "buyer@example.com", Items: []payments.ReceiptItem{
		item("Notebook", "6.00"), item("Pencil", "4.00"),
	}}
}

// expectItemsSent fails the scenario for every line of r whose name is in
// none of texts.
func (e *env) expectItemsSent(r *payments.Receipt, texts []string) {
	e.t.Helper()
	for _, it := range r.Items {
		if !carries(texts, it.Name) {
			e.failf("the receipt line %q reached neither a request nor the buyer's next step: the receipt was dropped", it.Name)
		}
	}
}

// stepTexts returns the texts of a payment's next step: its URL and form
// fields, which carry the receipt of a payment link computed locally.
func stepTexts(s payments.NextStep) []string {
	out := []string{s.URL}
	for _, f := range s.Fields {
		out = append(out, f.Name+"="+f.Value)
	}
	return out
}

// receiptWireScenarios send receipts with a payment and with a refund, for
// providers that declare them, and check that every line reaches the wire.
func receiptWireScenarios() []Scenario {
	return []Scenario{
		{
			Name:    "receipts_with_payment",
			Rule:    "a payment with a fiscal receipt is accepted and every receipt line reaches the provider (a request, or the buyer's next step)",
			Op:      payments.OpInitPayment,
			applies: func(c payments.Capabilities) bool { return c.PaymentReceipts },
			run: func(e *env) {
				r := e.initReq("1001")
				r.Receipt = e.wireReceipt()
				p, err := e.client.InitPayment(e.ctx(), r)
				if !e.expectPayment(p, err, payments.StatusPending, payments.StatusRequiresAction) {
					return
				}
				e.expectItemsSent(r.Receipt, append(e.wire.sent(), stepTexts(p.NextStep)...))
			},
		},
		{
			Name:    "receipts_with_refund",
			Rule:    "a full refund with a fiscal receipt is accepted and every receipt line reaches the provider",
			Op:      payments.OpRefund,
			applies: func(c payments.Capabilities) bool { return c.Supports(payments.OpRefund) && c.RefundReceipts },
			run: func(e *env) {
				rc := e.wireReceipt()
				_, err := e.client.Refund(e.ctx(), &payments.RefundRequest{OrderID: "1002", Reference: "r-receipt", Receipt: rc})
				if err != nil {
					e.failf("unexpected error: %v", err)
					return
				}
				e.expectItemsSent(rc, e.wire.sent())
			},
		},
	}
}
