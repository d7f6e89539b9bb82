package sandbox

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments/robokassa"
)

// A StepByStep payment is held on Pay: OpStateExt state 20, no ResultURL,
// the ResultUrl2 JWS with state HOLD; Confirm of part of it captures
// (state 100) with the ResultURL notification for the captured OutSum and
// ResultUrl2 state OK; a second Confirm is refused with "success: false"
// (https://docs.robokassa.ru/holding: "the capture request can be
// executed only once").
func TestRobokassaHoldConfirmPartial(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{})
	hold := e.hold(19, "10.00")
	if hold.Data.IncSum != "10.00" || hold.Data.Shop != DefaultRobokassaLogin || hold.Data.OpKey == "" ||
		hold.Header.Type != "PaymentStateNotification" || hold.Header.Version != "1.0.0" {
		t.Errorf("HOLD notification %+v", hold)
	}
	p, _ := e.sb.RobokassaPayment(19)
	if p.State != robokassa.StateHeld || !p.Held.Amount.Equal(decimalOf("10")) || p.HeldUntil != p.StateDate.Add(RobokassaHoldPeriod) {
		t.Errorf("held payment %+v", p)
	}
	e.noHit()

	status, body := e.call("/Merchant/Payment/Confirm", confirmForm("19", "7.50", ""))
	if status != http.StatusOK || body != `"success: true"` {
		t.Fatalf("Confirm answered %d %q", status, body)
	}
	if h := e.hit(); !strings.HasPrefix(h, "OutSum=7.500000&InvId=19&") {
		t.Errorf("ResultURL after capture %q", h)
	}
	if ev := e.event(); ev.OrderID != "19" || !ev.Amount.Amount.Equal(decimalOf("7.5")) {
		t.Errorf("event after capture %+v", ev)
	}
	ok := e.notice2(e.sb.RobokassaCertificate())
	if ok.Data.State != "OK" || ok.Data.IncSum != "7.50" || ok.Data.OpKey != hold.Data.OpKey {
		t.Errorf("OK notification %+v, hold %+v", ok.Data, hold.Data)
	}
	if st := e.state(19); st != robokassa.StatePaid {
		t.Errorf("state after Confirm %d", st)
	}
	if _, body := e.call("/Merchant/Payment/Confirm", confirmForm("19", "7.50", "")); body != `"success: false"` {
		t.Errorf("second Confirm answered %q", body)
	}
}

// Confirm and Cancel refuse with "success: false" (HTTP 200) what
// Robokassa would refuse, and change nothing.
func TestRobokassaHoldRefusals(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{})
	e.hold(20, "10.00")
	_, token := e.open(e.link(&robokassa.Link{Amount: rubs("10.00"), InvID: 21, Description: "one step"}))
	e.press("pay", token)
	e.hit()
	e.event()
	_, token = e.open(e.link(&robokassa.Link{Amount: rubs("10.00"), InvID: 22, IsTest: true, StepByStep: true, ResultURL2: e.shopURL + "/result2"}))
	e.press("pay", token)
	wrongLogin := confirmForm("20", "10.00", "")
	wrongLogin.Set("MerchantLogin", "other-shop")
	badSig := confirmForm("20", "10.00", "")
	badSig.Set("SignatureValue", sig1(DefaultRobokassaLogin+":10.00:20:extra"))
	cancelSignedSum := cancelForm("20", "10.00")
	cancelSignedSum.Set("SignatureValue", sig1(DefaultRobokassaLogin+":10.00:20"))
	twice := confirmForm("20", "10.00", "")
	twice["OutSum"] = []string{"10.00", "5.00"}
	tests := []struct {
		name, path string
		form       url.Values
	}{
		{"above the hold", "Confirm", confirmForm("20", "10.01", "")},
		{"wrong signature", "Confirm", badSig},
		{"wrong login", "Confirm", wrongLogin},
		{"unknown invoice", "Confirm", confirmForm("999", "1.00", "")},
		{"not held", "Confirm", confirmForm("21", "10.00", "")},
		{"test payment", "Confirm", confirmForm("22", "10.00", "")},
		{"test payment cancel", "Cancel", cancelForm("22", "10.00")},
		{"a field twice", "Confirm", twice},
		{"bad OutSum", "Confirm", confirmForm("20", "1e1", "")},
		{"bad receipt", "Confirm", confirmForm("20", "10.00", "{not json")},
		{"cancel with OutSum signed", "Cancel", cancelSignedSum},
		{"cancel not held", "Cancel", cancelForm("21", "10.00")},
	}
	for _, tt := range tests {
		status, body := e.call("/Merchant/Payment/"+tt.path, tt.form)
		if status != http.StatusOK || body != `"success: false"` {
			t.Errorf("%s: %d %q", tt.name, status, body)
		}
	}
	// The payment page of a held invoice shows the hold and its state.
	_, page, _ := e.get(e.link(&robokassa.Link{Amount: rubs("10.00"), InvID: 20, Description: "hold", StepByStep: true, ResultURL2: e.shopURL + "/result2"}))
	if !strings.Contains(page, "on hold (state 20) until") {
		t.Errorf("page of a held invoice:\n%s", page)
	}
	for inv, want := range map[int64]int{20: robokassa.StateHeld, 21: robokassa.StatePaid, 22: robokassa.StateHeld} {
		if st := e.state(inv); st != want {
			t.Errorf("state of %d = %d, want %d", inv, st, want)
		}
	}
	e.noHit()
	e.noNotice2() // a test payment gets no ResultUrl2 (docs.robokassa.ru/testing-mode)
}

// Cancel releases a hold (state 10) without a notification; Confirm after
// it is refused.
func TestRobokassaHoldCancel(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{})
	e.hold(23, "10.00")
	if status, body := e.call("/Merchant/Payment/Cancel", cancelForm("23", "10.00")); status != http.StatusOK || body != `"success: true"` {
		t.Fatalf("Cancel answered %d %q", status, body)
	}
	if st := e.state(23); st != robokassa.StateCanceled {
		t.Errorf("state after Cancel %d", st)
	}
	if _, body := e.call("/Merchant/Payment/Confirm", confirmForm("23", "10.00", "")); body != `"success: false"` {
		t.Errorf("Confirm after Cancel answered %q", body)
	}
	e.noHit()
	e.noNotice2()
}

// A hold that is neither captured nor cancelled is cancelled after 7
// days (https://docs.robokassa.ru/holding) on the sandbox's clock, as of
// the end of the period.
func TestRobokassaHoldExpires(t *testing.T) {
	t.Parallel()
	clock := NewClock(time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	e := newRKEnv(t, rkEnvOptions{now: clock.Now})
	e.hold(24, "10.00")
	held, _ := e.sb.RobokassaPayment(24)
	clock.Advance(RobokassaHoldPeriod - time.Second)
	if st := e.state(24); st != robokassa.StateHeld {
		t.Fatalf("state a second before the end of the hold %d", st)
	}
	clock.Advance(time.Second)
	p, _ := e.sb.RobokassaPayment(24)
	if p.State != robokassa.StateCanceled || !p.StateDate.Equal(held.HeldUntil) {
		t.Errorf("after 7 days: state %d at %v, want 10 at %v", p.State, p.StateDate, held.HeldUntil)
	}
	if _, body := e.call("/Merchant/Payment/Confirm", confirmForm("24", "10.00", "")); body != `"success: false"` {
		t.Errorf("Confirm after expiry answered %q", body)
	}
	status, body, _ := e.get(e.link(&robokassa.Link{Amount: rubs("10.00"), InvID: 25, StepByStep: true, ResultURL2: e.shopURL + "/result2"}))
	if status != http.StatusOK || !strings.Contains(body, `id="hold"`) {
		t.Errorf("hold page %d\n%s", status, body)
	}
}

// The exact wire bodies of robokassa/sdk-php's tests (ExamplesTest.php):
// Confirm of InvoiceID 400001 for 100.00 signed
// md5("login:100.00:400001:p1") = 73105e50f6d0749324119a9e291dff34, and
// Cancel signed md5("login::400001:p1") = d8aeb57daf25e6820337f8bea0c28338,
// each accepted with the body "success: true" in quotes.
func TestRobokassaHoldSDKPHPBodies(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, path, body string }{
		{"confirm", "/Merchant/Payment/Confirm", "MerchantLogin=login&InvoiceID=400001&OutSum=100.00&SignatureValue=73105e50f6d0749324119a9e291dff34"},
		{"cancel", "/Merchant/Payment/Cancel", "MerchantLogin=login&InvoiceID=400001&OutSum=100.00&SignatureValue=d8aeb57daf25e6820337f8bea0c28338"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newRKEnv(t, rkEnvOptions{shop: RobokassaShop{MerchantLogin: "login", Password1: "p1"}})
			_, token := e.open(e.link(&robokassa.Link{Amount: rubs("100.00"), InvID: 400001, StepByStep: true, ResultURL2: e.shopURL + "/result2"}))
			e.press("pay", token)
			resp, err := e.browser.Post(e.sbURL+tt.path, "application/x-www-form-urlencoded", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			status, body, _ := readResp(t, resp)
			if diff := cmp.Diff(`"success: true"`, body); status != http.StatusOK || diff != "" {
				t.Errorf("%d (-want +got)\n%s", status, diff)
			}
		})
	}
}

// The golden-shop hold link (computed, not published) is accepted as signed:
// md5("golden-shop:10.00:19:true:Pass1_golden8") =
// d5cf3666e69944c8ef96eadd2c8d49ae (StepByStep's literal "true" after
// InvId, https://docs.robokassa.ru/holding), and a wrong one is error 29.
func TestRobokassaHoldGoldenLink(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{shop: RobokassaShop{MerchantLogin: "golden-shop", Password1: "Pass1_golden8"}})
	link := e.sbURL + "/Merchant/Index.aspx?MerchantLogin=golden-shop&OutSum=10.00&InvId=19&StepByStep=true&SignatureValue="
	if status, body, _ := e.get(link + "d5cf3666e69944c8ef96eadd2c8d49ae"); status != http.StatusOK || !strings.Contains(body, `id="hold"`) {
		t.Errorf("golden hold link: %d\n%s", status, body)
	}
	// md5("golden-shop:10.00:19:Pass1_golden8"): StepByStep left out.
	if _, body, _ := e.get(link + "848263345ecb5b78dcf50608e89e73e9"); rkErrCodeRE.FindStringSubmatch(body) == nil {
		t.Errorf("a signature without StepByStep was accepted:\n%s", body)
	}
}
