package main

import (
	"github.com/paykit/payments"
)

// The JSON results. Amounts are decimal strings formatted from decimals
// ("10.00"), never floats; a value the provider did not report is left out.

// paymentJSON is the result of link and status.
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
		NextStep:     nextStepJSON{Kind: string(p.NextStep.Kind), URL: p.NextStep.URL},
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
