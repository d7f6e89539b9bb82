package payments_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
)

// The handler claims with HandlerOptions.Lease (DefaultLease if zero),
// completes after fn succeeded and releases after it failed.
func TestWebhookHandlerCustomStore(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		lease time.Duration
		fnErr error
		want  []string
	}{
		{name: "default lease, handled", want: []string{"claim stub:evt-1 2m0s", "complete stub:evt-1 t1"}},
		{name: "own lease, handled", lease: 30 * time.Second, want: []string{"claim stub:evt-1 30s", "complete stub:evt-1 t1"}},
		{name: "fn fails", fnErr: errors.New("app: down"), want: []string{"claim stub:evt-1 2m0s", "release stub:evt-1 t1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			store := &recordingStore{}
			fn := counter{fail: func() error { return tt.fnErr }}
			h := newClient(t, newStub(), nil).WebhookHandler(fn.handle, &payments.HandlerOptions{Store: store, Lease: tt.lease})
			deliver(h, goodHook)
			if diff := cmp.Diff(tt.want, store.log); diff != "" {
				t.Errorf("store calls (-want +got):\n%s", diff)
			}
		})
	}
}

// A store that fails to claim, or answers a state it should not, gets 500
// and fn is not called.
func TestWebhookHandlerStoreFails(t *testing.T) {
	t.Parallel()
	for name, store := range map[string]*recordingStore{
		"error":         {claimErr: errors.New("store down")},
		"invalid state": {state: payments.ClaimState(42)},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var fn counter
			h := newClient(t, newStub(), nil).WebhookHandler(fn.handle, &payments.HandlerOptions{Store: store})
			wantRefused(t, deliver(h, goodHook), http.StatusInternalServerError)
			if n := fn.n.Load(); n != 0 {
				t.Errorf("fn called %d times, want 0", n)
			}
		})
	}
}

// recordingStore acquires every claim with token t1 (or answers state) and
// records the calls.
type recordingStore struct {
	mu       sync.Mutex
	log      []string
	claimErr error
	state    payments.ClaimState
}

func (s *recordingStore) record(line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, line)
}

func (s *recordingStore) Claim(_ context.Context, key string, lease time.Duration) (payments.Claim, error) {
	s.record("claim " + key + " " + lease.String())
	if s.claimErr != nil {
		return payments.Claim{}, s.claimErr
	}
	if s.state != 0 {
		return payments.Claim{Key: key, State: s.state}, nil
	}
	return payments.Claim{Key: key, State: payments.ClaimAcquired, Token: "t1"}, nil
}

func (s *recordingStore) Complete(_ context.Context, c payments.Claim) error {
	s.record("complete " + c.Key + " " + c.Token)
	return nil
}

func (s *recordingStore) Release(_ context.Context, c payments.Claim) error {
	s.record("release " + c.Key + " " + c.Token)
	return nil
}

// Issue 9: a process that crashed between claiming an event and completing
// it (here: a claim taken through the shared store and never completed)
// holds the event only until its lease expires; then the provider's next
// retry is handled, once. With the old Begin/Finish store every retry got
// 409 for ever.
func TestWebhookHandlerTakesOverCrashedClaim(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := testNow
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); defer mu.Unlock(); now = now.Add(d) }
	store := &payments.MemoryStore{Now: clock}
	var fn counter
	const lease = time.Minute
	h := newClient(t, newStub(), nil).WebhookHandler(fn.handle, &payments.HandlerOptions{Store: store, Lease: lease})

	// The crashed instance's claim, never completed nor released.
	crashed, err := store.Claim(context.Background(), "stub:evt-1", lease)
	if err != nil || crashed.State != payments.ClaimAcquired {
		t.Fatalf("Claim = %+v, %v", crashed, err)
	}
	advance(lease - time.Second)
	wantRefused(t, deliver(h, goodHook), http.StatusConflict) // still live: retry later
	advance(2 * time.Second)
	wantAck(t, deliver(h, goodHook), "1001") // lease expired: taken over
	wantAck(t, deliver(h, goodHook), "1001") // done: acknowledged again
	if n := fn.n.Load(); n != 1 {
		t.Errorf("fn called %d times, want once", n)
	}
	// The crashed instance, back too late, cannot mark anything.
	if err := store.Complete(context.Background(), crashed); !errors.Is(err, payments.ErrClaimLost) {
		t.Errorf("Complete with the crashed claim: %v, want ErrClaimLost", err)
	}
}

// The default store reads the Client's clock (Options.Now): a claim left by
// a delivery whose fn outlived the lease is taken over by a later delivery.
func TestWebhookHandlerDefaultStoreUsesClientClock(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := testNow
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	release := make(chan struct{})
	entered := make(chan struct{})
	var calls atomic.Int64
	fn := func(context.Context, *payments.Event) error {
		if calls.Add(1) == 1 {
			close(entered)
			<-release // the first delivery hangs
		}
		return nil
	}
	h := newClient(t, newStub(), &payments.Options{Now: clock}).WebhookHandler(fn, nil)
	first := make(chan *httptest.ResponseRecorder, 1)
	go func() { first <- deliver(h, goodHook) }()
	select {
	case <-entered:
	case w := <-first:
		close(release)
		t.Fatalf("the first delivery answered %d without calling fn", w.Code)
	}
	wantRefused(t, deliver(h, goodHook), http.StatusConflict)
	mu.Lock()
	now = now.Add(payments.DefaultLease + time.Second)
	mu.Unlock()
	wantAck(t, deliver(h, goodHook), "1001") // took the hung claim over
	close(release)
	wantAck(t, <-first, "1001") // its Complete is refused, but fn ran: acknowledged
	if n := calls.Load(); n != 2 {
		t.Errorf("fn called %d times, want 2 (the hung one and the takeover)", n)
	}
}
