package paymentstest

import (
	"errors"
	"fmt"
	"time"

	"github.com/paykit/payments"
)

// This file holds the JSON shapes of the fake's lifecycle API (captures,
// cancels, charges, receipts after payment) and their conversions.

// apiCaptureRequest is the body of POST /v1/payments/{order_id}/capture;
// no amount captures all that is held.
type apiCaptureRequest struct {
	PaymentID string      `json:"payment_id,omitempty"`
	Amount    string      `json:"amount,omitempty"`
	Currency  string      `json:"currency,omitempty"`
	Receipt   *apiReceipt `json:"receipt,omitempty"`
}

// apiCancelRequest is the body of POST /v1/payments/{order_id}/cancel.
type apiCancelRequest struct {
	PaymentID string `json:"payment_id,omitempty"`
}

// apiChargeRequest is the body of POST /v1/charges.
type apiChargeRequest struct {
	OrderID       string            `json:"order_id"`
	ParentOrderID string            `json:"parent_order_id"`
	Mandate       string            `json:"mandate,omitempty"`
	Amount        string            `json:"amount"`
	Currency      string            `json:"currency"`
	Description   string            `json:"description,omitempty"`
	Receipt       *apiReceipt       `json:"receipt,omitempty"`
	Metadata      map[string]string `json:"metadata,omitempty"`
}

// apiReceiptRequest is the body of POST /v1/receipts; the lines' amounts
// are in Currency.
type apiReceiptRequest struct {
	OrderID   string     `json:"order_id"`
	ReceiptID string     `json:"receipt_id"`
	Kind      string     `json:"kind"`
	Currency  string     `json:"currency"`
	Receipt   apiReceipt `json:"receipt"`
}

// apiFiscalReceipt is the reply of POST /v1/receipts and GET
// /v1/receipts/{receipt_id}.
type apiFiscalReceipt struct {
	ID           string    `json:"id"`
	OrderID      string    `json:"order_id,omitempty"`
	Status       string    `json:"status"`
	Code         string    `json:"code,omitempty"`
	Message      string    `json:"message,omitempty"`
	RegisteredAt time.Time `json:"registered_at,omitzero"`
}

func toAPICapture(req *payments.CaptureRequest) apiCaptureRequest {
	a := apiCaptureRequest{PaymentID: req.PaymentID, Receipt: toAPIReceipt(req.Receipt)}
	if req.Amount != nil {
		a.Amount, a.Currency = req.Amount.Format(), string(req.Amount.Currency)
	}
	if a.Currency == "" && req.Receipt != nil && len(req.Receipt.Items) > 0 {
		a.Currency = string(req.Receipt.Items[0].Amount.Currency)
	}
	return a
}

// request parses the body of a capture; the order id comes from the path.
func (a *apiCaptureRequest) request() (*payments.CaptureRequest, error) {
	req := &payments.CaptureRequest{PaymentID: a.PaymentID}
	if a.Amount != "" {
		m, err := payments.ParseMoney(a.Amount, payments.Currency(a.Currency))
		if err != nil {
			return nil, fmt.Errorf("amount: %s", errMessage(err))
		}
		req.Amount = &m
	}
	var err error
	if req.Receipt, err = a.Receipt.receipt(payments.Currency(a.Currency)); err != nil {
		return nil, err
	}
	return req, nil
}

// request parses the body of a cancel; the order id comes from the path.
func (a *apiCancelRequest) request() (*payments.CancelRequest, error) {
	return &payments.CancelRequest{PaymentID: a.PaymentID}, nil
}

func toAPICharge(req *payments.ChargeRequest) apiChargeRequest {
	return apiChargeRequest{
		OrderID: req.OrderID, ParentOrderID: req.ParentOrderID, Mandate: req.Mandate,
		Amount: req.Amount.Format(), Currency: string(req.Amount.Currency), Description: req.Description,
		Receipt: toAPIReceipt(req.Receipt), Metadata: req.Metadata,
	}
}

// request parses the body of POST /v1/charges.
func (a *apiChargeRequest) request() (*payments.ChargeRequest, error) {
	m, err := payments.ParseMoney(a.Amount, payments.Currency(a.Currency))
	if err != nil {
		return nil, fmt.Errorf("amount: %s", errMessage(err))
	}
	receipt, err := a.Receipt.receipt(m.Currency)
	if err != nil {
		return nil, err
	}
	return &payments.ChargeRequest{
		OrderID: a.OrderID, ParentOrderID: a.ParentOrderID, Mandate: a.Mandate, Amount: m,
		Description: a.Description, Receipt: receipt, Metadata: a.Metadata,
	}, nil
}

func toAPIReceiptRequest(req *payments.ReceiptRequest) apiReceiptRequest {
	a := apiReceiptRequest{OrderID: req.OrderID, ReceiptID: req.ReceiptID, Kind: string(req.Kind), Receipt: *toAPIReceipt(&req.Receipt)}
	if len(req.Receipt.Items) > 0 {
		a.Currency = string(req.Receipt.Items[0].Amount.Currency)
	}
	return a
}

// request parses the body of POST /v1/receipts.
func (a *apiReceiptRequest) request() (*payments.ReceiptRequest, error) {
	r, err := a.Receipt.receipt(payments.Currency(a.Currency))
	if err != nil {
		return nil, err
	}
	return &payments.ReceiptRequest{OrderID: a.OrderID, ReceiptID: a.ReceiptID, Kind: payments.ReceiptKind(a.Kind), Receipt: *r}, nil
}

func fromFiscal(r *payments.FiscalReceipt) apiFiscalReceipt {
	return apiFiscalReceipt{
		ID: r.ID, OrderID: r.OrderID, Status: string(r.Status), Code: r.Code, Message: r.Message,
		RegisteredAt: r.RegisteredAt.UTC(),
	}
}

// fiscal checks a receipt reply and converts it.
func (a *apiFiscalReceipt) fiscal() (*payments.FiscalReceipt, error) {
	if a.ID == "" {
		return nil, errors.New("receipt has no id")
	}
	st := payments.FiscalStatus(a.Status)
	if !st.Valid() {
		return nil, fmt.Errorf("unknown receipt status %q", a.Status)
	}
	r := &payments.FiscalReceipt{ID: a.ID, OrderID: a.OrderID, Status: st, Code: a.Code, Message: a.Message}
	if !a.RegisteredAt.IsZero() {
		r.RegisteredAt = a.RegisteredAt.UTC()
	}
	return r, nil
}
