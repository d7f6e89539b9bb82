package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/paykit/payments"
	"github.com/paykit/payments/pgstore"
)

// ordersSchema is the example's order table: A PLACEHOLDER FOR THE SHOP'S
// OWN. Checkout inserts each order with its total and status 'pending';
// the endpoint records what the provider reports.
const ordersSchema = `CREATE TABLE IF NOT EXISTS webhook_orders (
	id       text PRIMARY KEY,
	total    numeric NOT NULL,
	currency text NOT NULL,
	status   text NOT NULL DEFAULT 'pending',
	event    text NOT NULL DEFAULT ''
)`

// pendingSQL selects the orders the reconciler asks the provider about:
// neither paid nor given up (a hold, 'authorized', may still be captured
// or cancelled).
const pendingSQL = `SELECT id FROM webhook_orders
	WHERE status NOT IN ('succeeded', 'failed', 'canceled', 'refunded', 'partially_refunded', 'expired')
	ORDER BY id LIMIT 10000`

// openPostgres connects to url, migrates the event store and creates the
// order table. The app's function records each payment in the same
// transaction as the de-duplication record (pgstore's Transactional), so
// an order is updated exactly once per event even if the process dies
// between the two.
func openPostgres(ctx context.Context, url string, log *slog.Logger) (*backend, error) {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, errors.New("DATABASE_URL: cannot be parsed") // the URL may hold a password
	}
	store, err := pgstore.New(pool, nil)
	if err == nil {
		err = store.Migrate(ctx)
	}
	if err == nil {
		_, err = pool.Exec(ctx, ordersSchema)
	}
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return &backend{
		events: store,
		handle: store.Transactional(func(ctx context.Context, tx pgx.Tx, ev *payments.Event) error {
			return recorded(log, func(ctx context.Context, ev *payments.Event) (bool, error) {
				return recordPaymentTx(ctx, tx, ev)
			})(ctx, ev)
		}),
		total: func(ctx context.Context, ev *payments.Event) (payments.Money, error) {
			return pgOrderTotal(ctx, pool, ev.OrderID)
		},
		pending: func(ctx context.Context) ([]string, error) {
			rows, err := pool.Query(ctx, pendingSQL)
			if err != nil {
				return nil, err
			}
			return pgx.CollectRows(rows, pgx.RowTo[string])
		},
		prune: func(ctx context.Context) {
			// Handled keys older than the retention (35 days), in batches.
			_ = store.PruneEvery(ctx, time.Hour, func(err error) { log.Warn("pruning handled events", "error", err) })
		},
		close: pool.Close,
	}, nil
}

// pgOrderTotal returns what order id costs.
func pgOrderTotal(ctx context.Context, pool *pgxpool.Pool, id string) (payments.Money, error) {
	var total, currency string
	err := pool.QueryRow(ctx, "SELECT total::text, currency FROM webhook_orders WHERE id = $1", id).Scan(&total, &currency)
	if errors.Is(err, pgx.ErrNoRows) {
		return payments.Money{}, errUnknownOrder
	}
	if err != nil {
		return payments.Money{}, err
	}
	return payments.ParseMoney(total, payments.Currency(currency))
}

// recordPaymentTx records a payment event in tx, like memStore's
// recordPayment: a paid order stays paid whatever a late or out-of-order
// event says. It reports whether anything changed.
func recordPaymentTx(ctx context.Context, tx pgx.Tx, ev *payments.Event) (bool, error) {
	var status string
	err := tx.QueryRow(ctx, "SELECT status FROM webhook_orders WHERE id = $1 FOR UPDATE", ev.OrderID).Scan(&status)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, errUnknownOrder
	}
	if err != nil || payments.Status(status).Paid() {
		return false, err
	}
	_, err = tx.Exec(ctx, "UPDATE webhook_orders SET status = $2, event = $3 WHERE id = $1", ev.OrderID, string(ev.Status), ev.ID)
	return err == nil, err
}
