package tbank

import (
	"context"
	"errors"
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// refundable are the statuses a refund (Cancel of a paid payment) starts
// from.
var refundable = map[string]bool{"CONFIRMED": true, "PARTIAL_REFUNDED": true}

// sourceSBP is the Source (GetState Params) of an SBP payment, whose
// CheckOrder session also carries SbpPaymentId. Cancel
// does not take ExternalRequestId as an idempotency key for such payments
// (/v2/Cancel, ExternalRequestId: "не работает для СБП",
// https://www.tbank.ru/kassa/dev/payments/), so Refund, which promises
// that a repeated Reference refunds nothing twice
// (Capabilities.IdempotentRefunds), refuses them before anything is sent.
const sourceSBP = "qrsbp"

// refundAdvice is what resolves a refund whose answer was lost.
const refundAdvice = "send the refund again with the same Reference: T-Bank's ExternalRequestId answers a repeat with the first refund's state and refunds nothing twice"

// Refund refunds a paid order in two exchanges: a read of the payment
// (CheckOrder and GetState; a payment that is not paid is
// payments.ErrInvalidState and nothing is sent), then POST /v2/Cancel with
// Amount (omitted for a full refund), the refunded receipt lines and
// ExternalRequestId = req.Reference, T-Bank's idempotency key: a repeat
// returns the first refund's state. Refund.ID is "PaymentId/Reference".
// A refund of an SBP payment (Source qrsbp) is errors.ErrUnsupported and
// sends nothing: T-Bank has no idempotency key for it (see sourceSBP).
func (p *Provider) Refund(ctx context.Context, req *payments.RefundRequest) (*payments.Refund, error) {
	r, err := p.refund(ctx, req)
	err = providerkit.Stamp(Name, payments.OpRefund, err)
	var pe *payments.Error
	if errors.As(err, &pe) && errors.Is(err, payments.ErrOutcomeUnknown) && pe.Advice == "" {
		pe.Advice = refundAdvice
	}
	return r, err
}

func (p *Provider) refund(ctx context.Context, req *payments.RefundRequest) (*payments.Refund, error) {
	// A bad receipt is refused before anything is sent.
	rc, err := p.receipt(req.Receipt)
	if err != nil {
		return nil, err
	}
	pay, status, err := p.findPayment(ctx, providerkit.Read(payments.OpRefund), payments.PaymentQuery{OrderID: req.OrderID})
	if err != nil {
		return nil, err
	}
	if !refundable[status] {
		return nil, payments.NewError(payments.ErrInvalidState, "", "the payment is "+status+", not paid")
	}
	if pay.Raw["Source"] == sourceSBP || pay.Raw["SbpPaymentId"] != "" {
		return nil, payments.NewError(errors.ErrUnsupported, "", "tbank: refunds of SBP payments are not offered: "+
			"T-Bank does not take ExternalRequestId for them, so a repeat after a lost answer would refund twice; nothing was sent")
	}
	body := map[string]any{"PaymentId": pay.ID, "ExternalRequestId": req.Reference}
	if req.Amount != nil {
		kop, ok := req.Amount.MinorUnits()
		if !ok || req.Amount.Currency != payments.RUB {
			return nil, payments.Errorf(payments.ErrInvalidRequest, "tbank: refund amount out of range")
		}
		body["Amount"] = kop
	}
	if rc != nil {
		body["Receipt"] = rc
	}
	ex := providerkit.Moving(payments.OpRefund)
	a, err := p.call(ctx, ex, "Cancel", body)
	if err != nil {
		return nil, err
	}
	st := a.text("Status")
	rs, ok := refundStatuses[st]
	if !ok {
		return nil, providerkit.ProtocolError(ex, errors.New("unexpected Status "+st))
	}
	r := &payments.Refund{
		ID: pay.ID + "/" + req.Reference, OrderID: req.OrderID, Reference: req.Reference, Status: rs,
		Raw: map[string]string{"PaymentId": pay.ID, "Status": st, "ExternalRequestId": req.Reference,
			"OriginalAmount": a.text("OriginalAmount"), "NewAmount": a.text("NewAmount")},
	}
	orig, ok1 := atoi64(a.text("OriginalAmount"))
	left, ok2 := atoi64(a.text("NewAmount"))
	if ok1 && ok2 && orig > left {
		if d, err := payments.MinorUnits(orig-left, payments.RUB); err == nil {
			r.Amount = d
		}
	}
	if r.Amount.IsZero() && req.Amount != nil {
		r.Amount = *req.Amount
	}
	return r, nil
}

// RefundStatus reports the refund state of the refunded payment
// (GetState) by Refund.ID ("PaymentId/Reference"). T-Bank has no lookup
// of one refund: the answer is the payment's refund state (REFUNDING
// processing, PARTIAL_REFUNDED and REFUNDED succeeded), and a payment
// without any refund is payments.ErrNotFound. A lookup by order id and
// reference is not offered (Capabilities.RefundLookupByReference is
// false), since nothing at T-Bank tells one reference from another: to
// learn whether one particular refund was made, send it again with the
// same Reference (see Refund).
func (p *Provider) RefundStatus(ctx context.Context, q payments.RefundQuery) (*payments.Refund, error) {
	r, err := p.refundStatus(ctx, q)
	return r, providerkit.Stamp(Name, payments.OpRefundStatus, err)
}

func (p *Provider) refundStatus(ctx context.Context, q payments.RefundQuery) (*payments.Refund, error) {
	ex := providerkit.Read(payments.OpRefundStatus)
	if q.RefundID == "" {
		return nil, payments.Errorf(payments.ErrUnsupported, "tbank: refunds are looked up by refund id only")
	}
	id, ref, ok := strings.Cut(q.RefundID, "/")
	if !ok || id == "" || ref == "" {
		return nil, payments.NewError(payments.ErrNotFound, "", "not a T-Bank refund id")
	}
	pay, status, err := p.findPayment(ctx, ex, payments.PaymentQuery{PaymentID: id})
	if err != nil {
		return nil, err
	}
	rs, ok := refundStatuses[status]
	if !ok {
		return nil, payments.NewError(payments.ErrNotFound, "", "the payment ("+status+") has no refund")
	}
	return &payments.Refund{
		ID: pay.ID + "/" + ref, OrderID: pay.OrderID, Reference: ref, Status: rs,
		Raw: map[string]string{"PaymentId": pay.ID, "Status": status},
	}, nil
}
