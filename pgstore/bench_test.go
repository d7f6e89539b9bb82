package pgstore_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/paykit/payments"
	"github.com/paykit/payments/internal/pgtest"
)

// benchDeliveries delivers a new event per iteration to in and reports
// deliveries per second.
func benchDeliveries(b *testing.B, in *instance) {
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if code := in.deliver(ctx, paid("evt_"+strconv.Itoa(i), "o"+strconv.Itoa(i))); code != http.StatusOK {
			b.Fatalf("delivery %d: %d", i, code)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "deliveries/s")
	b.StopTimer()
	if n := pgtest.Int(b, in.db, "SELECT count(*) FROM payments_events WHERE done_at IS NOT NULL"); n != int64(i) {
		b.Fatalf("%d events recorded as handled, want %d", n, i)
	}
}

// Webhook deliveries per second through Client.WebhookHandler with the
// store on loopback (the app's function does nothing): verification, one
// Claim and one Complete per delivery.
func BenchmarkWebhookDelivery(b *testing.B) {
	db := pgtest.New(b)
	newApp(b, db, "o1")
	in := newInstance(b, db, "bench", instanceOptions{fn: func(context.Context, pgx.Tx, *payments.Event) error { return nil }})
	// The plain store without the app's own transaction: Claim, Complete.
	in.h = clientHandler(b, in, func(context.Context, *payments.Event) error { return nil })
	benchDeliveries(b, in)
}

// The transactional option: Claim, then one transaction (BEGIN, the
// record, COMMIT) around an app function that does nothing.
func BenchmarkWebhookDeliveryTransactional(b *testing.B) {
	db := pgtest.New(b)
	newApp(b, db, "o1")
	in := newInstance(b, db, "bench", instanceOptions{tx: true, fn: func(context.Context, pgx.Tx, *payments.Event) error { return nil }})
	benchDeliveries(b, in)
}

// The floor: the statements a de-duplicating store cannot avoid, one
// INSERT ... ON CONFLICT and one UPDATE per delivery, on the same pool.
func BenchmarkFloorInsertUpdate(b *testing.B) {
	db := pgtest.New(b)
	pool := pgtest.Pool(b, db, "floor")
	pgtest.Exec(b, db, "CREATE TABLE floor (key text PRIMARY KEY, token text NOT NULL, expires timestamptz, done_at timestamptz)")
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		key := "fake:evt_" + strconv.Itoa(i)
		if _, err := pool.Exec(ctx, "INSERT INTO floor (key, token, expires) VALUES ($1, 't', now()) ON CONFLICT (key) DO NOTHING", key); err != nil {
			b.Fatal(err)
		}
		if _, err := pool.Exec(ctx, "UPDATE floor SET done_at = now() WHERE key = $1 AND token = 't'", key); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "deliveries/s")
}

// The floor of the transactional option: one INSERT ... ON CONFLICT, then
// a transaction (BEGIN, one UPDATE, COMMIT) per delivery, on the same pool.
func BenchmarkFloorInsertTxUpdate(b *testing.B) {
	db := pgtest.New(b)
	pool := pgtest.Pool(b, db, "floor")
	pgtest.Exec(b, db, "CREATE TABLE floor (key text PRIMARY KEY, token text NOT NULL, expires timestamptz, done_at timestamptz)")
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		key := "fake:evt_" + strconv.Itoa(i)
		if _, err := pool.Exec(ctx, "INSERT INTO floor (key, token, expires) VALUES ($1, 't', now()) ON CONFLICT (key) DO NOTHING", key); err != nil {
			b.Fatal(err)
		}
		err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, "UPDATE floor SET done_at = now() WHERE key = $1 AND token = 't'", key)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "deliveries/s")
}
