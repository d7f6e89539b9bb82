package payments

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// EventType says what a webhook is about.
type EventType string

// The event types.
const (
	// EventPayment: a payment changed state.
	EventPayment EventType = "payment"
	// EventRefund: a refund changed state.
	EventRefund EventType = "refund"
	// EventWithdrawal: a payout changed state.
	EventWithdrawal EventType = "withdrawal"
)

// Event is a verified webhook.
type Event struct {
	// ID identifies the event for de-duplication: the same for every retry
	// of one notification, different for different notifications. It
	// includes the merchant account the notification is for: providers build
	// it from the merchant's (shop's) identity and the provider's own event
	// identity, each part escaped so that the joined id is unambiguous, so
	// that shops sharing one EventStore never collide.
	ID string
	// Type says what the event is about.
	Type EventType
	// OrderID is the merchant's order id (of the payment or the payout).
	OrderID string
	// PaymentID is the provider's id of the payment or payout, if given.
	PaymentID string
	// Status is the new state.
	Status Status
	// Amount as the provider reported it.
	Amount Money
	// Fee as the provider reported it, if it did.
	Fee Money
	// ErrorCode and ErrorMessage explain a failure.
	ErrorCode string
	// ErrorMessage is the provider's explanation of a failure.
	ErrorMessage string
	// Metadata holds the merchant's own parameters echoed back (Robokassa
	// Shp_ parameters, without the prefix).
	Metadata map[string]string
	// Raw holds every received field as received, signature included,
	// except that card numbers are masked.
	Raw map[string]string
	// Ack is the reply the provider expects once the event is handled.
	Ack Ack
}

// Ack is the exact HTTP reply a provider expects to a webhook it should not
// send again.
type Ack struct {
	// StatusCode, 200 if zero.
	StatusCode int
	// ContentType, "text/plain; charset=utf-8" if empty.
	ContentType string
	// Body, such as "OK19" for Robokassa.
	Body string
}

// Write writes the acknowledgement to w.
func (a Ack) Write(w http.ResponseWriter) {
	ct := a.ContentType
	if ct == "" {
		ct = "text/plain; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(a.status())
	_, _ = w.Write([]byte(a.Body))
}

// status is the acknowledgement's HTTP status.
func (a Ack) status() int {
	if a.StatusCode == 0 {
		return http.StatusOK
	}
	return a.StatusCode
}

// EventStore de-duplicates webhook deliveries. Keys are the provider name
// and the event id, and an event id includes the merchant account (see
// Event.ID), so that several shops, of one provider or of several, can share
// one store without one shop's event hiding another's. Implementations must
// be safe for concurrent use; a database-backed store makes Begin an insert
// that fails on a duplicate key.
type EventStore interface {
	// Begin claims key for handling. It returns done=true if the event was
	// already handled completely, and an error wrapping ErrDuplicate if
	// another delivery of it is being handled right now.
	Begin(ctx context.Context, key string) (done bool, err error)
	// Finish records the outcome of a claimed key: handled=true marks it
	// done for good; false releases the claim so that a retry can handle it.
	Finish(ctx context.Context, key string, handled bool) error
}

// MemoryStore is an in-memory EventStore, for a single process. The zero
// value is ready to use. It remembers every handled key for its lifetime.
type MemoryStore struct {
	mu    sync.Mutex
	state map[string]bool // false: in progress, true: done
}

// Begin implements EventStore.
func (s *MemoryStore) Begin(_ context.Context, key string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state == nil {
		s.state = make(map[string]bool)
	}
	done, seen := s.state[key]
	if seen {
		if done {
			return true, nil
		}
		return false, Errorf(ErrDuplicate, "event %q is being handled", key)
	}
	s.state[key] = false
	return false, nil
}

// Finish implements EventStore.
func (s *MemoryStore) Finish(_ context.Context, key string, handled bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if handled {
		if s.state == nil {
			s.state = make(map[string]bool)
		}
		s.state[key] = true
	} else {
		delete(s.state, key)
	}
	return nil
}

// HandlerOptions configures [Client.WebhookHandler]. The zero value is
// usable.
type HandlerOptions struct {
	// Store de-duplicates deliveries; nil means a new MemoryStore.
	Store EventStore
	// ExpectedAmount, if set, returns what the app expects to be paid for an
	// order. A verified event whose amount or currency differs is refused
	// (422, the app's function is not called).
	ExpectedAmount func(ctx context.Context, ev *Event) (Money, error)
	// OnError, if set, is told why a delivery was refused or failed. It must
	// not write to the response.
	OnError func(r *http.Request, err error)
}

// HandlerFunc is the app's code for a verified, de-duplicated event. When it
// returns nil the provider is acknowledged; otherwise it answers 500 and the
// provider retries later.
type HandlerFunc func(ctx context.Context, ev *Event) error

// WebhookHandler returns an http.Handler that verifies each delivery, drops
// repeats through the store, calls fn, and acknowledges only after fn
// succeeded. fn is not called for a delivery with a bad, missing or
// tampered signature (403), a body that cannot be parsed (400), a body above
// Options.MaxWebhookBytes (413) or an amount other than
// HandlerOptions.ExpectedAmount (422); a delivery of an event being handled
// right now gets 409, and a failure of fn, of ExpectedAmount or of the
// store 500, so that the provider retries. If the store fails to record an
// event after fn succeeded, the delivery is still acknowledged.
//
// With Options.Logger set, every delivery gets exactly one log record
// ("payments: webhook") with the HTTP status it was answered ("status") and,
// for a refusal or failure, the reason ("error"): debug for an
// acknowledgement, warning for a refusal (4xx), error for a failure (5xx)
// or an acknowledged event the store did not record. Reasons from this
// library hold no secret or card number; errors of fn and ExpectedAmount are
// logged as they are. HandlerOptions.OnError is called as well.
func (c *Client) WebhookHandler(fn HandlerFunc, opts *HandlerOptions) http.Handler {
	var o HandlerOptions
	if opts != nil {
		o = *opts
	}
	if o.Store == nil {
		o.Store = &MemoryStore{}
	}
	return &webhookHandler{c: c, fn: fn, o: o}
}

type webhookHandler struct {
	c  *Client
	fn HandlerFunc
	o  HandlerOptions
}

// handle runs the app's function and releases the claim on key unless it
// returned nil, even if it panicked, so that the provider's retry is handled.
func (h *webhookHandler) handle(ctx context.Context, key string, ev *Event) (err error) {
	ok := false
	defer func() {
		if !ok {
			_ = h.o.Store.Finish(context.WithoutCancel(ctx), key, false)
		}
	}()
	err = h.fn(ctx, ev)
	ok = err == nil
	return err
}

// ServeHTTP implements http.Handler.
func (h *webhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := h.c.opts.Now()
	ev, code, err := h.deliver(r)
	if err != nil && h.o.OnError != nil {
		h.o.OnError(r, err)
	}
	if code == 0 {
		ev.Ack.Write(w)
		code = ev.Ack.status()
	} else {
		http.Error(w, http.StatusText(code), code)
	}
	h.logDelivery(r.Context(), start, ev, code, err)
}

// deliver verifies, de-duplicates and handles one delivery. It returns the
// status to refuse it with, or 0 to acknowledge ev, and what went wrong: a
// delivery can be acknowledged with an error when the app's function ran
// but the store failed to record it.
func (h *webhookHandler) deliver(r *http.Request) (*Event, int, error) {
	ctx := r.Context()
	ev, err := h.c.verifyWebhook(ctx, r)
	if err != nil {
		err = h.c.fail(OpVerifyWebhook, err)
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return nil, http.StatusRequestEntityTooLarge, err
		case errors.Is(err, ErrInvalidSignature):
			return nil, http.StatusForbidden, err
		case errors.Is(err, ErrInvalidRequest), errors.Is(err, ErrUnsupported):
			return nil, http.StatusBadRequest, err
		}
		return nil, http.StatusInternalServerError, err
	}
	if h.o.ExpectedAmount != nil {
		want, err := h.o.ExpectedAmount(ctx, ev)
		if err != nil {
			return ev, http.StatusInternalServerError, err
		}
		if !want.Equal(ev.Amount) {
			return ev, http.StatusUnprocessableEntity, &Error{
				Op: OpVerifyWebhook, Provider: h.c.p.Name(), Kind: ErrAmountMismatch,
				Message: "webhook for order " + ev.OrderID + " says " + ev.Amount.String() + ", expected " + want.String(),
			}
		}
	}
	key := h.c.p.Name() + ":" + ev.ID
	done, err := h.o.Store.Begin(ctx, key)
	if err != nil {
		if errors.Is(err, ErrDuplicate) {
			// Another delivery is in flight: make the provider try again.
			return ev, http.StatusConflict, err
		}
		return ev, http.StatusInternalServerError, err
	}
	if done {
		return ev, 0, nil
	}
	if err := h.handle(ctx, key, ev); err != nil {
		return ev, http.StatusInternalServerError, err
	}
	// Handled but perhaps not recorded: acknowledge anyway, the app's
	// function ran; the error is reported.
	return ev, 0, h.o.Store.Finish(context.WithoutCancel(ctx), key, true)
}

// logDelivery writes the one record of a delivery: debug when it was
// acknowledged, a warning when it was refused (4xx), an error when it
// failed (5xx) or was acknowledged but not recorded as handled. The reason
// is the error's text, which for this library's errors holds no secret or
// card number.
func (h *webhookHandler) logDelivery(ctx context.Context, start time.Time, ev *Event, code int, err error) {
	log := h.c.opts.Logger
	if log == nil {
		return
	}
	attrs := []slog.Attr{
		slog.String("provider", h.c.p.Name()),
		slog.String("op", string(OpVerifyWebhook)),
		slog.Int("status", code),
		slog.Duration("elapsed", h.c.opts.Now().Sub(start)),
	}
	if ev != nil {
		attrs = append(attrs, slog.String("event_id", ev.ID), slog.String("order_id", ev.OrderID))
	}
	level := slog.LevelDebug
	switch {
	case code >= 500 || (err != nil && code < 400):
		level = slog.LevelError
	case code >= 400:
		level = slog.LevelWarn
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	log.LogAttrs(ctx, level, "payments: webhook", attrs...)
}
