package paymentstest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

const mockBase = "https://fake.invalid"

// mockProvider returns an HTTPProvider whose requests go to a fresh
// httpmock transport, never to the network.
func mockProvider(t *testing.T) (*paymentstest.HTTPProvider, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	return newHTTPProvider(t, mockBase, &http.Client{Transport: mt}), mt
}

// TestHTTPMalformedReplies checks what the HTTPProvider makes of replies the
// fake never sends: reads end in ErrProtocol or ErrUnavailable, operations
// that move money in ErrOutcomeUnknown, 4xx in their category.
func TestHTTPMalformedReplies(t *testing.T) {
	t.Parallel()
	const okPayment = `{"order_id":"1001","id":"pay_1","status":"pending","amount":"10.00","currency":"RUB"}`
	tests := []struct {
		name       string
		status     int
		body       string
		readKind   error // of PaymentStatus; nil means success
		moveKind   error // of InitPayment
		wantStatus payments.Status
	}{
		{"not JSON", 200, "<html>hello</html>", payments.ErrProtocol, payments.ErrOutcomeUnknown, ""},
		{"truncated JSON", 200, okPayment[:30], payments.ErrProtocol, payments.ErrOutcomeUnknown, ""},
		{"empty body", 200, "", payments.ErrProtocol, payments.ErrOutcomeUnknown, ""},
		{"null", 200, "null", payments.ErrProtocol, payments.ErrOutcomeUnknown, ""},
		{"array", 200, "[]", payments.ErrProtocol, payments.ErrOutcomeUnknown, ""},
		{"unknown status", 200, strings.Replace(okPayment, "pending", "paid", 1), payments.ErrProtocol, payments.ErrOutcomeUnknown, ""},
		{"amount as number", 200, strings.Replace(okPayment, `"10.00"`, `10.00`, 1), payments.ErrProtocol, payments.ErrOutcomeUnknown, ""},
		{"malformed amount", 200, strings.Replace(okPayment, `"10.00"`, `"1e1"`, 1), payments.ErrProtocol, payments.ErrOutcomeUnknown, ""},
		{"unknown currency", 200, strings.Replace(okPayment, `"RUB"`, `"XYZ"`, 1), payments.ErrProtocol, payments.ErrOutcomeUnknown, ""},
		{"no order id", 200, strings.Replace(okPayment, `"order_id":"1001",`, ``, 1), payments.ErrProtocol, payments.ErrOutcomeUnknown, ""},
		{"unknown next step", 200, strings.Replace(okPayment, `}`, `,"next_step":{"kind":"teleport","url":"x"}}`, 1), payments.ErrProtocol, payments.ErrOutcomeUnknown, ""},
		{"unknown keys are ignored", 200, strings.Replace(okPayment, `{`, `{"color":"blue","nested":{"a":[1,2]},`, 1), nil, nil, payments.StatusPending},
		{"502 from a proxy", 502, "<html>Bad Gateway</html>", payments.ErrUnavailable, payments.ErrOutcomeUnknown, ""},
		{"500 with an error body", 500, `{"error":{"code":"declined","message":"x"}}`, payments.ErrUnavailable, payments.ErrOutcomeUnknown, ""},
		{"404 without a body", 404, "", payments.ErrNotFound, payments.ErrNotFound, ""},
		// A status that may follow processing (an unknown 4xx code, a
		// redirect after a POST) is outcome unknown for what moves money.
		{"402 with an unknown code", 402, `{"error":{"code":"mystery","message":"?"}}`, payments.ErrProtocol, payments.ErrOutcomeUnknown, ""},
		{"402 declined", 402, `{"error":{"code":"declined","reason":"stolen_card","message":"no"}}`, payments.ErrDeclined, payments.ErrDeclined, ""},
		{"400 error body not JSON", 400, "bad", payments.ErrInvalidRequest, payments.ErrInvalidRequest, ""},
		{"302 redirect", 302, "", payments.ErrProtocol, payments.ErrOutcomeUnknown, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, mt := mockProvider(t)
			responder := httpmock.NewStringResponder(tt.status, tt.body).HeaderSet(http.Header{"Content-Type": {"application/json"}, "Location": {"https://elsewhere.invalid/"}})
			mt.RegisterResponder(http.MethodGet, mockBase+"/v1/payments/1001", responder)
			mt.RegisterResponder(http.MethodPost, mockBase+"/v1/payments", responder)

			got, err := p.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: "1001"})
			checkKind(t, "PaymentStatus", err, tt.readKind)
			if tt.readKind == nil && got.Status != tt.wantStatus {
				t.Errorf("status %s, want %s", got.Status, tt.wantStatus)
			}
			_, err = p.InitPayment(t.Context(), initReq("1001", "10.00"))
			checkKind(t, "InitPayment", err, tt.moveKind)
			if n := mt.GetTotalCallCount(); n != 2 {
				t.Errorf("%d requests, want 2 (nothing is resent)", n)
			}
		})
	}
}

func checkKind(t *testing.T, what string, err, kind error) {
	t.Helper()
	if kind == nil {
		if err != nil {
			t.Errorf("%s: %v, want success", what, err)
		}
		return
	}
	if !errors.Is(err, kind) {
		t.Errorf("%s: %v, want an error wrapping %v", what, err, kind)
	}
}

func TestHTTPTransportFaults(t *testing.T) {
	t.Parallel()
	p, mt := mockProvider(t)
	mt.RegisterResponder(http.MethodGet, mockBase+"/v1/balance", httpmock.NewErrorResponder(io.ErrUnexpectedEOF))
	mt.RegisterResponder(http.MethodPost, mockBase+"/v1/payouts", httpmock.NewErrorResponder(io.ErrUnexpectedEOF))
	_, err := p.Balance(t.Context(), payments.BalanceQuery{Currency: payments.RUB})
	wantKind(t, err, payments.ErrUnavailable)
	_, err = p.Withdraw(t.Context(), &payments.WithdrawalRequest{OrderID: "2001", Amount: rub("50.00"), Card: card()})
	wantKind(t, err, payments.ErrOutcomeUnknown)

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = p.Balance(ctx, payments.BalanceQuery{Currency: payments.RUB})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v, want context.Canceled", err)
	}
}

// TestHTTPRequests checks the requests the HTTPProvider sends: method,
// path, query, Authorization, and JSON bodies as documented on
// Fake.Handler. Card data travels only in POST bodies.
func TestHTTPRequests(t *testing.T) {
	t.Parallel()
	payment := `{"order_id":"1010","id":"pay_1","status":"succeeded","amount":"10.00","currency":"RUB"}`
	payout := `{"id":"wd_1","order_id":"2001","status":"processing","amount":"50.00","currency":"RUB"}`
	refund := `{"id":"ref_1","order_id":"1002","status":"succeeded","amount":"4.00","currency":"RUB"}`
	tests := []struct {
		name     string
		call     func(context.Context, *paymentstest.HTTPProvider) error
		method   string
		url      string
		body     string // JSON; "" means no body
		response string
	}{
		{
			name: "init card",
			call: func(ctx context.Context, p *paymentstest.HTTPProvider) error {
				_, err := p.InitPayment(ctx, &payments.InitRequest{OrderID: "1010", Amount: rub("10.00"), Description: "Order 1010",
					Card: card(), Browser: browser(), Metadata: map[string]string{"cart": "42"}})
				return err
			},
			method: "POST", url: "/v1/payments", response: payment,
			body: `{"order_id":"1010","amount":"10.00","currency":"RUB","description":"Order 1010","metadata":{"cart":"42"},
				"card":{"number":"4111111111111111","exp_month":12,"exp_year":2030,"cvc":"123","holder":"IVAN IVANOV"},
				"browser":{"ip":"203.0.113.7","accept_header":"text/html","java_enabled":false,"language":"ru-RU","color_depth":24,
				"screen_height":1080,"screen_width":1920,"tz_offset_minutes":-180,"user_agent":"Mozilla/5.0","challenge_window_size":"02"}}`,
		},
		{
			name: "status", method: "GET", url: "/v1/payments/1010", response: payment,
			call: func(ctx context.Context, p *paymentstest.HTTPProvider) error {
				_, err := p.PaymentStatus(ctx, payments.PaymentQuery{OrderID: "1010"})
				return err
			},
		},
		{
			name: "full refund", method: "POST", url: "/v1/refunds", body: `{"order_id":"1002"}`, response: refund,
			call: func(ctx context.Context, p *paymentstest.HTTPProvider) error {
				_, err := p.Refund(ctx, &payments.RefundRequest{OrderID: "1002"})
				return err
			},
		},
		{
			name: "partial refund", method: "POST", url: "/v1/refunds", response: refund,
			body: `{"order_id":"1002","amount":"4.00","currency":"RUB","reason":"broken"}`,
			call: func(ctx context.Context, p *paymentstest.HTTPProvider) error {
				_, err := p.Refund(ctx, &payments.RefundRequest{OrderID: "1002", Amount: ptr(rub("4.00")), Reason: "broken"})
				return err
			},
		},
		{
			name: "refund status", method: "GET", url: "/v1/refunds/ref_1", response: refund,
			call: func(ctx context.Context, p *paymentstest.HTTPProvider) error {
				_, err := p.RefundStatus(ctx, payments.RefundQuery{RefundID: "ref_1"})
				return err
			},
		},
		{
			name: "balance", method: "GET", url: "/v1/balance?currency=EUR", response: `{"currency":"EUR","available":"0.00"}`,
			call: func(ctx context.Context, p *paymentstest.HTTPProvider) error {
				_, err := p.Balance(ctx, payments.BalanceQuery{Currency: payments.EUR})
				return err
			},
		},
		{
			name: "withdraw sends only the card number", method: "POST", url: "/v1/payouts", response: payout,
			body: `{"order_id":"2001","amount":"50.00","currency":"RUB","card":{"number":"4111111111111111"}}`,
			call: func(ctx context.Context, p *paymentstest.HTTPProvider) error {
				_, err := p.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "2001", Amount: rub("50.00"), Card: card()})
				return err
			},
		},
		{
			name: "payout by id", method: "GET", url: "/v1/payouts/wd_1", response: payout,
			call: func(ctx context.Context, p *paymentstest.HTTPProvider) error {
				_, err := p.WithdrawalStatus(ctx, payments.WithdrawalQuery{ID: "wd_1"})
				return err
			},
		},
		{
			name: "payout by order", method: "GET", url: "/v1/payouts?order_id=2001", response: payout,
			call: func(ctx context.Context, p *paymentstest.HTTPProvider) error {
				_, err := p.WithdrawalStatus(ctx, payments.WithdrawalQuery{OrderID: "2001"})
				return err
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, mt := mockProvider(t)
			var seen *http.Request
			var body []byte
			mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
				seen = r
				if r.Body != nil {
					body, _ = io.ReadAll(r.Body)
				}
				return httpmock.NewStringResponse(200, tt.response), nil
			})
			if err := tt.call(t.Context(), p); err != nil {
				t.Fatal(err)
			}
			if seen == nil {
				t.Fatal("no request was sent")
			}
			if got := seen.Method + " " + seen.URL.RequestURI(); got != tt.method+" "+tt.url {
				t.Errorf("request %q, want %q", got, tt.method+" "+tt.url)
			}
			if got := seen.Header.Get("Authorization"); got != "Bearer fake-api-key" {
				t.Errorf("Authorization %q", got)
			}
			if strings.Contains(seen.URL.String(), testCard) {
				t.Errorf("card number in the URL %s", seen.URL)
			}
			if tt.body == "" {
				if len(body) != 0 {
					t.Errorf("unexpected body %s", body)
				}
				return
			}
			if ct := seen.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			var want, got any
			if err := json.Unmarshal([]byte(tt.body), &want); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatalf("body %s: %v", body, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}
