package payments_test

import (
	"context"

	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

// The stub's lifecycle operations and valid calls of them, shared by the
// tables of client_stub_test.go.

// Capture answers a success echoing the request (all of 10.00 when no
// amount is given).
func (s *stub) Capture(ctx context.Context, req *payments.CaptureRequest) (*payments.Payment, error) {
	s.count(payments.OpCapture)
	if s.captureFn != nil {
		return s.captureFn(ctx, req)
	}
	amount := rub("10.00")
	if req.Amount != nil {
		amount = *req.Amount
	}
	return &payments.Payment{OrderID: req.OrderID, ID: req.PaymentID, Status: payments.StatusSucceeded, Amount: amount}, nil
}

// Cancel answers a success echoing the request.
func (s *stub) Cancel(ctx context.Context, req *payments.CancelRequest) (*payments.Payment, error) {
	s.count(payments.OpCancel)
	if s.cancelFn != nil {
		return s.cancelFn(ctx, req)
	}
	return &payments.Payment{OrderID: req.OrderID, ID: req.PaymentID, Status: payments.StatusCanceled}, nil
}

// Charge answers an accepted (pending) charge echoing the request.
func (s *stub) Charge(ctx context.Context, req *payments.ChargeRequest) (*payments.Payment, error) {
	s.count(payments.OpCharge)
	if s.chargeFn != nil {
		return s.chargeFn(ctx, req)
	}
	return &payments.Payment{OrderID: req.OrderID, Status: payments.StatusPending, Amount: req.Amount}, nil
}

// SendReceipt answers a pending receipt echoing the request.
func (s *stub) SendReceipt(ctx context.Context, req *payments.ReceiptRequest) (*payments.FiscalReceipt, error) {
	s.count(payments.OpSendReceipt)
	if s.sendReceiptFn != nil {
		return s.sendReceiptFn(ctx, req)
	}
	return &payments.FiscalReceipt{ID: req.ReceiptID, OrderID: req.OrderID, Status: payments.FiscalPending}, nil
}

// ReceiptStatus answers a registered receipt echoing the query.
func (s *stub) ReceiptStatus(ctx context.Context, q payments.ReceiptQuery) (*payments.FiscalReceipt, error) {
	s.count(payments.OpReceiptStatus)
	if s.receiptStatusFn != nil {
		return s.receiptStatusFn(ctx, q)
	}
	return &payments.FiscalReceipt{ID: q.ReceiptID, OrderID: q.OrderID, Status: payments.FiscalRegistered}, nil
}

// settlementReceipt is a valid settlement receipt of 10.00.
func settlementReceipt() payments.Receipt {
	return payments.Receipt{Items: []payments.ReceiptItem{
		{Name: "Tea", Quantity: decimal.NewFromInt(1), Amount: rub("10.00"), Tax: "none", PaymentMethod: "full_payment"},
	}}
}

func validCapture() *payments.CaptureRequest {
	r := settlementReceipt()
	return &payments.CaptureRequest{OrderID: "1001", PaymentID: "p-1001", Amount: ptr(rub("10.00")), Receipt: &r}
}

func validCharge() *payments.ChargeRequest {
	r := settlementReceipt()
	return &payments.ChargeRequest{
		OrderID: "1003", ParentOrderID: "1001", Mandate: "rebill-1", Amount: rub("10.00"),
		Description: "Monthly", Receipt: &r, Metadata: map[string]string{"plan": "basic"},
	}
}

func validReceipt() *payments.ReceiptRequest {
	return &payments.ReceiptRequest{OrderID: "1001", ReceiptID: "5001", Kind: payments.ReceiptSettlement, Receipt: settlementReceipt()}
}

func callCapture(ctx context.Context, c *payments.Client) error {
	_, err := c.Capture(ctx, validCapture())
	return err
}

func callCancel(ctx context.Context, c *payments.Client) error {
	_, err := c.Cancel(ctx, &payments.CancelRequest{OrderID: "1001"})
	return err
}

func callCharge(ctx context.Context, c *payments.Client) error {
	_, err := c.Charge(ctx, validCharge())
	return err
}

func callSendReceipt(ctx context.Context, c *payments.Client) error {
	_, err := c.SendReceipt(ctx, validReceipt())
	return err
}

func callReceiptStatus(ctx context.Context, c *payments.Client) error {
	_, err := c.ReceiptStatus(ctx, payments.ReceiptQuery{ReceiptID: "5001", OrderID: "1001"})
	return err
}
