package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestTBankReceiptFlow: T-Bank needs the buyer's e-mail or phone in a
// receipt (https://www.tbank.ru/kassa/dev/payments/ /v2/Init, Receipt),
// so the checkout form asks for an e-mail (prefilled on the sandbox) and
// the shop sends it as Receipt.Email: the tbank shop offers the notebook,
// T-Bank's Init gets the receipt with the e-mail, the buyer pays on the
// sandbox's page and the order is paid through the verified notification.
func TestTBankReceiptFlow(t *testing.T) {
	t.Parallel()
	in := startShop(t, "tbank")
	b := newBuyer(t)
	home := b.get(in.url + "/")
	if !strings.Contains(home.body, `id="buy-notebook"`) || !strings.Contains(home.body, `id="email-notebook" value="`+sandboxBuyerEmail+`"`) {
		t.Fatalf("tbank shop: want the notebook with the e-mail field prefilled:\n%s", home.body)
	}
	payPage := b.click(home, "buy-notebook")
	if !strings.HasPrefix(payPage.url.String(), in.sandbox.URL()) || !strings.Contains(payPage.body, `class="receipt-line"`) {
		t.Fatalf("checkout of the notebook landed on %s (%d):\n%s", payPage.url, payPage.status, payPage.body)
	}
	st, ok := in.sandbox.TBankPayment(tbankPaymentID(t, payPage.body))
	if !ok || !strings.Contains(string(st.Receipt), `"Email":"`+sandboxBuyerEmail+`"`) || !strings.Contains(string(st.Receipt), `"Tax":"vat22"`) {
		t.Fatalf("T-Bank's Init got the receipt %s (known %v), want the notebook at vat22 sent to %s", st.Receipt, ok, sandboxBuyerEmail)
	}
	back := b.click(payPage, "pay")
	if st, via := orderStatus(back.body); st != "paid" || via != viaWebhook {
		t.Errorf("order page says %q via %q, want paid via webhook:\n%s", st, via, back.body)
	}
	if !strings.Contains(back.body, `<span id="receipt-email">`+sandboxBuyerEmail+`</span>`) {
		t.Errorf("the order page does not say where the receipt went:\n%s", back.body)
	}
}

// TestCheckoutEmail: the notebook's receipt needs the buyer's e-mail on
// every provider that takes receipts: a checkout without one, or with
// something that is not one plain address of at most 64 characters, is
// refused before any payment starts; the e-mail the buyer typed is the
// one the receipt carries.
func TestCheckoutEmail(t *testing.T) {
	t.Parallel()
	for _, provider := range []string{"robokassa", "tbank"} {
		t.Run(provider, func(t *testing.T) {
			t.Parallel()
			in := startShop(t, provider)
			b := newBuyer(t)
			for _, email := range []string{"", "not an address", "Buyer <b@example.com>", "a@example.com, b@example.com", strings.Repeat("x", 60) + "@example.com"} {
				p := b.post(in.url+"/checkout", url.Values{"product": {"notebook"}, "email": {email}})
				if p.status != http.StatusBadRequest || !strings.Contains(p.body, "e-mail") {
					t.Errorf("checkout with e-mail %q: %d, want 400 about the e-mail:\n%s", email, p.status, p.body)
				}
			}
			if _, ok := in.app.orders.get("1"); ok {
				t.Errorf("a refused checkout created an order")
			}
			if p := b.post(in.url+"/checkout", url.Values{"product": {"mug"}}); p.status >= 400 {
				t.Errorf("checkout of the mug without an e-mail: %d, want it to start:\n%s", p.status, p.body)
			}
			b.post(in.url+"/checkout", url.Values{"product": {"notebook"}, "email": {" someone@example.org "}})
			if o, ok := in.app.orders.get("2"); !ok || o.Email != "someone@example.org" {
				t.Errorf("order 2 = %+v, want the e-mail someone@example.org", o)
			}
		})
	}
}

// TestTBankHoldFlow reserves the bike on the T-Bank sandbox (a two-stage
// payment, PayType T), sees it authorized through the AUTHORIZED
// notification, and ships it (Confirm: CONFIRMED) or cancels it (Cancel of
// a hold: REVERSED), as https://www.tbank.ru/kassa/dev/payments/ describes.
func TestTBankHoldFlow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		action, wantStatus, wantState string
	}{
		{actionShip, "captured", "CONFIRMED"},
		{actionCancel, "cancelled", "REVERSED"},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			t.Parallel()
			in := startShop(t, "tbank")
			b := newBuyer(t)
			payPage := b.click(b.get(in.url+"/"), "buy-bike")
			if !strings.HasPrefix(payPage.url.String(), in.sandbox.URL()) || !strings.Contains(payPage.body, `id="hold"`) {
				t.Fatalf("checkout of the bike landed on %s, want the sandbox's page of a hold:\n%s", payPage.url, payPage.body)
			}
			id := tbankPaymentID(t, payPage.body)
			back := b.click(payPage, "pay")
			if st, _ := orderStatus(back.body); st != "authorized" {
				t.Fatalf("after Pay the order page says %q, want authorized:\n%s", st, back.body)
			}
			if p, _ := in.sandbox.TBankPayment(id); !p.TwoStage || p.Status != "AUTHORIZED" || p.Held != 1200000 {
				t.Errorf("sandbox payment %s: %+v, want a two-stage AUTHORIZED hold of 1200000 kopecks", id, p)
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
			if p, _ := in.sandbox.TBankPayment(id); p.Status != tt.wantState {
				t.Errorf("sandbox payment %s is %s, want %s", id, p.Status, tt.wantState)
			}
		})
	}
}
