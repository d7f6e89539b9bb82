package robokassa

import (
	"context"
	"errors"
	"strconv"

	"github.com/paykit/payments"
)

// Refund refunds a paid order: it asks OpStateExt for the order's OpKey,
// then sends Refund/Create for the whole payment (req.Amount nil) or a part,
// with the receipt's lines when given. The refund id is Robokassa's
// requestId; the refund starts as processing.
func (p *Provider) Refund(ctx context.Context, req *payments.RefundRequest) (*payments.Refund, error) {
	const op = payments.OpRefund
	if req == nil {
		return nil, invalidf(op, "nil request")
	}
	inv, err := parseInvID(op, req.OrderID)
	if err != nil {
		return nil, err
	}
	if p.cfg.Password3 == "" {
		return nil, &payments.Error{Op: op, Provider: Name, Kind: errors.ErrUnsupported, Message: "refunds need Config.Password3"}
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
		items, err := ItemsFromReceipt(receiptFromCore(req.Receipt))
		if err != nil {
			return nil, stamp(op, err)
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
	amount := st.OutSum
	if req.Amount != nil {
		amount = *req.Amount
	}
	return &payments.Refund{
		ID:      id,
		OrderID: req.OrderID,
		Amount:  amount,
		Status:  payments.StatusProcessing,
		Raw:     map[string]string{"requestId": id, "OpKey": st.OpKey, "InvId": strconv.FormatInt(inv, 10)},
	}, nil
}

// RefundStatus looks a refund up by its requestId through Refund/GetState.
func (p *Provider) RefundStatus(ctx context.Context, refundID string) (*payments.Refund, error) {
	st, err := p.RefundState(ctx, refundID)
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
