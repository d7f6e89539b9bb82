package reconcile_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
	"github.com/paykit/payments/reconcile"
)

var start = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

func rub(s string) payments.Money { return payments.MustParseMoney(s, payments.RUB) }

// fakeClock's Sleep advances its time at once and records the wait; once
// its time reaches until it calls cancel.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
	until  time.Time
	cancel context.CancelFunc
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	stop := !c.until.IsZero() && !c.now.Before(c.until)
	c.mu.Unlock()
	if stop && c.cancel != nil {
		c.cancel()
	}
	return ctx.Err()
}

func (c *fakeClock) waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// timedFake records when (by clock) each order was looked up.
type timedFake struct {
	*paymentstest.Fake
	clock *fakeClock
	mu    sync.Mutex
	seen  map[string][]time.Duration // order -> lookup times since start
	order []string                   // orders in lookup order
}

func (f *timedFake) PaymentStatus(ctx context.Context, q payments.PaymentQuery) (*payments.Payment, error) {
	f.mu.Lock()
	if f.seen == nil {
		f.seen = map[string][]time.Duration{}
	}
	at := f.clock.Now().Sub(start)
	f.seen[q.OrderID] = append(f.seen[q.OrderID], at)
	f.order = append(f.order, q.OrderID)
	f.mu.Unlock()
	return f.Fake.PaymentStatus(ctx, q)
}

func (f *timedFake) lookups(order string) []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.seen[order]...)
}

// counter is an app function that counts what it handled.
type counter struct {
	mu      sync.Mutex
	handled []string // order/status
	fail    int      // fail this many calls first
}

func (c *counter) handle(_ context.Context, ev *payments.Event) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail > 0 {
		c.fail--
		return errAppDown
	}
	c.handled = append(c.handled, ev.OrderID+"/"+string(ev.Status)+"/"+ev.Amount.String())
	return nil
}

func (c *counter) got() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.handled...)
}

type appError string

func (e appError) Error() string { return string(e) }

const errAppDown = appError("app database down")

// setup is a fake shop with orders pending, a client that does not retry
// reads (so that a scripted failure is seen once), a memory store, a
// webhook handler and a worker on a fake clock, sharing the store and the
// app function.
type setup struct {
	fake    *timedFake
	client  *payments.Client
	store   *payments.MemoryStore
	app     *counter
	webhook http.Handler
	clock   *fakeClock
	worker  *reconcile.Worker
	pending []string
}

func newSetup(t testing.TB, orders ...string) *setup {
	t.Helper()
	clock := &fakeClock{now: start}
	f := &timedFake{Fake: paymentstest.New(nil), clock: clock}
	c, err := payments.New(f, &payments.Options{Retry: payments.RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range orders {
		if _, err := c.InitPayment(t.Context(), &payments.InitRequest{OrderID: id, Amount: rub("10.00")}); err != nil {
			t.Fatal(err)
		}
	}
	s := &setup{fake: f, client: c, store: &payments.MemoryStore{Now: clock.Now}, app: &counter{}, clock: clock, pending: orders}
	s.webhook = c.WebhookHandler(s.app.handle, &payments.HandlerOptions{Store: s.store})
	s.worker = &reconcile.Worker{
		Client: c, Handle: s.app.handle, Store: s.store, Clock: clock,
		Pending: func(context.Context) ([]string, error) { return s.pending, nil },
	}
	return s
}

// deliverWebhook sends a notification of order's current state.
func (s *setup) deliverWebhook(t *testing.T, order string) {
	t.Helper()
	r, err := s.fake.PaymentWebhook(order)
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	s.webhook.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		t.Fatalf("webhook of %s answered %d %q", order, w.Code, w.Body)
	}
}

// runUntil runs the worker until the fake clock reaches start+d.
func (s *setup) runUntil(t *testing.T, d time.Duration) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	s.clock.mu.Lock()
	s.clock.until, s.clock.cancel = start.Add(d), cancel
	s.clock.mu.Unlock()
	if err := s.worker.Run(ctx); err != context.Canceled {
		t.Fatalf("Run = %v, want context.Canceled", err)
	}
}
