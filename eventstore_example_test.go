package payments_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/paykit/payments"
)

// The claim protocol that Client.WebhookHandler follows, for code that
// handles deliveries itself: claim with a lease, handle only an acquired
// claim, then complete it (or release it on failure).
func ExampleEventStore() {
	ctx := context.Background()
	store := &payments.MemoryStore{}
	handle := func(key string) {
		c, err := store.Claim(ctx, key, payments.DefaultLease)
		if err != nil {
			fmt.Println("store failed: answer 500")
			return
		}
		switch c.State {
		case payments.ClaimDone:
			fmt.Println(key, "handled earlier: acknowledge")
		case payments.ClaimBusy:
			fmt.Println(key, "being handled elsewhere: answer 409")
		case payments.ClaimAcquired:
			// ... the app's work; on failure: store.Release(ctx, c) ...
			if err := store.Complete(ctx, c); err != nil {
				fmt.Println("not recorded:", err)
			}
			fmt.Println(key, "handled: acknowledge")
		}
	}
	handle("robokassa:shop-1:19")
	handle("robokassa:shop-1:19")
	// Output:
	// robokassa:shop-1:19 handled: acknowledge
	// robokassa:shop-1:19 handled earlier: acknowledge
}

// A MemoryStore with its own limits and clock.
func ExampleMemoryStore() {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	store := &payments.MemoryStore{
		Retention: 24 * time.Hour, // remember handled events for a day
		MaxKeys:   10_000,         // and at most 10,000 of them
		Now:       func() time.Time { return now },
	}
	ctx := context.Background()
	first, _ := store.Claim(ctx, "stub:evt-1", time.Minute)
	// This delivery's process crashes before completing.
	retry, _ := store.Claim(ctx, "stub:evt-1", time.Minute)
	fmt.Println("retry at once:", retry.State)
	now = now.Add(2 * time.Minute) // the lease has expired
	retry, _ = store.Claim(ctx, "stub:evt-1", time.Minute)
	fmt.Println("retry after the lease:", retry.State)
	err := store.Complete(ctx, first)
	fmt.Println("the crashed holder's Complete refused:", errors.Is(err, payments.ErrClaimLost))
	// Output:
	// retry at once: busy
	// retry after the lease: acquired
	// the crashed holder's Complete refused: true
}
