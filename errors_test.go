package payments_test

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
)

func TestErrorString(t *testing.T) {
	t.Parallel()
	cause := errors.New("boom")
	tests := []struct {
		name string
		err  *payments.Error
		want string
	}{
		{"empty", &payments.Error{}, "payments"},
		{"provider only", &payments.Error{Provider: "robokassa"}, "payments: robokassa"},
		{"op only", &payments.Error{Op: payments.OpRefund}, "payments: refund"},
		{
			"everything",
			&payments.Error{
				Op: payments.OpRefund, Provider: "robokassa", Kind: payments.ErrDeclined,
				Code: "05", Message: "Do not honor",
				Fields: map[string][]string{"order_id": {"required"}, "amount": {"too big", "must be positive"}},
				Err:    cause,
			},
			"payments: robokassa: refund: declined [code 05]: Do not honor (amount: too big; must be positive, order_id: required): boom",
		},
		{"nil kind", &payments.Error{Op: payments.OpInitPayment, Provider: "p", Err: cause}, "payments: p: init_payment: boom"},
		{"unsupported kind", &payments.Error{Op: payments.OpBalance, Provider: "p", Kind: errors.ErrUnsupported}, "payments: p: balance: unsupported operation"},
		{"code without message", &payments.Error{Kind: payments.ErrNotFound, Code: "404"}, "payments: not found [code 404]"},
		{"message without kind", &payments.Error{Message: "odd"}, "payments: odd"},
		{"Errorf", payments.Errorf(payments.ErrProtocol, "bad %s", "json"), "payments: protocol error: bad json"},
		{"NewError", payments.NewError(payments.ErrUnauthorized, "E1", "wrong key"), "payments: unauthorized [code E1]: wrong key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestErrorFieldsSorted(t *testing.T) {
	t.Parallel()
	fields := map[string][]string{}
	keys := []string{"zeta", "alpha", "mu", "beta", "omega", "gamma", "delta", "epsilon", "eta", "theta"}
	for _, k := range keys {
		fields[k] = []string{"bad " + k}
	}
	want := "payments: invalid request (alpha: bad alpha, beta: bad beta, delta: bad delta, epsilon: bad epsilon, eta: bad eta, gamma: bad gamma, mu: bad mu, omega: bad omega, theta: bad theta, zeta: bad zeta)"
	// Map iteration order is random; the message must not be.
	for range 20 {
		e := &payments.Error{Kind: payments.ErrInvalidRequest, Fields: fields}
		if got := e.Error(); got != want {
			t.Fatalf("Error() =\n%q\nwant\n%q", got, want)
		}
	}
}

func TestErrorUnwrap(t *testing.T) {
	t.Parallel()
	cause := io.ErrUnexpectedEOF
	e := &payments.Error{Op: payments.OpPaymentStatus, Provider: "p", Kind: payments.ErrUnavailable, Err: cause}
	if diff := cmp.Diff([]error{payments.ErrUnavailable, cause}, e.Unwrap(), cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
		t.Errorf("Unwrap() (-want +got):\n%s", diff)
	}
	if !errors.Is(e, payments.ErrUnavailable) {
		t.Error("errors.Is(e, ErrUnavailable) = false")
	}
	if !errors.Is(e, io.ErrUnexpectedEOF) {
		t.Error("errors.Is(e, io.ErrUnexpectedEOF) = false")
	}
	if errors.Is(e, payments.ErrDeclined) {
		t.Error("errors.Is(e, ErrDeclined) = true")
	}

	wrapped := fmt.Errorf("checkout: %w", e)
	var pe *payments.Error
	if !errors.As(wrapped, &pe) || pe != e {
		t.Fatalf("errors.As through fmt.Errorf = %v, %v; want the original *Error", pe, pe == e)
	}
	if !errors.Is(wrapped, payments.ErrUnavailable) || !errors.Is(wrapped, io.ErrUnexpectedEOF) {
		t.Error("errors.Is through fmt.Errorf lost the kind or the cause")
	}
	twice := fmt.Errorf("outer: %w", fmt.Errorf("inner: %w", e))
	if !errors.As(twice, &pe) || pe.Provider != "p" || pe.Op != payments.OpPaymentStatus {
		t.Errorf("errors.As through two wraps = %+v", pe)
	}
}

func TestErrorUnwrapNil(t *testing.T) {
	t.Parallel()
	cause := errors.New("cause")
	tests := []struct {
		name string
		err  *payments.Error
		want []error
	}{
		{"nothing", &payments.Error{Message: "m"}, []error{}},
		{"cause only", &payments.Error{Err: cause}, []error{cause}},
		{"kind only", &payments.Error{Kind: payments.ErrDuplicate}, []error{payments.ErrDuplicate}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.err.Unwrap()
			if len(got) != len(tt.want) {
				t.Fatalf("Unwrap() = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("Unwrap()[%d] = %v, want %v", i, got[i], tt.want[i])
				}
			}
			for _, s := range []error{payments.ErrInvalidRequest, payments.ErrOutcomeUnknown, errors.ErrUnsupported} {
				if errors.Is(tt.err, s) {
					t.Errorf("errors.Is(%v, %v) = true", tt.err, s)
				}
			}
		})
	}
}

func TestNewErrorAndErrorf(t *testing.T) {
	t.Parallel()
	e := payments.NewError(payments.ErrDeclined, "05", "Do not honor")
	if e.Kind != payments.ErrDeclined || e.Code != "05" || e.Message != "Do not honor" || e.Err != nil || e.Op != "" || e.Provider != "" {
		t.Errorf("NewError = %+v", e)
	}
	inner := errors.New("inner")
	f := payments.Errorf(payments.ErrProtocol, "parse: %w", inner)
	if f.Kind != payments.ErrProtocol || !errors.Is(f, inner) || f.Code != "" || f.Message != "" {
		t.Errorf("Errorf = %+v", f)
	}
	if payments.ErrUnsupported != errors.ErrUnsupported {
		t.Error("payments.ErrUnsupported is not errors.ErrUnsupported")
	}
}

func TestSentinelsDistinct(t *testing.T) {
	t.Parallel()
	all := []error{
		payments.ErrInvalidRequest, payments.ErrInvalidSignature, payments.ErrNotFound,
		payments.ErrDeclined, payments.ErrInsufficientFunds, payments.ErrUnauthorized,
		payments.ErrRateLimited, payments.ErrUnavailable, payments.ErrOutcomeUnknown,
		payments.ErrProtocol, payments.ErrDuplicate, payments.ErrAmountMismatch, payments.ErrInvalidState,
	}
	seen := map[string]bool{}
	for i, a := range all {
		if msg := a.Error(); len(msg) < len("payments: ") || msg[:len("payments: ")] != "payments: " || seen[msg] {
			t.Errorf("sentinel %q: must start with \"payments: \" and be unique", msg)
		}
		seen[a.Error()] = true
		for j, b := range all {
			if i != j && errors.Is(a, b) {
				t.Errorf("errors.Is(%v, %v) = true", a, b)
			}
		}
	}
}
