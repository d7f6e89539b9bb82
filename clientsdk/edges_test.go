package clientsdk

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
)

// TestProtocolErrorReasons checks the reason given for malformed answers,
// which tells an operator what the provider sent.
func TestProtocolErrorReasons(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, path, body, reason string
		call                     func(p *Provider) error
	}{
		{"empty balance", "/balance", `{"status":"success","balance":""}`, `no "balance"`,
			func(p *Provider) error {
				_, err := p.Balance(t.Context(), payments.BalanceQuery{Currency: payments.RUB})
				return err
			}},
		{"null balance", "/balance", `{"status":"success","balance":null}`, `no "balance"`,
			func(p *Provider) error {
				_, err := p.Balance(t.Context(), payments.BalanceQuery{Currency: payments.RUB})
				return err
			}},
		{"no withdrawal_request", "/withdrawal_request", `{"status":"success"}`, `no "withdrawal_request"`,
			func(p *Provider) error {
				_, err := p.WithdrawalStatus(t.Context(), payments.WithdrawalQuery{OrderID: "1"})
				return err
			}},
		{"null withdrawal_request", "/withdrawal_request", `{"status":"success","withdrawal_request":null}`, `no "withdrawal_request"`,
			func(p *Provider) error {
				_, err := p.WithdrawalStatus(t.Context(), payments.WithdrawalQuery{OrderID: "1"})
				return err
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, mt := newTestProvider(t)
			respond(mt, "GET", tt.path, nil, 200, tt.body)
			err := tt.call(p)
			if !errors.Is(err, payments.ErrProtocol) || !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("err %v, want ErrProtocol saying %s", err, tt.reason)
			}
		})
	}
}

// TestSuccessStatuses checks that every 2xx answer is read as an answer,
// 299 included.
func TestSuccessStatuses(t *testing.T) {
	t.Parallel()
	for _, status := range []int{200, 201, 299} {
		p, mt := newTestProvider(t)
		respond(mt, "GET", "/status", nil, status, `{"status":"success","payment_status":"complete","amount":"10.0000"}`)
		pay, err := p.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: "1"})
		if err != nil || pay.Status != payments.StatusSucceeded {
			t.Errorf("HTTP %d: %+v, %v", status, pay, err)
		}
	}
}

// TestOptionalAmounts checks that an amount the provider leaves out, sends
// empty or null is no amount rather than a malformed answer.
func TestOptionalAmounts(t *testing.T) {
	t.Parallel()
	for _, amount := range []string{``, `,"amount":""`, `,"amount":null`, `,"customer_fee":""`} {
		p, mt := newTestProvider(t)
		respond(mt, "GET", "/status", nil, 200, `{"status":"success","payment_status":"pending"`+amount+`}`)
		pay, err := p.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: "1"})
		if err != nil || !pay.Amount.Amount.IsZero() || pay.Amount.Currency != "" {
			t.Errorf("amount %q: %+v, %v", amount, pay, err)
		}
		respond(mt, "GET", "/withdrawal_request", nil, 200, `{"status":"success","withdrawal_request":{"id":1`+amount+`}}`)
		w, err := p.WithdrawalStatus(t.Context(), payments.WithdrawalQuery{ID: "1"})
		if err != nil || !w.Amount.Amount.IsZero() {
			t.Errorf("payout amount %q: %+v, %v", amount, w, err)
		}
	}
}

// TestHTTP400Bodies checks the error of a 400 whose body has field errors
// only, or nothing useful.
func TestHTTP400Bodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		body    string
		message string
		fields  map[string][]string
	}{
		{`{"field_errors":{"order":["bad"]}}`, "HTTP 400", map[string][]string{"order": {"bad"}}},
		{`{}`, "HTTP 400", nil},
		{`{"field_errors":{}}`, "HTTP 400", nil},
		{`{"message":"bad","field_errors":{"order":["worse"]}}`, "HTTP 400: bad", map[string][]string{"order": {"worse"}}},
	}
	for _, tt := range tests {
		p, mt := newTestProvider(t)
		respond(mt, "GET", "/status", nil, 400, tt.body)
		_, err := p.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: "1"})
		var pe *payments.Error
		if !errors.As(err, &pe) || !errors.Is(err, payments.ErrInvalidRequest) || pe.Message != tt.message {
			t.Errorf("%s: err %v, want ErrInvalidRequest %q", tt.body, err, tt.message)
			continue
		}
		if diff := cmp.Diff(tt.fields, pe.Fields); diff != "" {
			t.Errorf("%s: fields (-want +got):\n%s", tt.body, diff)
		}
	}
	// A 200 status error with an empty field_errors object has no fields.
	p, mt := newTestProvider(t)
	respond(mt, "GET", "/status", nil, 200, `{"status":"error","field_errors":{}}`)
	_, err := p.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: "1"})
	var pe *payments.Error
	if !errors.As(err, &pe) || pe.Fields != nil || pe.Message != "the provider answered status error" {
		t.Errorf("err %#v, want no fields and the generic message", err)
	}
}

// TestRedirectFallsBackToURL checks that an empty payment_redirect_url
// leaves the next step to url.
func TestRedirectFallsBackToURL(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"status":"redirect","payment_redirect_url":"","url":"https://pay.example/1"}`,
		`{"status":"redirect","payment_redirect_url":null,"url":"https://pay.example/1"}`,
	} {
		p, mt := newTestProvider(t)
		respond(mt, "POST", "/init", nil, 200, body)
		pay, err := p.InitPayment(t.Context(), &payments.InitRequest{OrderID: "1", Amount: rub("10")})
		want := payments.NextStep{Kind: payments.NextRedirect, URL: "https://pay.example/1"}
		if err != nil || pay.NextStep.Kind != want.Kind || pay.NextStep.URL != want.URL {
			t.Errorf("%s: %+v, %v", body, pay, err)
		}
	}
}

// TestFormatVerbs checks that each verb prints the form meant for it: %v
// and %s the String form, %#v the GoString form.
func TestFormatVerbs(t *testing.T) {
	t.Parallel()
	cfg := testConfig(nil)
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []interface {
		String() string
		GoString() string
	}{p} {
		for verb, want := range map[string]string{"%v": v.String(), "%s": v.String(), "%+v": v.String(), "%#v": v.GoString(), "%d": v.String()} {
			if got := fmt.Sprintf(verb, v); got != want {
				t.Errorf("%s of %T = %q, want %q", verb, v, got, want)
			}
		}
	}
	if p.String() == p.GoString() {
		t.Fatal("String and GoString agree: the test cannot tell them apart")
	}
}

// TestSignLongInputs signs texts longer than the fixed parts of the
// payload (a long path, method or parameter name), and the replacement
// character U+FFFD, which is valid text.
func TestSignLongInputs(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 300)
	for _, tc := range []struct {
		endpoint, method string
		params           []Param
	}{
		{"/" + long, "POST", nil},
		{"/", "POST" + long, nil},
		{"/", "POST", kv(long, "")},
		{"/", "POST", kv("a", long)},
		{"/", "POST", kv("a", "\uFFFD")},
	} {
		sig, err := Sign(tc.endpoint, tc.method, tc.params, testSecret)
		if err != nil || len(sig) != sigLen {
			t.Errorf("Sign(%.20q, %.20q, %d params) = %q, %v", tc.endpoint, tc.method, len(tc.params), sig, err)
		}
		payload, err := canonical(tc.endpoint, tc.method, tc.params)
		if err != nil {
			t.Fatal(err)
		}
		if want := appendCanonical(nil, tc.endpoint, strings.ToUpper(tc.method), tc.params); string(payload) != string(want) {
			t.Errorf("canonical payload %q, want %q", payload, want)
		}
	}
}

// TestSignedEmptyWebhook checks that a correctly signed webhook without a
// single field is refused, not a panic.
func TestSignedEmptyWebhook(t *testing.T) {
	t.Parallel()
	p, _ := newTestProvider(t)
	_, err := p.VerifyWebhook(t.Context(), webhookRequest(signedBody(t, nil)))
	if !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("err %v, want ErrInvalidRequest", err)
	}
}

// TestSigningAllocations pins the sizing of the signed payload and the
// HMAC input: each is allocated once, at its final size.
func TestSigningAllocations(t *testing.T) {
	params := sortParams(benchParams)
	if n := testing.AllocsPerRun(50, func() { _, _ = canonical("/init", "POST", params) }); n != 1 {
		t.Errorf("canonical: %v allocations, want 1", n)
	}
	secret := []byte(testSecret)
	payload, err := canonical("/init", "POST", params)
	if err != nil {
		t.Fatal(err)
	}
	input := []byte(protectedHeader + "." + base64.RawURLEncoding.EncodeToString(payload))
	hmacOnly := testing.AllocsPerRun(50, func() {
		m := hmac.New(sha256.New, secret)
		m.Write(input)
		_ = m.Sum(nil)
	})
	if n := testing.AllocsPerRun(50, func() { _ = rawMAC(secret, payload) }); n != hmacOnly+1 {
		t.Errorf("rawMAC: %v allocations, want %v (the HMAC's and one for its input)", n, hmacOnly+1)
	}
}

// TestFormWithoutURL checks the reason given for an ACS form without a
// URL to post it to, whether url is absent, null or empty.
func TestFormWithoutURL(t *testing.T) {
	t.Parallel()
	for _, url := range []string{``, `"url":null,`, `"url":"",`} {
		p, mt := newTestProvider(t)
		respond(mt, "POST", "/init", nil, 200, `{"status":"redirect",`+url+`"form_data":{"PaReq":"x"}}`)
		_, err := p.InitPayment(t.Context(), &payments.InitRequest{OrderID: "1", Amount: rub("10")})
		if !errors.Is(err, payments.ErrOutcomeUnknown) || !strings.Contains(err.Error(), "form_data without url") {
			t.Errorf("url %q: err %v, want ErrOutcomeUnknown saying form_data without url", url, err)
		}
	}
}

// TestSignRefusesNonASCIIBytes checks the boundary between ASCII and the
// rest: a lone byte 0x80 (a continuation byte, invalid UTF-8) is refused
// while 0x7e and a whole two-byte character are accepted.
func TestSignRefusesNonASCIIBytes(t *testing.T) {
	t.Parallel()
	for value, ok := range map[string]bool{"\x80": false, "a\x80b": false, "\xc2": false, "~": true, "\u0080": true, "\u00ff": true} {
		_, err := Sign("/init", "POST", kv("description", value), testSecret)
		if ok && err != nil {
			t.Errorf("Sign(%q) = %v, want a signature", value, err)
		}
		if !ok && !errors.Is(err, payments.ErrInvalidRequest) {
			t.Errorf("Sign(%q) = %v, want ErrInvalidRequest", value, err)
		}
	}
}
