package sandbox

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/robokassa"
)

// A payment-method hint goes to Merchant/Payment/DirectPayment
// (https://docs.robokassa.ru/ru/direct-payment), whose page shows the
// method preselected; the ResultURL notification reports it.
func TestRobokassaDirectPayment(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{})
	p, err := e.client.InitPayment(context.Background(), &payments.InitRequest{OrderID: "90", Amount: rubs("10.00"),
		Description: "sbp", PaymentMethod: payments.MethodSBP})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.NextStep.URL, e.sbURL+"/Merchant/Payment/DirectPayment?") {
		t.Fatalf("next step %+v", p.NextStep)
	}
	status, body, _ := e.get(p.NextStep.URL)
	if status != http.StatusOK || !strings.Contains(body, `id="method">SBP<`) {
		t.Fatalf("DirectPayment page: %d\n%s", status, body)
	}
	e.press("pay", rkTokenRE.FindStringSubmatch(body)[1])
	if h := e.hit(); !strings.Contains(h, "&PaymentMethod=SBP&IncCurrLabel=SBP&") {
		t.Errorf("ResultURL %q", h)
	}
	if ev := e.event(); ev.OrderID != "90" || ev.Status != payments.StatusSucceeded {
		t.Errorf("event %+v", ev)
	}
}

// DirectPayment refuses a method it does not preselect, a missing one and
// test mode (the docs: no test mode), and checks the signature as
// Index.aspx does (error 29).
func TestRobokassaDirectPaymentRefusals(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{})
	good := e.link(&robokassa.Link{Amount: rubs("10.00"), InvID: 91, IncCurrLabel: "SberPay"})
	q, _ := url.ParseQuery(good[strings.Index(good, "?")+1:])
	direct := func(edit func(url.Values)) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = append([]string(nil), vs...)
		}
		edit(v)
		return e.sbURL + "/Merchant/Payment/DirectPayment?" + v.Encode()
	}
	tests := []struct {
		name, link, want string
	}{
		{"card label", direct(func(v url.Values) { v.Set("IncCurrLabel", "BankCardPSR") }), "Invalid parameter: IncCurrLabel"},
		{"no label", direct(func(v url.Values) { v.Del("IncCurrLabel") }), "Invalid parameter: IncCurrLabel"},
		{"two labels", direct(func(v url.Values) { v.Add("IncCurrLabel", "SBP") }), "Invalid parameter: IncCurrLabel"},
		{"test mode", direct(func(v url.Values) { v.Set("IsTest", "1") }), "DirectPayment has no test mode"},
		{"bad signature", direct(func(v url.Values) { v.Set("OutSum", "11.00") }), `id="error-code">29<`},
	}
	for _, tt := range tests {
		if _, body, _ := e.get(tt.link); !strings.Contains(body, tt.want) {
			t.Errorf("%s: want %q in\n%s", tt.name, tt.want, body)
		}
	}
	if _, body, _ := e.get(direct(func(url.Values) {})); !strings.Contains(body, `id="method">SberPay<`) {
		t.Errorf("the untouched link:\n%s", body)
	}
}
