package sandbox

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/robokassa"
)

// The whole flow through the real provider: link, page, Pay, the verified
// ResultURL notification, SuccessURL, OpStateExt, refunds.
func TestRobokassaPayFlow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newRKEnv(t, rkEnvOptions{})
	link := e.link(&robokassa.Link{Amount: rubs("10.00"), InvID: 19, Description: "Order 42", Culture: "ru", Shp: map[string]string{"order": "42"}})

	if _, err := e.client.PaymentStatus(ctx, "19"); !errors.Is(err, payments.ErrNotFound) {
		t.Fatalf("status before the page was shown: %v, want ErrNotFound (Result code 3)", err)
	}
	inv, token := e.open(link)
	if inv != "19" {
		t.Fatalf("InvId on the page = %s, want 19", inv)
	}
	st, err := e.prov.OpState(ctx, 19)
	if err != nil || st.StateCode != robokassa.StateInitiated || st.Status != payments.StatusPending {
		t.Fatalf("OpState before Pay = %+v, %v; want state 5, pending", st, err)
	}

	status, _, loc := e.press("pay", token)
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, e.shopURL+"/success?") {
		t.Fatalf("Pay answered %d to %q, want 303 to the SuccessURL", status, loc)
	}
	// The first notification attempt ends before the buyer is redirected,
	// so the app already knows.
	select {
	case ev := <-e.events:
		want := &payments.Event{ID: "result:sandbox-shop:19", Type: payments.EventPayment, OrderID: "19", Status: payments.StatusSucceeded,
			Amount: rubs("10.00"), Metadata: map[string]string{"order": "42"}, Ack: robokassa.ResultAck("19")}
		if diff := cmp.Diff(want, ev, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Raw" }, cmp.Ignore())); diff != "" {
			t.Errorf("event (-want +got):\n%s", diff)
		}
	default:
		t.Fatal("the app had not handled the notification when the buyer was redirected")
	}
	u, _ := url.Parse(loc)
	n, err := e.prov.VerifySuccessURL(u.Query())
	if err != nil {
		t.Fatalf("SuccessURL does not verify: %v", err)
	}
	if n.InvID != "19" || n.OutSum != "10.000000" || n.Culture != "ru" || n.Shp["order"] != "42" {
		t.Errorf("SuccessURL = %+v", n)
	}

	p, err := e.client.ConfirmPayment(ctx, "19", rubs("10.00"))
	if err != nil || p.Status != payments.StatusSucceeded {
		t.Fatalf("ConfirmPayment = %+v, %v", p, err)
	}
	snap, _ := e.sb.RobokassaPayment(19)
	if _, ok := p.Raw["OpKey"]; ok {
		t.Errorf("Payment.Raw holds the OpKey, a saved-card token: %v", p.Raw)
	}
	if snap.State != robokassa.StatePaid || snap.Delivered != 1 || snap.OpKey == "" {
		t.Errorf("sandbox payment = %+v", snap)
	}
	if snap.OpKey != e.sb.rk.opKey(19) {
		t.Errorf("OpKey %q is not the deterministic one", snap.OpKey)
	}

	// Refunds: part, the rest, then nothing is left.
	part := rubs("4.00")
	r1, err := e.client.Refund(ctx, &payments.RefundRequest{OrderID: "19", Reference: "r-1", Amount: &part})
	if err != nil {
		t.Fatalf("partial refund: %v", err)
	}
	rs, err := e.client.RefundStatus(ctx, r1.ID)
	if err != nil || rs.Status != payments.StatusSucceeded || !rs.Amount.Equal(part) {
		t.Fatalf("refund status = %+v, %v", rs, err)
	}
	too := rubs("6.01")
	if _, err := e.client.Refund(ctx, &payments.RefundRequest{OrderID: "19", Reference: "r-2", Amount: &too}); !errors.Is(err, payments.ErrInsufficientFunds) {
		t.Errorf("refund of more than is left: %v, want ErrInsufficientFunds", err)
	}
	if _, err := e.client.Refund(ctx, &payments.RefundRequest{OrderID: "19", Reference: "r-3"}); err != nil {
		t.Fatalf("refund of the rest: %v", err)
	}
	if snap, _ := e.sb.RobokassaPayment(19); !snap.Refunded.Equal(rubs("10.00")) {
		t.Errorf("refunded = %v, want 10.00 RUB", snap.Refunded)
	}
	if _, err := e.client.Refund(ctx, &payments.RefundRequest{OrderID: "19", Reference: "r-4"}); !errors.Is(err, payments.ErrDuplicate) {
		t.Errorf("refund after a full refund: %v, want ErrDuplicate (AlreadyRefunded)", err)
	}

	// The page's token is spent, and a paid InvId cannot be shown again.
	if status, _, _ := e.press("pay", token); status != http.StatusBadRequest {
		t.Errorf("second Pay with the same token: %d, want 400", status)
	}
	if _, body, _ := e.get(link); !strings.Contains(body, "already been paid") {
		t.Errorf("page of a paid invoice:\n%s", body)
	}
}

// The shop answers 500 twice; the sandbox retries until it gets OK{InvId}.
func TestRobokassaResultRetries(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{})
	e.failNext.Store(2)
	_, token := e.open(e.link(&robokassa.Link{Amount: rubs("250.50"), InvID: 7, Description: "retry"}))
	if status, _, loc := e.press("pay", token); status != http.StatusSeeOther || !strings.HasPrefix(loc, e.shopURL+"/success?") {
		t.Fatalf("Pay answered %d to %q", status, loc)
	}
	ev := e.event()
	if ev.OrderID != "7" || !ev.Amount.Equal(rubs("250.50")) {
		t.Errorf("event = %+v", ev)
	}
	for i := range 3 {
		if h := e.hit(); !strings.HasPrefix(h, "OutSum=250.500000&InvId=7&") {
			t.Errorf("attempt %d sent %q", i+1, h)
		}
	}
	eventually(t, "the sandbox counts the accepted notification", func() bool {
		p, _ := e.sb.RobokassaPayment(7)
		return p.Delivered == 1
	})
}

func TestRobokassaDecline(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newRKEnv(t, rkEnvOptions{})
	_, token := e.open(e.link(&robokassa.Link{Amount: rubs("99.00"), InvID: 8, Culture: "en"}))
	status, _, loc := e.press("decline", token)
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, e.shopURL+"/fail?") {
		t.Fatalf("Decline answered %d to %q", status, loc)
	}
	u, _ := url.Parse(loc)
	// FailURL gets OutSum, InvId and Culture, unsigned
	// (https://docs.robokassa.ru/notifications-and-redirects).
	if diff := cmp.Diff(url.Values{"OutSum": {"99.000000"}, "InvId": {"8"}, "Culture": {"en"}}, u.Query()); diff != "" {
		t.Errorf("FailURL query (-want +got):\n%s", diff)
	}
	if _, err := e.prov.ParseFailURL(u.Query()); err != nil {
		t.Errorf("ParseFailURL: %v", err)
	}
	p, err := e.client.PaymentStatus(ctx, "8")
	if err != nil || p.Status != payments.StatusCanceled || p.Raw["StateCode"] != "10" {
		t.Errorf("status after Decline = %+v, %v; want canceled (10)", p, err)
	}
	e.noEvent()
}

// InitPayment's SuccessURL and FailURL travel as SuccessUrl2 and FailUrl2,
// and a Link's ResultUrl2 gets the JWS notification (state OK) while the
// classic ResultURL form goes to the shop's ResultURL only (here none); the
// buyer goes to SuccessUrl2.
func TestRobokassaURL2(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newRKEnv(t, rkEnvOptions{noShop: true})
	p, err := e.client.InitPayment(ctx, &payments.InitRequest{
		OrderID: "31", Amount: rubs("12.34"), Description: "url2",
		SuccessURL: e.shopURL + "/success?from=sandbox", FailURL: e.shopURL + "/fail",
		Metadata: map[string]string{"cart": "7"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if q, _ := url.ParseQuery(p.NextStep.URL[strings.Index(p.NextStep.URL, "?")+1:]); q.Has("ResultUrl2") {
		t.Errorf("InitPayment sent ResultUrl2: %s", p.NextStep.URL)
	}
	_, token := e.open(e.link(&robokassa.Link{
		Amount: rubs("12.34"), InvID: 31, Description: "url2",
		ResultURL2: e.shopURL + "/result2", SuccessURL2: e.shopURL + "/success?from=sandbox", SuccessURL2Method: "GET",
		Shp: map[string]string{"cart": "7"},
	}))
	status, _, loc := e.press("pay", token)
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, e.shopURL+"/success?from=sandbox&OutSum=12.340000&InvId=31&") {
		t.Fatalf("Pay answered %d to %q", status, loc)
	}
	data := e.notice2(e.sb.RobokassaCertificate()).Data
	if data.InvID != "31" || data.State != "OK" || data.IncSum != "12.34" {
		t.Errorf("ResultUrl2 data %+v", data)
	}
	e.noEvent()
}

// SuccessUrl2Method=POST makes the browser post the fields.
func TestRobokassaSuccessPOST(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{})
	_, token := e.open(e.link(&robokassa.Link{Amount: rubs("5.00"), InvID: 41, SuccessURL2: e.shopURL + "/success", SuccessURL2Method: "POST"}))
	status, body, _ := e.press("pay", token)
	if status != http.StatusOK || !strings.Contains(body, `<form id="payments-next-step" method="post" action="`+e.shopURL+`/success"`) ||
		!strings.Contains(body, `name="SignatureValue"`) || !strings.Contains(body, `name="OutSum" value="5.000000"`) {
		t.Fatalf("Pay answered %d\n%s", status, body)
	}
	e.event()
}

// Test payments (IsTest=1) use the test passwords both ways.
func TestRobokassaTestMode(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newRKEnv(t, rkEnvOptions{cfg: func(c *robokassa.Config) { c.TestMode = true }})
	p, err := e.client.InitPayment(ctx, &payments.InitRequest{OrderID: "51", Amount: rubs("1.00"), Description: "test"})
	if err != nil {
		t.Fatal(err)
	}
	status, body, _ := e.get(p.NextStep.URL)
	if status != http.StatusOK || !strings.Contains(body, `id="test-mode"`) {
		t.Fatalf("test page: %d\n%s", status, body)
	}
	_, _, _ = e.press("pay", rkTokenRE.FindStringSubmatch(body)[1])
	if h := e.hit(); !strings.Contains(h, "&IsTest=1&") {
		t.Errorf("test notification %q has no IsTest=1", h)
	}
	if ev := e.event(); ev.Raw[robokassa.UnsignedPrefix+"IsTest"] != "1" || ev.ID != "result:test:sandbox-shop:51" {
		t.Errorf("event %+v", ev)
	}
	// A live provider cannot verify it: the shop refuses the test signature.
	live := e.sb.RobokassaConfig()
	lp, _ := robokassa.New(live)
	form := url.Values{"OutSum": {"1.000000"}, "InvId": {"51"}, "SignatureValue": {robokassa.MD5.Sign("1.000000:51:" + DefaultRobokassaTestPassword2)}}
	if err := lp.VerifyResultSignature(form); !errors.Is(err, payments.ErrInvalidSignature) {
		t.Errorf("live verification of a test notification: %v", err)
	}
}

// A link in another currency is converted at the sandbox's fixed rate.
func TestRobokassaOutSumCurrency(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{})
	_, token := e.open(e.link(&robokassa.Link{Amount: payments.MustParseMoney("1.50", payments.USD), InvID: 61}))
	e.press("pay", token)
	if ev := e.event(); !ev.Amount.Equal(rubs("135.00")) {
		t.Errorf("event amount %v, want 135.00 RUB (1.50 USD at 90)", ev.Amount)
	}
}

// StepByStep holds the money: state 20, no ResultURL notification.
func TestRobokassaHold(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{})
	_, token := e.open(e.link(&robokassa.Link{Amount: rubs("3.00"), InvID: 81, StepByStep: true}))
	if status, _, _ := e.press("pay", token); status != http.StatusSeeOther {
		t.Fatalf("Pay: %d", status)
	}
	if st, _ := e.sb.RobokassaState(81); st != robokassa.StateHeld {
		t.Errorf("state %d, want 20", st)
	}
	e.noEvent()
}

// RobokassaPay and RobokassaDecline act without a browser.
func TestRobokassaPayWithoutBrowser(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{})
	e.open(e.link(&robokassa.Link{Amount: rubs("10.00"), InvID: 91}))
	e.open(e.link(&robokassa.Link{Amount: rubs("10.00"), InvID: 92}))
	loc, err := e.sb.RobokassaPay(t.Context(), 91)
	if err != nil || !strings.HasPrefix(loc, e.shopURL+"/success?OutSum=10.000000&InvId=91&") {
		t.Fatalf("RobokassaPay = %q, %v", loc, err)
	}
	if e.event().OrderID != "91" {
		t.Error("wrong event")
	}
	if _, err := e.sb.RobokassaPay(t.Context(), 91); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("second RobokassaPay: %v", err)
	}
	if _, err := e.sb.RobokassaPay(t.Context(), 1); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("RobokassaPay of an unknown invoice: %v", err)
	}
	if loc, err := e.sb.RobokassaDecline(t.Context(), 92); err != nil || !strings.HasPrefix(loc, e.shopURL+"/fail?") {
		t.Errorf("RobokassaDecline = %q, %v", loc, err)
	}
	if _, ok := e.sb.RobokassaState(93); ok {
		t.Error("unknown invoice reported")
	}
}

// Without a SuccessURL the sandbox shows its own page.
func TestRobokassaNoShopURLs(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{noShop: true})
	_, token := e.open(e.link(&robokassa.Link{Amount: rubs("10.00"), InvID: 95}))
	status, body, _ := e.press("pay", token)
	if status != http.StatusOK || !strings.Contains(body, "The payment succeeded") {
		t.Fatalf("Pay without a SuccessURL: %d\n%s", status, body)
	}
	if st, _ := e.sb.RobokassaState(95); st != robokassa.StatePaid {
		t.Errorf("state %d", st)
	}
}
