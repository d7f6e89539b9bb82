package paymentstest_test

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

// TestFakeChecksReceipts checks that the fake, as a provider would,
// refuses receipt lines that do not add up to the payment or to what a
// refund refunds (with no amount, what is left of the payment), and takes
// those that do.
func TestFakeChecksReceipts(t *testing.T) {
	t.Parallel()
	receipt := func(amounts ...string) *payments.Receipt {
		r := &payments.Receipt{Email: "buyer@example.com"}
		for _, a := range amounts {
			r.Items = append(r.Items, payments.ReceiptItem{Name: "Tea", Quantity: decimal.NewFromInt(1), Amount: rub(a)})
		}
		return r
	}
	tests := []struct {
		name    string
		payment *payments.Receipt
		amount  string // the refund's; "" refunds what is left (10.00)
		refund  *payments.Receipt
		initErr bool
		refErr  bool
	}{
		{name: "payment adds up", payment: receipt("6.00", "4.00")},
		{name: "payment short", payment: receipt("6.00"), initErr: true},
		{name: "payment without lines", payment: receipt(), initErr: true},
		{name: "refund of an amount adds up", amount: "4.00", refund: receipt("4.00")},
		{name: "refund of an amount short", amount: "4.00", refund: receipt("3.00"), refErr: true},
		{name: "refund of what is left adds up", refund: receipt("7.00", "3.00")},
		{name: "refund of what is left short", refund: receipt("4.00"), refErr: true},
		{
			name: "refund in another currency", refErr: true,
			refund: &payments.Receipt{Items: []payments.ReceiptItem{{Name: "Tea", Quantity: decimal.NewFromInt(1), Amount: payments.MustParseMoney("10.00", payments.USD)}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			req := initReq("1002", "10.00")
			req.Receipt = tt.payment
			_, err := f.InitPayment(t.Context(), req)
			if tt.initErr {
				wantKind(t, err, payments.ErrInvalidRequest)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := f.MarkPaid("1002"); err != nil {
				t.Fatal(err)
			}
			rr := &payments.RefundRequest{OrderID: "1002", Receipt: tt.refund}
			if tt.amount != "" {
				rr.Amount = ptr(rub(tt.amount))
			}
			_, err = f.Refund(t.Context(), rr)
			if tt.refErr {
				wantKind(t, err, payments.ErrInvalidRequest)
				assertBalance(t, f, rub("10.00"))
				return
			}
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestFakeMaxOrderIDLength checks that the fake declares MaxOrderIDLength
// and refuses a longer order id itself, for payments and payouts.
func TestFakeMaxOrderIDLength(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	if got := f.Capabilities().MaxOrderIDLength; got != paymentstest.MaxOrderIDLength {
		t.Fatalf("Capabilities().MaxOrderIDLength = %d, want %d", got, paymentstest.MaxOrderIDLength)
	}
	long := strings.Repeat("я", paymentstest.MaxOrderIDLength+1)
	if _, err := f.InitPayment(t.Context(), initReq(long, "10.00")); err == nil {
		t.Error("a payment with a long order id was taken")
	} else {
		wantKind(t, err, payments.ErrInvalidRequest)
	}
	if _, err := f.InitPayment(t.Context(), initReq(long[:len(long)-len("я")], "10.00")); err != nil {
		t.Errorf("an order id of %d characters: %v", paymentstest.MaxOrderIDLength, err)
	}
	_, err := f.Withdraw(t.Context(), &payments.WithdrawalRequest{OrderID: long, Amount: rub("1.00"), Card: &payments.Card{Number: "4111111111111111"}})
	wantKind(t, err, payments.ErrInvalidRequest)
}
