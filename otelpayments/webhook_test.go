package otelpayments_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

// paidWebhook returns the fake's signed notification that order was paid.
func paidWebhook(t *testing.T, f *paymentstest.Fake, c *payments.Client, order string) func() *http.Request {
	t.Helper()
	if _, err := c.InitPayment(context.Background(), &payments.InitRequest{OrderID: order, Amount: rub("10.00"), Description: "Tea"}); err != nil {
		t.Fatal(err)
	}
	if err := f.MarkPaid(order); err != nil {
		t.Fatal(err)
	}
	return func() *http.Request {
		r, err := f.PaymentWebhook(order)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
}

func TestDeliveries(t *testing.T) {
	t.Parallel()
	verified := func(status int, outcome string) map[string]string {
		return map[string]string{
			"payments.provider": "fake", "http.request.method": "POST", "payments.webhook.verified": "true",
			"payments.event.type": "payment", "payments.event.status": "succeeded", "payments.order_id": "order-9",
			"http.response.status_code": strconv.Itoa(status), "payments.outcome": outcome,
		}
	}
	forged := map[string]string{
		"payments.provider": "fake", "http.request.method": "POST", "payments.webhook.verified": "false",
		"http.response.status_code": "403", "payments.outcome": "refused", "error.type": "invalid_signature",
	}
	appError := verified(500, "app_error")
	appError["error.type"] = "error"
	tests := []struct {
		name       string
		fn         payments.HandlerFunc
		deliveries int
		forge      bool
		wantStatus []int
		wantSpans  []span
		wantPoints map[string]int64
	}{
		{
			name: "handled, then a duplicate", deliveries: 2,
			wantStatus: []int{200, 200},
			wantSpans: []span{
				{Name: "payments.webhook", Status: "Unset", Attrs: verified(200, "handled")},
				{Name: "payments.webhook", Status: "Unset", Attrs: verified(200, "duplicate")},
			},
			wantPoints: map[string]int64{
				"payments.webhook.deliveries{http.response.status_code=200,payments.event.type=payment,payments.outcome=handled,payments.provider=fake}":   1,
				"payments.webhook.deliveries{http.response.status_code=200,payments.event.type=payment,payments.outcome=duplicate,payments.provider=fake}": 1,
				"payments.webhook.delivery.duration{http.response.status_code=200,payments.outcome=handled,payments.provider=fake}":                        1,
				"payments.webhook.delivery.duration{http.response.status_code=200,payments.outcome=duplicate,payments.provider=fake}":                      1,
			},
		},
		{
			name: "forged", deliveries: 1, forge: true,
			wantStatus: []int{403},
			wantSpans:  []span{{Name: "payments.webhook", Status: "Error: invalid_signature", Attrs: forged}},
			wantPoints: map[string]int64{
				"payments.webhook.deliveries{error.type=invalid_signature,http.response.status_code=403,payments.outcome=refused,payments.provider=fake}": 1,
				"payments.webhook.delivery.duration{http.response.status_code=403,payments.outcome=refused,payments.provider=fake}":                       1,
			},
		},
		{
			name: "the app fails", deliveries: 1,
			fn:         func(context.Context, *payments.Event) error { return errors.New("the shop's database is down") },
			wantStatus: []int{500},
			wantSpans:  []span{{Name: "payments.webhook", Status: "Error: error", Attrs: appError}},
			wantPoints: map[string]int64{
				"payments.webhook.deliveries{error.type=error,http.response.status_code=500,payments.event.type=payment,payments.outcome=app_error,payments.provider=fake}": 1,
				"payments.webhook.delivery.duration{http.response.status_code=500,payments.outcome=app_error,payments.provider=fake}":                                       1,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := paymentstest.New(nil)
			setup, err := payments.New(f, nil) // unobserved, to make the payment
			if err != nil {
				t.Fatal(err)
			}
			next := paidWebhook(t, f, setup, "order-9")
			if tt.forge {
				next = func() *http.Request {
					return f.SignWebhookWith(paymentstest.WebhookData{
						EventID: "evt_9", Type: payments.EventPayment, OrderID: "order-9", Status: payments.StatusSucceeded, Amount: rub("10.00"),
					}, "not-the-secret")
				}
			}
			tm := newTelemetry(t)
			fn := tt.fn
			if fn == nil {
				fn = func(ctx context.Context, _ *payments.Event) error {
					_, s := tm.tp.Tracer("test").Start(ctx, "app")
					s.End()
					return nil
				}
			}
			h := tm.client(t, f).WebhookHandler(fn, nil)
			var status []int
			for range tt.deliveries {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, next())
				status = append(status, w.Code)
			}
			if diff := cmp.Diff(tt.wantStatus, status); diff != "" {
				t.Errorf("statuses (-want +got):\n%s", diff)
			}
			var got []span
			for _, s := range tm.spans.Ended() {
				if s.Name() == "app" {
					continue
				}
				got = append(got, span{Name: s.Name(), Attrs: attrMap(s.Attributes()), Status: statusString(s.Status().Code.String(), s.Status().Description)})
			}
			if diff := cmp.Diff(tt.wantSpans, got); diff != "" {
				t.Errorf("spans (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantPoints, tm.points(t)); diff != "" {
				t.Errorf("metrics (-want +got):\n%s", diff)
			}
		})
	}
}

// The app's HandlerFunc runs under the delivery's span.
func TestDeliverySpanIsParent(t *testing.T) {
	t.Parallel()
	f := paymentstest.New(nil)
	setup, err := payments.New(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	next := paidWebhook(t, f, setup, "order-3")
	tm := newTelemetry(t)
	h := tm.client(t, f).WebhookHandler(func(ctx context.Context, _ *payments.Event) error {
		_, s := tm.tp.Tracer("test").Start(ctx, "app")
		s.End()
		return nil
	}, nil)
	h.ServeHTTP(httptest.NewRecorder(), next())
	ended := tm.spans.Ended()
	if len(ended) != 2 || ended[0].Name() != "app" || ended[1].Name() != "payments.webhook" {
		t.Fatalf("spans = %v, want the app's, then the delivery's", tm.ended())
	}
	if ended[0].Parent().SpanID() != ended[1].SpanContext().SpanID() {
		t.Error("the app's span is not a child of the delivery's span")
	}
}

func statusString(code, desc string) string {
	if desc != "" {
		return code + ": " + desc
	}
	return code
}
