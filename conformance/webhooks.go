package conformance

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/paykit/payments"
)

// webhook is the delivery every webhook scenario starts from.
func (e *env) webhook() Webhook {
	return Webhook{EventID: "1", Type: payments.EventPayment, OrderID: "1002", Amount: e.money("10.00"), Status: payments.StatusSucceeded}
}

// signed returns a freshly signed delivery of w.
func (e *env) signed(w Webhook, secret string) *http.Request {
	e.t.Helper()
	r := e.h.SignWebhook(e.t, w, secret)
	if r == nil {
		e.t.Fatal("Harness.SignWebhook returned nil")
	}
	return r
}

// editFields rewrites a delivery's form fields (query for GET, body for
// other methods) with edit.
func (e *env) editFields(r *http.Request, edit func(url.Values)) *http.Request {
	e.t.Helper()
	if r.Method == http.MethodGet {
		q := r.URL.Query()
		edit(q)
		u := *r.URL
		u.RawQuery = q.Encode()
		out := r.Clone(r.Context())
		out.URL = &u
		out.RequestURI = u.RequestURI()
		return out
	}
	body, _ := io.ReadAll(r.Body)
	vals, err := url.ParseQuery(string(body))
	if err != nil {
		e.t.Fatalf("the signed webhook's body is not a form: %v", err)
	}
	edit(vals)
	enc := vals.Encode()
	out := r.Clone(r.Context())
	out.Body = io.NopCloser(strings.NewReader(enc))
	out.ContentLength = int64(len(enc))
	return out
}

func (e *env) verify(r *http.Request) (*payments.Event, error) {
	return e.client.VerifyWebhook(e.ctx(), r)
}

func webhookScenarios() []Scenario {
	has := supports(payments.OpVerifyWebhook)
	s := []Scenario{
		{
			Name: "webhook_valid",
			Rule: "a correctly signed webhook becomes an event with its order, amount, status, id and the provider's acknowledgement",
			run: func(e *env) {
				w := e.webhook()
				ev, err := e.verify(e.signed(w, e.h.WebhookSecret))
				if err != nil {
					e.failf("unexpected error: %v", err)
					return
				}
				if ev.OrderID != w.OrderID || !ev.Amount.Equal(w.Amount) || ev.Status != w.Status || ev.Type != w.Type {
					e.failf("event (order %q, amount %s, status %q, type %q), want (%q, %s, %q, %q)",
						ev.OrderID, ev.Amount, ev.Status, ev.Type, w.OrderID, w.Amount, w.Status, w.Type)
				}
				if ev.ID == "" {
					e.failf("the event has no id to de-duplicate on")
				}
				if len(ev.Raw) == 0 {
					e.failf("the event keeps none of the provider's raw fields")
				}
			},
		},
		{
			Name: "webhook_tampered_amount",
			Rule: "a webhook whose amount was changed after signing is ErrInvalidSignature",
			run: func(e *env) {
				r := e.editFields(e.signed(e.webhook(), e.h.WebhookSecret), func(v url.Values) {
					v.Set(e.h.AmountField, "1"+v.Get(e.h.AmountField))
				})
				_, err := e.verify(r)
				e.expectKind(err, payments.ErrInvalidSignature)
			},
		},
		{
			Name: "webhook_wrong_secret",
			Rule: "a webhook signed with another secret is ErrInvalidSignature",
			run: func(e *env) {
				_, err := e.verify(e.signed(e.webhook(), e.h.WebhookSecret+"-wrong"))
				e.expectKind(err, payments.ErrInvalidSignature)
			},
		},
		{
			Name: "webhook_missing_signature",
			Rule: "a webhook without a signature is ErrInvalidSignature (verification fails closed)",
			run: func(e *env) {
				r := e.editFields(e.signed(e.webhook(), e.h.WebhookSecret), func(v url.Values) {
					v.Del(e.h.SignatureField)
				})
				_, err := e.verify(r)
				e.expectKind(err, payments.ErrInvalidSignature)
			},
		},
		{
			Name: "webhook_garbage_signature",
			Rule: "a webhook whose signature is not even well formed is ErrInvalidSignature",
			run: func(e *env) {
				r := e.editFields(e.signed(e.webhook(), e.h.WebhookSecret), func(v url.Values) {
					v.Set(e.h.SignatureField, "not-a-signature")
				})
				_, err := e.verify(r)
				e.expectKind(err, payments.ErrInvalidSignature)
			},
		},
		{
			Name: "webhook_malformed_body",
			Rule: "a webhook body that cannot be parsed is ErrInvalidRequest",
			run: func(e *env) {
				r := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader("%zz%%=&&%"))
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				_, err := e.verify(r)
				e.expectKind(err, payments.ErrInvalidRequest)
			},
		},
		{
			Name: "webhook_handler_acknowledges_after_success",
			Rule: "the handler calls the app once and then writes the provider's exact acknowledgement",
			run: func(e *env) {
				var calls atomic.Int32
				h := e.client.WebhookHandler(func(context.Context, *payments.Event) error { calls.Add(1); return nil }, nil)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, e.signed(e.webhook(), e.h.WebhookSecret))
				ev, err := e.verify(e.signed(e.webhook(), e.h.WebhookSecret))
				if err != nil {
					e.failf("verify: %v", err)
					return
				}
				wantCode := ev.Ack.StatusCode
				if wantCode == 0 {
					wantCode = http.StatusOK
				}
				if rec.Code != wantCode || rec.Body.String() != ev.Ack.Body || calls.Load() != 1 {
					e.failf("handler answered %d %q after %d calls, want %d %q after 1", rec.Code, rec.Body.String(), calls.Load(), wantCode, ev.Ack.Body)
				}
			},
		},
		{
			Name: "webhook_handler_deduplicates",
			Rule: "a repeated delivery is acknowledged again but handled only once",
			run: func(e *env) {
				var calls atomic.Int32
				h := e.client.WebhookHandler(func(context.Context, *payments.Event) error { calls.Add(1); return nil }, nil)
				for i := 0; i < 3; i++ {
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, e.signed(e.webhook(), e.h.WebhookSecret))
					if rec.Code >= 300 {
						e.failf("delivery %d answered %d", i+1, rec.Code)
					}
				}
				if calls.Load() != 1 {
					e.failf("the app was called %d times, want 1", calls.Load())
				}
			},
		},
		{
			Name: "webhook_handler_no_ack_on_failure",
			Rule: "when the app's function fails the provider gets no acknowledgement, and the retry is handled",
			run: func(e *env) {
				var calls atomic.Int32
				h := e.client.WebhookHandler(func(context.Context, *payments.Event) error {
					if calls.Add(1) == 1 {
						return errors.New("database down")
					}
					return nil
				}, nil)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, e.signed(e.webhook(), e.h.WebhookSecret))
				if rec.Code < 500 {
					e.failf("failed handling answered %d %q, want a 5xx so that the provider retries", rec.Code, rec.Body.String())
				}
				rec = httptest.NewRecorder()
				h.ServeHTTP(rec, e.signed(e.webhook(), e.h.WebhookSecret))
				if rec.Code >= 300 || calls.Load() != 2 {
					e.failf("the retry answered %d after %d calls, want success after 2", rec.Code, calls.Load())
				}
			},
		},
		{
			Name: "webhook_handler_rejects_bad_signature",
			Rule: "the handler answers 4xx to a badly signed delivery and never calls the app",
			run: func(e *env) {
				var calls atomic.Int32
				h := e.client.WebhookHandler(func(context.Context, *payments.Event) error { calls.Add(1); return nil }, nil)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, e.signed(e.webhook(), e.h.WebhookSecret+"-wrong"))
				if rec.Code < 400 || rec.Code >= 500 || calls.Load() != 0 {
					e.failf("answered %d after %d calls, want 4xx and no call", rec.Code, calls.Load())
				}
			},
		},
		{
			Name: "webhook_amount_mismatch",
			Rule: "a verified webhook whose amount differs from what the app expects is refused and not handled",
			run: func(e *env) {
				var calls atomic.Int32
				h := e.client.WebhookHandler(func(context.Context, *payments.Event) error { calls.Add(1); return nil },
					&payments.HandlerOptions{ExpectedAmount: func(context.Context, *payments.Event) (payments.Money, error) {
						return e.money("20.00"), nil
					}})
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, e.signed(e.webhook(), e.h.WebhookSecret))
				if rec.Code < 400 || calls.Load() != 0 {
					e.failf("answered %d after %d calls, want an error status and no call", rec.Code, calls.Load())
				}
			},
		},
		{
			Name: "webhook_oversized_body",
			Rule: "a webhook body above the size limit is refused with 413 without being handled",
			run: func(e *env) {
				var calls atomic.Int32
				h := e.client.WebhookHandler(func(context.Context, *payments.Event) error { calls.Add(1); return nil }, nil)
				r := e.editFields(e.signed(e.webhook(), e.h.WebhookSecret), func(v url.Values) {
					v.Set("padding", strings.Repeat("x", 1<<20))
				})
				if r.Method == http.MethodGet {
					e.t.Skip("the provider's webhooks are GET requests: no body to limit")
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, r)
				if rec.Code != http.StatusRequestEntityTooLarge || calls.Load() != 0 {
					e.failf("answered %d after %d calls, want 413 and no call", rec.Code, calls.Load())
				}
			},
		},
	}
	for i := range s {
		s[i].local = true
		s[i].Op = payments.OpVerifyWebhook
		s[i].applies = has
	}
	return s
}
