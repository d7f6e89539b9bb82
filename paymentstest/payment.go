package paymentstest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/paykit/payments"
)

// InitPayment implements payments.Provider.
//
// A payment without card data is stored as pending and its next step is a
// redirect to PayURL followed by its id. A direct card payment without
// browser data succeeds at once (next step none, the balance grows by the
// amount); with browser data it requires 3-D Secure: status requires_action
// and a form with PaReq and MD to post to PayURL + id + "/3ds". The card
// [DeclinedCard] is declined. A repeated order id is ErrDuplicate. Only the
// masked card number is kept (in Payment.Raw["card"]).
//
// With req.Hold the payment is held instead of paid: a direct card payment
// is authorized at once, any other when the buyer pays (MarkPaid), with
// Payment.HeldUntil [HoldPeriod] later. With req.Recurring the payment
// gets a Payment.Mandate ("mandate_1") once paid or held. A
// req.PaymentMethod the fake does not preselect is refused (unknown:
// ErrInvalidRequest; known but not card, sbp or sberpay: ErrUnsupported);
// a known one is the payment's Method.
func (f *Fake) InitPayment(ctx context.Context, req *payments.InitRequest) (*payments.Payment, error) {
	const op = payments.OpInitPayment
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.begin(ctx, op); err != nil {
		return nil, err
	}
	if err := f.checkInit(req); err != nil {
		return nil, err
	}
	if _, ok := f.payments[req.OrderID]; ok {
		return nil, f.fail(op, payments.ErrDuplicate, "duplicate", "order %s already has a payment", req.OrderID)
	}
	var card string // masked
	if req.Card != nil {
		card = req.Card.Masked()
	}
	id := f.nextID("pay")
	p := payments.Payment{
		OrderID: req.OrderID,
		ID:      id,
		Status:  payments.StatusPending,
		Amount:  req.Amount,
		Raw:     paymentRaw(req.Description, card, req.Metadata),
	}
	var declined error
	if req.PaymentMethod != "" {
		p.Method = string(req.PaymentMethod)
	}
	rec := &paymentRecord{expiresAt: req.ExpiresAt, hold: req.Hold, recurring: req.Recurring}
	switch {
	case req.Card == nil:
		p.NextStep = payments.NextStep{Kind: payments.NextRedirect, URL: f.opts.PayURL + id}
	case req.Card.Number == DeclinedCard:
		p.Method = "card"
		p.Status = payments.StatusFailed
		p.ErrorCode, p.ErrorMessage = "card_declined", "the card was declined"
		declined = f.fail(op, payments.ErrDeclined, p.ErrorCode, "order %s: %s", req.OrderID, p.ErrorMessage)
	case req.Browser != nil:
		p.Method = "card"
		p.Status = payments.StatusRequiresAction
		fields := []payments.Field{{Name: "PaReq", Value: "fake-pareq-" + id}, {Name: "MD", Value: id}}
		if req.SuccessURL != "" {
			fields = append(fields, payments.Field{Name: "TermUrl", Value: req.SuccessURL})
		}
		p.NextStep = payments.NextStep{Kind: payments.NextPostForm, URL: f.opts.PayURL + id + "/3ds", Fields: fields}
	default:
		p.Method = "card"
	}
	rec.p = p
	if req.Card != nil && req.Card.Number != DeclinedCard && req.Browser == nil {
		f.pay(rec) // paid, or held, at once
	}
	f.payments[req.OrderID] = rec
	if declined != nil {
		return nil, declined
	}
	return copyPayment(rec.p), nil
}

// checkInit checks what the fake needs of a payment request, the way a real
// provider would refuse it.
func (f *Fake) checkInit(req *payments.InitRequest) error {
	const op = payments.OpInitPayment
	switch {
	case req == nil:
		return f.fail(op, payments.ErrInvalidRequest, "invalid_request", "no request")
	case req.OrderID == "":
		return f.fail(op, payments.ErrInvalidRequest, "invalid_request", "order id is required")
	case utf8.RuneCountInString(req.OrderID) > MaxOrderIDLength:
		return f.fail(op, payments.ErrInvalidRequest, "invalid_order_id", "order id is longer than %d characters", MaxOrderIDLength)
	}
	if err := req.Amount.Validate(); err != nil || !req.Amount.Amount.IsPositive() {
		return f.fail(op, payments.ErrInvalidRequest, "invalid_amount", "amount %s is not a positive amount in a known currency", req.Amount)
	}
	if !slices.Contains(f.opts.Currencies, req.Amount.Currency) {
		return f.fail(op, errors.ErrUnsupported, "unsupported_currency", "%s is not accepted", req.Amount.Currency)
	}
	if m := req.PaymentMethod; m != "" && !m.Valid() {
		return f.fail(op, payments.ErrInvalidRequest, "invalid_payment_method", "unknown payment method %q", string(m))
	} else if m != "" && !slices.Contains(paymentMethods, m) {
		return f.fail(op, errors.ErrUnsupported, "unsupported_payment_method", "payment method %s is not offered", m)
	}
	if req.Receipt != nil {
		if err := f.checkReceipt(op, req.Receipt, req.Amount); err != nil {
			return err
		}
	}
	if req.Card != nil {
		if err := req.Card.Validate(f.opts.Now()); err != nil {
			// The root package's messages show only the masked number.
			return f.fail(op, payments.ErrInvalidRequest, "invalid_card", "%s", errMessage(err))
		}
	}
	return nil
}

// paymentRaw is what the fake echoes back of a payment beyond the portable
// fields (Payment.Raw): "description", "card" (the masked number) and
// "meta_<key>" per metadata entry; nil when there is none of them.
func paymentRaw(description, maskedCard string, metadata map[string]string) map[string]string {
	raw := make(map[string]string)
	if description != "" {
		raw["description"] = description
	}
	if maskedCard != "" {
		raw["card"] = maskedCard
	}
	for k, v := range metadata {
		raw[metaPrefix+k] = v
	}
	if len(raw) == 0 {
		return nil
	}
	return raw
}

// metaPrefix marks metadata in Payment.Raw and in webhook forms.
const metaPrefix = "meta_"

// metadataOf returns the metadata held in the "meta_<key>" entries of raw
// (a Payment.Raw or a webhook form), or nil when there is none.
func metadataOf(raw map[string]string) map[string]string {
	var md map[string]string
	for k, v := range raw {
		if name, ok := strings.CutPrefix(k, metaPrefix); ok {
			if md == nil {
				md = make(map[string]string)
			}
			md[name] = v
		}
	}
	return md
}

// PaymentStatus implements payments.Provider. It finds the payment by
// q.OrderID when set, otherwise by its payment id q.PaymentID ("pay_1").
// An unknown order or payment id is ErrNotFound. A pending payment whose
// ExpiresAt has passed (by Options.Now) is reported as expired.
func (f *Fake) PaymentStatus(ctx context.Context, q payments.PaymentQuery) (*payments.Payment, error) {
	const op = payments.OpPaymentStatus
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.begin(ctx, op); err != nil {
		return nil, err
	}
	var rec *paymentRecord
	if q.OrderID != "" {
		rec = f.payments[q.OrderID]
		if rec == nil {
			return nil, f.fail(op, payments.ErrNotFound, "not_found", "no payment for order %s", q.OrderID)
		}
	} else {
		for _, r := range f.payments {
			if r.p.ID == q.PaymentID {
				rec = r
				break
			}
		}
		if rec == nil || q.PaymentID == "" {
			return nil, f.fail(op, payments.ErrNotFound, "not_found", "no payment %s", q.PaymentID)
		}
	}
	f.refresh(rec)
	return copyPayment(rec.p), nil
}

// credit adds m to the merchant's balance. f.mu must be held.
func (f *Fake) credit(m payments.Money) {
	f.balances[m.Currency] = f.balances[m.Currency].Add(m.Amount)
}

// errMessage returns the message of a root-package error without its
// "payments: invalid request: " prefix.
func errMessage(err error) string {
	var pe *payments.Error
	if errors.As(err, &pe) {
		if pe.Message != "" {
			return pe.Message
		}
		if pe.Err != nil {
			return pe.Err.Error()
		}
	}
	return err.Error()
}
