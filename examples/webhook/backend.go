package main

import (
	"context"
	"log/slog"

	"github.com/paykit/payments"
)

// backend is where the endpoint keeps the shop's orders and the
// de-duplication store: memory (one process, the default) or PostgreSQL
// (DATABASE_URL; every instance shares it).
type backend struct {
	// events de-duplicates deliveries, and the reconciler's events with
	// them.
	events payments.EventStore
	// handle is the app's event function: it records a payment event in
	// the order table.
	handle payments.HandlerFunc
	// total returns what an order costs (HandlerOptions.ExpectedAmount).
	total func(ctx context.Context, ev *payments.Event) (payments.Money, error)
	// pending returns the orders still waiting for the provider, for the
	// reconciler; nil means no reconciler.
	pending func(ctx context.Context) ([]string, error)
	// prune, if set, deletes old handled events until ctx is done.
	prune func(ctx context.Context)
	// close releases the backend's connections.
	close func()
}

// memoryBackend keeps the orders in store and the handled events in a
// payments.MemoryStore (which forgets them after 35 days and beyond
// 100,000): for one process. It runs no reconciler.
func memoryBackend(store *memStore, log *slog.Logger) *backend {
	return &backend{
		events: &payments.MemoryStore{},
		handle: recorded(log, store.recordPayment),
		total: func(ctx context.Context, ev *payments.Event) (payments.Money, error) {
			return store.orderTotal(ctx, ev.OrderID)
		},
		close: func() {},
	}
}
