// Package reconcile recovers payment events whose webhook never came: a
// provider-neutral worker asks the provider for the status of the orders
// the app says are still pending and delivers what changed through the
// app's own event function, de-duplicated with the webhook's.
//
// # Sections
//
// Identity: a webhook and the worker report a settled payment (a final
// status, or a hold) under one key of the shared payments.EventStore,
// payments.Client.EventKey: the provider, the merchant account, the order
// id and the status. Whichever claims it first runs the app's function;
// the other finds it done. The provider must name its merchant account
// (payments.AccountNamer; Robokassa, clientsdk and paymentstest do);
// Worker.Run refuses to start otherwise.
//
// Schedule: each pass (every Worker.Interval) asks Worker.Pending for the
// pending order ids and looks up each order that is due, at most
// Worker.RateLimit lookups per second. An order whose lookup found nothing
// new, failed, or whose event the app's function refused waits Worker.Backoff,
// doubled at each such outcome up to Worker.MaxBackoff, before its next
// lookup. An order whose status changed is looked up again after
// Worker.Backoff (a hold may still be captured or cancelled). When the
// provider is unavailable or rate-limits, the rest of the pass is left for
// the next one. The worker never loops without waiting.
//
// Several instances: every instance may run a worker over the same
// pending orders; the shared store runs the app's function once per
// settled state. Each worker rate-limits its own lookups.
package reconcile

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/paykit/payments"
)

// Defaults of the Worker's zero fields.
const (
	DefaultInterval   = time.Minute
	DefaultMaxBackoff = time.Hour
	DefaultRateLimit  = 5 // lookups per second
)

// Worker looks pending orders up and delivers their settled states. Set
// the fields before Run and do not change them after. One Worker runs one
// Run or Once at a time; run one Worker per instance.
type Worker struct {
	// Client looks payments up; required. Its provider must name its
	// merchant account (payments.AccountNamer).
	Client *payments.Client
	// Pending returns the merchant's order ids the app still waits for (not
	// yet paid, or held); required. An order it no longer returns is
	// forgotten.
	Pending func(ctx context.Context) ([]string, error)
	// Handle is the app's event function, the same as the webhook
	// handler's; required. It receives the event
	// payments.Client.PaymentEvent builds from the looked-up payment.
	Handle payments.HandlerFunc
	// Store is the event store the webhook handler uses; required.
	Store payments.EventStore
	// Lease and ExpectedAmount are as in payments.HandlerOptions: use the
	// webhook handler's.
	Lease time.Duration
	// ExpectedAmount, if set, returns what the app expects to be paid for
	// an order; an event whose amount differs is not handled (and is
	// retried with backoff, logged as an error).
	ExpectedAmount func(ctx context.Context, ev *payments.Event) (payments.Money, error)
	// Interval is the time between passes; zero means DefaultInterval.
	Interval time.Duration
	// Backoff is an order's first wait after a lookup found nothing new or
	// failed; zero means Interval.
	Backoff time.Duration
	// MaxBackoff caps an order's wait; zero means DefaultMaxBackoff.
	MaxBackoff time.Duration
	// RateLimit is the most lookups per second; zero means
	// DefaultRateLimit.
	RateLimit float64
	// Logger receives a record per delivered event and per failure; nil
	// means none.
	Logger *slog.Logger
	// Clock is the worker's time; nil means the real clock.
	Clock Clock

	orders  map[string]*order
	limiter limiter
}

// order is the worker's state of one pending order.
type order struct {
	due       time.Time
	wait      time.Duration // the current backoff
	delivered payments.Status
}

// Run makes a pass every Interval until ctx is done, and returns ctx's
// error then. It returns at once an error wrapping
// payments.ErrInvalidRequest if a required field is missing or the
// provider names no merchant account. A failure of Pending is logged and
// retried at the next pass.
func (w *Worker) Run(ctx context.Context) error {
	if err := w.check(); err != nil {
		return err
	}
	for {
		if err := w.Once(ctx); err != nil && ctx.Err() == nil {
			w.log(ctx, slog.LevelError, "reconcile: pending orders", slog.String("error", err.Error()))
		}
		if err := w.clock().Sleep(ctx, w.interval()); err != nil {
			return err
		}
	}
}

// Once makes one pass: it asks Pending for the pending orders and looks up
// those that are due, delivering what changed. It returns Pending's error,
// ctx's error, or a configuration error; failures of single orders are
// logged and retried with backoff.
func (w *Worker) Once(ctx context.Context) error {
	if err := w.check(); err != nil {
		return err
	}
	ids, err := w.Pending(ctx)
	if err != nil {
		return err
	}
	now := w.clock().Now()
	live := make(map[string]*order, len(ids))
	for _, id := range ids {
		o := w.orders[id]
		if o == nil {
			o = &order{due: now}
		}
		live[id] = o
	}
	w.orders = live // orders no longer pending are forgotten
	for _, id := range ids {
		o := w.orders[id]
		if o.due.After(w.clock().Now()) {
			continue
		}
		if err := w.limiter.wait(ctx, w.clock(), w.rate()); err != nil {
			return err
		}
		stop, err := w.reconcile(ctx, id, o)
		if err != nil {
			return err
		}
		if stop {
			return nil
		}
	}
	return ctx.Err()
}

// reconcile looks one order up and delivers its state if it settled and
// changed. It reports whether the pass should stop (the provider is
// unavailable) and ctx's error.
func (w *Worker) reconcile(ctx context.Context, id string, o *order) (stop bool, _ error) {
	p, err := w.Client.PaymentStatus(ctx, id)
	if ctxErr := ctx.Err(); ctxErr != nil {
		return true, ctxErr
	}
	switch {
	case errors.Is(err, payments.ErrNotFound):
		// Not created yet at the provider, or the buyer never came.
		w.backoff(o)
		w.log(ctx, slog.LevelDebug, "reconcile: not found", slog.String("order_id", id))
		return false, nil
	case errors.Is(err, payments.ErrUnavailable), errors.Is(err, payments.ErrRateLimited):
		w.backoff(o)
		w.log(ctx, slog.LevelWarn, "reconcile: provider unavailable", slog.String("order_id", id), slog.String("error", err.Error()))
		return true, nil
	case err != nil:
		w.backoff(o)
		w.log(ctx, slog.LevelError, "reconcile: lookup failed", slog.String("order_id", id), slog.String("error", err.Error()))
		return false, nil
	}
	if !settled(p.Status) || p.Status == o.delivered {
		w.backoff(o)
		return false, nil
	}
	ev := w.Client.PaymentEvent(p)
	ran, err := w.Client.HandleEvent(ctx, ev, w.Handle, &payments.HandlerOptions{
		Store: w.Store, Lease: w.Lease, ExpectedAmount: w.ExpectedAmount,
	})
	if ctxErr := ctx.Err(); ctxErr != nil && !ran {
		return true, ctxErr
	}
	if err != nil && !ran {
		w.backoff(o)
		w.log(ctx, slog.LevelError, "reconcile: event not handled", slog.String("order_id", id),
			slog.String("status", string(p.Status)), slog.String("error", err.Error()))
		return false, nil
	}
	// Handled now, or earlier (by a webhook or another worker).
	o.delivered = p.Status
	o.wait = 0
	o.due = w.clock().Now().Add(w.first())
	attrs := []slog.Attr{slog.String("order_id", id), slog.String("status", string(p.Status)), slog.Bool("handled_now", ran)}
	level := slog.LevelInfo
	if err != nil { // fn ran; the store did not record it
		level = slog.LevelError
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	w.log(ctx, level, "reconcile: event", attrs...)
	return false, nil
}

// settled reports whether a payment in status s is delivered: a final
// status or a hold, the states payments.Client.EventKey keys by state.
func settled(s payments.Status) bool { return s.Final() || s == payments.StatusAuthorized }

// backoff schedules o's next lookup: Backoff after the first unchanged or
// failed lookup, doubling up to MaxBackoff.
func (w *Worker) backoff(o *order) {
	switch {
	case o.wait <= 0:
		o.wait = w.first()
	default:
		o.wait = min(2*o.wait, w.maxBackoff())
	}
	o.wait = min(o.wait, w.maxBackoff())
	o.due = w.clock().Now().Add(o.wait)
}

// check refuses a Worker without its required fields or whose provider
// names no merchant account.
func (w *Worker) check() error {
	switch {
	case w.Client == nil || w.Pending == nil || w.Handle == nil || w.Store == nil:
		return payments.Errorf(payments.ErrInvalidRequest, "reconcile: Worker needs Client, Pending, Handle and Store")
	case w.Client.MerchantAccount() == "":
		return payments.Errorf(payments.ErrInvalidRequest,
			"reconcile: provider %s names no merchant account (payments.AccountNamer): its events could not be de-duplicated with its webhooks",
			w.Client.Provider().Name())
	}
	return nil
}

func (w *Worker) log(ctx context.Context, level slog.Level, msg string, attrs ...slog.Attr) {
	if w.Logger != nil {
		attrs = append(attrs, slog.String("provider", w.Client.Provider().Name()))
		w.Logger.LogAttrs(ctx, level, msg, attrs...)
	}
}

func (w *Worker) clock() Clock {
	if w.Clock != nil {
		return w.Clock
	}
	return realClock{}
}

func (w *Worker) interval() time.Duration {
	if w.Interval > 0 {
		return w.Interval
	}
	return DefaultInterval
}

func (w *Worker) first() time.Duration {
	if w.Backoff > 0 {
		return w.Backoff
	}
	return w.interval()
}

func (w *Worker) maxBackoff() time.Duration {
	if w.MaxBackoff > 0 {
		return w.MaxBackoff
	}
	return DefaultMaxBackoff
}

func (w *Worker) rate() float64 {
	if w.RateLimit > 0 {
		return w.RateLimit
	}
	return DefaultRateLimit
}
