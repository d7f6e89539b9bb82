package acmepay

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// statuses maps Acme's payment and refund states onto the portable ones,
// in one table. A state missing here is a protocol error, never a guess.
var statuses = map[string]payments.Status{
	"pending":            payments.StatusPending,
	"processing":         payments.StatusProcessing,
	"succeeded":          payments.StatusSucceeded,
	"failed":             payments.StatusFailed,
	"canceled":           payments.StatusCanceled,
	"expired":            payments.StatusExpired,
	"refunded":           payments.StatusRefunded,
	"partially_refunded": payments.StatusPartiallyRefunded,
}

// createPayment is the body of POST /v1/payments.
type createPayment struct {
	OrderID     string `json:"order_id"`
	Amount      string `json:"amount"`
	Currency    string `json:"currency"`
	Description string `json:"description,omitempty"`
	Email       string `json:"email,omitempty"`
	Language    string `json:"language,omitempty"`
	ReturnURL   string `json:"return_url,omitempty"`
	CancelURL   string `json:"cancel_url,omitempty"`
	NotifyURL   string `json:"notify_url,omitempty"`
}

// wirePayment is Acme's payment object.
type wirePayment struct {
	ID          string    `json:"id"`
	OrderID     string    `json:"order_id"`
	Status      string    `json:"status"`
	Amount      string    `json:"amount"`
	Currency    string    `json:"currency"`
	CheckoutURL string    `json:"checkout_url"`
	Failure     *apiError `json:"failure"`
}

// InitPayment creates the payment (POST /v1/payments, which may move money)
// and returns the redirect to Acme's checkout page.
func (p *Provider) InitPayment(ctx context.Context, req *payments.InitRequest) (*payments.Payment, error) {
	ex := providerkit.Moving(payments.OpInitPayment)
	var w wirePayment
	err := p.call(ctx, ex, request{method: http.MethodPost, path: "/v1/payments", body: createPayment{
		OrderID: req.OrderID, Amount: req.Amount.Format(), Currency: string(req.Amount.Currency),
		Description: req.Description, Email: req.Email, Language: req.Language,
		ReturnURL: req.SuccessURL, CancelURL: req.FailURL, NotifyURL: req.NotificationURL,
	}}, &w)
	if err != nil {
		return nil, providerkit.Stamp(Name, payments.OpInitPayment, err)
	}
	pay, err := w.payment(ex)
	if err == nil && pay.Status == payments.StatusPending && w.CheckoutURL == "" {
		err = providerkit.ProtocolError(ex, errors.New("a pending payment without checkout_url"))
	}
	if err != nil {
		return nil, providerkit.Stamp(Name, payments.OpInitPayment, err)
	}
	return pay, nil
}

// PaymentStatus looks a payment up by Acme's id (GET /v1/payments/{id})
// when the query names one, otherwise by the merchant's order id
// (GET /v1/payments?order_id=...).
func (p *Provider) PaymentStatus(ctx context.Context, q payments.PaymentQuery) (*payments.Payment, error) {
	pay, err := p.findPayment(ctx, providerkit.Read(payments.OpPaymentStatus), q)
	if err != nil {
		return nil, providerkit.Stamp(Name, payments.OpPaymentStatus, err)
	}
	return pay, nil
}

// findPayment is the lookup of PaymentStatus as exchange ex: a read, also
// when it is a step of a refund.
func (p *Provider) findPayment(ctx context.Context, ex providerkit.Exchange, q payments.PaymentQuery) (*payments.Payment, error) {
	r := request{method: http.MethodGet, path: "/v1/payments", query: url.Values{"order_id": {q.OrderID}}}
	if q.PaymentID != "" {
		r = request{method: http.MethodGet, path: "/v1/payments/" + url.PathEscape(q.PaymentID)}
	}
	var w wirePayment
	if err := p.call(ctx, ex, r, &w); err != nil {
		return nil, err
	}
	return w.payment(ex)
}

// payment converts Acme's payment object, refusing one that lacks what
// every answer has.
func (w *wirePayment) payment(ex providerkit.Exchange) (*payments.Payment, error) {
	status, ok := statuses[w.Status]
	if !ok || w.ID == "" || w.OrderID == "" {
		return nil, providerkit.ProtocolError(ex, errors.New("a payment without id, order_id or a known status"))
	}
	amount, err := payments.ParseMoney(w.Amount, payments.Currency(w.Currency))
	if err != nil {
		return nil, providerkit.ProtocolError(ex, err)
	}
	pay := &payments.Payment{
		ID: w.ID, OrderID: w.OrderID, Status: status, Amount: amount,
		Raw: map[string]string{"id": w.ID, "status": w.Status, "amount": w.Amount, "currency": w.Currency},
	}
	if w.CheckoutURL != "" {
		pay.NextStep = payments.NextStep{Kind: payments.NextRedirect, URL: w.CheckoutURL}
	}
	if w.Failure != nil {
		pay.ErrorCode, pay.ErrorMessage = w.Failure.Code, w.Failure.Message
	}
	return pay, nil
}
