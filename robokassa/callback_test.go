package robokassa

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
)

// resultForm is a ResultURL notification to the golden shop with the
// fields of https://docs.robokassa.ru/notifications-and-redirects
// and SignatureValue = MD5(10.000000:19:Pass2_golden8:Shp_order=42):
// computed with that rule, not a published vector.
func resultForm() url.Values {
	return url.Values{
		"OutSum": {"10.000000"}, "InvId": {"19"}, "Fee": {"0.000000"}, "EMail": {"buyer@example.com"},
		"PaymentMethod": {"BankCard"}, "IncCurrLabel": {"BankCardPSR"}, "Shp_order": {"42"},
		"SignatureValue": {"5C8ACA98142CE75FD50FDE9B187DB402"},
	}
}

// signed returns form with SignatureValue = MD5(base).
func signed(form url.Values, base string) url.Values {
	form.Set("SignatureValue", md5Upper(base))
	return form
}

func TestVerifyResultURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		mod  func(*Config)
		form func() url.Values
		kind error // nil: verifies
	}{
		{"golden-shop sample", nil, resultForm, nil},
		{"lower-case hex", nil, func() url.Values {
			f := resultForm()
			f.Set("SignatureValue", strings.ToLower(f.Get("SignatureValue")))
			return f
		}, nil},
		// The Shp_ prefix is case-insensitive (https://docs.robokassa.ru/script-parameters/).
		{"shp_ prefix in lower case", nil, func() url.Values {
			f := resultForm()
			f.Del("Shp_order")
			f.Set("shp_order", "42")
			return signed(f, "10.000000:19:Pass2_golden8:shp_order=42")
		}, nil},
		{"SHP_ prefix in upper case", nil, func() url.Values {
			f := resultForm()
			f.Del("Shp_order")
			f.Set("SHP_order", "42")
			return signed(f, "10.000000:19:Pass2_golden8:SHP_order=42")
		}, nil},
		{"several Shp sorted ordinally by name as received", nil, func() url.Values {
			f := resultForm()
			f.Set("Shp_b", "2")
			f.Set("Shp_A", "1")
			return signed(f, "10.000000:19:Pass2_golden8:Shp_A=1:Shp_b=2:Shp_order=42")
		}, nil},
		{"legacy names out_summ, inv_id, crc", nil, func() url.Values {
			return url.Values{"out_summ": {"10.000000"}, "inv_id": {"19"}, "Shp_order": {"42"}, "crc": {"5c8aca98142ce75fd50fde9b187db402"}}
		}, nil},
		{"no Shp parameters", nil, func() url.Values {
			return signed(url.Values{"OutSum": {"5.500000"}, "InvId": {"7"}}, "5.500000:7:Pass2_golden8")
		}, nil},
		{"test mode verifies with TestPassword2", func(c *Config) { c.TestMode = true }, func() url.Values {
			f := resultForm()
			f.Set("IsTest", "1")
			return signed(f, "10.000000:19:Test2_golden8:Shp_order=42")
		}, nil},
		{"test mode refuses the live password", func(c *Config) { c.TestMode = true }, resultForm, payments.ErrInvalidSignature},
		{"live mode refuses the test password", nil, func() url.Values {
			return signed(resultForm(), "10.000000:19:Test2_golden8:Shp_order=42")
		}, payments.ErrInvalidSignature},
		{"tampered amount", nil, func() url.Values {
			f := resultForm()
			f.Set("OutSum", "1000.000000")
			return f
		}, payments.ErrInvalidSignature},
		{"amount reformatted", nil, func() url.Values {
			f := resultForm()
			f.Set("OutSum", "10.00") // the same value, not the signed text
			return f
		}, payments.ErrInvalidSignature},
		{"tampered Shp", nil, func() url.Values {
			f := resultForm()
			f.Set("Shp_order", "43")
			return f
		}, payments.ErrInvalidSignature},
		{"added Shp", nil, func() url.Values {
			f := resultForm()
			f.Set("Shp_extra", "1")
			return f
		}, payments.ErrInvalidSignature},
		{"ResultURL signed with Password #1", nil, func() url.Values {
			return signed(resultForm(), "10.000000:19:Pass1_golden8:Shp_order=42")
		}, payments.ErrInvalidSignature},
		{"missing signature", nil, func() url.Values {
			f := resultForm()
			f.Del("SignatureValue")
			return f
		}, payments.ErrInvalidSignature},
		{"signature not hex", nil, func() url.Values {
			f := resultForm()
			f.Set("SignatureValue", "ZZ8ACA98142CE75FD50FDE9B187DB402")
			return f
		}, payments.ErrInvalidSignature},
		{"signature too short", nil, func() url.Values {
			f := resultForm()
			f.Set("SignatureValue", "5C8ACA98142CE75FD50FDE9B187DB4")
			return f
		}, payments.ErrInvalidSignature},
		{"SHA256 digest for an MD5 shop", nil, func() url.Values {
			f := resultForm()
			f.Set("SignatureValue", goldenSignatures[3].result)
			return f
		}, payments.ErrInvalidSignature},
		{"missing OutSum", nil, func() url.Values {
			f := resultForm()
			f.Del("OutSum")
			return f
		}, payments.ErrInvalidRequest},
		{"missing InvId", nil, func() url.Values {
			f := resultForm()
			f.Del("InvId")
			return f
		}, payments.ErrInvalidRequest},
		{"OutSum sent twice", nil, func() url.Values {
			f := resultForm()
			f.Add("OutSum", "10.000000")
			return f
		}, payments.ErrInvalidRequest},
		{"Shp sent twice", nil, func() url.Values {
			f := resultForm()
			f.Add("Shp_order", "42")
			return f
		}, payments.ErrInvalidRequest},
		{"signed but OutSum beyond kopecks", nil, func() url.Values {
			return signed(url.Values{"OutSum": {"10.123000"}, "InvId": {"7"}}, "10.123000:7:Pass2_golden8")
		}, payments.ErrInvalidRequest},
		{"signed but OutSum in exponent form", nil, func() url.Values {
			return signed(url.Values{"OutSum": {"1E+1"}, "InvId": {"7"}}, "1E+1:7:Pass2_golden8")
		}, payments.ErrInvalidRequest},
		{"signed but InvId not a number", nil, func() url.Values {
			return signed(url.Values{"OutSum": {"10.000000"}, "InvId": {"x7"}}, "10.000000:x7:Pass2_golden8")
		}, payments.ErrInvalidRequest},
		{"signed but the same Shp name under two prefixes", nil, func() url.Values {
			return signed(url.Values{"OutSum": {"1.000000"}, "InvId": {"7"}, "Shp_a": {"1"}, "shp_a": {"2"}}, "1.000000:7:Pass2_golden8:Shp_a=1:shp_a=2")
		}, payments.ErrInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := newProvider(t, nil, tt.mod)
			n, err := p.VerifyResultURL(tt.form())
			if tt.kind == nil {
				if err != nil {
					t.Fatalf("VerifyResultURL: %v", err)
				}
				if n.Amount.IsZero() || n.InvID == "" {
					t.Errorf("notification = %+v", n)
				}
				return
			}
			if !errors.Is(err, tt.kind) {
				t.Errorf("err = %v, want %v", err, tt.kind)
			}
			if n != nil {
				t.Errorf("notification returned with an error")
			}
		})
	}
}

func TestNotificationFields(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	f := resultForm()
	f.Set("IsTest", "1")
	f.Set("Fee", "0.390000")
	n, err := p.VerifyResultURL(f)
	if err != nil {
		t.Fatal(err)
	}
	want := &Notification{
		OutSum: "10.000000", InvID: "19", Signature: "5C8ACA98142CE75FD50FDE9B187DB402",
		Amount: rub("10"), Fee: rub("0.39"), Email: "buyer@example.com", PaymentMethod: "BankCard",
		IncCurrLabel: "BankCardPSR", IsTest: true, Shp: map[string]string{"order": "42"},
		Fields: map[string]string{
			"OutSum": "10.000000", "InvId": "19", "Fee": "0.390000", "EMail": "buyer@example.com",
			"PaymentMethod": "BankCard", "IncCurrLabel": "BankCardPSR", "Shp_order": "42",
			"SignatureValue": "5C8ACA98142CE75FD50FDE9B187DB402", "IsTest": "1",
		},
	}
	if diff := cmp.Diff(want, n); diff != "" {
		t.Errorf("notification (-want +got):\n%s", diff)
	}
	// Fee is not signed: a malformed one is dropped, not fatal.
	f.Set("Fee", "n/a")
	if n, err := p.VerifyResultURL(f); err != nil || !n.Fee.IsZero() {
		t.Errorf("malformed fee: %v, %+v", err, n)
	}
}

func TestSuccessAndFailURL(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	// The golden shop's SuccessURL: SignatureValue =
	// MD5(10.000000:19:Pass1_golden8:Shp_order=42) (https://docs.robokassa.ru/notifications-and-redirects),
	// computed with that rule, not a published vector.
	succ := url.Values{"OutSum": {"10.000000"}, "InvId": {"19"}, "Culture": {"ru"}, "Shp_order": {"42"}, "SignatureValue": {"9AD6A4E838C90742134B496CFE80B7C8"}}
	n, err := p.VerifySuccessURL(succ)
	if err != nil {
		t.Fatal(err)
	}
	if n.Culture != "ru" || n.Shp["order"] != "42" || !n.Amount.Equal(rub("10")) {
		t.Errorf("success = %+v", n)
	}
	var pe *payments.Error
	succ.Set("OutSum", "11.000000")
	if _, err := p.VerifySuccessURL(succ); !errors.Is(err, payments.ErrInvalidSignature) || !errors.As(err, &pe) || pe.Op != OpVerifySuccess {
		t.Errorf("tampered success: %v", err)
	}
	// FailURL carries no signature.
	fail, err := p.ParseFailURL(url.Values{"OutSum": {"10.000000"}, "InvId": {"19"}, "Culture": {"en"}})
	if err != nil {
		t.Fatal(err)
	}
	if fail.InvID != "19" || fail.Culture != "en" || !fail.Amount.Equal(rub("10")) || fail.Signature != "" {
		t.Errorf("fail = %+v", fail)
	}
	for _, bad := range []url.Values{{"InvId": {"19"}}, {"OutSum": {"10"}}, {"OutSum": {"x"}, "InvId": {"19"}}, {"OutSum": {"1", "2"}, "InvId": {"19"}}} {
		if _, err := p.ParseFailURL(bad); !errors.Is(err, payments.ErrInvalidRequest) {
			t.Errorf("ParseFailURL(%v) err = %v", bad, err)
		}
	}
}

func TestVerifyWebhookTransport(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	body := resultForm().Encode()
	tests := []struct {
		name string
		req  func() *http.Request
		kind error
	}{
		{"GET query", func() *http.Request {
			r, _ := http.NewRequest(http.MethodGet, "https://shop.example/result?"+body, nil)
			return r
		}, nil},
		{"POST form", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, "https://shop.example/result", strings.NewReader(body))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
			return r
		}, nil},
		{"POST without content type", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, "https://shop.example/result", strings.NewReader(body))
			return r
		}, nil},
		{"POST JWS (ResultUrl2)", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, "https://shop.example/result", strings.NewReader("eyJ.eyJ.sig"))
			r.Header.Set("Content-Type", "application/jose")
			return r
		}, payments.ErrInvalidRequest},
		{"PUT", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPut, "https://shop.example/result", strings.NewReader(body))
			return r
		}, payments.ErrInvalidRequest},
		{"malformed form", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, "https://shop.example/result", strings.NewReader("OutSum=%zz"))
			return r
		}, payments.ErrInvalidRequest},
		{"empty body", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, "https://shop.example/result", strings.NewReader(""))
			return r
		}, payments.ErrInvalidRequest},
		{"nil request", func() *http.Request { return nil }, payments.ErrInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ev, err := p.VerifyWebhook(t.Context(), tt.req())
			if tt.kind == nil {
				if err != nil || ev.ID != "result:golden-shop:19" || ev.Ack.Body != "OK19" {
					t.Errorf("VerifyWebhook = %+v, %v", ev, err)
				}
				return
			}
			if !errors.Is(err, tt.kind) {
				t.Errorf("err = %v, want %v", err, tt.kind)
			}
		})
	}
}

// Through the core: the handler verifies, calls the app once per InvId and
// answers OK19; a bad signature gets 403 and never reaches the app.
func TestWebhookHandlerAcknowledges(t *testing.T) {
	t.Parallel()
	c, _ := payments.New(newProvider(t, nil, nil), nil)
	calls := 0
	h := c.WebhookHandler(func(_ context.Context, ev *payments.Event) error {
		calls++
		return nil
	}, nil)
	for i := 0; i < 2; i++ { // Robokassa retries: the second delivery is acknowledged, not handled
		r := httptest.NewRequest(http.MethodPost, "/result", strings.NewReader(resultForm().Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 200 || w.Body.String() != "OK19" {
			t.Errorf("delivery %d: %d %q", i+1, w.Code, w.Body.String())
		}
	}
	if calls != 1 {
		t.Errorf("handler called %d times, want 1", calls)
	}
	f := resultForm()
	f.Set("OutSum", "1.000000")
	r := httptest.NewRequest(http.MethodPost, "/result", strings.NewReader(f.Encode()))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusForbidden || calls != 1 {
		t.Errorf("tampered delivery: %d, calls %d", w.Code, calls)
	}
}
