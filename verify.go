package payments

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
)

// VerifyWebhook checks an incoming webhook request and returns the verified
// event. The body is read through a size limit (Options.MaxWebhookBytes).
// Errors wrap ErrInvalidSignature for a missing, malformed or wrong
// signature and ErrInvalidRequest for a body that cannot be parsed.
func (c *Client) VerifyWebhook(ctx context.Context, r *http.Request) (*Event, error) {
	start := c.opts.Now()
	ctx, obs := c.startOp(ctx, OpVerifyWebhook)
	ev, err := c.verifyWebhook(ctx, r)
	var attrs []slog.Attr
	if ev != nil {
		attrs = []slog.Attr{slog.String("event_id", ev.ID), slog.String("order_id", ev.OrderID)}
	}
	return finish(ctx, c, obs, OpVerifyWebhook, start, ev, err, attrs...)
}

// verifyWebhook is VerifyWebhook without the wrapping and the log record.
// On error the event, if any, is only for logging.
func (c *Client) verifyWebhook(ctx context.Context, r *http.Request) (*Event, error) {
	v, ok := c.p.(WebhookVerifier)
	if !ok || !c.caps.Supports(OpVerifyWebhook) {
		return nil, c.unsupported(OpVerifyWebhook)
	}
	if r == nil {
		return nil, invalidf("nil request")
	}
	// A notification sent by GET carries its fields in the query: it is
	// held to the same limit as a body.
	if r.URL != nil && int64(len(r.URL.RawQuery)) > c.opts.MaxWebhookBytes {
		return nil, &Error{Kind: ErrInvalidRequest, Message: "webhook query too large", Err: &http.MaxBytesError{Limit: c.opts.MaxWebhookBytes}}
	}
	if r.Body != nil {
		r2 := *r
		r2.Body = http.MaxBytesReader(nil, r.Body, c.opts.MaxWebhookBytes)
		r = &r2
	}
	ev, err := v.VerifyWebhook(ctx, r)
	if err == nil {
		err = checkEvent(ev)
	}
	var mbe *http.MaxBytesError
	var pe *Error
	if errors.As(err, &mbe) && (!errors.As(err, &pe) || pe.Kind == nil) {
		err = &Error{Kind: ErrInvalidRequest, Message: "webhook body too large", Err: err}
	}
	return ev, err
}

// checkEvent checks the form of a verified event.
func checkEvent(ev *Event) error {
	switch {
	case ev == nil:
		return Errorf(ErrProtocol, "provider returned no event")
	case ev.ID == "":
		return Errorf(ErrProtocol, "event has no id")
	case ev.Type == EventNotice && ev.Status != "":
		// A notice is acknowledged without the app: one that reports a
		// state may be a payment the provider mislabelled, and is not
		// acknowledged as nothing.
		return Errorf(ErrProtocol, "notice has status %q", string(ev.Status))
	case ev.Type != EventNotice && !ev.Status.Valid():
		return Errorf(ErrProtocol, "event has status %q", string(ev.Status))
	}
	if !ev.Amount.IsZero() {
		if err := ev.Amount.Validate(); err != nil {
			return &Error{Kind: ErrInvalidRequest, Message: "webhook amount", Err: err}
		}
	}
	return nil
}
