package robokassa

import (
	"context"
	"errors"
	"strconv"

	"github.com/paykit/payments"
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
	"operation in the Robokassa merchant account (or asked Robokassa support)."

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

// Refund refunds a paid order: it asks OpStateExt for the order's OpKey,
// then sends Refund/Create, with the receipt's lines when given. The refund
// id is Robokassa's requestId; the refund starts as processing.
//
// With req.Amount set, Robokassa is asked to refund that amount, which the
// result reports. With req.Amount nil the request has no RefundSum:
// Robokassa's full refund, of what is left of the payment after earlier
// partial refunds (see RefundCreate.Sum). Robokassa's answer does not say
// how much that is, so the result's Amount is zero; RefundStatus reports
// the amount once Robokassa has it. When nothing is left Robokassa refuses
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
			return nil, stamp(op, err)
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
	}
	return r, nil
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
