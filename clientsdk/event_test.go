package clientsdk

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
)

// merchantProvider returns a provider for merchant id with its own secret.
func merchantProvider(t *testing.T, merchant, secret string) *Provider {
	t.Helper()
	cfg := testConfig(nil)
	cfg.MerchantID, cfg.Secret = merchant, payments.Secret(secret)
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// signedFor signs params over /webhooks with secret.
func signedFor(t *testing.T, params []Param, secret string) string {
	t.Helper()
	sig, err := Sign("/webhooks", "POST", params, secret)
	if err != nil {
		t.Fatal(err)
	}
	return encodeParams(params, sig)
}

// TestSharedStoreTwoMerchants is the regression test of issue 8 item 1:
// two shops (merchant ids 13 and 14) share one de-dup store, and the same
// notification (invoice 696, order 1001, webhook_id 1) arrives at both.
// Both must reach the app; before the merchant was part of Event.ID, the
// second was answered OK and dropped.
func TestSharedStoreTwoMerchants(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// withMerchant: the payload carries merchant_id (the shop's own);
		// otherwise the provider's configured id is used.
		withMerchant bool
	}{
		{name: "merchant_id in the payload", withMerchant: true},
		{name: "no merchant_id in the payload", withMerchant: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			store := &payments.MemoryStore{}
			var mu sync.Mutex
			handled := map[string]int{}
			serve := func(merchant, secret string) *httptest.ResponseRecorder {
				c, err := payments.New(merchantProvider(t, merchant, secret), nil)
				if err != nil {
					t.Fatal(err)
				}
				h := c.WebhookHandler(func(_ context.Context, ev *payments.Event) error {
					mu.Lock()
					defer mu.Unlock()
					handled[merchant]++
					return nil
				}, &payments.HandlerOptions{Store: store})
				params := kv("webhook_type", "invoice", "invoice_id", "696", "amount", "10.0000", "order", "1001",
					"status", "complete", "currency", "RUB", "webhook_id", "1")
				if tt.withMerchant {
					params = append(params, Param{"merchant_id", merchant})
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, webhookRequest(signedFor(t, params, secret)))
				return rec
			}
			for _, m := range []struct{ id, secret string }{{"13", testSecret}, {"14", "another-secret"}} {
				if rec := serve(m.id, m.secret); rec.Code != http.StatusOK {
					t.Fatalf("merchant %s: answered %d %q", m.id, rec.Code, rec.Body.String())
				}
			}
			// A retry at shop 13 is still a duplicate.
			if rec := serve("13", testSecret); rec.Code != http.StatusOK {
				t.Fatalf("retry: answered %d %q", rec.Code, rec.Body.String())
			}
			if diff := cmp.Diff(map[string]int{"13": 1, "14": 1}, handled); diff != "" {
				t.Errorf("app calls per merchant (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWebhookRefusesImpossibleAmounts is a regression test of issue 8
// item 14: correctly signed webhooks whose amount or currency no real
// payment has are refused with ErrInvalidRequest (the handler's 400).
func TestWebhookRefusesImpossibleAmounts(t *testing.T) {
	t.Parallel()
	payment := func(extra ...string) []Param {
		return append(kv("webhook_type", "invoice", "invoice_id", "7", "order", "1002", "webhook_id", "5"), kv(extra...)...)
	}
	payout := func(extra ...string) []Param {
		return append(kv("webhook_type", "withdrawal", "withdrawal_request_id", "1523", "order", "2001", "webhook_id", "9"), kv(extra...)...)
	}
	tests := []struct {
		name   string
		params []Param
		ok     bool
	}{
		{"complete, -10", payment("status", "complete", "amount", "-10", "currency", "RUB"), false},
		{"complete, -10.0000", payment("status", "complete", "amount", "-10.0000"), false},
		{"complete, 0", payment("status", "complete", "amount", "0", "currency", "RUB"), false},
		{"complete, 0.0000", payment("status", "complete", "amount", "0.0000"), false},
		{"complete, no amount", payment("status", "complete"), false},
		{"COMPLETE, 0", payment("status", "COMPLETE", "amount", "0"), false},
		{"complete in USD", payment("status", "complete", "amount", "10.00", "currency", "USD"), false},
		{"failed in USD", payment("status", "failed", "amount", "10.00", "currency", "USD"), false},
		{"failed, -10", payment("status", "failed", "amount", "-10"), false},
		{"payout complete, requested_amount 0", payout("status", "complete", "requested_amount", "0"), false},
		{"payout complete, -50", payout("status", "complete", "amount", "-50"), false},
		{"complete, 0.01", payment("status", "complete", "amount", "0.01", "currency", "RUB"), true},
		{"complete, no currency (RUB)", payment("status", "complete", "amount", "10"), true},
		{"failed, 0", payment("status", "failed", "amount", "0"), true},
		{"failed, no amount", payment("status", "failed"), true},
		{"payout complete in USD", payout("status", "complete", "amount", "50", "currency", "USD"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, _ := newTestProvider(t)
			ev, err := p.VerifyWebhook(t.Context(), webhookRequest(signedBody(t, tt.params)))
			if tt.ok {
				if err != nil {
					t.Fatalf("err %v, want the webhook accepted", err)
				}
				return
			}
			if !errors.Is(err, payments.ErrInvalidRequest) {
				t.Fatalf("event %+v, err %v: want ErrInvalidRequest", ev, err)
			}
			c, err := payments.New(p, nil)
			if err != nil {
				t.Fatal(err)
			}
			called := false
			rec := httptest.NewRecorder()
			c.WebhookHandler(func(context.Context, *payments.Event) error { called = true; return nil }, nil).
				ServeHTTP(rec, webhookRequest(signedBody(t, tt.params)))
			if rec.Code != http.StatusBadRequest || called {
				t.Errorf("handler answered %d (app called: %v), want 400 without calling the app", rec.Code, called)
			}
		})
	}
}

// TestEventIDNormalisedAndEscaped is a regression test of issue 8 item 14:
// the status's letter case does not change the ID, and parts containing
// the separator cannot make two notifications share one ID.
func TestEventIDNormalisedAndEscaped(t *testing.T) {
	t.Parallel()
	p, _ := newTestProvider(t)
	id := func(params ...string) string {
		t.Helper()
		ev, err := p.VerifyWebhook(t.Context(), webhookRequest(signedBody(t, append(kv("webhook_type", "invoice", "order", "1002", "amount", "10"), kv(params...)...))))
		if err != nil {
			t.Fatal(err)
		}
		return ev.ID
	}
	if a, b := id("invoice_id", "7", "status", "complete", "webhook_id", "1"), id("invoice_id", "7", "status", "COMPLETE", "webhook_id", "1"); a != b {
		t.Errorf("status case: ids %q and %q differ", a, b)
	}
	if a, b := id("invoice_id", "7", "status", "complete", "webhook_id", "1"), id("invoice_id", "7", "status", " Complete ", "webhook_id", "1"); a != b {
		t.Errorf("status spaces: ids %q and %q differ", a, b)
	}
	// Joined raw, both would be "...:7:complete:failed:1".
	if a, b := id("invoice_id", "7:complete", "status", "failed", "webhook_id", "1"), id("invoice_id", "7", "status", "complete", "webhook_id", "failed:1"); a == b {
		t.Errorf("different notifications share id %q", a)
	}
	if a, b := id("invoice_id", "7", "merchant_id", "13:x", "status", "complete", "webhook_id", "1"), id("invoice_id", "x:7", "merchant_id", "13", "status", "complete", "webhook_id", "1"); a == b {
		t.Errorf("different merchants share id %q", a)
	}
	if got, want := id("invoice_id", "7:8", "merchant_id", "13", "status", "Complete", "webhook_id", "a%b"), "13:payment:7%3A8:complete:a%25b"; got != want {
		t.Errorf("id %q, want %q", got, want)
	}
	// The signed merchant_id wins over the configured one (13); without
	// it, the configured one is used.
	if got, want := id("invoice_id", "7", "merchant_id", "99", "status", "complete", "webhook_id", "1"), "99:payment:7:complete:1"; got != want {
		t.Errorf("id %q, want %q", got, want)
	}
	if got, want := id("invoice_id", "7", "status", "complete", "webhook_id", "1"), "13:payment:7:complete:1"; got != want {
		t.Errorf("id %q, want %q", got, want)
	}
}
