package reconcile_test

import (
	"strconv"
	"testing"
	"time"
)

// BenchmarkOncePaid is one pass over 100 pending orders that were all paid
// and already handled (the steady state of a reconciler whose webhooks
// arrive): a lookup and a claim that finds the event done, per order.
func BenchmarkOncePaid(b *testing.B) {
	ids := make([]string, 100)
	for i := range ids {
		ids[i] = strconv.Itoa(i + 1)
	}
	s := newSetup(b, ids...)
	for _, id := range ids {
		if err := s.fake.MarkPaid(id); err != nil {
			b.Fatal(err)
		}
	}
	s.worker.RateLimit = 1e9
	ctx := b.Context()
	b.ReportAllocs()
	for b.Loop() {
		if err := s.worker.Once(ctx); err != nil {
			b.Fatal(err)
		}
		_ = s.clock.Sleep(ctx, 365*24*time.Hour) // every order due again
	}
}
