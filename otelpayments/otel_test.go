package otelpayments_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

func rub(s string) payments.Money { return payments.MustParseMoney(s, payments.RUB) }

// card returns a card the fake pays with (number), valid for years.
func card(number string) *payments.Card {
	return &payments.Card{Number: number, ExpMonth: 12, ExpYear: time.Now().Year() + 3, CVC: "739", Holder: "IVAN PETROV"}
}

func TestOperations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		setup     func(f *paymentstest.Fake)
		card      string
		wantSpan  span
		wantPoint map[string]int64
	}{
		{
			name: "ok",
			card: "4242424242424242",
			wantSpan: span{Name: "payments.init_payment", Status: "Unset", Attrs: map[string]string{
				"payments.operation": "init_payment", "payments.provider": "fake", "payments.order_id": "order-7",
				"payments.outcome": "ok",
			}},
			wantPoint: map[string]int64{
				"payments.client.operations{payments.operation=init_payment,payments.outcome=ok,payments.provider=fake}":         1,
				"payments.client.operation.duration{payments.operation=init_payment,payments.outcome=ok,payments.provider=fake}": 1,
			},
		},
		{
			name: "declined",
			card: paymentstest.DeclinedCard,
			wantSpan: span{Name: "payments.init_payment", Status: "Error: declined", Attrs: map[string]string{
				"payments.operation": "init_payment", "payments.provider": "fake", "payments.order_id": "order-7",
				"payments.outcome": "declined", "error.type": "declined",
			}},
			wantPoint: map[string]int64{
				"payments.client.operations{payments.operation=init_payment,payments.outcome=declined,payments.provider=fake}":         1,
				"payments.client.operation.duration{payments.operation=init_payment,payments.outcome=declined,payments.provider=fake}": 1,
				"payments.client.errors{error.type=declined,payments.operation=init_payment,payments.provider=fake}":                   1,
			},
		},
		{
			name: "outcome unknown",
			setup: func(f *paymentstest.Fake) {
				f.FailNext(payments.OpInitPayment, errors.New("connection reset after the request was sent"))
			},
			card: "4242424242424242",
			wantSpan: span{Name: "payments.init_payment", Status: "Error: outcome_unknown", Attrs: map[string]string{
				"payments.operation": "init_payment", "payments.provider": "fake", "payments.order_id": "order-7",
				"payments.outcome": "outcome_unknown", "error.type": "outcome_unknown",
			}},
			wantPoint: map[string]int64{
				"payments.client.operations{payments.operation=init_payment,payments.outcome=outcome_unknown,payments.provider=fake}":         1,
				"payments.client.operation.duration{payments.operation=init_payment,payments.outcome=outcome_unknown,payments.provider=fake}": 1,
				"payments.client.errors{error.type=outcome_unknown,payments.operation=init_payment,payments.provider=fake}":                   1,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tm := newTelemetry(t)
			f := paymentstest.New(nil)
			if tt.setup != nil {
				tt.setup(f)
			}
			_, err := tm.client(t, f).InitPayment(context.Background(), &payments.InitRequest{
				OrderID: "order-7", Amount: rub("10.00"), Description: "Tea", Card: card(tt.card),
			})
			if (err == nil) != (tt.wantSpan.Attrs["payments.outcome"] == "ok") {
				t.Fatalf("InitPayment: %v", err)
			}
			if diff := cmp.Diff([]span{tt.wantSpan}, tm.ended()); diff != "" {
				t.Errorf("spans (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantPoint, tm.points(t)); diff != "" {
				t.Errorf("metrics (-want +got):\n%s", diff)
			}
		})
	}
}

// The provider is called under the operation's span, so that its HTTP
// calls (with an instrumented client) are the span's children.
func TestOperationSpanIsParent(t *testing.T) {
	t.Parallel()
	tm := newTelemetry(t)
	p := &childSpanProvider{Fake: paymentstest.New(nil), tm: tm}
	if _, err := tm.client(t, p).PaymentStatus(context.Background(), "missing"); !errors.Is(err, payments.ErrNotFound) {
		t.Fatalf("PaymentStatus = %v, want ErrNotFound", err)
	}
	ended := tm.spans.Ended()
	if len(ended) != 2 || ended[0].Name() != "provider call" || ended[1].Name() != "payments.payment_status" {
		t.Fatalf("spans = %v, want the provider's, then the operation's", tm.ended())
	}
	if ended[0].Parent().SpanID() != ended[1].SpanContext().SpanID() {
		t.Error("the provider's span is not a child of the operation's span")
	}
	if got := attrMap(ended[1].Attributes())["error.type"]; got != "not_found" {
		t.Errorf("error.type = %q, want not_found", got)
	}
}

// childSpanProvider is the fake, starting a span of its own for a lookup.
type childSpanProvider struct {
	*paymentstest.Fake
	tm *telemetry
}

func (p *childSpanProvider) PaymentStatus(ctx context.Context, q payments.PaymentQuery) (*payments.Payment, error) {
	ctx, s := p.tm.tp.Tracer("test").Start(ctx, "provider call")
	defer s.End()
	return p.Fake.PaymentStatus(ctx, q)
}
