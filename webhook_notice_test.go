package payments_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/paykit/payments"
)

// noticeVerify is the stub's verification of a delivery that changes no
// payment ("kind=notice", as T-Bank's RECEIPT and LINKACCOUNT
// notifications): the signature is checked first, then the event is an
// EventNotice without a status (or with the delivery's "status", to test
// the form check).
func noticeVerify(_ context.Context, r *http.Request) (*payments.Event, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, &payments.Error{Kind: payments.ErrInvalidRequest, Message: "reading the body", Err: err}
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "body: %w", err)
	}
	if form.Get("sig") != "good" {
		return nil, payments.NewError(payments.ErrInvalidSignature, "", "bad signature")
	}
	typ := payments.EventNotice
	if form.Get("kind") == "payment" {
		typ = payments.EventPayment
	}
	return &payments.Event{
		ID: form.Get("id"), Type: typ, OrderID: form.Get("order"), Status: payments.Status(form.Get("status")),
		Raw: map[string]string{"Status": "RECEIPT"},
		Ack: payments.Ack{StatusCode: http.StatusOK, ContentType: "text/plain; charset=utf-8", Body: "OK"},
	}, nil
}

// A verified notice (an event that changes no payment) is acknowledged
// with the provider's exact Ack, without calling the app's function; a
// repeat is acknowledged again; a forged one is refused.
func TestWebhookHandlerAcknowledgesNotice(t *testing.T) {
	t.Parallel()
	s := newStub()
	s.webhookFn = noticeVerify
	var fn counter
	h := newClient(t, s, nil).WebhookHandler(fn.handle, nil)
	for i := range 2 {
		w := deliver(h, "id=receipt-1&order=1001&sig=good")
		if w.Code != http.StatusOK || w.Body.String() != "OK" || w.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
			t.Errorf("delivery %d: answered %d %q (%s), want 200 OK text/plain", i+1, w.Code, w.Body, w.Header().Get("Content-Type"))
		}
	}
	if n := fn.n.Load(); n != 0 {
		t.Errorf("the app's function was called %d times for a notice, want 0", n)
	}
	w := deliver(h, "id=receipt-1&order=1001&sig=forged")
	if w.Code != http.StatusForbidden || w.Body.String() == "OK" {
		t.Errorf("a forged notice answered %d %q, want 403 and no acknowledgement", w.Code, w.Body)
	}
}

// With HandlerOptions.Notices the app gets notices too, de-duplicated
// like any other event.
func TestWebhookHandlerPassesNotices(t *testing.T) {
	t.Parallel()
	s := newStub()
	s.webhookFn = noticeVerify
	var fn counter
	h := newClient(t, s, nil).WebhookHandler(fn.handle, &payments.HandlerOptions{Notices: true})
	for range 2 {
		if w := deliver(h, "id=receipt-1&order=1001&sig=good"); w.Code != http.StatusOK || w.Body.String() != "OK" {
			t.Errorf("answered %d %q, want 200 OK", w.Code, w.Body)
		}
	}
	if n := fn.n.Load(); n != 1 {
		t.Fatalf("the app's function was called %d times, want once", n)
	}
	if ev := fn.got.Load(); ev.Type != payments.EventNotice || ev.ID != "receipt-1" || ev.Raw["Status"] != "RECEIPT" {
		t.Errorf("the app got %+v, want the notice", ev)
	}
}

// A notice has no status; any other event must have a valid one. A
// "notice" that reports a payment status is refused as a protocol error,
// since WebhookHandler would acknowledge it without calling the app: a
// payment mislabelled by a provider would be lost.
func TestVerifyWebhookNoticeStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		body     string
		wantType payments.EventType
		wantErr  error
	}{
		{name: "notice without status", body: "id=n1&sig=good", wantType: payments.EventNotice},
		{name: "notice with a valid status", body: "id=n1&status=succeeded&sig=good", wantErr: payments.ErrProtocol},
		{name: "notice with an unknown status", body: "id=n1&status=RECEIPT&sig=good", wantErr: payments.ErrProtocol},
		{name: "payment without status", body: "id=p1&kind=payment&order=1&sig=good", wantErr: payments.ErrProtocol},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			s.webhookFn = noticeVerify
			c := newClient(t, s, nil)
			r := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader(tt.body))
			ev, err := c.VerifyWebhook(t.Context(), r)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("VerifyWebhook = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil || ev.Type != tt.wantType {
				t.Errorf("VerifyWebhook = %+v, %v; want a %s event", ev, err, tt.wantType)
			}
		})
	}
}

// A "notice" that reports a payment's status (a payment event mislabelled
// by a provider) is not acknowledged: the delivery fails (500), so that
// the provider sends it again, and the app's function is not called with
// it.
func TestWebhookHandlerRefusesNoticeWithStatus(t *testing.T) {
	t.Parallel()
	for _, notices := range []bool{false, true} {
		s := newStub()
		s.webhookFn = noticeVerify
		var fn counter
		h := newClient(t, s, nil).WebhookHandler(fn.handle, &payments.HandlerOptions{Notices: notices})
		w := deliver(h, "id=n1&order=1001&status=succeeded&sig=good")
		if w.Code != http.StatusInternalServerError || w.Body.String() == "OK" {
			t.Errorf("Notices=%v: answered %d %q, want 500 and no acknowledgement", notices, w.Code, w.Body)
		}
		if n := fn.n.Load(); n != 0 {
			t.Errorf("Notices=%v: the app's function was called %d times, want 0", notices, n)
		}
	}
}
