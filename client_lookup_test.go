package payments_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
)

// TestClientLookupPaymentKeys checks which PaymentQuery keys the Client lets
// through to the provider, by what the provider declares.
func TestClientLookupPaymentKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name             string
		byOrder, byPayID bool
		q                payments.PaymentQuery
		kind             error                  // nil: success
		want             *payments.PaymentQuery // what the provider must receive; nil: not called
	}{
		{name: "nothing set", byOrder: true, byPayID: true, kind: payments.ErrInvalidRequest},
		{name: "order id", byOrder: true, q: payments.PaymentQuery{OrderID: "1001"},
			want: &payments.PaymentQuery{OrderID: "1001"}},
		{name: "payment id", byPayID: true, q: payments.PaymentQuery{PaymentID: "p-1001"},
			want: &payments.PaymentQuery{PaymentID: "p-1001"}},
		{name: "payment id undeclared", byOrder: true, q: payments.PaymentQuery{PaymentID: "p-1001"},
			kind: errors.ErrUnsupported},
		{name: "order id undeclared", byPayID: true, q: payments.PaymentQuery{OrderID: "1001"},
			kind: errors.ErrUnsupported},
		// A provider that declares neither key looks payments up by order
		// id, as every provider did before the flags.
		{name: "no key declared, both given", q: payments.PaymentQuery{OrderID: "1001", PaymentID: "p-1001"},
			want: &payments.PaymentQuery{OrderID: "1001", PaymentID: "p-1001"}},
		{name: "no key declared, order id", q: payments.PaymentQuery{OrderID: "1001"},
			want: &payments.PaymentQuery{OrderID: "1001"}},
		{name: "no key declared, payment id", q: payments.PaymentQuery{PaymentID: "p-1001"},
			kind: errors.ErrUnsupported},
		{name: "both, order id declared", byOrder: true, q: payments.PaymentQuery{OrderID: "1001", PaymentID: "p-1001"},
			want: &payments.PaymentQuery{OrderID: "1001", PaymentID: "p-1001"}},
		{name: "both, payment id declared", byPayID: true, q: payments.PaymentQuery{OrderID: "1001", PaymentID: "p-1001"},
			want: &payments.PaymentQuery{OrderID: "1001", PaymentID: "p-1001"}},
		{name: "bad payment id", byOrder: true, byPayID: true, q: payments.PaymentQuery{PaymentID: "p\n1"},
			kind: payments.ErrInvalidRequest},
		{name: "long payment id", byOrder: true, byPayID: true, q: payments.PaymentQuery{PaymentID: strings.Repeat("p", 257)},
			kind: payments.ErrInvalidRequest},
		{name: "bad order id with good payment id", byOrder: true, byPayID: true,
			q: payments.PaymentQuery{OrderID: "1\x00", PaymentID: "p-1"}, kind: payments.ErrInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			s.caps.LookupByOrderID, s.caps.LookupByPaymentID = tt.byOrder, tt.byPayID
			var got *payments.PaymentQuery
			s.lookupFn = func(_ context.Context, q payments.PaymentQuery) (*payments.Payment, error) {
				got = &q
				return &payments.Payment{OrderID: q.OrderID, ID: q.PaymentID, Status: payments.StatusSucceeded}, nil
			}
			c := newClient(t, s, nil)
			_, err := c.LookupPayment(t.Context(), tt.q)
			if tt.kind == nil && err != nil {
				t.Fatalf("LookupPayment = %v", err)
			}
			if tt.kind != nil && !errors.Is(err, tt.kind) {
				t.Fatalf("LookupPayment = %v, want %v", err, tt.kind)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("provider received (-want +got):\n%s", diff)
			}
		})
	}
}

// TestClientLookupPaymentChecksAnswer checks that an answer for another
// order or another payment than the one asked for is refused.
func TestClientLookupPaymentChecksAnswer(t *testing.T) {
	t.Parallel()
	both := payments.PaymentQuery{OrderID: "1001", PaymentID: "p-1001"}
	tests := []struct {
		name   string
		q      payments.PaymentQuery
		answer payments.Payment
		kind   error // nil: success
	}{
		{name: "both match", q: both, answer: payments.Payment{OrderID: "1001", ID: "p-1001"}},
		{name: "answer without ids", q: both, answer: payments.Payment{}},
		{name: "other payment", q: both, answer: payments.Payment{OrderID: "1001", ID: "p-2002"}, kind: payments.ErrAmountMismatch},
		{name: "other order", q: both, answer: payments.Payment{OrderID: "2002", ID: "p-1001"}, kind: payments.ErrAmountMismatch},
		{name: "by payment id, other payment", q: payments.PaymentQuery{PaymentID: "p-1001"},
			answer: payments.Payment{OrderID: "2002", ID: "p-2002"}, kind: payments.ErrAmountMismatch},
		{name: "by payment id, any order", q: payments.PaymentQuery{PaymentID: "p-1001"},
			answer: payments.Payment{OrderID: "2002", ID: "p-1001"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			s.caps.LookupByOrderID = false // only the payment id is looked up by
			s.lookupFn = func(context.Context, payments.PaymentQuery) (*payments.Payment, error) {
				p := tt.answer
				p.Status = payments.StatusSucceeded
				return &p, nil
			}
			got, err := newClient(t, s, nil).LookupPayment(t.Context(), tt.q)
			if tt.kind == nil {
				if err != nil {
					t.Fatalf("LookupPayment = %v", err)
				}
				if got.ID != tt.answer.ID || got.OrderID != tt.answer.OrderID {
					t.Errorf("LookupPayment = %+v, want the provider's answer", got)
				}
				return
			}
			if !errors.Is(err, tt.kind) {
				t.Fatalf("LookupPayment = %v, want %v", err, tt.kind)
			}
		})
	}
}

// TestClientShortFormsBuildQueries checks that PaymentStatus,
// ConfirmPayment, RefundStatus and Balance pass the provider the query
// their argument names.
func TestClientShortFormsBuildQueries(t *testing.T) {
	t.Parallel()
	s := newStub()
	var pq []payments.PaymentQuery
	s.lookupFn = func(_ context.Context, q payments.PaymentQuery) (*payments.Payment, error) {
		pq = append(pq, q)
		return &payments.Payment{OrderID: q.OrderID, Status: payments.StatusSucceeded, Amount: rub("10")}, nil
	}
	var refundIDs []string
	s.refundStatusFn = func(_ context.Context, id string) (*payments.Refund, error) {
		refundIDs = append(refundIDs, id)
		return &payments.Refund{ID: id, Status: payments.StatusSucceeded}, nil
	}
	var currencies []payments.Currency
	s.balanceFn = func(_ context.Context, cur payments.Currency) (*payments.Balance, error) {
		currencies = append(currencies, cur)
		return &payments.Balance{Available: payments.MustParseMoney("1", cur)}, nil
	}
	c := newClient(t, s, nil)
	ctx := t.Context()
	if _, err := c.PaymentStatus(ctx, "1001"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ConfirmPayment(ctx, "1002", rub("10")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RefundStatus(ctx, "r-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.LookupRefund(ctx, payments.RefundQuery{RefundID: "r-2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Balance(ctx, payments.RUB); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]payments.PaymentQuery{{OrderID: "1001"}, {OrderID: "1002"}}, pq); diff != "" {
		t.Errorf("payment queries (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"r-1", "r-2"}, refundIDs); diff != "" {
		t.Errorf("refund ids (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]payments.Currency{payments.RUB}, currencies); diff != "" {
		t.Errorf("currencies (-want +got):\n%s", diff)
	}
	if _, err := c.LookupRefund(ctx, payments.RefundQuery{}); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("LookupRefund(empty) = %v, want ErrInvalidRequest", err)
	}
}
