package pgstore_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/paykit/payments"
	"github.com/paykit/payments/internal/pgtest"
	"github.com/paykit/payments/pgstore"
)

// deadStore is the store of an instance that died: it still claimed the
// event, but neither completes nor releases anything afterwards.
type deadStore struct{ payments.EventStore }

var errDead = errors.New("the instance died")

func (deadStore) Complete(context.Context, payments.Claim) error { return errDead }
func (deadStore) Release(context.Context, payments.Claim) error  { return errDead }

// An instance dies in the middle of the app's function (its request's
// context cancelled, its connections killed with pg_terminate_backend, no
// Release): its order update is rolled back; the provider's retry is told
// to come back while the lease is live, and the retry after the lease
// expired is handled by another instance, once.
func TestInstanceDiesMidFunction(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		tx   bool
	}{{"plain", false}, {"transactional", true}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db := pgtest.New(t)
			newApp(t, db, "o1")
			const lease = 2 * time.Second
			inside := make(chan struct{})
			dying := newInstance(t, db, "dying_"+tt.name, instanceOptions{
				tx: tt.tx, lease: lease,
				store: func(s *pgstore.Store) payments.EventStore { return deadStore{s} },
				fn: func(ctx context.Context, tx pgx.Tx, ev *payments.Event) error {
					if _, err := tx.Exec(ctx, applySQL, ev.OrderID, string(ev.Status)); err != nil {
						return err
					}
					close(inside)
					<-ctx.Done()
					_, err := tx.Exec(context.Background(), "SELECT 1")
					return err
				},
			})
			other := newInstance(t, db, "other_"+tt.name, instanceOptions{tx: tt.tx, lease: lease})
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan int)
			start := time.Now()
			go func() { done <- dying.deliver(ctx, paid("evt_1", "o1")) }()
			select {
			case <-inside:
			case code := <-done:
				t.Fatalf("the dying delivery answered %d before the function ran", code)
			}
			pgtest.Exec(t, db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", dying.name)
			cancel()
			if code := <-done; code < 500 {
				t.Errorf("the dying delivery answered %d, want a 5xx", code)
			}
			if got := effects(t, db, "o1"); got != 0 {
				t.Fatalf("order o1 updated %d times by the dead instance, want 0 (rolled back)", got)
			}
			if time.Since(start) < lease/2 {
				if code := other.deliver(context.Background(), paid("evt_1", "o1")); code != http.StatusConflict {
					t.Errorf("a retry within the lease: %d, want 409", code)
				}
			}
			time.Sleep(time.Until(start.Add(lease + 200*time.Millisecond)))
			for i := range 2 {
				if code := other.deliver(context.Background(), paid("evt_1", "o1")); code != http.StatusOK {
					t.Errorf("retry %d after the lease expired: %d, want 200", i+1, code)
				}
			}
			if got := dying.runs.Load(); got != 1 {
				t.Errorf("the dying instance ran the function %d times, want 1", got)
			}
			if got := other.runs.Load(); got != 1 {
				t.Errorf("the surviving instance ran the function %d times, want 1", got)
			}
			if got := effects(t, db, "o1"); got != 1 {
				t.Errorf("order o1 updated %d times, want 1", got)
			}
		})
	}
}
