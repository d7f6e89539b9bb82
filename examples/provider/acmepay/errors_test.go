package acmepay_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
	"github.com/paykit/payments/examples/provider/acmepay"
)

// answer is one canned HTTP answer.
type answer struct {
	status int
	header http.Header
	body   string
}

// cannedTransport answers requests in order and records their paths.
type cannedTransport struct {
	answers []answer
	paths   []string
}

func (c *cannedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.paths = append(c.paths, r.Method+" "+r.URL.Path)
	if len(c.paths) > len(c.answers) {
		return nil, errors.New("unexpected request " + r.Method + " " + r.URL.Path)
	}
	a := c.answers[len(c.paths)-1]
	h := a.header
	if h == nil {
		h = http.Header{"Content-Type": {"application/json"}}
	}
	return &http.Response{StatusCode: a.status, Header: h, Body: io.NopCloser(strings.NewReader(a.body)), Request: r}, nil
}

const paidPayment = `{"id":"pay_1","order_id":"1002","status":"succeeded","amount":"10.00","currency":"RUB"}`

// TestErrorKinds: every answer Acme can give becomes the right kind, named
// with the provider and operation: refusals in a 200 body by their code,
// an unknown code by the exchange (a read's is a protocol error, a
// money-moving request's an unknown outcome), gateway statuses by
// Response.StatusError, and a fault in the read before a refund as a read.
func TestErrorKinds(t *testing.T) {
	t.Parallel()
	ten := payments.MustParseMoney("10.00", payments.RUB)
	status := func(p *acmepay.Provider) error {
		_, err := p.PaymentStatus(context.Background(), payments.PaymentQuery{OrderID: "1002"})
		return err
	}
	initPay := func(p *acmepay.Provider) error {
		_, err := p.InitPayment(context.Background(), &payments.InitRequest{OrderID: "1001", Amount: ten})
		return err
	}
	refund := func(p *acmepay.Provider) error {
		_, err := p.Refund(context.Background(), &payments.RefundRequest{OrderID: "1002", Reference: "r-1"})
		return err
	}
	tests := []struct {
		name      string
		call      func(*acmepay.Provider) error
		answers   []answer
		wantKind  error
		wantOp    payments.Operation
		wantCode  string
		wantPaths []string
	}{
		{"not found in a 200 body", status, []answer{{200, nil, `{"error":{"code":"not_found","message":"no payment"}}`}},
			payments.ErrNotFound, payments.OpPaymentStatus, "not_found", []string{"GET /v1/payments"}},
		{"unknown code of a read", status, []answer{{200, nil, `{"error":{"code":"brand_new","message":"?"}}`}},
			payments.ErrProtocol, payments.OpPaymentStatus, "brand_new", []string{"GET /v1/payments"}},
		{"unknown code of a payment", initPay, []answer{{200, nil, `{"error":{"code":"brand_new","message":"?"}}`}},
			payments.ErrOutcomeUnknown, payments.OpInitPayment, "brand_new", []string{"POST /v1/payments"}},
		{"declined in a 200 body", initPay, []answer{{200, nil, `{"error":{"code":"card_declined","message":"no"}}`}},
			payments.ErrDeclined, payments.OpInitPayment, "card_declined", []string{"POST /v1/payments"}},
		{"gateway 401 with Acme's error", status, []answer{{401, nil, `{"error":{"code":"invalid_api_key","message":"unknown API key"}}`}},
			payments.ErrUnauthorized, payments.OpPaymentStatus, "invalid_api_key", []string{"GET /v1/payments"}},
		{"unknown payment status", status, []answer{{200, nil, `{"id":"pay_1","order_id":"1002","status":"teleported","amount":"10.00","currency":"RUB"}`}},
			payments.ErrProtocol, payments.OpPaymentStatus, "", []string{"GET /v1/payments"}},
		{"pending payment without checkout page", initPay, []answer{{200, nil, `{"id":"pay_1","order_id":"1001","status":"pending","amount":"10.00","currency":"RUB"}`}},
			payments.ErrOutcomeUnknown, payments.OpInitPayment, "", []string{"POST /v1/payments"}},
		{"503 on the read before a refund", refund, []answer{{503, http.Header{}, "busy"}},
			payments.ErrUnavailable, payments.OpRefund, "", []string{"GET /v1/payments"}},
		{"insufficient funds in a 200 body", refund, []answer{{200, nil, paidPayment}, {200, nil, `{"error":{"code":"insufficient_funds","message":"balance too low"}}`}},
			payments.ErrInsufficientFunds, payments.OpRefund, "insufficient_funds", []string{"GET /v1/payments", "POST /v1/payments/pay_1/refunds"}},
		{"malformed answer to the refund", refund, []answer{{200, nil, paidPayment}, {200, nil, `{"id":`}},
			payments.ErrOutcomeUnknown, payments.OpRefund, "", []string{"GET /v1/payments", "POST /v1/payments/pay_1/refunds"}},
		{"503 on the refund", refund, []answer{{200, nil, paidPayment}, {503, http.Header{}, "busy"}},
			payments.ErrOutcomeUnknown, payments.OpRefund, "", []string{"GET /v1/payments", "POST /v1/payments/pay_1/refunds"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt := &cannedTransport{answers: tt.answers}
			err := tt.call(providerOn(t, rt))
			if !errors.Is(err, tt.wantKind) {
				t.Fatalf("error %v, want one wrapping %v", err, tt.wantKind)
			}
			var pe *payments.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is no *payments.Error", err)
			}
			got := []string{pe.Provider, string(pe.Op), pe.Code}
			if diff := cmp.Diff([]string{acmepay.Name, string(tt.wantOp), tt.wantCode}, got); diff != "" {
				t.Errorf("provider, op, code (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantPaths, rt.paths); diff != "" {
				t.Errorf("requests sent (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRetryAfter: a 429 keeps the wait Acme asked for, so that the Client
// honours it when it retries a read.
func TestRetryAfter(t *testing.T) {
	t.Parallel()
	rt := &cannedTransport{answers: []answer{{429, http.Header{"Retry-After": {"7"}}, `{"error":{"code":"rate_limited","message":"slow down"}}`}}}
	_, err := providerOn(t, rt).PaymentStatus(context.Background(), payments.PaymentQuery{PaymentID: "pay_1"})
	var pe *payments.Error
	if !errors.Is(err, payments.ErrRateLimited) || !errors.As(err, &pe) || pe.RetryAfter != 7*time.Second {
		t.Fatalf("error %v, want ErrRateLimited with RetryAfter 7s", err)
	}
	if diff := cmp.Diff([]string{"GET /v1/payments/pay_1"}, rt.paths); diff != "" {
		t.Errorf("requests sent (-want +got):\n%s", diff)
	}
}

// providerOn returns a provider sending through rt.
func providerOn(t testing.TB, rt http.RoundTripper) *acmepay.Provider {
	t.Helper()
	p, err := acmepay.New(acmepay.Config{APIKey: testAPIKey, WebhookSecret: testWebhookSecret, HTTPClient: &http.Client{Transport: rt}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}
