package payments

import (
	"errors"
	"slices"
	"unicode/utf8"
)

// This file holds the checks the Client makes of lifecycle requests
// (holds, recurring charges, receipts after payment) before the provider
// sees them.

// validateInitLifecycle checks what InitRequest asks of the lifecycle: a
// hold, a recurring parent and a payment-method hint, each only where the
// provider declares it.
func (c *Client) validateInitLifecycle(req *InitRequest) error {
	if req.Hold && !c.caps.Holds {
		return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " does not hold payments (two-step payments)"}
	}
	if req.Recurring && !c.caps.Recurring {
		return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " does not take recurring parent payments"}
	}
	if req.PaymentMethod == "" {
		return nil
	}
	if !req.PaymentMethod.Valid() {
		return invalidf("payment method %q is not one this library knows", string(req.PaymentMethod))
	}
	if !slices.Contains(c.caps.PaymentMethods, req.PaymentMethod) {
		return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " does not preselect payment method " + string(req.PaymentMethod)}
	}
	return nil
}

// validateCapture checks a capture: the order id, the payment id if
// given, a partial amount only where declared, and a changed receipt
// only where declared, adding up to the amount when one is given.
func (c *Client) validateCapture(req *CaptureRequest) error {
	if req == nil {
		return invalidf("nil request")
	}
	if err := c.validHeld(req.OrderID, req.PaymentID); err != nil {
		return err
	}
	if req.Amount != nil {
		if !c.caps.PartialCapture {
			return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " captures only all that is held: leave the amount nil"}
		}
		if err := c.validAmount("capture amount", *req.Amount); err != nil {
			return err
		}
	}
	return c.validReceiptWith("captures", c.caps.CaptureReceipts, req.Receipt, req.Amount)
}

// validateCancel checks a cancel: the order id and the payment id if
// given.
func (c *Client) validateCancel(req *CancelRequest) error {
	if req == nil {
		return invalidf("nil request")
	}
	return c.validHeld(req.OrderID, req.PaymentID)
}

// validHeld checks the ids of a held payment.
func (c *Client) validHeld(orderID, paymentID string) error {
	if err := c.validOrderID("order id", orderID); err != nil {
		return err
	}
	if paymentID != "" {
		return c.validID("payment id", paymentID)
	}
	return nil
}

// validateCharge checks a recurring charge: its own order id, different
// from the parent's, the parent's order id, the mandate where the provider
// needs one, the amount, and the receipt and metadata where declared.
func (c *Client) validateCharge(req *ChargeRequest) error {
	if req == nil {
		return invalidf("nil request")
	}
	if err := c.validOrderID("order id", req.OrderID); err != nil {
		return err
	}
	if err := c.validOrderID("parent order id", req.ParentOrderID); err != nil {
		return err
	}
	if req.OrderID == req.ParentOrderID {
		return invalidf("a charge needs an order id of its own, not the parent's %q", req.ParentOrderID)
	}
	if req.Mandate != "" {
		if err := c.validID("mandate", req.Mandate); err != nil {
			return err
		}
	} else if c.caps.RecurringMandate {
		return invalidf("%s charges by the parent's mandate id: set Mandate from the parent's Payment.Mandate", c.p.Name())
	}
	if err := c.validAmount("amount", req.Amount); err != nil {
		return err
	}
	if !utf8.ValidString(req.Description) {
		return invalidf("description is not valid UTF-8")
	}
	if n := c.caps.MaxDescription; n > 0 && utf8.RuneCountInString(req.Description) > n {
		return invalidf("description is longer than %d characters", n)
	}
	if err := c.validMetadata("charge", req.Metadata, c.caps.Metadata); err != nil {
		return err
	}
	if req.Receipt == nil {
		return nil
	}
	if !c.caps.PaymentReceipts {
		return &Error{Kind: errors.ErrUnsupported, Message: c.p.Name() + " does not take receipts with payments"}
	}
	return c.validateReceipt(req.Receipt, &req.Amount)
}

// validateSendReceipt checks a receipt after payment: the order id, a
// receipt id of its own, a known kind, and lines that fit the kind.
func (c *Client) validateSendReceipt(req *ReceiptRequest) error {
	if req == nil {
		return invalidf("nil request")
	}
	if err := c.validOrderID("order id", req.OrderID); err != nil {
		return err
	}
	if err := c.validOrderID("receipt id", req.ReceiptID); err != nil {
		return err
	}
	if req.ReceiptID == req.OrderID {
		return invalidf("a receipt needs an id of its own, not the order id %q", req.OrderID)
	}
	if !req.Kind.Valid() {
		return invalidf("receipt kind %q is not one this library knows", string(req.Kind))
	}
	if err := c.validateReceipt(&req.Receipt, nil); err != nil {
		return err
	}
	for i, it := range req.Receipt.Items {
		if it.PaymentMethod != "" && it.PaymentMethod != "full_payment" {
			return invalidf("receipt item %d: a settlement receipt's payment method is full_payment, not %q", i+1, it.PaymentMethod)
		}
	}
	return nil
}

// validateReceiptQuery checks a receipt lookup.
func (c *Client) validateReceiptQuery(q ReceiptQuery) error {
	if err := c.validOrderID("receipt id", q.ReceiptID); err != nil {
		return err
	}
	if q.OrderID != "" {
		return c.validOrderID("order id", q.OrderID)
	}
	return nil
}
