package pgstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/eventstoretest"
	"github.com/paykit/payments/internal/pgtest"
	"github.com/paykit/payments/pgstore"
)

// The store passes the EventStore contract suite unchanged. It reads the
// database server's clock, so the suite runs in real time.
func TestStoreContract(t *testing.T) {
	t.Parallel()
	const retention = 600 * time.Millisecond
	eventstoretest.Run(t, eventstoretest.Harness{
		New: func(t *testing.T, _ func() time.Time) payments.EventStore {
			db := pgtest.New(t)
			return newStore(t, pgtest.Pool(t, db, "contract"), db, pgstore.Options{Retention: retention})
		},
		Retention: retention,
		Lease:     300 * time.Millisecond,
		RealTime:  true,
	})
}

// New refuses a nil pool and negative options.
func TestNewRefuses(t *testing.T) {
	t.Parallel()
	if _, err := pgstore.New(nil, nil); err == nil {
		t.Error("New(nil pool): no error")
	}
	db := pgtest.New(t)
	pool := pgtest.Pool(t, db, "new")
	for _, o := range []pgstore.Options{{Retention: -time.Second}, {PruneBatch: -1}} {
		if _, err := pgstore.New(pool, &o); !errors.Is(err, payments.ErrInvalidRequest) {
			t.Errorf("New(%+v): error %v, want ErrInvalidRequest", o, err)
		}
	}
}

// A Claim's store error (the table does not exist) is returned, not
// reported as a claim state.
func TestClaimStoreError(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	s, err := pgstore.New(pgtest.Pool(t, db, "err"), &pgstore.Options{Schema: db.Schema})
	if err != nil {
		t.Fatal(err)
	}
	if c, err := s.Claim(context.Background(), "k", time.Minute); err == nil {
		t.Errorf("Claim before Migrate: %+v, want an error", c)
	}
}
