package pgstore_test

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/paykit/payments/internal/pgtest"
)

// Three instances, each with its own pool, receive 1,000 concurrent
// deliveries of one event: the app's function runs once, the order is
// updated once, every delivery is acknowledged or told to retry (409),
// and a retry after that is acknowledged without running it again.
func TestThreeInstancesOneEffect(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		tx   bool
	}{{"plain", false}, {"transactional", true}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db := pgtest.New(t)
			newApp(t, db, "o1")
			ins := []*instance{
				newInstance(t, db, "a", instanceOptions{tx: tt.tx}),
				newInstance(t, db, "b", instanceOptions{tx: tt.tx}),
				newInstance(t, db, "c", instanceOptions{tx: tt.tx}),
			}
			const n = 1000
			codes := make([]int, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() { codes[i] = ins[i%3].deliver(context.Background(), paid("evt_1", "o1")) })
			}
			wg.Wait()
			count := map[int]int{}
			for _, c := range codes {
				count[c]++
			}
			if count[http.StatusOK] == 0 || count[http.StatusOK]+count[http.StatusConflict] != n {
				t.Errorf("answers %v, want only 200 and 409, at least one 200", count)
			}
			if code := ins[1].deliver(context.Background(), paid("evt_1", "o1")); code != http.StatusOK {
				t.Errorf("a retry after the load: %d, want 200", code)
			}
			runs := ins[0].runs.Load() + ins[1].runs.Load() + ins[2].runs.Load()
			if runs != 1 {
				t.Errorf("the app's function ran %d times, want 1", runs)
			}
			if got := effects(t, db, "o1"); got != 1 {
				t.Errorf("order o1 updated %d times, want 1", got)
			}
			if got := pgtest.Int(t, db, "SELECT count(*) FROM runs"); got != 1 {
				t.Errorf("%d committed runs, want 1", got)
			}
		})
	}
}
