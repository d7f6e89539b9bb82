package conformance

import (
	"errors"
	"net/http/httptest"
	"strings"

	"github.com/paykit/payments"
)

// undeclare hides one operation from a provider's declared capabilities.
type undeclare struct {
	payments.Provider
	op payments.Operation
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
