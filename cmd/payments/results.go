package main

import (
	"time"

	"github.com/paykit/payments"
)

// The JSON results. Amounts are decimal strings formatted from decimals
// ("10.00"), never floats; a value the provider did not report is left out.

// paymentJSON is the result of link, status, capture, cancel and charge.
type paymentJSON struct {
	Provider     string       `json:"provider"`
	OrderID      string       `json:"order_id"`
	PaymentID    string       `json:"payment_id,omitempty"`
	Status       string       `json:"status"`
	Paid         bool         `json:"paid"`
	Final        bool         `json:"final"`
	Amount       string       `json:"amount,omitempty"`
	Currency     string       `json:"currency,omitempty"`
	Fee          string       `json:"fee,omitempty"`
	Method       string       `json:"method,omitempty"`
	ErrorCode    string       `json:"error_code,omitempty"`
	ErrorMessage string       `json:"error_message,omitempty"`
	RefundStatus string       `json:"refund_status,omitempty"`
	Mandate      string       `json:"mandate,omitempty"`         // a paid recurring parent's rebill id
	HeldUntil    string       `json:"held_until,omitempty"`      // RFC 3339: when a hold is cancelled by itself
	ParentOrder  string       `json:"parent_order_id,omitempty"` // charge: the recurring parent
	NextStep     nextStepJSON `json:"next_step,omitzero"`
}

type nextStepJSON struct {
	Kind   string      `json:"kind,omitempty"`
	URL    string      `json:"url,omitempty"`
	Fields []fieldJSON `json:"fields,omitempty"`
}

type fieldJSON struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

func paymentResult(provider string, p *payments.Payment) paymentJSON {
	res := paymentJSON{
		Provider:     provider,
		OrderID:      p.OrderID,
		PaymentID:    p.ID,
		Status:       string(p.Status),
		Paid:         p.Status.Paid(),
		Final:        p.Status.Final(),
		Amount:       amountJSON(p.Amount),
		Currency:     string(p.Amount.Currency),
		Fee:          amountJSON(p.Fee),
		Method:       p.Method,
		ErrorCode:    p.ErrorCode,
		ErrorMessage: p.ErrorMessage,
		RefundStatus: string(p.RefundStatus),
		Mandate:      p.Mandate,
		NextStep:     nextStepJSON{Kind: string(p.NextStep.Kind), URL: p.NextStep.URL},
	}
	if !p.HeldUntil.IsZero() {
		res.HeldUntil = p.HeldUntil.UTC().Format(time.RFC3339)
	}
	for _, f := range p.NextStep.Fields {
		res.NextStep.Fields = append(res.NextStep.Fields, fieldJSON(f))
	}
	return res
}

// refundJSON is the result of refund and refund-status.
type refundJSON struct {
	Provider  string `json:"provider"`
	RefundID  string `json:"refund_id,omitempty"`
	OrderID   string `json:"order_id"`
	Reference string `json:"reference,omitempty"`
	Status    string `json:"status"`
	Amount    string `json:"amount,omitempty"`
	Currency  string `json:"currency,omitempty"`
}

// balanceJSON is the result of balance.
type balanceJSON struct {
	Provider  string `json:"provider"`
	Available string `json:"available"`
	Currency  string `json:"currency"`
}

// withdrawalJSON is the result of withdraw and withdrawal-status.
type withdrawalJSON struct {
	Provider     string `json:"provider"`
	ID           string `json:"id,omitempty"`
	OrderID      string `json:"order_id,omitempty"`
	Status       string `json:"status"`
	Final        bool   `json:"final"`
	Amount       string `json:"amount,omitempty"`
	Currency     string `json:"currency,omitempty"`
	Fee          string `json:"fee,omitempty"`
	Card         string `json:"card,omitempty"` // masked
	ErrorCode    string `json:"error_code,omitempty"`
	ErrorMessage string `json:"error_message,omitempty"`
}

func withdrawalResult(provider string, w *payments.Withdrawal) withdrawalJSON {
	return withdrawalJSON{
		Provider:     provider,
		ID:           w.ID,
		OrderID:      w.OrderID,
		Status:       string(w.Status),
		Final:        w.Status.Final(),
		Amount:       amountJSON(w.Amount),
		Currency:     string(w.Amount.Currency),
		Fee:          amountJSON(w.Fee),
		ErrorCode:    w.ErrorCode,
		ErrorMessage: w.ErrorMessage,
	}
}

// receiptJSON is the result of receipt and receipt-status.
type receiptJSON struct {
	Provider     string `json:"provider"`
	ReceiptID    string `json:"receipt_id"`
	OrderID      string `json:"order_id,omitempty"`
	Status       string `json:"status"`
	Code         string `json:"code,omitempty"`
	Message      string `json:"message,omitempty"`
	RegisteredAt string `json:"registered_at,omitempty"` // RFC 3339
}

// receiptResult is the JSON result of the receipt r, sent as receiptID
// for orderID (used where the provider does not echo them).
func receiptResult(provider, receiptID, orderID string, r *payments.FiscalReceipt) receiptJSON {
	res := receiptJSON{
		Provider:  provider,
		ReceiptID: r.ID,
		OrderID:   r.OrderID,
		Status:    string(r.Status),
		Code:      r.Code,
		Message:   r.Message,
	}
	if res.ReceiptID == "" {
		res.ReceiptID = receiptID
	}
	if res.OrderID == "" {
		res.OrderID = orderID
	}
	if !r.RegisteredAt.IsZero() {
		res.RegisteredAt = r.RegisteredAt.UTC().Format(time.RFC3339)
	}
	return res
}
