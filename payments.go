package payments

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// Options configures a Client. The zero value (or nil) means the defaults.
type Options struct {
	// Logger receives one record per operation (debug on success, warn on
	// failure) and one per webhook delivery to Client.WebhookHandler. Nil
	// means no logging. Card data and secrets never reach it.
	Logger *slog.Logger
	// Observer, if set, is told about every operation and every webhook
	// delivery to Client.WebhookHandler, for tracing and metrics (the
	// otelpayments package adapts it to OpenTelemetry). Nil means none, at
	// no cost. Card data and secrets never reach it.
	Observer Observer
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
	// SentRefunds is where the Client records the refund references it
	// sent to a provider that does not declare
	// Capabilities.IdempotentRefunds, so that the same reference is never
	// sent twice: Client.Refund claims the key (provider name, order id,
	// reference) before it calls the provider, refuses a reference already
	// claimed with ErrDuplicate, keeps the claim when the provider
	// accepted the refund or its answer was lost (ErrOutcomeUnknown), and
	// releases it when the provider refused the request, so that a
	// corrected retry can go. A claim is held for SentRefundLease. Nil
	// means a MemoryStore of this Client's own, which remembers a
	// reference for DefaultRetention (the DefaultMaxKeys most recent
	// ones at most) and forgets everything when the process ends.
	//
	// An app that runs several instances, or refunds from several Clients
	// of one provider, must give them all one shared store (a database
	// store), or an instance would send a reference another one already
	// sent. The store may be the one Client.WebhookHandler uses: refund
	// keys start with "refund/" and cannot collide with event keys.
	SentRefunds EventStore
}

// SentRefundLease is how long Client.Refund holds its claim on a refund
// reference while the provider answers: 35 days, as long as
// DefaultRetention. A holder that crashed mid-call may have refunded, so
// its claim must not expire quickly and let the reference be sent again;
// a stuck reference is resolved by looking the refund up, or by choosing a
// new reference once the refund is known not to have been made.
const SentRefundLease = DefaultRetention

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
	if c.opts.SentRefunds == nil {
		c.opts.SentRefunds = &MemoryStore{Now: c.opts.Now}
	}
	return c, nil
}

// Provider returns the provider the Client dispatches to, for reaching its
// provider-specific extras with a type assertion.
func (c *Client) Provider() Provider { return c.p }

// Capabilities returns what the provider declares.
func (c *Client) Capabilities() Capabilities { return c.caps }
