package payments

import (
	"context"
	"log/slog"
)

// SendReceipt registers a fiscal receipt after the payment, such as the
// settlement ("second") receipt when goods are delivered after a
// prepayment. The provider must implement [ReceiptSender] and declare
// OpSendReceipt and ReceiptsAfterPayment; otherwise the error wraps
// errors.ErrUnsupported. The result is usually FiscalPending: look it up
// with ReceiptStatus.
//
// A receipt is a fiscal document that cannot be taken back, and providers
// limit how many a payment may have (Robokassa: two), so SendReceipt is
// never retried: on ErrOutcomeUnknown the error's [Error.Advice] says how
// to find out (by default: ReceiptStatus by the receipt id). Do not send
// it again before that.
func (c *Client) SendReceipt(ctx context.Context, req *ReceiptRequest) (*FiscalReceipt, error) {
	s, ok := c.p.(ReceiptSender)
	return dispatch(ctx, c, operation[FiscalReceipt]{
		op:       OpSendReceipt,
		optional: true, implemented: ok && c.caps.ReceiptsAfterPayment,
		validate: func() error { return c.validateSendReceipt(req) },
		call:     func(ctx context.Context) (*FiscalReceipt, error) { return s.SendReceipt(ctx, req) },
		check: func(r *FiscalReceipt) error {
			return checkFiscal(ReceiptQuery{ReceiptID: req.ReceiptID, OrderID: req.OrderID}, r)
		},
		attrs: func() []slog.Attr {
			return []slog.Attr{
				slog.String("order_id", req.OrderID), slog.String("receipt_id", req.ReceiptID),
				slog.String("kind", string(req.Kind)),
			}
		},
	})
}

// ReceiptStatus looks a receipt sent with SendReceipt up by its receipt
// id. It is retried with backoff when the provider is unavailable.
func (c *Client) ReceiptStatus(ctx context.Context, q ReceiptQuery) (*FiscalReceipt, error) {
	s, ok := c.p.(ReceiptSender)
	return dispatch(ctx, c, operation[FiscalReceipt]{
		op:       OpReceiptStatus,
		optional: true, implemented: ok && c.caps.ReceiptsAfterPayment,
		validate: func() error { return c.validateReceiptQuery(q) },
		call:     func(ctx context.Context) (*FiscalReceipt, error) { return s.ReceiptStatus(ctx, q) },
		check:    func(r *FiscalReceipt) error { return checkFiscal(q, r) },
		attrs: func() []slog.Attr {
			attrs := []slog.Attr{slog.String("receipt_id", q.ReceiptID)}
			if q.OrderID != "" {
				attrs = append(attrs, slog.String("order_id", q.OrderID))
			}
			return attrs
		},
	})
}

// checkFiscal checks a provider's answer about a receipt against q, and
// fills in the ids it does not carry.
func checkFiscal(q ReceiptQuery, r *FiscalReceipt) error {
	if r == nil {
		return Errorf(ErrProtocol, "provider returned no receipt")
	}
	if !r.Status.Valid() {
		return Errorf(ErrProtocol, "provider returned receipt status %q", string(r.Status))
	}
	if r.ID != "" && r.ID != q.ReceiptID {
		return &Error{Kind: ErrAmountMismatch, Message: "answer is for receipt " + r.ID + ", not " + q.ReceiptID}
	}
	if q.OrderID != "" && r.OrderID != "" && r.OrderID != q.OrderID {
		return &Error{Kind: ErrAmountMismatch, Message: "answer is for a receipt of order " + r.OrderID + ", not " + q.OrderID}
	}
	if r.ID == "" {
		r.ID = q.ReceiptID
	}
	if r.OrderID == "" {
		r.OrderID = q.OrderID
	}
	return nil
}
