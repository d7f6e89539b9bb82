package payments_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

// TestReceiptItemUnitPrice checks the unit price derived from a line's
// total and quantity, refused rather than rounded when it is not whole
// kopecks.
func TestReceiptItemUnitPrice(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		quantity string
		amount   payments.Money
		want     payments.Money
		wantErr  bool
	}{
		// T-Bank's Init example: Price 100000, Quantity 1, Amount 100000
		// kopecks (https://www.tbank.ru/kassa/dev/payments/, /v2/Init).
		{name: "tbank init example", quantity: "1", amount: rub("1000.00"), want: rub("1000.00")},
		// T-Bank's Cancel: a 50.00 refund of a 500.00 item keeps Price
		// 50000 and sends Quantity 0.1, Amount 5000 (same page, /v2/Cancel).
		{name: "tbank partial refund example", quantity: "0.1", amount: rub("50.00"), want: rub("500.00")},
		{name: "three units", quantity: "3", amount: rub("99.99"), want: rub("33.33")},
		{name: "weighed goods", quantity: "0.250", amount: rub("37.50"), want: rub("150.00")},
		{name: "yen has no minor unit", quantity: "4", amount: payments.MustParseMoney("1000", payments.Currency("JPY")), want: payments.MustParseMoney("250", payments.Currency("JPY"))},
		{name: "not whole kopecks", quantity: "3", amount: rub("100.00"), wantErr: true},
		{name: "below a kopeck", quantity: "3", amount: rub("0.01"), wantErr: true},
		{name: "not whole yen", quantity: "3", amount: payments.MustParseMoney("1000", payments.Currency("JPY")), wantErr: true},
		{name: "zero quantity", quantity: "0", amount: rub("10.00"), wantErr: true},
		{name: "negative quantity", quantity: "-1", amount: rub("10.00"), wantErr: true},
		{name: "zero amount", quantity: "1", amount: rub("0"), wantErr: true},
		{name: "no currency", quantity: "1", amount: payments.Money{Amount: decimal.NewFromInt(10)}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			it := payments.ReceiptItem{Name: "Tea", Quantity: decimal.RequireFromString(tt.quantity), Amount: tt.amount}
			got, err := it.UnitPrice()
			if tt.wantErr {
				if !errors.Is(err, payments.ErrInvalidRequest) {
					t.Fatalf("UnitPrice() = %v, %v; want an error wrapping ErrInvalidRequest", got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("UnitPrice() (-want +got):\n%s", diff)
			}
		})
	}
}

// receiptReq is a valid 10.00 RUB payment with a one-line receipt.
func receiptReq() *payments.InitRequest {
	return &payments.InitRequest{
		OrderID: "1001", Amount: rub("10.00"),
		Receipt: &payments.Receipt{Items: []payments.ReceiptItem{
			{Name: "Tea", Quantity: decimal.NewFromInt(2), Amount: rub("10.00")},
		}},
	}
}

// TestClientChecksReceiptContact checks the buyer's e-mail and phone on a
// receipt, on payments and refunds, before the provider sees them.
func TestClientChecksReceiptContact(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		email, phone string
		ok           bool
	}{
		{name: "none", ok: true},
		{name: "e-mail", email: "buyer@example.com", ok: true},
		{name: "phone with plus", phone: "+79001234567", ok: true},
		{name: "phone digits only", phone: "79001234567", ok: true},
		{name: "shortest phone", phone: "1234567", ok: true},
		{name: "longest phone", phone: "+123456789012345", ok: true},
		{name: "both", email: "buyer@example.com", phone: "+79001234567", ok: true},
		{name: "e-mail without @", email: "buyer.example.com"},
		{name: "e-mail with two @", email: "buyer@shop@example.com"},
		{name: "e-mail without local part", email: "@example.com"},
		{name: "e-mail without domain", email: "buyer@"},
		{name: "e-mail with space", email: "buyer @example.com"},
		{name: "e-mail with newline", email: "buyer@example.com\nBcc: x@y"},
		{name: "phone too short", phone: "+123456"},
		{name: "phone too long", phone: "+1234567890123456"},
		{name: "phone with spaces", phone: "+7 900 123 45 67"},
		{name: "phone with dashes", phone: "8-900-123-45-67"},
		{name: "phone with letters", phone: "+7900CALLME"},
		{name: "plus alone", phone: "+"},
		{name: "two pluses", phone: "++79001234567"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			c := newClient(t, s, nil)
			req := receiptReq()
			req.Receipt.Email, req.Receipt.Phone = tt.email, tt.phone
			_, initErr := c.InitPayment(context.Background(), req)
			_, refundErr := c.Refund(context.Background(), &payments.RefundRequest{OrderID: "1001", Reference: "r-1", Receipt: req.Receipt})
			if tt.ok {
				if initErr != nil || refundErr != nil {
					t.Fatalf("InitPayment: %v; Refund: %v; want no errors", initErr, refundErr)
				}
				return
			}
			wantErr(t, initErr, payments.ErrInvalidRequest, payments.OpInitPayment)
			wantErr(t, refundErr, payments.ErrInvalidRequest, payments.OpRefund)
			if n := s.Total(); n != 0 {
				t.Errorf("provider called %d times for an invalid receipt", n)
			}
		})
	}
}

// TestClientChecksRefundReceipt checks a refund's receipt against the
// refund: its amount when given, and the lines themselves always (a refund
// of what is left has no amount to check them against).
func TestClientChecksRefundReceipt(t *testing.T) {
	t.Parallel()
	line := func(name, quantity string, m payments.Money) payments.ReceiptItem {
		return payments.ReceiptItem{Name: name, Quantity: decimal.RequireFromString(quantity), Amount: m}
	}
	tests := []struct {
		name   string
		amount *payments.Money
		items  []payments.ReceiptItem
		kind   error // nil: accepted
	}{
		{name: "adds up to the amount", amount: ptr(rub("5.00")), items: []payments.ReceiptItem{line("Tea", "1", rub("3.00")), line("Cake", "1", rub("2.00"))}},
		{name: "no amount, lines only", items: []payments.ReceiptItem{line("Tea", "0.5", rub("5.00"))}},
		{name: "more than the amount", amount: ptr(rub("5.00")), items: []payments.ReceiptItem{line("Tea", "1", rub("6.00"))}, kind: payments.ErrInvalidRequest},
		{name: "less than the amount", amount: ptr(rub("5.00")), items: []payments.ReceiptItem{line("Tea", "1", rub("4.99"))}, kind: payments.ErrInvalidRequest},
		{name: "no items", amount: ptr(rub("5.00")), kind: payments.ErrInvalidRequest},
		{name: "no amount, no items", kind: payments.ErrInvalidRequest},
		{name: "no amount, nameless line", items: []payments.ReceiptItem{line(" ", "1", rub("5.00"))}, kind: payments.ErrInvalidRequest},
		{name: "no amount, zero quantity", items: []payments.ReceiptItem{line("Tea", "0", rub("5.00"))}, kind: payments.ErrInvalidRequest},
		{name: "no amount, negative line", items: []payments.ReceiptItem{line("Tea", "1", rub("-5.00"))}, kind: payments.ErrInvalidRequest},
		{name: "no amount, excess precision", items: []payments.ReceiptItem{line("Tea", "1", payments.Money{Amount: decimal.RequireFromString("5.001"), Currency: payments.RUB})}, kind: payments.ErrInvalidRequest},
		{
			name:  "no amount, mixed currencies",
			items: []payments.ReceiptItem{line("Tea", "1", rub("5.00")), line("Cake", "1", payments.MustParseMoney("1.00", payments.USD))},
			kind:  payments.ErrInvalidRequest,
		},
		{name: "no amount, undeclared currency", items: []payments.ReceiptItem{line("Tea", "1", payments.MustParseMoney("5.00", payments.USD))}, kind: errors.ErrUnsupported},
		{name: "amount in another currency than the lines", amount: ptr(rub("5.00")), items: []payments.ReceiptItem{line("Tea", "1", payments.MustParseMoney("5.00", payments.EUR))}, kind: payments.ErrInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			var got *payments.RefundRequest
			s.refundFn = func(_ context.Context, req *payments.RefundRequest) (*payments.Refund, error) {
				got = req
				r := &payments.Refund{ID: "r-1", OrderID: req.OrderID, Status: payments.StatusSucceeded}
				if req.Amount != nil {
					r.Amount = *req.Amount
				}
				return r, nil
			}
			c := newClient(t, s, nil)
			req := &payments.RefundRequest{OrderID: "1001", Reference: "r-1", Amount: tt.amount, Receipt: &payments.Receipt{Items: tt.items}}
			_, err := c.Refund(context.Background(), req)
			if tt.kind == nil {
				if err != nil {
					t.Fatal(err)
				}
				if got == nil || got.Receipt != req.Receipt {
					t.Fatal("the receipt did not reach the provider")
				}
				return
			}
			wantErr(t, err, tt.kind, payments.OpRefund)
			if n := s.Total(); n != 0 {
				t.Errorf("provider called %d times for an invalid refund receipt", n)
			}
		})
	}
}

// TestClientChecksMaxOrderIDLength checks that an order id longer than
// the declared MaxOrderIDLength is refused before dispatch, in every call
// that takes one, and that zero means no limit beyond 128 bytes.
func TestClientChecksMaxOrderIDLength(t *testing.T) {
	t.Parallel()
	calls := map[payments.Operation]func(*payments.Client, string) error{
		payments.OpInitPayment: func(c *payments.Client, id string) error {
			_, err := c.InitPayment(context.Background(), &payments.InitRequest{OrderID: id, Amount: rub("10.00")})
			return err
		},
		payments.OpPaymentStatus: func(c *payments.Client, id string) error {
			_, err := c.PaymentStatus(context.Background(), id)
			return err
		},
		payments.OpRefund: func(c *payments.Client, id string) error {
			_, err := c.Refund(context.Background(), &payments.RefundRequest{OrderID: id, Reference: "r-1"})
			return err
		},
		payments.OpWithdraw: func(c *payments.Client, id string) error {
			_, err := c.Withdraw(context.Background(), &payments.WithdrawalRequest{OrderID: id, Amount: rub("50"), Card: &payments.Card{Number: testPAN}})
			return err
		},
		payments.OpWithdrawalStatus: func(c *payments.Client, id string) error {
			_, err := c.WithdrawalStatus(context.Background(), payments.WithdrawalQuery{OrderID: id})
			return err
		},
	}
	tests := []struct {
		name string
		max  int
		id   string
		ok   bool
	}{
		{name: "at the limit", max: 36, id: strings.Repeat("a", 36), ok: true},
		{name: "one over", max: 36, id: strings.Repeat("a", 37)},
		{name: "counted in characters", max: 4, id: "заказ"},
		{name: "characters, not bytes", max: 5, id: "заказ", ok: true},
		{name: "no limit declared", max: 0, id: strings.Repeat("a", 128), ok: true},
	}
	for _, tt := range tests {
		for op, call := range calls {
			t.Run(tt.name+"/"+string(op), func(t *testing.T) {
				t.Parallel()
				s := newStub()
				s.caps.MaxOrderIDLength = tt.max
				err := call(newClient(t, s, nil), tt.id)
				if tt.ok {
					if errors.Is(err, payments.ErrInvalidRequest) {
						t.Fatalf("order id of %d characters refused with limit %d: %v", len([]rune(tt.id)), tt.max, err)
					}
					return
				}
				wantErr(t, err, payments.ErrInvalidRequest, op)
				if n := s.Total(); n != 0 {
					t.Errorf("provider called %d times for a long order id", n)
				}
			})
		}
	}
}
