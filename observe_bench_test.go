package payments_test

import (
	"context"
	"testing"

	"github.com/paykit/payments"
)

// nopObserver is an Observer that does nothing: what is left is the cost
// of telling one.
type nopObserver struct{}

func (nopObserver) StartOperation(ctx context.Context, _ payments.OperationInfo) context.Context {
	return ctx
}
func (nopObserver) EndOperation(context.Context, payments.OperationInfo, payments.OperationResult) {}
func (nopObserver) StartDelivery(ctx context.Context, _ payments.DeliveryInfo) context.Context {
	return ctx
}
func (nopObserver) EndDelivery(context.Context, payments.DeliveryInfo, payments.DeliveryResult) {}

// BenchmarkObserver is a lookup and a webhook delivery without an Observer
// (no cost) and with one that does nothing (the cost of the hook itself).
func BenchmarkObserver(b *testing.B) {
	for _, bb := range []struct {
		name string
		obs  payments.Observer
	}{{"none", nil}, {"nop", nopObserver{}}} {
		c, err := payments.New(newStub(), &payments.Options{Observer: bb.obs})
		if err != nil {
			b.Fatal(err)
		}
		b.Run("PaymentStatus/"+bb.name, func(b *testing.B) {
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.PaymentStatus(ctx, "1001"); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("WebhookHandler/"+bb.name, func(b *testing.B) {
			h := c.WebhookHandler(func(context.Context, *payments.Event) error { return nil }, nil)
			b.ReportAllocs()
			for b.Loop() {
				deliver(h, goodHook)
			}
		})
	}
}
