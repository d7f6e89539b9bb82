package payments

import (
	"context"
	"errors"
	"time"
)

// ErrClaimLost: an [EventStore] refused to complete or release a [Claim]
// because the claim no longer owns its key: its lease ran out and another
// delivery took the key over, or it was already completed or released.
// Nothing was changed: in particular a late holder's Complete never marks
// another holder's claim done.
var ErrClaimLost = errors.New("payments: event claim lost")

// DefaultLease is the lease [Client.WebhookHandler] claims an event for when
// HandlerOptions.Lease is zero: 2 minutes. It is longer than an app's
// function normally runs (a few database writes), so that a retry arriving
// while the function still runs is told to come back later (409), and far
// shorter than the providers' retry intervals (T-Bank retries hourly), so
// that a delivery whose holder crashed is handled by the provider's next
// retry. Robokassa does not document its retry interval.
const DefaultLease = 2 * time.Minute

// DefaultRetention is how long a [MemoryStore] keeps an event it recorded as
// handled when MemoryStore.Retention is zero: 35 days. It is longer than the
// retry horizons the providers document, so that a repeat of a handled
// event, sent because its acknowledgement was lost, is recognised:
//
//   - Robokassa retries a ResultUrl2 notification that was not
//     acknowledged at most 5 more times (https://docs.robokassa.ru/pay-interface);
//     neither the interval nor ResultURL's retry schedule is documented.
//   - clientsdk's provider (sbank / PayHub) documents no retry schedule.
//   - T-Bank retries hourly for 24 hours, then daily for up to a month
//     (https://www.tbank.ru/kassa/dev/payments/), the longest horizon known
//     among these acquirers, hence a little more than a month.
//
// Other stores should choose a retention at least as long.
const DefaultRetention = 35 * 24 * time.Hour

// ClaimState is the outcome of [EventStore.Claim].
type ClaimState int

// The claim states. The zero ClaimState is not a valid outcome.
const (
	// ClaimAcquired: the caller owns the event until the claim's lease
	// expires and must Complete or Release it.
	ClaimAcquired ClaimState = iota + 1
	// ClaimDone: the event was handled earlier (and is still within the
	// store's retention): acknowledge it without handling it again.
	ClaimDone
	// ClaimBusy: another delivery holds a live claim on the event: let the
	// provider retry later.
	ClaimBusy
)

// String returns the state's name, such as "acquired".
func (s ClaimState) String() string {
	switch s {
	case ClaimAcquired:
		return "acquired"
	case ClaimDone:
		return "done"
	case ClaimBusy:
		return "busy"
	}
	return "invalid"
}

// Claim is the outcome of [EventStore.Claim]. A claim with State
// ClaimAcquired is passed back, unchanged, to Complete or Release; it is a
// struct so that stores can carry more in it later.
type Claim struct {
	// Key is the claimed key.
	Key string
	// State says whether the caller owns the event, it is already done, or
	// another delivery holds it.
	State ClaimState
	// Token identifies this owner of the key when State is ClaimAcquired:
	// it is different for every claim of a key, including a takeover of an
	// expired claim. It is empty otherwise. Tokens are not secrets.
	Token string
	// Expires is when the lease ends: this claim's for ClaimAcquired,
	// the other holder's for ClaimBusy if the store knows it (zero
	// otherwise), zero for ClaimDone.
	Expires time.Time
}

// EventStore de-duplicates webhook deliveries across retries, processes
// and restarts. Keys ([Client.EventKey]) name the provider and the merchant
// account: a payment's settled state (provider, account, order id, final
// status or StatusAuthorized) where the provider names its account
// ([AccountNamer]), so that a webhook and a reconciler reporting it are
// handled once between them; otherwise the provider name and the event id,
// which includes the merchant account (see Event.ID). Several shops, of
// one provider or of several, can share one store without one shop's event
// hiding another's.
//
// [Client.WebhookHandler] claims a delivery's key with a lease before it
// calls the app's function, completes the claim when the function returned
// nil and releases it when the function failed or panicked. A holder that
// crashed never completes nor releases: its lease expires and the
// provider's next retry takes the event over.
//
// # Contract for implementers
//
// A store (a database table, Redis, ...) keeps, for each key, either
// nothing, a claim (owner token and lease expiry), or a done record (the
// time it was completed). The package eventstoretest checks a store
// against this contract; run it in the store's tests.
//
//   - Claim must decide and record atomically, as one step against
//     concurrent callers in every process sharing the store: if the key is
//     done and within retention, it returns ClaimDone; if a claim with an
//     unexpired lease holds it, ClaimBusy; otherwise (no record, an
//     expired claim, or a done record older than the retention) it records
//     a new claim with a new owner token, expiring lease after now, and
//     returns ClaimAcquired. Of any number of concurrent Claims of a key
//     exactly one acquires it. In SQL that is one INSERT ... ON CONFLICT
//     DO UPDATE ... WHERE (the row is an expired claim or an old done
//     record) RETURNING, or a transaction with SELECT ... FOR UPDATE; in
//     Redis a script or SET NX with the token as the value.
//   - A lease is positive; Claim returns an error wrapping
//     ErrInvalidRequest for a lease <= 0.
//   - Lease expiry: a claim whose lease has run out no longer owns the key
//     against anyone else: the next Claim takes it over with a new token.
//     Owner tokens must never repeat for a key; random 128-bit values or a
//     sequence do.
//   - Complete(c) marks the key done, with the time, only if c's token
//     still owns the key; Release(c) removes the claim only if c's token
//     still owns the key. Otherwise (taken over, already completed or
//     released, or never acquired) they change nothing and return an
//     error wrapping ErrClaimLost. In SQL: UPDATE or DELETE ... WHERE key
//     = $1 AND token = $2 AND the row is a claim, and ErrClaimLost when no
//     row changed. Whether the owner of an expired lease that nobody took
//     over may still complete or release it is up to the store (a Redis
//     key with a TTL has vanished by then): either outcome is correct.
//   - Retention: a done key is remembered for at least the store's
//     retention after it was completed; after that Claim treats it as
//     unknown, whether or not the store has deleted it yet, so tables stay
//     bounded by a periodic delete of old done records. A claim is never
//     forgotten while its lease is live, however old it is. Choose a
//     retention at least as long as DefaultRetention explains.
//   - A store reads time from one clock: lease expiry and retention
//     compare against it. A store that takes an injectable clock (as
//     MemoryStore.Now) can be tested without waiting.
//   - Context: a call whose ctx is done before the store acts returns an
//     error wrapping ctx.Err() and changes nothing.
//   - Errors of the store itself (connection refused, ...) are returned as
//     they are; the handler answers 500 so that the provider retries.
//
// Where the app's data lives in the same database as the store, a store
// can complete the claim in the same transaction as the app's update, so
// that "handled" and its effects commit together.
//
// Implementations must be safe for concurrent use.
type EventStore interface {
	// Claim tries to claim key for lease. The error is nil for all three
	// outcomes in Claim.State; an error means the store could not tell.
	Claim(ctx context.Context, key string, lease time.Duration) (Claim, error)
	// Complete records the event of an acquired claim as handled. It
	// returns an error wrapping ErrClaimLost, and changes nothing, if the
	// claim no longer owns its key.
	Complete(ctx context.Context, c Claim) error
	// Release gives up an acquired claim so that a retry can handle the
	// event. It returns an error wrapping ErrClaimLost, and changes
	// nothing, if the claim no longer owns its key.
	Release(ctx context.Context, c Claim) error
}
