package payments_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
)

func TestObserverDeliveries(t *testing.T) {
	t.Parallel()
	verified := func(outcome string, status int, kind string) observed {
		return observed{
			Provider: "stub", OrderID: "1001", Outcome: outcome, Status: status, Verified: true,
			EventType: payments.EventPayment, EventStatus: payments.StatusSucceeded, ErrorKind: kind,
		}
	}
	appFails := func(context.Context, *payments.Event) error { return errors.New("the shop's database is down") }
	tests := []struct {
		name   string
		fn     payments.HandlerFunc
		opts   *payments.HandlerOptions
		notice bool
		bodies []string
		want   []observed
	}{
		{
			name:   "handled, then a duplicate",
			bodies: []string{goodHook, goodHook},
			want: []observed{
				verified(payments.DeliveryHandled, http.StatusAccepted, ""),
				verified(payments.DeliveryDuplicate, http.StatusAccepted, ""),
			},
		},
		{
			name:   "forged",
			bodies: []string{"id=evt-1&order=1001&amount=10.00&sig=forged"},
			want: []observed{{
				Provider: "stub", Outcome: payments.DeliveryRefused, Status: http.StatusForbidden, ErrorKind: "invalid_signature",
			}},
		},
		{
			name:   "the app fails",
			fn:     appFails,
			bodies: []string{goodHook},
			want:   []observed{verified(payments.DeliveryAppError, http.StatusInternalServerError, "error")},
		},
		{
			name: "ExpectedAmount fails",
			opts: &payments.HandlerOptions{ExpectedAmount: func(context.Context, *payments.Event) (payments.Money, error) {
				return payments.Money{}, errors.New("no such order")
			}},
			bodies: []string{goodHook},
			want:   []observed{verified(payments.DeliveryAppError, http.StatusInternalServerError, "error")},
		},
		{
			// ExpectedAmount runs before the claim: a duplicate passes it
			// but is still a duplicate, not a second handling.
			name: "ExpectedAmount, handled, then a duplicate",
			opts: &payments.HandlerOptions{ExpectedAmount: func(context.Context, *payments.Event) (payments.Money, error) {
				return rub("10.00"), nil
			}},
			bodies: []string{goodHook, goodHook},
			want: []observed{
				verified(payments.DeliveryHandled, http.StatusAccepted, ""),
				verified(payments.DeliveryDuplicate, http.StatusAccepted, ""),
			},
		},
		{
			name: "another amount",
			opts: &payments.HandlerOptions{ExpectedAmount: func(context.Context, *payments.Event) (payments.Money, error) {
				return rub("99.00"), nil
			}},
			bodies: []string{goodHook},
			want:   []observed{verified(payments.DeliveryRefused, http.StatusUnprocessableEntity, "amount_mismatch")},
		},
		{
			name:   "the store fails",
			opts:   &payments.HandlerOptions{Store: failingStore{}},
			bodies: []string{goodHook},
			want:   []observed{verified(payments.DeliveryFailed, http.StatusInternalServerError, "error")},
		},
		{
			name:   "a notice is ignored",
			notice: true,
			bodies: []string{"id=receipt-1&order=1001&sig=good"},
			want: []observed{{
				Provider: "stub", OrderID: "1001", Outcome: payments.DeliveryIgnored, Status: http.StatusOK, Verified: true,
				EventType: payments.EventNotice,
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			if tt.notice {
				s.webhookFn = noticeVerify
			}
			var rec recorder
			fn := tt.fn
			if fn == nil {
				fn = func(ctx context.Context, _ *payments.Event) error {
					if ctx.Value(obsKey{}) != payments.OpVerifyWebhook {
						t.Error("the app's function runs without the Observer's context")
					}
					return nil
				}
			}
			h := newClient(t, s, &payments.Options{Observer: &rec}).WebhookHandler(fn, tt.opts)
			for _, body := range tt.bodies {
				deliver(h, body)
			}
			if diff := cmp.Diff(tt.want, rec.got()); diff != "" {
				t.Errorf("observed (-want +got):\n%s", diff)
			}
			rec.check(t)
		})
	}
}

// A delivery whose app function panics is still reported, as an app error
// that got no answer.
func TestObserverDeliveryPanic(t *testing.T) {
	t.Parallel()
	var rec recorder
	h := newClient(t, newStub(), &payments.Options{Observer: &rec}).WebhookHandler(
		func(context.Context, *payments.Event) error { panic("the shop's bug") }, nil)
	func() {
		defer func() { _ = recover() }()
		deliver(h, goodHook)
	}()
	want := []observed{{
		Provider: "stub", OrderID: "1001", Outcome: payments.DeliveryAppError, Verified: true,
		EventType: payments.EventPayment, EventStatus: payments.StatusSucceeded, ErrorKind: "panic",
	}}
	if diff := cmp.Diff(want, rec.got()); diff != "" {
		t.Errorf("observed (-want +got):\n%s", diff)
	}
	rec.check(t)
}

// failingStore is an EventStore whose every call fails.
type failingStore struct{}

var errStoreDown = errors.New("store down")

func (failingStore) Claim(context.Context, string, time.Duration) (payments.Claim, error) {
	return payments.Claim{}, errStoreDown
}
func (failingStore) Complete(context.Context, payments.Claim) error { return errStoreDown }
func (failingStore) Release(context.Context, payments.Claim) error  { return errStoreDown }

// A delivery of an event whose claim another delivery holds is reported
// busy (409); the one holding it, handled.
func TestObserverDeliveryBusy(t *testing.T) {
	t.Parallel()
	var rec recorder
	entered, release := make(chan struct{}), make(chan struct{})
	h := newClient(t, newStub(), &payments.Options{Observer: &rec}).WebhookHandler(func(context.Context, *payments.Event) error {
		close(entered)
		<-release
		return nil
	}, nil)
	first := make(chan int)
	go func() { first <- deliver(h, goodHook).Code }()
	<-entered
	if code := deliver(h, goodHook).Code; code != http.StatusConflict {
		t.Errorf("second delivery answered %d, want 409", code)
	}
	close(release)
	if code := <-first; code != http.StatusAccepted {
		t.Errorf("first delivery answered %d, want 202", code)
	}
	ev := func(outcome string, status int, kind string) observed {
		return observed{
			Provider: "stub", OrderID: "1001", Outcome: outcome, Status: status, Verified: true,
			EventType: payments.EventPayment, EventStatus: payments.StatusSucceeded, ErrorKind: kind,
		}
	}
	want := []observed{ev(payments.DeliveryBusy, http.StatusConflict, "duplicate"), ev(payments.DeliveryHandled, http.StatusAccepted, "")}
	if diff := cmp.Diff(want, rec.got()); diff != "" {
		t.Errorf("observed (-want +got):\n%s", diff)
	}
	rec.check(t)
}
