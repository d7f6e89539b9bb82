package otelpayments_test

import (
	"context"
	"fmt"
	"log"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/paykit/payments"
	"github.com/paykit/payments/otelpayments"
	"github.com/paykit/payments/paymentstest"
)

// A Client observed by otelpayments makes a span per operation. Here the
// spans go to an in-memory recorder; an app passes the TracerProvider and
// MeterProvider that export to its collector (or nil for the global ones).
func ExampleNew() {
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	obs, err := otelpayments.New(&otelpayments.Options{TracerProvider: tp})
	if err != nil {
		log.Fatal(err)
	}
	client, err := payments.New(paymentstest.New(nil), &payments.Options{Observer: obs})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	_, _ = client.InitPayment(ctx, &payments.InitRequest{OrderID: "order-1", Amount: payments.MustParseMoney("10.00", payments.RUB)})
	_, _ = client.PaymentStatus(ctx, "order-2")

	for _, s := range spans.Ended() {
		attrs := map[string]string{}
		for _, kv := range s.Attributes() {
			attrs[string(kv.Key)] = kv.Value.String()
		}
		fmt.Println(s.Name(), attrs["payments.order_id"], attrs["payments.outcome"], s.Status().Code)
	}
	// Output:
	// payments.init_payment order-1 ok Unset
	// payments.payment_status order-2 not_found Error
}
