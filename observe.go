package payments

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Observer is told about every Client operation and every webhook delivery
// to [Client.WebhookHandler], for tracing and metrics: the otelpayments
// package adapts it to OpenTelemetry. Set it in Options.Observer; nil means
// no observation and no cost.
//
// Each Start is paired with exactly one End (for an operation, unless the
// provider panics), on the same goroutine, with the context Start
// returned: an observer may start a span in Start, put it in the context
// (so the provider's HTTP calls, and the app's [HandlerFunc], run under
// it) and end it in End. [Client.HandleEvent] is not a delivery and is not
// observed. What an Observer is
// given holds no secret and nothing of a card: no card number, CVC, token,
// signature, secret, mandate or raw webhook field. Its methods must be
// safe for concurrent use and should return quickly.
//
// A faulty Observer does not change an operation's or a delivery's
// outcome: a nil context from a Start method is replaced by the context it
// was given, and a panic in an End method is recovered (and logged at
// error level with Options.Logger), so that a payment the provider made
// still reaches the caller and a handled webhook is still acknowledged.
type Observer interface {
	// StartOperation is called when a Client operation begins, before
	// anything is checked or sent. The context it returns is the one the
	// operation uses; it must be ctx or derived from it.
	StartOperation(ctx context.Context, op OperationInfo) context.Context
	// EndOperation is called once the operation's result is known, with
	// the context StartOperation returned and what op now says (its order
	// id, when the request was valid).
	EndOperation(ctx context.Context, op OperationInfo, res OperationResult)
	// StartDelivery is called when a webhook delivery reaches
	// [Client.WebhookHandler], before it is verified. The context it
	// returns is the request's context from then on; it must be ctx or
	// derived from it.
	StartDelivery(ctx context.Context, d DeliveryInfo) context.Context
	// EndDelivery is called once the delivery has been answered, with the
	// context StartDelivery returned.
	EndDelivery(ctx context.Context, d DeliveryInfo, res DeliveryResult)
}

// OperationInfo says which Client operation an [Observer] is told about.
type OperationInfo struct {
	// Op is the operation, such as OpInitPayment.
	Op Operation
	// Provider is the provider's name, such as "robokassa".
	Provider string
	// OrderID is the merchant's order id the request names, in EndOperation
	// only, when the request was valid (empty for a refused request, for an
	// operation without one, such as Balance, and for a VerifyWebhook that
	// failed).
	OrderID string
}

// OperationResult is how a Client operation ended.
type OperationResult struct {
	// Outcome is OutcomeOK or the [ErrorKind] of Err.
	Outcome string
	// Err is the error the operation returned, nil on success. It is the
	// same error the caller gets: its text holds no secret or card data.
	Err error
	// Duration is how long the operation took (measured with the
	// monotonic clock, not Options.Now, which may be a test clock).
	Duration time.Duration
}

// DeliveryInfo says which webhook delivery an [Observer] is told about.
type DeliveryInfo struct {
	// Provider is the provider's name.
	Provider string
	// Method is the request's HTTP method.
	Method string
	// Verified reports whether the delivery's signature was verified; in
	// EndDelivery only. The fields below are set only for a verified
	// delivery, from the event the provider signed.
	Verified bool
	// EventType is the verified event's type.
	EventType EventType
	// EventStatus is the state the verified event reports.
	EventStatus Status
	// OrderID is the verified event's order id.
	OrderID string
}

// DeliveryResult is how a webhook delivery was answered.
type DeliveryResult struct {
	// StatusCode is the HTTP status the delivery was answered with.
	StatusCode int
	// Outcome is one of the Delivery* outcomes.
	Outcome string
	// ErrorKind is the [ErrorKind] of Err, empty when Err is nil, and
	// "panic" when the handler panicked.
	ErrorKind string
	// Err is why the delivery was refused or failed, or why a handled event
	// was not recorded; nil otherwise. An error of the app's own
	// HandlerFunc or HandlerOptions.ExpectedAmount is passed as it is.
	Err error
	// Duration is how long the delivery took (monotonic clock).
	Duration time.Duration
}

// OutcomeOK is the Outcome of an operation that succeeded.
const OutcomeOK = "ok"

// The outcomes of a webhook delivery (DeliveryResult.Outcome).
const (
	// DeliveryHandled: the app's function ran and returned nil; the
	// delivery was acknowledged (Err is set if the store did not record it).
	DeliveryHandled = "handled"
	// DeliveryDuplicate: the event was handled before; the delivery was
	// acknowledged without calling the app's function.
	DeliveryDuplicate = "duplicate"
	// DeliveryIgnored: a verified EventNotice was acknowledged without
	// calling the app's function (HandlerOptions.Notices is not set).
	DeliveryIgnored = "ignored"
	// DeliveryBusy: another delivery of the event holds its claim; it was
	// answered 409 so that the provider retries.
	DeliveryBusy = "busy"
	// DeliveryRefused: the delivery was refused with a 4xx status (bad or
	// missing signature, unparsable or oversized body, unexpected amount,
	// unsupported); ErrorKind says why.
	DeliveryRefused = "refused"
	// DeliveryAppError: the app's function or HandlerOptions.ExpectedAmount
	// failed, or the function panicked (StatusCode is then 0: the handler
	// did not answer); otherwise the delivery was answered 500, so that the
	// provider retries.
	DeliveryAppError = "app_error"
	// DeliveryFailed: the delivery failed for another reason (the store, a
	// provider error), answered with a 5xx status (or 0 after a panic).
	DeliveryFailed = "failed"
)

// ErrorKind names the category of err in snake case, for logs, metrics and
// traces: "invalid_request", "invalid_signature", "not_found", "declined",
// "insufficient_funds", "unauthorized", "rate_limited", "unavailable",
// "outcome_unknown", "protocol", "duplicate", "invalid_state",
// "amount_mismatch", "unsupported", "canceled" (context.Canceled),
// "timeout" (context.DeadlineExceeded), or "error" for anything else. It
// returns "" for nil. The category of an [*Error] is its Kind.
func ErrorKind(err error) string {
	if err == nil {
		return ""
	}
	var pe *Error
	if errors.As(err, &pe) && pe.Kind != nil {
		err = pe.Kind
	}
	for _, k := range errorKinds {
		if errors.Is(err, k.err) {
			return k.name
		}
	}
	return "error"
}

// errorKinds names the categories, the Err* sentinels first.
var errorKinds = []struct {
	err  error
	name string
}{
	{ErrInvalidRequest, "invalid_request"},
	{ErrInvalidSignature, "invalid_signature"},
	{ErrNotFound, "not_found"},
	{ErrDeclined, "declined"},
	{ErrInsufficientFunds, "insufficient_funds"},
	{ErrUnauthorized, "unauthorized"},
	{ErrRateLimited, "rate_limited"},
	{ErrUnavailable, "unavailable"},
	{ErrOutcomeUnknown, "outcome_unknown"},
	{ErrProtocol, "protocol"},
	{ErrDuplicate, "duplicate"},
	{ErrInvalidState, "invalid_state"},
	{ErrAmountMismatch, "amount_mismatch"},
	{errors.ErrUnsupported, "unsupported"},
	{context.Canceled, "canceled"},
	{context.DeadlineExceeded, "timeout"},
}

// outcome is OutcomeOK for a nil err, else its ErrorKind.
func outcome(err error) string {
	if err == nil {
		return OutcomeOK
	}
	return ErrorKind(err)
}

// observation is an operation an Observer was told of; nil when the Client
// has no Observer.
type observation struct {
	obs   Observer
	log   *slog.Logger
	info  OperationInfo
	start time.Time
	// invalid is set for a refused request: its order id, logged or
	// not, is not told.
	invalid bool
}

// startOp tells the Observer, if any, that op begins, and returns the
// context the operation uses.
func (c *Client) startOp(ctx context.Context, op Operation) (context.Context, *observation) {
	obs := c.opts.Observer
	if obs == nil {
		return ctx, nil
	}
	o := &observation{obs: obs, log: c.opts.Logger, info: OperationInfo{Op: op, Provider: c.p.Name()}, start: time.Now()}
	if octx := obs.StartOperation(ctx, o.info); octx != nil {
		ctx = octx
	}
	return ctx, o
}

// end tells the Observer how the operation ended. orderID is the request's
// order id, if it was valid.
func (o *observation) end(ctx context.Context, orderID string, err error) {
	if o == nil {
		return
	}
	if o.invalid || (err != nil && o.info.Op == OpVerifyWebhook) {
		orderID = "" // not from a valid request or a verified event
	}
	o.info.OrderID = orderID
	defer recoverObserver(ctx, o.log, o.info.Op)
	o.obs.EndOperation(ctx, o.info, OperationResult{Outcome: outcome(err), Err: err, Duration: time.Since(o.start)})
}

// recoverObserver, deferred around an Observer's End method, recovers its
// panic and logs it: the outcome the Observer was told of stands.
func recoverObserver(ctx context.Context, log *slog.Logger, op Operation) {
	v := recover()
	if v == nil || log == nil {
		return
	}
	log.LogAttrs(ctx, slog.LevelError, "payments: observer panicked",
		slog.String("op", string(op)), slog.String("panic", fmt.Sprint(v)))
}

// refuse marks the operation's request as refused by validation.
func (o *observation) refuse() {
	if o != nil {
		o.invalid = true
	}
}

// orderIDAttr returns the value of the "order_id" attribute among attrs, or
// "".
func orderIDAttr(attrs []slog.Attr) string {
	for _, a := range attrs {
		if a.Key == "order_id" {
			return a.Value.String()
		}
	}
	return ""
}
