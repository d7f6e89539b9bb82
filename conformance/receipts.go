package conformance

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

// receiptGuard stands in for a provider in the receipt scenarios: it
// declares the provider's capabilities with receipts hidden as asked, and
// counts the calls that reach it, which the Client must not let through.
type receiptGuard struct {
	payments.Provider
	hidePayment, hideRefund bool
	reached                 atomic.Int32
}

func (g *receiptGuard) Capabilities() payments.Capabilities {
	c := g.Provider.Capabilities()
	if g.hidePayment {
		c.PaymentReceipts = false
	}
	if g.hideRefund {
		c.RefundReceipts = false
	}
	return c
}

func (g *receiptGuard) InitPayment(context.Context, *payments.InitRequest) (*payments.Payment, error) {
	g.reached.Add(1)
	return nil, payments.Errorf(payments.ErrProtocol, "the provider was reached")
}

func (g *receiptGuard) Refund(context.Context, *payments.RefundRequest) (*payments.Refund, error) {
	g.reached.Add(1)
	return nil, payments.Errorf(payments.ErrProtocol, "the provider was reached")
}

func (g *receiptGuard) RefundStatus(context.Context, payments.RefundQuery) (*payments.Refund, error) {
	g.reached.Add(1)
	return nil, payments.Errorf(payments.ErrProtocol, "the provider was reached")
}

// receipt is a one-line receipt of amount in the harness currency.
func (e *env) receipt(amount string) *payments.Receipt {
	return &payments.Receipt{Email: "buyer@example.com", Items: []payments.ReceiptItem{{
		Name: "Book", Quantity: decimal.NewFromInt(1), Amount: e.money(amount),
		Tax: "none", PaymentMethod: "full_payment", PaymentObject: "commodity",
	}}}
}

// receiptScenarios check the receipt capabilities in both directions
// without sending anything: an undeclared receipt is refused as
// unsupported before the provider sees it (a declared one is hidden for
// the check), and a declared one is checked against the amount.
func receiptScenarios() []Scenario {
	unsupported := func(e *env, g *receiptGuard, call func(*payments.Client) error) {
		c, err := payments.New(g, nil)
		if err != nil {
			e.t.Fatal(err)
		}
		e.expectKind(call(c), errors.ErrUnsupported)
		if n := g.reached.Load(); n != 0 {
			e.failf("the provider was called %d times", n)
		}
	}
	return []Scenario{
		{
			Name: "unsupported_payment_receipt",
			Rule: "a receipt with a payment is refused as unsupported, before anything is sent, unless PaymentReceipts is declared",
			Op:   payments.OpInitPayment,
			run: func(e *env) {
				g := &receiptGuard{Provider: e.prov, hidePayment: true}
				unsupported(e, g, func(c *payments.Client) error {
					r := e.initReq("1001")
					r.Receipt = e.receipt("10.00")
					_, err := c.InitPayment(e.ctx(), r)
					return err
				})
			},
		},
		{
			Name:    "unsupported_refund_receipt",
			Rule:    "a receipt with a refund is refused as unsupported, before anything is sent, unless RefundReceipts is declared",
			Op:      payments.OpRefund,
			applies: supports(payments.OpRefund),
			run: func(e *env) {
				g := &receiptGuard{Provider: e.prov, hideRefund: true}
				unsupported(e, g, func(c *payments.Client) error {
					amount := e.money("5.00")
					_, err := c.Refund(e.ctx(), &payments.RefundRequest{OrderID: "1002", Reference: "r-1", Amount: &amount, Receipt: e.receipt("5.00")})
					return err
				})
			},
		},
		{
			Name:    "invalid_refund_receipt_total",
			Rule:    "refund receipt lines that do not add up to the refund are rejected before anything is sent",
			Op:      payments.OpRefund,
			applies: func(c payments.Capabilities) bool { return c.Supports(payments.OpRefund) && c.RefundReceipts },
			run: func(e *env) {
				amount := e.money("5.00")
				_, err := e.client.Refund(e.ctx(), &payments.RefundRequest{OrderID: "1002", Reference: "r-2", Amount: &amount, Receipt: e.receipt("4.00")})
				e.expectKind(err, payments.ErrInvalidRequest)
			},
		},
	}
}
