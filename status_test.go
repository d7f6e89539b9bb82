package payments_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
)

// Paid, Final and Valid over every status, as documented: only a payment
// that received the money is paid, and apps ship orders on it.
func TestStatusPredicates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status payments.Status
		paid   bool
		final  bool
	}{
		{payments.StatusPending, false, false},
		{payments.StatusRequiresAction, false, false},
		{payments.StatusAuthorized, false, false},
		{payments.StatusProcessing, false, false},
		{payments.StatusSucceeded, true, true},
		{payments.StatusFailed, false, true},
		{payments.StatusCanceled, false, true},
		{payments.StatusRefunded, true, true},
		{payments.StatusPartiallyRefunded, true, false},
		{payments.StatusExpired, false, true},
		{payments.StatusUnknown, false, false},
	}
	var all []payments.Status
	for _, tt := range tests {
		all = append(all, tt.status)
		if got := tt.status.Paid(); got != tt.paid {
			t.Errorf("%s.Paid() = %t, want %t", tt.status, got, tt.paid)
		}
		if got := tt.status.Final(); got != tt.final {
			t.Errorf("%s.Final() = %t, want %t", tt.status, got, tt.final)
		}
		if !tt.status.Valid() {
			t.Errorf("%s.Valid() = false", tt.status)
		}
	}
	if diff := cmp.Diff(all, payments.Statuses()); diff != "" {
		t.Errorf("Statuses() (-want +got):\n%s", diff)
	}
	for _, s := range []payments.Status{"", "paid", "SUCCEEDED", "succeeded "} {
		if s.Valid() || s.Paid() || s.Final() {
			t.Errorf("%q: Valid %t, Paid %t, Final %t; want all false", s, s.Valid(), s.Paid(), s.Final())
		}
	}
	// The returned slice is a copy.
	payments.Statuses()[0] = "mutated"
	if payments.Statuses()[0] != payments.StatusPending {
		t.Error("Statuses() shares its backing array")
	}
}

func TestOperations(t *testing.T) {
	t.Parallel()
	want := map[payments.Operation]bool{
		payments.OpInitPayment: true, payments.OpRefund: true, payments.OpWithdraw: true,
		payments.OpPaymentStatus: false, payments.OpRefundStatus: false, payments.OpBalance: false,
		payments.OpWithdrawalStatus: false, payments.OpVerifyWebhook: false,
		payments.OpCapture: true, payments.OpCancel: true, payments.OpCharge: true,
		payments.OpSendReceipt: false, payments.OpReceiptStatus: false,
	}
	// Resendable: reads only; a second receipt registers a fiscal document.
	notResendable := map[payments.Operation]bool{payments.OpSendReceipt: true}
	ops := payments.Operations()
	if len(ops) != len(want) {
		t.Fatalf("Operations() = %v, want %d operations", ops, len(want))
	}
	for _, op := range ops {
		moves, ok := want[op]
		if !ok {
			t.Errorf("unexpected operation %q", op)
		}
		if op.MovesMoney() != moves {
			t.Errorf("%s.MovesMoney() = %t, want %t", op, op.MovesMoney(), moves)
		}
		if wantResend := !moves && !notResendable[op]; op.Resendable() != wantResend {
			t.Errorf("%s.Resendable() = %t, want %t", op, op.Resendable(), wantResend)
		}
	}
	if payments.Operation("transfer").MovesMoney() {
		t.Error("an unknown operation moves money")
	}
	payments.Operations()[0] = "mutated"
	if payments.Operations()[0] != payments.OpInitPayment {
		t.Error("Operations() shares its backing array")
	}
}
