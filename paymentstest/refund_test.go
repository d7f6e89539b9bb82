package paymentstest_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

func TestRefund(t *testing.T) {
	t.Parallel()
	type step struct {
		amount   string // "" refunds what remains
		kind     error  // nil: succeeds
		code     string
		status   payments.Status // the payment's status afterwards
		balance  string
		refunded string // the result's amount, when it succeeds
	}
	tests := []struct {
		name    string
		balance string // set after the payment is paid; "" keeps 10.00
		steps   []step
	}{
		{"full", "", []step{{amount: "", status: payments.StatusRefunded, balance: "0.00", refunded: "10.00"}}},
		{"partial then the rest", "", []step{
			{amount: "4.00", status: payments.StatusPartiallyRefunded, balance: "6.00", refunded: "4.00"},
			{amount: "", status: payments.StatusRefunded, balance: "0.00", refunded: "6.00"},
			{amount: "", kind: payments.ErrDuplicate, code: "already_refunded", status: payments.StatusRefunded, balance: "0.00"},
		}},
		// Issue 8 #3: nil refunds what is left, and the result says so.
		{"4.00 twice then the rest", "", []step{
			{amount: "4.00", status: payments.StatusPartiallyRefunded, balance: "6.00", refunded: "4.00"},
			{amount: "4.00", status: payments.StatusPartiallyRefunded, balance: "2.00", refunded: "4.00"},
			{amount: "", status: payments.StatusRefunded, balance: "0.00", refunded: "2.00"},
			{amount: "0.01", kind: payments.ErrDuplicate, code: "already_refunded", status: payments.StatusRefunded, balance: "0.00"},
			{amount: "", kind: payments.ErrDuplicate, code: "already_refunded", status: payments.StatusRefunded, balance: "0.00"},
		}},
		{"partial then too much", "", []step{
			{amount: "4.00", status: payments.StatusPartiallyRefunded, balance: "6.00", refunded: "4.00"},
			{amount: "6.01", kind: payments.ErrInvalidRequest, code: "amount_too_large", status: payments.StatusPartiallyRefunded, balance: "6.00"},
			{amount: "6.00", status: payments.StatusRefunded, balance: "0.00", refunded: "6.00"},
		}},
		{"balance below the refund", "3.00", []step{
			{amount: "", kind: payments.ErrInsufficientFunds, code: "insufficient_funds", status: payments.StatusSucceeded, balance: "3.00"},
			{amount: "3.00", status: payments.StatusPartiallyRefunded, balance: "0.00", refunded: "3.00"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			mustInit(t, f, initReq("1002", "10.00"))
			if err := f.MarkPaid("1002"); err != nil {
				t.Fatal(err)
			}
			if tt.balance != "" {
				f.SetBalance(rub(tt.balance))
			}
			n := 0
			for i, s := range tt.steps {
				req := &payments.RefundRequest{OrderID: "1002"}
				if s.amount != "" {
					req.Amount = ptr(rub(s.amount))
				}
				r, err := f.Refund(t.Context(), req)
				if s.kind != nil {
					wantKind(t, err, s.kind)
					if pe := (*payments.Error)(nil); errors.As(err, &pe) && pe.Code != s.code {
						t.Errorf("step %d: code %q, want %q", i, pe.Code, s.code)
					}
				} else {
					if err != nil {
						t.Fatalf("step %d: %v", i, err)
					}
					n++
					if r.ID != fmt.Sprintf("ref_%d", n) || r.Status != payments.StatusSucceeded || r.OrderID != "1002" || !r.Amount.Equal(rub(s.refunded)) {
						t.Errorf("step %d: refund %+v, want %s RUB refunded", i, r, s.refunded)
					}
					got, err := f.RefundStatus(t.Context(), payments.RefundQuery{RefundID: r.ID})
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(r, got); diff != "" {
						t.Errorf("RefundStatus (-want +got):\n%s", diff)
					}
				}
				p, _ := f.Payment("1002")
				if p.Status != s.status {
					t.Errorf("step %d: payment is %s, want %s", i, p.Status, s.status)
				}
				assertBalance(t, f, rub(s.balance))
			}
		})
	}
}

func TestRefundErrors(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	mustInit(t, f, initReq("1001", "10.00"))
	mustInit(t, f, initReq("1002", "10.00"))
	if err := f.MarkPaid("1002"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		req  *payments.RefundRequest
		kind error
	}{
		{"unknown order", &payments.RefundRequest{OrderID: "1999"}, payments.ErrNotFound},
		{"not paid", &payments.RefundRequest{OrderID: "1001"}, payments.ErrInvalidRequest},
		{"above the payment", &payments.RefundRequest{OrderID: "1002", Amount: ptr(rub("10.01"))}, payments.ErrInvalidRequest},
		{"other currency", &payments.RefundRequest{OrderID: "1002", Amount: ptr(payments.MustParseMoney("1.00", payments.USD))}, payments.ErrInvalidRequest},
		{"zero", &payments.RefundRequest{OrderID: "1002", Amount: ptr(rub("0"))}, payments.ErrInvalidRequest},
		{"nil request", nil, payments.ErrInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.Refund(t.Context(), tt.req)
			wantKind(t, err, tt.kind)
		})
	}
	_, err := f.RefundStatus(t.Context(), payments.RefundQuery{RefundID: "ref_1"})
	wantKind(t, err, payments.ErrNotFound)
	assertBalance(t, f, rub("10.00"))
}

func assertBalance(t *testing.T, f *paymentstest.Fake, want payments.Money) {
	t.Helper()
	b, err := f.Balance(t.Context(), payments.BalanceQuery{Currency: want.Currency})
	if err != nil {
		t.Fatal(err)
	}
	if !b.Available.Equal(want) {
		t.Errorf("balance = %s, want %s", b.Available, want)
	}
}

// Over the fake's HTTP API too, nil refunds what is left and a refund with
// nothing left is ErrDuplicate "already_refunded".
func TestRefundWhatIsLeftOverHTTP(t *testing.T) {
	t.Parallel()
	f, p := serve(t)
	mustInit(t, f, initReq("1002", "10.00"))
	if err := f.MarkPaid("1002"); err != nil {
		t.Fatal(err)
	}
	c, err := payments.New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if _, err := c.Refund(t.Context(), &payments.RefundRequest{OrderID: "1002", Reference: fmt.Sprint("part-", i), Amount: ptr(rub("4.00"))}); err != nil {
			t.Fatal(err)
		}
	}
	r, err := c.Refund(t.Context(), &payments.RefundRequest{OrderID: "1002", Reference: "r-2"})
	if err != nil || !r.Amount.Equal(rub("2.00")) {
		t.Fatalf("refund of the rest = %+v, %v; want 2.00 RUB", r, err)
	}
	_, err = c.Refund(t.Context(), &payments.RefundRequest{OrderID: "1002", Reference: "r-3"})
	var pe *payments.Error
	if !errors.Is(err, payments.ErrDuplicate) || !errors.As(err, &pe) || pe.Code != "already_refunded" {
		t.Errorf("refund with nothing left: %v, want ErrDuplicate already_refunded", err)
	}
}
