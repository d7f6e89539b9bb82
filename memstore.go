package payments

import (
	"context"
	"strconv"
	"sync"
	"time"
)

// DefaultMaxKeys is how many handled keys a [MemoryStore] keeps when
// MemoryStore.MaxKeys is zero: 100,000, a few tens of MiB at most.
const DefaultMaxKeys = 100_000

// MemoryStore is an in-memory [EventStore], for a single process: a restart
// forgets everything, and several instances of an app each have their own
// (use a shared database store for those). The zero value is ready to use;
// set the fields before first use and do not change them after.
//
// Its memory stays flat however long the process runs: it forgets a
// handled key after Retention and, beyond MaxKeys handled keys, the oldest
// first. A forgotten key that the provider delivers again is handled again,
// so the app's function must be idempotent (as it must be anyway). It never
// forgets a claim in progress. Each operation is amortised O(1).
type MemoryStore struct {
	// Retention is how long a handled key is remembered; zero means
	// DefaultRetention.
	Retention time.Duration
	// MaxKeys caps how many handled keys are remembered, the oldest
	// forgotten first; zero means DefaultMaxKeys. Claims in progress are not
	// counted and never forgotten. A smaller cap saves memory at the risk
	// of handling again a late repeat of an old event.
	MaxKeys int
	// Now is the store's clock; nil means time.Now.
	Now func() time.Time

	mu     sync.Mutex
	claims map[string]memClaim // in progress
	done   map[string]int64    // handled: completion time, Unix nanoseconds
	order  doneRing            // handled keys by completion time
	serial uint64              // the last owner token issued
}

// memClaim is a claim in progress.
type memClaim struct {
	token   uint64
	expires int64 // Unix nanoseconds
}

// doneEntry is one handled key in completion order.
type doneEntry struct {
	event string // the key
	at    int64  // Unix nanoseconds
}

// doneRing is a FIFO queue of handled keys, a ring buffer that grows by
// doubling up to a limit, the store's cap plus one.
type doneRing struct {
	buf  []doneEntry
	head int
	n    int
}

// push appends e, growing the buffer up to limit entries (or beyond, if it
// is full at limit).
func (r *doneRing) push(e doneEntry, limit int) {
	if r.n == len(r.buf) {
		size := max(16, 2*len(r.buf))
		if size > limit {
			size = max(limit, r.n+1)
		}
		buf := make([]doneEntry, size)
		for i := range r.n {
			buf[i] = r.buf[(r.head+i)%len(r.buf)]
		}
		r.buf, r.head = buf, 0
	}
	r.buf[(r.head+r.n)%len(r.buf)] = e
	r.n++
}

func (r *doneRing) front() doneEntry { return r.buf[r.head] }

func (r *doneRing) pop() {
	r.buf[r.head] = doneEntry{} // let the key be collected
	r.head = (r.head + 1) % len(r.buf)
	r.n--
}

func (s *MemoryStore) now() int64 {
	if s.Now != nil {
		return s.Now().UnixNano()
	}
	return time.Now().UnixNano()
}

func (s *MemoryStore) retention() int64 {
	if s.Retention > 0 {
		return int64(s.Retention)
	}
	return int64(DefaultRetention)
}

func (s *MemoryStore) maxKeys() int {
	if s.MaxKeys > 0 {
		return s.MaxKeys
	}
	return DefaultMaxKeys
}

// forget drops handled keys past retention, then the oldest beyond the
// cap. An entry whose key was claimed or completed again since is only
// dropped from the queue.
func (s *MemoryStore) forget(now int64) {
	ret, maxKeys := s.retention(), s.maxKeys()
	for s.order.n > 0 {
		e := s.order.front()
		if s.order.n <= maxKeys && now-e.at < ret {
			return
		}
		if at, ok := s.done[e.event]; ok && at == e.at {
			delete(s.done, e.event)
		}
		s.order.pop()
	}
}

// Claim implements [EventStore].
func (s *MemoryStore) Claim(ctx context.Context, key string, lease time.Duration) (Claim, error) {
	if err := ctx.Err(); err != nil {
		return Claim{}, err
	}
	if lease <= 0 {
		return Claim{}, invalidf("event store: lease %v is not positive", lease)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.forget(now)
	if at, ok := s.done[key]; ok {
		if now-at < s.retention() {
			return Claim{Key: key, State: ClaimDone}, nil
		}
		delete(s.done, key) // its queue entry goes in a later forget
	}
	if c, ok := s.claims[key]; ok && now < c.expires {
		return Claim{Key: key, State: ClaimBusy, Expires: time.Unix(0, c.expires)}, nil
	}
	if s.claims == nil {
		s.claims = make(map[string]memClaim)
	}
	s.serial++
	c := memClaim{token: s.serial, expires: now + int64(lease)}
	s.claims[key] = c
	return Claim{Key: key, State: ClaimAcquired, Token: strconv.FormatUint(c.token, 10), Expires: time.Unix(0, c.expires)}, nil
}

// end ends c's claim, then runs then (if not nil) with s.mu held. It
// returns ctx's error, or ErrClaimLost when c's token no longer owns its
// key; then it changes nothing.
func (s *MemoryStore) end(ctx context.Context, c Claim, then func()) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	held, ok := s.claims[c.Key]
	if !ok || c.State != ClaimAcquired || c.Token != strconv.FormatUint(held.token, 10) {
		return Errorf(ErrClaimLost, "event store: event %q is no longer claimed by this delivery", c.Key)
	}
	delete(s.claims, c.Key)
	if then != nil {
		then()
	}
	return nil
}

// Complete implements [EventStore]. The owner of an expired lease that
// nobody took over may still complete it.
func (s *MemoryStore) Complete(ctx context.Context, c Claim) error {
	return s.end(ctx, c, func() {
		if s.done == nil {
			s.done = make(map[string]int64)
		}
		now := s.now()
		s.done[c.Key] = now
		s.order.push(doneEntry{event: c.Key, at: now}, s.maxKeys()+1)
		s.forget(now)
	})
}

// Release implements [EventStore]. The owner of an expired lease that
// nobody took over may still release it.
func (s *MemoryStore) Release(ctx context.Context, c Claim) error {
	return s.end(ctx, c, nil)
}
