package payments_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/eventstoretest"
)

// MemoryStore passes the EventStore contract suite.
func TestMemoryStoreContract(t *testing.T) {
	t.Parallel()
	eventstoretest.Run(t, eventstoretest.Harness{
		New: func(_ *testing.T, now func() time.Time) payments.EventStore {
			return &payments.MemoryStore{Retention: time.Hour, Now: now}
		},
		Retention: time.Hour,
	})
}

// The zero MemoryStore is ready and keeps handled keys for DefaultRetention.
func TestMemoryStoreZeroValue(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s := &payments.MemoryStore{Now: func() time.Time { return now }}
	c, err := s.Claim(ctx, "k", time.Minute)
	if err != nil || c.State != payments.ClaimAcquired {
		t.Fatalf("Claim = %+v, %v; want acquired", c, err)
	}
	if err := s.Complete(ctx, c); err != nil {
		t.Fatal(err)
	}
	now = now.Add(payments.DefaultRetention - time.Second)
	if c, _ := s.Claim(ctx, "k", time.Minute); c.State != payments.ClaimDone {
		t.Errorf("Claim just before DefaultRetention = %v, want done", c.State)
	}
	now = now.Add(2 * time.Second)
	if c, _ := s.Claim(ctx, "k", time.Minute); c.State != payments.ClaimAcquired {
		t.Errorf("Claim just after DefaultRetention = %v, want acquired", c.State)
	}
	var zero payments.MemoryStore // no clock either
	if c, err := zero.Claim(ctx, "k", time.Minute); err != nil || c.State != payments.ClaimAcquired {
		t.Errorf("zero MemoryStore: Claim = %+v, %v; want acquired", c, err)
	}
}

// Beyond MaxKeys handled keys the oldest is forgotten; claims in progress
// are not counted and never forgotten.
func TestMemoryStoreMaxKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s := &payments.MemoryStore{MaxKeys: 3, Now: func() time.Time { return now }}
	claim := func(key string) payments.Claim {
		t.Helper()
		c, err := s.Claim(ctx, key, time.Hour)
		if err != nil {
			t.Fatalf("Claim(%q): %v", key, err)
		}
		return c
	}
	var held []payments.Claim
	for i := range 5 {
		held = append(held, claim("held-"+strconv.Itoa(i)))
	}
	for i := range 5 {
		now = now.Add(time.Second)
		if err := s.Complete(ctx, claim("done-"+strconv.Itoa(i))); err != nil {
			t.Fatal(err)
		}
	}
	for i, want := range []payments.ClaimState{payments.ClaimAcquired, payments.ClaimAcquired, payments.ClaimDone, payments.ClaimDone, payments.ClaimDone} {
		if got := claim("done-" + strconv.Itoa(i)).State; got != want {
			t.Errorf("done-%d with MaxKeys 3: %v, want %v", i, got, want)
		}
	}
	for _, c := range held {
		if got := claim(c.Key).State; got != payments.ClaimBusy {
			t.Errorf("%s, claimed before 5 keys were completed: %v, want busy (never forgotten)", c.Key, got)
		}
		if err := s.Complete(ctx, c); err != nil {
			t.Errorf("Complete(%s): %v", c.Key, err)
		}
	}
}
