package payments_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

// TestClientValidatesBeforeDispatch checks that the Client refuses invalid
// requests with one wrapped error before the provider sees them.
func TestClientValidatesBeforeDispatch(t *testing.T) {
	t.Parallel()
	numericIDs := func(c *payments.Capabilities) { c.NumericOrderIDs = true }
	// initTests edit a valid InitRequest into an invalid one.
	initTests := []struct {
		name string
		caps func(*payments.Capabilities)
		edit func(*payments.InitRequest)
		kind error
	}{
		{name: "empty order id", edit: func(r *payments.InitRequest) { r.OrderID = "" }, kind: payments.ErrInvalidRequest},
		{name: "129-byte order id", edit: func(r *payments.InitRequest) { r.OrderID = strings.Repeat("1", 129) }, kind: payments.ErrInvalidRequest},
		{name: "newline in order id", edit: func(r *payments.InitRequest) { r.OrderID = "10\n01" }, kind: payments.ErrInvalidRequest},
		{name: "NUL in order id", edit: func(r *payments.InitRequest) { r.OrderID = "10\x0001" }, kind: payments.ErrInvalidRequest},
		{name: "DEL in order id", edit: func(r *payments.InitRequest) { r.OrderID = "10\x7f" }, kind: payments.ErrInvalidRequest},
		{name: "invalid UTF-8 order id", edit: func(r *payments.InitRequest) { r.OrderID = "\xff\xfe" }, kind: payments.ErrInvalidRequest},
		{name: "non-numeric order id", caps: numericIDs, edit: func(r *payments.InitRequest) { r.OrderID = "A1001" }, kind: payments.ErrInvalidRequest},
		{name: "leading zero order id", caps: numericIDs, edit: func(r *payments.InitRequest) { r.OrderID = "01001" }, kind: payments.ErrInvalidRequest},
		{name: "negative order id", caps: numericIDs, edit: func(r *payments.InitRequest) { r.OrderID = "-1" }, kind: payments.ErrInvalidRequest},
		{
			name: "19-digit order id",
			caps: numericIDs,
			edit: func(r *payments.InitRequest) { r.OrderID = "1234567890123456789" },
			kind: payments.ErrInvalidRequest,
		},
		{name: "zero amount", edit: func(r *payments.InitRequest) { r.Amount, r.Receipt = rub("0"), nil }, kind: payments.ErrInvalidRequest},
		{name: "negative amount", edit: func(r *payments.InitRequest) { r.Amount, r.Receipt = rub("-10"), nil }, kind: payments.ErrInvalidRequest},
		{name: "zero Money", edit: func(r *payments.InitRequest) { r.Amount, r.Receipt = payments.Money{}, nil }, kind: payments.ErrInvalidRequest},
		{
			name: "excess precision",
			edit: func(r *payments.InitRequest) {
				r.Amount, r.Receipt = payments.Money{Amount: decimal.RequireFromString("10.001"), Currency: payments.RUB}, nil
			},
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "unknown currency",
			edit: func(r *payments.InitRequest) {
				r.Amount, r.Receipt = payments.Money{Amount: decimal.NewFromInt(10), Currency: "XYZ"}, nil
			},
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "undeclared currency",
			edit: func(r *payments.InitRequest) {
				r.Amount, r.Receipt = payments.MustParseMoney("10", payments.USD), nil
			},
			kind: errors.ErrUnsupported,
		},
		{
			name: "description too long",
			caps: func(c *payments.Capabilities) { c.MaxDescription = 5 },
			edit: func(r *payments.InitRequest) { r.Description = "абвгде" },
			kind: payments.ErrInvalidRequest,
		},
		{name: "description invalid UTF-8", edit: func(r *payments.InitRequest) { r.Description = "ok\xff" }, kind: payments.ErrInvalidRequest},
		{name: "e-mail without @", edit: func(r *payments.InitRequest) { r.Email = "buyer.example.com" }, kind: payments.ErrInvalidRequest},
		{name: "e-mail with space", edit: func(r *payments.InitRequest) { r.Email = "buyer @example.com" }, kind: payments.ErrInvalidRequest},
		{name: "expiry in the past", edit: func(r *payments.InitRequest) { r.ExpiresAt = testNow.Add(-time.Second) }, kind: payments.ErrInvalidRequest},
		{name: "expiry now", edit: func(r *payments.InitRequest) { r.ExpiresAt = testNow }, kind: payments.ErrInvalidRequest},
		{
			name: "metadata undeclared",
			caps: func(c *payments.Capabilities) { c.Metadata = false },
			edit: func(*payments.InitRequest) {},
			kind: errors.ErrUnsupported,
		},
		{
			name: "payment receipt undeclared, refund receipts declared",
			caps: func(c *payments.Capabilities) { c.PaymentReceipts, c.RefundReceipts = false, true },
			edit: func(*payments.InitRequest) {},
			kind: errors.ErrUnsupported,
		},
		{
			name: "card undeclared",
			caps: func(c *payments.Capabilities) { c.CardPayments = false },
			edit: func(*payments.InitRequest) {},
			kind: errors.ErrUnsupported,
		},
		{
			name: "browser undeclared",
			caps: func(c *payments.Capabilities) { c.ThreeDS = false },
			edit: func(*payments.InitRequest) {},
			kind: errors.ErrUnsupported,
		},
		{name: "receipt does not add up", edit: func(r *payments.InitRequest) { r.Receipt.Items[1].Amount = rub("4.01") }, kind: payments.ErrInvalidRequest},
		{name: "receipt without items", edit: func(r *payments.InitRequest) { r.Receipt.Items = nil }, kind: payments.ErrInvalidRequest},
		{name: "receipt item without name", edit: func(r *payments.InitRequest) { r.Receipt.Items[0].Name = "  " }, kind: payments.ErrInvalidRequest},
		{
			name: "receipt item zero quantity",
			edit: func(r *payments.InitRequest) { r.Receipt.Items[0].Quantity = decimal.Zero },
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "receipt item other currency",
			edit: func(r *payments.InitRequest) {
				r.Receipt.Items[1].Amount = payments.MustParseMoney("4", payments.USD)
			},
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "receipt item negative",
			edit: func(r *payments.InitRequest) {
				r.Receipt.Items[0].Amount, r.Receipt.Items[1].Amount = rub("14"), rub("-4")
			},
			kind: payments.ErrInvalidRequest,
		},
		{name: "card fails Luhn", edit: func(r *payments.InitRequest) { r.Card.Number = "4111111111111112" }, kind: payments.ErrInvalidRequest},
		{name: "card expired", edit: func(r *payments.InitRequest) { r.Card.ExpMonth, r.Card.ExpYear = 4, 2026 }, kind: payments.ErrInvalidRequest},
		{name: "card CVC short", edit: func(r *payments.InitRequest) { r.Card.CVC = "12" }, kind: payments.ErrInvalidRequest},
		{name: "card non-digits", edit: func(r *payments.InitRequest) { r.Card.Number = "4111x11111111111" }, kind: payments.ErrInvalidRequest},
	}
	type test struct {
		name string
		caps func(*payments.Capabilities)
		call func(context.Context, *payments.Client) error
		op   payments.Operation
		kind error
	}
	var tests []test
	for _, tt := range initTests {
		tests = append(tests, test{name: tt.name, caps: tt.caps, op: payments.OpInitPayment, kind: tt.kind,
			call: func(ctx context.Context, c *payments.Client) error {
				req := validInit()
				tt.edit(req)
				_, err := c.InitPayment(ctx, req)
				return err
			}})
	}
	tests = append(tests, []test{
		{
			name: "nil init request",
			call: func(ctx context.Context, c *payments.Client) error { _, err := c.InitPayment(ctx, nil); return err },
			op:   payments.OpInitPayment,
			kind: payments.ErrInvalidRequest,
		},

		{
			name: "status empty order id",
			call: func(ctx context.Context, c *payments.Client) error { _, err := c.PaymentStatus(ctx, ""); return err },
			op:   payments.OpPaymentStatus,
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "status control char",
			call: func(ctx context.Context, c *payments.Client) error {
				_, err := c.PaymentStatus(ctx, "1\r2")
				return err
			},
			op:   payments.OpPaymentStatus,
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "status non-numeric",
			caps: numericIDs,
			call: func(ctx context.Context, c *payments.Client) error { _, err := c.PaymentStatus(ctx, "abc"); return err },
			op:   payments.OpPaymentStatus,
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "confirm zero expected",
			call: func(ctx context.Context, c *payments.Client) error {
				_, err := c.ConfirmPayment(ctx, "1001", payments.Money{})
				return err
			},
			op:   payments.OpPaymentStatus,
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "confirm excess precision",
			call: func(ctx context.Context, c *payments.Client) error {
				_, err := c.ConfirmPayment(ctx, "1001", payments.Money{Amount: decimal.RequireFromString("1.001"), Currency: payments.RUB})
				return err
			},
			op:   payments.OpPaymentStatus,
			kind: payments.ErrInvalidRequest,
		},

		{
			name: "refund nil",
			call: func(ctx context.Context, c *payments.Client) error { _, err := c.Refund(ctx, nil); return err },
			op:   payments.OpRefund,
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "refund empty order",
			call: func(ctx context.Context, c *payments.Client) error {
				_, err := c.Refund(ctx, &payments.RefundRequest{})
				return err
			},
			op:   payments.OpRefund,
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "refund negative",
			call: func(ctx context.Context, c *payments.Client) error {
				_, err := c.Refund(ctx, &payments.RefundRequest{OrderID: "1", Reference: "r-1", Amount: ptr(rub("-1"))})
				return err
			},
			op:   payments.OpRefund,
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "refund excess precision",
			call: func(ctx context.Context, c *payments.Client) error {
				_, err := c.Refund(ctx, &payments.RefundRequest{OrderID: "1", Reference: "r-1", Amount: &payments.Money{Amount: decimal.RequireFromString("0.001"), Currency: payments.RUB}})
				return err
			},
			op:   payments.OpRefund,
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "refund undeclared currency",
			call: func(ctx context.Context, c *payments.Client) error {
				_, err := c.Refund(ctx, &payments.RefundRequest{OrderID: "1", Reference: "r-1", Amount: ptr(payments.MustParseMoney("1", payments.EUR))})
				return err
			},
			op:   payments.OpRefund,
			kind: errors.ErrUnsupported,
		},
		{
			name: "refund receipt undeclared, payment receipts declared",
			caps: func(c *payments.Capabilities) { c.PaymentReceipts, c.RefundReceipts = true, false },
			call: func(ctx context.Context, c *payments.Client) error {
				_, err := c.Refund(ctx, &payments.RefundRequest{OrderID: "1", Reference: "r-1", Receipt: &payments.Receipt{}})
				return err
			},
			op:   payments.OpRefund,
			kind: errors.ErrUnsupported,
		},
		{
			name: "refund receipt does not add up",
			call: func(ctx context.Context, c *payments.Client) error {
				_, err := c.Refund(ctx, &payments.RefundRequest{OrderID: "1", Reference: "r-1", Amount: ptr(rub("5")), Receipt: &payments.Receipt{Items: []payments.ReceiptItem{
					{Name: "Tea", Quantity: decimal.NewFromInt(1), Amount: rub("4")},
				}}})
				return err
			},
			op:   payments.OpRefund,
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "refund status empty id",
			call: func(ctx context.Context, c *payments.Client) error { _, err := c.RefundStatus(ctx, ""); return err },
			op:   payments.OpRefundStatus,
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "refund status long id",
			call: func(ctx context.Context, c *payments.Client) error {
				_, err := c.RefundStatus(ctx, strings.Repeat("r", 257))
				return err
			},
			op:   payments.OpRefundStatus,
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "balance unknown currency",
			call: func(ctx context.Context, c *payments.Client) error { _, err := c.Balance(ctx, "XYZ"); return err },
			op:   payments.OpBalance,
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "withdraw nil",
			call: func(ctx context.Context, c *payments.Client) error { _, err := c.Withdraw(ctx, nil); return err },
			op:   payments.OpWithdraw,
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "withdraw no card",
			call: func(ctx context.Context, c *payments.Client) error {
				_, err := c.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "2001", Amount: rub("50")})
				return err
			},
			op:   payments.OpWithdraw,
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "withdraw bad card",
			call: func(ctx context.Context, c *payments.Client) error {
				_, err := c.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "2001", Amount: rub("50"), Card: &payments.Card{Number: "4111111111111112"}})
				return err
			},
			op:   payments.OpWithdraw,
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "withdraw zero amount",
			call: func(ctx context.Context, c *payments.Client) error {
				_, err := c.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "2001", Amount: rub("0"), Card: &payments.Card{Number: testPAN}})
				return err
			},
			op:   payments.OpWithdraw,
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "withdraw bad order id",
			call: func(ctx context.Context, c *payments.Client) error {
				_, err := c.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "", Amount: rub("50"), Card: &payments.Card{Number: testPAN}})
				return err
			},
			op:   payments.OpWithdraw,
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "withdrawal status both ids",
			call: func(ctx context.Context, c *payments.Client) error {
				_, err := c.WithdrawalStatus(ctx, payments.WithdrawalQuery{ID: "w-1", OrderID: "2001"})
				return err
			},
			op:   payments.OpWithdrawalStatus,
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "withdrawal status no id",
			call: func(ctx context.Context, c *payments.Client) error {
				_, err := c.WithdrawalStatus(ctx, payments.WithdrawalQuery{})
				return err
			},
			op:   payments.OpWithdrawalStatus,
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "webhook nil request",
			call: func(ctx context.Context, c *payments.Client) error { _, err := c.VerifyWebhook(ctx, nil); return err },
			op:   payments.OpVerifyWebhook,
			kind: payments.ErrInvalidRequest,
		},
	}...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			if tt.caps != nil {
				tt.caps(&s.caps)
			}
			c := newClient(t, s, nil)
			err := tt.call(context.Background(), c)
			wantErr(t, err, tt.kind, tt.op)
			if n := s.Total(); n != 0 {
				t.Errorf("provider called %d times for an invalid request", n)
			}
		})
	}
}
