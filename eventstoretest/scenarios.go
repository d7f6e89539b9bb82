package eventstoretest

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/paykit/payments"
)

// scenario is one rule of the contract and its check.
type scenario struct {
	name string
	rule string
	run  func(e *env)
}

var bg = context.Background()

// long is the lease of claims that must not expire during a scenario, even
// with Harness.RealTime on a busy machine.
const long = time.Hour

var scenarios = []scenario{
	{"ClaimCompleteDone", "an acquired claim, completed, makes every later Claim answer done", func(e *env) {
		c := e.claim(bg, "k", long, payments.ClaimAcquired, "of a new key")
		if now := e.clock.now(); !c.Expires.After(now) || c.Expires.After(now.Add(long+time.Second)) {
			e.t.Errorf("Claim.Expires = %v, want about %v (now + lease)", c.Expires, now.Add(long))
		}
		e.claim(bg, "k", long, payments.ClaimBusy, "while claimed")
		e.ok(e.s.Complete(bg, c), "Complete")
		for range 2 {
			e.claim(bg, "k", long, payments.ClaimDone, "after Complete")
		}
		e.clock.advance(e.lease + e.slack())
		e.claim(bg, "k", long, payments.ClaimDone, "after Complete, once the lease would have run out")
	}},
	{"KeysIndependent", "a claim on one key does not hold another", func(e *env) {
		a := e.claim(bg, "a", long, payments.ClaimAcquired, "of a new key")
		e.claim(bg, "b", long, payments.ClaimAcquired, "of another key while the first is claimed")
		e.ok(e.s.Complete(bg, a), "Complete(a)")
		e.claim(bg, "b", long, payments.ClaimBusy, "of b after a was completed")
	}},
	{"ReleaseLetsRetry", "a released claim can be claimed again, with a new token", func(e *env) {
		c := e.claim(bg, "k", long, payments.ClaimAcquired, "of a new key")
		e.ok(e.s.Release(bg, c), "Release")
		c2 := e.claim(bg, "k", long, payments.ClaimAcquired, "after Release")
		if c2.Token == c.Token {
			e.t.Errorf("the claim after Release reuses the token %q", c.Token)
		}
	}},
	{"ConcurrentClaimsOneWins", "of many concurrent Claims of a key exactly one acquires it", func(e *env) {
		const n = 32
		states := make([]payments.ClaimState, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				c, err := e.s.Claim(bg, "k", long)
				states[i], errs[i] = c.State, err
			})
		}
		wg.Wait()
		won := 0
		for i := range n {
			switch {
			case errs[i] != nil:
				e.t.Errorf("concurrent Claim %d: %v", i, errs[i])
			case states[i] == payments.ClaimAcquired:
				won++
			case states[i] != payments.ClaimBusy:
				e.t.Errorf("concurrent Claim %d: state %v, want acquired or busy", i, states[i])
			}
		}
		if won != 1 {
			e.t.Errorf("%d of %d concurrent Claims acquired the key, want exactly 1", won, n)
		}
	}},
	{"LeaseExpiryTakeover", "a claim whose lease ran out is taken over with a new token; the old token completes and releases nothing", func(e *env) {
		old := e.claim(bg, "k", e.lease, payments.ClaimAcquired, "of a new key")
		if !e.clock.real {
			e.clock.advance(e.lease - time.Millisecond)
			e.claim(bg, "k", long, payments.ClaimBusy, "just before the lease ends")
		}
		e.clock.advance(e.lease + e.slack())
		c := e.claim(bg, "k", long, payments.ClaimAcquired, "after the lease ran out (the holder crashed)")
		if c.Token == old.Token {
			e.t.Fatalf("the takeover reuses the crashed holder's token %q", c.Token)
		}
		e.lost(e.s.Complete(bg, old), "Complete with the taken-over token")
		e.claim(bg, "k", long, payments.ClaimBusy, "after a stale Complete (it must not mark the new claim done)")
		e.lost(e.s.Release(bg, old), "Release with the taken-over token")
		e.claim(bg, "k", long, payments.ClaimBusy, "after a stale Release (it must not drop the new claim)")
		e.ok(e.s.Complete(bg, c), "Complete by the new holder")
		e.claim(bg, "k", long, payments.ClaimDone, "after the new holder completed")
	}},
	{"ExpiredOwnerFinishes", "the owner of an expired lease nobody took over may complete it or get ErrClaimLost, consistently", func(e *env) {
		c := e.claim(bg, "k", e.lease, payments.ClaimAcquired, "of a new key")
		e.clock.advance(e.lease + e.slack())
		switch err := e.s.Complete(bg, c); {
		case err == nil:
			e.claim(bg, "k", long, payments.ClaimDone, "after a late Complete that succeeded")
		case errors.Is(err, payments.ErrClaimLost):
			e.claim(bg, "k", long, payments.ClaimAcquired, "after a late Complete that was refused")
		default:
			e.t.Fatalf("late Complete: %v, want nil or ErrClaimLost", err)
		}
	}},
	{"CompletedClaimIsSpent", "after Complete the claim's token neither completes again nor releases the done key", func(e *env) {
		c := e.claim(bg, "k", long, payments.ClaimAcquired, "of a new key")
		e.ok(e.s.Complete(bg, c), "Complete")
		e.lost(e.s.Complete(bg, c), "second Complete")
		e.lost(e.s.Release(bg, c), "Release after Complete")
		e.claim(bg, "k", long, payments.ClaimDone, "after a Release of a completed claim")
	}},
	{"ReleasedClaimIsSpent", "after Release the claim's token neither completes nor releases", func(e *env) {
		c := e.claim(bg, "k", long, payments.ClaimAcquired, "of a new key")
		e.ok(e.s.Release(bg, c), "Release")
		e.lost(e.s.Complete(bg, c), "Complete after Release")
		e.lost(e.s.Release(bg, c), "second Release")
		e.claim(bg, "k", long, payments.ClaimAcquired, "after a refused Complete of a released claim")
	}},
	{"ForeignClaimRefused", "a claim that never acquired the key (busy, done, forged token) completes and releases nothing", func(e *env) {
		held := e.claim(bg, "k", long, payments.ClaimAcquired, "of a new key")
		busy := e.claim(bg, "k", long, payments.ClaimBusy, "while claimed")
		e.lost(e.s.Complete(bg, busy), "Complete of a busy outcome")
		e.lost(e.s.Release(bg, busy), "Release of a busy outcome")
		forged := payments.Claim{Key: "k", State: payments.ClaimAcquired, Token: held.Token + "-forged"}
		e.lost(e.s.Complete(bg, forged), "Complete with a forged token")
		e.lost(e.s.Release(bg, forged), "Release with a forged token")
		e.lost(e.s.Complete(bg, payments.Claim{Key: "other", State: payments.ClaimAcquired, Token: held.Token}), "Complete of another key with the holder's token")
		e.claim(bg, "other", long, payments.ClaimAcquired, "of the key a stale Complete named")
		e.claim(bg, "k", long, payments.ClaimBusy, "after refused Completes and Releases")
		e.ok(e.s.Complete(bg, held), "Complete by the holder")
		done := e.claim(bg, "k", long, payments.ClaimDone, "after Complete")
		e.lost(e.s.Release(bg, done), "Release of a done outcome")
		e.claim(bg, "k", long, payments.ClaimDone, "after a refused Release of a done outcome")
	}},
	{"RetentionForgetsDone", "a done key is remembered for the retention, then claimable again", func(e *env) {
		c := e.claim(bg, "k", long, payments.ClaimAcquired, "of a new key")
		e.ok(e.s.Complete(bg, c), "Complete")
		if !e.clock.real {
			e.clock.advance(e.ret - time.Millisecond)
			e.claim(bg, "k", long, payments.ClaimDone, "just before the retention ends")
		}
		e.clock.advance(e.ret + e.slack())
		e.claim(bg, "k", long, payments.ClaimAcquired, "after the retention ended")
	}},
	{"RetentionKeepsClaims", "a live claim is never forgotten, however long past the retention", func(e *env) {
		c := e.claim(bg, "k", 2*e.ret+long, payments.ClaimAcquired, "of a new key with a lease of two retentions and an hour")
		e.clock.advance(2 * e.ret)
		e.claim(bg, "k", long, payments.ClaimBusy, "two retentions later, its lease still live")
		e.ok(e.s.Complete(bg, c), "Complete of the long claim")
		e.claim(bg, "k", long, payments.ClaimDone, "after Complete")
	}},
	{"LeaseMustBePositive", "Claim refuses a zero or negative lease with ErrInvalidRequest and records nothing", func(e *env) {
		for _, lease := range []time.Duration{0, -time.Second} {
			if _, err := e.s.Claim(bg, "k", lease); !errors.Is(err, payments.ErrInvalidRequest) {
				e.t.Errorf("Claim with lease %v: error %v, want one wrapping payments.ErrInvalidRequest", lease, err)
			}
		}
		e.claim(bg, "k", long, payments.ClaimAcquired, "after refused leases")
	}},
	{"CancelledContext", "a call with a cancelled context returns its error and changes nothing", func(e *env) {
		ctx, cancel := context.WithCancel(bg)
		cancel()
		if _, err := e.s.Claim(ctx, "k", long); !errors.Is(err, context.Canceled) {
			e.t.Fatalf("Claim with a cancelled context: error %v, want context.Canceled", err)
		}
		c := e.claim(bg, "k", long, payments.ClaimAcquired, "after a cancelled Claim")
		if err := e.s.Complete(ctx, c); !errors.Is(err, context.Canceled) {
			e.t.Fatalf("Complete with a cancelled context: error %v, want context.Canceled", err)
		}
		e.claim(bg, "k", long, payments.ClaimBusy, "after a cancelled Complete")
		if err := e.s.Release(ctx, c); !errors.Is(err, context.Canceled) {
			e.t.Fatalf("Release with a cancelled context: error %v, want context.Canceled", err)
		}
		e.claim(bg, "k", long, payments.ClaimBusy, "after a cancelled Release")
		e.ok(e.s.Complete(bg, c), "Complete with a live context")
		e.claim(bg, "k", long, payments.ClaimDone, "after Complete")
	}},
}
