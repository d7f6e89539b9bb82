package pgstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
	"github.com/paykit/payments/internal/pgtest"
	"github.com/paykit/payments/pgstore"
)

// Prune deletes, in batches, the keys handled longer than the retention
// ago and the claims whose lease ran out that long ago, and never a live
// claim, however old, nor a key handled within the retention.
func TestPrune(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	s := newStore(t, pgtest.Pool(t, db, "prune"), db, pgstore.Options{Retention: time.Hour, PruneBatch: 3})
	ctx := context.Background()
	live, err := s.Claim(ctx, "live", 48*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	tbl := pgstore.DefaultTable
	pgtest.Exec(t, db, "INSERT INTO "+tbl+" (key, token, done_at) SELECT 'old'||i, 'x'||i, now() - interval '2 hours' FROM generate_series(1, 10) i")
	pgtest.Exec(t, db, "INSERT INTO "+tbl+" (key, token, done_at) VALUES ('recent', 'r', now() - interval '59 minutes')")
	pgtest.Exec(t, db, "INSERT INTO "+tbl+" (key, token, expires) VALUES ('crashed-long-ago', 'c', now() - interval '2 hours'), ('crashed-lately', 'l', now() - interval '1 minute')")
	// The live claim was taken long ago: its lease is live but older than the retention.
	pgtest.Exec(t, db, "UPDATE "+tbl+" SET expires = now() + interval '1 minute' WHERE key = 'live'")
	n, err := s.Prune(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 11 {
		t.Errorf("Prune deleted %d rows, want 11", n)
	}
	var left []string
	rows, err := pgtest.Pool(t, db, "prune-check").Query(ctx, "SELECT key FROM "+tbl+" ORDER BY key")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		left = append(left, k)
	}
	if diff := cmp.Diff([]string{"crashed-lately", "live", "recent"}, left); diff != "" {
		t.Errorf("keys left (-want +got):\n%s", diff)
	}
	if c, err := s.Claim(ctx, "recent", time.Minute); err != nil || c.State != payments.ClaimDone {
		t.Errorf("Claim(recent) = %v, %v; want done", c.State, err)
	}
	if err := s.Complete(ctx, live); err != nil {
		t.Errorf("Complete of the live claim after Prune: %v", err)
	}
	if n, err := s.Prune(ctx); err != nil || n != 0 {
		t.Errorf("second Prune: %d, %v; want 0, nil", n, err)
	}
}

// PruneEvery prunes on its schedule and stops with its context.
func TestPruneEvery(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	s := newStore(t, pgtest.Pool(t, db, "prune"), db, pgstore.Options{Retention: time.Hour})
	pgtest.Exec(t, db, "INSERT INTO "+pgstore.DefaultTable+" (key, token, done_at) VALUES ('old', 'x', now() - interval '2 hours')")
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error)
	go func() { errc <- s.PruneEvery(ctx, 20*time.Millisecond, func(err error) { t.Error(err) }) }()
	deadline := time.Now().Add(10 * time.Second)
	for pgtest.Int(t, db, "SELECT count(*) FROM "+pgstore.DefaultTable) != 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-errc; err != context.Canceled {
		t.Errorf("PruneEvery returned %v, want context.Canceled", err)
	}
	if n := pgtest.Int(t, db, "SELECT count(*) FROM "+pgstore.DefaultTable); n != 0 {
		t.Errorf("%d rows left, want 0", n)
	}
}
