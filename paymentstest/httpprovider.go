package paymentstest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/paykit/payments"
)

// DefaultTimeout bounds each request of an HTTPProvider whose
// HTTPConfig has neither an HTTPClient nor a Timeout, as robokassa's and
// clientsdk's DefaultTimeout do.
const DefaultTimeout = 30 * time.Second

// HTTPProvider is the client of the fake's HTTP API ([Fake.Handler]): a
// provider that talks to the fake over the network the way a real one
// would, so that HTTP plumbing, error mapping and transport faults can be
// tested and conformance fixtures recorded. It implements
// payments.Provider, payments.Refunder, payments.BalanceReader,
// payments.Withdrawer and payments.WebhookVerifier, and is safe for
// concurrent use.
type HTTPProvider struct {
	cfg    HTTPConfig // with defaults, BaseURL without a trailing slash
	client *http.Client
}

// NewHTTPProvider returns an HTTPProvider for cfg, or the error of
// cfg.Validate.
func NewHTTPProvider(cfg HTTPConfig) (*HTTPProvider, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Name == "" {
		cfg.Name = DefaultName
	}
	if cfg.MerchantID == "" {
		cfg.MerchantID = DefaultMerchantID
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	cfg.Currencies = currenciesOrDefault(cfg.Currencies)
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: cfg.Timeout}
	}
	return &HTTPProvider{cfg: cfg, client: client}, nil
}

// Name implements payments.Provider.
func (p *HTTPProvider) Name() string { return p.cfg.Name }

// Capabilities implements payments.Provider; they are those of [Fake].
func (p *HTTPProvider) Capabilities() payments.Capabilities { return capabilities(p.cfg.Currencies) }

// String implements fmt.Stringer without secrets.
func (p *HTTPProvider) String() string { return "paymentstest.HTTPProvider{" + p.cfg.String() + "}" }

// GoString implements fmt.GoStringer without secrets.
func (p *HTTPProvider) GoString() string { return p.String() }

// LogValue implements slog.LogValuer without secrets.
func (p *HTTPProvider) LogValue() slog.Value { return p.cfg.LogValue() }

// InitPayment implements payments.Provider with POST /v1/payments.
func (p *HTTPProvider) InitPayment(ctx context.Context, req *payments.InitRequest) (*payments.Payment, error) {
	const op = payments.OpInitPayment
	var a apiPayment
	if err := p.call(ctx, op, http.MethodPost, "/v1/payments", nil, toAPIInit(req), &a); err != nil {
		return nil, err
	}
	return convert(op, p.cfg.Name, a.payment)
}

// PaymentStatus implements payments.Provider with GET
// /v1/payments/{order_id} when q.OrderID is set, otherwise GET
// /v1/payments?id={payment_id}.
func (p *HTTPProvider) PaymentStatus(ctx context.Context, q payments.PaymentQuery) (*payments.Payment, error) {
	const op = payments.OpPaymentStatus
	var a apiPayment
	path, query := "/v1/payments/"+url.PathEscape(q.OrderID), url.Values(nil)
	if q.OrderID == "" {
		path, query = "/v1/payments", url.Values{"id": {q.PaymentID}}
	}
	if err := p.call(ctx, op, http.MethodGet, path, query, nil, &a); err != nil {
		return nil, err
	}
	return convert(op, p.cfg.Name, a.payment)
}

// Refund implements payments.Refunder with POST /v1/refunds.
func (p *HTTPProvider) Refund(ctx context.Context, req *payments.RefundRequest) (*payments.Refund, error) {
	const op = payments.OpRefund
	var a apiRefund
	if err := p.call(ctx, op, http.MethodPost, "/v1/refunds", nil, toAPIRefundRequest(req), &a); err != nil {
		return nil, err
	}
	return convert(op, p.cfg.Name, a.refund)
}

// RefundStatus implements payments.Refunder with GET /v1/refunds/{id}.
func (p *HTTPProvider) RefundStatus(ctx context.Context, q payments.RefundQuery) (*payments.Refund, error) {
	const op = payments.OpRefundStatus
	var a apiRefund
	if err := p.call(ctx, op, http.MethodGet, "/v1/refunds/"+url.PathEscape(q.RefundID), nil, nil, &a); err != nil {
		return nil, err
	}
	return convert(op, p.cfg.Name, a.refund)
}

// Balance implements payments.BalanceReader with GET
// /v1/balance?currency=.
func (p *HTTPProvider) Balance(ctx context.Context, q payments.BalanceQuery) (*payments.Balance, error) {
	const op = payments.OpBalance
	var a apiBalance
	if err := p.call(ctx, op, http.MethodGet, "/v1/balance", url.Values{"currency": {string(q.Currency)}}, nil, &a); err != nil {
		return nil, err
	}
	return convert(op, p.cfg.Name, a.balance)
}

// Withdraw implements payments.Withdrawer with POST /v1/payouts; only the
// card's number is sent.
func (p *HTTPProvider) Withdraw(ctx context.Context, req *payments.WithdrawalRequest) (*payments.Withdrawal, error) {
	const op = payments.OpWithdraw
	body := apiPayoutRequest{
		OrderID: req.OrderID, Amount: req.Amount.Format(), Currency: string(req.Amount.Currency),
		NotificationURL: req.NotificationURL,
	}
	if req.Card != nil {
		body.Card = &apiCard{Number: req.Card.Number}
	}
	var a apiPayout
	if err := p.call(ctx, op, http.MethodPost, "/v1/payouts", nil, body, &a); err != nil {
		return nil, err
	}
	return convert(op, p.cfg.Name, a.withdrawal)
}

// WithdrawalStatus implements payments.Withdrawer with GET
// /v1/payouts/{id}, or GET /v1/payouts?order_id= when q.ID is empty.
func (p *HTTPProvider) WithdrawalStatus(ctx context.Context, q payments.WithdrawalQuery) (*payments.Withdrawal, error) {
	const op = payments.OpWithdrawalStatus
	path, query := "/v1/payouts", url.Values{"order_id": {q.OrderID}}
	if q.ID != "" {
		path, query = "/v1/payouts/"+url.PathEscape(q.ID), nil
	}
	var a apiPayout
	if err := p.call(ctx, op, http.MethodGet, path, query, nil, &a); err != nil {
		return nil, err
	}
	return convert(op, p.cfg.Name, a.withdrawal)
}

// VerifyWebhook implements payments.WebhookVerifier for the fake's signed
// form (see [WebhookData]) with HTTPConfig.WebhookSecret.
func (p *HTTPProvider) VerifyWebhook(_ context.Context, r *http.Request) (*payments.Event, error) {
	return verifyWebhook(r, p.cfg.WebhookSecret, p.cfg.Name, p.cfg.MerchantID)
}

// call sends one API request and decodes a 2xx reply's JSON into out. A
// non-2xx reply becomes its error (replyError), a body that is not JSON a
// payments.ProtocolError.
func (p *HTTPProvider) call(ctx context.Context, op payments.Operation, method, path string, query url.Values, in, out any) error {
	u := p.cfg.BaseURL + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return &payments.Error{Op: op, Provider: p.cfg.Name, Kind: payments.ErrInvalidRequest, Message: "encoding the request", Err: err}
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return &payments.Error{Op: op, Provider: p.cfg.Name, Kind: payments.ErrInvalidRequest, Message: "building the request", Err: err}
	}
	req.Header.Set("Authorization", "Bearer "+p.cfg.APIKey)
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := payments.DoHTTP(ctx, p.client, req, op, 0)
	if err != nil {
		return p.named(err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return p.named(replyError(op, resp))
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return p.named(payments.ProtocolError(op, err))
	}
	return nil
}

// named fills in the provider's name on a *payments.Error made for this
// call, as the fake does in process.
func (p *HTTPProvider) named(err error) error { return withProvider(err, p.cfg.Name) }

func withProvider(err error, name string) error {
	var pe *payments.Error
	if errors.As(err, &pe) && pe.Provider == "" {
		pe.Provider = name
	}
	return err
}

// convert runs a reply's conversion and reports a reply that does not make
// sense as a protocol error of provider.
func convert[T any](op payments.Operation, provider string, fn func() (*T, error)) (*T, error) {
	v, err := fn()
	if err != nil {
		return nil, withProvider(payments.ProtocolError(op, err), provider)
	}
	return v, nil
}
