package conformance

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"

	"github.com/paykit/payments"
)

// lifecycleGuard stands in for a provider in the local lifecycle
// scenarios: it declares the provider's capabilities with one of them
// hidden (hide), implements every lifecycle interface, and counts the calls
// that reach it, which the Client must not let through.
type lifecycleGuard struct {
	payments.Provider
	hide    func(c *payments.Capabilities)
	reached atomic.Int32
}

func (g *lifecycleGuard) Capabilities() payments.Capabilities {
	c := g.Provider.Capabilities()
	c.Operations = slices.Clone(c.Operations)
	c.PaymentMethods = slices.Clone(c.PaymentMethods)
	if g.hide != nil {
		g.hide(&c)
	}
	return c
}

func (g *lifecycleGuard) reach() error {
	g.reached.Add(1)
	return payments.Errorf(payments.ErrProtocol, "the provider was reached")
}

func (g *lifecycleGuard) InitPayment(context.Context, *payments.InitRequest) (*payments.Payment, error) {
	return nil, g.reach()
}

func (g *lifecycleGuard) Capture(context.Context, *payments.CaptureRequest) (*payments.Payment, error) {
	return nil, g.reach()
}

func (g *lifecycleGuard) Cancel(context.Context, *payments.CancelRequest) (*payments.Payment, error) {
	return nil, g.reach()
}

func (g *lifecycleGuard) Charge(context.Context, *payments.ChargeRequest) (*payments.Payment, error) {
	return nil, g.reach()
}

// refused checks that call, through a Client over a guard of the provider
// with hide applied, fails with kind before reaching the provider.
func (e *env) refused(kind error, hide func(*payments.Capabilities), call func(*payments.Client) error) {
	e.t.Helper()
	g := &lifecycleGuard{Provider: e.prov, hide: hide}
	c, err := payments.New(g, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	e.expectKind(call(c), kind)
	if n := g.reached.Load(); n != 0 {
		e.failf("the provider was called %d times", n)
	}
}

// withoutOps removes ops from c's declared operations.
func withoutOps(c *payments.Capabilities, ops ...payments.Operation) {
	c.Operations = slices.DeleteFunc(c.Operations, func(op payments.Operation) bool { return slices.Contains(ops, op) })
}

// undeclaredMethod returns a known payment method the provider does not
// declare, hiding one it declares when it declares them all.
func undeclaredMethod(c *payments.Capabilities) payments.PaymentMethod {
	for _, m := range payments.PaymentMethods() {
		if !slices.Contains(c.PaymentMethods, m) {
			return m
		}
	}
	m := c.PaymentMethods[0]
	c.PaymentMethods = c.PaymentMethods[1:]
	return m
}

// lifecycleLocalScenarios check the lifecycle capabilities in the other
// direction, without sending anything: what is not declared (a hold, a
// recurring parent, a payment method, a partial capture, a capture
// receipt) is refused with errors.ErrUnsupported before the provider sees
// it, whatever the provider declares (a declared capability is hidden for
// the check), and a payment method that is none of payments.PaymentMethods
// is ErrInvalidRequest.
func lifecycleLocalScenarios() []Scenario {
	hold := func(e *env) *payments.CaptureRequest { return &payments.CaptureRequest{OrderID: orderHoldFull} }
	s := []Scenario{
		{
			Name: "unsupported_hold", Op: payments.OpInitPayment,
			Rule: "a payment asking for a hold is refused with errors.ErrUnsupported, before anything is sent, unless Holds is declared",
			run: func(e *env) {
				e.refused(errors.ErrUnsupported, func(c *payments.Capabilities) {
					c.Holds, c.HoldPeriod, c.PartialCapture, c.CaptureReceipts = false, 0, false, false
					withoutOps(c, payments.OpCapture, payments.OpCancel)
				}, func(c *payments.Client) error {
					r := e.initReq("1001")
					r.Hold = true
					_, err := c.InitPayment(e.ctx(), r)
					return err
				})
			},
		},
		{
			Name: "unsupported_recurring", Op: payments.OpInitPayment,
			Rule: "a payment asking to be a recurring parent is refused with errors.ErrUnsupported, before anything is sent, unless Recurring is declared",
			run: func(e *env) {
				e.refused(errors.ErrUnsupported, func(c *payments.Capabilities) {
					c.Recurring, c.RecurringMandate = false, false
					withoutOps(c, payments.OpCharge)
				}, func(c *payments.Client) error {
					r := e.initReq("1001")
					r.Recurring = true
					_, err := c.InitPayment(e.ctx(), r)
					return err
				})
			},
		},
		{
			Name: "unsupported_payment_method", Op: payments.OpInitPayment,
			Rule: "a known payment method the provider does not declare in PaymentMethods is refused with errors.ErrUnsupported, before anything is sent",
			run: func(e *env) {
				var method payments.PaymentMethod
				e.refused(errors.ErrUnsupported, func(c *payments.Capabilities) { method = undeclaredMethod(c) }, func(c *payments.Client) error {
					r := e.initReq("1001")
					r.PaymentMethod = method
					_, err := c.InitPayment(e.ctx(), r)
					return err
				})
			},
		},
		{
			Name: "invalid_payment_method", Op: payments.OpInitPayment,
			Rule: "a payment method hint that is none of payments.PaymentMethods is refused with ErrInvalidRequest, not ignored, before anything is sent",
			run: func(e *env) {
				e.refused(payments.ErrInvalidRequest, nil, func(c *payments.Client) error {
					r := e.initReq("1001")
					r.PaymentMethod = "conformance-unknown-method"
					_, err := c.InitPayment(e.ctx(), r)
					return err
				})
			},
		},
		{
			Name: "unsupported_partial_capture", Op: payments.OpCapture, applies: holds,
			Rule: "a capture of a part of a hold is refused with errors.ErrUnsupported, before anything is sent, unless PartialCapture is declared",
			run: func(e *env) {
				e.refused(errors.ErrUnsupported, func(c *payments.Capabilities) { c.PartialCapture = false }, func(c *payments.Client) error {
					req := hold(e)
					amount := e.money("4.00")
					req.Amount = &amount
					_, err := c.Capture(e.ctx(), req)
					return err
				})
			},
		},
		{
			Name: "unsupported_capture_receipt", Op: payments.OpCapture, applies: holds,
			Rule: "a capture with a changed receipt is refused with errors.ErrUnsupported, before anything is sent, unless CaptureReceipts is declared",
			run: func(e *env) {
				e.refused(errors.ErrUnsupported, func(c *payments.Capabilities) { c.CaptureReceipts = false }, func(c *payments.Client) error {
					req := hold(e)
					req.Receipt = e.receipt("10.00")
					_, err := c.Capture(e.ctx(), req)
					return err
				})
			},
		},
	}
	for i := range s {
		s[i].local = true
	}
	return s
}
