package payments

import (
	"context"
	"errors"
	"time"
)

// RetryPolicy says how reads (status, balance, refund and withdrawal status)
// are retried when the provider is unavailable or rate limits. Waits double
// from InitialDelay up to MaxDelay. A provider's Retry-After (see
// [Error.RetryAfter]) is honoured: the Client waits at least that long, and
// when it asks for more than MaxDelay the Client stops retrying and returns
// the error. Retrying also stops, with the last error, when the next wait
// would pass the context's deadline, and ends early when the context is
// done.
type RetryPolicy struct {
	// MaxAttempts is the total number of tries; zero means 3, 1 disables
	// retries.
	MaxAttempts int
	// InitialDelay is the first wait; zero means 200ms.
	InitialDelay time.Duration
	// MaxDelay caps the wait; zero means 5s.
	MaxDelay time.Duration
}

// retry runs fn up to MaxAttempts times while it fails with ErrUnavailable
// or ErrRateLimited, waiting between tries as RetryPolicy says. Only reads
// use it.
func (c *Client) retry(ctx context.Context, fn func() error) error {
	delay := min(c.opts.Retry.InitialDelay, c.opts.Retry.MaxDelay)
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := fn()
		if err == nil || attempt >= c.opts.Retry.MaxAttempts ||
			!(errors.Is(err, ErrUnavailable) || errors.Is(err, ErrRateLimited)) {
			return err
		}
		wait := max(delay, retryAfter(err))
		if wait > c.opts.Retry.MaxDelay {
			// The provider asked for a longer pause than the policy allows.
			return err
		}
		if deadline, ok := ctx.Deadline(); ok && time.Now().Add(wait).After(deadline) {
			return err
		}
		if err := c.sleep(ctx, wait); err != nil {
			return err
		}
		delay = min(delay*2, c.opts.Retry.MaxDelay)
	}
}

// retryAfter returns the wait the provider asked for in err, if any.
func retryAfter(err error) time.Duration {
	var pe *Error
	if errors.As(err, &pe) {
		return pe.RetryAfter
	}
	return 0
}

// sleepCtx waits d, or returns ctx's error if ctx is done first.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
