package providers_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/providers"
	"github.com/paykit/payments/robokassa"
	"github.com/paykit/payments/sandbox"
)

// sandboxConfigs are the configurations of the three providers on one
// sandbox: the same providers.Config an app reads from its environment,
// with the sandbox's URLs and credentials. webhook is the app's webhook
// URL of each deployment.
func sandboxConfigs(sb *sandbox.Server, webhook func(provider string) string) map[string]providers.Config {
	shop := sb.RobokassaShop()
	return map[string]providers.Config{
		"robokassa": {Provider: "robokassa", Sections: map[string]providers.Section{"robokassa": {
			"merchant_login": shop.MerchantLogin,
			"password1":      shop.Password1,
			"password2":      shop.Password2,
			"password3":      shop.Password3,
			"algorithm":      string(shop.Algorithm),
			"auth_url":       sb.URL(),
			"services_url":   sb.URL(),
			// The sandbox signs its ResultUrl2 notifications with a key
			// of its own.
			"result_url2_certificates": sb.RobokassaCertificate(),
		}}},
		"clientsdk": {Provider: "clientsdk", Sections: map[string]providers.Section{"clientsdk": {
			"base_url":         sb.URL(),
			"merchant_id":      sandbox.ClientSDKMerchantID,
			"product_id":       sandbox.ClientSDKProductID,
			"secret":           sandbox.ClientSDKSecret,
			"notification_url": webhook("clientsdk"),
		}}},
		"tbank": {Provider: "tbank", Sections: map[string]providers.Section{"tbank": {
			"terminal_key": sandbox.TBankTerminalKey,
			"password":     sandbox.TBankPassword,
			"base_url":     sb.TBankAPI().BaseURL,
		}}},
	}
}

// buyerPays is the buyer, not the app: they open the payment page and
// press Pay on the sandbox, which notifies the app.
func buyerPays(ctx context.Context, t *testing.T, sb *sandbox.Server, provider string, p *payments.Payment) {
	t.Helper()
	resp, err := http.Get(p.NextStep.URL)
	if err != nil {
		t.Fatalf("opening the payment page: %v", err)
	}
	_ = resp.Body.Close()
	switch provider {
	case "robokassa":
		inv, _ := strconv.ParseInt(p.OrderID, 10, 64)
		_, err = sb.RobokassaPay(ctx, inv)
	case "clientsdk":
		err = sb.ClientSDKPay(ctx, p.OrderID)
	case "tbank":
		err = sb.TBankPay(ctx, p.ID, "")
	}
	if err != nil {
		t.Fatalf("buyer pays %s: %v", p.OrderID, err)
	}
}

// app is one deployment of the shop: a Client opened from a Config and its
// one WebhookHandler, which keeps the events it was handed.
type app struct {
	client  *payments.Client
	handler http.Handler

	mu     sync.Mutex
	events []*payments.Event
	last   *http.Request // the last delivery, to deliver it again
	body   []byte
}

func (a *app) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	a.mu.Lock()
	a.last, a.body = r.Clone(context.Background()), body
	a.mu.Unlock()
	r.Body = io.NopCloser(bytes.NewReader(body))
	a.handler.ServeHTTP(w, r)
}

// waitEvent waits for the handled event of order orderID.
func (a *app) waitEvent(t *testing.T, orderID string) *payments.Event {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		a.mu.Lock()
		for _, ev := range a.events {
			if ev.OrderID == orderID {
				a.mu.Unlock()
				return ev
			}
		}
		a.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no webhook event for order %s", orderID)
	return nil
}

// redeliver sends the last delivery to the handler again, as a provider's
// retry would, and returns the HTTP status and how many events were
// handed to the app in all.
func (a *app) redeliver(t *testing.T) (int, int) {
	t.Helper()
	a.mu.Lock()
	r, body := a.last, a.body
	a.mu.Unlock()
	r.Body = io.NopCloser(bytes.NewReader(body))
	rec := httptest.NewRecorder()
	a.handler.ServeHTTP(rec, r)
	a.mu.Lock()
	defer a.mu.Unlock()
	return rec.Code, len(a.events)
}

// outcome is what the app observes of its flow; fields of operations the
// provider does not declare stay zero.
type outcome struct {
	NextStep        payments.NextStepKind
	Event           payments.Status
	EventAmount     string
	Redelivered     int // HTTP status of the repeated delivery
	Handled         int // events handed to the app after the repeat
	Confirmed       payments.Status
	Refund          payments.Status
	RefundReference string
	HeldStatus      payments.Status
	Captured        payments.Status
	Canceled        payments.Status
	Charged         payments.Status
}

// settle is what a portable app does with the answer to a money-moving
// call: a provider may answer that it is still processing it (Robokassa
// does), so the app looks the operation up until its outcome is final. It
// looks it up at least once, and fails when a final answer and the lookup
// disagree.
func settle(t *testing.T, first payments.Status, look func() (payments.Status, error)) payments.Status {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, err := look()
		if err != nil {
			t.Fatalf("looking the operation up: %v", err)
		}
		if st != payments.StatusProcessing && st != payments.StatusPending {
			if first != payments.StatusProcessing && first != payments.StatusPending && first != st {
				t.Errorf("the call answered %s, its lookup %s", first, st)
			}
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("still %s after 10s", st)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// newSwitchSandbox starts a shop (mux, whose webhook path for a provider
// is webhook(name)) and one sandbox speaking Robokassa, clientsdk and
// T-Bank that notifies it; both stop when t ends.
func newSwitchSandbox(t *testing.T) (mux *http.ServeMux, sb *sandbox.Server, webhook func(provider string) string) {
	t.Helper()
	mux = http.NewServeMux()
	shop := httptest.NewServer(mux)
	t.Cleanup(shop.Close)
	webhook = func(provider string) string { return shop.URL + "/webhook/" + provider }
	sb, err := sandbox.New(sandbox.Options{
		Robokassa: sandbox.RobokassaShop{Algorithm: robokassa.SHA256, ResultURL: webhook("robokassa")},
		ClientSDK: sandbox.ClientSDKMerchant{NotificationURL: webhook("clientsdk")},
		TBank:     sandbox.TBankTerminal{NotificationURL: webhook("tbank")},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb.Handler())
	sb.SetBaseURL(srv.URL)
	t.Cleanup(func() { _ = sb.Close(); srv.Close() })
	return mux, sb, webhook
}

// TestSwitchProviderOnSandbox runs one app flow, written against
// payments.Client alone, on robokassa, clientsdk and tbank, each opened
// from a providers.Config on one sandbox: switching providers is a
// configuration change for every operation that two providers both
// declare, with the same observable outcomes.
func TestSwitchProviderOnSandbox(t *testing.T) {
	mux, sb, webhook := newSwitchSandbox(t)

	configs := sandboxConfigs(sb, webhook)
	got := map[string]outcome{}
	caps := map[string]payments.Capabilities{}
	for _, name := range []string{"robokassa", "clientsdk", "tbank"} {
		cfg := configs[name]
		a := &app{}
		client, err := providers.Open(t.Context(), cfg)
		if err != nil {
			t.Fatalf("%s: Open: %v", name, err)
		}
		a.client = client
		a.handler = client.WebhookHandler(func(_ context.Context, ev *payments.Event) error {
			a.mu.Lock()
			a.events = append(a.events, ev)
			a.mu.Unlock()
			return nil
		}, nil)
		mux.Handle("/webhook/"+name, a)
		caps[name] = client.Capabilities()
		t.Run(name, func(t *testing.T) {
			got[name] = shopFlow(t, a, webhook(name), func(p *payments.Payment) { buyerPays(t.Context(), t, sb, name, p) })
		})
	}

	want := outcome{
		NextStep: payments.NextRedirect, Event: payments.StatusSucceeded, EventAmount: "10.00 RUB",
		Redelivered: http.StatusOK, Handled: 1, Confirmed: payments.StatusSucceeded,
		Refund: payments.StatusSucceeded, RefundReference: "refund-1",
		HeldStatus: payments.StatusAuthorized, Captured: payments.StatusSucceeded,
		Canceled: payments.StatusCanceled, Charged: payments.StatusSucceeded,
	}
	for name, o := range got {
		if diff := cmp.Diff(declared(want, caps[name]), o); diff != "" {
			t.Errorf("%s: outcome (-want +got):\n%s", name, diff)
		}
	}
	// Every pair: for what both declare, the same outcome.
	names := []string{"robokassa", "clientsdk", "tbank"}
	for i, a := range names {
		for _, b := range names[i+1:] {
			if _, ok := got[a]; !ok {
				continue
			}
			if _, ok := got[b]; !ok {
				continue
			}
			both := intersect(caps[a], caps[b])
			if diff := cmp.Diff(declared(got[a], both), declared(got[b], both)); diff != "" {
				t.Errorf("%s and %s differ on operations both declare (-%s +%s):\n%s", a, b, a, b, diff)
			}
		}
	}
}

// shopFlow is the app: it knows nothing of the provider behind a.client.
// pay stands for the buyer.
func shopFlow(t *testing.T, a *app, notify string, pay func(*payments.Payment)) outcome {
	ctx := t.Context()
	c := a.client
	caps := c.Capabilities()
	t.Logf("declared: %v, holds %v", caps.Operations, caps.Holds)
	amount := payments.MustParseMoney("10.00", payments.RUB)
	var o outcome
	start := func(orderID string, hold, recurring bool) *payments.Payment {
		t.Helper()
		p, err := c.InitPayment(ctx, &payments.InitRequest{
			OrderID: orderID, Amount: amount, Description: "Order " + orderID, Language: "en",
			SuccessURL: "https://shop.example/success", NotificationURL: notify, Hold: hold, Recurring: recurring,
		})
		if err != nil {
			t.Fatalf("InitPayment %s: %v", orderID, err)
		}
		return p
	}

	lookup := func(orderID string) func() (payments.Status, error) {
		return func() (payments.Status, error) {
			p, err := c.PaymentStatus(ctx, orderID)
			if err != nil {
				return "", err
			}
			return p.Status, nil
		}
	}

	p := start("5001", false, false)
	o.NextStep = p.NextStep.Kind
	pay(p)
	ev := a.waitEvent(t, "5001")
	o.Event, o.EventAmount = ev.Status, ev.Amount.String()
	o.Redelivered, o.Handled = a.redeliver(t)
	st, err := c.ConfirmPayment(ctx, "5001", amount)
	if err != nil {
		t.Fatalf("ConfirmPayment: %v", err)
	}
	o.Confirmed = st.Status

	if caps.Supports(payments.OpRefund) {
		r, err := c.Refund(ctx, &payments.RefundRequest{OrderID: "5001", Amount: &amount, Reference: "refund-1"})
		if err != nil {
			t.Fatalf("Refund: %v", err)
		}
		o.Refund = settle(t, r.Status, func() (payments.Status, error) {
			r, err := c.RefundStatus(ctx, r.ID)
			if err != nil {
				return "", err
			}
			return r.Status, nil
		})
		o.RefundReference = r.Reference
	}
	if caps.Holds && caps.Supports(payments.OpCapture) {
		p := start("5002", true, false)
		pay(p)
		st, err := c.PaymentStatus(ctx, "5002")
		if err != nil {
			t.Fatalf("PaymentStatus of the hold: %v", err)
		}
		o.HeldStatus = st.Status
		cp, err := c.Capture(ctx, &payments.CaptureRequest{OrderID: "5002", PaymentID: st.ID})
		if err != nil {
			t.Fatalf("Capture: %v", err)
		}
		o.Captured = settle(t, cp.Status, lookup("5002"))
	}
	if caps.Holds && caps.Supports(payments.OpCancel) {
		p := start("5003", true, false)
		pay(p)
		st, err := c.PaymentStatus(ctx, "5003")
		if err != nil {
			t.Fatalf("PaymentStatus of the hold: %v", err)
		}
		o.HeldStatus = st.Status
		cn, err := c.Cancel(ctx, &payments.CancelRequest{OrderID: "5003", PaymentID: st.ID})
		if err != nil {
			t.Fatalf("Cancel: %v", err)
		}
		o.Canceled = settle(t, cn.Status, lookup("5003"))
	}
	if caps.Recurring && caps.Supports(payments.OpCharge) {
		// The parent, paid by the buyer; its mandate (where the provider
		// issues one) arrives with its notification.
		pay(start("5004", false, true))
		parent := a.waitEvent(t, "5004")
		ch, err := c.Charge(ctx, &payments.ChargeRequest{OrderID: "5005", ParentOrderID: "5004", Mandate: parent.Mandate, Amount: amount, Description: "Order 5005"})
		if err != nil {
			t.Fatalf("Charge: %v", err)
		}
		o.Charged = settle(t, ch.Status, lookup("5005"))
	}
	return o
}

// declared keeps the fields of o that caps's operations produce.
func declared(o outcome, caps payments.Capabilities) outcome {
	if !caps.Supports(payments.OpRefund) {
		o.Refund, o.RefundReference = "", ""
	}
	if !caps.Holds || !caps.Supports(payments.OpCapture) {
		o.Captured = ""
	}
	if !caps.Holds || !caps.Supports(payments.OpCancel) {
		o.Canceled = ""
	}
	if !caps.Recurring || !caps.Supports(payments.OpCharge) {
		o.Charged = ""
	}
	if !caps.Holds || (!caps.Supports(payments.OpCapture) && !caps.Supports(payments.OpCancel)) {
		o.HeldStatus = ""
	}
	return o
}

// intersect is what both a and b declare, as far as the flow uses it.
func intersect(a, b payments.Capabilities) payments.Capabilities {
	var c payments.Capabilities
	c.Holds = a.Holds && b.Holds
	c.Recurring = a.Recurring && b.Recurring
	for _, op := range a.Operations {
		if b.Supports(op) {
			c.Operations = append(c.Operations, op)
		}
	}
	return c
}
