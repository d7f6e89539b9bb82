package payments

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// AccountNamer is implemented by providers that name the merchant account
// (shop) they act for, such as Robokassa's MerchantLogin. With it, a
// payment's settled state has one identity whether a webhook or a
// reconciler reports it (see [Client.EventKey]).
type AccountNamer interface {
	// MerchantAccount names the merchant account: the same for every
	// Client of that account, different for different accounts of the
	// provider (and for a test mode whose order ids are separate). It is
	// not a secret. Empty means not known.
	MerchantAccount() string
}

// MerchantAccount returns the merchant account the provider names
// ([AccountNamer]), or "" if it names none.
func (c *Client) MerchantAccount() string {
	if a, ok := c.p.(AccountNamer); ok {
		return a.MerchantAccount()
	}
	return ""
}

// settles reports whether a payment event with status s is keyed by the
// payment's state rather than by the delivery: a final status or a hold.
func settles(s Status) bool { return s.Final() || s == StatusAuthorized }

// EventKey returns the key under which [Client.WebhookHandler] and
// [Client.HandleEvent] claim ev in their [EventStore].
//
// A payment event (EventPayment) that names its order and reports a final
// status or StatusAuthorized, from a provider that names its merchant
// account ([AccountNamer]), is keyed by the state it reports: "payment/",
// then the provider name, the merchant account, the order id and the
// status, each query-escaped and joined by ':'. So "payment X of shop A
// reached status S" is handled once however many notifications say so
// (Robokassa's ResultURL and ResultUrl2 both report a paid payment) and
// whether a webhook or a reconciler ([Client.PaymentEvent]) reports it
// first. Any other event is keyed by its delivery: the provider name, ':'
// and Event.ID, which names the merchant account. Either way shops sharing
// one store never collide.
func (c *Client) EventKey(ev *Event) string {
	if ev.Type == EventPayment && ev.OrderID != "" && settles(ev.Status) {
		if account := c.MerchantAccount(); account != "" {
			return "payment/" + joinEscaped(c.p.Name(), account, ev.OrderID, string(ev.Status))
		}
	}
	return c.p.Name() + ":" + ev.ID
}

// joinEscaped query-escapes each part (so that none contains ':') and
// joins them by ':'.
func joinEscaped(parts ...string) string {
	for i, s := range parts {
		parts[i] = url.QueryEscape(s)
	}
	return strings.Join(parts, ":")
}

// PaymentEvent returns the payment event a webhook would have reported for
// the payment p, as looked up with [Client.PaymentStatus]: Type
// EventPayment, p's order id, payment id, status, amount, fee, error,
// mandate and raw fields, and no Ack. Its ID is "state:" followed by the
// merchant account, the order id and the status, each query-escaped and
// joined by ':'. When p's status is final or StatusAuthorized and the
// provider names its merchant account, [Client.EventKey] gives it the same
// key as a webhook reporting that state, so that it is handled once
// whichever arrives first.
func (c *Client) PaymentEvent(p *Payment) *Event {
	return &Event{
		ID:           "state:" + joinEscaped(c.MerchantAccount(), p.OrderID, string(p.Status)),
		Type:         EventPayment,
		OrderID:      p.OrderID,
		PaymentID:    p.ID,
		Status:       p.Status,
		Amount:       p.Amount,
		Fee:          p.Fee,
		ErrorCode:    p.ErrorCode,
		ErrorMessage: p.ErrorMessage,
		Mandate:      p.Mandate,
		Raw:          p.Raw,
	}
}

// HandleEvent runs fn for ev through the same checks and de-duplication as
// [Client.WebhookHandler], for events that do not arrive as HTTP requests
// (a reconciler's, see [Client.PaymentEvent]). opts.Store is required;
// opts.Lease and opts.ExpectedAmount apply as in WebhookHandler;
// opts.OnError is not used.
//
// It claims [Client.EventKey](ev) in opts.Store. An event handled earlier
// returns false and nil, without calling fn. An event another holder is
// handling returns an error wrapping ErrDuplicate: try again later. fn finds
// its claim with [ClaimFrom], as under WebhookHandler, so that a store's
// transactional helper works with both. An
// amount other than ExpectedAmount's returns an error wrapping
// ErrAmountMismatch. Otherwise fn is called: if it fails or panics the
// claim is released and its error returned; if it returns nil, HandleEvent
// returns true, and the error of completing the claim, if any (fn ran all
// the same).
func (c *Client) HandleEvent(ctx context.Context, ev *Event, fn HandlerFunc, opts *HandlerOptions) (bool, error) {
	if opts == nil || opts.Store == nil || fn == nil || ev == nil {
		return false, c.fail(OpVerifyWebhook, invalidf("HandleEvent needs an event, a function and HandlerOptions.Store"))
	}
	o := *opts
	if o.Lease <= 0 {
		o.Lease = DefaultLease
	}
	h := &webhookHandler{c: c, fn: fn, o: o}
	ran, _, err := h.claimAndHandle(ctx, ev)
	return ran, err
}

// claimAndHandle checks ev's amount, claims its key, and runs the app's
// function for an acquired claim. It reports whether the function ran and
// returned nil, the status to refuse a webhook delivery with (0 to
// acknowledge it), and what went wrong: an event can be acknowledged with
// an error when the function ran but the store failed to record it.
func (h *webhookHandler) claimAndHandle(ctx context.Context, ev *Event) (bool, int, error) {
	if h.o.ExpectedAmount != nil && takesMoney(ev) {
		want, err := h.o.ExpectedAmount(ctx, ev)
		if err != nil {
			return false, http.StatusInternalServerError, err
		}
		if !want.Equal(ev.Amount) {
			return false, http.StatusUnprocessableEntity, &Error{
				Op: OpVerifyWebhook, Provider: h.c.p.Name(), Kind: ErrAmountMismatch,
				Message: "event for order " + ev.OrderID + " says " + ev.Amount.String() + ", expected " + want.String(),
			}
		}
	}
	c, err := h.o.Store.Claim(ctx, h.c.EventKey(ev), h.o.Lease)
	if err != nil {
		return false, http.StatusInternalServerError, err
	}
	switch c.State {
	case ClaimDone:
		return false, 0, nil
	case ClaimBusy:
		// Another delivery holds a live claim: make the provider try again.
		return false, http.StatusConflict, &Error{
			Op: OpVerifyWebhook, Provider: h.c.p.Name(), Kind: ErrDuplicate,
			Message: "event " + ev.ID + " is being handled by another delivery",
		}
	case ClaimAcquired:
	default:
		return false, http.StatusInternalServerError, fmt.Errorf("payments: event store answered claim state %d", int(c.State))
	}
	if err := h.handle(ctx, c, ev); err != nil {
		return false, http.StatusInternalServerError, err
	}
	// Handled but perhaps not recorded (the store failed, or the lease ran
	// out and another delivery took the event over): acknowledge anyway,
	// the app's function ran; the error is reported.
	return true, 0, h.o.Store.Complete(context.WithoutCancel(ctx), c)
}

// takesMoney reports whether ev says the order's money was taken or held:
// the events HandlerOptions.ExpectedAmount is checked against.
func takesMoney(ev *Event) bool {
	return ev.Type == EventPayment && (ev.Status == StatusSucceeded || ev.Status == StatusAuthorized)
}
