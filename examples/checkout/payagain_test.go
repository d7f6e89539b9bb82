package main

import (
	"net/http"
	"strings"
	"testing"
)

// TestPayAgain: the order page of a declined payment offers Pay again,
// which leads to the provider's payment page for a new attempt (a new
// order for the same product); paying there makes that order paid. A paid
// order offers no Pay again.
func TestPayAgain(t *testing.T) {
	t.Parallel()
	for _, provider := range []string{"robokassa", "clientsdk", "tbank"} {
		t.Run(provider, func(t *testing.T) {
			t.Parallel()
			in := startShop(t, provider)
			b := newBuyer(t)
			declined := b.click(b.click(b.get(in.url+"/"), "buy-mug"), "decline")
			if status, _ := orderStatus(declined.body); status != "failed" || !strings.Contains(declined.body, `id="pay-again"`) {
				t.Fatalf("the declined order's page (status %q) offers no Pay again:\n%s", status, declined.body)
			}
			again := b.click(declined, "pay-again")
			if again.status != http.StatusOK || !strings.HasPrefix(again.url.String(), in.sandbox.URL()) || !strings.Contains(again.body, `id="pay"`) {
				t.Fatalf("Pay again landed on %s (%d), want the sandbox's payment page:\n%s", again.url, again.status, again.body)
			}
			paid := b.click(again, "pay")
			if !strings.HasPrefix(paid.url.String(), in.url+"/orders/2") {
				t.Fatalf("after paying again the buyer is at %s, want %s/orders/2", paid.url, in.url)
			}
			if status, _ := orderStatus(paid.body); status != "paid" {
				t.Errorf("the new attempt's order is %q, want paid:\n%s", status, paid.body)
			}
			if strings.Contains(paid.body, `id="pay-again"`) {
				t.Errorf("a paid order offers Pay again:\n%s", paid.body)
			}
			if o, _ := in.app.orders.get("1"); o.State != "failed" {
				t.Errorf("order 1 is %s after the new attempt, want it left failed", o.State)
			}
		})
	}
}
