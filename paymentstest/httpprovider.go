package paymentstest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
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
// payments.Withdrawer, payments.WebhookVerifier, payments.Capturer,
// payments.Canceler, payments.Charger and payments.ReceiptSender, and is
// safe for concurrent use.
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

// MerchantAccount implements payments.AccountNamer: the configured
// MerchantID.
func (p *HTTPProvider) MerchantAccount() string { return p.cfg.MerchantID }

// Capabilities implements payments.Provider; they are those of [Fake].
func (p *HTTPProvider) Capabilities() payments.Capabilities { return capabilities(p.cfg.Currencies) }

// String implements fmt.Stringer without secrets.
func (p *HTTPProvider) String() string { return fmt.Sprintf("paymentstest.HTTPProvider{%+v}", p.cfg) }

// GoString implements fmt.GoStringer without secrets.
func (p *HTTPProvider) GoString() string { return p.String() }

// LogValue implements slog.LogValuer without secrets.
func (p *HTTPProvider) LogValue() slog.Value { return slog.AnyValue(p.cfg) }

// InitPayment implements payments.Provider with POST /v1/payments.
func (p *HTTPProvider) InitPayment(ctx context.Context, req *payments.InitRequest) (*payments.Payment, error) {
	ex := providerkit.Moving(payments.OpInitPayment)
	var a apiPayment
	if err := p.call(ctx, ex, http.MethodPost, "/v1/payments", nil, toAPIInit(req), &a); err != nil {
		return nil, err
	}
	return convert(ex, p.cfg.Name, a.payment)
}

// PaymentStatus implements payments.Provider with GET
// /v1/payments/{order_id} when q.OrderID is set, otherwise GET
// /v1/payments?id={payment_id}.
func (p *HTTPProvider) PaymentStatus(ctx context.Context, q payments.PaymentQuery) (*payments.Payment, error) {
	ex := providerkit.Read(payments.OpPaymentStatus)
	var a apiPayment
	path, query := "/v1/payments/"+url.PathEscape(q.OrderID), url.Values(nil)
	if q.OrderID == "" {
		path, query = "/v1/payments", url.Values{"id": {q.PaymentID}}
	}
	if err := p.call(ctx, ex, http.MethodGet, path, query, nil, &a); err != nil {
		return nil, err
	}
	return convert(ex, p.cfg.Name, a.payment)
}

// Refund implements payments.Refunder with POST /v1/refunds.
func (p *HTTPProvider) Refund(ctx context.Context, req *payments.RefundRequest) (*payments.Refund, error) {
	ex := providerkit.Moving(payments.OpRefund)
	var a apiRefund
	if err := p.call(ctx, ex, http.MethodPost, "/v1/refunds", nil, toAPIRefundRequest(req), &a); err != nil {
		return nil, err
	}
	return convert(ex, p.cfg.Name, a.refund)
}

// RefundStatus implements payments.Refunder with GET /v1/refunds/{id}
// (with ?order_id= when q.OrderID is set too) when q.RefundID is set,
// otherwise GET /v1/refunds?order_id={order_id}&reference={reference}.
func (p *HTTPProvider) RefundStatus(ctx context.Context, q payments.RefundQuery) (*payments.Refund, error) {
	ex := providerkit.Read(payments.OpRefundStatus)
	var a apiRefund
	path, query := "/v1/refunds/"+url.PathEscape(q.RefundID), url.Values(nil)
	switch {
	case q.RefundID == "":
		path, query = "/v1/refunds", url.Values{"order_id": {q.OrderID}, "reference": {q.Reference}}
	case q.OrderID != "":
		query = url.Values{"order_id": {q.OrderID}}
	}
	if err := p.call(ctx, ex, http.MethodGet, path, query, nil, &a); err != nil {
		return nil, err
	}
	return convert(ex, p.cfg.Name, a.refund)
}

// Balance implements payments.BalanceReader with GET
// /v1/balance?currency=.
func (p *HTTPProvider) Balance(ctx context.Context, q payments.BalanceQuery) (*payments.Balance, error) {
	ex := providerkit.Read(payments.OpBalance)
	var a apiBalance
	if err := p.call(ctx, ex, http.MethodGet, "/v1/balance", url.Values{"currency": {string(q.Currency)}}, nil, &a); err != nil {
		return nil, err
	}
	return convert(ex, p.cfg.Name, a.balance)
}

// Withdraw implements payments.Withdrawer with POST /v1/payouts; only the
// card's number is sent.
func (p *HTTPProvider) Withdraw(ctx context.Context, req *payments.WithdrawalRequest) (*payments.Withdrawal, error) {
	ex := providerkit.Moving(payments.OpWithdraw)
	body := apiPayoutRequest{
		OrderID: req.OrderID, Amount: req.Amount.Format(), Currency: string(req.Amount.Currency),
		NotificationURL: req.NotificationURL, Metadata: req.Metadata,
	}
	if req.Card != nil {
		body.Card = &apiCard{Number: req.Card.Number}
	}
	var a apiPayout
	if err := p.call(ctx, ex, http.MethodPost, "/v1/payouts", nil, body, &a); err != nil {
		return nil, err
	}
	return convert(ex, p.cfg.Name, a.withdrawal)
}

// WithdrawalStatus implements payments.Withdrawer with GET
// /v1/payouts/{id}, or GET /v1/payouts?order_id= when q.ID is empty.
func (p *HTTPProvider) WithdrawalStatus(ctx context.Context, q payments.WithdrawalQuery) (*payments.Withdrawal, error) {
	ex := providerkit.Read(payments.OpWithdrawalStatus)
	path, query := "/v1/payouts", url.Values{"order_id": {q.OrderID}}
	if q.ID != "" {
		path, query = "/v1/payouts/"+url.PathEscape(q.ID), nil
	}
	var a apiPayout
	if err := p.call(ctx, ex, http.MethodGet, path, query, nil, &a); err != nil {
		return nil, err
	}
	return convert(ex, p.cfg.Name, a.withdrawal)
}

// VerifyWebhook implements payments.WebhookVerifier for the fake's signed
// form (see [WebhookData]) with HTTPConfig.WebhookSecret.
func (p *HTTPProvider) VerifyWebhook(_ context.Context, r *http.Request) (*payments.Event, error) {
	return verifyWebhook(r, p.cfg.WebhookSecret.Reveal(), p.cfg.Name, p.cfg.MerchantID)
}

// call sends one API request, the exchange ex, and decodes a 2xx reply's
// JSON into out. A non-2xx reply becomes its error (replyError), a body
// that is not JSON a providerkit.ProtocolError.
func (p *HTTPProvider) call(ctx context.Context, ex providerkit.Exchange, method, path string, query url.Values, in, out any) error {
	op := ex.Op
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
	req.Header.Set("Authorization", "Bearer "+p.cfg.APIKey.Reveal())
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := providerkit.Do(ctx, p.client, req, ex)
	if err != nil {
		return providerkit.Stamp(p.cfg.Name, op, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return providerkit.Stamp(p.cfg.Name, op, replyError(ex, resp))
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return providerkit.Stamp(p.cfg.Name, op, providerkit.ProtocolError(ex, err))
	}
	return nil
}

// convert runs a reply's conversion and reports a reply that does not make
// sense as a protocol error of ex, named for provider.
func convert[T any](ex providerkit.Exchange, provider string, fn func() (*T, error)) (*T, error) {
	v, err := fn()
	if err != nil {
		return nil, providerkit.Stamp(provider, ex.Op, providerkit.ProtocolError(ex, err))
	}
	return v, nil
}
