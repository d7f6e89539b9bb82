package payments_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/paykit/payments"
)

// shopProvider is a provider for one merchant account whose notifications
// carry only an order id, as Robokassa's ResultURL does: its event id is
// built, as Event.ID documents, from the merchant's identity and the
// provider's own event identity, each part escaped.
type shopProvider struct{ merchant string }

func (p shopProvider) Name() string { return "shop" }
func (p shopProvider) Capabilities() payments.Capabilities {
	return payments.Capabilities{Operations: []payments.Operation{payments.OpVerifyWebhook}, Currencies: []payments.Currency{payments.RUB}}
}
func (p shopProvider) InitPayment(context.Context, *payments.InitRequest) (*payments.Payment, error) {
	return nil, payments.ErrUnsupported
}
func (p shopProvider) PaymentStatus(context.Context, payments.PaymentQuery) (*payments.Payment, error) {
	return nil, payments.ErrUnsupported
}
func (p shopProvider) VerifyWebhook(_ context.Context, r *http.Request) (*payments.Event, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "body: %w", err)
	}
	form, err := url.ParseQuery(string(body))
	if err != nil || form.Get("sig") != "good" {
		return nil, payments.NewError(payments.ErrInvalidSignature, "", "bad signature")
	}
	order := form.Get("order")
	return &payments.Event{
		ID:     url.PathEscape(p.merchant) + ":" + url.PathEscape("result:"+order),
		Type:   payments.EventPayment,
		Status: payments.StatusSucceeded, OrderID: order, Amount: rub("10.00"),
		Ack: payments.Ack{Body: "OK" + order},
	}, nil
}

// Two shops of one provider share one store: the same order id at each is
// two events, both handled, and a repeat at either is handled once.
func TestWebhookHandlerSharedStoreSeparatesMerchants(t *testing.T) {
	t.Parallel()
	store := &payments.MemoryStore{}
	var handled atomic.Int64
	fn := func(context.Context, *payments.Event) error { handled.Add(1); return nil }
	var shops []http.Handler
	for _, merchant := range []string{"shop-a", "shop-b", "shop:a", "shop%3Aa"} {
		c, err := payments.New(shopProvider{merchant: merchant}, nil)
		if err != nil {
			t.Fatal(err)
		}
		shops = append(shops, c.WebhookHandler(fn, &payments.HandlerOptions{Store: store}))
	}
	for round := range 2 {
		for i, h := range shops {
			w := deliver(h, "order=19&sig=good")
			if w.Code != http.StatusOK || w.Body.String() != "OK19" {
				t.Errorf("round %d, shop %d: answered %d %q, want 200 OK19", round, i, w.Code, w.Body)
			}
		}
	}
	if n := handled.Load(); n != int64(len(shops)) {
		t.Errorf("the app handled %d events, want %d: one per shop", n, len(shops))
	}
}
