package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/internal/pgtest"
	"github.com/paykit/payments/paymentstest"
	"github.com/paykit/payments/providers"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// With DATABASE_URL the endpoint keeps orders and handled events in
// PostgreSQL: a webhook updates its order, and a paid order whose webhook
// never came is recovered by the reconciler. Skipped, saying how to run
// it, where no PostgreSQL is available.
func TestPostgresWebhookAndReconciler(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	pgtest.Exec(t, db, ordersSchema)
	for _, id := range []string{"1", "2", "3"} {
		pgtest.Exec(t, db, "INSERT INTO webhook_orders (id, total, currency) VALUES ($1, 10.00, 'RUB')", id)
	}
	cfg, err := providers.FromEnv(func(k string) string {
		return map[string]string{"PAYMENTS_PROVIDER": "fake", "PAYMENTS_FAKE_WEBHOOK_SECRET": "pg-test-secret"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{} // written until run returns
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("endpoint log:\n%s", logs)
		}
	})
	opened := make(chan *paymentstest.Fake, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, cfg, options{
			path: "/webhook", log: slog.New(slog.NewTextHandler(logs, nil)), listener: ln,
			databaseURL: db.URL, reconcileInterval: 20 * time.Millisecond,
			opened: func(c *payments.Client) {
				f := c.Provider().(*paymentstest.Fake)
				for _, id := range []string{"1", "2", "3"} {
					if _, err := c.InitPayment(ctx, &payments.InitRequest{OrderID: id, Amount: payments.MustParseMoney("10.00", payments.RUB)}); err != nil {
						t.Error(err)
					}
				}
				opened <- f
			},
		})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	}()
	fake := <-opened
	// Order 1's webhook arrives (the fake itself still says pending, so
	// the reconciler cannot report it first); order 2 is paid and its
	// webhook never comes; 3 stays unpaid.
	r := fake.SignWebhook(paymentstest.WebhookData{
		EventID: "evt_hook", Type: payments.EventPayment, OrderID: "1",
		Status: payments.StatusSucceeded, Amount: payments.MustParseMoney("10.00", payments.RUB),
	})
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	d := delivery{r.Method, r.Header.Get("Content-Type"), string(b)}
	if code, body := send(t, http.DefaultClient, "http://"+ln.Addr().String()+"/webhook", d); code != http.StatusOK {
		t.Fatalf("webhook answered %d %q", code, body)
	}
	if err := fake.MarkPaid("2"); err != nil {
		t.Fatal(err)
	}
	// Poll (no timing asserted) until the reconciler recovered order 2.
	for pgtest.Int(t, db, "SELECT count(*) FROM webhook_orders WHERE id = '2' AND status = 'succeeded'") == 0 {
		select {
		case err := <-done:
			t.Fatalf("run ended: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	for _, tc := range []struct{ id, status, event string }{
		{"1", "succeeded", paymentstest.EventID(paymentstest.DefaultMerchantID, "evt_hook")},
		{"2", "succeeded", "state:" + paymentstest.DefaultMerchantID + ":2:succeeded"},
		{"3", "pending", ""},
	} {
		if n := pgtest.Int(t, db, "SELECT count(*) FROM webhook_orders WHERE id = $1 AND status = $2 AND event = $3", tc.id, tc.status, tc.event); n != 1 {
			t.Errorf("order %s is not %s by event %q", tc.id, tc.status, tc.event)
		}
	}
}
