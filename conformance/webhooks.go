package conformance

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
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

// edited returns a freshly signed delivery changed as edit says, through
// Harness.EditWebhook. When the harness cannot edit the delivery the
// scenario fails, loudly, rather than sending something else.
func (e *env) edited(edit WebhookEdit) (*http.Request, bool) {
	e.t.Helper()
	if e.h.EditWebhook == nil {
		e.failf("Harness.EditWebhook is nil, so the suite cannot apply %s to a delivery: set it (conformance.FormEditor, conformance.JSONEditor, conformance.HeaderSignature or your own), or list %q in Harness.Skip with the reason", edit, e.s.Name)
		return nil, false
	}
	r, err := e.h.EditWebhook(e.t, e.signed(e.webhook(), e.h.WebhookSecret), edit)
	if err != nil {
		e.failf("Harness.EditWebhook cannot apply %s to the delivery: %v", edit, err)
		return nil, false
	}
	if r == nil {
		e.failf("Harness.EditWebhook returned no request for %s", edit)
		return nil, false
	}
	return r, true
}

// padded returns a freshly signed delivery with n bytes of spaces appended
// to its body (valid trailing whitespace in JSON, part of the last value
// in a form); nothing is read or verified before the size limit applies.
func (e *env) padded(n int) *http.Request {
	e.t.Helper()
	r := e.signed(e.webhook(), e.h.WebhookSecret)
	body, err := readBody(r)
	if err != nil {
		e.t.Fatal(err)
	}
	return withBody(r, append(body, bytes.Repeat([]byte(" "), n)...))
}

// malformedBody is neither a form, nor JSON, nor XML.
const malformedBody = "%zz%%=&&%"

// malformed returns a freshly signed delivery, with its method, path and
// headers (a signature header included), whose body, or query for a GET,
// is replaced by malformedBody. The harness signs events, not bytes, so the
// delivery carries no valid signature of what it now holds.
func (e *env) malformed() *http.Request {
	e.t.Helper()
	r := e.signed(e.webhook(), e.h.WebhookSecret)
	if r.Method == http.MethodGet {
		u := *r.URL
		u.RawQuery = malformedBody
		out := r.Clone(r.Context())
		out.URL = &u
		out.RequestURI = u.RequestURI()
		return out
	}
	return withBody(r, []byte(malformedBody))
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
				amount := e.money("110.00")
				r, ok := e.edited(WebhookEdit{Amount: &amount})
				if !ok {
					return
				}
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
				r, ok := e.edited(WebhookEdit{DropSignature: true})
				if !ok {
					return
				}
				_, err := e.verify(r)
				e.expectKind(err, payments.ErrInvalidSignature)
			},
		},
		{
			Name: "webhook_garbage_signature",
			Rule: "a webhook whose signature is not even well formed is ErrInvalidSignature",
			run: func(e *env) {
				r, ok := e.edited(WebhookEdit{GarbleSignature: true})
				if !ok {
					return
				}
				_, err := e.verify(r)
				e.expectKind(err, payments.ErrInvalidSignature)
			},
		},
		{
			Name: "webhook_malformed_body",
			Rule: "a delivery whose body cannot be parsed is refused and never handled: ErrInvalidRequest, or ErrInvalidSignature from a provider that checks the signature first (the body no longer carries or matches one); the handler answers 400 or 403 accordingly",
			run: func(e *env) {
				_, err := e.verify(e.malformed())
				kind, code := payments.ErrInvalidRequest, http.StatusBadRequest
				if errors.Is(err, payments.ErrInvalidSignature) {
					kind, code = payments.ErrInvalidSignature, http.StatusForbidden
				}
				e.expectKind(err, kind)
				var calls atomic.Int32
				h := e.client.WebhookHandler(func(context.Context, *payments.Event) error { calls.Add(1); return nil }, nil)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, e.malformed())
				if rec.Code != code || calls.Load() != 0 {
					e.failf("the handler answered %d after %d calls, want %d and no call", rec.Code, calls.Load(), code)
				}
			},
		},
		{
			Name: "webhook_handler_acknowledges_after_success",
			Rule: "the handler calls the app once and then writes the acknowledgement the provider's documentation asks for (Harness.Ack)",
			run: func(e *env) {
				want, ok := e.wantAck()
				if !ok {
					return
				}
				var calls atomic.Int32
				h := e.client.WebhookHandler(func(context.Context, *payments.Event) error { calls.Add(1); return nil }, nil)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, e.signed(e.webhook(), e.h.WebhookSecret))
				if calls.Load() != 1 {
					e.failf("the app was called %d times, want 1", calls.Load())
				}
				e.checkAck(rec, want)
			},
		},
		{
			Name: "webhook_handler_deduplicates",
			Rule: "a repeated delivery is acknowledged again but handled only once, and keeps its event id",
			run: func(e *env) {
				want, ok := e.wantAck()
				if !ok {
					return
				}
				// The handler may also drop a repeat by the payment's state
				// (payments.Client.EventKey), so check the id itself.
				first, err1 := e.verify(e.signed(e.webhook(), e.h.WebhookSecret))
				again, err2 := e.verify(e.signed(e.webhook(), e.h.WebhookSecret))
				if err1 == nil && err2 == nil && first.ID != again.ID {
					e.failf("two deliveries of one event have the ids %q and %q: a repeat must keep its id", first.ID, again.ID)
				}
				var calls atomic.Int32
				h := e.client.WebhookHandler(func(context.Context, *payments.Event) error { calls.Add(1); return nil }, nil)
				for range 3 {
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, e.signed(e.webhook(), e.h.WebhookSecret))
					e.checkAck(rec, want)
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
				r := e.padded(1 << 20)
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
