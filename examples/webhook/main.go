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
//
// Answers: the provider's acknowledgement (Robokassa "OK{InvId}") once the
// event is recorded, also for a repeated delivery; 403 for a bad signature;
// 400 for a malformed request; 413 for an oversized body; 422 for an amount
// or currency that is not the order's; 409 (the provider retries) while
// another delivery of the same event is being handled; 500 (the provider
// retries) for an unknown order or a failure to record. GET /healthz
// answers "ok".
//
// Placeholders: the order table (memStore) and the de-duplication store
// (payments.MemoryStore, which forgets handled events after 35 days and
// beyond 100,000 of them) live in memory. A real endpoint keeps both in the
// shop's database, so that they survive restarts and are shared by every
// replica: a payments.EventStore whose Claim inserts the event's key with
// an owner token and a lease expiry in one statement (taking over a row
// whose lease has expired), whose Complete marks the row done only while
// the token still owns it, and which passes package eventstoretest. Best,
// Complete commits in the same transaction as recordPayment's update.
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
}

// run opens the provider, serves the endpoint until ctx is done and then
// shuts down gracefully, letting deliveries in flight finish.
func run(ctx context.Context, cfg providers.Config, o options) error {
	cfg.Options.Logger = o.log
	client, err := providers.Open(ctx, cfg) // a missing secret fails here
	if err != nil {
		return err
	}
	if o.store == nil {
		o.store = newMemStore()
	}
	srv := &http.Server{
		Handler:           newHandler(client, o.store, o.path, o.log),
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
	case <-ctx.Done():
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
func newHandler(client *payments.Client, store *memStore, path string, log *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.Handle(path, client.WebhookHandler(
		// Called once per event, after the signature and the amount were
		// checked; returning an error makes the provider deliver it again.
		func(ctx context.Context, ev *payments.Event) error {
			if ev.Type != payments.EventPayment {
				log.InfoContext(ctx, "event ignored", "type", string(ev.Type), "event", ev.ID)
				return nil
			}
			changed, err := store.recordPayment(ctx, ev)
			if err != nil {
				return err
			}
			log.InfoContext(ctx, "payment recorded", "order", ev.OrderID, "status", string(ev.Status),
				"amount", ev.Amount.String(), "event", ev.ID, "changed", changed)
			// When changed and ev.Status is succeeded, ship the order: enqueue
			// a job rather than doing slow work before the acknowledgement.
			return nil
		},
		&payments.HandlerOptions{
			// Placeholder: de-duplicate in the database, not in memory.
			Store: &payments.MemoryStore{},
			// How long a delivery holds its event while recordPayment runs;
			// if this process crashes meanwhile, the provider's first retry
			// after it takes the event over.
			Lease: payments.DefaultLease,
			ExpectedAmount: func(ctx context.Context, ev *payments.Event) (payments.Money, error) {
				return store.orderTotal(ctx, ev.OrderID)
			},
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
