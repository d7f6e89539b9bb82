package reconcile_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
	"github.com/paykit/payments/reconcile"
)

func minutes(ms ...int) []time.Duration {
	out := make([]time.Duration, len(ms))
	for i, m := range ms {
		out[i] = time.Duration(m) * time.Minute
	}
	return out
}

// An order that stays pending is looked up after Backoff, then twice as
// long each time, up to MaxBackoff.
func TestWorkerBackoff(t *testing.T) {
	t.Parallel()
	s := newSetup(t, "19")
	s.worker.Interval, s.worker.Backoff, s.worker.MaxBackoff = time.Minute, time.Minute, 8*time.Minute
	s.runUntil(t, 40*time.Minute)
	if diff := cmp.Diff(minutes(0, 1, 3, 7, 15, 23, 31, 39), s.fake.lookups("19")); diff != "" {
		t.Errorf("lookups (-want +got):\n%s", diff)
	}
	if n := len(s.app.got()); n != 0 {
		t.Errorf("the app handled %d events of a pending order", n)
	}
}

// Lookups are spaced 1/RateLimit apart, within a pass and across passes.
func TestWorkerRateLimit(t *testing.T) {
	t.Parallel()
	s := newSetup(t, "1", "2", "3", "4")
	s.worker.Interval, s.worker.RateLimit = time.Second, 2
	s.runUntil(t, 2600*time.Millisecond)
	ms := func(d time.Duration) time.Duration { return d * time.Millisecond }
	want := map[string][]time.Duration{
		"1": {0, ms(2500)}, "2": {ms(500)}, "3": {ms(1000)}, "4": {ms(1500)},
	}
	got := map[string][]time.Duration{}
	for _, id := range s.pending {
		got[id] = s.fake.lookups(id)
	}
	// Order 1 waits Backoff (= Interval, 1s) after its lookup at 0s: the
	// pass at 2.5s finds it due, and order 2 would be due too but must
	// wait for the limiter's slot at 3s (when the test stops).
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lookups (-want +got):\n%s", diff)
	}
	ms500, sec := 500*time.Millisecond, time.Second
	if diff := cmp.Diff([]time.Duration{ms500, ms500, ms500, sec, ms500}, s.clock.waits()); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
}

// When the provider is unavailable the rest of the pass waits for the
// next one; an order the provider does not know is looked up again with
// backoff; neither is delivered nor stops the worker.
func TestWorkerUnavailableAndNotFound(t *testing.T) {
	t.Parallel()
	s := newSetup(t, "1", "2")
	s.pending = []string{"1", "2", "404"}
	for _, id := range []string{"1", "2"} {
		if err := s.fake.MarkPaid(id); err != nil {
			t.Fatal(err)
		}
	}
	s.worker.Interval, s.worker.RateLimit = time.Minute, 1e9 // 1ns apart
	s.fake.FailNext(payments.OpPaymentStatus, payments.NewError(payments.ErrUnavailable, "503", "down"))
	s.runUntil(t, 5*time.Minute+time.Second)
	// At 0 order 1 finds the provider down: 2 and 404 wait for the pass at
	// 1, where 1 and 2 are delivered; then each backs off.
	want := map[string][]time.Duration{"1": minutes(0, 1, 2, 3, 5), "2": minutes(1, 2, 3, 5), "404": minutes(1, 2, 4)}
	got := map[string][]time.Duration{}
	for _, id := range s.pending {
		for _, at := range s.fake.lookups(id) {
			got[id] = append(got[id], at.Truncate(time.Minute))
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lookups (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"1/succeeded/10.00 RUB", "2/succeeded/10.00 RUB"}, s.app.got()); diff != "" {
		t.Errorf("handled (-want +got):\n%s", diff)
	}
}

// A failing Pending is retried at the next pass, never in a tight loop.
func TestWorkerPendingFails(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	calls := 0
	s.worker.Interval = time.Minute
	s.worker.Pending = func(context.Context) ([]string, error) { calls++; return nil, errors.New("orders table down") }
	s.runUntil(t, 3*time.Minute)
	if calls != 3 {
		t.Errorf("Pending called %d times in 3 intervals, want 3", calls)
	}
	if diff := cmp.Diff(minutes(1, 1, 1), s.clock.waits()); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
}

// Run returns ctx's error once ctx is done, also with the real clock while
// it waits for the next pass.
func TestWorkerStopsWithContext(t *testing.T) {
	t.Parallel()
	s := newSetup(t, "19")
	w := &reconcile.Worker{Client: s.client, Handle: s.app.handle, Store: s.store, Pending: s.worker.Pending, Interval: time.Hour}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run = %v, want context.Canceled", err)
	}
	if err := w.Once(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Once after cancel = %v, want context.Canceled", err)
	}
}
