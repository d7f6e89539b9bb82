package eventstoretest_test

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/eventstoretest"
)

// bug is a way a store can break the contract.
type bug string

const (
	ignoresToken   bug = "ignores the owner token"
	neverExpires   bug = "never lets a lease expire"
	reusesToken    bug = "reuses one token for every claim"
	forgetsClaims  bug = "forgets claims after the retention too"
	neverForgets   bug = "never forgets a done key"
	ignoresCtx     bug = "ignores a cancelled context"
	zeroLease      bug = "accepts a zero lease"
	releasesDone   bug = "lets Release undo a done key"
	ignoresBusy    bug = "acquires a key another claim holds"
	completeKeeps  bug = "leaves the claim in place on Complete"
	completeNoDone bug = "forgets the key on Complete instead of marking it done"
)

// The suite catches each broken store in the scenarios named: each runs the
// suite in a child process, which must fail there.
func TestSuiteCatchesBrokenStores(t *testing.T) {
	t.Parallel()
	tests := map[bug][]string{
		ignoresToken:   {"LeaseExpiryTakeover", "ForeignClaimRefused"},
		neverExpires:   {"LeaseExpiryTakeover"},
		reusesToken:    {"ReleaseLetsRetry", "LeaseExpiryTakeover"},
		forgetsClaims:  {"RetentionKeepsClaims"},
		neverForgets:   {"RetentionForgetsDone"},
		ignoresCtx:     {"CancelledContext"},
		zeroLease:      {"LeaseMustBePositive"},
		releasesDone:   {"CompletedClaimIsSpent"},
		ignoresBusy:    {"ClaimCompleteDone", "ConcurrentClaimsOneWins"},
		completeKeeps:  {"CompletedClaimIsSpent"},
		completeNoDone: {"ClaimCompleteDone"},
	}
	for b, scenarios := range tests {
		t.Run(string(b), func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestBrokenStoreChild$", "-test.v")
			cmd.Env = append(os.Environ(), "EVENTSTORETEST_BUG="+string(b))
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the suite passed a store that %s:\n%s", b, out)
			}
			for _, sc := range scenarios {
				if !strings.Contains(string(out), "--- FAIL: TestBrokenStoreChild/"+sc+" ") {
					t.Errorf("a store that %s passed scenario %s:\n%s", b, sc, out)
				}
			}
		})
	}
}

// TestBrokenStoreChild runs the suite against the broken store named by
// EVENTSTORETEST_BUG; without it, against the same store without bugs.
func TestBrokenStoreChild(t *testing.T) {
	b := bug(os.Getenv("EVENTSTORETEST_BUG"))
	eventstoretest.Run(t, eventstoretest.Harness{
		New: func(_ *testing.T, now func() time.Time) payments.EventStore {
			return &refStore{bug: b, now: now, ret: time.Hour, keys: map[string]*refEntry{}}
		},
		Retention: time.Hour,
	})
}

// refStore is a plain store, one map under a mutex, with one bug if set.
type refStore struct {
	bug  bug
	now  func() time.Time
	ret  time.Duration
	mu   sync.Mutex
	keys map[string]*refEntry
	seq  int
}

type refEntry struct {
	token   string
	expires time.Time // of a claim
	done    time.Time // zero for a claim
}

func (s *refStore) Claim(ctx context.Context, key string, lease time.Duration) (payments.Claim, error) {
	if err := ctx.Err(); err != nil && s.bug != ignoresCtx {
		return payments.Claim{}, err
	}
	if lease <= 0 && s.bug != zeroLease {
		return payments.Claim{}, payments.Errorf(payments.ErrInvalidRequest, "lease %v", lease)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if e, ok := s.keys[key]; ok {
		switch {
		case !e.done.IsZero():
			if now.Sub(e.done) < s.ret || s.bug == neverForgets {
				return payments.Claim{Key: key, State: payments.ClaimDone}, nil
			}
		case s.bug == forgetsClaims && now.Sub(e.expires) > -2*s.ret:
		case s.bug == ignoresBusy:
		case now.Before(e.expires) || s.bug == neverExpires:
			return payments.Claim{Key: key, State: payments.ClaimBusy, Expires: e.expires}, nil
		}
	}
	s.seq++
	if s.bug == reusesToken {
		s.seq = 1
	}
	e := &refEntry{token: strconv.Itoa(s.seq), expires: now.Add(lease)}
	s.keys[key] = e
	return payments.Claim{Key: key, State: payments.ClaimAcquired, Token: e.token, Expires: e.expires}, nil
}

// owner returns the claim entry c owns, if any.
func (s *refStore) owner(c payments.Claim) *refEntry {
	e, ok := s.keys[c.Key]
	if !ok || (!e.done.IsZero() && s.bug != releasesDone) {
		return nil
	}
	if e.token != c.Token && s.bug != ignoresToken {
		return nil
	}
	return e
}

func (s *refStore) Complete(ctx context.Context, c payments.Claim) error {
	if err := ctx.Err(); err != nil && s.bug != ignoresCtx {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.owner(c)
	if e == nil {
		return payments.Errorf(payments.ErrClaimLost, "claim of %q lost", c.Key)
	}
	switch s.bug {
	case completeKeeps:
		return nil
	case completeNoDone:
		delete(s.keys, c.Key)
		return nil
	}
	e.done = s.now()
	return nil
}

func (s *refStore) Release(ctx context.Context, c payments.Claim) error {
	if err := ctx.Err(); err != nil && s.bug != ignoresCtx {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.owner(c) == nil {
		return payments.Errorf(payments.ErrClaimLost, "claim of %q lost", c.Key)
	}
	delete(s.keys, c.Key)
	return nil
}
