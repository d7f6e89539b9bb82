package payments_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// sleeps records the Client's waits between retries instead of spending
// them.
type sleeps struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = append(s.waits, d)
	return ctx.Err()
}

func (s *sleeps) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// retryClient is a client over a stub whose status lookups fail with errs in
// order (nil: success), with recorded waits.
func retryClient(t *testing.T, policy payments.RetryPolicy, errs ...error) (*payments.Client, *stub, *sleeps) {
	t.Helper()
	s := newStub()
	next := failing(errs...)
	s.statusFn = func(_ context.Context, id string) (*payments.Payment, error) {
		if err := next(); err != nil {
			return nil, err
		}
		return &payments.Payment{OrderID: id, Status: payments.StatusSucceeded}, nil
	}
	c := newClient(t, s, &payments.Options{Retry: policy})
	rec := &sleeps{}
	payments.SetSleep(c, rec.sleep)
	return c, s, rec
}

func unavailable() error { return payments.NewError(payments.ErrUnavailable, "", "down") }

// withRetryAfter is what a provider returns for a 503 or 429 with a
// Retry-After header.
func withRetryAfter(status int, header string) error {
	return (&providerkit.Response{StatusCode: status, Header: http.Header{"Retry-After": {header}}}).StatusError(providerkit.Read(payments.OpPaymentStatus), "", "")
}

func TestClientRetryBackoffDoublesUpToMaxDelay(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		policy payments.RetryPolicy
		want   []time.Duration
	}{
		{"doubling then capped", payments.RetryPolicy{MaxAttempts: 6, InitialDelay: time.Second, MaxDelay: 5 * time.Second},
			[]time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}},
		{"cap reached exactly", payments.RetryPolicy{MaxAttempts: 4, InitialDelay: time.Second, MaxDelay: 4 * time.Second},
			[]time.Duration{time.Second, 2 * time.Second, 4 * time.Second}},
		{"initial delay above the cap", payments.RetryPolicy{MaxAttempts: 3, InitialDelay: time.Minute, MaxDelay: 3 * time.Second},
			[]time.Duration{3 * time.Second, 3 * time.Second}},
		{"defaults", payments.RetryPolicy{InitialDelay: 200 * time.Millisecond},
			[]time.Duration{200 * time.Millisecond, 400 * time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			errs := make([]error, 10)
			for i := range errs {
				errs[i] = unavailable()
			}
			c, s, rec := retryClient(t, tt.policy, errs...)
			_, err := c.PaymentStatus(context.Background(), "1001")
			wantErr(t, err, payments.ErrUnavailable, payments.OpPaymentStatus)
			if diff := cmp.Diff(tt.want, rec.got()); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
			if n := s.Calls(payments.OpPaymentStatus); n != len(tt.want)+1 {
				t.Errorf("%d calls, want %d", n, len(tt.want)+1)
			}
		})
	}
}

func TestClientRetryHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	policy := payments.RetryPolicy{MaxAttempts: 4, InitialDelay: time.Second, MaxDelay: 10 * time.Second}
	tests := []struct {
		name  string
		errs  []error
		want  []time.Duration
		calls int
		kind  error // nil: success
	}{
		{"503 asks for more than the backoff", []error{withRetryAfter(503, "3"), withRetryAfter(503, "3")},
			[]time.Duration{3 * time.Second, 3 * time.Second}, 3, nil},
		{"429 asks for less than the backoff", []error{unavailable(), withRetryAfter(429, "1")},
			[]time.Duration{time.Second, 2 * time.Second}, 3, nil},
		{"429 asks for exactly the cap", []error{withRetryAfter(429, "10")},
			[]time.Duration{10 * time.Second}, 2, nil},
		{"an HTTP-date", []error{withRetryAfter(503, time.Now().Add(8*time.Second+500*time.Millisecond).UTC().Format(http.TimeFormat))},
			nil, 2, nil}, // waits checked below: 7..9s, depending on the second
		{"longer than the policy allows: no retry", []error{withRetryAfter(503, "11")},
			[]time.Duration{}, 1, payments.ErrUnavailable},
		{"wrapped by the provider", []error{fmt.Errorf("lookup: %w", withRetryAfter(503, "4"))},
			[]time.Duration{4 * time.Second}, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, s, rec := retryClient(t, policy, tt.errs...)
			_, err := c.PaymentStatus(context.Background(), "1001")
			if tt.kind == nil && err != nil {
				t.Fatalf("PaymentStatus = %v", err)
			}
			if tt.kind != nil {
				pe := wantErr(t, err, tt.kind, payments.OpPaymentStatus)
				if pe.RetryAfter != 11*time.Second {
					t.Errorf("RetryAfter = %v, want the provider's 11s kept for the app", pe.RetryAfter)
				}
			}
			got := rec.got()
			if tt.want == nil {
				if len(got) != 1 || got[0] < 7*time.Second || got[0] > 9*time.Second {
					t.Errorf("waits %v, want one of about 8s", got)
				}
			} else if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
			if n := s.Calls(payments.OpPaymentStatus); n != tt.calls {
				t.Errorf("%d calls, want %d", n, tt.calls)
			}
		})
	}
}

// A wait that would pass the context's deadline is not started: the Client
// returns the provider's error at once rather than a deadline error later.
func TestClientRetryStopsBeforeTheDeadline(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		policy payments.RetryPolicy
		err    error
	}{
		{"backoff", payments.RetryPolicy{MaxAttempts: 3, InitialDelay: 2 * time.Hour, MaxDelay: 3 * time.Hour}, unavailable()},
		{"Retry-After", payments.RetryPolicy{MaxAttempts: 3, InitialDelay: time.Second, MaxDelay: 3 * time.Hour}, withRetryAfter(503, "7200")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, s, rec := retryClient(t, tt.policy, tt.err, tt.err, tt.err)
			ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
			defer cancel()
			_, err := c.PaymentStatus(ctx, "1001")
			wantErr(t, err, payments.ErrUnavailable, payments.OpPaymentStatus)
			if errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("error %v is the deadline, want the provider's error", err)
			}
			if got := rec.got(); len(got) != 0 {
				t.Errorf("waited %v past the deadline", got)
			}
			if n := s.Calls(payments.OpPaymentStatus); n != 1 {
				t.Errorf("%d calls, want 1", n)
			}
		})
	}
	// A wait that ends before the deadline is taken.
	c, _, rec := retryClient(t, payments.RetryPolicy{MaxAttempts: 2, InitialDelay: time.Minute, MaxDelay: time.Minute}, unavailable())
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	if _, err := c.PaymentStatus(ctx, "1001"); err != nil {
		t.Fatalf("PaymentStatus = %v", err)
	}
	if diff := cmp.Diff([]time.Duration{time.Minute}, rec.got()); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
}

// The real wait ends early when the context is canceled.
func TestClientRetryRealSleepHonoursContext(t *testing.T) {
	t.Parallel()
	s := newStub()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.statusFn = func(context.Context, string) (*payments.Payment, error) {
		time.AfterFunc(10*time.Millisecond, cancel)
		return nil, unavailable()
	}
	c := newClient(t, s, &payments.Options{Retry: payments.RetryPolicy{MaxAttempts: 3, InitialDelay: time.Hour, MaxDelay: time.Hour}})
	start := time.Now()
	_, err := c.PaymentStatus(ctx, "1001")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("PaymentStatus = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > time.Minute {
		t.Errorf("waited %v after the cancel", d)
	}
	// And a short real wait is spent.
	s2 := newStub()
	s2.statusFn = func() func(context.Context, string) (*payments.Payment, error) {
		next := failing(unavailable())
		return func(_ context.Context, id string) (*payments.Payment, error) {
			if err := next(); err != nil {
				return nil, err
			}
			return &payments.Payment{OrderID: id, Status: payments.StatusPending}, nil
		}
	}()
	c = newClient(t, s2, &payments.Options{Retry: payments.RetryPolicy{InitialDelay: 20 * time.Millisecond}})
	start = time.Now()
	if _, err := c.PaymentStatus(context.Background(), "1001"); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 20*time.Millisecond {
		t.Errorf("retried after %v, want at least the 20ms delay", d)
	}
}

// The zero RetryPolicy means 3 attempts, a first wait of 200ms doubling up
// to 5s (New itself, not the tests' newClient, which shortens the delay).
func TestClientRetryPolicyDefaults(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name   string
		policy payments.RetryPolicy
		want   []time.Duration
	}{
		{"zero", payments.RetryPolicy{}, []time.Duration{200 * time.Millisecond, 400 * time.Millisecond}},
		{"negative", payments.RetryPolicy{MaxAttempts: -1, InitialDelay: -1, MaxDelay: -1}, []time.Duration{200 * time.Millisecond, 400 * time.Millisecond}},
		{"more attempts", payments.RetryPolicy{MaxAttempts: 8}, []time.Duration{
			200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, 1600 * time.Millisecond,
			3200 * time.Millisecond, 5 * time.Second, 5 * time.Second}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			s.statusFn = func(context.Context, string) (*payments.Payment, error) { return nil, unavailable() }
			c, err := payments.New(s, &payments.Options{Retry: tt.policy})
			if err != nil {
				t.Fatal(err)
			}
			rec := &sleeps{}
			payments.SetSleep(c, rec.sleep)
			_, err = c.PaymentStatus(context.Background(), "1001")
			wantErr(t, err, payments.ErrUnavailable, payments.OpPaymentStatus)
			if diff := cmp.Diff(tt.want, rec.got()); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
		})
	}
}
