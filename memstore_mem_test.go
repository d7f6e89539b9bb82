package payments_test

import (
	"context"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/paykit/payments"
)

// memoryEvents is how many unique events TestMemoryStoreMemoryIsFlat feeds
// a store: 1,000,000 (a few seconds under the race detector), or 200,000
// with -short.
func memoryEvents() int {
	if testing.Short() {
		return 200_000
	}
	return 1_000_000
}

// Issue 9: MemoryStore kept every handled key for ever (about 84 MiB per
// million payments). Fed a million unique events, it now keeps the live
// heap under a fixed bound, forgetting by its cap or by its retention.
// Not parallel: it measures the process's heap.
func TestMemoryStoreMemoryIsFlat(t *testing.T) {
	const bound = 4 << 20 // bytes of live heap the store may hold
	tests := []struct {
		name      string
		maxKeys   int
		retention time.Duration
		step      time.Duration // the clock's advance per event
		remembers int           // how many of the latest keys must be done
	}{
		{name: "MaxKeys 10000", maxKeys: 10_000, remembers: 10_000},
		{name: "Retention 1h, one event a second", retention: time.Hour, step: time.Second, remembers: 3599},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			now := testNow
			s := &payments.MemoryStore{MaxKeys: tt.maxKeys, Retention: tt.retention, Now: func() time.Time { return now }}
			key := func(i int) string { return "robokassa:shop-1:" + strconv.Itoa(i) }
			base := liveHeap()
			n := memoryEvents()
			peak := int64(0)
			for i := range n {
				c, err := s.Claim(ctx, key(i), time.Minute)
				if err != nil || c.State != payments.ClaimAcquired {
					t.Fatalf("Claim(%d) = %+v, %v", i, c, err)
				}
				if err := s.Complete(ctx, c); err != nil {
					t.Fatalf("Complete(%d): %v", i, err)
				}
				now = now.Add(tt.step)
				if (i+1)%(n/4) == 0 {
					peak = max(peak, liveHeap()-base)
				}
			}
			t.Logf("%d events: live heap at most %d KiB above the start (bound %d KiB)", n, peak>>10, bound>>10)
			if peak > bound {
				t.Errorf("live heap grew by %d KiB, want under %d KiB", peak>>10, bound>>10)
			}
			// It still does its job: the latest keys are done, the first forgotten.
			for _, i := range []int{n - 1, n - tt.remembers} {
				if c, _ := s.Claim(ctx, key(i), time.Minute); c.State != payments.ClaimDone {
					t.Errorf("event %d of %d: %v, want done", i, n, c.State)
				}
			}
			if c, _ := s.Claim(ctx, key(0), time.Minute); c.State != payments.ClaimAcquired {
				t.Errorf("the first event: %v, want forgotten (acquired)", c.State)
			}
			runtime.KeepAlive(s)
		})
	}
}

// liveHeap is the heap in use after a collection.
func liveHeap() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// BenchmarkMemoryStore claims and completes unique events with a store at
// its cap (so each event also forgets one), next to the floor: a bare map
// insert of the same key. Besides the allocations per event it reports the
// live heap per remembered key ("live-B/key", key bytes not counted: the
// keys exist before the loop in both).
func BenchmarkMemoryStore(b *testing.B) {
	const maxKeys = 10_000
	keys := make([]string, 2*maxKeys)
	for i := range keys {
		keys[i] = "robokassa:shop-1:" + strconv.Itoa(i)
	}
	b.Run("ClaimComplete", func(b *testing.B) {
		ctx := context.Background()
		base := liveHeap()
		s := &payments.MemoryStore{MaxKeys: maxKeys, Now: func() time.Time { return testNow }}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			c, err := s.Claim(ctx, keys[i%len(keys)], time.Minute)
			if err != nil || c.State != payments.ClaimAcquired {
				b.Fatalf("Claim = %+v, %v", c, err)
			}
			if err := s.Complete(ctx, c); err != nil {
				b.Fatal(err)
			}
			i++
		}
		b.ReportMetric(float64(liveHeap()-base)/float64(min(i, maxKeys)), "live-B/key")
		runtime.KeepAlive(s)
	})
	b.Run("FloorMapInsert", func(b *testing.B) {
		base := liveHeap()
		m := make(map[string]int64)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			k := keys[i%len(keys)]
			if len(m) >= maxKeys {
				delete(m, keys[(i-maxKeys)%len(keys)])
			}
			m[k] = int64(i)
			i++
		}
		b.ReportMetric(float64(liveHeap()-base)/float64(len(m)), "live-B/key")
		runtime.KeepAlive(m)
	})
}
