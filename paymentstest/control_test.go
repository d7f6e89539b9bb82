package paymentstest_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

func TestMarkTransitions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		mark      func(*paymentstest.Fake, string) error
		want      payments.Payment
		balance   string
		threeDS   bool
		markAgain bool
	}{
		{
			name: "paid", mark: (*paymentstest.Fake).MarkPaid, balance: "10.00",
			want: payments.Payment{OrderID: "1001", ID: "pay_1", Status: payments.StatusSucceeded, Amount: rub("10.00"),
				Raw: map[string]string{"description": "Order 1001"}},
		},
		{
			name: "paid after 3-D Secure", mark: (*paymentstest.Fake).MarkPaid, balance: "10.00", threeDS: true,
			want: payments.Payment{OrderID: "1001", ID: "pay_1", Status: payments.StatusSucceeded, Amount: rub("10.00"),
				Method: "card", Raw: map[string]string{"description": "Order 1001", "card": maskCard}},
		},
		{
			name: "failed", balance: "0",
			mark: func(f *paymentstest.Fake, id string) error { return f.MarkFailed(id, "common", "insufficient funds") },
			want: payments.Payment{OrderID: "1001", ID: "pay_1", Status: payments.StatusFailed, Amount: rub("10.00"),
				ErrorCode: "common", ErrorMessage: "insufficient funds", Raw: map[string]string{"description": "Order 1001"}},
		},
		{
			name: "canceled", mark: (*paymentstest.Fake).MarkCanceled, balance: "0",
			want: payments.Payment{OrderID: "1001", ID: "pay_1", Status: payments.StatusCanceled, Amount: rub("10.00"),
				Raw: map[string]string{"description": "Order 1001"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			req := initReq("1001", "10.00")
			if tt.threeDS {
				req.Card, req.Browser = card(), browser()
			}
			mustInit(t, f, req)
			if err := tt.mark(f, "1001"); err != nil {
				t.Fatal(err)
			}
			got, err := f.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: "1001"})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(&tt.want, got); diff != "" {
				t.Errorf("PaymentStatus (-want +got):\n%s", diff)
			}
			assertBalance(t, f, rub(tt.balance))
			// A settled payment stays settled; the balance is credited once.
			for _, again := range []func(string) error{f.MarkPaid, f.MarkCanceled} {
				wantKind(t, again("1001"), payments.ErrInvalidRequest)
			}
			assertBalance(t, f, rub(tt.balance))
			wantKind(t, tt.mark(f, "1999"), payments.ErrNotFound)
		})
	}
}

func TestFailNext(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	boom := payments.NewError(payments.ErrUnavailable, "maintenance", "try later")
	f.FailNext(payments.OpInitPayment, boom)
	f.FailNext(payments.OpInitPayment, payments.Errorf(payments.ErrRateLimited, "slow down"))

	_, err := f.InitPayment(t.Context(), initReq("1001", "10.00"))
	if err != boom {
		t.Fatalf("first call: %v, want the injected error", err)
	}
	if _, ok := f.Payment("1001"); ok {
		t.Error("a failed call stored the payment")
	}
	_, err = f.InitPayment(t.Context(), initReq("1001", "10.00"))
	wantKind(t, err, payments.ErrRateLimited)
	p := mustInit(t, f, initReq("1001", "10.00"))
	if p.ID != "pay_1" {
		t.Errorf("id after injected failures %q, want pay_1", p.ID)
	}
	if n := f.Calls(payments.OpInitPayment); n != 3 {
		t.Errorf("Calls(init) = %d, want 3", n)
	}
	if n := f.Calls(payments.OpRefund); n != 0 {
		t.Errorf("Calls(refund) = %d, want 0", n)
	}

	// Every operation consults its own queue.
	ops := map[payments.Operation]func() error{
		payments.OpPaymentStatus: func() error {
			_, err := f.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: "1001"})
			return err
		},
		payments.OpRefund: func() error { _, err := f.Refund(t.Context(), &payments.RefundRequest{OrderID: "1001"}); return err },
		payments.OpRefundStatus: func() error {
			_, err := f.RefundStatus(t.Context(), payments.RefundQuery{RefundID: "ref_1"})
			return err
		},
		payments.OpBalance: func() error {
			_, err := f.Balance(t.Context(), payments.BalanceQuery{Currency: payments.RUB})
			return err
		},
		payments.OpWithdraw: func() error { _, err := f.Withdraw(t.Context(), &payments.WithdrawalRequest{}); return err },
		payments.OpWithdrawalStatus: func() error {
			_, err := f.WithdrawalStatus(t.Context(), payments.WithdrawalQuery{ID: "wd_1"})
			return err
		},
		payments.OpVerifyWebhook: func() error { _, err := f.VerifyWebhook(t.Context(), f.SignWebhook(paidWebhook())); return err },
	}
	for op, call := range ops {
		injected := payments.NewError(payments.ErrDeclined, "injected_"+string(op), "")
		f.FailNext(op, injected)
		if err := call(); err != injected {
			t.Errorf("%s: %v, want the injected error", op, err)
		}
		if n := f.Calls(op); n != 1 {
			t.Errorf("Calls(%s) = %d, want 1", op, n)
		}
	}
}

func TestCanceledContext(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := f.InitPayment(ctx, initReq("1001", "10.00"))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if _, ok := f.Payment("1001"); ok {
		t.Error("a canceled call stored the payment")
	}
}

func TestReturnedValuesAreCopies(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	req := initReq("1011", "10.00")
	req.Card, req.Browser = card(), browser()
	p := mustInit(t, f, req)
	p.Raw["card"] = "changed"
	p.NextStep.Fields[0].Value = "changed"
	got, _ := f.Payment("1011")
	if got.Raw["card"] != maskCard || got.NextStep.Fields[0].Value != "fake-pareq-pay_1" {
		t.Errorf("changing a returned payment changed the fake: %+v", got)
	}
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	const n = 50
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := f.InitPayment(t.Context(), initReq(fmt.Sprint(1000+i), "1.00"))
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = p.ID
			if err := f.MarkPaid(p.OrderID); err != nil {
				t.Error(err)
			}
			_, _ = f.Balance(t.Context(), payments.BalanceQuery{Currency: payments.RUB})
		}()
	}
	wg.Wait()
	seen := make(map[string]bool)
	for _, id := range ids {
		seen[id] = true
	}
	for i := 1; i <= n; i++ {
		if !seen[fmt.Sprintf("pay_%d", i)] {
			t.Errorf("id pay_%d was not issued", i)
		}
	}
	assertBalance(t, f, rub("50.00"))
}

// TestThroughClient runs the fake behind a payments.Client, the way apps use
// it.
func TestThroughClient(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	c, err := payments.New(f, &payments.Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.InitPayment(t.Context(), initReq("1002", "10.00")); err != nil {
		t.Fatal(err)
	}
	if err := f.MarkPaid("1002"); err != nil {
		t.Fatal(err)
	}
	p, err := c.ConfirmPayment(t.Context(), "1002", rub("10.00"))
	if err != nil || p.Status != payments.StatusSucceeded {
		t.Fatalf("ConfirmPayment = %v, %v", p, err)
	}
	_, err = c.Refund(t.Context(), &payments.RefundRequest{OrderID: "1002", Reference: "r-1", Amount: ptr(rub("11.00"))})
	wantKind(t, err, payments.ErrInvalidRequest)
	var pe *payments.Error
	if !errors.As(err, &pe) || pe.Op != payments.OpRefund || pe.Provider != "fake" {
		t.Errorf("error %#v lacks its operation or provider", err)
	}
	if _, err := c.Refund(t.Context(), &payments.RefundRequest{OrderID: "1002", Reference: "r-2"}); err != nil {
		t.Fatal(err)
	}
	// Reads are retried by the Client when the provider is unavailable.
	f.FailNext(payments.OpPaymentStatus, payments.NewError(payments.ErrUnavailable, "maintenance", ""))
	c2, _ := payments.New(f, &payments.Options{Retry: payments.RetryPolicy{MaxAttempts: 2, InitialDelay: time.Microsecond}})
	if _, err := c2.PaymentStatus(t.Context(), "1002"); err != nil {
		t.Fatal(err)
	}
	if n := f.Calls(payments.OpPaymentStatus); n != 3 {
		t.Errorf("PaymentStatus calls = %d, want 3 (1 + 1 failed + 1 retry)", n)
	}
}
