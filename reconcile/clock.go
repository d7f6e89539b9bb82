package reconcile

import (
	"context"
	"time"
)

// Clock is the worker's time: what time it is, and waiting. Tests inject
// one whose Sleep advances its time at once and records the waits.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// Sleep waits d, or until ctx is done, and then returns ctx's error.
	Sleep(ctx context.Context, d time.Duration) error
}

// realClock is the wall clock.
type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// limiter spaces lookups at least 1/rate apart (no burst).
type limiter struct {
	next time.Time // the earliest time of the next lookup
}

// wait sleeps until the next lookup may go and reserves the slot after it.
func (l *limiter) wait(ctx context.Context, c Clock, rate float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := c.Now()
	if d := l.next.Sub(now); d > 0 {
		if err := c.Sleep(ctx, d); err != nil {
			return err
		}
		now = l.next
	}
	l.next = now.Add(time.Duration(float64(time.Second) / rate))
	return nil
}
