package pgstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/internal/pgtest"
	"github.com/paykit/payments/pgstore"
)

// Eight instances, each with its own pool, migrate one new schema and
// table at once, then again: every run succeeds, each version is recorded
// once, and the store works.
func TestMigrateTwiceAndConcurrently(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	o := &pgstore.Options{Schema: db.Schema + "_events", Table: `odd "name"`}
	var stores []*pgstore.Store
	for i := range 8 {
		s, err := pgstore.New(pgtest.Pool(t, db, "migrate"+string(rune('a'+i))), o)
		if err != nil {
			t.Fatal(err)
		}
		stores = append(stores, s)
	}
	t.Cleanup(func() { pgtest.Exec(t, db, `DROP SCHEMA IF EXISTS "`+o.Schema+`" CASCADE`) })
	ctx := context.Background()
	for round := range 2 {
		var wg sync.WaitGroup
		errs := make([]error, len(stores))
		for i, s := range stores {
			wg.Go(func() { errs[i] = s.Migrate(ctx) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("round %d: Migrate of instance %d: %v", round+1, i, err)
			}
		}
	}
	if n := pgtest.Int(t, db, `SELECT count(*) FROM "`+o.Schema+`"."odd ""name""_migrations" WHERE version = 1`); n != 1 {
		t.Errorf("version 1 recorded %d times, want 1", n)
	}
	c, err := stores[0].Claim(ctx, "k", time.Minute)
	if err != nil || c.State != payments.ClaimAcquired {
		t.Fatalf("Claim after Migrate: %v, %v", c.State, err)
	}
	if err := stores[1].Complete(ctx, c); err != nil {
		t.Fatalf("Complete through another instance: %v", err)
	}
	if c, err := stores[2].Claim(ctx, "k", time.Minute); err != nil || c.State != payments.ClaimDone {
		t.Errorf("Claim through a third instance: %v, %v; want done", c.State, err)
	}
}
