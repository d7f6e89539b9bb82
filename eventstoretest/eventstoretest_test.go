package eventstoretest_test

import (
	"testing"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/eventstoretest"
)

// The suite with its settable clock, as a store's tests use it.
func TestMemoryStore(t *testing.T) {
	t.Parallel()
	eventstoretest.Run(t, eventstoretest.Harness{
		New: func(_ *testing.T, now func() time.Time) payments.EventStore {
			return &payments.MemoryStore{Retention: 24 * time.Hour, Now: now}
		},
		Retention: 24 * time.Hour,
		Lease:     5 * time.Minute,
	})
}

// The suite in real time, for a store that reads its own clock: the
// MemoryStore here ignores the suite's clock.
func TestRealTime(t *testing.T) {
	t.Parallel()
	eventstoretest.Run(t, eventstoretest.Harness{
		New: func(*testing.T, func() time.Time) payments.EventStore {
			return &payments.MemoryStore{Retention: 200 * time.Millisecond}
		},
		Retention: 200 * time.Millisecond,
		Lease:     40 * time.Millisecond,
		RealTime:  true,
	})
}
