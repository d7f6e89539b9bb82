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
// the event as handled: a crash between the two means the provider's retry
// runs the function again (the function must be idempotent, as with any
// store). When the app's data lives in the same database,
// [Store.Transactional] runs the function in a pgx.Tx that also records
// the event as handled: the order update and the de-dup record commit or
// roll back together.
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
// FIGURES
package pgstore
