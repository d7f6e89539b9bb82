package payments_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/paykit/payments"
)

func TestClientCanceledContextStopsBeforeProvider(t *testing.T) {
	t.Parallel()
	calls := []struct {
		op   payments.Operation
		call func(context.Context, *payments.Client) error
	}{
		{
			op: payments.OpInitPayment,
			call: func(ctx context.Context, c *payments.Client) error {
				_, err := c.InitPayment(ctx, validInit())
				return err
			},
		},
		{
			op: payments.OpPaymentStatus,
			call: func(ctx context.Context, c *payments.Client) error {
				_, err := c.PaymentStatus(ctx, "1001")
				return err
			},
		},
		{
			op: payments.OpPaymentStatus,
			call: func(ctx context.Context, c *payments.Client) error {
				_, err := c.ConfirmPayment(ctx, "1001", rub("10"))
				return err
			},
		},
	}
	for _, o := range optionalOps {
		if o.op != payments.OpVerifyWebhook { // every optional operation but webhook verification
			calls = append(calls, o)
		}
	}
	for _, o := range calls {
		t.Run(string(o.op), func(t *testing.T) {
			t.Parallel()
			s := newStub()
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			err := o.call(ctx, newClient(t, s, nil))
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("%s with a canceled context = %v, want context.Canceled", o.op, err)
			}
			if n := s.Total(); n != 0 {
				t.Errorf("provider called %d times with a canceled context", n)
			}
		})
	}
}

// readOps are the retried reads: set installs a hook whose failures come
// from fail (nil means success), call runs the read with valid input.
var readOps = []struct {
	op   payments.Operation
	set  func(s *stub, fail func() error)
	call func(context.Context, *payments.Client) error
}{
	{
		op: payments.OpPaymentStatus,
		set: func(s *stub, fail func() error) {
			s.statusFn = func(_ context.Context, id string) (*payments.Payment, error) {
				if err := fail(); err != nil {
					return nil, err
				}
				return &payments.Payment{OrderID: id, Status: payments.StatusSucceeded, Amount: rub("10")}, nil
			}
		},
		call: func(ctx context.Context, c *payments.Client) error {
			_, err := c.PaymentStatus(ctx, "1001")
			return err
		},
	},
	{
		op: payments.OpRefundStatus,
		set: func(s *stub, fail func() error) {
			s.refundStatusFn = func(_ context.Context, id string) (*payments.Refund, error) {
				if err := fail(); err != nil {
					return nil, err
				}
				return &payments.Refund{ID: id, Status: payments.StatusSucceeded}, nil
			}
		},
		call: optionalCall(payments.OpRefundStatus),
	},
	{
		op: payments.OpBalance,
		set: func(s *stub, fail func() error) {
			s.balanceFn = func(_ context.Context, cur payments.Currency) (*payments.Balance, error) {
				if err := fail(); err != nil {
					return nil, err
				}
				return &payments.Balance{Available: payments.MustParseMoney("1", cur)}, nil
			}
		},
		call: optionalCall(payments.OpBalance),
	},
	{
		op: payments.OpWithdrawalStatus,
		set: func(s *stub, fail func() error) {
			s.withdrawalStatusFn = func(_ context.Context, q payments.WithdrawalQuery) (*payments.Withdrawal, error) {
				if err := fail(); err != nil {
					return nil, err
				}
				return &payments.Withdrawal{OrderID: q.OrderID, Status: payments.StatusSucceeded}, nil
			}
		},
		call: optionalCall(payments.OpWithdrawalStatus),
	},
}

// failing returns a func that returns errs one by one, then nil.
func failing(errs ...error) func() error {
	var mu sync.Mutex
	return func() error {
		mu.Lock()
		defer mu.Unlock()
		if len(errs) == 0 {
			return nil
		}
		err := errs[0]
		errs = errs[1:]
		return err
	}
}

func TestClientRetriesReads(t *testing.T) {
	t.Parallel()
	unavailable := func() error { return payments.NewError(payments.ErrUnavailable, "", "down") }
	limited := func() error { return payments.NewError(payments.ErrRateLimited, "429", "slow down") }
	for _, o := range readOps {
		t.Run(string(o.op), func(t *testing.T) {
			t.Parallel()

			// Always unavailable: MaxAttempts tries, then the error.
			s := newStub()
			o.set(s, func() error { return unavailable() })
			err := o.call(context.Background(), newClient(t, s, &payments.Options{Retry: payments.RetryPolicy{MaxAttempts: 4}}))
			wantErr(t, err, payments.ErrUnavailable, o.op)
			if n := s.Calls(o.op); n != 4 {
				t.Errorf("always unavailable: %d calls, want 4", n)
			}

			// Default MaxAttempts is 3.
			s = newStub()
			o.set(s, func() error { return limited() })
			err = o.call(context.Background(), newClient(t, s, nil))
			wantErr(t, err, payments.ErrRateLimited, o.op)
			if n := s.Calls(o.op); n != 3 {
				t.Errorf("default policy: %d calls, want 3", n)
			}

			// Two transient failures, then success.
			s = newStub()
			o.set(s, failing(limited(), unavailable()))
			if err := o.call(context.Background(), newClient(t, s, nil)); err != nil {
				t.Errorf("after two transient failures: %v", err)
			}
			if n := s.Calls(o.op); n != 3 {
				t.Errorf("transient failures: %d calls, want 3", n)
			}

			// MaxAttempts 1 disables retries.
			s = newStub()
			o.set(s, failing(unavailable()))
			err = o.call(context.Background(), newClient(t, s, &payments.Options{Retry: payments.RetryPolicy{MaxAttempts: 1}}))
			wantErr(t, err, payments.ErrUnavailable, o.op)
			if n := s.Calls(o.op); n != 1 {
				t.Errorf("MaxAttempts 1: %d calls, want 1", n)
			}

			// Other errors are not retried.
			for _, kind := range []error{payments.ErrNotFound, payments.ErrUnauthorized, payments.ErrProtocol, payments.ErrOutcomeUnknown} {
				s = newStub()
				o.set(s, failing(payments.NewError(kind, "", "no")))
				err = o.call(context.Background(), newClient(t, s, nil))
				wantErr(t, err, kind, o.op)
				if n := s.Calls(o.op); n != 1 {
					t.Errorf("%v: %d calls, want 1", kind, n)
				}
			}
		})
	}
}

func TestClientRetryBackoffHonoursContext(t *testing.T) {
	t.Parallel()
	s := newStub()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.statusFn = func(context.Context, string) (*payments.Payment, error) {
		cancel() // canceled while the client waits to retry
		return nil, payments.NewError(payments.ErrUnavailable, "", "down")
	}
	c := newClient(t, s, &payments.Options{Retry: payments.RetryPolicy{MaxAttempts: 5, InitialDelay: time.Hour, MaxDelay: time.Hour}})
	_, err := c.PaymentStatus(ctx, "1001")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("PaymentStatus = %v, want context.Canceled", err)
	}
	if n := s.Calls(payments.OpPaymentStatus); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

func TestClientNeverRetriesMoneyMovingOps(t *testing.T) {
	t.Parallel()
	for _, kind := range []error{payments.ErrUnavailable, payments.ErrOutcomeUnknown, payments.ErrRateLimited} {
		for _, o := range moneyOps {
			t.Run(string(o.op)+" "+kind.Error(), func(t *testing.T) {
				t.Parallel()
				s := newStub()
				o.set(s, payments.NewError(kind, "", "x"))
				err := o.call(context.Background(), newClient(t, s, &payments.Options{Retry: payments.RetryPolicy{MaxAttempts: 5}}))
				wantErr(t, err, kind, o.op)
				if n := s.Calls(o.op); n != 1 {
					t.Errorf("%s called %d times, want exactly 1", o.op, n)
				}
			})
		}
	}
}
