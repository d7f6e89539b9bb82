package clientsdk

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
	"github.com/paykit/payments"
)

// errorCase is one answer and the error it must become for a read
// (PaymentStatus) and for an operation that moves money (Withdraw).
type errorCase struct {
	name      string
	status    int
	header    http.Header
	body      string
	readKind  error
	moneyKind error
	code      string
	message   string
	fields    map[string][]string
}

var errorCases = []errorCase{
	{
		// HTTP 400 {code,message} as client_payment_sdk/client.py reads it; code and
		// text from the README's error example (github.com/Space-Around/client-payment-sdk-python).
		name: "400 code and message", status: 400, body: `{"code":"common","message":"invalid signature"}`,
		readKind: payments.ErrInvalidRequest, moneyKind: payments.ErrInvalidRequest,
		code: "common", message: "HTTP 400: invalid signature",
	},
	{
		// The sandbox's answer to a bad signature (sandbox package doc);
		// the real API may send the same code with a 400.
		name: "400 invalid_signature", status: 400, body: `{"code":"invalid_signature","message":"signature does not match"}`,
		readKind: payments.ErrUnauthorized, moneyKind: payments.ErrUnauthorized,
		code: "invalid_signature", message: "HTTP 400: signature does not match",
	},
	{
		name: "400 insufficient funds", status: 400, body: `{"code":"common","message":"insufficient funds"}`,
		readKind: payments.ErrInsufficientFunds, moneyKind: payments.ErrInsufficientFunds,
		code: "common", message: "HTTP 400: insufficient funds",
	},
	{
		name: "400 numeric code", status: 400, body: `{"code":17,"message":"bad"}`,
		readKind: payments.ErrInvalidRequest, moneyKind: payments.ErrInvalidRequest, code: "17", message: "HTTP 400: bad",
	},
	{
		// The Python SDK raises KeyError/JSONDecodeError here (client.py).
		name: "400 not JSON", status: 400, body: `<html>Bad Request</html>`,
		readKind: payments.ErrInvalidRequest, moneyKind: payments.ErrInvalidRequest, message: "HTTP 400",
	},
	{
		// HTTP 500 {message} as client_payment_sdk/client.py reads it.
		name: "500 message", status: 500, body: `{"message":"internal error"}`,
		readKind: payments.ErrUnavailable, moneyKind: payments.ErrOutcomeUnknown, message: "HTTP 500: internal error",
	},
	{
		name: "502 HTML", status: 502, body: `<html>Bad Gateway</html>`,
		readKind: payments.ErrUnavailable, moneyKind: payments.ErrOutcomeUnknown, message: "HTTP 502",
	},
	{
		name: "401", status: 401, body: ``,
		readKind: payments.ErrUnauthorized, moneyKind: payments.ErrUnauthorized, message: "HTTP 401",
	},
	{
		name: "404", status: 404, body: `{"message":"no route"}`,
		readKind: payments.ErrNotFound, moneyKind: payments.ErrNotFound, message: "HTTP 404: no route",
	},
	{
		name: "429", status: 429, body: ``,
		readKind: payments.ErrRateLimited, moneyKind: payments.ErrRateLimited, message: "HTTP 429",
	},
	{
		// Redirects are not followed (the PHP SDK sets allow_redirects false,
		// github.com/creater777/sbank SbankApi::prepareOptions);
		// a server may redirect after acting on a POST (issue 8 item 11).
		name: "302 redirect", status: 302, header: http.Header{"Location": {"https://elsewhere.example/"}}, body: ``,
		readKind: payments.ErrProtocol, moneyKind: payments.ErrOutcomeUnknown, message: "HTTP 302",
	},
	{
		// A success body under a 3xx status is not a success.
		name: "300 with a success body", status: 300, body: `{"status":"success","payment_status":"complete","withdrawal_request":{"id":1}}`,
		readKind: payments.ErrProtocol, moneyKind: payments.ErrOutcomeUnknown, message: "HTTP 300",
	},
	{
		name: "199 with a success body", status: 199, body: `{"status":"success","payment_status":"complete","withdrawal_request":{"id":1}}`,
		readKind: payments.ErrProtocol, moneyKind: payments.ErrOutcomeUnknown, message: "HTTP 199",
	},
	{
		// Card numbers the provider echoes never reach err.Error().
		name: "403 echoing a card number", status: 403, body: `{"code":"4111111111111111","message":"card 4111111111111111 refused"}`,
		readKind: payments.ErrUnauthorized, moneyKind: payments.ErrUnauthorized,
		code: "411111******1111", message: "HTTP 403: card 411111******1111 refused",
	},
	{
		name: "422 echoing a card number", status: 422, body: `{"message":"card 4111111111111111 is invalid"}`,
		readKind: payments.ErrInvalidRequest, moneyKind: payments.ErrInvalidRequest, message: "HTTP 422: card 411111******1111 is invalid",
	},
	{
		name: "500 echoing a card number", status: 500, body: `{"message":"failed for 4111111111111111"}`,
		readKind: payments.ErrUnavailable, moneyKind: payments.ErrOutcomeUnknown, message: "HTTP 500: failed for 411111******1111",
	},
	{
		name: "400 echoing a card number", status: 400, body: `{"code":"x","message":"card 4111111111111111 refused"}`,
		readKind: payments.ErrInvalidRequest, moneyKind: payments.ErrInvalidRequest, code: "x", message: "HTTP 400: card 411111******1111 refused",
	},
	{
		// The PHP tests' validation error (github.com/creater777/sbank tests/SbankApiTest.php).
		name: "200 field errors, not found", status: 200, body: `{"status":"error","field_errors":{"order":["Order does not exist"]}}`,
		readKind: payments.ErrNotFound, moneyKind: payments.ErrNotFound,
		fields: map[string][]string{"order": {"Order does not exist"}},
	},
	{
		name: "200 field errors, insufficient funds", status: 200, body: `{"status":"error","field_errors":{"amount":["Insufficient funds"]}}`,
		readKind: payments.ErrInsufficientFunds, moneyKind: payments.ErrInsufficientFunds,
		fields: map[string][]string{"amount": {"Insufficient funds"}},
	},
	{
		name: "200 field errors, duplicate order", status: 200, body: `{"status":"error","field_errors":{"order":["Order already exists"]}}`,
		readKind: payments.ErrDuplicate, moneyKind: payments.ErrDuplicate,
		fields: map[string][]string{"order": {"Order already exists"}},
	},
	{
		name: "200 field errors, other field does not exist", status: 200, body: `{"status":"error","field_errors":{"product_id":["Product does not exist"],"language":"Select a valid choice."}}`,
		readKind: payments.ErrInvalidRequest, moneyKind: payments.ErrInvalidRequest,
		fields: map[string][]string{"product_id": {"Product does not exist"}, "language": {"Select a valid choice."}},
	},
	{
		name: "200 field error echoing a card number", status: 200, body: `{"status":"error","field_errors":{"pan":["4111111111111111 is not accepted"]}}`,
		readKind: payments.ErrInvalidRequest, moneyKind: payments.ErrInvalidRequest,
		fields: map[string][]string{"pan": {"411111******1111 is not accepted"}},
	},
	{
		name: "200 status error without details", status: 200, body: `{"status":"error"}`,
		readKind: payments.ErrInvalidRequest, moneyKind: payments.ErrInvalidRequest, message: "the provider answered status error",
	},
	{
		// The Python SDK raises ParseResponseError (client_payment_sdk/client.py).
		name: "200 JSON without status", status: 200, body: `{"payment_status":"complete"}`,
		readKind: payments.ErrProtocol, moneyKind: payments.ErrOutcomeUnknown, message: "malformed response",
	},
	{
		// The Python SDK returns the text, then fails with TypeError (client.py).
		name: "200 not JSON", status: 200, header: http.Header{"Content-Type": {"text/html"}}, body: `<html>status</html>`,
		readKind: payments.ErrProtocol, moneyKind: payments.ErrOutcomeUnknown, message: "malformed response",
	},
	{
		name: "200 JSON array", status: 200, body: `[{"status":"success"}]`,
		readKind: payments.ErrProtocol, moneyKind: payments.ErrOutcomeUnknown, message: "malformed response",
	},
	{
		name: "200 truncated JSON", status: 200, body: `{"status":"succ`,
		readKind: payments.ErrProtocol, moneyKind: payments.ErrOutcomeUnknown, message: "malformed response",
	},
	{
		name: "200 status not a string", status: 200, body: `{"status":{"ok":true}}`,
		readKind: payments.ErrProtocol, moneyKind: payments.ErrOutcomeUnknown, message: "malformed response",
	},
}

func TestErrorShapes(t *testing.T) {
	t.Parallel()
	for _, tt := range errorCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, money := range []bool{false, true} {
				mt := httpmock.NewMockTransport()
				mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
					resp := httpmock.NewStringResponse(tt.status, tt.body)
					resp.Header = http.Header{"Content-Type": {"application/json"}}
					for k, v := range tt.header {
						resp.Header[k] = v
					}
					return resp, nil
				})
				p, err := New(testConfig(mt))
				if err != nil {
					t.Fatal(err)
				}
				op, want := payments.OpPaymentStatus, tt.readKind
				if money {
					op, want = payments.OpWithdraw, tt.moneyKind
					_, err = p.Withdraw(t.Context(), &payments.WithdrawalRequest{OrderID: "2001", Amount: rub("50"), Card: &payments.Card{Number: "4111111111111111"}})
				} else {
					_, err = p.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: "1002"})
				}
				if !errors.Is(err, want) {
					t.Fatalf("%s: err %v, want %v", op, err, want)
				}
				var pe *payments.Error
				if !errors.As(err, &pe) {
					t.Fatalf("%s: %T is not a *payments.Error", op, err)
				}
				if pe.Op != op || pe.Provider != providerName || pe.Code != tt.code || pe.Message != tt.message {
					t.Errorf("%s: error (op %q, provider %q, code %q, message %q), want (%q, %q, %q, %q)",
						op, pe.Op, pe.Provider, pe.Code, pe.Message, op, providerName, tt.code, tt.message)
				}
				if diff := cmp.Diff(tt.fields, pe.Fields); diff != "" {
					t.Errorf("%s: fields (-want +got):\n%s", op, diff)
				}
				if strings.Contains(err.Error(), "4111111111111111") {
					t.Errorf("%s: error %q shows the card number", op, err)
				}
				if n := mt.GetTotalCallCount(); n != 1 {
					t.Errorf("%s: sent %d times, want once (redirects not followed)", op, n)
				}
			}
		})
	}
}

func TestTransportErrors(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.NewErrorResponder(errors.New("connection reset by peer")))
	p, err := New(testConfig(mt))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: "1"}); !errors.Is(err, payments.ErrUnavailable) {
		t.Errorf("read: %v, want ErrUnavailable", err)
	}
	_, err = p.InitPayment(t.Context(), &payments.InitRequest{OrderID: "1", Amount: rub("10"), Card: testCard()})
	if !errors.Is(err, payments.ErrOutcomeUnknown) {
		t.Errorf("init: %v, want ErrOutcomeUnknown", err)
	}
	if strings.Contains(err.Error(), "4111111111111111") || strings.Contains(err.Error(), "cvc") {
		t.Errorf("error %q shows card data", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := p.PaymentStatus(ctx, payments.PaymentQuery{OrderID: "1"}); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v", err)
	}
}

func TestMaskPANs(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"card 4111111111111111 declined", "card 411111******1111 declined"},
		{"4111111111111111", "411111******1111"},
		{"order 1234567890123", "order 1234567890123"}, // fails Luhn: not a card
		{"4111111111111111,5555555555554444", "411111******1111,555555******4444"},
		{"short 12345", "short 12345"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := maskPANs(tt.in); got != tt.want {
			t.Errorf("maskPANs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := maskField("to_card", "4111111111111111"); got != "411111******1111" {
		t.Errorf("maskField(to_card) = %q", got)
	}
	if got := maskField("cvc", "123"); got != "***" {
		t.Errorf("maskField(cvc) = %q", got)
	}
}

// TestRetryAfterReachesTheClient: a 429 or 503 answer's Retry-After is kept
// on the error, so that the Client waits as long as the provider asked
// before retrying a read; other statuses carry none.
func TestRetryAfterReachesTheClient(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		status int
		header string
		want   time.Duration
	}{
		{"503 seconds", http.StatusServiceUnavailable, "7", 7 * time.Second},
		{"429 seconds", http.StatusTooManyRequests, "3", 3 * time.Second},
		{"503 without header", http.StatusServiceUnavailable, "", 0},
		{"500 ignores it", http.StatusInternalServerError, "7", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, mt := newTestProvider(t)
			mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
				resp := httpmock.NewStringResponse(tc.status, `{"message":"busy"}`)
				if tc.header != "" {
					resp.Header.Set("Retry-After", tc.header)
				}
				return resp, nil
			})
			_, err := p.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: "1"})
			var pe *payments.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *payments.Error", err)
			}
			if pe.RetryAfter != tc.want {
				t.Errorf("RetryAfter = %v, want %v (%v)", pe.RetryAfter, tc.want, err)
			}
		})
	}
}
