package payments_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

// shop is a fake merchant account with a Client and a paid order "19".
type shop struct {
	fake   *paymentstest.Fake
	client *payments.Client
}

func newShop(t *testing.T, merchant string) shop {
	t.Helper()
	f := paymentstest.New(&paymentstest.Options{MerchantID: merchant})
	c, err := payments.New(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.InitPayment(t.Context(), &payments.InitRequest{OrderID: "19", Amount: rub("10.00")}); err != nil {
		t.Fatal(err)
	}
	return shop{f, c}
}

// webhook delivers a new notification (a new event id) of order 19's
// current state to h.
func (s shop) webhook(t *testing.T, h http.Handler) {
	t.Helper()
	r, err := s.fake.PaymentWebhook("19")
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		t.Fatalf("webhook answered %d %q", w.Code, w.Body)
	}
}

// reconcile reports order 19's current state as a reconciler does.
func (s shop) reconcile(t *testing.T, fn payments.HandlerFunc, store payments.EventStore) bool {
	t.Helper()
	p, err := s.client.PaymentStatus(t.Context(), "19")
	if err != nil {
		t.Fatal(err)
	}
	ran, err := s.client.HandleEvent(t.Context(), s.client.PaymentEvent(p), fn, &payments.HandlerOptions{Store: store})
	if err != nil {
		t.Fatal(err)
	}
	return ran
}

// Issue 11: "payment X reached status S" is handled once whether a webhook
// or a reconciler reports it first, and however many notifications (with
// different event ids) report it; a new status is a new event; two
// merchant accounts sharing a store never collide. Before EventKey, every
// notification was its own key and a reconciler had none to share.
func TestEventKeyHandlesStateOnce(t *testing.T) {
	t.Parallel()
	type step struct {
		shop int    // 0 or 1
		via  string // "webhook" or "reconcile"
		mark string // "paid" or "captured" before the step, if set
	}
	for _, tc := range []struct {
		name      string
		merchants [2]string
		steps     []step
		want      []string // what the app handled: merchant/order/status
	}{
		{"webhook then reconciler", [2]string{"m1", "m2"},
			[]step{{0, "webhook", "paid"}, {0, "reconcile", ""}},
			[]string{"m1/19/succeeded"}},
		{"reconciler then webhook", [2]string{"m1", "m2"},
			[]step{{0, "reconcile", "paid"}, {0, "webhook", ""}, {0, "webhook", ""}},
			[]string{"m1/19/succeeded"}},
		{"two notifications of one state", [2]string{"m1", "m2"},
			[]step{{0, "webhook", "paid"}, {0, "webhook", ""}},
			[]string{"m1/19/succeeded"}},
		{"hold then capture", [2]string{"m1", "m2"},
			[]step{{0, "webhook", "held"}, {0, "reconcile", ""}, {0, "reconcile", "captured"}, {0, "webhook", ""}},
			[]string{"m1/19/authorized", "m1/19/succeeded"}},
		{"two shops, one order id", [2]string{"shop:a", "shop%3Aa"},
			[]step{{0, "webhook", "paid"}, {1, "reconcile", "paid"}, {1, "webhook", ""}, {0, "reconcile", ""}},
			[]string{"shop:a/19/succeeded", "shop%3Aa/19/succeeded"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			store := &payments.MemoryStore{}
			var got []string
			shops := [2]shop{newShop(t, tc.merchants[0]), newShop(t, tc.merchants[1])}
			handlers := [2]http.Handler{}
			fns := [2]payments.HandlerFunc{}
			for i := range shops {
				m := tc.merchants[i]
				fns[i] = func(_ context.Context, ev *payments.Event) error {
					got = append(got, m+"/"+ev.OrderID+"/"+string(ev.Status))
					return nil
				}
				handlers[i] = shops[i].client.WebhookHandler(fns[i], &payments.HandlerOptions{Store: store})
			}
			for _, s := range tc.steps {
				sh := shops[s.shop]
				var err error
				switch s.mark {
				case "paid":
					err = sh.fake.MarkPaid("19")
				case "held":
					err = sh.fake.MarkAuthorized("19")
				case "captured":
					_, err = sh.client.Capture(t.Context(), &payments.CaptureRequest{OrderID: "19"})
				}
				if err != nil {
					t.Fatal(err)
				}
				if s.via == "webhook" {
					sh.webhook(t, handlers[s.shop])
				} else {
					sh.reconcile(t, fns[s.shop], store)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("handled (-want +got):\n%s", diff)
			}
		})
	}
}
