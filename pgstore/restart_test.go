package pgstore_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paykit/payments/internal/pgtest"
)

// PostgreSQL restarts (pg_ctl restart) in the middle of a load of 150
// events delivered to two instances by a provider that retries until it
// gets a 2xx: deliveries during the outage get a 5xx, and after it no
// event is lost. With the transactional option every event is applied
// exactly once. With the plain store an event whose update committed just
// as the connection died (the commit's answer lost) may be applied again
// by the retry, which is why its function must be idempotent: the test
// requires at least once and logs any repeat.
func TestPostgresRestartsMidLoad(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		tx   bool
	}{{"plain", false}, {"transactional", true}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := pgtest.NewServer(t)
			db := pgtest.NewOn(t, srv.URL)
			const events = 150
			var ids []string
			for i := range events {
				ids = append(ids, fmt.Sprintf("o%d", i))
			}
			newApp(t, db, ids...)
			o := instanceOptions{tx: tt.tx, lease: 500 * time.Millisecond}
			ins := []*instance{newInstance(t, db, "a", o), newInstance(t, db, "b", o)}

			var acked, failed atomic.Int64
			restarted := make(chan struct{})
			work := make(chan int)
			var wg sync.WaitGroup
			for w := range 8 {
				wg.Go(func() {
					for i := range work {
						giveUp := time.Now().Add(time.Minute)
						for attempt := 0; ; attempt++ {
							if time.Now().After(giveUp) {
								t.Errorf("event %d: no 200 in a minute of retries", i)
								break
							}
							code := ins[(w+attempt)%2].deliver(context.Background(), paid(fmt.Sprintf("evt_%d", i), ids[i]))
							if code == http.StatusOK {
								acked.Add(1)
								break
							}
							if code >= 500 {
								failed.Add(1)
							}
							time.Sleep(20 * time.Millisecond)
						}
					}
				})
			}
			go func() {
				for acked.Load() < events/3 {
					time.Sleep(5 * time.Millisecond)
				}
				if err := srv.Restart(); err != nil {
					t.Error(err)
				}
				close(restarted)
			}()
			for i := range events {
				work <- i
			}
			close(work)
			wg.Wait()
			<-restarted
			if failed.Load() == 0 {
				t.Error("no delivery got a 5xx during the restart")
			}
			if n := pgtest.Int(t, db, "SELECT count(*) FROM orders WHERE effects = 0"); n != 0 {
				t.Errorf("%d events lost: orders never updated", n)
			}
			repeats := pgtest.Int(t, db, "SELECT count(*) FROM orders WHERE effects > 1")
			if tt.tx && repeats != 0 {
				t.Errorf("%d orders updated more than once with the transactional option", repeats)
			}
			if n := pgtest.Int(t, db, "SELECT count(*) FROM runs"); tt.tx && n != events {
				t.Errorf("the app's function committed %d times, want %d", n, events)
			}
			if repeats != 0 {
				t.Logf("%d orders updated again by a retry (plain store: a commit whose answer was lost)", repeats)
			}
			t.Logf("%d deliveries answered 5xx; the function ran %d times for %d events",
				failed.Load(), ins[0].runs.Load()+ins[1].runs.Load(), events)
		})
	}
}
