package paymentstest

import (
	"context"
	"net/http"
	"net/url"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// This file holds the HTTPProvider's lifecycle operations: captures,
// cancels, charges and receipts after payment.

// Capture implements payments.Capturer with POST
// /v1/payments/{order_id}/capture.
func (p *HTTPProvider) Capture(ctx context.Context, req *payments.CaptureRequest) (*payments.Payment, error) {
	ex := providerkit.Moving(payments.OpCapture)
	var a apiPayment
	path := "/v1/payments/" + url.PathEscape(req.OrderID) + "/capture"
	if err := p.call(ctx, ex, http.MethodPost, path, nil, toAPICapture(req), &a); err != nil {
		return nil, err
	}
	return convert(ex, p.cfg.Name, a.payment)
}

// Cancel implements payments.Canceler with POST
// /v1/payments/{order_id}/cancel.
func (p *HTTPProvider) Cancel(ctx context.Context, req *payments.CancelRequest) (*payments.Payment, error) {
	ex := providerkit.Moving(payments.OpCancel)
	var a apiPayment
	path := "/v1/payments/" + url.PathEscape(req.OrderID) + "/cancel"
	if err := p.call(ctx, ex, http.MethodPost, path, nil, apiCancelRequest{PaymentID: req.PaymentID}, &a); err != nil {
		return nil, err
	}
	return convert(ex, p.cfg.Name, a.payment)
}

// Charge implements payments.Charger with POST /v1/charges.
func (p *HTTPProvider) Charge(ctx context.Context, req *payments.ChargeRequest) (*payments.Payment, error) {
	ex := providerkit.Moving(payments.OpCharge)
	var a apiPayment
	if err := p.call(ctx, ex, http.MethodPost, "/v1/charges", nil, toAPICharge(req), &a); err != nil {
		return nil, err
	}
	return convert(ex, p.cfg.Name, a.payment)
}

// SendReceipt implements payments.ReceiptSender with POST /v1/receipts. It
// is sent once, as what moves money is: a receipt is a fiscal document.
func (p *HTTPProvider) SendReceipt(ctx context.Context, req *payments.ReceiptRequest) (*payments.FiscalReceipt, error) {
	ex := providerkit.Moving(payments.OpSendReceipt)
	var a apiFiscalReceipt
	if err := p.call(ctx, ex, http.MethodPost, "/v1/receipts", nil, toAPIReceiptRequest(req), &a); err != nil {
		return nil, err
	}
	return convert(ex, p.cfg.Name, a.fiscal)
}

// ReceiptStatus implements payments.ReceiptSender with GET
// /v1/receipts/{receipt_id} (with ?order_id= when q.OrderID is set).
func (p *HTTPProvider) ReceiptStatus(ctx context.Context, q payments.ReceiptQuery) (*payments.FiscalReceipt, error) {
	ex := providerkit.Read(payments.OpReceiptStatus)
	var query url.Values
	if q.OrderID != "" {
		query = url.Values{"order_id": {q.OrderID}}
	}
	var a apiFiscalReceipt
	if err := p.call(ctx, ex, http.MethodGet, "/v1/receipts/"+url.PathEscape(q.ReceiptID), query, nil, &a); err != nil {
		return nil, err
	}
	return convert(ex, p.cfg.Name, a.fiscal)
}
