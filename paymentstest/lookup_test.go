package paymentstest_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
)

// TestLookupByPaymentID checks that the fake finds a payment by its own
// payment id ("pay_2"), in process and over its HTTP API, directly and
// through a Client.
func TestLookupByPaymentID(t *testing.T) {
	t.Parallel()
	providers := []struct {
		name string
		new  func(t *testing.T) payments.Provider
	}{
		{"fake", func(t *testing.T) payments.Provider { return newFake(t) }},
		{"http", func(t *testing.T) payments.Provider { _, p := serve(t); return p }},
	}
	for _, pr := range providers {
		t.Run(pr.name, func(t *testing.T) {
			t.Parallel()
			p := pr.new(t)
			mustInit(t, p, initReq("1001", "10.00"))
			second := mustInit(t, p, initReq("1002", "20.00"))
			if second.ID != "pay_2" {
				t.Fatalf("second payment id %q, want pay_2", second.ID)
			}
			tests := []struct {
				name string
				q    payments.PaymentQuery
				want string // order id; empty: not found
			}{
				{"payment id", payments.PaymentQuery{PaymentID: "pay_2"}, "1002"},
				{"first payment id", payments.PaymentQuery{PaymentID: "pay_1"}, "1001"},
				{"unknown payment id", payments.PaymentQuery{PaymentID: "pay_9"}, ""},
				{"order id", payments.PaymentQuery{OrderID: "1002"}, "1002"},
				{"both", payments.PaymentQuery{OrderID: "1002", PaymentID: "pay_2"}, "1002"},
			}
			for _, tt := range tests {
				got, err := p.PaymentStatus(t.Context(), tt.q)
				if tt.want == "" {
					if err == nil {
						t.Errorf("%s: PaymentStatus = %+v, want ErrNotFound", tt.name, got)
					} else {
						wantKindNamed(t, tt.name, err, payments.ErrNotFound)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s: PaymentStatus = %v", tt.name, err)
					continue
				}
				if diff := cmp.Diff([]string{tt.want, "pay_" + tt.want[3:]}, []string{got.OrderID, got.ID}); diff != "" {
					t.Errorf("%s: order and payment id (-want +got):\n%s", tt.name, diff)
				}
			}

			c, err := payments.New(p, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.LookupPayment(t.Context(), payments.PaymentQuery{PaymentID: "pay_2"})
			if err != nil {
				t.Fatalf("Client.LookupPayment = %v", err)
			}
			if got.OrderID != "1002" || !got.Amount.Equal(rub("20.00")) {
				t.Errorf("Client.LookupPayment = %+v, want order 1002 of 20.00 RUB", got)
			}
			_, err = c.LookupPayment(t.Context(), payments.PaymentQuery{OrderID: "1001", PaymentID: "pay_2"})
			wantKindNamed(t, "mismatched keys", err, payments.ErrAmountMismatch)
		})
	}
}

// wantKindNamed is wantKind for a case in a loop: it reports and goes on.
func wantKindNamed(t *testing.T, name string, err, kind error) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Errorf("%s: error = %v, want one wrapping %v", name, err, kind)
	}
}
