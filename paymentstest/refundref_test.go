package paymentstest_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

// The fake takes a refund's reference as an idempotency key, in process
// and over HTTP: the same order and reference again return the same refund
// and move no money, another amount under it is refused, and refunds are
// found by reference with their metadata.
func TestRefundReference(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		open func(t *testing.T) (*paymentstest.Fake, fullProvider)
	}{
		{"in process", func(t *testing.T) (*paymentstest.Fake, fullProvider) { f := newFake(t); return f, f }},
		{"over HTTP", func(t *testing.T) (*paymentstest.Fake, fullProvider) { f, p := serve(t); return f, p }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, p := tt.open(t)
			ctx := t.Context()
			for _, order := range []string{"1002", "1003"} {
				mustInit(t, f, initReq(order, "10.00"))
				if err := f.MarkPaid(order); err != nil {
					t.Fatal(err)
				}
			}
			md := map[string]string{"ticket": "T-1"}
			first, err := p.Refund(ctx, &payments.RefundRequest{OrderID: "1002", Reference: "ref-a", Amount: ptr(rub("4.00")), Metadata: md})
			if err != nil {
				t.Fatal(err)
			}
			want := &payments.Refund{ID: "ref_1", OrderID: "1002", Amount: rub("4.00"), Status: payments.StatusSucceeded, Reference: "ref-a", Metadata: md}
			if diff := cmp.Diff(want, first); diff != "" {
				t.Errorf("first refund (-want +got):\n%s", diff)
			}
			for _, amount := range []*payments.Money{ptr(rub("4.00")), nil} {
				again, err := p.Refund(ctx, &payments.RefundRequest{OrderID: "1002", Reference: "ref-a", Amount: amount})
				if err != nil {
					t.Fatalf("the same reference again (amount %v): %v", amount, err)
				}
				if diff := cmp.Diff(want, again); diff != "" {
					t.Errorf("the same reference again (amount %v) (-want +got):\n%s", amount, diff)
				}
			}
			assertBalance(t, f, rub("16.00"))
			_, err = p.Refund(ctx, &payments.RefundRequest{OrderID: "1002", Reference: "ref-a", Amount: ptr(rub("5.00"))})
			var pe *payments.Error
			if !errors.Is(err, payments.ErrInvalidRequest) || !errors.As(err, &pe) || pe.Code != "reference_mismatch" {
				t.Errorf("the same reference with another amount: %v, want ErrInvalidRequest reference_mismatch", err)
			}
			other, err := p.Refund(ctx, &payments.RefundRequest{OrderID: "1003", Reference: "ref-a", Amount: ptr(rub("1.00"))})
			if err != nil || other.ID != "ref_2" {
				t.Errorf("the reference of another order: %+v, %v; want a new refund ref_2", other, err)
			}
			assertBalance(t, f, rub("15.00"))

			got, err := p.RefundStatus(ctx, payments.RefundQuery{OrderID: "1002", Reference: "ref-a"})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("lookup by reference (-want +got):\n%s", diff)
			}
			for _, q := range []payments.RefundQuery{
				{OrderID: "1002", Reference: "ref-unknown"},
				{OrderID: "1004", Reference: "ref-a"},
				{RefundID: "ref_1", OrderID: "1003"},
			} {
				_, err := p.RefundStatus(ctx, q)
				wantKind(t, err, payments.ErrNotFound)
			}
		})
	}
}

// Through a Client, a refund whose reference the fake has seen comes back
// as the same refund: the fake declares IdempotentRefunds, so the Client
// sends the repeat on.
func TestRefundReferenceThroughClient(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	c, err := payments.New(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustInit(t, f, initReq("1002", "10.00"))
	if err := f.MarkPaid("1002"); err != nil {
		t.Fatal(err)
	}
	req := &payments.RefundRequest{OrderID: "1002", Reference: "ref-a", Amount: ptr(rub("4.00"))}
	a, err := c.Refund(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Refund(t.Context(), req)
	if err != nil || b.ID != a.ID {
		t.Fatalf("again: %+v, %v; want refund %s", b, err, a.ID)
	}
	if n := f.Calls(payments.OpRefund); n != 2 {
		t.Errorf("the fake got %d refunds, want 2 (the Client sends repeats to an idempotent provider)", n)
	}
	got, err := c.LookupRefund(t.Context(), payments.RefundQuery{OrderID: "1002", Reference: "ref-a"})
	if err != nil || got.ID != a.ID {
		t.Errorf("LookupRefund by reference: %+v, %v", got, err)
	}
	assertBalance(t, f, rub("6.00"))
}

// A payout's metadata is echoed, in process and over HTTP.
func TestWithdrawMetadata(t *testing.T) {
	t.Parallel()
	f, p := serve(t)
	f.SetBalance(rub("100.00"))
	md := map[string]string{"batch": "B-7"}
	for i, w := range []payments.Withdrawer{f, p} {
		order := []string{"2001", "2002"}[i]
		got, err := w.Withdraw(t.Context(), &payments.WithdrawalRequest{OrderID: order, Amount: rub("10.00"), Card: card(), Metadata: md})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(md, got.Metadata); diff != "" {
			t.Errorf("Withdraw %d metadata (-want +got):\n%s", i, diff)
		}
		st, err := w.WithdrawalStatus(t.Context(), payments.WithdrawalQuery{OrderID: order})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(md, st.Metadata); diff != "" {
			t.Errorf("WithdrawalStatus %d metadata (-want +got):\n%s", i, diff)
		}
	}
}
