package conformance

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/paykit/payments"
)

// Delivery is a webhook delivery the live side sent while Harness.Seed
// prepared a scenario's payments (Harness.SeedWebhooks), kept in the
// scenario's fixture exactly as received (a secret or card number in it is
// scrubbed, which then fails its verification on replay), so that replay
// verifies the same bytes.
type Delivery struct {
	// Method is the HTTP method.
	Method string `json:"method"`
	// Path is the URL path.
	Path string `json:"path"`
	// Query is the raw URL query, if any.
	Query string `json:"query,omitempty"`
	// ContentType is the Content-Type header.
	ContentType string `json:"content_type,omitempty"`
	// Body is the body, exactly.
	Body string `json:"body,omitempty"`
}

// request returns d as an incoming request.
func (d Delivery) request(ctx context.Context) *http.Request {
	u := &url.URL{Path: d.Path, RawQuery: d.Query}
	r, _ := http.NewRequestWithContext(ctx, d.Method, u.String(), strings.NewReader(d.Body))
	if r == nil {
		r, _ = http.NewRequestWithContext(ctx, http.MethodPost, "/", strings.NewReader(d.Body))
	}
	if d.ContentType != "" {
		r.Header.Set("Content-Type", d.ContentType)
	}
	return r
}

// seedDeliveries returns what Harness.SeedWebhooks says the live side
// sent while s was seeded, scrubbed by rec (record mode only).
func seedDeliveries(t *testing.T, h *Harness, s Scenario, rec *recorder) []Delivery {
	t.Helper()
	if h.SeedWebhooks == nil {
		return nil
	}
	var out []Delivery
	for _, r := range h.SeedWebhooks(t, s) {
		body, err := readBody(r)
		if err != nil {
			t.Fatalf("conformance: a delivery of Harness.SeedWebhooks: %v", err)
		}
		d := Delivery{Method: r.Method, ContentType: r.Header.Get("Content-Type"), Body: rec.scrubText(string(body))}
		if r.URL != nil {
			d.Path, d.Query = r.URL.Path, rec.scrubText(r.URL.RawQuery)
		}
		out = append(out, d)
	}
	return out
}

// mandate returns the recurring parent's mandate for a charge: from its
// status lookup, or, where that carries none (T-Bank's GetState has no
// RebillId, which arrives only in the notification), from the parent's
// verified webhook among the scenario's recorded deliveries. It returns ""
// when neither carries one, and the lookup's error.
func (e *env) mandate(c *payments.Client, ctx context.Context, parentOrderID string) (string, error) {
	p, err := c.PaymentStatus(ctx, parentOrderID)
	if err != nil {
		return "", err
	}
	if p.Mandate != "" {
		return p.Mandate, nil
	}
	for i, d := range e.deliveries {
		ev, err := c.VerifyWebhook(ctx, d.request(ctx))
		if err != nil {
			e.failf("recorded webhook delivery %d does not verify: %v", i+1, err)
			continue
		}
		if ev.OrderID == parentOrderID && ev.Mandate != "" {
			return ev.Mandate, nil
		}
	}
	return "", nil
}
