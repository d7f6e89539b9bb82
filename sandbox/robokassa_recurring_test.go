package sandbox

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments/paymentstest"
	"github.com/paykit/payments/robokassa"
)

// payParent pays a recurring parent inv of amount through its page and
// drains its ResultURL notification.
func (e *rkEnv) payParent(inv int64, amount string, test bool) {
	e.t.Helper()
	_, token := e.open(e.link(&robokassa.Link{Amount: rubs(amount), InvID: inv, Description: "parent", Recurring: true, IsTest: test}))
	e.press("pay", token)
	if !test { // the app's live provider refuses a test notification
		e.hit()
		e.event()
	}
}

// childForm is a Merchant/Recurring request of the default shop.
func childForm(inv, prev, outSum string) url.Values {
	return url.Values{"MerchantLogin": {DefaultRobokassaLogin}, "OutSum": {outSum}, "InvoiceID": {inv},
		"PreviousInvoiceID": {prev}, "SignatureValue": {sig1(DefaultRobokassaLogin + ":" + outSum + ":" + inv)}}
}

// The exact bodies of robokassa/sdk-php's tests (ExamplesTest.php): the
// parent with Recurring=true unsigned (md5("login:5:154:p1") =
// ea9bd729a4456cfbfb91294b8e2781d6) and the child with PreviousInvoiceID
// unsigned, a twice-encoded receipt and Shp_order=abc+1 (md5 of its base =
// 1be6746b70e8f702171f85e427399a9e), answered OK200002; the child is then
// paid and reported on ResultURL under its own InvId
// (https://docs.robokassa.ru/recurring).
func TestRobokassaRecurringSDKPHPBodies(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{shop: RobokassaShop{MerchantLogin: "login", Password1: "p1"}})
	post := func(path, body string) (int, string) {
		t.Helper()
		resp, err := e.browser.Post(e.sbURL+path, "application/x-www-form-urlencoded", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		status, got, _ := readResp(t, resp)
		return status, got
	}
	status, page := post("/Merchant/Index.aspx", "OutSum=5&InvoiceID=154&Description=Subscription+parent+payment&Recurring=true&MerchantLogin=login&SignatureValue=ea9bd729a4456cfbfb91294b8e2781d6")
	if status != http.StatusOK || !strings.Contains(page, `id="inv-id">154<`) {
		t.Fatalf("sdk-php parent: %d\n%s", status, page)
	}
	if p, _ := e.sb.RobokassaPayment(154); !p.Recurring {
		t.Errorf("parent 154 is not recurring: %+v", p)
	}

	e.payParent(200001, "100.00", false)
	status, body := post("/Merchant/Recurring", "OutSum=100.00&InvoiceID=200002&PreviousInvoiceID=200001&Description=Recurring+payment&Receipt=%257B%2522items%2522%253A%255B%257B%2522name%2522%253A%2522Subscription%2522%252C%2522quantity%2522%253A1%252C%2522sum%2522%253A100%252C%2522payment_method%2522%253A%2522full_payment%2522%252C%2522payment_object%2522%253A%2522service%2522%252C%2522tax%2522%253A%2522none%2522%257D%255D%257D&Shp_order=abc%2B1&MerchantLogin=login&SignatureValue=1be6746b70e8f702171f85e427399a9e")
	if diff := cmp.Diff("OK200002", body); status != http.StatusOK || diff != "" {
		t.Fatalf("sdk-php child: %d (-want +got)\n%s", status, diff)
	}
	if h := e.hit(); !strings.HasPrefix(h, "OutSum=100.000000&InvId=200002&") || !strings.Contains(h, "&Shp_order=abc%2B1&") {
		t.Errorf("child's ResultURL %q", h)
	}
	if ev := e.event(); ev.OrderID != "200002" {
		t.Errorf("child's event %+v", ev)
	}
	p, _ := e.sb.RobokassaPayment(200002)
	want := []RobokassaReceipt{{Kind: RobokassaReceiptFirst, JSON: `{"items":[{"name":"Subscription","quantity":1,"sum":100,"payment_method":"full_payment","payment_object":"service","tax":"none"}]}`}}
	if diff := cmp.Diff(want, p.Receipts); diff != "" || p.Parent != 200001 || p.State != robokassa.StatePaid {
		t.Errorf("child %+v; receipts (-want +got)\n%s", p, diff)
	}
}

// A child charge of TriggerChargeDecline (paymentstest.DeclinedChargeAmount,
// so one test declines on the fake and the sandbox) or TriggerDecline is
// accepted and then declined: OpStateExt state 60, no ResultURL.
func TestRobokassaRecurringDecline(t *testing.T) {
	t.Parallel()
	if TriggerChargeDecline != paymentstest.DeclinedChargeAmount {
		t.Fatalf("TriggerChargeDecline %s, paymentstest.DeclinedChargeAmount %s", TriggerChargeDecline, paymentstest.DeclinedChargeAmount)
	}
	e := newRKEnv(t, rkEnvOptions{})
	e.payParent(30, "10.00", false)
	for inv, amount := range map[string]string{"31": TriggerChargeDecline, "32": TriggerDecline} {
		if _, body := e.call("/Merchant/Recurring", childForm(inv, "30", amount)); body != "OK"+inv {
			t.Fatalf("charge %s of %s answered %q", inv, amount, body)
		}
	}
	for _, inv := range []int64{31, 32} {
		eventually(t, "the charge is declined", func() bool { return e.state(inv) == robokassa.StateReturned })
	}
	e.noHit()
}

// Merchant/Recurring refuses with a body that does not start with OK what
// Robokassa refuses, and records no child.
func TestRobokassaRecurringRefusals(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{})
	e.payParent(40, "10.00", false)
	e.payParent(41, "10.00", true)
	_, token := e.open(e.link(&robokassa.Link{Amount: rubs("10.00"), InvID: 42}))
	e.press("pay", token)
	e.hit()
	e.event()
	e.open(e.link(&robokassa.Link{Amount: rubs("10.00"), InvID: 43, Recurring: true}))
	prevSigned := childForm("50", "40", "5.00")
	// robokassa/sdk-php asserts md5("login:100.00:200002:200001:p1:…") is
	// never sent: PreviousInvoiceID stays out of the signature.
	prevSigned.Set("SignatureValue", sig1(DefaultRobokassaLogin+":5.00:50:40"))
	isTest := childForm("50", "40", "5.00")
	isTest.Set("IsTest", "1")
	wrongLogin := childForm("50", "40", "5.00")
	wrongLogin.Set("MerchantLogin", "other")
	tests := []struct {
		name string
		form url.Values
	}{
		{"unknown parent", childForm("50", "999", "5.00")},
		{"no parent", childForm("50", "", "5.00")},
		{"test parent", childForm("50", "41", "5.00")},
		{"parent not recurring", childForm("50", "42", "5.00")},
		{"parent not paid", childForm("50", "43", "5.00")},
		{"InvoiceID in use", childForm("42", "40", "5.00")},
		{"PreviousInvoiceID signed", prevSigned},
		{"IsTest", isTest},
		{"wrong login", wrongLogin},
		{"bad OutSum", childForm("50", "40", "5,00")},
		{"bad InvoiceID", childForm("x", "40", "5.00")},
	}
	for _, tt := range tests {
		status, body := e.call("/Merchant/Recurring", tt.form)
		if status != http.StatusOK || strings.HasPrefix(strings.ToUpper(body), "OK") || body == "" {
			t.Errorf("%s: %d %q", tt.name, status, body)
		}
	}
	if _, ok := e.sb.RobokassaPayment(50); ok {
		t.Error("a refused charge recorded InvId 50")
	}
}
