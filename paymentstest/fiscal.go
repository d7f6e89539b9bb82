package paymentstest

import (
	"context"
	"maps"

	"github.com/paykit/payments"
)

// This file holds the fake's receipts after payment.

// MaxReceiptsAfterPayment is how many receipts SendReceipt registers per
// payment: the settlement receipt after the payment's own, as Robokassa
// registers at most two receipts per operation
// (https://docs.robokassa.ru/second-check).
const MaxReceiptsAfterPayment = 1

// receiptRecord is the fake's state of one receipt sent after payment.
type receiptRecord struct {
	r       payments.FiscalReceipt
	receipt payments.Receipt
}

// SendReceipt implements payments.ReceiptSender. The receipt is recorded
// as pending until RegisterReceipt or FailReceipt settles it; Receipt
// returns what was sent. Errors: an unknown payment is ErrNotFound; a
// payment that is not paid, or has its [MaxReceiptsAfterPayment] already,
// is ErrInvalidState; a receipt id already used is ErrDuplicate; a
// settlement line whose payment method is not full_payment is
// ErrInvalidRequest.
func (f *Fake) SendReceipt(ctx context.Context, req *payments.ReceiptRequest) (*payments.FiscalReceipt, error) {
	const op = payments.OpSendReceipt
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.begin(ctx, op); err != nil {
		return nil, err
	}
	if req == nil || req.ReceiptID == "" {
		return nil, f.fail(op, payments.ErrInvalidRequest, "invalid_request", "receipt id is required")
	}
	rec, ok := f.payments[req.OrderID]
	if !ok {
		return nil, f.fail(op, payments.ErrNotFound, "not_found", "no payment for order %s", req.OrderID)
	}
	f.refresh(rec)
	switch {
	case !rec.p.Status.Paid():
		return nil, f.fail(op, payments.ErrInvalidState, "not_paid", "payment of order %s is %s, not paid", req.OrderID, rec.p.Status)
	case f.receipts[req.ReceiptID] != nil:
		return nil, f.fail(op, payments.ErrDuplicate, "duplicate", "receipt %s was already sent", req.ReceiptID)
	case rec.receipts >= MaxReceiptsAfterPayment:
		return nil, f.fail(op, payments.ErrInvalidState, "receipt_limit", "payment of order %s has all its receipts", req.OrderID)
	}
	for i, it := range req.Receipt.Items {
		if it.PaymentMethod != "" && it.PaymentMethod != "full_payment" {
			return nil, f.fail(op, payments.ErrInvalidRequest, "invalid_receipt", "receipt item %d: payment method %q, not full_payment", i+1, it.PaymentMethod)
		}
	}
	rec.receipts++
	r := &receiptRecord{
		r:       payments.FiscalReceipt{ID: req.ReceiptID, OrderID: req.OrderID, Status: payments.FiscalPending},
		receipt: copyReceipt(req.Receipt),
	}
	f.receipts[req.ReceiptID] = r
	return copyFiscal(r.r), nil
}

// ReceiptStatus implements payments.ReceiptSender. An unknown receipt, or
// one that is not of q.OrderID when it is given, is ErrNotFound.
func (f *Fake) ReceiptStatus(ctx context.Context, q payments.ReceiptQuery) (*payments.FiscalReceipt, error) {
	const op = payments.OpReceiptStatus
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.begin(ctx, op); err != nil {
		return nil, err
	}
	r, ok := f.receipts[q.ReceiptID]
	if !ok || q.OrderID != "" && r.r.OrderID != q.OrderID {
		return nil, f.fail(op, payments.ErrNotFound, "not_found", "no receipt %s", q.ReceiptID)
	}
	return copyFiscal(r.r), nil
}

// RegisterReceipt marks the pending receipt receiptID as registered, as the
// fiscal data operator would. An unknown receipt is ErrNotFound; one that
// is not pending is ErrInvalidState.
func (f *Fake) RegisterReceipt(receiptID string) error {
	return f.settleReceipt(receiptID, payments.FiscalRegistered, "", "")
}

// FailReceipt marks the pending receipt receiptID as failed with the
// provider's code and message. Errors are as for RegisterReceipt.
func (f *Fake) FailReceipt(receiptID, code, message string) error {
	return f.settleReceipt(receiptID, payments.FiscalFailed, code, message)
}

func (f *Fake) settleReceipt(id string, to payments.FiscalStatus, code, message string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.receipts[id]
	if !ok {
		return f.fail("", payments.ErrNotFound, "not_found", "no receipt %s", id)
	}
	if r.r.Status != payments.FiscalPending {
		return f.fail("", payments.ErrInvalidState, "invalid_state", "receipt %s is %s", id, r.r.Status)
	}
	r.r.Status, r.r.Code, r.r.Message = to, code, message
	if to == payments.FiscalRegistered {
		r.r.RegisteredAt = f.opts.Now()
	}
	return nil
}

// Receipt returns what the fake holds of the receipt receiptID sent after
// payment, and the receipt's lines as sent, and false if it holds nothing.
// It does not count as a call of any operation.
func (f *Fake) Receipt(receiptID string) (payments.FiscalReceipt, payments.Receipt, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.receipts[receiptID]
	if !ok {
		return payments.FiscalReceipt{}, payments.Receipt{}, false
	}
	return *copyFiscal(r.r), copyReceipt(r.receipt), true
}

// copyFiscal returns a copy of r that shares no maps with it.
func copyFiscal(r payments.FiscalReceipt) *payments.FiscalReceipt {
	r.Raw = maps.Clone(r.Raw)
	return &r
}

// copyReceipt returns a copy of r that shares no slices with it.
func copyReceipt(r payments.Receipt) payments.Receipt {
	r.Items = append([]payments.ReceiptItem(nil), r.Items...)
	return r
}
