package payments_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/paykit/payments"
)

func TestClientErrorWrapping(t *testing.T) {
	t.Parallel()
	declined := func() error { return payments.NewError(payments.ErrDeclined, "05", "Do not honor") }

	t.Run("provider *Error", func(t *testing.T) {
		t.Parallel()
		s := newStub()
		orig := payments.NewError(payments.ErrDeclined, "05", "Do not honor")
		s.initFn = func(context.Context, *payments.InitRequest) (*payments.Payment, error) { return nil, orig }
		_, err := newClient(t, s, nil).InitPayment(context.Background(), validInit())
		pe := wantErr(t, err, payments.ErrDeclined, payments.OpInitPayment)
		if got, want := err.Error(), "payments: stub: init_payment: declined [code 05]: Do not honor"; got != want {
			t.Errorf("Error() = %q, want %q", got, want)
		}
		if pe.Code != "05" || pe.Message != "Do not honor" || pe.Err != nil {
			t.Errorf("*Error = %+v, want the provider's code and message and no nested cause", pe)
		}
		if orig.Op != "" || orig.Provider != "" {
			t.Errorf("the provider's own *Error was modified: %+v", orig)
		}
	})

	t.Run("provider *Error wrapped with %w", func(t *testing.T) {
		t.Parallel()
		s := newStub()
		s.statusFn = func(context.Context, string) (*payments.Payment, error) {
			return nil, fmt.Errorf("lookup: %w", payments.NewError(payments.ErrNotFound, "404", "no such order"))
		}
		_, err := newClient(t, s, nil).PaymentStatus(context.Background(), "1999")
		pe := wantErr(t, err, payments.ErrNotFound, payments.OpPaymentStatus)
		if pe.Kind != payments.ErrNotFound {
			t.Errorf("Kind = %v", pe.Kind)
		}
		if !strings.Contains(err.Error(), "no such order") {
			t.Errorf("Error() = %q lost the provider's message", err)
		}
	})

	for _, o := range moneyOps {
		t.Run("plain error from "+string(o.op), func(t *testing.T) {
			t.Parallel()
			plain := errors.New("connection reset by peer")
			s := newStub()
			o.set(s, plain)
			err := o.call(context.Background(), newClient(t, s, nil))
			pe := wantErr(t, err, payments.ErrOutcomeUnknown, o.op)
			if !errors.Is(err, plain) || pe.Kind != payments.ErrOutcomeUnknown {
				t.Errorf("error %v lost the cause or the kind", err)
			}
		})
		t.Run("context error from "+string(o.op), func(t *testing.T) {
			t.Parallel()
			s := newStub()
			o.set(s, fmt.Errorf("post: %w", context.DeadlineExceeded))
			err := o.call(context.Background(), newClient(t, s, nil))
			wantErr(t, err, payments.ErrOutcomeUnknown, o.op)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("error %v lost the context error", err)
			}
		})
		t.Run("declined from "+string(o.op), func(t *testing.T) {
			t.Parallel()
			s := newStub()
			o.set(s, declined())
			err := o.call(context.Background(), newClient(t, s, nil))
			wantErr(t, err, payments.ErrDeclined, o.op)
			if errors.Is(err, payments.ErrOutcomeUnknown) {
				t.Errorf("a classified decline became outcome unknown: %v", err)
			}
		})
	}

	t.Run("plain error from a read", func(t *testing.T) {
		t.Parallel()
		plain := errors.New("weird")
		s := newStub()
		s.statusFn = func(context.Context, string) (*payments.Payment, error) { return nil, plain }
		_, err := newClient(t, s, nil).PaymentStatus(context.Background(), "1001")
		wantErr(t, err, plain, payments.OpPaymentStatus)
		if errors.Is(err, payments.ErrOutcomeUnknown) {
			t.Errorf("a read error became outcome unknown: %v", err)
		}
	})

	t.Run("unsupported from the provider", func(t *testing.T) {
		t.Parallel()
		s := newStub()
		s.balanceFn = func(context.Context, payments.Currency) (*payments.Balance, error) {
			return nil, fmt.Errorf("no balance API: %w", errors.ErrUnsupported)
		}
		_, err := newClient(t, s, nil).Balance(context.Background(), payments.RUB)
		if pe := wantErr(t, err, errors.ErrUnsupported, payments.OpBalance); pe.Kind != errors.ErrUnsupported {
			t.Errorf("Kind = %v", pe.Kind)
		}
	})

	for _, ctxErr := range []error{context.Canceled, context.DeadlineExceeded} {
		t.Run("context error passes through a read: "+ctxErr.Error(), func(t *testing.T) {
			t.Parallel()
			s := newStub()
			s.statusFn = func(context.Context, string) (*payments.Payment, error) { return nil, ctxErr }
			_, err := newClient(t, s, nil).PaymentStatus(context.Background(), "1001")
			if !errors.Is(err, ctxErr) {
				t.Fatalf("PaymentStatus = %v, want %v", err, ctxErr)
			}
			var pe *payments.Error
			if errors.As(err, &pe) {
				t.Errorf("context error was wrapped: %v", err)
			}
		})
	}
}

// An unclassified *Error (nil Kind) from an operation that moves money must
// not look like a definite failure: the app would retry and pay twice.
func TestClientUnclassifiedErrorFromMoneyMovingOp(t *testing.T) {
	t.Parallel()
	s := newStub()
	s.initFn = func(context.Context, *payments.InitRequest) (*payments.Payment, error) {
		return nil, &payments.Error{Message: "gateway said something odd"}
	}
	_, err := newClient(t, s, nil).InitPayment(context.Background(), validInit())
	wantErr(t, err, payments.ErrOutcomeUnknown, payments.OpInitPayment)
}
