package sandbox

import (
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/clientsdk"
)

// TestClientSDKRedirectFlow drives the whole redirect payment through the
// real clientsdk provider: init, the payment page, Pay, the signed webhook
// to the shop's WebhookHandler (which answers 500 twice first, so the
// sandbox retries), the finish redirect, the status, the balance, a payout
// and its status.
func TestClientSDKRedirectFlow(t *testing.T) {
	t.Parallel()
	e := newCSEnv(t)
	e.shop.failNext(2)
	ctx := e.ctx()

	pay, err := e.client.InitPayment(ctx, e.initReq("A-1", "10.00"))
	if err != nil {
		t.Fatal(err)
	}
	if pay.Status != payments.StatusRequiresAction || pay.NextStep.Kind != payments.NextRedirect ||
		!strings.HasPrefix(pay.NextStep.URL, e.api.URL+csPagePath) {
		t.Fatalf("init: status %q, next step %+v; want requires_action and a redirect to the sandbox page", pay.Status, pay.NextStep)
	}
	before, err := e.client.PaymentStatus(ctx, "A-1")
	if err != nil || before.Status != payments.StatusPending {
		t.Fatalf("status before paying: %v, %v; want pending", before, err)
	}

	form, html := e.openPage(pay.NextStep.URL)
	if form == nil {
		t.Fatalf("the page has no Pay/Decline form:\n%s", html)
	}
	if !strings.Contains(html, "10.00") || !strings.Contains(html, "Order A-1") {
		t.Errorf("the page does not show the order and amount:\n%s", html)
	}
	loc := e.pressRedirect(form, "pay")

	ev := e.waitEvent("A-1")
	if ev.Type != payments.EventPayment || ev.Status != payments.StatusSucceeded || !ev.Amount.Equal(e.rub("10.00")) {
		t.Errorf("event: type %q, status %q, amount %s; want payment, succeeded, 10.00 RUB", ev.Type, ev.Status, ev.Amount)
	}
	if got := len(e.shop.deliveriesOf("A-1")); got != 3 {
		t.Errorf("%d deliveries, want 3 (two answered 500, then accepted)", got)
	}
	ids := map[string]bool{}
	for _, d := range e.shop.deliveriesOf("A-1") {
		ids[d.Get("webhook_id")] = true
	}
	if len(ids) != 1 {
		t.Errorf("retries carry webhook ids %v, want one id for all", ids)
	}

	// The finish redirect: the fields of the SDKs' finish_url samples
	// (github.com/creater777/sbank README.MD; github.com/Space-Around/client-payment-sdk-python
	// examples/test.py @ 3166d3e), 4 decimals, signed.
	if loc.Path != "/done" {
		t.Errorf("redirect to %s, want the finish_url", loc)
	}
	q := loc.Query()
	want := url.Values{
		"amount": {"10.0000"}, "invoice_id": {ev.PaymentID}, "product_id": {"15"}, "merchant_id": {"13"},
		"order": {"A-1"}, "currency": {"RUB"}, "signature": {q.Get("signature")},
	}
	if diff := cmp.Diff(want, q); diff != "" {
		t.Errorf("finish redirect query (-want +got):\n%s", diff)
	}
	sig := csSign(t, "/done", http.MethodGet, []clientsdk.Param{
		{Key: "amount", Value: "10.0000"}, {Key: "invoice_id", Value: ev.PaymentID}, {Key: "product_id", Value: "15"},
		{Key: "merchant_id", Value: "13"}, {Key: "order", Value: "A-1"}, {Key: "currency", Value: "RUB"},
	})
	if q.Get("signature") != sig {
		t.Errorf("finish redirect signature %q, want %q", q.Get("signature"), sig)
	}

	got, err := e.client.ConfirmPayment(ctx, "A-1", e.rub("10.00"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != payments.StatusSucceeded || got.ID != ev.PaymentID {
		t.Errorf("status %q id %q, want succeeded and %q", got.Status, got.ID, ev.PaymentID)
	}
	if st, ok := e.sb.ClientSDKPayment("A-1"); st != "complete" || !ok {
		t.Errorf("ClientSDKPayment = %q, %v; want complete, true", st, ok)
	}

	e.expectBalance("10.00")
	w, err := e.client.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "P-1", Amount: e.rub("4.00"), Card: &payments.Card{Number: csTestCard}})
	if err != nil {
		t.Fatal(err)
	}
	if w.ID == "" || w.Status != payments.StatusSucceeded || !w.Amount.Equal(e.rub("4.00")) {
		t.Errorf("payout: id %q status %q amount %s; want an id, succeeded, 4.00", w.ID, w.Status, w.Amount)
	}
	pev := e.waitEvent("P-1")
	if pev.Type != payments.EventWithdrawal || pev.Status != payments.StatusSucceeded || pev.PaymentID != w.ID || !pev.Amount.Equal(e.rub("4.00")) {
		t.Errorf("payout event: type %q status %q id %q amount %s", pev.Type, pev.Status, pev.PaymentID, pev.Amount)
	}
	for name, q := range map[string]payments.WithdrawalQuery{"by id": {ID: w.ID}, "by order": {OrderID: "P-1"}} {
		s, err := e.client.WithdrawalStatus(ctx, q)
		if err != nil {
			t.Fatalf("withdrawal status %s: %v", name, err)
		}
		if s.ID != w.ID || s.OrderID != "P-1" || s.Status != payments.StatusSucceeded {
			t.Errorf("withdrawal status %s: id %q order %q status %q", name, s.ID, s.OrderID, s.Status)
		}
	}
	if st, ok := e.sb.ClientSDKWithdrawal("P-1"); st != "complete" || !ok {
		t.Errorf("ClientSDKWithdrawal = %q, %v; want complete, true", st, ok)
	}
	e.expectBalance("6.00")
}

// TestClientSDKWebhookBeforeRedirect checks that the buyer is redirected
// only after the first webhook attempt was answered, so that the shop's
// order page shows the payment paid right away.
func TestClientSDKWebhookBeforeRedirect(t *testing.T) {
	t.Parallel()
	e := newCSEnv(t)
	pay, err := e.client.InitPayment(e.ctx(), e.initReq("B-1", "25.50"))
	if err != nil {
		t.Fatal(err)
	}
	form, _ := e.openPage(pay.NextStep.URL)
	e.pressRedirect(form, "pay")
	e.shop.mu.Lock()
	n := len(e.shop.handled)
	e.shop.mu.Unlock()
	if n != 1 {
		t.Fatalf("%d events handled when the buyer was redirected, want 1", n)
	}
}

// TestClientSDKDecline presses Decline: the payment fails, the webhook says
// failed, the balance stays empty, and the used page cannot be pressed
// again.
func TestClientSDKDecline(t *testing.T) {
	t.Parallel()
	e := newCSEnv(t)
	pay, err := e.client.InitPayment(e.ctx(), e.initReq("D-1", "10.00"))
	if err != nil {
		t.Fatal(err)
	}
	form, _ := e.openPage(pay.NextStep.URL)
	loc := e.pressRedirect(form, "decline")
	if loc.Path != "/done" || loc.Query().Get("order") != "D-1" {
		t.Errorf("declined payment redirects to %s, want the finish_url", loc)
	}
	ev := e.waitEvent("D-1")
	if ev.Status != payments.StatusFailed || ev.ErrorCode != "common" {
		t.Errorf("event status %q code %q, want failed, common", ev.Status, ev.ErrorCode)
	}
	st, err := e.client.PaymentStatus(e.ctx(), "D-1")
	if err != nil || st.Status != payments.StatusFailed {
		t.Fatalf("status: %v, %v; want failed", st, err)
	}
	e.expectBalance("0")

	resp := e.press(form, "pay")
	again, html := e.readPage(resp)
	if again != nil || !strings.Contains(html, `id="state"`) {
		t.Errorf("pressing Pay on a declined payment showed a form again:\n%s", html)
	}
	if st, _ := e.sb.ClientSDKPayment("D-1"); st != "failed" {
		t.Errorf("payment %q after a second press, want failed", st)
	}
}

// TestClientSDKPageToken checks that a page action needs the page's token.
func TestClientSDKPageToken(t *testing.T) {
	t.Parallel()
	e := newCSEnv(t)
	pay, err := e.client.InitPayment(e.ctx(), e.initReq("T-1", "10.00"))
	if err != nil {
		t.Fatal(err)
	}
	form, _ := e.openPage(pay.NextStep.URL)
	forged := *form
	forged.token = strings.Repeat("0", len(form.token))
	resp := e.press(&forged, "pay")
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a forged token got HTTP %d, want 403", resp.StatusCode)
	}
	if st, _ := e.sb.ClientSDKPayment("T-1"); st != "new" {
		t.Errorf("payment %q after a forged press, want new", st)
	}
}

// TestClientSDKCardFlow checks host-to-host card payments: decided at once,
// answered with a redirect to the signed finish_url (the documented init
// answer of github.com/creater777/sbank README.MD), with the webhook and status to match.
func TestClientSDKCardFlow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, amount string
		want         payments.Status
		wantError    string
	}{
		{name: "paid", amount: "10.00", want: payments.StatusSucceeded},
		{name: "declined_by_trigger_13.13", amount: TriggerDecline, want: payments.StatusFailed, wantError: "insufficient funds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newCSEnv(t)
			r := e.initReq("C-1", tt.amount)
			r.Card = csCard()
			pay, err := e.client.InitPayment(e.ctx(), r)
			if err != nil {
				t.Fatal(err)
			}
			if pay.NextStep.Kind != payments.NextRedirect || !strings.HasPrefix(pay.NextStep.URL, e.shop.srv.URL+"/done?amount=") {
				t.Errorf("next step %+v, want a redirect to the finish_url", pay.NextStep)
			}
			for k, v := range pay.Raw {
				if strings.Contains(v, csTestCard) {
					t.Errorf("answer field %q holds the card number", k)
				}
			}
			ev := e.waitEvent("C-1")
			if ev.Status != tt.want || ev.ErrorMessage != tt.wantError {
				t.Errorf("event: status %q error %q; want %q %q", ev.Status, ev.ErrorMessage, tt.want, tt.wantError)
			}
			st, err := e.client.PaymentStatus(e.ctx(), "C-1")
			if err != nil {
				t.Fatal(err)
			}
			if st.Status != tt.want || st.ErrorMessage != tt.wantError {
				t.Errorf("status %q error %q; want %q %q", st.Status, st.ErrorMessage, tt.want, tt.wantError)
			}
		})
	}
}

// TestClientSDKThreeDSFlow posts the buyer to the ACS page with the answer's
// form_data and presses Pay or Decline there.
func TestClientSDKThreeDSFlow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, action string
		want         payments.Status
	}{
		{name: "pay", action: "pay", want: payments.StatusSucceeded},
		{name: "decline", action: "decline", want: payments.StatusFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newCSEnv(t)
			r := e.initReq("S-1", "10.00")
			r.Card = csCard()
			r.Browser = csBrowser()
			pay, err := e.client.InitPayment(e.ctx(), r)
			if err != nil {
				t.Fatal(err)
			}
			step := pay.NextStep
			if step.Kind != payments.NextPostForm || step.URL != e.api.URL+csACSPath {
				t.Fatalf("next step %+v, want a form to post to the ACS page", step)
			}
			var names []string
			fields := url.Values{}
			for _, f := range step.Fields {
				names = append(names, f.Name)
				fields.Set(f.Name, f.Value)
			}
			if diff := cmp.Diff([]string{"creq", "threeDSSessionData"}, names); diff != "" {
				t.Errorf("form_data fields (-want +got):\n%s", diff)
			}
			if st, _ := e.client.PaymentStatus(e.ctx(), "S-1"); st == nil || st.Status != payments.StatusPending {
				t.Errorf("status before the challenge: %v, want pending", st)
			}
			resp, err := e.browser.PostForm(step.URL, fields)
			if err != nil {
				t.Fatal(err)
			}
			form, html := e.readPage(resp)
			if form == nil || !strings.Contains(html, "411111******1111") {
				t.Fatalf("the ACS page has no form or masked card:\n%s", html)
			}
			e.pressRedirect(form, tt.action)
			if ev := e.waitEvent("S-1"); ev.Status != tt.want {
				t.Errorf("event status %q, want %q", ev.Status, tt.want)
			}
			st, err := e.client.PaymentStatus(e.ctx(), "S-1")
			if err != nil || st.Status != tt.want {
				t.Errorf("status %v, %v; want %q", st, err, tt.want)
			}
		})
	}
}

// expectBalance checks the RUB balance through the provider.
func (e *csEnv) expectBalance(amount string) {
	e.t.Helper()
	b, err := e.client.Balance(e.ctx(), payments.RUB)
	if err != nil {
		e.t.Fatal(err)
	}
	if !b.Available.Equal(e.rub(amount)) {
		e.t.Errorf("balance %s, want %s RUB", b.Available, amount)
	}
}

// deliveriesOf returns the raw deliveries of order so far.
func (s *csShop) deliveriesOf(order string) []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []url.Values
	for _, d := range s.deliveries {
		if d.Get("order") == order {
			out = append(out, d)
		}
	}
	return out
}

// csCountingTransport counts the webhook deliveries it is handed and
// answers each with csAcceptAll.
type csCountingTransport struct{ n *atomic.Int32 }

func (c csCountingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return csAcceptAll{}.RoundTrip(r)
}

// TestClientSDKNoDeliveryAfterClose checks that a closed sandbox hands no
// notification to its HTTP client, and that acting as the buyer after
// Close does not wait for one.
func TestClientSDKNoDeliveryAfterClose(t *testing.T) {
	t.Parallel()
	var sent atomic.Int32
	sb, err := New(Options{HTTPClient: &http.Client{Transport: csCountingTransport{&sent}}, RetryDelay: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	sb.SetBaseURL("https://sandbox.test")
	body := csSignedBody(t, "/init", http.MethodPost, []clientsdk.Param{
		{Key: "amount", Value: "10.00"}, {Key: "merchant_id", Value: ClientSDKMerchantID}, {Key: "order", Value: "Z-1"},
		{Key: "product_id", Value: ClientSDKProductID}, {Key: "notification_url", Value: "https://shop.example/webhooks"},
	})
	if rec := csServe(sb, http.MethodPost, "/init", body); rec.Code != http.StatusOK {
		t.Fatalf("init: HTTP %d: %s", rec.Code, rec.Body)
	}
	if err := sb.Close(); err != nil {
		t.Fatal(err)
	}
	if err := sb.ClientSDKPay(t.Context(), "Z-1"); err != nil {
		t.Fatal(err)
	}
	if err := sb.Close(); err != nil { // waits for anything started
		t.Fatal(err)
	}
	if n := sent.Load(); n != 0 {
		t.Errorf("%d webhook deliveries after Close, want 0", n)
	}
	if st, _ := sb.ClientSDKPayment("Z-1"); st != csComplete {
		t.Errorf("payment %q, want %q: Close stops notifications, not the API", st, csComplete)
	}
}
