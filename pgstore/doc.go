// Package pgstore is a PostgreSQL [payments.EventStore] on
// github.com/jackc/pgx/v5, so that several instances of an app behind a
// load balancer handle each webhook event once. Apps that do not import
// it never import a database driver.
//
//	pool, _ := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
//	store, _ := pgstore.New(pool, nil)
//	if err := store.Migrate(ctx); err != nil { ... }
//	go store.PruneEvery(ctx, time.Hour, nil)
//	http.Handle("/webhooks", client.WebhookHandler(handle, &payments.HandlerOptions{Store: store}))
//
// or, with the app's order update in the same transaction as the record:
//
//	handle := store.Transactional(func(ctx context.Context, tx pgx.Tx, ev *payments.Event) error {
//		_, err := tx.Exec(ctx, "UPDATE orders SET status = $2 WHERE id = $1", ev.OrderID, ev.Status)
//		return err
//	})
//
// # Claims
//
// Each event key is one row: a claim (owner token, lease expiry) or a done
// record (completion time). [Store.Claim] is one INSERT ... ON CONFLICT DO
// UPDATE ... WHERE (the row is an expired claim or a done record older
// than the retention) RETURNING: of any number of concurrent deliveries,
// in any number of processes, exactly one acquires the event. Complete and
// Release change the row only while the caller's random 128-bit token
// still owns the claim, and return payments.ErrClaimLost otherwise, so a
// late holder whose lease was taken over cannot complete the new holder's
// claim. Lease expiry and retention are judged by the database server's
// clock (now()), not the app's, so instances with skewed clocks agree.
//
// # Exactly-once effects
//
// With the plain store the app's function runs, then the handler records
// the event as handled: a crash, or a lost connection, between the two
// means the provider's retry runs the function again, so the function must
// be idempotent (as with any store). The plain store is enough when the
// app's effects live elsewhere (a message queue, another service, another
// database) or are idempotent anyway (setting an order's status to paid).
//
// When the app's data lives in the same database, [Store.Transactional]
// runs the function in a pgx.Tx that also records the event as handled:
// the order update and the de-dup record commit or roll back together, so
// "order marked paid" without "event recorded" (or the reverse) cannot
// happen, whatever crashes: use it for effects that must not repeat
// (incrementing a balance, issuing a voucher).
//
// # Schema
//
// [Store.Migrate] creates Options.Schema (if set), the events table and
// its indexes from embedded, numbered SQL files, recording the versions
// applied in <Table>_migrations. Running it again changes nothing; several
// instances may run it at once (it holds pg_advisory_xact_lock).
//
// # Retention
//
// [Store.Prune] deletes handled keys older than Options.Retention (and
// claims whose lease ran out longer than that ago) in bounded batches;
// [Store.PruneEvery] runs it on a schedule. A live claim is never deleted.
//
// # Performance
//
// Measured with go test -bench . -benchtime 2s (the median of 3 runs) on a
// shared 2-core AMD EPYC, PostgreSQL 15 on loopback (the tests' throwaway
// server, fsync off), one delivery at a time, each of a new event, the
// app's function doing nothing:
//
//	BenchmarkWebhookDelivery               2,139 deliveries/s  467 µs/op  13.1 KB/op  181 allocs/op
//	BenchmarkFloorInsertUpdate             2,688 deliveries/s  372 µs/op   0.3 KB/op   10 allocs/op
//	BenchmarkWebhookDeliveryTransactional  1,377 deliveries/s  726 µs/op  13.3 KB/op  187 allocs/op
//	BenchmarkFloorInsertTxUpdate           1,614 deliveries/s  619 µs/op   0.4 KB/op   14 allocs/op
//
// The floor is the bare statements a store cannot avoid on the same pool:
// one INSERT ... ON CONFLICT and one UPDATE per delivery (for the
// transactional option, the UPDATE in its own BEGIN ... COMMIT). The
// handler delivers at 0.80x its floor with the plain store and 0.85x with
// the transactional option, whose two extra round trips (BEGIN, COMMIT)
// are the app's own transaction. Memory per delivery is flat: the same
// bytes and allocations at every iteration count (the request's parsing
// and verification, not the store, account for most of them).
package pgstore
