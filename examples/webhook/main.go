// Command webhook is the smallest production-shaped webhook endpoint: it
// reads the provider's configuration from the environment, mounts
// Client.WebhookHandler (verify the signature, check the amount against the
// order, drop repeated deliveries, handle, then acknowledge in the
// provider's exact format), and serves it with timeouts, JSON logs and a
// graceful shutdown on SIGINT or SIGTERM.
//
//	PAYMENTS_PROVIDER=robokassa ROBOKASSA_MERCHANT_LOGIN=my-shop \
//	ROBOKASSA_PASSWORD1_FILE=/run/secrets/rk1 ROBOKASSA_PASSWORD2_FILE=/run/secrets/rk2 \
//	ROBOKASSA_ALGORITHM=SHA256 WEBHOOK_ADDR=:8080 go run ./examples/webhook
//
// # Sections
//
// Configuration: the provider's variables as listed in package providers
// (PAYMENTS_PROVIDER, ROBOKASSA_*, CLIENTSDK_*, ...; secrets from
// variables or *_FILE files, never flags), plus
//
//	WEBHOOK_ADDR  listen address (default :8080)
//	WEBHOOK_PATH  the webhook's path (default /webhook): Robokassa's ResultURL,
//	              clientsdk's notification URL (CLIENTSDK_NOTIFICATION_PATH)
//	DATABASE_URL  optional: a PostgreSQL URL (postgres://user@host/db); see
//	              PostgreSQL below
//
// Answers: the provider's acknowledgement (Robokassa "OK{InvId}") once the
// event is recorded, also for a repeated delivery; 403 for a bad signature;
// 400 for a malformed request; 413 for an oversized body; 422 for an amount
// or currency that is not the order's; 409 (the provider retries) while
// another delivery of the same event is being handled; 500 (the provider
// retries) for an unknown order or a failure to record. GET /healthz
// answers "ok".
//
// Memory (without DATABASE_URL): the order table (memStore, a placeholder)
// and the de-duplication store (payments.MemoryStore, which forgets handled
// events after 35 days and beyond 100,000 of them) live in memory, for one
// process.
//
// PostgreSQL (with DATABASE_URL): every instance of the endpoint shares the
// database. Events are de-duplicated in pgstore's table (migrated at
// start-up, old keys pruned hourly), and each payment is recorded in the
// order table webhook_orders (id, total, currency, status; a placeholder
// for the shop's own, into which checkout inserts each order as 'pending')
// in the same transaction as its de-duplication record
// (pgstore.Store.Transactional). A reconciler (package reconcile) asks the
// provider every minute about the orders still pending or held, with
// backoff, and records a payment whose webhook never came through the same
// function and de-duplication, so that a payment reported by both is
// recorded once.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providers"
	"github.com/paykit/payments/reconcile"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := providers.LoadEnv()
	if err == nil {
		err = run(ctx, cfg, options{
			addr: envOr("WEBHOOK_ADDR", ":8080"),
			path: envOr("WEBHOOK_PATH", "/webhook"),
			log:  log,
			// Never logged: it may hold a password.
			databaseURL: os.Getenv("DATABASE_URL"),
		})
	}
	if err != nil {
		log.Error("webhook endpoint failed", "error", err)
		os.Exit(1)
	}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// options configure run.
type options struct {
	addr string       // listen address
	path string       // the webhook's path
	log  *slog.Logger // never nil
	// store is the order table; nil means a new, empty one.
	store *memStore
	// listener, if set, is served instead of listening on addr (tests).
	listener net.Listener
	// databaseURL, if set, keeps the orders and the de-duplication store
	// in PostgreSQL (DATABASE_URL) and runs the reconciler.
	databaseURL string
	// reconcileInterval is the reconciler's time between passes; zero
	// means reconcile.DefaultInterval.
	reconcileInterval time.Duration
	// opened, if set, is called with the client once it is open (tests).
	opened func(*payments.Client)
}

// run opens the provider, serves the endpoint until ctx is done and then
// shuts down gracefully, letting deliveries in flight finish.
func run(ctx context.Context, cfg providers.Config, o options) error {
	cfg.Options.Logger = o.log
	client, err := providers.Open(ctx, cfg) // a missing secret fails here
	if err != nil {
		return err
	}
	if o.opened != nil {
		o.opened(client)
	}
	var b *backend
	if o.databaseURL != "" {
		if b, err = openPostgres(ctx, o.databaseURL, o.log); err != nil {
			return err
		}
		defer b.close()
	} else {
		if o.store == nil {
			o.store = newMemStore()
		}
		b = memoryBackend(o.store, o.log)
	}
	if b.prune != nil {
		go b.prune(ctx)
	}
	var reconciled chan error // nil (never ready) without a reconciler
	if b.pending != nil {
		reconciled = make(chan error, 1)
		// Payments whose webhook never came: ask the provider.
		w := &reconcile.Worker{
			Client: client, Pending: b.pending, Handle: b.handle, Store: b.events,
			Lease: payments.DefaultLease, ExpectedAmount: b.total, Interval: o.reconcileInterval, Logger: o.log,
		}
		go func() { reconciled <- w.Run(ctx) }()
	}
	srv := &http.Server{
		Handler:           newHandler(client, b, o.path, o.log),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(o.log.Handler(), slog.LevelWarn),
	}
	ln := o.listener
	if ln == nil {
		if ln, err = net.Listen("tcp", o.addr); err != nil {
			return err
		}
	}
	// The configuration logs with its secrets redacted.
	o.log.Info("listening", "addr", ln.Addr().String(), "path", o.path, "config", cfg)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case err := <-reconciled: // only when it cannot start
		if err != nil {
			_ = srv.Close()
			return fmt.Errorf("reconciler: %w", err)
		}
		<-ctx.Done()
	case <-ctx.Done():
		if reconciled != nil {
			<-reconciled // Run returns once ctx is done
		}
	}
	o.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	o.log.Info("stopped")
	return nil
}

// newHandler mounts the webhook at path (every method: Robokassa's ResultURL
// may be configured as GET) and a health check.
func newHandler(client *payments.Client, b *backend, path string, log *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.Handle(path, client.WebhookHandler(
		// Called once per event, after the signature and the amount were
		// checked; returning an error makes the provider deliver it again.
		b.handle,
		&payments.HandlerOptions{
			// Memory (one process) or PostgreSQL (every instance shares it).
			Store: b.events,
			// How long a delivery holds its event while the order is
			// recorded; if this process crashes meanwhile, the provider's
			// first retry after it takes the event over.
			Lease:          payments.DefaultLease,
			ExpectedAmount: b.total,
			OnError: func(r *http.Request, err error) {
				log.WarnContext(r.Context(), "webhook refused", "error", err, "remote", r.RemoteAddr)
			},
		}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok"))
	})
	return mux
}

// recorded wraps record, the order update, into the app's event function:
// it ignores events other than payments and logs what it recorded.
func recorded(log *slog.Logger, record func(ctx context.Context, ev *payments.Event) (bool, error)) payments.HandlerFunc {
	return func(ctx context.Context, ev *payments.Event) error {
		if ev.Type != payments.EventPayment {
			log.InfoContext(ctx, "event ignored", "type", string(ev.Type), "event", ev.ID)
			return nil
		}
		changed, err := record(ctx, ev)
		if err != nil {
			return err
		}
		log.InfoContext(ctx, "payment recorded", "order", ev.OrderID, "status", string(ev.Status),
			"amount", ev.Amount.String(), "event", ev.ID, "changed", changed)
		// When changed and ev.Status is succeeded, ship the order: enqueue
		// a job rather than doing slow work before the acknowledgement.
		return nil
	}
}
