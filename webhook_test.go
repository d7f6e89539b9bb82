package payments_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/paykit/payments"
)

const goodHook = "id=evt-1&order=1001&amount=10.00&sig=good"

func deliver(h http.Handler, body string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	h.ServeHTTP(w, r)
	return w
}

// wantAck checks that w is exactly the stub's acknowledgement for order.
func wantAck(t *testing.T, w *httptest.ResponseRecorder, order string) {
	t.Helper()
	if w.Code != http.StatusAccepted {
		t.Errorf("status = %d, want %d", w.Code, http.StatusAccepted)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	if got, want := w.Body.String(), `{"ok":"`+order+`"}`; got != want {
		t.Errorf("body = %q, want %q", got, want)
	}
}

// wantRefused checks the status code and that the ack was not written.
func wantRefused(t *testing.T, w *httptest.ResponseRecorder, code int) {
	t.Helper()
	if w.Code != code {
		t.Errorf("status = %d, want %d (body %q)", w.Code, code, w.Body)
	}
	if strings.Contains(w.Body.String(), `"ok"`) {
		t.Errorf("refused delivery was acknowledged: %q", w.Body)
	}
}

// counter is a HandlerFunc that counts calls and fails with errs in order.
type counter struct {
	n    atomic.Int64
	fail func() error
	got  atomic.Pointer[payments.Event]
}

func (c *counter) handle(_ context.Context, ev *payments.Event) error {
	c.n.Add(1)
	c.got.Store(ev)
	if c.fail != nil {
		return c.fail()
	}
	return nil
}

func TestWebhookHandlerValidEvent(t *testing.T) {
	t.Parallel()
	s := newStub()
	var fn counter
	h := newClient(t, s, nil).WebhookHandler(fn.handle, nil)
	w := deliver(h, goodHook)
	wantAck(t, w, "1001")
	if n := fn.n.Load(); n != 1 {
		t.Fatalf("fn called %d times, want 1", n)
	}
	ev := fn.got.Load()
	if ev.ID != "evt-1" || ev.OrderID != "1001" || ev.Status != payments.StatusSucceeded || !ev.Amount.Equal(rub("10")) {
		t.Errorf("event = %+v", ev)
	}
}

func TestAckWriteDefaults(t *testing.T) {
	t.Parallel()
	w := httptest.NewRecorder()
	payments.Ack{Body: "OK1001"}.Write(w)
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "text/plain; charset=utf-8" || w.Body.String() != "OK1001" {
		t.Errorf("Ack{Body}.Write = %d %q %q", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	w = httptest.NewRecorder()
	payments.Ack{StatusCode: http.StatusNoContent, ContentType: "application/xml"}.Write(w)
	if w.Code != http.StatusNoContent || w.Header().Get("Content-Type") != "application/xml" || w.Body.Len() != 0 {
		t.Errorf("Ack{204, xml}.Write = %d %q %q", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
}

func TestWebhookHandlerDuplicate(t *testing.T) {
	t.Parallel()
	var fn counter
	h := newClient(t, newStub(), nil).WebhookHandler(fn.handle, nil)
	wantAck(t, deliver(h, goodHook), "1001")
	wantAck(t, deliver(h, goodHook), "1001")
	if n := fn.n.Load(); n != 1 {
		t.Errorf("fn called %d times for one event delivered twice, want 1", n)
	}
	// Another event is handled.
	wantAck(t, deliver(h, "id=evt-2&order=1002&amount=5&sig=good"), "1002")
	if n := fn.n.Load(); n != 2 {
		t.Errorf("fn called %d times after a second event, want 2", n)
	}
}

func TestWebhookHandlerFnError(t *testing.T) {
	t.Parallel()
	fn := counter{fail: failing(errors.New("database down"))}
	var reported []error
	h := newClient(t, newStub(), nil).WebhookHandler(fn.handle, &payments.HandlerOptions{
		OnError: func(_ *http.Request, err error) { reported = append(reported, err) },
	})
	wantRefused(t, deliver(h, goodHook), http.StatusInternalServerError)
	if len(reported) != 1 || reported[0].Error() != "database down" {
		t.Errorf("OnError got %v", reported)
	}
	// The provider retries: fn runs again and the event is acknowledged.
	wantAck(t, deliver(h, goodHook), "1001")
	if n := fn.n.Load(); n != 2 {
		t.Errorf("fn called %d times, want 2", n)
	}
	wantAck(t, deliver(h, goodHook), "1001")
	if n := fn.n.Load(); n != 2 {
		t.Errorf("fn called %d times after success and a repeat, want 2", n)
	}
}

func TestWebhookHandlerFnPanic(t *testing.T) {
	t.Parallel()
	first := true
	var calls atomic.Int64
	h := newClient(t, newStub(), nil).WebhookHandler(func(context.Context, *payments.Event) error {
		calls.Add(1)
		if first {
			first = false
			panic("bug in the app")
		}
		return nil
	}, nil)
	func() {
		defer func() { _ = recover() }()
		deliver(h, goodHook)
	}()
	wantAck(t, deliver(h, goodHook), "1001")
	if n := calls.Load(); n != 2 {
		t.Errorf("fn called %d times, want 2", n)
	}
}

func TestWebhookHandlerRefusals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		max  int64
		caps func(*payments.Capabilities)
		hook func(context.Context, *http.Request) (*payments.Event, error)
		code int
		kind error
	}{
		{"bad signature", "id=evt-1&order=1001&amount=10.00&sig=bad", 0, nil, nil, http.StatusForbidden, payments.ErrInvalidSignature},
		{"missing signature", "id=evt-1&order=1001&amount=10.00", 0, nil, nil, http.StatusForbidden, payments.ErrInvalidSignature},
		{"missing id", "order=1001&amount=10.00&sig=good", 0, nil, nil, http.StatusBadRequest, payments.ErrInvalidRequest},
		{"bad amount", "id=e&order=1001&amount=1e3&sig=good", 0, nil, nil, http.StatusBadRequest, payments.ErrInvalidRequest},
		{"unknown status", "id=e&order=1001&amount=1&sig=good&status=paid", 0, nil, nil, http.StatusInternalServerError, payments.ErrProtocol},
		{"oversized body", goodHook + "&pad=" + strings.Repeat("x", 100), 64, nil, nil, http.StatusRequestEntityTooLarge, payments.ErrInvalidRequest},
		{"oversized body, plain read error", goodHook + "&pad=" + strings.Repeat("x", 100), 64, nil, func(_ context.Context, r *http.Request) (*payments.Event, error) {
			buf := make([]byte, 1024)
			for {
				if _, err := r.Body.Read(buf); err != nil {
					return nil, err
				}
			}
		}, http.StatusRequestEntityTooLarge, payments.ErrInvalidRequest},
		{"webhooks undeclared", goodHook, 0, func(c *payments.Capabilities) { c.Operations = nil }, nil, http.StatusBadRequest, errors.ErrUnsupported},
		{"provider unavailable", goodHook, 0, nil, func(context.Context, *http.Request) (*payments.Event, error) {
			return nil, payments.NewError(payments.ErrUnavailable, "", "x")
		}, http.StatusInternalServerError, payments.ErrUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			s.webhookFn = tt.hook
			if tt.caps != nil {
				tt.caps(&s.caps)
			}
			var fn counter
			var reported error
			h := newClient(t, s, &payments.Options{MaxWebhookBytes: tt.max}).WebhookHandler(fn.handle, &payments.HandlerOptions{
				OnError: func(_ *http.Request, err error) { reported = err },
			})
			wantRefused(t, deliver(h, tt.body), tt.code)
			if n := fn.n.Load(); n != 0 {
				t.Errorf("fn called %d times for a refused delivery", n)
			}
			if !errors.Is(reported, tt.kind) {
				t.Errorf("OnError got %v, want an error wrapping %v", reported, tt.kind)
			}
		})
	}
}

func TestWebhookBodyLimitBoundary(t *testing.T) {
	t.Parallel()
	var fn counter
	h := newClient(t, newStub(), &payments.Options{MaxWebhookBytes: int64(len(goodHook))}).WebhookHandler(fn.handle, nil)
	wantAck(t, deliver(h, goodHook), "1001")
	wantRefused(t, deliver(h, "id=evt-2&order=1001&amount=10.00&sig=good&"), http.StatusRequestEntityTooLarge)
	if n := fn.n.Load(); n != 1 {
		t.Errorf("fn called %d times, want 1", n)
	}

	// The default limit is 64 KiB.
	h = newClient(t, newStub(), nil).WebhookHandler(fn.handle, nil)
	pad := "&pad=" + strings.Repeat("x", 64<<10)
	wantRefused(t, deliver(h, goodHook+pad), http.StatusRequestEntityTooLarge)
	wantAck(t, deliver(h, "id=evt-3&order=1003&amount=1&sig=good"+pad[:64<<10-len("id=evt-3&order=1003&amount=1&sig=good")]), "1003")
}

func TestWebhookHandlerExpectedAmount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		expect payments.Money
		err    error
		code   int
		calls  int64
	}{
		{"equal", rub("10"), nil, http.StatusAccepted, 1},
		{"other amount", rub("10.01"), nil, http.StatusUnprocessableEntity, 0},
		{"other currency", payments.MustParseMoney("10", payments.USD), nil, http.StatusUnprocessableEntity, 0},
		{"lookup fails", payments.Money{}, errors.New("db"), http.StatusInternalServerError, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var fn counter
			var reported error
			var asked string
			h := newClient(t, newStub(), nil).WebhookHandler(fn.handle, &payments.HandlerOptions{
				ExpectedAmount: func(_ context.Context, ev *payments.Event) (payments.Money, error) {
					asked = ev.OrderID
					return tt.expect, tt.err
				},
				OnError: func(_ *http.Request, err error) { reported = err },
			})
			w := deliver(h, goodHook)
			if asked != "1001" {
				t.Errorf("ExpectedAmount asked for order %q, want 1001", asked)
			}
			if n := fn.n.Load(); n != tt.calls {
				t.Errorf("fn called %d times, want %d", n, tt.calls)
			}
			if tt.code == http.StatusAccepted {
				wantAck(t, w, "1001")
				return
			}
			wantRefused(t, w, tt.code)
			if tt.code == http.StatusUnprocessableEntity {
				var pe *payments.Error
				if !errors.Is(reported, payments.ErrAmountMismatch) || !errors.As(reported, &pe) || pe.Provider != "stub" || pe.Op != payments.OpVerifyWebhook {
					t.Errorf("OnError got %v, want a stub verify_webhook ErrAmountMismatch", reported)
				}
			}
		})
	}
}

func TestWebhookHandlerConcurrentDuplicates(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	release := make(chan struct{})
	h := newClient(t, newStub(), nil).WebhookHandler(func(context.Context, *payments.Event) error {
		if calls.Add(1) == 1 {
			<-release // hold the first delivery until all the others answered
		}
		return nil
	}, nil)

	const n = 32
	codes := make([]int, n)
	var wg sync.WaitGroup
	var returned atomic.Int64
	others := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := deliver(h, goodHook)
			codes[i] = w.Code
			if returned.Add(1) == n-1 {
				close(others)
			}
		}()
	}
	<-others
	close(release)
	wg.Wait()
	if got := calls.Load(); got != 1 {
		t.Errorf("fn called %d times for %d concurrent deliveries, want 1", got, n)
	}
	acked := 0
	for _, c := range codes {
		switch c {
		case http.StatusAccepted:
			acked++
		case http.StatusConflict: // another delivery is in flight: retry later
		default:
			t.Errorf("unexpected status %d", c)
		}
	}
	if acked != 1 {
		t.Errorf("%d deliveries acknowledged, want 1", acked)
	}
	// A later retry is acknowledged without calling fn.
	wantAck(t, deliver(h, goodHook), "1001")
	if got := calls.Load(); got != 1 {
		t.Errorf("fn called %d times after a retry, want 1", got)
	}
}
