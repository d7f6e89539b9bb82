package main

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/paykit/payments"
	"github.com/paykit/payments/providers"
)

// TestRetryProgress checks that a read the provider keeps refusing with
// 503 is retried with "retrying…" lines on standard error and ends with
// exit code 4.
func TestRetryProgress(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Error(w, `{"message":"maintenance"}`, http.StatusServiceUnavailable)
	}))
	t.Cleanup(srv.Close)
	env := map[string]string{
		"PAYMENTS_PROVIDER":            "clientsdk",
		"CLIENTSDK_BASE_URL":           srv.URL,
		"CLIENTSDK_MERCHANT_ID":        "13",
		"CLIENTSDK_PRODUCT_ID":         "15",
		"CLIENTSDK_SECRET":             testCSSecret,
		"CLIENTSDK_NOTIFICATION_PATH":  "/webhooks",
		"PAYMENTS_RETRY_MAX_ATTEMPTS":  "3",
		"PAYMENTS_RETRY_INITIAL_DELAY": "1ms",
	}
	tl := newTool(t, env)
	r := tl.run("status", "-order", "1001")
	wantCode(t, r, exitUnavailable)
	if n := hits.Load(); n != 3 {
		t.Errorf("%d requests, want 3 tries", n)
	}
	for _, want := range []string{"answered 503 Service Unavailable, retrying… (attempt 2)", "(attempt 3)", "could not be reached"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}

	// With -v every exchange is listed, by method and path only.
	r = tl.run("balance", "-v")
	wantCode(t, r, exitUnavailable)
	if !strings.Contains(r.stderr, "payments: GET /balance: 503 Service Unavailable") || !strings.Contains(r.stderr, "level=WARN") {
		t.Errorf("verbose stderr:\n%s", r.stderr)
	}

	// What moves money is never retried.
	hits.Store(0)
	r = tl.run("-json", "link", "-order", "1002", "-amount", "10.00")
	if n := hits.Load(); n != 1 {
		t.Errorf("payment sent %d times", n)
	}
	if r.code == exitOK || strings.Contains(r.stderr, "retrying") {
		t.Errorf("a payment was retried or succeeded: %d\n%s", r.code, r.stderr)
	}
}

// TestUnreachable checks exit code 4 for a provider that cannot be reached.
func TestUnreachable(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	tl := newTool(t, map[string]string{
		"PAYMENTS_PROVIDER":            "clientsdk",
		"CLIENTSDK_BASE_URL":           url,
		"CLIENTSDK_MERCHANT_ID":        "13",
		"CLIENTSDK_PRODUCT_ID":         "15",
		"CLIENTSDK_SECRET":             testCSSecret,
		"CLIENTSDK_NOTIFICATION_PATH":  "/webhooks",
		"PAYMENTS_RETRY_INITIAL_DELAY": "1ms",
	})
	r := tl.run("-json", "balance")
	wantCode(t, r, exitUnavailable)
	if e := decode[errorJSON](t, r); e.Error.Kind != kindUnavailable {
		t.Errorf("kind %q, want %q", e.Error.Kind, kindUnavailable)
	}
}

// TestProgressTransport checks the retry line against a mock transport: a
// failed exchange followed by the same one is announced, a new one is not,
// and attempts count again from the first after a success.
func TestProgressTransport(t *testing.T) {
	t.Parallel()
	mock := httpmock.NewMockTransport()
	n := 0
	mock.RegisterResponder("GET", "https://api.example/status", func(*http.Request) (*http.Response, error) {
		n++
		if n == 1 || n == 4 {
			return httpmock.NewStringResponse(http.StatusTooManyRequests, "slow down"), nil
		}
		return httpmock.NewStringResponse(http.StatusOK, "ok"), nil
	})
	mock.RegisterResponder("GET", "https://api.example/other", httpmock.NewErrorResponder(errors.New("connection reset")))
	var out bytes.Buffer
	c := &http.Client{Transport: newProgressTransport(mock, &out, false)}
	for _, u := range []string{"https://api.example/status?sig=secret", "https://api.example/status?sig=secret", "https://api.example/other", "https://api.example/status", "https://api.example/status", "https://api.example/status"} {
		resp, err := c.Get(u)
		if err == nil {
			resp.Body.Close()
		}
	}
	want := strings.Repeat("payments: GET /status answered 429 Too Many Requests, retrying… (attempt 2)\n", 2)
	if out.String() != want {
		t.Errorf("progress:\n%q\nwant\n%q", out.String(), want)
	}
}

// TestClassify maps every error category onto its kind and exit code.
func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		kind string
		exit int
	}{
		{payments.NewError(payments.ErrDeclined, "51", "insufficient funds"), kindDeclined, exitFailed},
		{payments.NewError(payments.ErrNotFound, "3", ""), kindNotFound, exitFailed},
		{payments.NewError(payments.ErrInsufficientFunds, "", ""), kindInsufficient, exitFailed},
		{payments.NewError(payments.ErrDuplicate, "", ""), kindDuplicate, exitFailed},
		{payments.NewError(payments.ErrAmountMismatch, "", ""), kindAmountMismatch, exitFailed},
		{payments.NewError(payments.ErrInvalidState, "", ""), kindInvalidState, exitFailed},
		{payments.NewError(payments.ErrInvalidRequest, "", ""), kindInvalidRequest, exitUsage},
		{payments.NewError(payments.ErrUnauthorized, "", ""), kindUnauthorized, exitUsage},
		{&payments.Error{Kind: payments.ErrUnsupported}, kindUnsupported, exitUsage},
		{payments.NewError(payments.ErrOutcomeUnknown, "", ""), kindOutcomeUnknown, exitUnknown},
		{payments.NewError(payments.ErrUnavailable, "", ""), kindUnavailable, exitUnavailable},
		{payments.NewError(payments.ErrRateLimited, "", ""), kindRateLimited, exitUnavailable},
		{payments.NewError(payments.ErrProtocol, "", ""), kindProtocol, exitUnavailable},
		{payments.NewError(payments.ErrInvalidSignature, "", ""), kindInvalidSignature, exitWebhook},
		{&providers.ConfigError{Field: "password1", Reason: "is required"}, kindConfig, exitUsage},
		{usagef("bad"), kindUsage, exitUsage},
		{fmt.Errorf("wrapped: %w", payments.NewError(payments.ErrOutcomeUnknown, "", "")), kindOutcomeUnknown, exitUnknown},
		{errors.New("something else"), kindError, exitFailed},
	}
	for _, tt := range tests {
		t.Run(tt.err.Error(), func(t *testing.T) {
			t.Parallel()
			kind, exit := classify(tt.err)
			if kind != tt.kind || exit != tt.exit {
				t.Errorf("classify = %q, %d; want %q, %d", kind, exit, tt.kind, tt.exit)
			}
		})
	}
}
