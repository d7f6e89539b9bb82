package reconcile_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/paykit/payments"
	"github.com/paykit/payments/internal/pgtest"
	"github.com/paykit/payments/paymentstest"
	"github.com/paykit/payments/pgstore"
	"github.com/paykit/payments/reconcile"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// pgInstance is one app instance on PostgreSQL: its own pool, store and
// client, and the app's function, which marks the order in the same
// transaction as the de-dup record (pgstore's Transactional).
type pgInstance struct {
	client *payments.Client
	store  *pgstore.Store
	handle payments.HandlerFunc
	runs   atomic.Int64
}

func newPGInstance(t *testing.T, db pgtest.DB, name string, provider *paymentstest.Fake) *pgInstance {
	t.Helper()
	pool := pgtest.Pool(t, db, name)
	store, err := pgstore.New(pool, &pgstore.Options{Schema: db.Schema})
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	c, err := payments.New(provider, nil)
	if err != nil {
		t.Fatal(err)
	}
	in := &pgInstance{client: c, store: store}
	tx := store.Transactional(func(ctx context.Context, tx pgx.Tx, ev *payments.Event) error {
		_, err := tx.Exec(ctx, "UPDATE orders SET status = $2, effects = effects + 1 WHERE id = $1", ev.OrderID, string(ev.Status))
		return err
	})
	in.handle = func(ctx context.Context, ev *payments.Event) error { in.runs.Add(1); return tx(ctx, ev) }
	return in
}

// Issue 11, against a real PostgreSQL: one instance receives webhooks,
// another runs the reconciler, both on the PostgreSQL store with the
// transactional option. A payment whose webhook never came is recovered;
// one the webhook delivered first is not handled again by the worker; one
// the worker delivered first is acknowledged, not handled again, when its
// webhook comes late. Each order is updated exactly once.
func TestReconcileWithPostgres(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	pgtest.Exec(t, db, "CREATE TABLE orders (id text PRIMARY KEY, status text NOT NULL, effects integer NOT NULL DEFAULT 0)")
	provider := paymentstest.New(nil)
	orders := []string{"missed", "webhook-first", "worker-first", "unpaid"}
	web := newPGInstance(t, db, "web", provider)
	rec := newPGInstance(t, db, "reconciler", provider)
	for _, id := range orders {
		pgtest.Exec(t, db, "INSERT INTO orders (id, status) VALUES ($1, 'pending')", id)
		if _, err := web.client.InitPayment(t.Context(), &payments.InitRequest{OrderID: id, Amount: rub("10.00")}); err != nil {
			t.Fatal(err)
		}
	}
	h := web.client.WebhookHandler(web.handle, &payments.HandlerOptions{Store: web.store})
	webhook := func(id string) {
		t.Helper()
		r, err := provider.PaymentWebhook(id)
		if err != nil {
			t.Fatal(err)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			t.Fatalf("webhook of %s answered %d %q", id, w.Code, w.Body)
		}
	}
	for _, id := range orders[:3] {
		if err := provider.MarkPaid(id); err != nil {
			t.Fatal(err)
		}
	}
	webhook("webhook-first")
	// The worker's list was read before that webhook came: it still names
	// every order.
	w := &reconcile.Worker{
		Client: rec.client, Handle: rec.handle, Store: rec.store, Clock: &fakeClock{now: start},
		Pending: func(context.Context) ([]string, error) { return orders, nil },
	}
	if err := w.Once(t.Context()); err != nil {
		t.Fatal(err)
	}
	webhook("worker-first") // late
	webhook("worker-first") // and retried

	for _, tc := range []struct {
		id      string
		status  string
		effects int64
	}{
		{"missed", "succeeded", 1},
		{"webhook-first", "succeeded", 1},
		{"worker-first", "succeeded", 1},
		{"unpaid", "pending", 0},
	} {
		if got := pgtest.Int(t, db, "SELECT effects FROM orders WHERE id = $1", tc.id); got != tc.effects {
			t.Errorf("order %s updated %d times, want %d", tc.id, got, tc.effects)
		}
		if got := pgtest.Int(t, db, "SELECT count(*) FROM orders WHERE id = $1 AND status = $2", tc.id, tc.status); got != 1 {
			t.Errorf("order %s is not %s", tc.id, tc.status)
		}
	}
	if n, m := web.runs.Load(), rec.runs.Load(); n != 1 || m != 2 {
		t.Errorf("the app's function ran %d times on the webhook instance and %d on the reconciler's, want 1 and 2", n, m)
	}
}
