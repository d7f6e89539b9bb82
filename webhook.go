package payments

import (
	"context"
	"errors"
	"net/http"
	"sync"
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
	// ID identifies the delivery for de-duplication: the same for every
	// retry of one notification, different for different notifications.
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
	code := a.StatusCode
	if code == 0 {
		code = http.StatusOK
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(code)
	_, _ = w.Write([]byte(a.Body))
}

// EventStore de-duplicates webhook deliveries. Keys are the provider name
// and the event id. Implementations must be safe for concurrent use; a
// database-backed store makes Begin an insert that fails on a duplicate key.
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
// right now gets 409, and a failure of fn 500, so that the provider retries.
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

func (h *webhookHandler) fail(w http.ResponseWriter, r *http.Request, code int, err error) {
	if h.o.OnError != nil {
		h.o.OnError(r, err)
	}
	http.Error(w, http.StatusText(code), code)
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
	ctx := r.Context()
	ev, err := h.c.VerifyWebhook(ctx, r)
	if err != nil {
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			h.fail(w, r, http.StatusRequestEntityTooLarge, err)
		case errors.Is(err, ErrInvalidSignature):
			h.fail(w, r, http.StatusForbidden, err)
		case errors.Is(err, ErrInvalidRequest), errors.Is(err, ErrUnsupported):
			h.fail(w, r, http.StatusBadRequest, err)
		default:
			h.fail(w, r, http.StatusInternalServerError, err)
		}
		return
	}
	if h.o.ExpectedAmount != nil {
		want, err := h.o.ExpectedAmount(ctx, ev)
		if err != nil {
			h.fail(w, r, http.StatusInternalServerError, err)
			return
		}
		if !want.Equal(ev.Amount) {
			h.fail(w, r, http.StatusUnprocessableEntity, &Error{
				Op: OpVerifyWebhook, Provider: h.c.p.Name(), Kind: ErrAmountMismatch,
				Message: "webhook for order " + ev.OrderID + " says " + ev.Amount.String() + ", expected " + want.String(),
			})
			return
		}
	}
	key := h.c.p.Name() + ":" + ev.ID
	done, err := h.o.Store.Begin(ctx, key)
	if err != nil {
		if errors.Is(err, ErrDuplicate) {
			// Another delivery is in flight: make the provider try again.
			h.fail(w, r, http.StatusConflict, err)
			return
		}
		h.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	if done {
		ev.Ack.Write(w)
		return
	}
	if err := h.handle(ctx, key, ev); err != nil {
		h.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	if err := h.o.Store.Finish(context.WithoutCancel(ctx), key, true); err != nil {
		// Handled but not recorded: acknowledge anyway, the app's code ran.
		if h.o.OnError != nil {
			h.o.OnError(r, err)
		}
	}
	ev.Ack.Write(w)
}
