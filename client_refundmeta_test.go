package payments_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
)

// A refund is looked up by its id, or by order id and reference together
// where the provider declares it; the answer must match every key given.
func TestClientLookupRefund(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name   string
		byRef  bool // the provider declares RefundLookupByReference
		q      payments.RefundQuery
		answer payments.Refund
		kind   error // nil: succeeds
	}{
		{name: "nothing given", q: payments.RefundQuery{}, kind: payments.ErrInvalidRequest},
		{name: "reference without order", byRef: true, q: payments.RefundQuery{Reference: "ref-1"}, kind: payments.ErrInvalidRequest},
		{name: "order without reference", byRef: true, q: payments.RefundQuery{OrderID: "1002"}, kind: payments.ErrInvalidRequest},
		{name: "malformed reference", byRef: true, q: payments.RefundQuery{OrderID: "1002", Reference: "a b"}, kind: payments.ErrInvalidRequest},
		{name: "by reference, undeclared", q: payments.RefundQuery{OrderID: "1002", Reference: "ref-1"}, kind: errors.ErrUnsupported},
		{
			name: "by reference and id, only the id declared", q: payments.RefundQuery{RefundID: "r-1", OrderID: "1002", Reference: "ref-1"},
			answer: payments.Refund{ID: "r-1", OrderID: "1002", Status: payments.StatusSucceeded},
		},
		{
			name: "by reference", byRef: true, q: payments.RefundQuery{OrderID: "1002", Reference: "ref-1"},
			answer: payments.Refund{ID: "r-1", OrderID: "1002", Reference: "ref-1", Status: payments.StatusSucceeded},
		},
		{
			name: "answer for another reference", byRef: true, q: payments.RefundQuery{OrderID: "1002", Reference: "ref-1"},
			answer: payments.Refund{ID: "r-2", OrderID: "1002", Reference: "ref-2", Status: payments.StatusSucceeded}, kind: payments.ErrAmountMismatch,
		},
		{
			name: "answer for another order", byRef: true, q: payments.RefundQuery{OrderID: "1002", Reference: "ref-1"},
			answer: payments.Refund{ID: "r-1", OrderID: "1003", Status: payments.StatusSucceeded}, kind: payments.ErrAmountMismatch,
		},
		{
			name: "answer for another id", q: payments.RefundQuery{RefundID: "r-1"},
			answer: payments.Refund{ID: "r-9", Status: payments.StatusSucceeded}, kind: payments.ErrAmountMismatch,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			s.caps.RefundLookupByReference = tt.byRef
			var got payments.RefundQuery
			s.refundLookupFn = func(_ context.Context, q payments.RefundQuery) (*payments.Refund, error) {
				got = q
				r := tt.answer
				return &r, nil
			}
			r, err := newClient(t, s, nil).LookupRefund(context.Background(), tt.q)
			if tt.kind != nil {
				wantErr(t, err, tt.kind, payments.OpRefundStatus)
				if (tt.kind == payments.ErrInvalidRequest || tt.kind == errors.ErrUnsupported) && s.Total() != 0 {
					t.Errorf("the provider was called %d times", s.Total())
				}
				return
			}
			if err != nil {
				t.Fatalf("LookupRefund: %v", err)
			}
			if diff := cmp.Diff(tt.q, got); diff != "" {
				t.Errorf("query the provider got (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(&tt.answer, r); diff != "" {
				t.Errorf("refund (-want +got):\n%s", diff)
			}
		})
	}
}

// Metadata of a refund or payout is refused unless the provider declares
// it, and bounded when it does.
func TestClientRefundAndPayoutMetadata(t *testing.T) {
	t.Parallel()
	many := map[string]string{}
	for i := range payments.MaxMetadataPairs + 1 {
		many[fmt.Sprint("k", i)] = "v"
	}
	for _, tt := range []struct {
		name     string
		declared bool
		md       map[string]string
		kind     error // nil: sent
	}{
		{"undeclared", false, map[string]string{"note": "x"}, errors.ErrUnsupported},
		{"undeclared, empty", false, map[string]string{}, nil},
		{"declared", true, map[string]string{"note": "возврат за товар", "ticket.id": "T-1"}, nil},
		{"too many pairs", true, many, payments.ErrInvalidRequest},
		{"empty key", true, map[string]string{"": "x"}, payments.ErrInvalidRequest},
		{"key with a space", true, map[string]string{"a b": "x"}, payments.ErrInvalidRequest},
		{"key too long", true, map[string]string{strings.Repeat("k", payments.MaxMetadataKey+1): "x"}, payments.ErrInvalidRequest},
		{"longest key and value", true, map[string]string{strings.Repeat("k", payments.MaxMetadataKey): strings.Repeat("v", payments.MaxMetadataValue)}, nil},
		{"value too long", true, map[string]string{"k": strings.Repeat("v", payments.MaxMetadataValue+1)}, payments.ErrInvalidRequest},
		{"value with a control character", true, map[string]string{"k": "a\x00b"}, payments.ErrInvalidRequest},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			s.caps.RefundMetadata, s.caps.WithdrawalMetadata = tt.declared, tt.declared
			c := newClient(t, s, nil)
			_, rerr := c.Refund(context.Background(), &payments.RefundRequest{OrderID: "1002", Reference: "ref-1", Metadata: tt.md})
			_, werr := c.Withdraw(context.Background(), &payments.WithdrawalRequest{
				OrderID: "2001", Amount: rub("50"), Card: &payments.Card{Number: testPAN}, Metadata: tt.md,
			})
			if tt.kind == nil {
				if rerr != nil || werr != nil {
					t.Fatalf("Refund: %v; Withdraw: %v", rerr, werr)
				}
				return
			}
			wantErr(t, rerr, tt.kind, payments.OpRefund)
			wantErr(t, werr, tt.kind, payments.OpWithdraw)
			if s.Total() != 0 {
				t.Errorf("the provider was called %d times", s.Total())
			}
		})
	}
}
