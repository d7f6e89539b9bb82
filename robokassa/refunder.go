package robokassa

import (
	"context"
	"errors"
	"strconv"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// RefundAdvice is the Advice of every ErrOutcomeUnknown error of a refund
// (Provider.Refund, CreateRefund): what can tell whether the refund was
// made. Robokassa's lookups cannot: Refund/GetState needs the requestId
// that only the lost answer carried, and OpStateExt reports the payment,
// not its refunds (https://docs.robokassa.ru/ru/refund-api,
// https://docs.robokassa.ru/xml-interfaces). Robokassa's official OpenCart
// module gives the same advice after an uncertain refund ("Do not retry:
// check the refund in your Robokassa account first",
// github.com/robokassa/cms-opencart, error_refund_unknown_retry).
const RefundAdvice = "Robokassa cannot be asked whether this refund was made: RefundStatus (Refund/GetState) " +
	"needs the refund's requestId, which only the lost answer carried, and PaymentStatus (OpStateExt) does not " +
	"report refunds, so neither lookup can tell. Do not refund again until you have checked the refunds of the " +
	"operation in the Robokassa merchant account (or asked Robokassa support). " +
	"Robokassa takes no idempotency key, so payments.Client remembers the reference it sent and refuses to send " +
	"the same RefundRequest.Reference again (ErrDuplicate): that reference cannot refund twice, a new one would."

// withRefundAdvice sets RefundAdvice on an error wrapping ErrOutcomeUnknown.
func withRefundAdvice(err error) error {
	if err == nil || !errors.Is(err, payments.ErrOutcomeUnknown) {
		return err
	}
	if pe, ok := err.(*payments.Error); ok {
		cp := *pe
		cp.Advice = RefundAdvice
		return &cp
	}
	return &payments.Error{Op: payments.OpRefund, Provider: Name, Kind: payments.ErrOutcomeUnknown, Err: err, Advice: RefundAdvice}
}

// errNoPassword3 is the error of a refund without Password3: it wraps
// errors.ErrUnsupported and says what to configure.
func errNoPassword3(op payments.Operation) error {
	return &payments.Error{Op: op, Provider: Name, Kind: errors.ErrUnsupported,
		Message: "refunds need the shop's Password #3 (Config.Password3, or ROBOKASSA_PASSWORD3 with the providers " +
			"package), issued in the Robokassa merchant account after a request for refund API access"}
}

// Refund refunds a paid order: it asks OpStateExt for the order's OpKey
// (a read: a fault there is ErrUnavailable and nothing is refunded), then
// sends Refund/Create, with the receipt's lines when given. The refund
// id is Robokassa's requestId; a partial refund starts as processing.
//
// With req.Amount set, Robokassa is asked to refund that amount, which the
// result reports. With req.Amount nil the request has no RefundSum:
// Robokassa's full refund, of what is left of the payment after earlier
// partial refunds (see RefundCreate.Sum). Robokassa's answer to
// Refund/Create does not say how much that is, so Refund then reads
// Refund/GetState once for the amount and the refund's state. That read
// comes after the money moved: if it fails, the refund is still returned,
// with Amount zero (not known) and status processing, and RefundStatus
// reports the amount later. When nothing is left Robokassa refuses
// (AlreadyRefunded is ErrDuplicate, NotEnoughOperationFunds
// ErrInsufficientFunds).
//
// Without Config.Password3 it returns an error wrapping
// errors.ErrUnsupported that says so, before sending anything. An error
// wrapping ErrOutcomeUnknown carries RefundAdvice as its Advice: neither
// RefundStatus nor PaymentStatus can tell whether such a refund was made.
func (p *Provider) Refund(ctx context.Context, req *payments.RefundRequest) (*payments.Refund, error) {
	r, err := p.refund(ctx, req)
	return r, withRefundAdvice(err)
}

func (p *Provider) refund(ctx context.Context, req *payments.RefundRequest) (*payments.Refund, error) {
	const op = payments.OpRefund
	if req == nil {
		return nil, invalidf(op, "nil request")
	}
	inv, err := parseInvID(op, req.OrderID)
	if err != nil {
		return nil, err
	}
	if p.cfg.Password3 == "" {
		return nil, errNoPassword3(op)
	}
	rc := RefundCreate{}
	if req.Amount != nil {
		if req.Amount.Currency != p.cfg.Currency {
			return nil, invalidf(op, "refund in %s; the shop's currency is %s", req.Amount.Currency, p.cfg.Currency)
		}
		rc.Sum = req.Amount.Amount
		if !rc.Sum.IsPositive() {
			return nil, invalidf(op, "refund amount must be positive")
		}
	}
	if req.Receipt != nil {
		items, err := itemsFromCore(req.Receipt)
		if err != nil {
			return nil, providerkit.Stamp(Name, op, err)
		}
		// Validate the lines against Robokassa's limits before the
		// OpStateExt lookup, so that a bad line sends nothing.
		if _, err := itemsJSON(op, items); err != nil {
			return nil, err
		}
		rc.Items = items
	}
	// The OpStateExt lookup is a read: if it fails, nothing was refunded.
	st, err := p.opState(ctx, inv, op)
	if err != nil {
		return nil, err
	}
	if st.OpKey == "" {
		return nil, invalidf(op, "order %s has no paid operation to refund (state %d)", req.OrderID, st.StateCode)
	}
	rc.OpKey = st.OpKey
	id, err := p.CreateRefund(ctx, rc)
	if err != nil {
		return nil, err
	}
	r := &payments.Refund{
		ID:      id,
		OrderID: req.OrderID,
		Status:  payments.StatusProcessing,
		Raw:     map[string]string{"requestId": id, "InvId": strconv.FormatInt(inv, 10)},
	}
	if req.Amount != nil {
		r.Amount = *req.Amount
		return r, nil
	}
	p.fillFullRefund(ctx, r)
	return r, nil
}

// fillFullRefund asks Refund/GetState how much the full refund r refunds
// and how far it got, since Refund/Create's answer does not say
// (https://docs.robokassa.ru/ru/refund-api). It is one read after the
// money moved: the refund is made whatever it answers, so a failed read, or
// an answer about another refund, leaves r as it was (Amount zero, not
// known; status processing) instead of turning a done refund into an error.
func (p *Provider) fillFullRefund(ctx context.Context, r *payments.Refund) {
	st, err := p.refundState(ctx, r.ID, providerkit.Read(payments.OpRefund))
	if err != nil || st.RequestID != r.ID {
		return
	}
	r.Raw["label"] = st.Label
	if st.Amount.Amount.IsPositive() {
		r.Amount = st.Amount
	}
	if st.Status != payments.StatusUnknown {
		r.Status = st.Status
	}
}

// RefundStatus looks a refund up by its requestId through Refund/GetState.
func (p *Provider) RefundStatus(ctx context.Context, q payments.RefundQuery) (*payments.Refund, error) {
	st, err := p.RefundState(ctx, q.RefundID)
	if err != nil {
		return nil, err
	}
	return &payments.Refund{
		ID:     st.RequestID,
		Amount: st.Amount,
		Status: st.Status,
		Raw:    map[string]string{"requestId": st.RequestID, "label": st.Label},
	}, nil
}
