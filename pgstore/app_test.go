package pgstore_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/paykit/payments"
	"github.com/paykit/payments/internal/pgtest"
	"github.com/paykit/payments/paymentstest"
	"github.com/paykit/payments/pgstore"
)

// The app of these tests keeps its orders in the test's schema: effects
// counts how many times a payment event was applied to an order, runs
// every call of the app's function that committed.
const appSchema = `
CREATE TABLE IF NOT EXISTS orders (id text PRIMARY KEY, status text NOT NULL, effects integer NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS runs (order_id text NOT NULL, instance text NOT NULL);
`

// newApp creates the app's tables in db with orders ids.
func newApp(t testing.TB, db pgtest.DB, ids ...string) {
	t.Helper()
	pgtest.Exec(t, db, appSchema)
	for _, id := range ids {
		pgtest.Exec(t, db, "INSERT INTO orders (id, status) VALUES ($1, 'pending')", id)
	}
}

// effects returns the effects and status of order id.
func effects(t testing.TB, db pgtest.DB, id string) int64 {
	t.Helper()
	return pgtest.Int(t, db, "SELECT effects FROM orders WHERE id = $1", id)
}

// applySQL is the app's order update.
const applySQL = "UPDATE orders SET status = $2, effects = effects + 1 WHERE id = $1"

// instance is one app instance: its own pool, store, client and handler.
type instance struct {
	name  string
	db    pgtest.DB
	pool  *pgxpool.Pool
	store *pgstore.Store
	h     http.Handler
	runs  atomic.Int64 // calls of the app's function

	client *payments.Client
	opts   *payments.HandlerOptions
}

// instanceOptions say how an instance handles events.
type instanceOptions struct {
	tx    bool          // Store.Transactional, else the plain store
	lease time.Duration // zero: payments.DefaultLease
	// store wraps the instance's store in HandlerOptions.Store, if set.
	store func(*pgstore.Store) payments.EventStore
	// fn replaces the default app function (transactional form).
	fn pgstore.TxFunc
	// onError is HandlerOptions.OnError's error, if set.
	onError func(error)
}

// newInstance starts an instance of the app on db.
func newInstance(t testing.TB, db pgtest.DB, name string, o instanceOptions) *instance {
	t.Helper()
	in := &instance{name: name, db: db, pool: pgtest.Pool(t, db, name)}
	in.store = newStore(t, in.pool, db, pgstore.Options{})
	client, err := payments.New(paymentstest.New(nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	fn := o.fn
	if fn == nil {
		fn = func(ctx context.Context, tx pgx.Tx, ev *payments.Event) error {
			if _, err := tx.Exec(ctx, applySQL, ev.OrderID, string(ev.Status)); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "INSERT INTO runs (order_id, instance) VALUES ($1, $2)", ev.OrderID, name)
			return err
		}
	}
	var handle payments.HandlerFunc
	if o.tx {
		txfn := in.store.Transactional(fn)
		handle = func(ctx context.Context, ev *payments.Event) error {
			in.runs.Add(1)
			return txfn(ctx, ev)
		}
	} else {
		handle = func(ctx context.Context, ev *payments.Event) error {
			in.runs.Add(1)
			return pgx.BeginFunc(ctx, in.pool, func(tx pgx.Tx) error { return fn(ctx, tx, ev) })
		}
	}
	var store payments.EventStore = in.store
	if o.store != nil {
		store = o.store(in.store)
	}
	ho := &payments.HandlerOptions{Store: store, Lease: o.lease}
	if o.onError != nil {
		ho.OnError = func(_ *http.Request, err error) { o.onError(err) }
	}
	in.client = client
	in.opts = ho
	in.h = client.WebhookHandler(handle, ho)
	return in
}

// clientHandler returns in's handler with another app function.
func clientHandler(_ testing.TB, in *instance, fn payments.HandlerFunc) http.Handler {
	return in.client.WebhookHandler(fn, in.opts)
}

// fake signs the deliveries (every fake has the same default secret).
var fake = paymentstest.New(nil)

// paid is the delivery of event id: order's payment succeeded.
func paid(id, order string) paymentstest.WebhookData {
	return paymentstest.WebhookData{
		EventID: id, Type: payments.EventPayment, OrderID: order, PaymentID: "pay_" + order,
		Status: payments.StatusSucceeded, Amount: payments.MustParseMoney("10.00", "RUB"),
	}
}

// deliver sends d to the instance with ctx and returns the status code.
func (in *instance) deliver(ctx context.Context, d paymentstest.WebhookData) int {
	r := fake.SignWebhook(d).WithContext(ctx)
	w := httptest.NewRecorder()
	in.h.ServeHTTP(w, r)
	return w.Code
}
