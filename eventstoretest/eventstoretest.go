// Package eventstoretest checks an implementation of payments.EventStore
// against the de-dup contract documented on that interface. A store's
// tests call [Run]:
//
//	func TestStore(t *testing.T) {
//		eventstoretest.Run(t, eventstoretest.Harness{
//			New: func(t *testing.T, now func() time.Time) payments.EventStore {
//				return mystore.New(db, mystore.Options{Now: now, Retention: time.Hour})
//			},
//			Retention: time.Hour,
//		})
//	}
//
// # Scenarios
//
// Each scenario is a named subtest, with a fresh store from Harness.New,
// and its failures say which rule was broken: claim, complete and release;
// a done key stays done; concurrent claims of a key (exactly one wins);
// takeover of a claim whose lease expired; stale owner tokens refused
// (ErrClaimLost) without changing anything; retention forgets old done
// keys but never a live claim; non-positive leases; cancelled contexts.
//
// # Time
//
// Leases and retention are tested without waiting: the suite passes its own
// clock to Harness.New and moves it forward. A store that cannot take a
// clock (it reads a database server's time) sets Harness.RealTime with a
// short Lease and Retention, and the suite waits for real.
package eventstoretest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/paykit/payments"
)

// Harness describes the store under test. It is a struct so that it can
// gain fields without breaking the stores' tests.
type Harness struct {
	// New returns a new, empty store (or one whose keys no other scenario
	// uses) that reads the time from now and keeps handled keys for
	// Retention. Required.
	New func(t *testing.T, now func() time.Time) payments.EventStore
	// Retention is the retention of New's stores. Required.
	Retention time.Duration
	// Lease is the lease the suite claims with; zero means one minute.
	Lease time.Duration
	// RealTime says that New's stores ignore now and read the real time:
	// the suite then passes time.Now and sleeps to let leases and
	// retention run out, so Lease and Retention should be short (such as
	// 50ms and 200ms).
	RealTime bool
}

// clock is the time a scenario's store reads.
type clock struct {
	mu   sync.Mutex
	t    time.Time
	real bool
}

func (c *clock) now() time.Time {
	if c.real {
		return time.Now()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	if c.real {
		time.Sleep(d)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is one scenario's store and clock.
type env struct {
	t     *testing.T
	s     payments.EventStore
	clock *clock
	lease time.Duration
	ret   time.Duration
}

// slack is how far past a deadline the suite moves the clock: a little for
// a settable clock, more for real time, where the store's clock and the
// suite's may differ slightly.
func (e *env) slack() time.Duration {
	if e.clock.real {
		return e.lease/2 + 10*time.Millisecond
	}
	return time.Millisecond
}

// claim claims key for lease and checks the outcome's state.
func (e *env) claim(ctx context.Context, key string, lease time.Duration, want payments.ClaimState, why string) payments.Claim {
	e.t.Helper()
	c, err := e.s.Claim(ctx, key, lease)
	if err != nil {
		e.t.Fatalf("Claim(%q) %s: error %v, want state %v", key, why, err, want)
	}
	if c.State != want {
		e.t.Fatalf("Claim(%q) %s: state %v, want %v", key, why, c.State, want)
	}
	if c.Key != key {
		e.t.Errorf("Claim(%q) %s: Claim.Key = %q", key, why, c.Key)
	}
	if (c.Token != "") != (want == payments.ClaimAcquired) {
		e.t.Errorf("Claim(%q) %s: Token %q for state %v; only an acquired claim has one", key, why, c.Token, c.State)
	}
	return c
}

// lost checks that err wraps payments.ErrClaimLost.
func (e *env) lost(err error, what string) {
	e.t.Helper()
	if !errors.Is(err, payments.ErrClaimLost) {
		e.t.Fatalf("%s: error %v, want one wrapping payments.ErrClaimLost", what, err)
	}
}

// ok checks that err is nil.
func (e *env) ok(err error, what string) {
	e.t.Helper()
	if err != nil {
		e.t.Fatalf("%s: %v", what, err)
	}
}

// Run runs every scenario against the store h describes, each as a
// parallel subtest.
func Run(t *testing.T, h Harness) {
	t.Helper()
	if h.New == nil || h.Retention <= 0 {
		t.Fatal("eventstoretest: Harness.New and a positive Harness.Retention are required")
	}
	lease := h.Lease
	if lease <= 0 {
		lease = time.Minute
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			c := &clock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), real: h.RealTime}
			e := &env{t: t, clock: c, lease: lease, ret: h.Retention}
			e.s = h.New(t, c.now)
			if e.s == nil {
				t.Fatal("Harness.New returned nil")
			}
			t.Log(sc.rule)
			sc.run(e)
		})
	}
}
