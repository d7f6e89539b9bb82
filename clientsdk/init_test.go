package clientsdk

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
)

// wantSigned checks that c's signature is Sign over c's other params.
func wantSigned(t *testing.T, c *capture) {
	t.Helper()
	var params []Param
	for k, vs := range c.params {
		if k != "signature" {
			params = append(params, Param{k, vs[0]})
		}
	}
	want, err := Sign(c.path, c.method, params, testSecret)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.params.Get("signature"); got != want {
		t.Errorf("signature %s, want %s", got, want)
	}
}

func TestInitRedirect(t *testing.T) {
	t.Parallel()
	p, mt := newTestProvider(t)
	var c capture
	// Response: the documented init answer (github.com/creater777/sbank README.MD),
	// plus a key the SDK models lack.
	respond(mt, "POST", "/init", &c, 200, `{"status":"redirect","url":"https://exemple.com?amount=10.0000&invoice_id=684&product_id=15&merchant_id=13&order=order-00003&currency=RUB&signature=mCNJTlfwXadOl07tsoNtjoG8CXfCK0UsS3P36nJnrLg","new_key":{"x":1}}`)
	pay, err := p.InitPayment(t.Context(), &payments.InitRequest{
		OrderID: "order-00003", Amount: rub("10"), Description: "sale", Language: "ru-RU",
		SuccessURL: "https://exemple.com", FailURL: "https://exemple.com/fail",
		ExpiresAt: testNow.Add(90*time.Minute + 500*time.Millisecond),
	})
	if err != nil {
		t.Fatal(err)
	}
	wantBody := "amount=10.00&order=order-00003&merchant_id=13&product_id=15&description=sale&language=ru" +
		"&finish_url=https%3A%2F%2Fexemple.com&notification_url=https%3A%2F%2Fshop.example%2Fwebhooks&lifetime=5401&signature="
	if !strings.HasPrefix(c.body, wantBody) || c.ctype != "application/x-www-form-urlencoded" {
		t.Errorf("body %q (%s), want prefix %q, form-encoded", c.body, c.ctype, wantBody)
	}
	wantSigned(t, &c)
	want := payments.NextStep{Kind: payments.NextRedirect, URL: "https://exemple.com?amount=10.0000&invoice_id=684&product_id=15&merchant_id=13&order=order-00003&currency=RUB&signature=mCNJTlfwXadOl07tsoNtjoG8CXfCK0UsS3P36nJnrLg"}
	if diff := cmp.Diff(want, pay.NextStep); diff != "" {
		t.Errorf("next step (-want +got):\n%s", diff)
	}
	if pay.Status != payments.StatusRequiresAction || pay.OrderID != "order-00003" || pay.Raw["status"] != "redirect" {
		t.Errorf("payment %+v", pay)
	}
}

func TestInitNextStep(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		body       string
		want       payments.NextStep
		wantStatus payments.Status
	}{
		{
			name:       "ACS form, fields sorted",
			body:       `{"status":"redirect","url":"https://acs.example/pareq","form_data":{"TermUrl":"https://t.example","PaReq":"abc","MD":17}}`,
			want:       payments.NextStep{Kind: payments.NextPostForm, URL: "https://acs.example/pareq", Fields: []payments.Field{{Name: "MD", Value: "17"}, {Name: "PaReq", Value: "abc"}, {Name: "TermUrl", Value: "https://t.example"}}},
			wantStatus: payments.StatusRequiresAction,
		},
		{
			name:       "SBP: payment_redirect_url wins over url",
			body:       `{"status":"redirect","url":"https://sbank.example/pay","payment_redirect_url":"https://qr.nspk.example/AD10"}`,
			want:       payments.NextStep{Kind: payments.NextRedirect, URL: "https://qr.nspk.example/AD10"},
			wantStatus: payments.StatusRequiresAction,
		},
		{
			name:       "empty form_data means a redirect",
			body:       `{"status":"redirect","url":"https://sbank.example/pay","form_data":{},"payment_redirect_url":null}`,
			want:       payments.NextStep{Kind: payments.NextRedirect, URL: "https://sbank.example/pay"},
			wantStatus: payments.StatusRequiresAction,
		},
		{
			name:       "no URL: nothing to do yet",
			body:       `{"status":"success"}`,
			wantStatus: payments.StatusPending,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, mt := newTestProvider(t)
			respond(mt, "POST", "/init", nil, 200, tt.body)
			pay, err := p.InitPayment(t.Context(), &payments.InitRequest{OrderID: "1", Amount: rub("10.00")})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, pay.NextStep); diff != "" {
				t.Errorf("next step (-want +got):\n%s", diff)
			}
			if pay.Status != tt.wantStatus {
				t.Errorf("status %q, want %q", pay.Status, tt.wantStatus)
			}
		})
	}
}

func TestInitBadNextStep(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"status":"redirect","form_data":{"PaReq":"x"}}`,
		`{"status":"redirect","url":"javascript:alert(1)"}`,
		`{"status":"redirect","url":"/relative"}`,
		`{"status":"redirect","url":"https://a.example","form_data":["x"]}`,
		`{"status":"redirect","url":{"x":1}}`,
	} {
		p, mt := newTestProvider(t)
		respond(mt, "POST", "/init", nil, 200, body)
		_, err := p.InitPayment(t.Context(), &payments.InitRequest{OrderID: "1", Amount: rub("10.00")})
		if !errors.Is(err, payments.ErrOutcomeUnknown) {
			t.Errorf("%s: err %v, want ErrOutcomeUnknown (the payment may exist)", body, err)
		}
	}
}

func TestInitCardAnd3DS(t *testing.T) {
	t.Parallel()
	p, mt := newTestProvider(t)
	var c capture
	respond(mt, "POST", "/init", &c, 200, `{"status":"redirect","url":"https://acs.example/c","form_data":{"creq":"x"}}`)
	card := testCard()
	card.ExpMonth, card.ExpYear = 1, 2031
	_, err := p.InitPayment(t.Context(), &payments.InitRequest{
		OrderID: "1011", Amount: rub("10.5"), NotificationURL: "https://other.example/webhooks", Card: card,
		Browser: &payments.BrowserData{IP: "0.0.0.0", AcceptHeader: "text/html", Language: "RU", ColorDepth: 32,
			ScreenHeight: 800, ScreenWidth: 480, TZOffsetMinutes: -180, UserAgent: "Mozilla/5.0", JavaEnabled: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{
		"amount": {"10.50"}, "order": {"1011"}, "merchant_id": {"13"}, "product_id": {"15"},
		"notification_url": {"https://other.example/webhooks"},
		"pan":              {"4111111111111111"}, "expire_month": {"01"}, "expire_year": {"31"}, "cvc": {"123"},
		"device_channel": {"BRW"}, "device_browser_ip": {"0.0.0.0"}, "device_browser_accept_header": {"text/html"},
		"device_browser_java_enabled": {"true"}, "device_browser_language": {"RU"}, "device_browser_color_depth": {"32"},
		"device_browser_screen_height": {"800"}, "device_browser_screen_width": {"480"}, "device_browser_tz": {"-180"},
		"device_browser_user_agent": {"Mozilla/5.0"},
	}
	got := url.Values{}
	for k, v := range c.params {
		if k != "signature" {
			got[k] = v
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("form (-want +got):\n%s", diff)
	}
	wantSigned(t, &c)
}

func TestInitRejectsBeforeSending(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  *payments.InitRequest
		kind error
	}{
		{name: "nil", kind: payments.ErrInvalidRequest},
		{name: "no order", req: &payments.InitRequest{Amount: rub("10")}, kind: payments.ErrInvalidRequest},
		{name: "zero amount", req: &payments.InitRequest{OrderID: "1", Amount: rub("0")}, kind: payments.ErrInvalidRequest},
		{name: "euro", req: &payments.InitRequest{OrderID: "1", Amount: payments.MustParseMoney("10", payments.EUR)}, kind: errors.ErrUnsupported},
		{name: "quote in description", req: &payments.InitRequest{OrderID: "1", Amount: rub("10"), Description: `a "b"`}, kind: payments.ErrInvalidRequest},
		{name: "notification URL on another path", req: &payments.InitRequest{OrderID: "1", Amount: rub("10"), NotificationURL: "https://shop.example/other"}, kind: payments.ErrInvalidRequest},
		{name: "expired link", req: &payments.InitRequest{OrderID: "1", Amount: rub("10"), ExpiresAt: testNow.Add(-time.Second)}, kind: payments.ErrInvalidRequest},
		{name: "card fails Luhn", req: &payments.InitRequest{OrderID: "1", Amount: rub("10"), Card: &payments.Card{Number: "4111111111111112", ExpMonth: 12, ExpYear: 2030, CVC: "123"}}, kind: payments.ErrInvalidRequest},
		{name: "card expired", req: &payments.InitRequest{OrderID: "1", Amount: rub("10"), Card: &payments.Card{Number: "4111111111111111", ExpMonth: 12, ExpYear: 2025, CVC: "123"}}, kind: payments.ErrInvalidRequest},
		{name: "short CVC", req: &payments.InitRequest{OrderID: "1", Amount: rub("10"), Card: &payments.Card{Number: "4111111111111111", ExpMonth: 12, ExpYear: 2030, CVC: "1"}}, kind: payments.ErrInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, mt := newTestProvider(t)
			_, err := p.InitPayment(t.Context(), tt.req)
			if !errors.Is(err, tt.kind) {
				t.Fatalf("err %v, want %v", err, tt.kind)
			}
			var pe *payments.Error
			if !errors.As(err, &pe) || pe.Op != payments.OpInitPayment || pe.Provider != providerName {
				t.Errorf("error %#v lacks its operation or provider", err)
			}
			if strings.Contains(err.Error(), "411111111111111") {
				t.Errorf("error %q shows the card number", err)
			}
			if n := mt.GetTotalCallCount(); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
		})
	}
}

// TestInitLanguage: the language sent is the tag's primary subtag when the
// API offers it (ru, en) and is left out otherwise.
func TestInitLanguage(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"ru": "ru", "RU": "ru", "en-US": "en", "en_GB": "en", "de": "", "": ""} {
		p, mt := newTestProvider(t)
		var c capture
		respond(mt, "POST", "/init", &c, 200, `{"status":"redirect","url":"https://exemple.com/pay"}`)
		if _, err := p.InitPayment(t.Context(), &payments.InitRequest{OrderID: "o-1", Amount: rub("10"), Language: in}); err != nil {
			t.Fatal(err)
		}
		_, sent := c.params["language"]
		if got := c.params.Get("language"); got != want || sent != (want != "") {
			t.Errorf("Language %q: sent language=%q (present %v), want %q", in, got, sent, want)
		}
	}
}
