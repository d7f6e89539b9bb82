package otelpayments_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/otelpayments"
	"github.com/paykit/payments/paymentstest"
)

// TestNilObserver: an app that ignores New's error installs a nil
// *Observer; payments and webhooks then work and record nothing, instead
// of panicking in StartOperation before the payment is sent.
func TestNilObserver(t *testing.T) {
	t.Parallel()
	var obs *otelpayments.Observer
	fake := paymentstest.New(nil)
	client, err := payments.New(fake, &payments.Options{Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := client.InitPayment(ctx, &payments.InitRequest{OrderID: "1", Amount: payments.MustParseMoney("10.00", payments.RUB)}); err != nil {
		t.Fatal(err)
	}
	if err := fake.MarkPaid("1"); err != nil {
		t.Fatal(err)
	}
	req, err := fake.PaymentWebhook("1")
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	client.WebhookHandler(func(context.Context, *payments.Event) error { return nil }, nil).ServeHTTP(w, req)
	if w.Code != 200 {
		t.Errorf("webhook answered %d", w.Code)
	}
}
