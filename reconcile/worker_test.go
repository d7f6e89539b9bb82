package reconcile_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
	"github.com/paykit/payments/reconcile"
)

// The worker and the webhook handler share the app function and the store:
// whichever reports a settled state first runs the function, once.
func TestWorkerAndWebhookHandleOnce(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		steps []string // "paid", "hold", "capture", "cancel", "webhook", "worker"
		want  []string
	}{
		{"webhook never came: the worker recovers it", []string{"paid", "worker", "worker"}, []string{"19/succeeded/10.00 RUB"}},
		{"webhook first, then the worker", []string{"paid", "webhook", "worker"}, []string{"19/succeeded/10.00 RUB"}},
		{"worker first, then the webhook", []string{"paid", "worker", "webhook", "webhook"}, []string{"19/succeeded/10.00 RUB"}},
		{"still pending: nothing to deliver", []string{"worker", "worker"}, nil},
		{"hold, then capture", []string{"hold", "worker", "webhook", "capture", "webhook", "worker"},
			[]string{"19/authorized/10.00 RUB", "19/succeeded/10.00 RUB"}},
		{"hold cancelled", []string{"hold", "webhook", "cancel", "worker"},
			[]string{"19/authorized/10.00 RUB", "19/canceled/10.00 RUB"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newSetup(t, "19")
			for _, step := range tc.steps {
				var err error
				switch step {
				case "paid":
					err = s.fake.MarkPaid("19")
				case "hold":
					err = s.fake.MarkAuthorized("19")
				case "capture":
					_, err = s.client.Capture(t.Context(), &payments.CaptureRequest{OrderID: "19"})
				case "cancel":
					_, err = s.client.Cancel(t.Context(), &payments.CancelRequest{OrderID: "19"})
				case "webhook":
					s.deliverWebhook(t, "19")
				case "worker":
					err = s.worker.Once(t.Context())
					_ = s.clock.Sleep(t.Context(), 24*time.Hour) // let every backoff pass
				}
				if err != nil {
					t.Fatalf("%s: %v", step, err)
				}
			}
			if diff := cmp.Diff(tc.want, s.app.got()); diff != "" {
				t.Errorf("handled (-want +got):\n%s", diff)
			}
		})
	}
}

// An app function that fails is called again at the next due lookup, and
// the event is recorded only once it succeeds.
func TestWorkerRetriesFailedHandle(t *testing.T) {
	t.Parallel()
	s := newSetup(t, "19")
	s.app.fail = 2
	if err := s.fake.MarkPaid("19"); err != nil {
		t.Fatal(err)
	}
	s.worker.Interval = time.Minute
	s.runUntil(t, 10*time.Minute)
	if diff := cmp.Diff([]string{"19/succeeded/10.00 RUB"}, s.app.got()); diff != "" {
		t.Errorf("handled (-want +got):\n%s", diff)
	}
	// Lookups: the failure at 0, again after 1 and 2 intervals (backoff),
	// the success at 3, then after an interval, then nothing new: backoff.
	want := minutes(0, 1, 3, 4, 5, 7)
	if diff := cmp.Diff(want, s.fake.lookups("19")); diff != "" {
		t.Errorf("lookups (-want +got):\n%s", diff)
	}
	s.deliverWebhook(t, "19") // the late webhook is a repeat
	if n := len(s.app.got()); n != 1 {
		t.Errorf("the app handled %d events, want 1", n)
	}
}

// Several instances (each its own worker) and webhooks race on one order:
// the app function runs once.
func TestWorkersAndWebhooksConcurrently(t *testing.T) {
	t.Parallel()
	s := newSetup(t, "19")
	if err := s.fake.MarkPaid("19"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			if i%2 == 0 {
				s.deliverWebhook(t, "19")
				return
			}
			w := &reconcile.Worker{
				Client: s.client, Handle: s.app.handle, Store: s.store, Clock: &fakeClock{now: start},
				Pending: func(context.Context) ([]string, error) { return []string{"19"}, nil },
			}
			if err := w.Once(t.Context()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := len(s.app.got()); n != 1 {
		t.Errorf("the app handled %d events, want 1", n)
	}
}

// accountless hides the fake's merchant account.
type accountless struct{ f *paymentstest.Fake }

func (a accountless) Name() string                        { return a.f.Name() }
func (a accountless) Capabilities() payments.Capabilities { return a.f.Capabilities() }
func (a accountless) InitPayment(ctx context.Context, r *payments.InitRequest) (*payments.Payment, error) {
	return a.f.InitPayment(ctx, r)
}
func (a accountless) PaymentStatus(ctx context.Context, q payments.PaymentQuery) (*payments.Payment, error) {
	return a.f.PaymentStatus(ctx, q)
}

// A worker that is missing a field, or whose provider names no merchant
// account (its events could not meet the webhook's), refuses to start.
func TestWorkerRefusesBadConfig(t *testing.T) {
	t.Parallel()
	good := newSetup(t).worker
	noAccount, err := payments.New(accountless{paymentstest.New(nil)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		edit func(w *reconcile.Worker)
	}{
		{"no client", func(w *reconcile.Worker) { w.Client = nil }},
		{"no pending", func(w *reconcile.Worker) { w.Pending = nil }},
		{"no handle", func(w *reconcile.Worker) { w.Handle = nil }},
		{"no store", func(w *reconcile.Worker) { w.Store = nil }},
		{"no merchant account", func(w *reconcile.Worker) { w.Client = noAccount }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := &reconcile.Worker{Client: good.Client, Pending: good.Pending, Handle: good.Handle, Store: good.Store, Clock: good.Clock}
			tc.edit(w)
			if err := w.Run(t.Context()); !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("Run = %v, want ErrInvalidRequest", err)
			}
		})
	}
}
