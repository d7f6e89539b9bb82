package tbank

import (
	"context"
	"errors"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// heldStatuses are the statuses Confirm and a void by Cancel accept.
var heldStatuses = map[string]bool{"AUTHORIZED": true, "PARTIAL_REVERSED": true}

// Capture confirms a held payment (POST /v2/Confirm), all of it or a
// part, with a changed receipt when given. It first reads the payment
// (GetState, by req.PaymentID or through CheckOrder): a payment that is
// not held, or an amount above what is held, is payments.ErrInvalidState
// and nothing is sent.
func (p *Provider) Capture(ctx context.Context, req *payments.CaptureRequest) (*payments.Payment, error) {
	pay, err := p.capture(ctx, req)
	return pay, providerkit.Stamp(Name, payments.OpCapture, err)
}

func (p *Provider) capture(ctx context.Context, req *payments.CaptureRequest) (*payments.Payment, error) {
	// A bad receipt is refused before anything is sent.
	rc, err := p.receipt(req.Receipt)
	if err != nil {
		return nil, err
	}
	held, status, err := p.findPayment(ctx, providerkit.Read(payments.OpCapture), payments.PaymentQuery{OrderID: req.OrderID, PaymentID: req.PaymentID})
	if err != nil {
		return nil, err
	}
	if !heldStatuses[status] {
		return nil, payments.NewError(payments.ErrInvalidState, "", "the payment is "+status+", not held")
	}
	body := map[string]any{"PaymentId": held.ID}
	amount := held.Amount
	if req.Amount != nil {
		kop, ok := req.Amount.MinorUnits()
		hk, _ := held.Amount.MinorUnits()
		if !ok || req.Amount.Currency != payments.RUB || (!held.Amount.IsZero() && kop > hk) {
			return nil, payments.NewError(payments.ErrInvalidState, "", "the amount is above what is held")
		}
		body["Amount"] = kop
		amount = *req.Amount
	}
	if rc != nil {
		body["Receipt"] = rc
	}
	ex := providerkit.Moving(payments.OpCapture)
	a, err := p.call(ctx, ex, "Confirm", body)
	if err != nil {
		return nil, err
	}
	return settled(ex, a, held, amount, map[string]payments.Status{
		"CONFIRMED": payments.StatusSucceeded, "CONFIRMING": payments.StatusProcessing, "CONFIRM_CHECKING": payments.StatusProcessing,
	})
}

// Cancel voids a held payment (POST /v2/Cancel without Amount). It first
// reads the payment: Cancel of a paid payment would refund it, so any
// status but a hold is payments.ErrInvalidState and nothing is sent.
func (p *Provider) Cancel(ctx context.Context, req *payments.CancelRequest) (*payments.Payment, error) {
	pay, err := p.cancel(ctx, req)
	return pay, providerkit.Stamp(Name, payments.OpCancel, err)
}

func (p *Provider) cancel(ctx context.Context, req *payments.CancelRequest) (*payments.Payment, error) {
	held, status, err := p.findPayment(ctx, providerkit.Read(payments.OpCancel), payments.PaymentQuery{OrderID: req.OrderID, PaymentID: req.PaymentID})
	if err != nil {
		return nil, err
	}
	if !heldStatuses[status] {
		return nil, payments.NewError(payments.ErrInvalidState, "", "the payment is "+status+", not held")
	}
	ex := providerkit.Moving(payments.OpCancel)
	a, err := p.call(ctx, ex, "Cancel", map[string]any{"PaymentId": held.ID})
	if err != nil {
		return nil, err
	}
	return settled(ex, a, held, held.Amount, map[string]payments.Status{
		"REVERSED": payments.StatusCanceled, "REVERSING": payments.StatusProcessing,
	})
}

// settled is the payment after a Confirm or a void, by the answer's
// Status; any other status after a money-moving exchange is an unknown
// outcome.
func settled(ex providerkit.Exchange, a answer, held *payments.Payment, amount payments.Money, allowed map[string]payments.Status) (*payments.Payment, error) {
	status := a.text("Status")
	st, ok := allowed[status]
	if !ok {
		return nil, providerkit.ProtocolError(ex, errors.New("unexpected Status "+status))
	}
	return &payments.Payment{
		ID: held.ID, OrderID: held.OrderID, Status: st, Amount: amount, Mandate: held.Mandate,
		Raw: map[string]string{"PaymentId": held.ID, "Status": status},
	}, nil
}

// Charge charges a recurring parent again without the buyer: Init of a
// new session under req.OrderID (DATA.OperationInitiatorType "R"), then
// POST /v2/Charge with its PaymentId and the parent's RebillId
// (req.Mandate). Both exchanges are money-moving: a fault in either is
// payments.ErrOutcomeUnknown, resolved by PaymentStatus of req.OrderID.
func (p *Provider) Charge(ctx context.Context, req *payments.ChargeRequest) (*payments.Payment, error) {
	pay, err := p.charge(ctx, req)
	return pay, providerkit.Stamp(Name, payments.OpCharge, err)
}

func (p *Provider) charge(ctx context.Context, req *payments.ChargeRequest) (*payments.Payment, error) {
	if req.Mandate == "" {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "tbank: Charge needs the parent's RebillId (Mandate)")
	}
	body, err := p.initBody(req.OrderID, req.Amount, req.Description, req.Receipt)
	if err != nil {
		return nil, err
	}
	body["DATA"] = map[string]string{"OperationInitiatorType": "R"}
	ex := providerkit.Moving(payments.OpCharge)
	a, err := p.call(ctx, ex, "Init", body)
	if err != nil {
		return nil, err
	}
	id := a.text("PaymentId")
	if id == "" {
		return nil, providerkit.ProtocolError(ex, errors.New("an Init answer without PaymentId"))
	}
	a, err = p.call(ctx, ex, "Charge", map[string]any{"PaymentId": id, "RebillId": req.Mandate})
	if err != nil {
		return nil, err
	}
	pay, err := paymentOf(ex, a)
	if err != nil {
		return nil, err
	}
	switch pay.Status {
	case payments.StatusSucceeded, payments.StatusAuthorized, payments.StatusProcessing, payments.StatusPending:
		if pay.OrderID == "" {
			pay.OrderID = req.OrderID
		}
		if pay.Amount.IsZero() {
			pay.Amount = req.Amount
		}
		return pay, nil
	case payments.StatusFailed:
		return nil, payments.NewError(payments.ErrDeclined, a.text("ErrorCode"), a.text("Message"))
	}
	return nil, providerkit.ProtocolError(ex, errors.New("unexpected Status "+a.text("Status")))
}
