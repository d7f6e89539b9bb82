package clientsdk

import (
	"errors"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// FuzzVerifyWebhook feeds arbitrary bodies to the webhook parser and
// verifier: it must never panic, must fail with a categorized error, and
// must accept a body only if it is correctly signed.
func FuzzVerifyWebhook(f *testing.F) {
	f.Add(exampleE)                                      // the synthetic webhook
	f.Add(strings.Replace(exampleE, "100.0000", "1", 1)) // tampered
	f.Add("signature=" + sigE)
	f.Add("%zz%%=&&%")
	f.Add("a=1&a=2&signature=x")
	f.Add("order=1&amount=1e9&signature=" + protectedHeader + ".." + sigE)
	f.Add("payment_error=%22&signature=x")
	f.Add("")
	// Signed, but refused or normalised by the event checks (issue 8 items
	// 1 and 14).
	for _, params := range [][]Param{
		kv("invoice_id", "7", "order", "1", "status", "complete", "amount", "-10"),
		kv("invoice_id", "7", "order", "1", "status", "complete", "amount", "0"),
		kv("invoice_id", "7", "order", "1", "status", "complete", "amount", "10", "currency", "USD"),
		kv("invoice_id", "7", "order", "1", "status", "COMPLETE", "amount", "10", "webhook_id", "1"),
		kv("invoice_id", "7:8", "merchant_id", "13:x", "order", "1", "status", "failed", "webhook_id", "a%b"),
		kv("withdrawal_request_id", "1523", "status", "complete", "requested_amount", "0"),
	} {
		sig, err := Sign("/webhooks", "POST", params, testSecret)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(encodeParams(params, sig))
	}
	p, err := New(testConfig(nil))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		ev, err := p.verifyBody([]byte(body))
		if err != nil {
			if !errors.Is(err, payments.ErrInvalidSignature) && !errors.Is(err, payments.ErrInvalidRequest) {
				t.Fatalf("error %v is neither an invalid signature nor an invalid request", err)
			}
			return
		}
		if ev.ID == "" || !ev.Status.Valid() || ev.Raw["signature"] == "" {
			t.Fatalf("verified event %+v lacks id, status or signature", ev)
		}
		if ev.Amount.Amount.IsNegative() || (ev.Status == payments.StatusSucceeded && !ev.Amount.Amount.IsPositive()) ||
			(ev.Type == payments.EventPayment && ev.Amount.Currency != "" && ev.Amount.Currency != payments.RUB) {
			t.Fatalf("verified event %+v has an impossible amount", ev)
		}
		if parts := strings.Split(ev.ID, ":"); len(parts) != 5 || parts[0] == "" {
			t.Fatalf("event id %q is not five parts, the merchant first", ev.ID)
		}
		fields, sig, err := parseWebhookForm([]byte(body))
		if err != nil {
			t.Fatalf("verified body does not parse: %v", err)
		}
		if verifySignature(p.secret, p.notifPath, fields, sig) != nil {
			t.Fatal("verified body does not verify")
		}
	})
}

// FuzzParseResponses feeds arbitrary answers to the response decoder and
// every response parser: they must never panic, and must fail with a
// categorized *payments.Error or return a usable value.
func FuzzParseResponses(f *testing.F) {
	for _, s := range []string{
		`{"status":"redirect","url":"https://exemple.com?amount=10.0000&invoice_id=684"}`, // creater777/sbank README.MD
		`{"status":"redirect","url":"https://a.example","form_data":{"PaReq":"x","MD":1}}`,
		`{"status":"success","payment_status":"complete","refund_status":null,"amount":"10.0000","currency":"RUB"}`,
		`{"status":"error","field_errors":{"order":["Order does not exist"]}}`, // creater777/sbank tests/SbankApiTest.php
		`{"status":"success","balance":1500.25}`,
		`{"status":"success","balance":"1e400"}`,
		`{"status":"success","withdrawal_request":{"id":1523,"amount":"50.0000","status":"new"}}`,
		`{"code":"common","message":"insufficient funds"}`,
		`{"status":"success","withdrawal_request":null}`,
		`[]`, `null`, `{`, ``,
	} {
		for _, status := range []int{200, 400, 500} {
			f.Add(status, s)
		}
	}
	f.Fuzz(func(t *testing.T, status int, body string) {
		r, err := decodeResponse(providerkit.Read(payments.OpPaymentStatus), status, []byte(body))
		if err != nil {
			var pe *payments.Error
			if !errors.As(err, &pe) || pe.Kind == nil {
				t.Fatalf("uncategorized error %v", err)
			}
			if strings.Contains(err.Error(), "4111111111111111") {
				t.Fatalf("error %q shows a card number", err)
			}
			return
		}
		if pay, err := parseInit(r); err == nil {
			if !pay.Status.Valid() {
				t.Fatalf("init status %q", pay.Status)
			}
			if pay.NextStep.Kind != payments.NextNone && checkURL(pay.NextStep.URL) != nil {
				t.Fatalf("next step URL %q", pay.NextStep.URL)
			}
		}
		if pay, err := parseStatus(r); err == nil && (!pay.Status.Valid() || (pay.RefundStatus != "" && !pay.RefundStatus.Valid())) {
			t.Fatalf("status %q / %q", pay.Status, pay.RefundStatus)
		}
		if b, err := parseBalance(r, payments.RUB); err == nil && b.Available.Currency != payments.RUB {
			t.Fatalf("balance in %q", b.Available.Currency)
		}
		if w, err := parseWithdrawal(r, payments.StatusUnknown); err == nil && (w.ID == "" || !w.Status.Valid()) {
			t.Fatalf("withdrawal %+v", w)
		}
	})
}
