package pgstore_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/paykit/payments"
	"github.com/paykit/payments/internal/pgtest"
	"github.com/paykit/payments/pgstore"
)

// errorLog collects the errors a handler reports.
type errorLog struct {
	mu   sync.Mutex
	errs []error
}

func (l *errorLog) add(err error) { l.mu.Lock(); l.errs = append(l.errs, err); l.mu.Unlock() }

func (l *errorLog) list() []error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]error(nil), l.errs...)
}

// doneRows counts the keys recorded as handled in db's events table.
func doneRows(t *testing.T, db pgtest.DB) int64 {
	t.Helper()
	return pgtest.Int(t, db, "SELECT count(*) FROM "+pgstore.DefaultTable+" WHERE done_at IS NOT NULL")
}

// When the de-dup record cannot be written (here a deferred constraint
// trigger refuses it at COMMIT, after the app's update), the order update
// rolls back with it, the delivery gets 500, and the retry is handled once.
func TestTransactionalRecordFailsRollsBackOrder(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	newApp(t, db, "o1")
	in := newInstance(t, db, "a", instanceOptions{tx: true})
	pgtest.Exec(t, db, `CREATE FUNCTION refuse_done() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
CREATE CONSTRAINT TRIGGER refuse_done AFTER UPDATE ON `+pgstore.DefaultTable+`
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.done_at IS NOT NULL) EXECUTE FUNCTION refuse_done()`)
	if code := in.deliver(context.Background(), paid("evt_1", "o1")); code != http.StatusInternalServerError {
		t.Errorf("delivery whose record fails: %d, want 500", code)
	}
	if got := effects(t, db, "o1"); got != 0 {
		t.Errorf("order o1 updated %d times although the record failed, want 0", got)
	}
	if got := doneRows(t, db); got != 0 {
		t.Errorf("%d keys recorded as handled, want 0", got)
	}
	pgtest.Exec(t, db, "DROP TRIGGER refuse_done ON "+pgstore.DefaultTable)
	if code := in.deliver(context.Background(), paid("evt_1", "o1")); code != http.StatusOK {
		t.Errorf("retry: %d, want 200", code)
	}
	if got, runs := effects(t, db, "o1"), in.runs.Load(); got != 1 || runs != 2 {
		t.Errorf("order o1 updated %d times, the function ran %d times; want 1 and 2", got, runs)
	}
}

// When the app's update fails, the de-dup record rolls back with it: the
// event is not recorded as handled and the provider's retry handles it.
// A success is recorded in the app's transaction and the handler's own
// Complete is accepted (no error reported).
func TestTransactionalOrderFailsRollsBackRecord(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	newApp(t, db, "o1")
	var fail atomic.Bool
	fail.Store(true)
	var reported errorLog
	in := newInstance(t, db, "a", instanceOptions{tx: true, onError: reported.add,
		fn: func(ctx context.Context, tx pgx.Tx, ev *payments.Event) error {
			if _, err := tx.Exec(ctx, applySQL, ev.OrderID, string(ev.Status)); err != nil {
				return err
			}
			if fail.Load() {
				return errors.New("app: the order update failed")
			}
			return nil
		}})
	if code := in.deliver(context.Background(), paid("evt_1", "o1")); code != http.StatusInternalServerError {
		t.Errorf("delivery whose update fails: %d, want 500", code)
	}
	if got, done := effects(t, db, "o1"), doneRows(t, db); got != 0 || done != 0 {
		t.Errorf("after a failed update: order updated %d times, %d keys done; want 0 and 0", got, done)
	}
	if got := pgtest.Int(t, db, "SELECT count(*) FROM "+pgstore.DefaultTable); got != 0 {
		t.Errorf("%d rows left in the events table, want 0 (the claim released)", got)
	}
	fail.Store(false)
	before := len(reported.list())
	for i := range 2 {
		if code := in.deliver(context.Background(), paid("evt_1", "o1")); code != http.StatusOK {
			t.Errorf("retry %d: %d, want 200", i+1, code)
		}
	}
	if errs := reported.list()[before:]; len(errs) != 0 {
		t.Errorf("handled deliveries reported %v, want nothing (the handler's Complete accepted)", errs)
	}
	if got, runs, done := effects(t, db, "o1"), in.runs.Load(), doneRows(t, db); got != 1 || runs != 2 || done != 1 {
		t.Errorf("order updated %d times, function ran %d times, %d keys done; want 1, 2, 1", got, runs, done)
	}
}

// stealingStore is a store whose every acquired claim is lost before the
// app's function runs: taken over by another holder.
type stealingStore struct{ *pgstore.Store }

func (s stealingStore) Claim(ctx context.Context, key string, lease time.Duration) (payments.Claim, error) {
	c, err := s.Store.Claim(ctx, key, lease)
	if err != nil || c.State != payments.ClaimAcquired {
		return c, err
	}
	if err := s.Store.Release(ctx, c); err != nil {
		return c, err
	}
	_, err = s.Store.Claim(ctx, key, lease)
	return c, err
}

// A claim lost before the transaction (taken over) records nothing and
// never runs the app's function: ErrClaimLost, 500.
func TestTransactionalClaimLost(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	newApp(t, db, "o1")
	var ran atomic.Int64
	var reported errorLog
	in := newInstance(t, db, "a", instanceOptions{tx: true, onError: reported.add,
		store: func(s *pgstore.Store) payments.EventStore { return stealingStore{s} },
		fn: func(ctx context.Context, tx pgx.Tx, ev *payments.Event) error {
			ran.Add(1)
			_, err := tx.Exec(ctx, applySQL, ev.OrderID, string(ev.Status))
			return err
		}})
	if code := in.deliver(context.Background(), paid("evt_1", "o1")); code != http.StatusInternalServerError {
		t.Errorf("delivery with a lost claim: %d, want 500", code)
	}
	if errs := reported.list(); len(errs) != 1 || !errors.Is(errs[0], payments.ErrClaimLost) {
		t.Errorf("reported %v, want one error wrapping ErrClaimLost", errs)
	}
	if got, done := effects(t, db, "o1"), doneRows(t, db); ran.Load() != 0 || got != 0 || done != 0 {
		t.Errorf("function ran %d times, order updated %d times, %d keys done; want 0, 0, 0", ran.Load(), got, done)
	}
}

// Outside Client.WebhookHandler there is no claim: Transactional refuses.
func TestTransactionalNeedsClaim(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	s := newStore(t, pgtest.Pool(t, db, "a"), db, pgstore.Options{})
	fn := s.Transactional(func(context.Context, pgx.Tx, *payments.Event) error {
		t.Error("the function ran without a claim")
		return nil
	})
	if err := fn(context.Background(), &payments.Event{ID: "e"}); err == nil {
		t.Error("no error without a claim")
	}
}
