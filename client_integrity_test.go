package payments_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

func TestClientIntegrity(t *testing.T) {
	t.Parallel()
	payment := func(p payments.Payment) func(context.Context, *payments.InitRequest) (*payments.Payment, error) {
		return func(context.Context, *payments.InitRequest) (*payments.Payment, error) { return &p, nil }
	}
	status := func(p *payments.Payment) func(context.Context, string) (*payments.Payment, error) {
		return func(context.Context, string) (*payments.Payment, error) { return p, nil }
	}
	initCall := func(ctx context.Context, c *payments.Client) error {
		_, err := c.InitPayment(ctx, validInit())
		return err
	}
	statusCall := func(ctx context.Context, c *payments.Client) error {
		_, err := c.PaymentStatus(ctx, "1001")
		return err
	}
	confirmCall := func(ctx context.Context, c *payments.Client) error {
		_, err := c.ConfirmPayment(ctx, "1001", rub("10"))
		return err
	}
	tests := []struct {
		name string
		set  func(*stub)
		call func(context.Context, *payments.Client) error
		op   payments.Operation
		kind error // nil: success
	}{
		{name: "init echo", call: initCall, op: payments.OpInitPayment},
		{
			name: "init trailing zeros differ",
			set: func(s *stub) {
				s.initFn = payment(payments.Payment{OrderID: "1001", Status: payments.StatusPending, Amount: rub("10.0")})
			},
			call: initCall,
			op:   payments.OpInitPayment,
		},
		{
			name: "init no amount reported",
			set: func(s *stub) {
				s.initFn = payment(payments.Payment{OrderID: "1001", Status: payments.StatusPending})
			},
			call: initCall,
			op:   payments.OpInitPayment,
		},
		{
			name: "init other amount",
			set: func(s *stub) {
				s.initFn = payment(payments.Payment{OrderID: "1001", Status: payments.StatusPending, Amount: rub("11.00")})
			},
			call: initCall,
			op:   payments.OpInitPayment,
			kind: payments.ErrAmountMismatch,
		},
		{
			name: "init other currency",
			set: func(s *stub) {
				s.initFn = payment(payments.Payment{OrderID: "1001", Status: payments.StatusPending, Amount: payments.MustParseMoney("10.00", payments.USD)})
			},
			call: initCall,
			op:   payments.OpInitPayment,
			kind: payments.ErrAmountMismatch,
		},
		{
			name: "init zero in RUB",
			set: func(s *stub) {
				s.initFn = payment(payments.Payment{OrderID: "1001", Status: payments.StatusPending, Amount: rub("0")})
			},
			call: initCall,
			op:   payments.OpInitPayment,
			kind: payments.ErrAmountMismatch,
		},
		{
			name: "init other order",
			set: func(s *stub) {
				s.initFn = payment(payments.Payment{OrderID: "1002", Status: payments.StatusPending, Amount: rub("10")})
			},
			call: initCall,
			op:   payments.OpInitPayment,
			kind: payments.ErrAmountMismatch,
		},
		{
			name: "init invalid status",
			set: func(s *stub) {
				s.initFn = payment(payments.Payment{OrderID: "1001", Status: "paid", Amount: rub("10")})
			},
			call: initCall,
			op:   payments.OpInitPayment,
			kind: payments.ErrProtocol,
		},
		{
			name: "init empty status",
			set: func(s *stub) {
				s.initFn = payment(payments.Payment{OrderID: "1001", Amount: rub("10")})
			},
			call: initCall,
			op:   payments.OpInitPayment,
			kind: payments.ErrProtocol,
		},
		{
			name: "init nil payment",
			set: func(s *stub) {
				s.initFn = func(context.Context, *payments.InitRequest) (*payments.Payment, error) { return nil, nil }
			},
			call: initCall,
			op:   payments.OpInitPayment,
			kind: payments.ErrProtocol,
		},
		{
			name: "status other order",
			set: func(s *stub) {
				s.statusFn = status(&payments.Payment{OrderID: "1002", Status: payments.StatusSucceeded})
			},
			call: statusCall,
			op:   payments.OpPaymentStatus,
			kind: payments.ErrAmountMismatch,
		},
		{
			name: "status invalid status",
			set: func(s *stub) {
				s.statusFn = status(&payments.Payment{OrderID: "1001", Status: "SUCCEEDED"})
			},
			call: statusCall,
			op:   payments.OpPaymentStatus,
			kind: payments.ErrProtocol,
		},
		{name: "status nil", set: func(s *stub) { s.statusFn = status(nil) }, call: statusCall, op: payments.OpPaymentStatus, kind: payments.ErrProtocol},
		{name: "confirm matches", call: confirmCall, op: payments.OpPaymentStatus},
		{
			name: "confirm trailing zeros",
			set: func(s *stub) {
				s.statusFn = status(&payments.Payment{OrderID: "1001", Status: payments.StatusSucceeded, Amount: rub("10.0")})
			},
			call: confirmCall,
			op:   payments.OpPaymentStatus,
		},
		{
			name: "confirm other amount",
			set: func(s *stub) {
				s.statusFn = status(&payments.Payment{OrderID: "1001", Status: payments.StatusSucceeded, Amount: rub("9.99")})
			},
			call: confirmCall,
			op:   payments.OpPaymentStatus,
			kind: payments.ErrAmountMismatch,
		},
		{
			name: "confirm other currency",
			set: func(s *stub) {
				s.statusFn = status(&payments.Payment{OrderID: "1001", Status: payments.StatusSucceeded, Amount: payments.MustParseMoney("10", payments.KZT)})
			},
			call: confirmCall,
			op:   payments.OpPaymentStatus,
			kind: payments.ErrAmountMismatch,
		},
		{
			name: "confirm missing amount",
			set: func(s *stub) {
				s.statusFn = status(&payments.Payment{OrderID: "1001", Status: payments.StatusSucceeded})
			},
			call: confirmCall,
			op:   payments.OpPaymentStatus,
			kind: payments.ErrAmountMismatch,
		},
		{
			name: "confirm other order",
			set: func(s *stub) {
				s.statusFn = status(&payments.Payment{OrderID: "1009", Status: payments.StatusSucceeded, Amount: rub("10")})
			},
			call: confirmCall,
			op:   payments.OpPaymentStatus,
			kind: payments.ErrAmountMismatch,
		},
		{
			name: "refund other amount",
			set: func(s *stub) {
				s.refundFn = func(_ context.Context, r *payments.RefundRequest) (*payments.Refund, error) {
					return &payments.Refund{ID: "r", OrderID: r.OrderID, Status: payments.StatusProcessing, Amount: rub("5")}, nil
				}
			},
			call: optionalCall(payments.OpRefund),
			op:   payments.OpRefund,
			kind: payments.ErrAmountMismatch,
		},
		{
			name: "refund invalid status",
			set: func(s *stub) {
				s.refundFn = func(_ context.Context, r *payments.RefundRequest) (*payments.Refund, error) {
					return &payments.Refund{ID: "r", OrderID: r.OrderID, Status: "done"}, nil
				}
			},
			call: optionalCall(payments.OpRefund),
			op:   payments.OpRefund,
			kind: payments.ErrProtocol,
		},
		{
			name: "refund status invalid status",
			set: func(s *stub) {
				s.refundStatusFn = func(context.Context, string) (*payments.Refund, error) {
					return &payments.Refund{ID: "r-1", Status: "?"}, nil
				}
			},
			call: optionalCall(payments.OpRefundStatus),
			op:   payments.OpRefundStatus,
			kind: payments.ErrProtocol,
		},
		{
			name: "refund status nil",
			set: func(s *stub) {
				s.refundStatusFn = func(context.Context, string) (*payments.Refund, error) { return nil, nil }
			},
			call: optionalCall(payments.OpRefundStatus),
			op:   payments.OpRefundStatus,
			kind: payments.ErrProtocol,
		},
		{
			name: "balance other currency",
			set: func(s *stub) {
				s.balanceFn = func(context.Context, payments.Currency) (*payments.Balance, error) {
					return &payments.Balance{Available: payments.MustParseMoney("100", payments.USD)}, nil
				}
			},
			call: optionalCall(payments.OpBalance),
			op:   payments.OpBalance,
			kind: payments.ErrAmountMismatch,
		},
		{
			name: "balance nil",
			set: func(s *stub) {
				s.balanceFn = func(context.Context, payments.Currency) (*payments.Balance, error) { return nil, nil }
			},
			call: optionalCall(payments.OpBalance),
			op:   payments.OpBalance,
			kind: payments.ErrProtocol,
		},
		{
			name: "withdraw other amount",
			set: func(s *stub) {
				s.withdrawFn = func(_ context.Context, r *payments.WithdrawalRequest) (*payments.Withdrawal, error) {
					return &payments.Withdrawal{OrderID: r.OrderID, Amount: rub("49.99"), Status: payments.StatusProcessing}, nil
				}
			},
			call: optionalCall(payments.OpWithdraw),
			op:   payments.OpWithdraw,
			kind: payments.ErrAmountMismatch,
		},
		{
			name: "withdraw other order",
			set: func(s *stub) {
				s.withdrawFn = func(_ context.Context, r *payments.WithdrawalRequest) (*payments.Withdrawal, error) {
					return &payments.Withdrawal{OrderID: "2002", Amount: r.Amount, Status: payments.StatusProcessing}, nil
				}
			},
			call: optionalCall(payments.OpWithdraw),
			op:   payments.OpWithdraw,
			kind: payments.ErrAmountMismatch,
		},
		{
			name: "withdraw invalid status",
			set: func(s *stub) {
				s.withdrawFn = func(_ context.Context, r *payments.WithdrawalRequest) (*payments.Withdrawal, error) {
					return &payments.Withdrawal{OrderID: r.OrderID, Amount: r.Amount, Status: "sent"}, nil
				}
			},
			call: optionalCall(payments.OpWithdraw),
			op:   payments.OpWithdraw,
			kind: payments.ErrProtocol,
		},
		{
			name: "withdrawal status other order",
			set: func(s *stub) {
				s.withdrawalStatusFn = func(context.Context, payments.WithdrawalQuery) (*payments.Withdrawal, error) {
					return &payments.Withdrawal{OrderID: "2002", Status: payments.StatusSucceeded}, nil
				}
			},
			call: optionalCall(payments.OpWithdrawalStatus),
			op:   payments.OpWithdrawalStatus,
			kind: payments.ErrAmountMismatch,
		},
		{
			name: "webhook without id",
			set: func(s *stub) {
				s.webhookFn = func(context.Context, *http.Request) (*payments.Event, error) {
					return &payments.Event{Status: payments.StatusSucceeded}, nil
				}
			},
			call: optionalCall(payments.OpVerifyWebhook),
			op:   payments.OpVerifyWebhook,
			kind: payments.ErrProtocol,
		},
		{
			name: "webhook invalid status",
			set: func(s *stub) {
				s.webhookFn = func(context.Context, *http.Request) (*payments.Event, error) {
					return &payments.Event{ID: "e", Status: "ok"}, nil
				}
			},
			call: optionalCall(payments.OpVerifyWebhook),
			op:   payments.OpVerifyWebhook,
			kind: payments.ErrProtocol,
		},
		{
			name: "webhook bad amount",
			set: func(s *stub) {
				s.webhookFn = func(context.Context, *http.Request) (*payments.Event, error) {
					return &payments.Event{ID: "e", Status: payments.StatusSucceeded, Amount: payments.Money{Amount: decimal.RequireFromString("1.001"), Currency: payments.RUB}}, nil
				}
			},
			call: optionalCall(payments.OpVerifyWebhook),
			op:   payments.OpVerifyWebhook,
			kind: payments.ErrInvalidRequest,
		},
		{
			name: "webhook nil event",
			set: func(s *stub) {
				s.webhookFn = func(context.Context, *http.Request) (*payments.Event, error) { return nil, nil }
			},
			call: optionalCall(payments.OpVerifyWebhook),
			op:   payments.OpVerifyWebhook,
			kind: payments.ErrProtocol,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			if tt.set != nil {
				tt.set(s)
			}
			err := tt.call(context.Background(), newClient(t, s, nil))
			if tt.kind == nil {
				if err != nil {
					t.Fatalf("%s = %v, want success", tt.op, err)
				}
				return
			}
			wantErr(t, err, tt.kind, tt.op)
		})
	}
}

func TestClientRefundForAnotherOrder(t *testing.T) {
	t.Parallel()
	s := newStub()
	s.refundFn = func(_ context.Context, r *payments.RefundRequest) (*payments.Refund, error) {
		return &payments.Refund{ID: "r", OrderID: "9999", Status: payments.StatusProcessing, Amount: *r.Amount}, nil
	}
	wantErr(t, optionalCall(payments.OpRefund)(context.Background(), newClient(t, s, nil)), payments.ErrAmountMismatch, payments.OpRefund)
}
