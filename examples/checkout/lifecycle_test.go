package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/paykit/payments/robokassa"
)

// TestReceiptFlow buys the product sold with a 54-FZ receipt on the
// Robokassa sandbox, as a browser without JavaScript: a payment with a
// receipt is a form the shop's page POSTs to Robokassa
// (https://docs.robokassa.ru/fiscalization/), the sandbox receives the
// receipt line, and the order is paid through the verified webhook.
func TestReceiptFlow(t *testing.T) {
	t.Parallel()
	in := startShop(t, "robokassa")
	b := newBuyer(t)
	form := b.click(b.get(in.url+"/"), "buy-notebook")
	if !strings.HasPrefix(form.url.String(), in.url+"/checkout") || !strings.Contains(form.body, `action="`+in.sandbox.URL()+`/Merchant/Index.aspx"`) || !strings.Contains(form.body, `name="Receipt"`) {
		t.Fatalf("checkout of the receipt product: %s, want the shop's form posting a Receipt to the sandbox:\n%s", form.url, form.body)
	}
	payPage := b.click(form, "continue")
	if !strings.HasPrefix(payPage.url.String(), in.sandbox.URL()) || !strings.Contains(payPage.body, `id="pay"`) {
		t.Fatalf("the form landed on %s (%d):\n%s", payPage.url, payPage.status, payPage.body)
	}
	back := b.click(payPage, "pay")
	if st, via := orderStatus(back.body); st != "paid" || via != viaWebhook {
		t.Errorf("order page says %q via %q, want paid via webhook:\n%s", st, via, back.body)
	}
	if !strings.Contains(back.body, `<tr class="receipt-line"><td>Gopher notebook</td><td>1</td><td>350.00 RUB</td><td>vat22</td>`) {
		t.Errorf("the order page does not show the receipt line:\n%s", back.body)
	}
	p, ok := in.sandbox.RobokassaPayment(1)
	if !ok || p.State != robokassa.StatePaid || len(p.Receipts) != 1 {
		t.Fatalf("sandbox invoice 1: %+v (known %v), want paid with one receipt", p, ok)
	}
	for _, want := range []string{`"name":"Gopher notebook"`, `"tax":"vat22"`, `"payment_method":"full_prepayment"`, `"payment_object":"commodity"`} {
		if !strings.Contains(p.Receipts[0].JSON, want) {
			t.Errorf("the receipt the sandbox got lacks %s: %s", want, p.Receipts[0].JSON)
		}
	}
}

// TestHoldFlow reserves the bike on the Robokassa sandbox (StepByStep, in
// live mode, since Robokassa has no holds in test mode), sees it
// authorized through the ResultUrl2 notification, and ships it (captured,
// reported on ResultURL) or cancels it (released, seen by a status lookup:
// Robokassa notifies no cancel).
func TestHoldFlow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		action     string
		wantStatus string
		wantState  int // the sandbox's OpStateExt state
	}{
		{actionShip, "captured", robokassa.StatePaid},
		{actionCancel, "cancelled", robokassa.StateCanceled},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			t.Parallel()
			in := startShop(t, "robokassa")
			b := newBuyer(t)
			payPage := b.click(b.get(in.url+"/"), "buy-bike")
			if !strings.HasPrefix(payPage.url.String(), in.sandbox.URL()) || !strings.Contains(payPage.body, `id="hold"`) {
				t.Fatalf("checkout of the bike landed on %s, want the sandbox's page of a hold:\n%s", payPage.url, payPage.body)
			}
			back := b.click(payPage, "pay")
			if st, _ := orderStatus(back.body); st != "authorized" {
				t.Fatalf("after Pay the order page says %q, want authorized:\n%s", st, back.body)
			}
			// The hold is reported only on ResultUrl2, to the shop's second
			// webhook path.
			waitFor(t, "the ResultUrl2 notification of the hold", func() bool {
				p, _ := in.sandbox.RobokassaPayment(1)
				return p.Delivered2 >= 1
			})
			if p, _ := in.sandbox.RobokassaPayment(1); p.ResultURL2 != in.url+webhook2Path || p.State != robokassa.StateHeld {
				t.Errorf("sandbox invoice 1: ResultUrl2 %q state %d, want %q %d", p.ResultURL2, p.State, in.url+webhook2Path, robokassa.StateHeld)
			}

			after := b.click(b.get(in.url+"/orders/1"), tt.action)
			if !strings.HasPrefix(after.url.String(), in.url+"/orders/1") {
				t.Fatalf("after %s the buyer is at %s:\n%s", tt.action, after.url, after.body)
			}
			var last page
			waitFor(t, "the order page to say "+tt.wantStatus, func() bool {
				last = b.get(in.url + "/orders/1")
				st, _ := orderStatus(last.body)
				return st == tt.wantStatus
			})
			if strings.Contains(last.body, `id="ship"`) || strings.Contains(last.body, `id="cancel"`) {
				t.Errorf("the %s order still offers Ship or Cancel:\n%s", tt.wantStatus, last.body)
			}
			if p, _ := in.sandbox.RobokassaPayment(1); p.State != tt.wantState {
				t.Errorf("sandbox invoice 1 is in state %d, want %d", p.State, tt.wantState)
			}
		})
	}
}

// TestClientSDKOffersNoHoldOrReceipt: clientsdk declares neither holds nor
// receipts, so the shop does not offer those products and refuses their
// checkout with a message saying why.
func TestClientSDKOffersNoHoldOrReceipt(t *testing.T) {
	t.Parallel()
	in := startShop(t, "clientsdk")
	b := newBuyer(t)
	home := b.get(in.url + "/")
	for _, id := range []string{"bike", "notebook"} {
		if strings.Contains(home.body, `id="buy-`+id+`"`) {
			t.Errorf("clientsdk shop offers %s:\n%s", id, home.body)
		}
	}
	tests := []struct{ product, want string }{
		{"bike", "cannot reserve money and charge it later"},
		{"notebook", "takes no fiscal receipts"},
	}
	for _, tt := range tests {
		p := b.post(in.url+"/checkout", url.Values{"product": {tt.product}})
		if p.status != http.StatusBadRequest || !strings.Contains(p.body, tt.want) {
			t.Errorf("checkout of %s: %d, want 400 saying %q:\n%s", tt.product, p.status, tt.want, p.body)
		}
	}
}

// waitFor polls cond until it holds, failing the test after 10s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
