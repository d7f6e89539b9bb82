package main

import (
	"context"
	"errors"
	"io"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/stdout/stdoutmetric"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/paykit/payments"
	"github.com/paykit/payments/otelpayments"
)

// otelMetricsInterval is how often -otel prints the metrics (and once more
// at exit).
const otelMetricsInterval = 30 * time.Second

// startOtel returns an Observer that traces and measures the shop's
// payments.Client with OpenTelemetry, printing each span to out as JSON as
// it ends (stdouttrace) and the metrics every otelMetricsInterval and at
// shutdown (stdoutmetric), and the function that flushes and stops both.
// A real deployment exports to a collector instead (the otlptrace and
// otlpmetric exporters) and batches spans (sdktrace.WithBatcher); printing
// each span at once is for watching the shop on a terminal.
func startOtel(out io.Writer) (payments.Observer, func(context.Context) error, error) {
	spans, err := stdouttrace.New(stdouttrace.WithWriter(out))
	if err != nil {
		return nil, nil, err
	}
	metrics, err := stdoutmetric.New(stdoutmetric.WithWriter(out))
	if err != nil {
		return nil, nil, err
	}
	res := resource.NewSchemaless(attribute.String("service.name", "checkout"))
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans), sdktrace.WithResource(res))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithResource(res),
		sdkmetric.WithReader(sdkmetric.NewPeriodicReader(metrics, sdkmetric.WithInterval(otelMetricsInterval))))
	shutdown := func(ctx context.Context) error {
		return errors.Join(tp.Shutdown(ctx), mp.Shutdown(ctx))
	}
	obs, err := otelpayments.New(&otelpayments.Options{TracerProvider: tp, MeterProvider: mp})
	if err != nil {
		return nil, nil, errors.Join(err, shutdown(context.Background()))
	}
	return obs, shutdown, nil
}
