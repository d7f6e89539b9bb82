package clientsdk

import (
	"net/url"
	"slices"
	"strings"

	"github.com/paykit/payments"
)

// buildEvent interprets verified webhook fields, as documented on
// VerifyWebhook.
func (p *Provider) buildEvent(v map[string]string) (*payments.Event, error) {
	ev := &payments.Event{
		Type:         payments.EventPayment,
		OrderID:      v["order"],
		PaymentID:    v["invoice_id"],
		Status:       payments.StatusUnknown,
		ErrorCode:    v["payment_error_code"],
		ErrorMessage: v["payment_error"],
		Raw:          make(map[string]string, len(v)+1),
		Ack:          ack,
	}
	for k, val := range v {
		ev.Raw[k] = maskField(k, val)
	}
	switch strings.ToLower(v["webhook_type"]) {
	case "withdrawal", "withdrawal_request", "payout":
		ev.Type = payments.EventWithdrawal
	}
	if v["withdrawal_request_id"] != "" {
		ev.Type = payments.EventWithdrawal
		ev.PaymentID = v["withdrawal_request_id"]
	}
	if st := v["status"]; st != "" {
		ev.Status = mapStatus(statusTable, st)
	}
	object := ev.PaymentID
	if object == "" {
		object = ev.OrderID
	}
	if object == "" {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "webhook names no order, invoice or payout")
	}
	merchant := v["merchant_id"]
	if merchant == "" {
		merchant = p.cfg.MerchantID
	}
	ev.ID = eventID(merchant, string(ev.Type), object, normStatus(v["status"]), v["webhook_id"])
	if err := p.eventMoney(ev, v); err != nil {
		return nil, err
	}
	return ev, nil
}

// eventID joins the parts of an event's identity with ':', each part
// query-escaped (so that a ':' or '%' inside a part cannot make two
// different part lists give one ID).
func eventID(parts ...string) string {
	escaped := make([]string, len(parts))
	for i, s := range parts {
		escaped[i] = url.QueryEscape(s)
	}
	return strings.Join(escaped, ":")
}

// eventMoney reads the amount (or requested_amount) and fee of a webhook,
// and refuses amounts no real payment or payout has: a negative amount, a
// succeeded event without a positive amount, and a payment in a currency
// the provider does not declare.
func (p *Provider) eventMoney(ev *payments.Event, v map[string]string) error {
	currency := v["currency"]
	if currency == "" {
		currency = string(payments.RUB)
	}
	if ev.Type == payments.EventPayment && !slices.Contains(p.Capabilities().Currencies, payments.Currency(currency)) {
		return payments.Errorf(payments.ErrInvalidRequest, "webhook payment is in %q, a currency the provider does not take", currency)
	}
	amount := v["amount"]
	if amount == "" {
		amount = v["requested_amount"]
	}
	var err error
	if amount != "" {
		if ev.Amount, err = parseAmount(amount, currency); err != nil {
			return &payments.Error{Kind: payments.ErrInvalidRequest, Message: "webhook amount", Err: err}
		}
		if ev.Amount.Amount.IsNegative() {
			return payments.Errorf(payments.ErrInvalidRequest, "webhook amount %s is negative", amount)
		}
	}
	if ev.Status == payments.StatusSucceeded && !ev.Amount.Amount.IsPositive() {
		return payments.Errorf(payments.ErrInvalidRequest, "webhook reports a succeeded %s without a positive amount", ev.Type)
	}
	if fee := v["customer_fee"]; fee != "" {
		if ev.Fee, err = parseAmount(fee, currency); err != nil {
			return &payments.Error{Kind: payments.ErrInvalidRequest, Message: "webhook fee", Err: err}
		}
	}
	return nil
}
