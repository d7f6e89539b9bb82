package payments

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"
)

// EventType says what a webhook is about.
type EventType string

// The event types.
const (
	// EventPayment: a payment changed state. Event.Status says what
	// happened: StatusAuthorized for a hold (InitRequest.Hold),
	// StatusSucceeded for a payment paid or a hold captured, StatusCanceled
	// for a hold cancelled (by the merchant or by the provider after
	// Capabilities.HoldPeriod), and for a recurring charge (Client.Charge)
	// StatusSucceeded or StatusFailed under the charge's own order id.
	EventPayment EventType = "payment"
	// EventRefund: a refund changed state.
	EventRefund EventType = "refund"
	// EventWithdrawal: a payout changed state.
	EventWithdrawal EventType = "withdrawal"
	// EventNotice: a verified notification that changes no payment,
	// refund or payout, which the provider still wants acknowledged or it
	// sends it again (T-Bank's fiscal receipt notifications, Status
	// RECEIPT, and its card and SBP account bindings, NotificationType
	// LINKCARD and LINKACCOUNT: «Уведомления об операциях»,
	// https://www.tbank.ru/kassa/dev/payments/). Its Status is empty (a
	// notice with a status is refused with ErrProtocol, never acknowledged
	// as nothing); OrderID, PaymentID and Raw say what it is about where
	// the provider tells. [Client.WebhookHandler] acknowledges it with its Ack without
	// claiming it in the store or calling the app's function, unless
	// HandlerOptions.Notices is set. [Client.VerifyWebhook] returns it
	// like any other event: an app that calls it checks Event.Type.
	EventNotice EventType = "notice"
)

// Event is a verified webhook.
type Event struct {
	// ID identifies the event for de-duplication: the same for every retry
	// of one notification, different for different notifications. It
	// includes the merchant account the notification is for: providers build
	// it from the merchant's (shop's) identity and the provider's own event
	// identity, each part escaped so that the joined id is unambiguous, so
	// that shops sharing one EventStore never collide. A settled payment
	// event is de-duplicated by its state rather than by ID where the
	// provider names its account: see [Client.EventKey].
	ID string
	// Type says what the event is about.
	Type EventType
	// OrderID is the merchant's order id (of the payment or the payout).
	OrderID string
	// PaymentID is the provider's id of the payment or payout, if given.
	PaymentID string
	// Status is the new state; empty for an EventNotice, which reports
	// none.
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
	// Mandate is the provider's rebill or mandate id of a paid recurring
	// parent, where the provider sends one (T-Bank's RebillId): what later
	// charges pass in ChargeRequest.Mandate.
	Mandate string
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

// HandlerOptions configures [Client.WebhookHandler]. The zero value is
// usable.
type HandlerOptions struct {
	// Store de-duplicates deliveries; nil means a new MemoryStore (for a
	// single process; several instances of an app share a database store).
	Store EventStore
	// Lease is how long a delivery's claim on its event lasts while the
	// app's function runs; zero means DefaultLease. Make it longer than the
	// function's slowest normal run, so that a retry arriving meanwhile is
	// told to come back (409) rather than handling the event a second time
	// at once, and shorter than the provider's retry interval, so that the
	// claim of a process that crashed has expired when the retry comes.
	Lease time.Duration
	// ExpectedAmount, if set, returns what the app expects to be paid for an
	// order. A verified payment event that says money was taken or held
	// (EventPayment with StatusSucceeded or StatusAuthorized) whose amount
	// or currency differs is refused (422, the app's function is not
	// called). After a partial capture, answer the captured amount. Other
	// events are not checked against it: a refund, a cancellation or a
	// failure reports an amount that is not the order's total (T-Bank's
	// PARTIAL_REFUNDED carries what was refunded), and a notice moves no
	// money; refusing them would make the provider retry them for days.
	ExpectedAmount func(ctx context.Context, ev *Event) (Money, error)
	// OnError, if set, is told why a delivery was refused or failed. It must
	// not write to the response.
	OnError func(r *http.Request, err error)
	// Notices passes EventNotice events to the app's function too,
	// de-duplicated like any other event (ExpectedAmount does not apply to
	// them). By default a verified notice is acknowledged without calling
	// the function.
	Notices bool
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
// HandlerOptions.ExpectedAmount (422). A verified EventNotice is
// acknowledged without calling fn unless HandlerOptions.Notices is set.
//
// A verified delivery claims its event's key ([Client.EventKey]) in the store for
// HandlerOptions.Lease before fn is called (fn finds the claim with
// [ClaimFrom]): an event handled earlier is
// acknowledged without calling fn; an event whose live claim another
// delivery holds gets 409, so that the provider retries. The claim is
// completed when fn returns nil and released when it fails or panics; a
// failure of fn, of ExpectedAmount or of the store gets 500, so that the
// provider retries. If the process crashes while fn runs, the claim is
// never completed: the first retry after the lease expired takes it over
// and calls fn. If the store fails to record an event after fn succeeded
// (or the lease ran out and another delivery took the event over), the
// delivery is still acknowledged and the error reported.
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
		o.Store = &MemoryStore{Now: c.opts.Now}
	}
	if o.Lease <= 0 {
		o.Lease = DefaultLease
	}
	return &webhookHandler{c: c, fn: fn, o: o}
}

type webhookHandler struct {
	c  *Client
	fn HandlerFunc
	o  HandlerOptions
}

// handle runs the app's function for an acquired claim and releases the
// claim unless the function returned nil, even if it panicked, so that the
// provider's retry is handled.
func (h *webhookHandler) handle(ctx context.Context, c Claim, ev *Event) (err error) {
	ok := false
	defer func() {
		if !ok {
			_ = h.o.Store.Release(context.WithoutCancel(ctx), c)
		}
	}()
	err = h.fn(withClaim(ctx, c), ev)
	ok = err == nil
	return err
}

// ServeHTTP implements http.Handler.
func (h *webhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := h.c.opts.Now()
	r, hd, d := h.observe(r)
	defer d.end(r.Context())
	ev, code, err := hd.deliver(r)
	d.answered(ev, code, err)
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
	if ev.Type == EventNotice && !h.o.Notices {
		// Verified, but nothing for the app: acknowledge it, so that the
		// provider stops sending it.
		return ev, 0, nil
	}
	_, code, err := h.claimAndHandle(ctx, ev)
	return ev, code, err
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
