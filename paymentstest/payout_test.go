package paymentstest_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

func TestWithdraw(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	assertBalance(t, f, rub("0"))
	_, err := f.Balance(t.Context(), payments.BalanceQuery{Currency: "XYZ"})
	wantKind(t, err, payments.ErrInvalidRequest)
	f.SetBalance(rub("100.00"))

	_, err = f.Withdraw(t.Context(), &payments.WithdrawalRequest{OrderID: "2002", Amount: rub("1000000.00"), Card: card()})
	wantKind(t, err, payments.ErrInsufficientFunds)

	w, err := f.Withdraw(t.Context(), &payments.WithdrawalRequest{OrderID: "2001", Amount: rub("50.00"), Card: card()})
	if err != nil {
		t.Fatal(err)
	}
	want := &payments.Withdrawal{ID: "wd_1", OrderID: "2001", Amount: rub("50.00"), Status: payments.StatusProcessing,
		Raw: map[string]string{"card": maskCard}}
	if diff := cmp.Diff(want, w); diff != "" {
		t.Errorf("Withdraw (-want +got):\n%s", diff)
	}
	assertBalance(t, f, rub("50.00"))

	_, err = f.Withdraw(t.Context(), &payments.WithdrawalRequest{OrderID: "2001", Amount: rub("1.00"), Card: card()})
	wantKind(t, err, payments.ErrDuplicate)
	_, err = f.Withdraw(t.Context(), &payments.WithdrawalRequest{OrderID: "2003", Amount: rub("1.00")})
	wantKind(t, err, payments.ErrInvalidRequest)

	for _, q := range []payments.WithdrawalQuery{{ID: "wd_1"}, {OrderID: "2001"}} {
		got, err := f.WithdrawalStatus(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("WithdrawalStatus(%+v) (-want +got):\n%s", q, diff)
		}
	}
	for _, q := range []payments.WithdrawalQuery{{ID: "wd_9"}, {OrderID: "2999"}, {}} {
		_, err := f.WithdrawalStatus(t.Context(), q)
		wantKind(t, err, payments.ErrNotFound)
	}
}

func TestSettleWithdrawal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		settle  func(*paymentstest.Fake, string) error
		status  payments.Status
		code    string
		balance string
	}{
		{"complete", (*paymentstest.Fake).CompleteWithdrawal, payments.StatusSucceeded, "", "50.00"},
		{"fail returns the money", func(f *paymentstest.Fake, id string) error {
			return f.FailWithdrawal(id, "card_blocked", "the card is blocked")
		}, payments.StatusFailed, "card_blocked", "100.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			f.SetBalance(rub("100.00"))
			w, err := f.Withdraw(t.Context(), &payments.WithdrawalRequest{OrderID: "2001", Amount: rub("50.00"), Card: card()})
			if err != nil {
				t.Fatal(err)
			}
			if err := tt.settle(f, w.ID); err != nil {
				t.Fatal(err)
			}
			got, err := f.WithdrawalStatus(t.Context(), payments.WithdrawalQuery{OrderID: "2001"})
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tt.status || got.ErrorCode != tt.code {
				t.Errorf("payout %s %q, want %s %q", got.Status, got.ErrorCode, tt.status, tt.code)
			}
			assertBalance(t, f, rub(tt.balance))
			wantKind(t, tt.settle(f, w.ID), payments.ErrInvalidRequest)
			wantKind(t, tt.settle(f, "wd_9"), payments.ErrNotFound)
			assertBalance(t, f, rub(tt.balance))
		})
	}
}
