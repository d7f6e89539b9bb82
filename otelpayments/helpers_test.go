package otelpayments_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/paykit/payments"
	"github.com/paykit/payments/otelpayments"
)

// telemetry is an Observer with in-memory exporters.
type telemetry struct {
	obs    *otelpayments.Observer
	tp     *sdktrace.TracerProvider
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
}

func newTelemetry(t *testing.T) *telemetry {
	t.Helper()
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() {
		_ = tp.Shutdown(context.Background())
		_ = mp.Shutdown(context.Background())
	})
	obs, err := otelpayments.New(&otelpayments.Options{TracerProvider: tp, MeterProvider: mp})
	if err != nil {
		t.Fatal(err)
	}
	return &telemetry{obs: obs, tp: tp, spans: spans, reader: reader}
}

// span is what a test compares of an ended span.
type span struct {
	Name   string
	Attrs  map[string]string
	Status string // "Unset", "Ok" or "Error: <description>"
}

// ended returns the ended spans in the order they ended.
func (tm *telemetry) ended() []span {
	var out []span
	for _, s := range tm.spans.Ended() {
		out = append(out, span{Name: s.Name(), Attrs: attrMap(s.Attributes()), Status: statusString(s.Status().Code.String(), s.Status().Description)})
	}
	return out
}

func attrMap(kvs []attribute.KeyValue) map[string]string {
	m := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value.String()
	}
	return m
}

// points collects the metrics: "name{k=v,...}" to the value of a sum or
// the count of a histogram.
func (tm *telemetry) points(t *testing.T) map[string]int64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := tm.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					out[m.Name+setString(p.Attributes)] += p.Value
				}
			case metricdata.Histogram[float64]:
				if m.Unit != "s" {
					t.Errorf("%s: unit %q, want s", m.Name, m.Unit)
				}
				for _, p := range d.DataPoints {
					out[m.Name+setString(p.Attributes)] += int64(p.Count)
					if p.Sum < 0 {
						t.Errorf("%s: negative duration sum %v", m.Name, p.Sum)
					}
				}
			default:
				t.Errorf("%s: unexpected data %T", m.Name, m.Data)
			}
		}
	}
	return out
}

func setString(s attribute.Set) string {
	var parts []string
	for _, kv := range s.ToSlice() {
		parts = append(parts, fmt.Sprintf("%s=%s", kv.Key, kv.Value.String()))
	}
	sort.Strings(parts)
	return "{" + strings.Join(parts, ",") + "}"
}

// client returns a Client for p observed by tm.
func (tm *telemetry) client(t *testing.T, p payments.Provider) *payments.Client {
	t.Helper()
	c, err := payments.New(p, &payments.Options{Observer: tm.obs})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
