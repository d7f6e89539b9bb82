package conformance

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

// undeclare hides one operation from a provider's declared capabilities
// while still implementing every optional interface, so that the Client
// can only refuse the operation because it is not declared. A call that
// reaches it is forwarded to the provider, or fails as a protocol error
// when the provider's type lacks the method.
type undeclare struct {
	payments.Provider
	op payments.Operation
}

// reached is the error of a call the provider's type cannot take.
func (u undeclare) reached() error {
	return payments.Errorf(payments.ErrProtocol, "the provider was reached for %s, which it does not implement", u.op)
}

func (u undeclare) Refund(ctx context.Context, r *payments.RefundRequest) (*payments.Refund, error) {
	if p, ok := u.Provider.(payments.Refunder); ok {
		return p.Refund(ctx, r)
	}
	return nil, u.reached()
}

func (u undeclare) RefundStatus(ctx context.Context, q payments.RefundQuery) (*payments.Refund, error) {
	if p, ok := u.Provider.(payments.Refunder); ok {
		return p.RefundStatus(ctx, q)
	}
	return nil, u.reached()
}

func (u undeclare) Balance(ctx context.Context, q payments.BalanceQuery) (*payments.Balance, error) {
	if p, ok := u.Provider.(payments.BalanceReader); ok {
		return p.Balance(ctx, q)
	}
	return nil, u.reached()
}

func (u undeclare) Withdraw(ctx context.Context, r *payments.WithdrawalRequest) (*payments.Withdrawal, error) {
	if p, ok := u.Provider.(payments.Withdrawer); ok {
		return p.Withdraw(ctx, r)
	}
	return nil, u.reached()
}

func (u undeclare) WithdrawalStatus(ctx context.Context, q payments.WithdrawalQuery) (*payments.Withdrawal, error) {
	if p, ok := u.Provider.(payments.Withdrawer); ok {
		return p.WithdrawalStatus(ctx, q)
	}
	return nil, u.reached()
}

func (u undeclare) VerifyWebhook(ctx context.Context, r *http.Request) (*payments.Event, error) {
	if p, ok := u.Provider.(payments.WebhookVerifier); ok {
		return p.VerifyWebhook(ctx, r)
	}
	return nil, u.reached()
}

func (u undeclare) Capture(ctx context.Context, r *payments.CaptureRequest) (*payments.Payment, error) {
	if p, ok := u.Provider.(payments.Capturer); ok {
		return p.Capture(ctx, r)
	}
	return nil, u.reached()
}

func (u undeclare) Cancel(ctx context.Context, r *payments.CancelRequest) (*payments.Payment, error) {
	if p, ok := u.Provider.(payments.Canceler); ok {
		return p.Cancel(ctx, r)
	}
	return nil, u.reached()
}

func (u undeclare) Charge(ctx context.Context, r *payments.ChargeRequest) (*payments.Payment, error) {
	if p, ok := u.Provider.(payments.Charger); ok {
		return p.Charge(ctx, r)
	}
	return nil, u.reached()
}

func (u undeclare) SendReceipt(ctx context.Context, r *payments.ReceiptRequest) (*payments.FiscalReceipt, error) {
	if p, ok := u.Provider.(payments.ReceiptSender); ok {
		return p.SendReceipt(ctx, r)
	}
	return nil, u.reached()
}

func (u undeclare) ReceiptStatus(ctx context.Context, q payments.ReceiptQuery) (*payments.FiscalReceipt, error) {
	if p, ok := u.Provider.(payments.ReceiptSender); ok {
		return p.ReceiptStatus(ctx, q)
	}
	return nil, u.reached()
}

func (u undeclare) Capabilities() payments.Capabilities {
	c := u.Provider.Capabilities()
	var ops []payments.Operation
	for _, op := range c.Operations {
		if op != u.op {
			ops = append(ops, op)
		}
	}
	c.Operations = ops
	return c
}

// callOp calls op through c with valid arguments and returns its error.
func (e *env) callOp(c *payments.Client, op payments.Operation) error {
	ctx := e.ctx()
	var err error
	switch op {
	case payments.OpRefund:
		_, err = c.Refund(ctx, &payments.RefundRequest{OrderID: "1002", Reference: "r-1"})
	case payments.OpRefundStatus:
		_, err = c.RefundStatus(ctx, "refund-1")
	case payments.OpBalance:
		_, err = c.Balance(ctx, e.h.Currency)
	case payments.OpWithdraw:
		_, err = c.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "2001", Amount: e.money("50.00"), Card: &payments.Card{Number: TestCard}})
	case payments.OpWithdrawalStatus:
		_, err = c.WithdrawalStatus(ctx, payments.WithdrawalQuery{OrderID: "2001"})
	case payments.OpCapture:
		_, err = c.Capture(ctx, &payments.CaptureRequest{OrderID: "1002"})
	case payments.OpCancel:
		_, err = c.Cancel(ctx, &payments.CancelRequest{OrderID: "1002"})
	case payments.OpCharge:
		_, err = c.Charge(ctx, &payments.ChargeRequest{OrderID: "1003", ParentOrderID: "1002", Mandate: "mandate-1", Amount: e.money("10.00")})
	case payments.OpSendReceipt:
		_, err = c.SendReceipt(ctx, &payments.ReceiptRequest{OrderID: "1002", ReceiptID: "2002", Kind: payments.ReceiptSettlement,
			Receipt: payments.Receipt{Items: []payments.ReceiptItem{{Name: "Item", Quantity: decimal.NewFromInt(1), Amount: e.money("10.00"), Tax: "none"}}}})
	case payments.OpReceiptStatus:
		_, err = c.ReceiptStatus(ctx, payments.ReceiptQuery{ReceiptID: "2002"})
	case payments.OpVerifyWebhook:
		req := httptest.NewRequest("POST", "/webhooks", strings.NewReader("a=b"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		_, err = c.VerifyWebhook(ctx, req)
	}
	return err
}

func unsupportedScenarios() []Scenario {
	var out []Scenario
	for _, op := range payments.Operations() {
		if op == payments.OpInitPayment || op == payments.OpPaymentStatus {
			continue
		}
		out = append(out, Scenario{
			Name:  "unsupported_" + string(op),
			Rule:  "an operation that is not declared returns errors.ErrUnsupported without reaching the provider, whether or not its type implements it",
			Op:    op,
			local: true,
			run: func(e *env) {
				p := e.prov
				if e.caps.Supports(op) {
					p = undeclare{Provider: p, op: op}
				}
				c, err := payments.New(p, nil)
				if err != nil {
					e.t.Fatal(err)
				}
				err = e.callOp(c, op)
				e.expectKind(err, errors.ErrUnsupported)
			},
		})
	}
	return out
}
