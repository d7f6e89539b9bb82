package payments_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/paykit/payments"
)

// faultyObserver is an Observer with a bug: it returns a nil context from
// its Start methods (nilCtx) or panics in its End methods (panics).
type faultyObserver struct {
	nilCtx, panics bool
}

func (o faultyObserver) StartOperation(ctx context.Context, _ payments.OperationInfo) context.Context {
	if o.nilCtx {
		return nil // the bug under test
	}
	return ctx
}

func (o faultyObserver) EndOperation(context.Context, payments.OperationInfo, payments.OperationResult) {
	if o.panics {
		panic("observer bug")
	}
}

func (o faultyObserver) StartDelivery(ctx context.Context, _ payments.DeliveryInfo) context.Context {
	if o.nilCtx {
		return nil // the bug under test
	}
	return ctx
}

func (o faultyObserver) EndDelivery(context.Context, payments.DeliveryInfo, payments.DeliveryResult) {
	if o.panics {
		panic("observer bug")
	}
}

// A broken Observer never changes a payment's outcome: the payment a
// provider created reaches the caller (a panic in EndOperation would hide
// a payment that was made, and invite a second one), and a webhook is
// handled once and acknowledged.
func TestObserverFaultsKeepPayment(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		obs  faultyObserver
	}{
		{name: "End panics", obs: faultyObserver{panics: true}},
		{name: "Start returns a nil context", obs: faultyObserver{nilCtx: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			var logs bytes.Buffer
			c := newClient(t, s, &payments.Options{Observer: tt.obs, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			var p *payments.Payment
			var err error
			func() {
				defer func() {
					if v := recover(); v != nil {
						err = &payments.Error{Message: "InitPayment panicked"}
					}
				}()
				p, err = c.InitPayment(t.Context(), validInit())
			}()
			if err != nil || p == nil || p.OrderID != "1001" {
				t.Errorf("InitPayment = %+v, %v; want the payment of order 1001", p, err)
			}
			if n := s.Calls(payments.OpInitPayment); n != 1 {
				t.Errorf("the provider was asked %d times, want once", n)
			}

			var fn counter
			h := c.WebhookHandler(fn.handle, nil)
			var code int
			func() {
				defer func() {
					if v := recover(); v != nil {
						code = -1
					}
				}()
				code = deliver(h, goodHook).Code
			}()
			if code != http.StatusAccepted || fn.n.Load() != 1 {
				t.Errorf("delivery answered %d (-1: panicked), the app called %d times; want 202, once", code, fn.n.Load())
			}
			if n := strings.Count(logs.String(), `msg="payments: observer panicked"`); tt.obs.panics && n != 2 {
				t.Errorf("%d records of the observer's panic, want 2 (the operation's and the delivery's):\n%s", n, logs.String())
			}
		})
	}
}

// An Observer's recovered panic does not swallow the app's: a HandlerFunc
// that panics still panics out of the handler.
func TestObserverPanicKeepsAppPanic(t *testing.T) {
	t.Parallel()
	h := newClient(t, newStub(), &payments.Options{Observer: faultyObserver{panics: true}}).WebhookHandler(
		func(context.Context, *payments.Event) error { panic("the shop's bug") }, nil)
	var v any
	func() {
		defer func() { v = recover() }()
		deliver(h, goodHook)
	}()
	if v != "the shop's bug" {
		t.Errorf("the handler panicked with %v, want the app's panic", v)
	}
}
