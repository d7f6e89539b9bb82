package clientsdk

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
)

// exampleE is a synthetic webhook, as the provider would post it: the
// payment notification's fields in the order of client_payment_sdk/models.py
// (github.com/Space-Around/client-payment-sdk-python at commit 45c4893), values made
// up, signed with the public test secret by the package's own sign (not a
// published vector; its verify_signature accepts it).
const exampleE = "webhook_type=invoice&invoice_id=696&amount=100.0000&customer_fee=0.0000&order=fb11ff6c-7145-11ec-9e37-0242ac130019&merchant_id=13&product_id=15&status=complete&currency=RUB&webhook_id=1&payment_error_code=&payment_error=&signature=Y1rs4Jlm0fG3rricMytidaR58-6Eknw1GaLUM1YsPYo"

const sigE = "Y1rs4Jlm0fG3rricMytidaR58-6Eknw1GaLUM1YsPYo"

func webhookRequest(body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

// signedBody signs params over /webhooks with the test secret and encodes
// them with the signature.
func signedBody(t *testing.T, params []Param) string {
	t.Helper()
	return encodeParams(params, mustSign(t, "/webhooks", "POST", params))
}

func TestVerifyWebhookExampleE(t *testing.T) {
	t.Parallel()
	p, _ := newTestProvider(t)
	ev, err := p.VerifyWebhook(t.Context(), webhookRequest(exampleE))
	if err != nil {
		t.Fatal(err)
	}
	want := &payments.Event{
		ID:        "13:payment:696:complete:1",
		Type:      payments.EventPayment,
		OrderID:   "fb11ff6c-7145-11ec-9e37-0242ac130019",
		PaymentID: "696",
		Status:    payments.StatusSucceeded,
		Amount:    rub("100.0000"),
		Fee:       rub("0.0000"),
		Raw: map[string]string{
			"webhook_type": "invoice", "invoice_id": "696", "amount": "100.0000", "customer_fee": "0.0000",
			"order": "fb11ff6c-7145-11ec-9e37-0242ac130019", "merchant_id": "13", "product_id": "15",
			"status": "complete", "currency": "RUB", "webhook_id": "1", "payment_error_code": "", "payment_error": "",
			"signature": sigE,
		},
		Ack: payments.Ack{StatusCode: 200, ContentType: "text/plain", Body: "OK"},
	}
	if diff := cmp.Diff(want, ev); diff != "" {
		t.Errorf("event (-want +got):\n%s", diff)
	}
}

func TestVerifyWebhookSignatureForms(t *testing.T) {
	t.Parallel()
	withSig := func(sig string) string {
		return strings.Replace(exampleE, "signature="+sigE, "signature="+url.QueryEscape(sig), 1)
	}
	// b64url of P for exampleE.
	payloadE := "eyJQQVRIIjoiL3dlYmhvb2tzIiwiUE9TVCI6eyJhbW91bnQiOiIxMDAuMDAwMCIsImN1cnJlbmN5IjoiUlVCIiwiY3VzdG9tZXJfZmVlIjoiMC4wMDAwIiwiaW52b2ljZV9pZCI6IjY5NiIsIm1lcmNoYW50X2lkIjoiMTMiLCJvcmRlciI6ImZiMTFmZjZjLTcxNDUtMTFlYy05ZTM3LTAyNDJhYzEzMDAxOSIsInBheW1lbnRfZXJyb3IiOiIiLCJwYXltZW50X2Vycm9yX2NvZGUiOiIiLCJwcm9kdWN0X2lkIjoiMTUiLCJzdGF0dXMiOiJjb21wbGV0ZSIsIndlYmhvb2tfaWQiOiIxIiwid2ViaG9va190eXBlIjoiaW52b2ljZSJ9fQ"
	tests := []struct {
		name string
		sig  string
		ok   bool
	}{
		{name: "bare signature", sig: sigE, ok: true},
		{name: "detached JWS", sig: protectedHeader + ".." + sigE, ok: true},
		{name: "compact JWS", sig: protectedHeader + "." + payloadE + "." + sigE, ok: true},
		// The Python SDK's substring test accepts these (client_payment_sdk/webhook.py); we do not.
		{name: "junk around the signature", sig: "JUNK" + sigE + "JUNK"},
		{name: "signature with a suffix", sig: sigE + "A"},
		{name: "JWS with another header", sig: "eyJhbGciOiJub25lIn0.." + sigE},
		{name: "JWS with another payload", sig: protectedHeader + ".e30." + sigE},
		{name: "JWS with four segments", sig: protectedHeader + "..." + sigE},
		{name: "non-canonical base64 tail", sig: sigE[:42] + "p"},
		{name: "not base64", sig: strings.Repeat("!", 43)},
		{name: "one character off", sig: "Z" + sigE[1:]},
		{name: "empty", sig: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, _ := newTestProvider(t)
			_, err := p.VerifyWebhook(t.Context(), webhookRequest(withSig(tt.sig)))
			if tt.ok && err != nil {
				t.Fatalf("err %v, want the webhook verified", err)
			}
			if !tt.ok && !errors.Is(err, payments.ErrInvalidSignature) {
				t.Fatalf("err %v, want ErrInvalidSignature", err)
			}
		})
	}
}

func TestVerifyWebhookFields(t *testing.T) {
	t.Parallel()
	base := kv("webhook_type", "invoice", "invoice_id", "7", "amount", "10.0000", "order", "1002", "status", "complete", "currency", "RUB", "webhook_id", "5")
	tests := []struct {
		name string
		body func(t *testing.T) string
		kind error // nil: verifies
	}{
		{
			name: "unknown field kept and signed",
			body: func(t *testing.T) string { return signedBody(t, append(kv("new_field", "x"), base...)) },
		},
		{
			name: "unknown field added after signing",
			body: func(t *testing.T) string { return signedBody(t, base) + "&new_field=x" },
			kind: payments.ErrInvalidSignature,
		},
		{
			name: "signed without the empty fields (PHP style), sent with them",
			body: func(t *testing.T) string {
				return encodeParams(append(kv("payment_error", ""), base...), mustSign(t, "/webhooks", "POST", base))
			},
		},
		{
			name: "signed with an empty field that was then dropped",
			body: func(t *testing.T) string {
				return encodeParams(base, mustSign(t, "/webhooks", "POST", append(kv("payment_error", ""), base...)))
			},
			kind: payments.ErrInvalidSignature,
		},
		{
			name: "signed over another path",
			body: func(t *testing.T) string { return encodeParams(base, mustSign(t, "/other", "POST", base)) },
			kind: payments.ErrInvalidSignature,
		},
		{
			name: "signed as GET",
			body: func(t *testing.T) string { return encodeParams(base, mustSign(t, "/webhooks", "GET", base)) },
			kind: payments.ErrInvalidSignature,
		},
		{
			name: "tampered status",
			body: func(t *testing.T) string {
				return strings.Replace(signedBody(t, base), "status=complete", "status=failed", 1)
			},
			kind: payments.ErrInvalidSignature,
		},
		{
			name: "missing signature",
			body: func(t *testing.T) string { return "order=1002&amount=10" },
			kind: payments.ErrInvalidSignature,
		},
		{
			name: "repeated field",
			body: func(t *testing.T) string { return signedBody(t, base) + "&order=1003" },
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "quote in a value (ambiguous signed form)",
			body: func(t *testing.T) string { return "payment_error=%22x%22&order=1&signature=" + sigE },
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "not a form",
			body: func(t *testing.T) string { return "%zz%%=&&%" },
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "malformed amount",
			body: func(t *testing.T) string {
				return signedBody(t, kv("invoice_id", "7", "order", "1", "amount", "10,00", "status", "complete"))
			},
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "no order or id",
			body: func(t *testing.T) string { return signedBody(t, kv("amount", "1", "status", "complete")) },
			kind: payments.ErrInvalidRequest,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, _ := newTestProvider(t)
			_, err := p.VerifyWebhook(t.Context(), webhookRequest(tt.body(t)))
			if tt.kind == nil && err != nil {
				t.Fatalf("err %v, want the webhook verified", err)
			}
			if tt.kind != nil && !errors.Is(err, tt.kind) {
				t.Fatalf("err %v, want %v", err, tt.kind)
			}
			if err != nil {
				var pe *payments.Error
				if !errors.As(err, &pe) || pe.Op != payments.OpVerifyWebhook || pe.Provider != providerName {
					t.Errorf("error %#v lacks its operation or provider", err)
				}
			}
		})
	}
}

func TestVerifyWebhookRequestShape(t *testing.T) {
	t.Parallel()
	p, _ := newTestProvider(t)
	r := httptest.NewRequest(http.MethodGet, "/webhooks?"+exampleE, nil)
	if _, err := p.VerifyWebhook(t.Context(), r); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("GET: %v", err)
	}
	r = webhookRequest(exampleE)
	r.Header.Set("Content-Type", "application/json")
	if _, err := p.VerifyWebhook(t.Context(), r); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("JSON: %v", err)
	}
	r = webhookRequest(exampleE)
	r.Header.Del("Content-Type")
	if _, err := p.VerifyWebhook(t.Context(), r); err != nil {
		t.Errorf("no content type: %v", err)
	}
	r = webhookRequest(exampleE + "&padding=" + strings.Repeat("x", MaxWebhookBytes))
	_, err := p.VerifyWebhook(t.Context(), r)
	var mbe *http.MaxBytesError
	if !errors.Is(err, payments.ErrInvalidRequest) || !errors.As(err, &mbe) {
		t.Errorf("oversized: %v, want ErrInvalidRequest wrapping *http.MaxBytesError", err)
	}
	if _, err := p.VerifyWebhook(t.Context(), nil); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("nil: %v", err)
	}
}

func TestVerifyWebhookWithdrawal(t *testing.T) {
	t.Parallel()
	p, _ := newTestProvider(t)
	// Field set of WebhookData (client_payment_sdk/models.py); the payout webhook_type is
	// undocumented, the withdrawal_request_id tells it apart.
	params := kv("webhook_type", "withdrawal_request", "withdrawal_request_id", "1523", "requested_amount", "50.0000",
		"customer_fee", "1.0000", "order", "2001", "currency", "RUB", "status", "failed", "webhook_id", "9",
		"payment_error_code", "51", "payment_error", "Card blocked", "masked_pan", "411111******1111", "merchant_id", "13")
	ev, err := p.VerifyWebhook(t.Context(), webhookRequest(signedBody(t, params)))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Type != payments.EventWithdrawal || ev.ID != "13:withdrawal:1523:failed:9" || ev.PaymentID != "1523" ||
		ev.OrderID != "2001" || ev.Status != payments.StatusFailed || !ev.Amount.Equal(rub("50")) || !ev.Fee.Equal(rub("1")) ||
		ev.ErrorCode != "51" || ev.ErrorMessage != "Card blocked" || ev.Raw["masked_pan"] != "411111******1111" {
		t.Errorf("event %+v", ev)
	}
}

// TestEventIDs checks the de-duplication identity: equal for a retry,
// different for another notification of the same order.
func TestEventIDs(t *testing.T) {
	t.Parallel()
	p, _ := newTestProvider(t)
	id := func(status, webhookID string) string {
		t.Helper()
		ev, err := p.VerifyWebhook(t.Context(), webhookRequest(signedBody(t, kv("webhook_type", "invoice", "invoice_id", "7",
			"order", "1002", "amount", "10", "status", status, "webhook_id", webhookID))))
		if err != nil {
			t.Fatal(err)
		}
		return ev.ID
	}
	if a, b := id("complete", "1"), id("complete", "1"); a != b {
		t.Errorf("retry ids %q and %q differ", a, b)
	}
	if a, b := id("failed", "1"), id("complete", "1"); a == b {
		t.Errorf("a state change kept id %q", a)
	}
	if a, b := id("complete", "1"), id("complete", "2"); a == b {
		t.Errorf("another webhook_id kept id %q", a)
	}
}

// TestWebhookHandlerAck runs the core's handler over the provider.
func TestWebhookHandlerAck(t *testing.T) {
	t.Parallel()
	p, _ := newTestProvider(t)
	c, err := payments.New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := c.WebhookHandler(func(_ context.Context, ev *payments.Event) error { return nil }, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, webhookRequest(exampleE))
	if rec.Code != 200 || rec.Body.String() != "OK" || rec.Header().Get("Content-Type") != "text/plain" {
		t.Errorf("answered %d %q (%s), want 200 OK text/plain", rec.Code, rec.Body.String(), rec.Header().Get("Content-Type"))
	}
}

func TestVerifyFormSignature(t *testing.T) {
	t.Parallel()
	form, err := url.ParseQuery(exampleE)
	if err != nil {
		t.Fatal(err)
	}
	// The synthetic webhook exampleE.
	if err := VerifyFormSignature(form, "/webhooks", testSecret); err != nil {
		t.Errorf("example E: %v", err)
	}
	if err := VerifyFormSignature(form, "/hooks", testSecret); !errors.Is(err, payments.ErrInvalidSignature) {
		t.Errorf("other path: %v", err)
	}
	if err := VerifyFormSignature(form, "/webhooks", ""); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("empty secret: %v", err)
	}
	form.Set("amount", "1.0000")
	if err := VerifyFormSignature(form, "/webhooks", testSecret); !errors.Is(err, payments.ErrInvalidSignature) {
		t.Errorf("tampered: %v", err)
	}
}
