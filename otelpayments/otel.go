package otelpayments

import (
	"context"
	"errors"
	"fmt"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/paykit/payments"
)

// ScopeName is the instrumentation scope of the tracer and meter.
const ScopeName = "github.com/paykit/payments/otelpayments"

// Attribute keys. error.type, http.request.method and
// http.response.status_code are OpenTelemetry's semantic conventions
// (https://opentelemetry.io/docs/specs/semconv/registry/attributes/).
const (
	// KeyOperation is the operation, such as "init_payment".
	KeyOperation = attribute.Key("payments.operation")
	// KeyProvider is the provider's name, such as "robokassa".
	KeyProvider = attribute.Key("payments.provider")
	// KeyOrderID is the merchant's order id (spans only).
	KeyOrderID = attribute.Key("payments.order_id")
	// KeyOutcome is "ok" or the error kind of an operation, or the
	// outcome of a delivery (payments.DeliveryHandled, ...).
	KeyOutcome = attribute.Key("payments.outcome")
	// KeyVerified says whether a delivery's signature was verified.
	KeyVerified = attribute.Key("payments.webhook.verified")
	// KeyEventType is a verified delivery's event type.
	KeyEventType = attribute.Key("payments.event.type")
	// KeyEventStatus is the status a verified delivery's event reports.
	KeyEventStatus = attribute.Key("payments.event.status")
	// KeyErrorType is the error kind of a failure (payments.ErrorKind).
	KeyErrorType = attribute.Key("error.type")
	// KeyHTTPMethod is a delivery's HTTP method.
	KeyHTTPMethod = attribute.Key("http.request.method")
	// KeyHTTPStatusCode is the HTTP status a delivery was answered with.
	KeyHTTPStatusCode = attribute.Key("http.response.status_code")
)

// Span and metric names.
const (
	spanNamePrefix     = "payments."
	deliverySpanName   = "payments.webhook"
	metricOperations   = "payments.client.operations"
	metricErrors       = "payments.client.errors"
	metricOpDuration   = "payments.client.operation.duration"
	metricDeliveries   = "payments.webhook.deliveries"
	metricHookDuration = "payments.webhook.delivery.duration"
)

// durationBuckets are the histograms' bucket boundaries in seconds: the
// ones OpenTelemetry's HTTP conventions advise, up to 10 s, and 30 s and
// 60 s for slow providers.
var durationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60}

// Options configures New. The zero value (or nil) means the global
// providers.
type Options struct {
	// TracerProvider makes the spans; nil means otel.GetTracerProvider().
	TracerProvider trace.TracerProvider
	// MeterProvider makes the metrics; nil means otel.GetMeterProvider().
	MeterProvider metric.MeterProvider
}

// Observer is a [payments.Observer] that traces and measures with
// OpenTelemetry. Make one with New; it is safe for concurrent use.
type Observer struct {
	tracer       trace.Tracer
	operations   metric.Int64Counter
	errors       metric.Int64Counter
	opDuration   metric.Float64Histogram
	deliveries   metric.Int64Counter
	hookDuration metric.Float64Histogram
}

var _ payments.Observer = (*Observer)(nil)

// New returns an Observer that reports to opts' providers. opts may be nil.
func New(opts *Options) (*Observer, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.TracerProvider == nil {
		o.TracerProvider = otel.GetTracerProvider()
	}
	if o.MeterProvider == nil {
		o.MeterProvider = otel.GetMeterProvider()
	}
	m := o.MeterProvider.Meter(ScopeName)
	obs := &Observer{tracer: o.TracerProvider.Tracer(ScopeName)}
	var errs [5]error
	obs.operations, errs[0] = m.Int64Counter(metricOperations, metric.WithUnit("{operation}"),
		metric.WithDescription("Payments client operations, by operation, provider and outcome."))
	obs.errors, errs[1] = m.Int64Counter(metricErrors, metric.WithUnit("{error}"),
		metric.WithDescription("Failed payments client operations, by operation, provider and error kind."))
	obs.opDuration, errs[2] = m.Float64Histogram(metricOpDuration, metric.WithUnit("s"),
		metric.WithDescription("Duration of payments client operations."), metric.WithExplicitBucketBoundaries(durationBuckets...))
	obs.deliveries, errs[3] = m.Int64Counter(metricDeliveries, metric.WithUnit("{delivery}"),
		metric.WithDescription("Payments webhook deliveries, by provider, HTTP status, outcome and event type."))
	obs.hookDuration, errs[4] = m.Float64Histogram(metricHookDuration, metric.WithUnit("s"),
		metric.WithDescription("Duration of payments webhook deliveries."), metric.WithExplicitBucketBoundaries(durationBuckets...))
	if err := errors.Join(errs[:]...); err != nil {
		return nil, fmt.Errorf("otelpayments: %w", err)
	}
	return obs, nil
}

// StartOperation starts the operation's span. A nil Observer (the result
// of a failed New, installed all the same) records nothing.
func (o *Observer) StartOperation(ctx context.Context, op payments.OperationInfo) context.Context {
	if o == nil {
		return ctx
	}
	ctx, _ = o.tracer.Start(ctx, spanNamePrefix+string(op.Op), trace.WithSpanKind(trace.SpanKindInternal),
		trace.WithAttributes(KeyOperation.String(string(op.Op)), KeyProvider.String(op.Provider)))
	return ctx
}

// EndOperation ends the operation's span and records its metrics.
func (o *Observer) EndOperation(ctx context.Context, op payments.OperationInfo, res payments.OperationResult) {
	if o == nil {
		return
	}
	failed := res.Outcome != payments.OutcomeOK
	span := trace.SpanFromContext(ctx)
	if op.OrderID != "" {
		span.SetAttributes(KeyOrderID.String(op.OrderID))
	}
	span.SetAttributes(KeyOutcome.String(res.Outcome))
	if failed {
		span.SetAttributes(KeyErrorType.String(res.Outcome))
		span.SetStatus(codes.Error, res.Outcome)
	}
	span.End()

	operation, provider := KeyOperation.String(string(op.Op)), KeyProvider.String(op.Provider)
	set := metric.WithAttributeSet(attribute.NewSet(operation, provider, KeyOutcome.String(res.Outcome)))
	o.operations.Add(ctx, 1, set)
	o.opDuration.Record(ctx, res.Duration.Seconds(), set)
	if failed {
		o.errors.Add(ctx, 1, metric.WithAttributeSet(attribute.NewSet(operation, provider, KeyErrorType.String(res.Outcome))))
	}
}

// StartDelivery starts the delivery's span; a nil Observer records
// nothing.
func (o *Observer) StartDelivery(ctx context.Context, d payments.DeliveryInfo) context.Context {
	if o == nil {
		return ctx
	}
	ctx, _ = o.tracer.Start(ctx, deliverySpanName, trace.WithSpanKind(trace.SpanKindInternal),
		trace.WithAttributes(KeyProvider.String(d.Provider), KeyHTTPMethod.String(d.Method)))
	return ctx
}

// EndDelivery ends the delivery's span and records its metrics.
func (o *Observer) EndDelivery(ctx context.Context, d payments.DeliveryInfo, res payments.DeliveryResult) {
	if o == nil {
		return
	}
	span := trace.SpanFromContext(ctx)
	span.SetAttributes(KeyVerified.Bool(d.Verified), KeyOutcome.String(res.Outcome))
	if res.StatusCode != 0 {
		span.SetAttributes(KeyHTTPStatusCode.Int(res.StatusCode))
	}
	if d.Verified {
		span.SetAttributes(KeyEventType.String(string(d.EventType)), KeyEventStatus.String(string(d.EventStatus)))
		if d.OrderID != "" {
			span.SetAttributes(KeyOrderID.String(d.OrderID))
		}
	}
	if res.ErrorKind != "" {
		span.SetAttributes(KeyErrorType.String(res.ErrorKind))
	}
	if failedDelivery(res) {
		desc := res.ErrorKind
		if desc == "" {
			desc = res.Outcome
		}
		span.SetStatus(codes.Error, desc)
	}
	span.End()

	attrs := []attribute.KeyValue{KeyProvider.String(d.Provider), KeyHTTPStatusCode.Int(res.StatusCode), KeyOutcome.String(res.Outcome)}
	o.hookDuration.Record(ctx, res.Duration.Seconds(), metric.WithAttributeSet(attribute.NewSet(attrs...)))
	if d.Verified {
		attrs = append(attrs, KeyEventType.String(string(d.EventType)))
	}
	if res.ErrorKind != "" {
		attrs = append(attrs, KeyErrorType.String(res.ErrorKind))
	}
	o.deliveries.Add(ctx, 1, metric.WithAttributeSet(attribute.NewSet(attrs...)))
}

// failedDelivery reports whether a delivery's span is an error: it was
// refused or failed, or its event was handled but not recorded.
func failedDelivery(res payments.DeliveryResult) bool {
	switch res.Outcome {
	case payments.DeliveryRefused, payments.DeliveryAppError, payments.DeliveryFailed:
		return true
	case payments.DeliveryHandled:
		return res.Err != nil
	}
	return false
}
