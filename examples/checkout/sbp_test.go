package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSBPCheckout: where the provider declares SBP (T-Bank, Robokassa),
// each product that is not reserved gets a "Pay with SBP" button, which
// starts an SBP payment: on T-Bank its next step is the QR code's link,
// here the sandbox's bank app page, whose Pay makes the order paid through
// the verified notification and Reject makes it failed; on Robokassa it
// is DirectPayment with IncCurrLabel SBP.
func TestSBPCheckout(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ provider, page, button, want string }{
		{"tbank", "/tbank/sbp/", "pay", "paid"},
		{"tbank", "/tbank/sbp/", "reject", "failed"},
		{"robokassa", "/Merchant/Payment/DirectPayment?", "pay", "paid"},
	} {
		t.Run(tt.provider+"/"+tt.button, func(t *testing.T) {
			t.Parallel()
			in := startShop(t, tt.provider)
			b := newBuyer(t)
			home := b.get(in.url + "/")
			if !strings.Contains(home.body, `id="sbp-mug"`) || !strings.Contains(home.body, `id="sbp-notebook"`) || strings.Contains(home.body, `id="sbp-bike"`) {
				t.Fatalf("want Pay with SBP for the mug and the notebook, not the bike:\n%s", home.body)
			}
			app := b.click(home, "sbp-mug")
			if !strings.HasPrefix(app.url.String(), in.sandbox.URL()+tt.page) || !strings.Contains(app.body, `id="`+tt.button+`"`) {
				t.Fatalf("Pay with SBP landed on %s (%d), want the sandbox's %s page:\n%s", app.url, app.status, tt.page, app.body)
			}
			back := b.click(app, tt.button)
			if st, via := orderStatus(back.body); st != tt.want || via != viaWebhook {
				t.Errorf("order page says %q via %q, want %s via webhook:\n%s", st, via, tt.want, back.body)
			}
		})
	}
}

// TestSBPCheckoutRefused: a payment method the shop does not offer for
// the product (SBP for the reserved bike, an unknown one, SBP where the
// provider does not declare it) is refused before an order is made.
func TestSBPCheckoutRefused(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ provider, product, method string }{
		{"tbank", "bike", "sbp"}, {"tbank", "mug", "card"}, {"tbank", "mug", "bitcoin"}, {"clientsdk", "mug", "sbp"},
	} {
		in := startShop(t, tt.provider)
		b := newBuyer(t)
		if tt.provider == "clientsdk" && strings.Contains(b.get(in.url+"/").body, `id="sbp-`) {
			t.Errorf("clientsdk declares no SBP but the shop offers it")
		}
		p := b.post(in.url+"/checkout", url.Values{"product": {tt.product}, "method": {tt.method}})
		if _, made := in.app.orders.get("1"); p.status != http.StatusBadRequest || made {
			t.Errorf("%s %s by %q: %d (order made %v), want 400 and no order:\n%s", tt.provider, tt.product, tt.method, p.status, made, p.body)
		}
	}
}
