package conformance

import (
	"context"
	"slices"

	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

// This file holds the scenarios of the payment lifecycle: holds captured
// in full or in part, or cancelled, and the captures the provider must
// refuse; recurring charges that succeed, are declined, or name an unknown
// parent; and receipts sent after the payment. Each applies only when the
// provider declares the capability; lifecycle_local.go checks the other
// direction. Each lists its live state in Scenario.Given.

// The suite's fixed inputs of the lifecycle scenarios (numeric, for
// providers with NumericOrderIDs).
const (
	orderHoldFull      = "3001"
	orderHoldPartial   = "3002"
	orderHoldAbove     = "3003"
	orderHoldTwice     = "3004"
	orderHoldCancel    = "3005"
	orderCancelCapture = "3006"
	orderParent        = "3101"
	orderCharge        = "3102"
	orderChargeDecline = "3103"
	orderUnknownParent = "3999"
	orderReceiptPaid   = "3201"
	receiptID          = "3202"
)

// DeclinedChargeAmount is the amount the charge_declined scenario charges
// a paid recurring parent of 10.00. The live side must decline a charge of
// it when the scenario is recorded; Harness.Seed arranges that where the
// provider has no such trigger. The paymentstest fake and the sandbox
// decline it (paymentstest.DeclinedChargeAmount).
const DeclinedChargeAmount = "66.60"

func holds(c payments.Capabilities) bool {
	return c.Holds && c.Supports(payments.OpCapture)
}

func cancels(c payments.Capabilities) bool {
	return c.Holds && c.Supports(payments.OpCancel)
}

func charges(c payments.Capabilities) bool {
	return c.Recurring && c.Supports(payments.OpCharge)
}

func receiptsAfter(c payments.Capabilities) bool {
	return c.ReceiptsAfterPayment && c.Supports(payments.OpSendReceipt) && c.Supports(payments.OpReceiptStatus)
}

// Statuses a capture, a cancel and a charge may answer (payments.Capturer,
// payments.Canceler, payments.Charger).
var (
	capturedStatuses = []payments.Status{payments.StatusSucceeded, payments.StatusProcessing}
	canceledStatuses = []payments.Status{payments.StatusCanceled, payments.StatusProcessing}
	chargedStatuses  = []payments.Status{payments.StatusSucceeded, payments.StatusAuthorized, payments.StatusPending, payments.StatusProcessing}
)

// lifecycleBases are the lifecycle scenarios the fault scenarios replay
// with a fault in each exchange: a capture, a cancel and a charge move
// money.
var lifecycleBases = []base{
	{name: "hold_capture_full", op: payments.OpCapture, needs: holds, call: func(e *env, c *payments.Client, ctx context.Context) error {
		_, err := c.Capture(ctx, &payments.CaptureRequest{OrderID: orderHoldFull})
		return err
	}},
	{name: "hold_cancel", op: payments.OpCancel, needs: cancels, call: func(e *env, c *payments.Client, ctx context.Context) error {
		_, err := c.Cancel(ctx, &payments.CancelRequest{OrderID: orderHoldCancel})
		return err
	}},
	{name: "charge_success", op: payments.OpCharge, needs: charges, call: func(e *env, c *payments.Client, ctx context.Context) error {
		_, err := e.charge(c, ctx, orderCharge, "10.00")
		return err
	}},
}

// expectCaptured checks a capture's answer: captured or accepted, of the
// order, for amount (zero: not reported).
func (e *env) expectCaptured(p *payments.Payment, err error, orderID string, amount payments.Money) bool {
	e.t.Helper()
	if !e.expectPayment(p, err, capturedStatuses...) {
		return false
	}
	if p.OrderID != "" && p.OrderID != orderID {
		e.failf("the capture answered order %q, want %q", p.OrderID, orderID)
	}
	if !p.Amount.IsZero() && !p.Amount.Equal(amount) {
		e.failf("captured %s, want %s", p.Amount, amount)
		return false
	}
	return true
}

// charge charges the suite's recurring parent again under orderID, with
// its mandate where the provider declares RecurringMandate (looked up
// first, see env.mandate).
func (e *env) charge(c *payments.Client, ctx context.Context, orderID, amount string) (*payments.Payment, error) {
	req := &payments.ChargeRequest{OrderID: orderID, ParentOrderID: orderParent, Amount: e.money(amount), Description: "Order " + orderID}
	if e.caps.RecurringMandate {
		m, err := e.mandate(c, ctx, orderParent)
		if err != nil {
			return nil, err
		}
		req.Mandate = m
	}
	return c.Charge(ctx, req)
}

func lifecycleScenarios() []Scenario {
	var out []Scenario
	out = append(out, holdScenarios()...)
	out = append(out, chargeScenarios()...)
	out = append(out, receiptAfterPaymentScenario())
	return append(out, lifecycleLocalScenarios()...)
}

func holdScenarios() []Scenario {
	return []Scenario{
		{
			Name: "hold_capture_full", Op: payments.OpCapture, applies: holds, Given: []Given{held(orderHoldFull)},
			Rule: "a paid hold of 10.00 captured without an amount is captured in full: succeeded (or processing, reported later), for 10.00 where reported",
			run: func(e *env) {
				p, err := e.client.Capture(e.ctx(), &payments.CaptureRequest{OrderID: orderHoldFull})
				e.expectCaptured(p, err, orderHoldFull, e.money("10.00"))
			},
		},
		{
			Name: "hold_capture_partial", Op: payments.OpCapture, Given: []Given{held(orderHoldPartial)},
			applies: func(c payments.Capabilities) bool { return holds(c) && c.PartialCapture },
			Rule:    "a paid hold of 10.00 captured for 4.00 is captured for 4.00 only (PartialCapture)",
			run: func(e *env) {
				amount := e.money("4.00")
				p, err := e.client.Capture(e.ctx(), &payments.CaptureRequest{OrderID: orderHoldPartial, Amount: &amount})
				e.expectCaptured(p, err, orderHoldPartial, amount)
			},
		},
		{
			Name: "capture_above_hold", Op: payments.OpCapture, Given: []Given{held(orderHoldAbove)},
			applies: func(c payments.Capabilities) bool { return holds(c) && c.PartialCapture },
			Rule:    "a capture of 20.00 from a hold of 10.00 is refused with ErrInvalidState",
			run: func(e *env) {
				amount := e.money("20.00")
				_, err := e.client.Capture(e.ctx(), &payments.CaptureRequest{OrderID: orderHoldAbove, Amount: &amount})
				e.expectKind(err, payments.ErrInvalidState)
			},
		},
		{
			Name: "capture_twice", Op: payments.OpCapture, applies: holds, Given: []Given{held(orderHoldTwice)},
			Rule: "a hold captured once is not captured again: the second capture is refused with ErrInvalidState",
			run: func(e *env) {
				p, err := e.client.Capture(e.ctx(), &payments.CaptureRequest{OrderID: orderHoldTwice})
				if !e.expectCaptured(p, err, orderHoldTwice, e.money("10.00")) {
					return
				}
				_, err = e.client.Capture(e.ctx(), &payments.CaptureRequest{OrderID: orderHoldTwice})
				e.expectKind(err, payments.ErrInvalidState)
			},
		},
		{
			Name: "hold_cancel", Op: payments.OpCancel, applies: cancels, Given: []Given{held(orderHoldCancel)},
			Rule: "a paid hold is cancelled: canceled (or processing, reported later)",
			run: func(e *env) {
				p, err := e.client.Cancel(e.ctx(), &payments.CancelRequest{OrderID: orderHoldCancel})
				if e.expectPayment(p, err, canceledStatuses...) && p.OrderID != "" && p.OrderID != orderHoldCancel {
					e.failf("the cancel answered order %q, want %q", p.OrderID, orderHoldCancel)
				}
			},
		},
		{
			Name: "capture_after_cancel", Op: payments.OpCapture, Given: []Given{held(orderCancelCapture)},
			applies: func(c payments.Capabilities) bool { return holds(c) && cancels(c) },
			Rule:    "a cancelled hold is not captured: the capture after the cancel is refused with ErrInvalidState",
			run: func(e *env) {
				p, err := e.client.Cancel(e.ctx(), &payments.CancelRequest{OrderID: orderCancelCapture})
				if !e.expectPayment(p, err, canceledStatuses...) {
					return
				}
				_, err = e.client.Capture(e.ctx(), &payments.CaptureRequest{OrderID: orderCancelCapture})
				e.expectKind(err, payments.ErrInvalidState)
			},
		},
	}
}

func chargeScenarios() []Scenario {
	return []Scenario{
		{
			Name: "charge_success", Op: payments.OpCharge, applies: charges, Given: []Given{parent(orderParent)},
			Rule: "a paid recurring parent charged 10.00 under a new order id is a new payment of that order: succeeded, " +
				"or pending or processing where the provider reports the result later; never failed",
			run: func(e *env) {
				p, err := e.charge(e.client, e.ctx(), orderCharge, "10.00")
				if !e.expectPayment(p, err, chargedStatuses...) {
					return
				}
				if p.OrderID != orderCharge {
					e.failf("the charge is of order %q, want its own order %q", p.OrderID, orderCharge)
				}
				if !p.Amount.IsZero() && !p.Amount.Equal(e.money("10.00")) {
					e.failf("charged %s, want %s", p.Amount, e.money("10.00"))
				}
			},
		},
		{
			Name: "charge_declined", Op: payments.OpCharge, applies: charges, Given: []Given{parent(orderParent)},
			Rule: "a declined charge is ErrDeclined, or, where the provider reports the result later, pending and then " +
				"failed when looked up by its order id; never succeeded",
			run: chargeDeclined,
		},
		{
			Name: "charge_unknown_parent", Op: payments.OpCharge, applies: charges,
			Rule: "a charge of a parent order the provider does not know is ErrNotFound",
			run: func(e *env) {
				req := &payments.ChargeRequest{OrderID: orderCharge, ParentOrderID: orderUnknownParent, Amount: e.money("10.00"), Description: "Order " + orderCharge}
				if e.caps.RecurringMandate {
					req.Mandate = "conformance-unknown-mandate"
				}
				_, err := e.client.Charge(e.ctx(), req)
				e.expectKind(err, payments.ErrNotFound)
			},
		},
	}
}

func chargeDeclined(e *env) {
	p, err := e.charge(e.client, e.ctx(), orderChargeDecline, DeclinedChargeAmount)
	if err != nil {
		e.expectKind(err, payments.ErrDeclined)
		return
	}
	switch p.Status {
	case payments.StatusPending, payments.StatusProcessing:
	default:
		e.failf("a declined charge answered status %q, want ErrDeclined or a pending charge that is then reported failed", p.Status)
		return
	}
	got, err := e.client.PaymentStatus(e.ctx(), orderChargeDecline)
	if err != nil {
		e.failf("looking the declined charge up by its order id: %v", err)
		return
	}
	if got.Status != payments.StatusFailed && got.Status != payments.StatusCanceled {
		e.failf("the declined charge is reported %q, want failed or canceled", got.Status)
	}
}

// afterReceipt is the settlement receipt of receipt_after_payment: one
// line of 10.00, paid in full.
func (e *env) afterReceipt() payments.Receipt {
	return payments.Receipt{Email: "buyer@example.com", Items: []payments.ReceiptItem{{
		Name: "Book", Quantity: decimal.NewFromInt(1), Amount: e.money("10.00"),
		Tax: "none", PaymentMethod: "full_payment", PaymentObject: "commodity",
	}}}
}

func receiptAfterPaymentScenario() Scenario {
	return Scenario{
		Name: "receipt_after_payment", Op: payments.OpSendReceipt, applies: receiptsAfter, Given: []Given{paid(orderReceiptPaid)},
		Rule: "a settlement receipt sent after a payment is accepted under its receipt id (pending or registered, not failed) " +
			"and its status is then found by that id",
		run: func(e *env) {
			r, err := e.client.SendReceipt(e.ctx(), &payments.ReceiptRequest{
				OrderID: orderReceiptPaid, ReceiptID: receiptID, Kind: payments.ReceiptSettlement, Receipt: e.afterReceipt(),
			})
			if err != nil {
				e.failf("SendReceipt: %v", err)
				return
			}
			if r.ID != receiptID || !slices.Contains([]payments.FiscalStatus{payments.FiscalPending, payments.FiscalRegistered}, r.Status) {
				e.failf("the sent receipt is %q, %q; want %q, pending or registered", r.ID, r.Status, receiptID)
			}
			got, err := e.client.ReceiptStatus(e.ctx(), payments.ReceiptQuery{ReceiptID: receiptID, OrderID: orderReceiptPaid})
			if err != nil {
				e.failf("ReceiptStatus: %v", err)
				return
			}
			if got.ID != receiptID || !got.Status.Valid() {
				e.failf("the receipt looked up is %q, %q; want %q with a valid status", got.ID, got.Status, receiptID)
			}
		},
	}
}
