package payments_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/paykit/payments"
)

func TestClientFillsDefaultAdvice(t *testing.T) {
	t.Parallel()
	causes := []struct {
		name string
		err  error
	}{
		{"provider's ErrOutcomeUnknown", payments.NewError(payments.ErrOutcomeUnknown, "", "HTTP 500")},
		{"wrapped by the provider", fmt.Errorf("refund step 2: %w", payments.NewError(payments.ErrOutcomeUnknown, "", "HTTP 500"))},
		{"unclassified error", errors.New("connection reset")},
		{"unclassified *Error", &payments.Error{Message: "odd"}},
		{"context canceled in flight", context.Canceled},
	}
	for _, o := range moneyOps {
		for _, c := range causes {
			t.Run(string(o.op)+" "+c.name, func(t *testing.T) {
				t.Parallel()
				s := newStub()
				o.set(s, c.err)
				err := o.call(context.Background(), newClient(t, s, nil))
				pe := wantErr(t, err, payments.ErrOutcomeUnknown, o.op)
				if want := payments.DefaultAdvice(o.op, s.caps); pe.Advice != want {
					t.Errorf("Advice = %q, want %q", pe.Advice, want)
				}
				if strings.Contains(err.Error(), pe.Advice) {
					t.Errorf("Error() %q holds the advice", err)
				}
			})
		}
	}
}

// The default advice after an unknown payment never points at a lookup the
// provider cannot make: one that looks payments up only by its own id
// (which the failed call never returned) is not told to ask by order id.
func TestClientAdviceFollowsLookupKeys(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name             string
		byOrder, byPayID bool
		want, wantNot    string
	}{
		{name: "order id", byOrder: true, want: "by its order id with PaymentStatus"},
		{name: "neither declared", want: "by its order id with PaymentStatus"},
		{name: "both", byOrder: true, byPayID: true, want: "by its order id with PaymentStatus"},
		{name: "payment id only", byPayID: true, want: "cannot look a payment up by order id", wantNot: "PaymentStatus"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			s.caps.LookupByOrderID, s.caps.LookupByPaymentID = tt.byOrder, tt.byPayID
			s.initFn = func(context.Context, *payments.InitRequest) (*payments.Payment, error) {
				return nil, errors.New("connection reset")
			}
			_, err := newClient(t, s, nil).InitPayment(context.Background(), validInit())
			pe := wantErr(t, err, payments.ErrOutcomeUnknown, payments.OpInitPayment)
			if !strings.Contains(pe.Advice, tt.want) || (tt.wantNot != "" && strings.Contains(pe.Advice, tt.wantNot)) {
				t.Errorf("Advice = %q, want it to say %q and not %q", pe.Advice, tt.want, tt.wantNot)
			}
		})
	}
}

func TestClientKeepsProviderAdvice(t *testing.T) {
	t.Parallel()
	const advice = "This provider cannot look refunds up: check the dashboard."
	own := func() *payments.Error {
		e := payments.NewError(payments.ErrOutcomeUnknown, "E1", "HTTP 500")
		e.Advice = advice
		return e
	}
	for _, o := range moneyOps {
		for _, tt := range []struct {
			name string
			err  error
		}{
			{"direct", own()},
			{"wrapped", fmt.Errorf("step 2: %w", own())},
		} {
			t.Run(string(o.op)+" "+tt.name, func(t *testing.T) {
				t.Parallel()
				s := newStub()
				o.set(s, tt.err)
				err := o.call(context.Background(), newClient(t, s, nil))
				pe := wantErr(t, err, payments.ErrOutcomeUnknown, o.op)
				if pe.Advice != advice {
					t.Errorf("Advice = %q, want the provider's %q", pe.Advice, advice)
				}
			})
		}
	}
}

// Only an unknown outcome gets advice: a clean failure needs none.
func TestClientNoAdviceForCleanFailures(t *testing.T) {
	t.Parallel()
	for _, o := range moneyOps {
		for _, kind := range []error{payments.ErrDeclined, payments.ErrUnavailable, payments.ErrInvalidRequest} {
			s := newStub()
			o.set(s, payments.NewError(kind, "", "no"))
			err := o.call(context.Background(), newClient(t, s, nil))
			if pe := wantErr(t, err, kind, o.op); pe.Advice != "" {
				t.Errorf("%s %v: Advice = %q, want none", o.op, kind, pe.Advice)
			}
		}
	}
}

// A read reported as an unknown outcome (a provider's oddity) is advised to
// be tried again: it moves no money.
func TestClientAdviceForReads(t *testing.T) {
	t.Parallel()
	s := newStub()
	s.statusFn = func(context.Context, string) (*payments.Payment, error) {
		return nil, payments.NewError(payments.ErrOutcomeUnknown, "", "odd")
	}
	_, err := newClient(t, s, nil).PaymentStatus(context.Background(), "1001")
	pe := wantErr(t, err, payments.ErrOutcomeUnknown, payments.OpPaymentStatus)
	if pe.Advice != payments.DefaultAdvice(payments.OpPaymentStatus, s.caps) || !strings.Contains(pe.Advice, "moves no money") {
		t.Errorf("Advice = %q", pe.Advice)
	}
}

// The default advice names only lookups that can answer for every
// provider: the refund advice never promises that RefundStatus (which needs
// the id the failed call did not return) or a payment lookup can tell.
func TestDefaultAdviceWording(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		op      payments.Operation
		must    []string
		mustNot []string
	}{
		{payments.OpInitPayment, []string{"do not start it again blindly", "order id", "PaymentStatus"}, []string{"RefundStatus", "WithdrawalStatus"}},
		{payments.OpWithdraw, []string{"do not send it again blindly", "order id", "WithdrawalStatus"}, []string{"PaymentStatus", "RefundStatus"}},
		{payments.OpRefund, []string{"do not refund again blindly", "only where the provider reports refunds", "where it does not", "dashboard"}, []string{"RefundStatus with", "RefundStatus("}},
	} {
		a := payments.DefaultAdvice(tt.op, payments.Capabilities{LookupByOrderID: true})
		for _, s := range tt.must {
			if !strings.Contains(a, s) {
				t.Errorf("%s advice %q lacks %q", tt.op, a, s)
			}
		}
		for _, s := range tt.mustNot {
			if strings.Contains(a, s) {
				t.Errorf("%s advice %q names %q", tt.op, a, s)
			}
		}
	}
}

// wrapErr keeps the provider's Advice and RetryAfter when the provider
// wrapped its *Error further.
func TestClientWrappedErrorKeepsRetryAfter(t *testing.T) {
	t.Parallel()
	s := newStub()
	inner := payments.NewError(payments.ErrRateLimited, "429", "slow down")
	inner.RetryAfter = 42
	s.balanceFn = func(context.Context, payments.Currency) (*payments.Balance, error) {
		return nil, fmt.Errorf("balance: %w", inner)
	}
	_, err := newClient(t, s, &payments.Options{Retry: payments.RetryPolicy{MaxAttempts: 1}}).Balance(context.Background(), payments.RUB)
	pe := wantErr(t, err, payments.ErrRateLimited, payments.OpBalance)
	if pe.RetryAfter != 42 {
		t.Errorf("RetryAfter = %v, want 42ns", pe.RetryAfter)
	}
}
