package paymentstest_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

func paidWebhook() paymentstest.WebhookData {
	return paymentstest.WebhookData{
		EventID: "evt_1", Type: payments.EventPayment, OrderID: "1002", PaymentID: "pay_2",
		Status: payments.StatusSucceeded, Amount: rub("10.00"),
	}
}

// signForm signs fields the way the fake documents it, independently of
// the package's code: HMAC-SHA256 over key=value pairs sorted by key.
func signForm(secret string, fields map[string]string) string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	pairs := make([]string, len(keys))
	for i, k := range keys {
		pairs[i] = k + "=" + fields[k]
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strings.Join(pairs, "&")))
	return hex.EncodeToString(mac.Sum(nil))
}

// formRequest builds a webhook delivery with exactly the given body.
func formRequest(body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

func readForm(t *testing.T, r *http.Request) url.Values {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	v, err := url.ParseQuery(string(b))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestSignWebhookGolden(t *testing.T) {
	t.Parallel()
	f := paymentstest.New(nil)
	got := readForm(t, f.SignWebhook(paidWebhook()))
	// The canonical string of the package documentation (webhook.go).
	const canonical = "amount=10.00&currency=RUB&event_id=evt_1&order_id=1002&payment_id=pay_2&status=succeeded&type=payment"
	mac := hmac.New(sha256.New, []byte("fake-webhook-secret"))
	mac.Write([]byte(canonical))
	want := url.Values{
		"event_id": {"evt_1"}, "type": {"payment"}, "order_id": {"1002"}, "payment_id": {"pay_2"},
		"status": {"succeeded"}, "amount": {"10.00"}, "currency": {"RUB"},
		"signature": {hex.EncodeToString(mac.Sum(nil))},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("signed form (-want +got):\n%s", diff)
	}
}

func TestVerifyWebhook(t *testing.T) {
	t.Parallel()
	f := paymentstest.New(nil)
	d := paymentstest.WebhookData{
		EventID: "evt_7", Type: payments.EventPayment, OrderID: "1003", PaymentID: "pay_3",
		Status: payments.StatusFailed, Amount: rub("10.00"), Fee: rub("0.35"),
		ErrorCode: "common", ErrorMessage: "insufficient funds", Metadata: map[string]string{"cart": "42 & more"},
	}
	r := f.SignWebhook(d)
	if r.Method != http.MethodPost || r.URL.Path != "/webhooks" {
		t.Errorf("request %s %s, want POST /webhooks", r.Method, r.URL.Path)
	}
	ev, err := f.VerifyWebhook(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	raw := map[string]string{
		"event_id": "evt_7", "type": "payment", "order_id": "1003", "payment_id": "pay_3", "status": "failed",
		"amount": "10.00", "currency": "RUB", "fee": "0.35", "error_code": "common", "error_message": "insufficient funds",
		"meta_cart": "42 & more",
	}
	raw["signature"] = signForm("fake-webhook-secret", raw)
	want := &payments.Event{
		ID: "merchant_1:evt_7", Type: payments.EventPayment, OrderID: "1003", PaymentID: "pay_3", Status: payments.StatusFailed,
		Amount: rub("10.00"), Fee: rub("0.35"), ErrorCode: "common", ErrorMessage: "insufficient funds",
		Metadata: map[string]string{"cart": "42 & more"}, Raw: raw,
		Ack: payments.Ack{StatusCode: 200, ContentType: "text/plain", Body: "ok"},
	}
	if diff := cmp.Diff(want, ev); diff != "" {
		t.Errorf("VerifyWebhook (-want +got):\n%s", diff)
	}
}

func TestVerifyWebhookRejects(t *testing.T) {
	t.Parallel()
	f := paymentstest.New(nil)
	const secret = "fake-webhook-secret"
	signed := func(fields map[string]string) string {
		v := url.Values{}
		for k, s := range fields {
			v.Set(k, s)
		}
		v.Set("signature", signForm(secret, fields))
		return v.Encode()
	}
	valid := map[string]string{"event_id": "evt_1", "type": "payment", "order_id": "1002", "status": "succeeded", "amount": "10.00", "currency": "RUB"}
	without := func(key string) map[string]string {
		m := make(map[string]string)
		for k, v := range valid {
			if k != key {
				m[k] = v
			}
		}
		return m
	}
	with := func(key, value string) map[string]string {
		m := without(key)
		m[key] = value
		return m
	}
	tamper := func(key, value string) string {
		v := readForm(t, f.SignWebhook(paidWebhook()))
		v.Set(key, value)
		return v.Encode()
	}
	tests := []struct {
		name string
		req  *http.Request
		kind error
	}{
		{"tampered amount", formRequest(tamper("amount", "1000.00")), payments.ErrInvalidSignature},
		{"tampered status", formRequest(tamper("status", "refunded")), payments.ErrInvalidSignature},
		{"added field", formRequest(tamper("meta_x", "1")), payments.ErrInvalidSignature},
		{"wrong secret", f.SignWebhookWith(paidWebhook(), "another-secret"), payments.ErrInvalidSignature},
		{"missing signature", formRequest(tamper("signature", "")), payments.ErrInvalidSignature},
		{"signature not hex", formRequest(tamper("signature", "zz"+strings.Repeat("0", 62))), payments.ErrInvalidSignature},
		{"short signature", formRequest(tamper("signature", "abcd")), payments.ErrInvalidSignature},
		{"empty body", formRequest(""), payments.ErrInvalidSignature},
		{"unparsable body", formRequest("amount=%zz&signature=00"), payments.ErrInvalidRequest},
		{"repeated field", formRequest(signed(valid) + "&amount=1.00"), payments.ErrInvalidRequest},
		{"nil body", &http.Request{Method: http.MethodPost}, payments.ErrInvalidRequest},
		{"oversized body", formRequest(signed(with("error_message", strings.Repeat("x", 70<<10)))), payments.ErrInvalidRequest},
		{"signed without event id", formRequest(signed(without("event_id"))), payments.ErrInvalidRequest},
		{"signed without amount", formRequest(signed(without("amount"))), payments.ErrInvalidRequest},
		{"signed unknown status", formRequest(signed(with("status", "paid"))), payments.ErrInvalidRequest},
		{"signed unknown type", formRequest(signed(with("type", "charge"))), payments.ErrInvalidRequest},
		{"signed malformed amount", formRequest(signed(with("amount", "10,00"))), payments.ErrInvalidRequest},
		{"signed excess precision", formRequest(signed(with("amount", "10.001"))), payments.ErrInvalidRequest},
		{"signed unknown currency", formRequest(signed(with("currency", "XYZ"))), payments.ErrInvalidRequest},
		{"signed malformed fee", formRequest(signed(with("fee", "x"))), payments.ErrInvalidRequest},
	}
	p := newHTTPProvider(t, "http://fake.invalid", nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := []byte{}
			if tt.req.Body != nil {
				body, _ = io.ReadAll(tt.req.Body)
			}
			for name, v := range map[string]payments.WebhookVerifier{"fake": f, "http": p} {
				req := tt.req.Clone(t.Context())
				if tt.req.Body != nil {
					req.Body = io.NopCloser(strings.NewReader(string(body)))
				}
				ev, err := v.VerifyWebhook(t.Context(), req)
				if ev != nil {
					t.Errorf("%s: returned an event for a rejected delivery", name)
				}
				wantKind(t, err, tt.kind)
				var pe *payments.Error
				if !errors.As(err, &pe) || pe.Op != payments.OpVerifyWebhook {
					t.Errorf("%s: error %v does not name the operation", name, err)
				}
			}
		})
	}
	// The valid form itself passes, so the cases above fail for their reason.
	if _, err := f.VerifyWebhook(t.Context(), formRequest(signed(valid))); err != nil {
		t.Fatalf("valid form: %v", err)
	}
}

func TestPaymentWebhook(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	req := initReq("1002", "10.00")
	req.Metadata = map[string]string{"cart": "42"}
	mustInit(t, f, req)
	if err := f.MarkPaid("1002"); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"merchant_1:evt_1", "merchant_1:evt_2"} {
		r, err := f.PaymentWebhook("1002")
		if err != nil {
			t.Fatal(err)
		}
		ev, err := f.VerifyWebhook(t.Context(), r)
		if err != nil {
			t.Fatal(err)
		}
		got := []any{ev.ID, ev.Type, ev.OrderID, ev.PaymentID, ev.Status, ev.Amount.String(), ev.Metadata}
		wantEv := []any{want, payments.EventPayment, "1002", "pay_1", payments.StatusSucceeded, "10.00 RUB", map[string]string{"cart": "42"}}
		if diff := cmp.Diff(wantEv, got); diff != "" {
			t.Errorf("delivery %d (-want +got):\n%s", i, diff)
		}
	}
	if err := f.MarkFailed("1002", "x", "y"); err == nil {
		t.Error("a paid payment was marked failed")
	}
	_, err := f.PaymentWebhook("1999")
	wantKind(t, err, payments.ErrNotFound)
}

// TestWebhookThroughClientHandler checks the fake's webhooks with the
// Client's ready handler: verified, handled once, acknowledged with "ok".
func TestWebhookThroughClientHandler(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	mustInit(t, f, initReq("1002", "10.00"))
	if err := f.MarkPaid("1002"); err != nil {
		t.Fatal(err)
	}
	c, err := payments.New(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	handled := 0
	h := c.WebhookHandler(func(_ context.Context, ev *payments.Event) error {
		handled++
		return nil
	}, nil)
	r, err := f.PaymentWebhook("1002")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(r.Body)
	for range 2 { // a retry of the same delivery is acknowledged, not handled again
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, formRequest(string(body)))
		if rec.Code != 200 || rec.Body.String() != "ok" || rec.Header().Get("Content-Type") != "text/plain" {
			t.Errorf("reply %d %q %q, want 200 ok text/plain", rec.Code, rec.Body.String(), rec.Header().Get("Content-Type"))
		}
	}
	if handled != 1 {
		t.Errorf("handled %d times, want once", handled)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, f.SignWebhookWith(paidWebhook(), "wrong"))
	if rec.Code != http.StatusForbidden {
		t.Errorf("wrong secret: reply %d, want 403", rec.Code)
	}
}

func FuzzVerifyWebhook(f *testing.F) {
	fake := paymentstest.New(nil)
	valid, _ := io.ReadAll(fake.SignWebhook(paidWebhook()).Body)
	f.Add(string(valid))
	f.Add(string(valid) + "&amount=1")
	notice, _ := io.ReadAll(fake.SignWebhook(paymentstest.WebhookData{EventID: "evt_2", Type: payments.EventNotice, Notice: paymentstest.NoticeReceipt, OrderID: "1002"}).Body)
	f.Add(string(notice))
	f.Add("")
	f.Add("signature=")
	f.Add("a=%zz")
	f.Add("a;b=c")
	f.Add(strings.Replace(string(valid), "10.00", "1e3", 1))
	f.Fuzz(func(t *testing.T, body string) {
		ev, err := fake.VerifyWebhook(t.Context(), formRequest(body))
		if err != nil {
			if ev != nil {
				t.Fatal("event and error")
			}
			if !errors.Is(err, payments.ErrInvalidRequest) && !errors.Is(err, payments.ErrInvalidSignature) {
				t.Fatalf("error %v is neither invalid request nor invalid signature", err)
			}
			return
		}
		// Whatever passes is a complete, consistent event whose raw fields
		// carry a valid signature: a notice has no status, and an amount
		// only with its currency.
		complete := ev.ID != "" && ev.OrderID != ""
		if ev.Type == payments.EventNotice {
			noAmount := ev.Amount.Currency == "" && ev.Amount.IsZero()
			complete = complete && ev.Status == "" && ev.Raw["notice"] != "" && (noAmount || ev.Amount.Validate() == nil)
		} else {
			complete = complete && ev.Status.Valid() && ev.Amount.Validate() == nil
		}
		if !complete {
			t.Fatalf("incomplete event %+v", ev)
		}
		fields := make(map[string]string)
		for k, v := range ev.Raw {
			if k != "signature" {
				fields[k] = v
			}
		}
		if !strings.EqualFold(signForm("fake-webhook-secret", fields), ev.Raw["signature"]) {
			t.Fatalf("accepted a form whose signature does not match: %q", body)
		}
	})
}

func BenchmarkVerifyWebhook(b *testing.B) {
	f := paymentstest.New(nil)
	body, _ := io.ReadAll(f.SignWebhook(paidWebhook()).Body)
	r := formRequest("")
	b.ReportAllocs()
	for b.Loop() {
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		if _, err := f.VerifyWebhook(b.Context(), r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHMACSHA256 is the floor under BenchmarkVerifyWebhook: one
// HMAC-SHA256 of the canonical string.
func BenchmarkHMACSHA256(b *testing.B) {
	msg := []byte("amount=10.00&currency=RUB&event_id=evt_1&order_id=1002&payment_id=pay_2&status=succeeded&type=payment")
	key := []byte("fake-webhook-secret")
	b.ReportAllocs()
	for b.Loop() {
		mac := hmac.New(sha256.New, key)
		mac.Write(msg)
		mac.Sum(nil)
	}
}
