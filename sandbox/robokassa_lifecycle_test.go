package sandbox

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/robokassa"
	"github.com/shopspring/decimal"
)

// The lifecycle end to end through payments.Client and the robokassa
// provider from sb.RobokassaConfig(), against the sandbox on the wire.

// initHeld starts a hold of amount for order with ResultUrl2 at the app's
// WebhookHandler, pays it, and returns the authorized event.
func (e *rkEnv) initHeld(order, amount string) *payments.Event {
	e.t.Helper()
	p, err := e.client.InitPayment(context.Background(), &payments.InitRequest{OrderID: order, Amount: rubs(amount),
		Description: "reserve now", Hold: true, NotificationURL: e.shopURL + "/webhook2"})
	if err != nil {
		e.t.Fatal(err)
	}
	if p.NextStep.Kind != payments.NextRedirect {
		e.t.Fatalf("hold's next step %+v", p.NextStep)
	}
	_, token := e.open(p.NextStep.URL)
	e.press("pay", token)
	ev := e.event()
	<-e.jws
	if ev.OrderID != order || ev.Status != payments.StatusAuthorized {
		e.t.Fatalf("hold event %+v", ev)
	}
	return ev
}

// Hold, the ResultUrl2 HOLD notification verified with the published
// certificate (authorized), a partial Capture, then the ResultURL and
// ResultUrl2 notifications of the capture (succeeded, 7.50).
func TestRobokassaLifecycleCapture(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newRKEnv(t, rkEnvOptions{})
	e.initHeld("61", "10.00")
	if p, err := e.client.PaymentStatus(ctx, "61"); err != nil || p.Status != payments.StatusAuthorized {
		t.Fatalf("status of the hold %+v, %v", p, err)
	}
	part := rubs("7.50")
	if _, err := e.client.Capture(ctx, &payments.CaptureRequest{OrderID: "61", Amount: &part}); err != nil {
		t.Fatal(err)
	}
	// ResultURL, then ResultUrl2, both acknowledged: one state of the
	// payment, handled once (payments.Client.EventKey).
	if ev := e.event(); ev.Status != payments.StatusSucceeded || !ev.Amount.Amount.Equal(decimal.RequireFromString("7.5")) {
		t.Errorf("capture event %+v", ev)
	}
	if p, err := e.client.PaymentStatus(ctx, "61"); err != nil || p.Status != payments.StatusSucceeded {
		t.Errorf("status after Capture %+v, %v", p, err)
	}
	_, err := e.client.Capture(ctx, &payments.CaptureRequest{OrderID: "61"})
	if !errors.Is(err, payments.ErrInvalidState) {
		t.Errorf("second Capture: %v", err)
	}
}

// Cancel voids a hold; a hold left alone is cancelled after 7 days on the
// shared clock, and Capture then refuses it.
func TestRobokassaLifecycleCancelAndExpiry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := NewClock(time.Now())
	e := newRKEnv(t, rkEnvOptions{now: clock.Now})
	e.initHeld("62", "10.00")
	if _, err := e.client.Cancel(ctx, &payments.CancelRequest{OrderID: "62"}); err != nil {
		t.Fatal(err)
	}
	if st := e.state(62); st != robokassa.StateCanceled {
		t.Errorf("state after Cancel %d", st)
	}
	e.initHeld("63", "10.00")
	clock.Advance(RobokassaHoldPeriod)
	if p, err := e.client.PaymentStatus(ctx, "63"); err != nil || p.Status != payments.StatusCanceled {
		t.Errorf("status after 7 days %+v, %v", p, err)
	}
	if _, err := e.client.Capture(ctx, &payments.CaptureRequest{OrderID: "63"}); !errors.Is(err, payments.ErrInvalidState) {
		t.Errorf("Capture after expiry: %v", err)
	}
}

// A recurring parent, a child charge (pending, then succeeded on
// ResultURL), a declined charge (pending, then failed), and a charge of
// an order that is no recurring parent.
func TestRobokassaLifecycleCharge(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newRKEnv(t, rkEnvOptions{})
	p, err := e.client.InitPayment(ctx, &payments.InitRequest{OrderID: "70", Amount: rubs("10.00"), Description: "subscription", Recurring: true})
	if err != nil {
		t.Fatal(err)
	}
	_, token := e.open(p.NextStep.URL)
	e.press("pay", token)
	e.event()
	child, err := e.client.Charge(ctx, &payments.ChargeRequest{OrderID: "71", ParentOrderID: "70", Amount: rubs("5.00"), Description: "month 2"})
	if err != nil || child.Status != payments.StatusPending {
		t.Fatalf("Charge: %+v, %v", child, err)
	}
	if ev := e.event(); ev.OrderID != "71" || ev.Status != payments.StatusSucceeded {
		t.Errorf("charge event %+v", ev)
	}
	if sp, _ := e.sb.RobokassaPayment(71); sp.Parent != 70 {
		t.Errorf("child %+v", sp)
	}
	declined, err := e.client.Charge(ctx, &payments.ChargeRequest{OrderID: "72", ParentOrderID: "70", Amount: rubs(TriggerChargeDecline)})
	if err != nil || declined.Status != payments.StatusPending {
		t.Fatalf("declined Charge: %+v, %v", declined, err)
	}
	eventually(t, "the charge fails", func() bool {
		p, err := e.client.PaymentStatus(ctx, "72")
		return err == nil && p.Status == payments.StatusFailed
	})
	if _, err := e.client.Charge(ctx, &payments.ChargeRequest{OrderID: "73", ParentOrderID: "71", Amount: rubs("5.00")}); err == nil {
		t.Error("a charge of a child as parent succeeded")
	}
}

// The second receipt of a paid payment through SendReceipt, then
// ReceiptStatus; the sandbox shows the first and the second receipt.
func TestRobokassaLifecycleReceipt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newRKEnv(t, rkEnvOptions{})
	item := func(method string) payments.Receipt {
		return payments.Receipt{TaxSystem: "osn", Email: "buyer@example.com", Items: []payments.ReceiptItem{{
			Name: "Book", Quantity: decimal.NewFromInt(1), Amount: rubs("10.00"), Tax: "none", PaymentMethod: method, PaymentObject: "commodity"}}}
	}
	first := item("full_prepayment")
	p, err := e.client.InitPayment(ctx, &payments.InitRequest{OrderID: "80", Amount: rubs("10.00"), Description: "book", Receipt: &first})
	if err != nil {
		t.Fatal(err)
	}
	var token string
	if p.NextStep.Kind == payments.NextPostForm {
		form := url.Values{}
		for _, f := range p.NextStep.Fields {
			form.Add(f.Name, f.Value)
		}
		status, body, _ := e.post(p.NextStep.URL, form)
		if status != http.StatusOK {
			t.Fatalf("payment form: %d\n%s", status, body)
		}
		token = rkTokenRE.FindStringSubmatch(body)[1]
	} else {
		_, token = e.open(p.NextStep.URL)
	}
	e.press("pay", token)
	e.event()
	if _, err := e.client.SendReceipt(ctx, &payments.ReceiptRequest{OrderID: "80", ReceiptID: "1080", Kind: payments.ReceiptSettlement, Receipt: item("full_payment")}); err != nil {
		t.Fatal(err)
	}
	r, err := e.client.ReceiptStatus(ctx, payments.ReceiptQuery{ReceiptID: "1080", OrderID: "80"})
	if err != nil || r.Code != "2" {
		t.Errorf("ReceiptStatus %+v, %v", r, err)
	}
	sp, _ := e.sb.RobokassaPayment(80)
	if len(sp.Receipts) != 2 || sp.Receipts[0].Kind != RobokassaReceiptFirst || sp.Receipts[1].Kind != RobokassaReceiptSecond || sp.Receipts[1].ID != "1080" {
		t.Errorf("receipts %+v", sp.Receipts)
	}
}
