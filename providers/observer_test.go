package providers

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
)

// opNames is a payments.Observer that keeps the operations it is told of.
type opNames struct{ ended []string }

func (o *opNames) StartOperation(ctx context.Context, _ payments.OperationInfo) context.Context {
	return ctx
}

func (o *opNames) EndOperation(_ context.Context, op payments.OperationInfo, res payments.OperationResult) {
	o.ended = append(o.ended, string(op.Op)+" "+op.Provider+" "+op.OrderID+" "+res.Outcome)
}

func (o *opNames) StartDelivery(ctx context.Context, _ payments.DeliveryInfo) context.Context {
	return ctx
}

func (o *opNames) EndDelivery(context.Context, payments.DeliveryInfo, payments.DeliveryResult) {}

// TestOpenObserver: Options.Observer reaches the Client Open builds.
func TestOpenObserver(t *testing.T) {
	t.Parallel()
	var obs opNames
	cfg := configOf("fake", Section{"webhook_secret": "fake-hook-secret-42"})
	cfg.Options.Observer = &obs
	c, err := Open(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.PaymentStatus(t.Context(), "order-1"); err == nil {
		t.Fatal("PaymentStatus of an unknown order succeeded")
	}
	if diff := cmp.Diff([]string{"payment_status fake order-1 not_found"}, obs.ended); diff != "" {
		t.Errorf("observed (-want +got):\n%s", diff)
	}
}
