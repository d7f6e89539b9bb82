package clientsdk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// Withdraw implements payments.Withdrawer with POST /withdrawal_request
// (github.com/Space-Around/client-payment-sdk-python README and examples/withdrawal.py): amount (formatted once, "50.00"), currency,
// merchant_id, order, pan and, when set, notification_url
// (req.NotificationURL or Config.NotificationURL). It is never resent: on
// ErrOutcomeUnknown look the payout up with WithdrawalStatus by order id.
// The answer's withdrawal_request object must carry the payout id; a
// payout without a status is processing.
func (p *Provider) Withdraw(ctx context.Context, req *payments.WithdrawalRequest) (*payments.Withdrawal, error) {
	const op = payments.OpWithdraw
	params, err := p.withdrawParams(req)
	if err != nil {
		return nil, providerkit.Stamp(providerName, op, err)
	}
	r, err := p.call(ctx, providerkit.Moving(op), "POST", "/withdrawal_request", params)
	if err != nil {
		return nil, err
	}
	w, err := parseWithdrawal(r, payments.StatusProcessing)
	if err != nil {
		return nil, providerkit.Stamp(providerName, op, providerkit.ProtocolError(providerkit.Moving(op), err))
	}
	if w.OrderID == "" {
		w.OrderID = req.OrderID
	}
	return w, nil
}

func (p *Provider) withdrawParams(req *payments.WithdrawalRequest) ([]Param, error) {
	if req == nil {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "nil request")
	}
	if req.OrderID == "" {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "order id is required")
	}
	if err := req.Amount.Validate(); err != nil {
		return nil, err
	}
	if !req.Amount.Amount.IsPositive() {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "amount must be positive")
	}
	if req.Card == nil {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "destination card is required")
	}
	if err := req.Card.ValidateNumber(); err != nil {
		return nil, err
	}
	params := []Param{
		{"amount", req.Amount.Format()},
		{"currency", string(req.Amount.Currency)},
		{"merchant_id", p.cfg.MerchantID},
		{"order", req.OrderID},
		{"pan", req.Card.Number},
	}
	notif, err := p.notificationURL(req.NotificationURL)
	if err != nil {
		return nil, err
	}
	if notif != "" {
		params = append(params, Param{"notification_url", notif})
	}
	return params, nil
}

// WithdrawalStatus implements payments.Withdrawer with GET
// /withdrawal_request by the payout id (q.ID, sent as id) or the merchant's
// order id (q.OrderID, sent as order), exactly one of them.
//
// The answer is {"status":"success","withdrawal_request":{...}}
// (creater777/sbank tests/SbankApiTest.php); the object's fields are undocumented beyond its id, so
// these are read when present (an assumption): id (required), order,
// amount (or requested_amount), currency (RUB when absent), fee (or
// customer_fee), status (or withdrawal_status, mapped through the table on
// PaymentStatus; a payout without a status is unknown here and processing
// right after Withdraw), payment_error_code and payment_error (or
// error_code and error). Raw keeps every scalar field, card numbers
// masked.
func (p *Provider) WithdrawalStatus(ctx context.Context, q payments.WithdrawalQuery) (*payments.Withdrawal, error) {
	const op = payments.OpWithdrawalStatus
	params := []Param{{"merchant_id", p.cfg.MerchantID}}
	switch {
	case q.ID != "" && q.OrderID != "":
		return nil, providerkit.Stamp(providerName, op, payments.Errorf(payments.ErrInvalidRequest, "give the payout id or the order id, not both"))
	case q.ID != "":
		params = append(params, Param{"id", q.ID})
	case q.OrderID != "":
		params = append(params, Param{"order", q.OrderID})
	default:
		return nil, providerkit.Stamp(providerName, op, payments.Errorf(payments.ErrInvalidRequest, "payout id or order id is required"))
	}
	r, err := p.call(ctx, providerkit.Read(op), "GET", "/withdrawal_request", params)
	if err != nil {
		return nil, err
	}
	w, err := parseWithdrawal(r, payments.StatusUnknown)
	if err != nil {
		return nil, providerkit.Stamp(providerName, op, providerkit.ProtocolError(providerkit.Read(op), err))
	}
	if q.ID != "" && w.ID != q.ID {
		return nil, providerkit.Stamp(providerName, op, providerkit.ProtocolError(providerkit.Read(op), fmt.Errorf("answer is for payout %q, not %q", w.ID, q.ID)))
	}
	if w.OrderID == "" {
		w.OrderID = q.OrderID
	}
	return w, nil
}

// parseWithdrawal reads {"status":"success","withdrawal_request":{...}}
// as documented on WithdrawalStatus; a missing status is noStatus.
func parseWithdrawal(r response, noStatus payments.Status) (*payments.Withdrawal, error) {
	raw, ok := r["withdrawal_request"]
	if !ok || string(raw) == "null" {
		return nil, errors.New(`response has no "withdrawal_request"`)
	}
	var obj response
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, fmt.Errorf("withdrawal_request is not an object: %w", err)
	}
	id, ok, err := obj.str("id")
	if err != nil {
		return nil, err
	}
	if !ok || id == "" {
		return nil, errors.New("withdrawal_request has no id")
	}
	w := &payments.Withdrawal{ID: id, Status: noStatus, Raw: obj.scalars()}
	w.OrderID = w.Raw["order"]
	if st := first(w.Raw, "status", "withdrawal_status"); st != "" {
		w.Status = mapStatus(statusTable, st)
	}
	w.ErrorCode = first(w.Raw, "payment_error_code", "error_code")
	w.ErrorMessage = first(w.Raw, "payment_error", "error")
	amountKey := "amount"
	if w.Raw[amountKey] == "" {
		amountKey = "requested_amount"
	}
	if w.Amount, err = obj.money(amountKey, "currency"); err != nil {
		return nil, err
	}
	feeKey := "fee"
	if w.Raw[feeKey] == "" {
		feeKey = "customer_fee"
	}
	if w.Fee, err = obj.money(feeKey, "currency"); err != nil {
		return nil, err
	}
	return w, nil
}

// first returns the first non-empty value of keys in m.
func first(m map[string]string, keys ...string) string {
	for _, k := range keys {
		if v := m[k]; v != "" {
			return v
		}
	}
	return ""
}
