package paymentstest_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

// TestHTTPProviderTimeout: without an HTTPClient, every request is bounded
// by HTTPConfig.Timeout, so a server that never answers cannot hang the
// app. (The default, DefaultTimeout, is checked in
// TestHTTPProviderDefaultTimeout.)
func TestHTTPProviderTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	p, err := paymentstest.NewHTTPProvider(paymentstest.HTTPConfig{
		BaseURL: srv.URL, APIKey: paymentstest.DefaultAPIKey, WebhookSecret: "whsec-test", Timeout: 50 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := p.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: "1001"})
		done <- err
	}()
	select {
	case err := <-done:
		wantKind(t, err, payments.ErrUnavailable)
	case <-time.After(10 * time.Second):
		t.Fatal("PaymentStatus still waits for a server that never answers")
	}
}

func TestHTTPConfigNegativeTimeout(t *testing.T) {
	t.Parallel()
	_, err := paymentstest.NewHTTPProvider(paymentstest.HTTPConfig{
		BaseURL: "https://fake.example", APIKey: "k", WebhookSecret: "s", Timeout: -time.Second,
	})
	wantKind(t, err, payments.ErrInvalidRequest)
}

// TestHTTPRetryAfter: a 429 or 503 keeps the server's Retry-After in
// payments.Error.RetryAfter, whether its body is the API's error or not, so
// that the Client waits as asked before retrying a read.
func TestHTTPRetryAfter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		header string
		want   time.Duration
	}{
		{"429 rate_limited", 429, `{"error":{"code":"rate_limited","message":"slow down"}}`, "7", 7 * time.Second},
		{"503 unavailable", 503, `{"error":{"code":"unavailable","message":"maintenance"}}`, "2", 2 * time.Second},
		{"503 from a proxy", 503, "<html>busy</html>", "3", 3 * time.Second},
		{"503 without Retry-After", 503, "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, mt := mockProvider(t)
			h := http.Header{"Content-Type": {"application/json"}}
			if tt.header != "" {
				h.Set("Retry-After", tt.header)
			}
			mt.RegisterResponder(http.MethodGet, mockBase+"/v1/balance", httpmock.NewStringResponder(tt.status, tt.body).HeaderSet(h))
			_, err := p.Balance(t.Context(), payments.BalanceQuery{Currency: payments.RUB})
			var pe *payments.Error
			if !errors.As(err, &pe) {
				t.Fatalf("Balance: %v, want a *payments.Error", err)
			}
			if pe.RetryAfter != tt.want {
				t.Errorf("RetryAfter = %v, want %v (error %v)", pe.RetryAfter, tt.want, err)
			}
		})
	}
}
