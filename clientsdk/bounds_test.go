package clientsdk

import (
	"errors"
	"testing"
	"time"

	"github.com/paykit/payments"
)

// TestURLSchemes checks the scheme and host checks of the base URL, the
// notification URL (configured and per request) and the next-step URL,
// which goes to the buyer's browser.
func TestURLSchemes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url string
		ok  bool
	}{
		{"https://host.example/webhooks", true},
		{"http://host.example/webhooks", true},
		{"HTTPS://host.example/webhooks", true},
		{"ftp://host.example/webhooks", false},
		{"javascript://host.example/webhooks", false},
		{"httpx://host.example/webhooks", false},
		{"https:///webhooks", false},
		{"/webhooks", false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			t.Parallel()
			base := testConfig(nil)
			base.BaseURL = tt.url
			if err := base.Validate(); (err == nil) != tt.ok {
				t.Errorf("BaseURL: Validate = %v, want ok=%v", err, tt.ok)
			}
			cfg := testConfig(nil)
			cfg.NotificationURL = tt.url
			if err := cfg.Validate(); (err == nil) != tt.ok {
				t.Errorf("NotificationURL: Validate = %v, want ok=%v", err, tt.ok)
			}

			p, mt := newTestProvider(t)
			respond(mt, "POST", "/init", nil, 200, `{"status":"redirect","url":"https://pay.example/1"}`)
			_, err := p.InitPayment(t.Context(), &payments.InitRequest{OrderID: "1", Amount: rub("10"), NotificationURL: tt.url})
			if (err == nil) != tt.ok || (!tt.ok && !errors.Is(err, payments.ErrInvalidRequest)) {
				t.Errorf("InitRequest.NotificationURL: err %v, want ok=%v", err, tt.ok)
			}
			if !tt.ok && mt.GetTotalCallCount() != 0 {
				t.Error("a payment with a bad notification URL was sent")
			}

			p, mt = newTestProvider(t)
			for _, body := range []string{
				`{"status":"redirect","url":"` + tt.url + `"}`,
				`{"status":"redirect","payment_redirect_url":"` + tt.url + `"}`,
				`{"status":"redirect","url":"` + tt.url + `","form_data":{"PaReq":"x"}}`,
			} {
				respond(mt, "POST", "/init", nil, 200, body)
				pay, err := p.InitPayment(t.Context(), &payments.InitRequest{OrderID: "1", Amount: rub("10")})
				if tt.ok && (err != nil || pay.NextStep.URL != tt.url) {
					t.Errorf("%s: next step %+v, err %v", body, pay, err)
				}
				if !tt.ok && (!errors.Is(err, payments.ErrOutcomeUnknown) || pay != nil) {
					t.Errorf("%s: payment %+v, err %v: want ErrOutcomeUnknown and no next step", body, pay, err)
				}
			}
		})
	}
}

// TestLifetimeBound checks the lifetime sent for InitRequest.ExpiresAt:
// whole seconds rounded up, and an expiry that is not in the future
// refused before anything is sent.
func TestLifetimeBound(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   time.Duration
		want string // "" means refused
	}{
		{"one second ago", -time.Second, ""},
		{"now", 0, ""},
		{"half a second ago", -500 * time.Millisecond, ""},
		{"in a nanosecond", time.Nanosecond, "1"},
		{"in a second", time.Second, "1"},
		{"in 1.5 seconds", 1500 * time.Millisecond, "2"},
		{"in an hour", time.Hour, "3600"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, mt := newTestProvider(t)
			var c capture
			respond(mt, "POST", "/init", &c, 200, `{"status":"pending"}`)
			_, err := p.InitPayment(t.Context(), &payments.InitRequest{OrderID: "1", Amount: rub("10"), ExpiresAt: testNow.Add(tt.in)})
			if tt.want == "" {
				if !errors.Is(err, payments.ErrInvalidRequest) || mt.GetTotalCallCount() != 0 {
					t.Errorf("err %v, %d requests: want ErrInvalidRequest before sending", err, mt.GetTotalCallCount())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := c.params.Get("lifetime"); got != tt.want {
				t.Errorf("lifetime %q, want %q", got, tt.want)
			}
		})
	}
}

// TestPayoutWithoutID checks that a payout answer whose id is empty or
// absent is refused: the payout may exist, and cannot be looked up by id.
func TestPayoutWithoutID(t *testing.T) {
	t.Parallel()
	for _, obj := range []string{`{"id":""}`, `{"id":null}`, `{"order":"2001"}`, `{"id":{"x":1}}`, `"1523"`, `null`} {
		body := `{"status":"success","withdrawal_request":` + obj + `}`
		p, mt := newTestProvider(t)
		respond(mt, "POST", "/withdrawal_request", nil, 200, body)
		respond(mt, "GET", "/withdrawal_request", nil, 200, body)
		w, err := p.Withdraw(t.Context(), &payments.WithdrawalRequest{OrderID: "2001", Amount: rub("50"), Card: testCard()})
		if !errors.Is(err, payments.ErrOutcomeUnknown) || w != nil {
			t.Errorf("Withdraw, %s: %+v, %v: want ErrOutcomeUnknown", body, w, err)
		}
		w, err = p.WithdrawalStatus(t.Context(), payments.WithdrawalQuery{OrderID: "2001"})
		if !errors.Is(err, payments.ErrProtocol) || w != nil {
			t.Errorf("WithdrawalStatus, %s: %+v, %v: want ErrProtocol", body, w, err)
		}
	}
}
