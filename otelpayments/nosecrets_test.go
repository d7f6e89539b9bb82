package otelpayments_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

// Nothing secret or of a card reaches a span or a metric: not the card
// number (nor its masked form, its first six or last four digits), the
// CVC, the holder, the provider's API key (its bearer token) or webhook
// secret, a webhook's signature, or a recurring payment's mandate, for a
// card payment, a declined card, a payout, lookups, and webhooks
// delivered, forged and verified.
func TestNoSecrets(t *testing.T) {
	t.Parallel()
	const (
		pan       = "4242424242424242"
		apiKey    = "sk-live-QWERTY-key"
		whSecret  = "whsec-ZXCVB-secret"
		forgedKey = "forged-POIUY-secret"
	)
	f := paymentstest.New(&paymentstest.Options{APIKey: apiKey, WebhookSecret: whSecret})
	srv := httptest.NewServer(f.Handler())
	t.Cleanup(srv.Close)
	p, err := paymentstest.NewHTTPProvider(paymentstest.HTTPConfig{
		BaseURL: srv.URL, APIKey: apiKey, WebhookSecret: whSecret, HTTPClient: srv.Client(),
	})
	if err != nil {
		t.Fatal(err)
	}
	tm := newTelemetry(t)
	c := tm.client(t, p)
	ctx := context.Background()

	paid := card(pan)
	if _, err := c.InitPayment(ctx, &payments.InitRequest{OrderID: "order-card", Amount: rub("10.00"), Description: "Tea", Card: paid, Recurring: true}); err != nil {
		t.Fatal(err)
	}
	got, err := c.PaymentStatus(ctx, "order-card")
	if err != nil {
		t.Fatal(err)
	}
	if got.Mandate == "" {
		t.Fatal("the recurring payment has no mandate to look for")
	}
	if _, err := c.InitPayment(ctx, &payments.InitRequest{OrderID: "order-declined", Amount: rub("10.00"), Card: card(paymentstest.DeclinedCard)}); err == nil {
		t.Fatal("the declined card was not declined")
	}
	if _, err := c.InitPayment(ctx, &payments.InitRequest{OrderID: "order-bad-card", Amount: rub("10.00"), Card: card(pan[:15] + "3")}); err == nil {
		t.Fatal("a card number failing the Luhn check was accepted")
	}
	if _, err := c.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "payout-a", Amount: rub("1.00"), Card: card(pan)}); err != nil {
		t.Logf("Withdraw: %v", err) // the outcome does not matter here, only what is recorded
	}

	// Webhooks: the fake's notification of the paid recurring payment
	// (mandate included), delivered, verified directly, and forged.
	var signatures []string
	signed := func(r *http.Request) *http.Request {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Fatal(err)
		}
		form, err := url.ParseQuery(string(body))
		if err != nil || form.Get("signature") == "" || form.Get("mandate") == "" {
			t.Fatalf("the fake's webhook %q has no signature or mandate (%v)", body, err)
		}
		signatures = append(signatures, form.Get("signature"))
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		return r
	}
	next := func() *http.Request {
		r, err := f.PaymentWebhook("order-card")
		if err != nil {
			t.Fatal(err)
		}
		return signed(r)
	}
	h := c.WebhookHandler(func(context.Context, *payments.Event) error { return nil }, nil)
	h.ServeHTTP(httptest.NewRecorder(), next())
	if _, err := c.VerifyWebhook(ctx, next()); err != nil {
		t.Fatal(err)
	}
	forged := signed(f.SignWebhookWith(paymentstest.WebhookData{
		EventID: "evt_forged", Type: payments.EventPayment, OrderID: "order-card", Status: payments.StatusSucceeded,
		Amount: rub("10.00"), Mandate: got.Mandate,
	}, forgedKey))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, forged)
	if w.Code != http.StatusForbidden {
		t.Fatalf("forged webhook answered %d", w.Code)
	}

	forbidden := map[string]string{
		"card number": pan, "masked card number": paid.Masked(), "first six digits": pan[:6], "last four digits": pan[12:],
		"declined card number": paymentstest.DeclinedCard, "CVC": paid.CVC, "card holder": paid.Holder,
		"API key": apiKey, "webhook secret": whSecret, "forging secret": forgedKey, "mandate": got.Mandate,
		"bearer": "Bearer",
	}
	for i, s := range signatures {
		forbidden["signature "+string(rune('1'+i))] = s
	}
	texts := recorded(t, tm)
	if !strings.Contains(strings.Join(texts, "\n"), "payments.order_id=order-card") {
		t.Fatalf("the order id was not recorded: the check below would see nothing (recorded %q)", texts)
	}
	for _, text := range texts {
		for what, secret := range forbidden {
			if strings.Contains(text, secret) {
				t.Errorf("the %s (%q) is in the telemetry: %q", what, secret, text)
			}
		}
	}
}

// recorded returns every text the telemetry holds: span names, attributes,
// status descriptions, events and links, and metric names, descriptions
// and attributes.
func recorded(t *testing.T, tm *telemetry) []string {
	t.Helper()
	var out []string
	kvs := func(prefix string, kvs []attribute.KeyValue) {
		for _, kv := range kvs {
			out = append(out, prefix+string(kv.Key)+"="+kv.Value.String())
		}
	}
	for _, s := range tm.spans.Ended() {
		out = append(out, "span "+s.Name(), "status "+s.Status().Description)
		kvs("span attribute ", s.Attributes())
		for _, e := range s.Events() {
			out = append(out, "event "+e.Name)
			kvs("event attribute ", e.Attributes)
		}
		for _, l := range s.Links() {
			kvs("link attribute ", l.Attributes)
		}
	}
	var rm metricdata.ResourceMetrics
	if err := tm.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			out = append(out, "metric "+m.Name+" "+m.Description)
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					kvs("metric attribute ", p.Attributes.ToSlice())
				}
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					kvs("metric attribute ", p.Attributes.ToSlice())
				}
			}
		}
	}
	return out
}
