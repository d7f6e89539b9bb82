package acmepay

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// createRefund is the body of POST /v1/payments/{id}/refunds. Amount empty
// refunds what is left of the payment.
type createRefund struct {
	Amount    string `json:"amount,omitempty"`
	Reference string `json:"reference"`
	Reason    string `json:"reason,omitempty"`
}

// wireRefund is Acme's refund object.
type wireRefund struct {
	ID        string `json:"id"`
	PaymentID string `json:"payment_id"`
	OrderID   string `json:"order_id"`
	Reference string `json:"reference"`
	Status    string `json:"status"`
	Amount    string `json:"amount"`
	Currency  string `json:"currency"`
}

// Refund refunds a paid order in two exchanges. Acme refunds a payment by
// its own id, so Refund first looks the payment up by order id: that
// exchange is a read (providerkit.Read(payments.OpRefund)), and a fault
// there means nothing was refunded. Then it POSTs the refund with the
// merchant's reference as Idempotency-Key: that exchange moves money
// (providerkit.Moving), and a fault there is payments.ErrOutcomeUnknown,
// resolved by LookupRefund by order id and reference, or by sending the
// same reference again, which Acme answers with the first refund.
func (p *Provider) Refund(ctx context.Context, req *payments.RefundRequest) (*payments.Refund, error) {
	pay, err := p.findPayment(ctx, providerkit.Read(payments.OpRefund), payments.PaymentQuery{OrderID: req.OrderID})
	if err != nil {
		return nil, providerkit.Stamp(Name, payments.OpRefund, err)
	}
	body := createRefund{Reference: req.Reference, Reason: req.Reason}
	if req.Amount != nil {
		body.Amount = req.Amount.Format()
	}
	ex := providerkit.Moving(payments.OpRefund)
	var w wireRefund
	err = p.call(ctx, ex, request{
		method: http.MethodPost, path: "/v1/payments/" + url.PathEscape(pay.ID) + "/refunds",
		body: body, idempotencyKey: req.Reference,
	}, &w)
	if err != nil {
		return nil, providerkit.Stamp(Name, payments.OpRefund, err)
	}
	r, err := w.refund(ex)
	if err != nil {
		return nil, providerkit.Stamp(Name, payments.OpRefund, err)
	}
	return r, nil
}

// RefundStatus looks a refund up by Acme's id (GET /v1/refunds/{id}) or by
// the merchant's order id and reference (GET /v1/refunds?order_id=&reference=).
func (p *Provider) RefundStatus(ctx context.Context, q payments.RefundQuery) (*payments.Refund, error) {
	ex := providerkit.Read(payments.OpRefundStatus)
	r := request{method: http.MethodGet, path: "/v1/refunds", query: url.Values{"order_id": {q.OrderID}, "reference": {q.Reference}}}
	if q.RefundID != "" {
		r = request{method: http.MethodGet, path: "/v1/refunds/" + url.PathEscape(q.RefundID)}
	}
	var w wireRefund
	err := p.call(ctx, ex, r, &w)
	if err != nil {
		return nil, providerkit.Stamp(Name, payments.OpRefundStatus, err)
	}
	res, err := w.refund(ex)
	if err != nil {
		return nil, providerkit.Stamp(Name, payments.OpRefundStatus, err)
	}
	return res, nil
}

// refund converts Acme's refund object. After a money-moving exchange a
// refund that cannot be understood is an unknown outcome (ProtocolError
// says so by ex), never a failure: the money may have moved.
func (w *wireRefund) refund(ex providerkit.Exchange) (*payments.Refund, error) {
	status, ok := statuses[w.Status]
	if !ok || w.ID == "" {
		return nil, providerkit.ProtocolError(ex, errors.New("a refund without id or a known status"))
	}
	amount, err := payments.ParseMoney(w.Amount, payments.Currency(w.Currency))
	if err != nil {
		return nil, providerkit.ProtocolError(ex, err)
	}
	return &payments.Refund{
		ID: w.ID, OrderID: w.OrderID, Reference: w.Reference, Status: status, Amount: amount,
		Raw: map[string]string{"id": w.ID, "payment_id": w.PaymentID, "status": w.Status},
	}, nil
}
