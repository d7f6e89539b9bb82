package paymentstest

import (
	"errors"
	"fmt"

	"github.com/paykit/payments"
)

// This file converts the API's replies: from the fake's state to JSON
// shapes (server side) and back, checking them (client side).

func fromPayment(p *payments.Payment) apiPayment {
	a := apiPayment{
		OrderID: p.OrderID, ID: p.ID, Status: string(p.Status),
		Amount: p.Amount.Format(), Currency: string(p.Amount.Currency),
		Method: p.Method, ErrorCode: p.ErrorCode, ErrorMessage: p.ErrorMessage,
		Description: p.Raw["description"], Card: p.Raw["card"], Metadata: metadataOf(p.Raw),
		Mandate: p.Mandate, HeldUntil: p.HeldUntil.UTC(), ParentOrderID: p.Raw["parent_order_id"],
	}
	if !p.Fee.IsZero() {
		a.Fee = p.Fee.Format()
	}
	if p.NextStep.Kind != payments.NextNone {
		a.NextStep = &apiNextStep{Kind: string(p.NextStep.Kind), URL: p.NextStep.URL}
		for _, f := range p.NextStep.Fields {
			a.NextStep.Fields = append(a.NextStep.Fields, apiField(f))
		}
	}
	return a
}

// payment checks a payment reply and converts it; Raw is built the way the
// in-process fake builds it.
func (a *apiPayment) payment() (*payments.Payment, error) {
	if a.OrderID == "" {
		return nil, errors.New("payment has no order_id")
	}
	status, err := parseStatus(a.Status)
	if err != nil {
		return nil, err
	}
	amount, fee, err := parseAmounts(a.Amount, a.Fee, a.Currency)
	if err != nil {
		return nil, err
	}
	p := &payments.Payment{
		OrderID: a.OrderID, ID: a.ID, Status: status, Amount: amount, Fee: fee,
		Method: a.Method, ErrorCode: a.ErrorCode, ErrorMessage: a.ErrorMessage,
	}
	if n := a.NextStep; n != nil {
		kind := payments.NextStepKind(n.Kind)
		switch {
		case kind != payments.NextRedirect && kind != payments.NextPostForm:
			return nil, fmt.Errorf("unknown next step kind %q", n.Kind)
		case n.URL == "":
			return nil, errors.New("next step has no url")
		}
		p.NextStep = payments.NextStep{Kind: kind, URL: n.URL}
		for _, f := range n.Fields {
			p.NextStep.Fields = append(p.NextStep.Fields, payments.Field(f))
		}
	}
	p.Raw = paymentRaw(a.Description, a.Card, a.Metadata)
	if a.ParentOrderID != "" {
		if p.Raw == nil {
			p.Raw = map[string]string{}
		}
		p.Raw["parent_order_id"] = a.ParentOrderID
	}
	p.Mandate = a.Mandate
	if !a.HeldUntil.IsZero() {
		p.HeldUntil = a.HeldUntil.UTC()
	}
	return p, nil
}

func fromRefund(r *payments.Refund) apiRefund {
	return apiRefund{
		ID: r.ID, OrderID: r.OrderID, Status: string(r.Status), Amount: r.Amount.Format(), Currency: string(r.Amount.Currency),
		Reference: r.Reference, Metadata: r.Metadata,
	}
}

func (a *apiRefund) refund() (*payments.Refund, error) {
	if a.ID == "" {
		return nil, errors.New("refund has no id")
	}
	status, err := parseStatus(a.Status)
	if err != nil {
		return nil, err
	}
	amount, _, err := parseAmounts(a.Amount, "", a.Currency)
	if err != nil {
		return nil, err
	}
	return &payments.Refund{ID: a.ID, OrderID: a.OrderID, Status: status, Amount: amount, Reference: a.Reference, Metadata: a.Metadata}, nil
}

func fromBalance(b *payments.Balance) apiBalance {
	return apiBalance{Currency: string(b.Available.Currency), Available: b.Available.Format()}
}

func (a *apiBalance) balance() (*payments.Balance, error) {
	m, _, err := parseAmounts(a.Available, "", a.Currency)
	if err != nil {
		return nil, err
	}
	return &payments.Balance{Available: m}, nil
}

func fromPayout(w *payments.Withdrawal) apiPayout {
	a := apiPayout{
		ID: w.ID, OrderID: w.OrderID, Status: string(w.Status),
		Amount: w.Amount.Format(), Currency: string(w.Amount.Currency),
		Card: w.Raw["card"], ErrorCode: w.ErrorCode, ErrorMessage: w.ErrorMessage, Metadata: w.Metadata,
	}
	if !w.Fee.IsZero() {
		a.Fee = w.Fee.Format()
	}
	return a
}

func (a *apiPayout) withdrawal() (*payments.Withdrawal, error) {
	if a.ID == "" || a.OrderID == "" {
		return nil, errors.New("payout has no id or order_id")
	}
	status, err := parseStatus(a.Status)
	if err != nil {
		return nil, err
	}
	amount, fee, err := parseAmounts(a.Amount, a.Fee, a.Currency)
	if err != nil {
		return nil, err
	}
	w := &payments.Withdrawal{
		ID: a.ID, OrderID: a.OrderID, Status: status, Amount: amount, Fee: fee,
		ErrorCode: a.ErrorCode, ErrorMessage: a.ErrorMessage, Metadata: a.Metadata,
	}
	if a.Card != "" {
		w.Raw = map[string]string{"card": a.Card}
	}
	return w, nil
}

func parseStatus(s string) (payments.Status, error) {
	st := payments.Status(s)
	if !st.Valid() {
		return "", fmt.Errorf("unknown status %q", s)
	}
	return st, nil
}

// parseAmounts parses a required amount and an optional fee in currency.
func parseAmounts(amount, fee, currency string) (m, f payments.Money, err error) {
	cur := payments.Currency(currency)
	if m, err = payments.ParseMoney(amount, cur); err != nil {
		return m, f, fmt.Errorf("amount: %s", errMessage(err))
	}
	if fee != "" {
		if f, err = payments.ParseMoney(fee, cur); err != nil {
			return m, f, fmt.Errorf("fee: %s", errMessage(err))
		}
	}
	return m, f, nil
}
