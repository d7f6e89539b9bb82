package payments_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/paykit/payments"
)

// queryProvider verifies notifications sent by GET, with their fields in
// the query, as Robokassa may send ResultURL.
type queryProvider struct{ shopProvider }

func (p queryProvider) VerifyWebhook(_ context.Context, r *http.Request) (*payments.Event, error) {
	q := r.URL.Query()
	if q.Get("sig") != "good" {
		return nil, payments.NewError(payments.ErrInvalidSignature, "", "bad signature")
	}
	return &payments.Event{
		ID: "q:" + q.Get("order"), Type: payments.EventPayment, Status: payments.StatusSucceeded,
		OrderID: q.Get("order"), Amount: rub("10.00"), Ack: payments.Ack{Body: "OK"},
	}, nil
}

// Issue 8 #14: a webhook sent by GET is held to Options.MaxWebhookBytes
// like a body: over the limit it is ErrInvalidRequest with an
// *http.MaxBytesError, the handler answers 413 and the app is not called.
func TestWebhookQueryLimit(t *testing.T) {
	t.Parallel()
	const limit = 1 << 10
	c, err := payments.New(queryProvider{shopProvider{merchant: "m"}}, &payments.Options{MaxWebhookBytes: limit})
	if err != nil {
		t.Fatal(err)
	}
	var handled atomic.Int64
	h := c.WebhookHandler(func(context.Context, *payments.Event) error { handled.Add(1); return nil }, nil)
	base := "order=19&sig=good&pad="
	atLimit := base + strings.Repeat("a", limit-len(base))
	over := atLimit + "a"

	if _, err := c.VerifyWebhook(t.Context(), httptest.NewRequest(http.MethodGet, "/hook?"+atLimit, nil)); err != nil {
		t.Errorf("a query of exactly the limit: %v", err)
	}
	_, err = c.VerifyWebhook(t.Context(), httptest.NewRequest(http.MethodGet, "/hook?"+over, nil))
	var mbe *http.MaxBytesError
	if !errors.Is(err, payments.ErrInvalidRequest) || !errors.As(err, &mbe) || mbe.Limit != limit {
		t.Errorf("a query one byte over the limit: %v, want ErrInvalidRequest with *http.MaxBytesError{Limit: %d}", err, limit)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/hook?"+over, nil))
	if w.Code != http.StatusRequestEntityTooLarge || handled.Load() != 0 {
		t.Errorf("handler answered %d and called the app %d times, want 413 and 0", w.Code, handled.Load())
	}
}
