package payments

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Options configures a Client. The zero value (or nil) means the defaults.
type Options struct {
	// Logger receives one record per operation (debug on success, warn on
	// failure) and one per webhook delivery to Client.WebhookHandler. Nil
	// means no logging. Card data and secrets never reach it.
	Logger *slog.Logger
	// Now is the clock, for card expiry checks and the leases and retention
	// of the MemoryStore Client.WebhookHandler makes by default; nil means
	// time.Now.
	Now func() time.Time
	// Retry is the policy for reads; money-moving operations are never
	// retried.
	Retry RetryPolicy
	// MaxWebhookBytes limits webhook bodies, and the query of a webhook
	// sent by GET; zero means 64 KiB.
	MaxWebhookBytes int64
}

// Client is the portable entry point that apps hold. It validates every
// request before the provider sees it, refuses operations the provider does
// not declare (errors.ErrUnsupported), checks amounts and currencies in
// responses, retries reads, never resends what moves money, logs without
// secrets, and wraps every error once as a [*Error]. A Client is safe for
// concurrent use.
type Client struct {
	p    Provider
	caps Capabilities
	opts Options
	// sleep waits d or until ctx is done; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error
}

// New returns a Client for p. opts may be nil.
func New(p Provider, opts *Options) (*Client, error) {
	if p == nil {
		return nil, errors.New("payments: New: nil provider")
	}
	c := &Client{p: p, caps: p.Capabilities(), sleep: sleepCtx}
	if opts != nil {
		c.opts = *opts
	}
	if c.opts.Now == nil {
		c.opts.Now = time.Now
	}
	if c.opts.Retry.MaxAttempts <= 0 {
		c.opts.Retry.MaxAttempts = 3
	}
	if c.opts.Retry.InitialDelay <= 0 {
		c.opts.Retry.InitialDelay = 200 * time.Millisecond
	}
	if c.opts.Retry.MaxDelay <= 0 {
		c.opts.Retry.MaxDelay = 5 * time.Second
	}
	if c.opts.MaxWebhookBytes <= 0 {
		c.opts.MaxWebhookBytes = 64 << 10
	}
	return c, nil
}

// Provider returns the provider the Client dispatches to, for reaching its
// provider-specific extras with a type assertion.
func (c *Client) Provider() Provider { return c.p }

// Capabilities returns what the provider declares.
func (c *Client) Capabilities() Capabilities { return c.caps }

// fail wraps err once for op, with the default Advice of an unknown outcome
// when the provider gave none.
func (c *Client) fail(op Operation, err error) error {
	return withAdvice(op, wrapErr(op, c.p.Name(), err))
}

func (c *Client) unsupported(op Operation) error {
	return &Error{Op: op, Provider: c.p.Name(), Kind: errors.ErrUnsupported, Message: "the provider does not support " + string(op)}
}

func (c *Client) log(ctx context.Context, op Operation, start time.Time, err error, attrs ...slog.Attr) {
	if c.opts.Logger == nil {
		return
	}
	attrs = append(attrs,
		slog.String("provider", c.p.Name()),
		slog.String("op", string(op)),
		slog.Duration("elapsed", c.opts.Now().Sub(start)),
	)
	level := slog.LevelDebug
	if err != nil {
		level = slog.LevelWarn
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.opts.Logger.LogAttrs(ctx, level, "payments: "+string(op), attrs...)
}

// finish wraps err once, logs the operation and returns its result, or
// nil and the error.
func finish[T any](ctx context.Context, c *Client, op Operation, start time.Time, res *T, err error, attrs ...slog.Attr) (*T, error) {
	if err != nil {
		err = c.fail(op, err)
	}
	c.log(ctx, op, start, err, attrs...)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// validOrderID checks an order id: non-empty, at most 128 bytes, printable
// UTF-8, and a positive integer where the provider needs one.
func (c *Client) validOrderID(what, id string) error {
	if id == "" {
		return invalidf("%s is required", what)
	}
	if len(id) > 128 {
		return invalidf("%s is longer than 128 bytes", what)
	}
	if !printable(id) {
		return invalidf("%s must be printable text", what)
	}
	if c.caps.NumericOrderIDs {
		if !allDigits(id) || strings.HasPrefix(id, "0") || len(id) > 18 {
			return invalidf("%s must be a positive integer for %s", what, c.p.Name())
		}
	}
	return nil
}

// printable reports whether s is valid UTF-8 without control characters.
func printable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

func (c *Client) validAmount(what string, m Money) error {
	if err := m.validatePositive(what); err != nil {
		return err
	}
	if !c.caps.SupportsCurrency(m.Currency) {
		return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " does not accept " + string(m.Currency)}
	}
	return nil
}

func (c *Client) validateInit(req *InitRequest) error {
	if req == nil {
		return invalidf("nil request")
	}
	if err := c.validOrderID("order id", req.OrderID); err != nil {
		return err
	}
	if err := c.validAmount("amount", req.Amount); err != nil {
		return err
	}
	if !utf8.ValidString(req.Description) {
		return invalidf("description is not valid UTF-8")
	}
	if n := c.caps.MaxDescription; n > 0 && utf8.RuneCountInString(req.Description) > n {
		return invalidf("description is longer than %d characters", n)
	}
	if req.Email != "" && (!strings.Contains(req.Email, "@") || strings.ContainsAny(req.Email, " \t\r\n")) {
		return invalidf("e-mail %q is not an address", req.Email)
	}
	if !req.ExpiresAt.IsZero() && !req.ExpiresAt.After(c.opts.Now()) {
		return invalidf("expiry is in the past")
	}
	if len(req.Metadata) > 0 && !c.caps.Metadata {
		return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " does not take metadata"}
	}
	if req.Receipt != nil {
		if !c.caps.Receipts {
			return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " does not take receipts"}
		}
		if err := validateReceipt(req.Receipt, req.Amount); err != nil {
			return err
		}
	}
	if req.Card != nil {
		if !c.caps.CardPayments {
			return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " does not take card data"}
		}
		if err := req.Card.Validate(c.opts.Now()); err != nil {
			return err
		}
	}
	if req.Browser != nil && !c.caps.ThreeDS {
		return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " does not take 3-D Secure browser data"}
	}
	return nil
}

// validateReceipt checks that a receipt has items with names, positive
// quantities and amounts in the payment's currency that add up to total.
func validateReceipt(r *Receipt, total Money) error {
	if len(r.Items) == 0 {
		return invalidf("receipt has no items")
	}
	sum := decimal.Zero
	for i, it := range r.Items {
		if strings.TrimSpace(it.Name) == "" {
			return invalidf("receipt item %d has no name", i+1)
		}
		if !it.Quantity.IsPositive() {
			return invalidf("receipt item %d: quantity must be positive", i+1)
		}
		if err := it.Amount.validatePositive("receipt item amount"); err != nil {
			return err
		}
		if it.Amount.Currency != total.Currency {
			return invalidf("receipt item %d is in %s, the payment in %s", i+1, it.Amount.Currency, total.Currency)
		}
		sum = sum.Add(it.Amount.Amount)
	}
	if !sum.Equal(total.Amount) {
		return invalidf("receipt items add up to %s, the amount is %s", sum.String(), total.Format())
	}
	return nil
}

// InitPayment starts a payment and returns its next step (a redirect, a form
// to post, or nothing). It is never retried: on ErrOutcomeUnknown the
// error's [Error.Advice] says how to find out, for this provider, whether the
// payment was created (by default: look it up by order id with
// PaymentStatus) before trying again.
func (c *Client) InitPayment(ctx context.Context, req *InitRequest) (*Payment, error) {
	const op = OpInitPayment
	start := c.opts.Now()
	if err := c.validateInit(req); err != nil {
		return finish[Payment](ctx, c, op, start, nil, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p, err := c.p.InitPayment(ctx, req)
	if err == nil {
		err = c.checkPayment(req.OrderID, req.Amount, p)
	}
	return finish(ctx, c, op, start, p, err, slog.String("order_id", req.OrderID), slog.String("amount", req.Amount.String()))
}

// checkPayment checks a provider's answer about a payment against what was
// asked.
func (c *Client) checkPayment(orderID string, want Money, p *Payment) error {
	if p == nil {
		return Errorf(ErrProtocol, "provider returned no payment")
	}
	if p.OrderID != "" && p.OrderID != orderID {
		return &Error{Kind: ErrAmountMismatch, Message: "answer is for order " + p.OrderID + ", not " + orderID}
	}
	if !p.Status.Valid() {
		return Errorf(ErrProtocol, "provider returned status %q", string(p.Status))
	}
	if !want.IsZero() && !p.Amount.IsZero() && !p.Amount.Equal(want) {
		return &Error{Kind: ErrAmountMismatch, Message: "provider reports " + p.Amount.String() + ", expected " + want.String()}
	}
	return nil
}

// PaymentStatus looks a payment up by the merchant's order id. It is retried
// with backoff when the provider is unavailable.
func (c *Client) PaymentStatus(ctx context.Context, orderID string) (*Payment, error) {
	return c.paymentStatus(ctx, orderID, Money{})
}

// ConfirmPayment looks a payment up like PaymentStatus and also checks that
// the provider reports exactly the expected amount and currency; otherwise it
// returns an error wrapping ErrAmountMismatch. Use it before shipping an
// order.
func (c *Client) ConfirmPayment(ctx context.Context, orderID string, expected Money) (*Payment, error) {
	if err := expected.validatePositive("expected amount"); err != nil {
		return nil, c.fail(OpPaymentStatus, err)
	}
	p, err := c.paymentStatus(ctx, orderID, expected)
	if err != nil {
		return nil, err
	}
	if p.Amount.IsZero() {
		return nil, c.fail(OpPaymentStatus, &Error{Kind: ErrAmountMismatch, Message: "provider did not report the amount of order " + orderID})
	}
	return p, nil
}

func (c *Client) paymentStatus(ctx context.Context, orderID string, want Money) (*Payment, error) {
	const op = OpPaymentStatus
	start := c.opts.Now()
	if err := c.validOrderID("order id", orderID); err != nil {
		return finish[Payment](ctx, c, op, start, nil, err)
	}
	var p *Payment
	err := c.retry(ctx, func() error {
		var err error
		p, err = c.p.PaymentStatus(ctx, orderID)
		return err
	})
	if err == nil {
		err = c.checkPayment(orderID, want, p)
	}
	return finish(ctx, c, op, start, p, err, slog.String("order_id", orderID))
}

// Refund refunds what is left of a paid order (req.Amount nil) or a part. It is
// never retried. On ErrOutcomeUnknown the refund may have been made: the
// error's [Error.Advice] says how to find out for this provider, which
// lookup can answer and which cannot. Do not refund again before that.
func (c *Client) Refund(ctx context.Context, req *RefundRequest) (*Refund, error) {
	const op = OpRefund
	start := c.opts.Now()
	r, ok := c.p.(Refunder)
	if !ok || !c.caps.Supports(op) {
		return finish[Refund](ctx, c, op, start, nil, c.unsupported(op))
	}
	if err := c.validateRefund(req); err != nil {
		return finish[Refund](ctx, c, op, start, nil, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res, err := r.Refund(ctx, req)
	if err == nil {
		err = checkRefund(req, res)
	}
	return finish(ctx, c, op, start, res, err, slog.String("order_id", req.OrderID))
}

func (c *Client) validateRefund(req *RefundRequest) error {
	if req == nil {
		return invalidf("nil request")
	}
	if err := c.validOrderID("order id", req.OrderID); err != nil {
		return err
	}
	if req.Amount != nil {
		if err := c.validAmount("refund amount", *req.Amount); err != nil {
			return err
		}
	}
	if req.Receipt == nil {
		return nil
	}
	if !c.caps.Receipts {
		return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " does not take receipts"}
	}
	if req.Amount != nil {
		return validateReceipt(req.Receipt, *req.Amount)
	}
	return nil
}

func checkRefund(req *RefundRequest, r *Refund) error {
	if r == nil {
		return Errorf(ErrProtocol, "provider returned no refund")
	}
	if !r.Status.Valid() {
		return Errorf(ErrProtocol, "provider returned status %q", string(r.Status))
	}
	if req != nil && r.OrderID != "" && r.OrderID != req.OrderID {
		return &Error{Kind: ErrAmountMismatch, Message: "answer is for a refund of order " + r.OrderID + ", not " + req.OrderID}
	}
	if req != nil && req.Amount != nil && !r.Amount.IsZero() && !r.Amount.Equal(*req.Amount) {
		return &Error{Kind: ErrAmountMismatch, Message: "provider reports a refund of " + r.Amount.String() + ", requested " + req.Amount.String()}
	}
	return nil
}

// RefundStatus looks a refund up by the provider's refund id.
func (c *Client) RefundStatus(ctx context.Context, refundID string) (*Refund, error) {
	const op = OpRefundStatus
	start := c.opts.Now()
	r, ok := c.p.(Refunder)
	if !ok || !c.caps.Supports(op) {
		return finish[Refund](ctx, c, op, start, nil, c.unsupported(op))
	}
	if err := c.validID("refund id", refundID); err != nil {
		return finish[Refund](ctx, c, op, start, nil, err)
	}
	var res *Refund
	err := c.retry(ctx, func() error {
		var err error
		res, err = r.RefundStatus(ctx, refundID)
		return err
	})
	if err == nil {
		err = checkRefund(nil, res)
	}
	return finish(ctx, c, op, start, res, err, slog.String("refund_id", refundID))
}

func (c *Client) validID(what, id string) error {
	if id == "" {
		return invalidf("%s is required", what)
	}
	if len(id) > 256 || !printable(id) {
		return invalidf("%s must be printable text of at most 256 bytes", what)
	}
	return nil
}

// Balance returns the merchant's balance in currency.
func (c *Client) Balance(ctx context.Context, currency Currency) (*Balance, error) {
	const op = OpBalance
	start := c.opts.Now()
	r, ok := c.p.(BalanceReader)
	if !ok || !c.caps.Supports(op) {
		return finish[Balance](ctx, c, op, start, nil, c.unsupported(op))
	}
	if !currency.Valid() {
		return finish[Balance](ctx, c, op, start, nil, invalidf("unknown currency %q", string(currency)))
	}
	var res *Balance
	err := c.retry(ctx, func() error {
		var err error
		res, err = r.Balance(ctx, currency)
		return err
	})
	if err == nil {
		switch {
		case res == nil:
			err = Errorf(ErrProtocol, "provider returned no balance")
		case res.Available.Currency != currency:
			err = &Error{Kind: ErrAmountMismatch, Message: "balance is in " + string(res.Available.Currency) + ", asked for " + string(currency)}
		}
	}
	return finish(ctx, c, op, start, res, err, slog.String("currency", string(currency)))
}

// Withdraw requests a payout to a card. It is never retried: on
// ErrOutcomeUnknown the error's [Error.Advice] says how to find out, for this
// provider, whether the payout was made (by default: look it up by order id
// with WithdrawalStatus) before trying again.
func (c *Client) Withdraw(ctx context.Context, req *WithdrawalRequest) (*Withdrawal, error) {
	const op = OpWithdraw
	start := c.opts.Now()
	w, ok := c.p.(Withdrawer)
	if !ok || !c.caps.Supports(op) {
		return finish[Withdrawal](ctx, c, op, start, nil, c.unsupported(op))
	}
	if err := c.validateWithdraw(req); err != nil {
		return finish[Withdrawal](ctx, c, op, start, nil, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res, err := w.Withdraw(ctx, req)
	if err == nil {
		err = checkWithdrawal(req.OrderID, req.Amount, res)
	}
	return finish(ctx, c, op, start, res, err, slog.String("order_id", req.OrderID), slog.String("amount", req.Amount.String()))
}

func (c *Client) validateWithdraw(req *WithdrawalRequest) error {
	if req == nil {
		return invalidf("nil request")
	}
	if err := c.validOrderID("order id", req.OrderID); err != nil {
		return err
	}
	if err := req.Amount.validatePositive("amount"); err != nil {
		return err
	}
	if req.Card == nil {
		return invalidf("destination card is required")
	}
	return req.Card.ValidateNumber()
}

func checkWithdrawal(orderID string, want Money, w *Withdrawal) error {
	if w == nil {
		return Errorf(ErrProtocol, "provider returned no withdrawal")
	}
	if !w.Status.Valid() {
		return Errorf(ErrProtocol, "provider returned status %q", string(w.Status))
	}
	if orderID != "" && w.OrderID != "" && w.OrderID != orderID {
		return &Error{Kind: ErrAmountMismatch, Message: "answer is for payout " + w.OrderID + ", not " + orderID}
	}
	if !want.IsZero() && !w.Amount.IsZero() && !w.Amount.Equal(want) {
		return &Error{Kind: ErrAmountMismatch, Message: "provider reports " + w.Amount.String() + ", requested " + want.String()}
	}
	return nil
}

// WithdrawalStatus looks a payout up by the provider's id or the merchant's
// order id (exactly one of them).
func (c *Client) WithdrawalStatus(ctx context.Context, q WithdrawalQuery) (*Withdrawal, error) {
	const op = OpWithdrawalStatus
	start := c.opts.Now()
	w, ok := c.p.(Withdrawer)
	if !ok || !c.caps.Supports(op) {
		return finish[Withdrawal](ctx, c, op, start, nil, c.unsupported(op))
	}
	var err error
	switch {
	case q.ID != "" && q.OrderID != "":
		err = invalidf("give the payout id or the order id, not both")
	case q.ID != "":
		err = c.validID("payout id", q.ID)
	default:
		err = c.validOrderID("order id", q.OrderID)
	}
	if err != nil {
		return finish[Withdrawal](ctx, c, op, start, nil, err, slog.String("payout_id", q.ID), slog.String("order_id", q.OrderID))
	}
	var res *Withdrawal
	err = c.retry(ctx, func() error {
		var err error
		res, err = w.WithdrawalStatus(ctx, q)
		return err
	})
	if err == nil {
		err = checkWithdrawal(q.OrderID, Money{}, res)
	}
	return finish(ctx, c, op, start, res, err, slog.String("payout_id", q.ID), slog.String("order_id", q.OrderID))
}

// VerifyWebhook checks an incoming webhook request and returns the verified
// event. The body is read through a size limit (Options.MaxWebhookBytes).
// Errors wrap ErrInvalidSignature for a missing, malformed or wrong
// signature and ErrInvalidRequest for a body that cannot be parsed.
func (c *Client) VerifyWebhook(ctx context.Context, r *http.Request) (*Event, error) {
	start := c.opts.Now()
	ev, err := c.verifyWebhook(ctx, r)
	var attrs []slog.Attr
	if ev != nil {
		attrs = []slog.Attr{slog.String("event_id", ev.ID), slog.String("order_id", ev.OrderID)}
	}
	return finish(ctx, c, OpVerifyWebhook, start, ev, err, attrs...)
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

func checkEvent(ev *Event) error {
	switch {
	case ev == nil:
		return Errorf(ErrProtocol, "provider returned no event")
	case ev.ID == "":
		return Errorf(ErrProtocol, "event has no id")
	case !ev.Status.Valid():
		return Errorf(ErrProtocol, "event has status %q", string(ev.Status))
	}
	if !ev.Amount.IsZero() {
		if err := ev.Amount.Validate(); err != nil {
			return &Error{Kind: ErrInvalidRequest, Message: "webhook amount", Err: err}
		}
	}
	return nil
}
