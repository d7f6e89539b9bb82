package providerkit_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// Stamp names the provider and the operation the caller called on a
// *payments.Error (a copy: the helper's error is not changed) and leaves any
// other error alone.
func TestStamp(t *testing.T) {
	t.Parallel()
	cause := errors.New("cause")
	in := &payments.Error{Op: payments.OpPaymentStatus, Kind: payments.ErrUnavailable, Code: "c", Message: "m", Err: cause, Advice: "a"}
	got := providerkit.Stamp("acme", payments.OpRefund, in)
	want := &payments.Error{Op: payments.OpRefund, Provider: "acme", Kind: payments.ErrUnavailable, Code: "c", Message: "m", Err: cause, Advice: "a"}
	pe, ok := got.(*payments.Error)
	if !ok {
		t.Fatalf("Stamp = %T, want a *payments.Error", got)
	}
	if pe == in {
		t.Fatal("Stamp returned its argument, not a copy")
	}
	if diff := cmp.Diff(*want, *pe, cmpopts.EquateErrors()); diff != "" {
		t.Errorf("Stamp (-want +got):\n%s", diff)
	}
	if in.Op != payments.OpPaymentStatus || in.Provider != "" {
		t.Errorf("Stamp changed its argument: %+v", in)
	}
	wrapped := fmt.Errorf("step: %w", in)
	for name, err := range map[string]error{
		"nil":               nil,
		"context error":     context.Canceled,
		"plain error":       cause,
		"wrapped *Error":    wrapped,
		"deadline exceeded": context.DeadlineExceeded,
	} {
		if got := providerkit.Stamp("acme", payments.OpRefund, err); got != err {
			t.Errorf("%s: Stamp = %v, want it unchanged", name, got)
		}
	}
}
