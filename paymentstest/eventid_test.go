package paymentstest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

// TestEventIDNamesTheMerchant: two fakes of different merchant accounts
// that share one de-duplication store both have their first delivery
// ("evt_1") handled: the event's identity includes the account.
func TestEventIDNamesTheMerchant(t *testing.T) {
	t.Parallel()
	store := &payments.MemoryStore{}
	var handled []string
	for _, merchant := range []string{"shop-a", "shop-b"} {
		f := paymentstest.New(&paymentstest.Options{MerchantID: merchant})
		c, err := payments.New(f, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.InitPayment(t.Context(), &payments.InitRequest{OrderID: "19", Amount: rub("10.00")}); err != nil {
			t.Fatal(err)
		}
		if err := f.MarkPaid("19"); err != nil {
			t.Fatal(err)
		}
		h := c.WebhookHandler(func(_ context.Context, ev *payments.Event) error {
			handled = append(handled, ev.ID)
			return nil
		}, &payments.HandlerOptions{Store: store})
		r, err := f.PaymentWebhook("19")
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: answered %d %s", merchant, rec.Code, rec.Body)
		}
	}
	if diff := cmp.Diff([]string{"shop-a:evt_1", "shop-b:evt_1"}, handled); diff != "" {
		t.Errorf("events handled (-want +got):\n%s", diff)
	}
}

// TestEventIDEscaped: the parts of an event id are escaped, so that no two
// (merchant, delivery) pairs give the same id, and the HTTPProvider names
// the same account as the fake.
func TestEventIDEscaped(t *testing.T) {
	t.Parallel()
	pairs := [][2]string{{"a:b", "c"}, {"a", "b:c"}, {"a%3Ab", "c"}, {"a", "b%3Ac"}, {"", "a:b:c"}, {"a:b:c", ""}}
	seen := map[string][2]string{}
	for _, p := range pairs {
		id := paymentstest.EventID(p[0], p[1])
		if other, dup := seen[id]; dup {
			t.Errorf("EventID%q and EventID%q are both %q", other, p, id)
		}
		seen[id] = p
	}
	if got := paymentstest.EventID("merchant_1", "evt_1"); got != "merchant_1:evt_1" {
		t.Errorf("EventID = %q, want merchant_1:evt_1", got)
	}

	f := paymentstest.New(&paymentstest.Options{MerchantID: "shop:7", WebhookSecret: "whsec-test"})
	p, err := paymentstest.NewHTTPProvider(paymentstest.HTTPConfig{
		BaseURL: "https://fake.example", APIKey: "key", WebhookSecret: "whsec-test", MerchantID: "shop:7",
	})
	if err != nil {
		t.Fatal(err)
	}
	d := paymentstest.WebhookData{EventID: "evt:1", Type: payments.EventPayment, OrderID: "19", Status: payments.StatusSucceeded, Amount: rub("10.00")}
	for name, v := range map[string]payments.WebhookVerifier{"fake": f, "http": p} {
		ev, err := v.VerifyWebhook(t.Context(), f.SignWebhook(d))
		if err != nil {
			t.Fatal(err)
		}
		if ev.ID != "shop%3A7:evt%3A1" {
			t.Errorf("%s: event id %q, want shop%%3A7:evt%%3A1", name, ev.ID)
		}
	}
}
