// Command checkout is a small shop web app (a product page, checkout, order
// pages and a webhook endpoint) that takes payments through package
// payments. With no configuration it runs the whole flow offline: it starts
// the local sandbox (package sandbox) in the same process and talks to it
// exactly as it would to Robokassa, the sbank/PayHub API or T-Bank.
//
//	go run ./examples/checkout                     # Robokassa, on the sandbox
//	go run ./examples/checkout -provider clientsdk # sbank/PayHub, on the sandbox
//	go run ./examples/checkout -provider tbank     # T-Bank (Internet acquiring), on the sandbox
//
// Open the printed URL, buy something, press Pay (or Decline) on the
// sandbox's payment page, and the order page shows the order paid: the
// sandbox sent the shop a signed notification, which the shop verified with
// Client.WebhookHandler, checked against the order's total, and recorded.
//
// Two products show the payment lifecycle, where the provider declares it
// (Robokassa outside test mode, and T-Bank; clientsdk does not, so its
// shop does not offer them):
//
//   - The notebook is sold with a 54-FZ fiscal receipt
//     (InitRequest.Receipt), sent to the e-mail address the checkout form
//     asks for (Receipt.Email; prefilled with buyer@example.com on the
//     sandbox): T-Bank requires the buyer's e-mail or phone on a receipt,
//     and Robokassa prefills its own page's e-mail field from
//     InitRequest.Email. Robokassa takes a receipt only in a POST form,
//     so the shop renders a form that submits itself to the payment page.
//   - The bicycle is reserved now and charged when shipped
//     (InitRequest.Hold; on T-Bank a two-stage payment: Ship is Confirm,
//     Cancel reverses the hold). Pay holds the money; Robokassa reports
//     the hold only to ResultUrl2, which the shop sends with each such payment
//     (InitRequest.NotificationURL) and serves with the same WebhookHandler
//     at /webhook2. The order page then has Ship (Client.Capture) and
//     Cancel (Client.Cancel) buttons: POST forms with the order's token,
//     refused from other sites. The order shows captured or cancelled once
//     the webhook or a status lookup says so; a request whose outcome is
//     unknown (payments.ErrOutcomeUnknown) is never sent again, and the
//     page shows the error's Advice instead.
//
// Where the provider declares SBP (Capabilities.PaymentMethods: T-Bank and
// Robokassa), every product that is not reserved also has "Pay with SBP",
// which preselects the Faster Payments System (InitRequest.PaymentMethod).
// On T-Bank the next step is the QR code's link (https://qr.nspk.ru/… in
// production), which opens the buyer's bank app on a phone; on the
// sandbox it is a page that plays the bank app, with Pay and Reject.
//
// # Sections
//
// Flags and environment:
//
//	-addr         CHECKOUT_ADDR        listen address (default 127.0.0.1:8080; :0 picks a port)
//	-provider     PAYMENTS_PROVIDER    robokassa (default), clientsdk or tbank; any registered name without the sandbox
//	-sandbox      CHECKOUT_SANDBOX     run against the in-process sandbox (default true)
//	-sandbox-addr                      the sandbox's listen address (default 127.0.0.1:0)
//	-public-url   CHECKOUT_PUBLIC_URL  the shop's URL as buyers and the provider reach it
//	-first-order                       first order number (default 1 on the sandbox, the Unix time otherwise)
//	-otel                              print OpenTelemetry spans and metrics of every payment operation and webhook
//
// With -otel the shop's payments.Client is observed by package
// otelpayments: each operation and webhook delivery prints its span as a
// JSON line when it ends (go.opentelemetry.io/otel's stdouttrace exporter),
// and the metrics are printed every 30 seconds and at exit (stdoutmetric).
//
// A real provider: the same program, configured by the environment
// (providers.FromEnv over os.Getenv, as providers.LoadEnv; secrets only from
// variables or files, never flags):
//
//	export PAYMENTS_PROVIDER=robokassa ROBOKASSA_MERCHANT_LOGIN=my-shop \
//	       ROBOKASSA_PASSWORD1_FILE=/run/secrets/rk1 ROBOKASSA_PASSWORD2_FILE=/run/secrets/rk2 \
//	       ROBOKASSA_ALGORITHM=SHA256 CHECKOUT_SANDBOX=false CHECKOUT_PUBLIC_URL=https://shop.example
//	go run ./examples/checkout
//
// Robokassa's ResultURL (in the shop's technical settings, method POST)
// must then be CHECKOUT_PUBLIC_URL + "/webhook"; for clientsdk set
// CLIENTSDK_NOTIFICATION_URL to it; for tbank make it the terminal's
// notification URL (HTTP notifications, in the terminal's settings). Holds need nothing more: their
// ResultUrl2, CHECKOUT_PUBLIC_URL + "/webhook2", travels with each payment.
// Robokassa has no holds in test mode (ROBOKASSA_TEST_MODE), so the
// bicycle is offered only with the live passwords; the in-process sandbox
// plays the live mode.
//
// Orders live in memory, guarded by a mutex: a placeholder for a database.
// Robokassa needs numeric order ids (InvId), so orders are numbered by a
// counter.
//
// Tests: go test -race ./examples/checkout/... runs the whole purchase, the
// receipt and the holds over HTTP for every provider, and in headless Chromium (skipped only when no
// Chromium is installed: apt-get install chromium). With
// CHECKOUT_SCREENSHOT_DIR set, the browser test saves its pages there.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/paykit/payments"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "checkout:", err)
		os.Exit(1)
	}
}

// settings are the parsed flags and environment.
type settings struct {
	addr        string
	provider    string
	sandbox     bool
	sandboxAddr string
	publicURL   string
	firstOrder  int64
	otel        bool
	// observer, if set, observes the shop's Client (-otel).
	observer payments.Observer
	getenv   func(string) string
	out      io.Writer
	// listener, if set, is used instead of listening on addr (tests).
	listener net.Listener
}

// parseArgs reads the flags, with defaults from the environment.
func parseArgs(args []string, getenv func(string) string, out io.Writer) (settings, error) {
	s := settings{getenv: getenv, out: out}
	useSandbox := true
	if v := getenv("CHECKOUT_SANDBOX"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return s, fmt.Errorf("CHECKOUT_SANDBOX=%q is not a boolean", v)
		}
		useSandbox = b
	}
	fs := flag.NewFlagSet("checkout", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&s.addr, "addr", envOr(getenv, "CHECKOUT_ADDR", "127.0.0.1:8080"), "listen `address` of the shop (:0 picks a free port)")
	fs.StringVar(&s.provider, "provider", getenv("PAYMENTS_PROVIDER"), "payment `provider`: robokassa, clientsdk or tbank (default robokassa on the sandbox)")
	fs.BoolVar(&s.sandbox, "sandbox", useSandbox, "run against the in-process sandbox; false reads the provider's configuration from the environment")
	fs.StringVar(&s.sandboxAddr, "sandbox-addr", "127.0.0.1:0", "listen `address` of the sandbox")
	fs.StringVar(&s.publicURL, "public-url", getenv("CHECKOUT_PUBLIC_URL"), "the shop's `URL` as buyers and the provider reach it (default http://<addr>)")
	fs.Int64Var(&s.firstOrder, "first-order", 0, "first order `number` (default 1 on the sandbox, the Unix time otherwise)")
	fs.BoolVar(&s.otel, "otel", false, "print OpenTelemetry spans (as they end) and metrics (every 30s and at exit) of every payment operation and webhook")
	if err := fs.Parse(args); err != nil {
		return s, err
	}
	if fs.NArg() > 0 {
		return s, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if s.sandbox && s.provider == "" {
		s.provider = "robokassa"
	}
	return s, nil
}

func envOr(getenv func(string) string, name, def string) string {
	if v := getenv(name); v != "" {
		return v
	}
	return def
}

// run starts the shop (and the sandbox), prints its URL and serves until ctx
// is done, then shuts down gracefully.
func run(ctx context.Context, args []string, getenv func(string) string, out io.Writer) (err error) {
	s, err := parseArgs(args, getenv, out)
	if err != nil {
		return err
	}
	if s.otel {
		obs, shutdown, err := startOtel(out)
		if err != nil {
			return err
		}
		// At exit: the spans still in flight, and the metrics once more.
		defer func() {
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			err = errors.Join(err, shutdown(sctx))
		}()
		s.observer = obs
	}
	in, err := start(ctx, s)
	if err != nil {
		return err
	}
	if in.sandbox != nil {
		fmt.Fprintf(out, "Gopher shop: provider %s on the local sandbox at %s (no money moves).\n", in.provider, in.sandbox.URL())
	} else {
		fmt.Fprintf(out, "Gopher shop: provider %s (configured from the environment).\n", in.provider)
	}
	fmt.Fprintf(out, "\n    Open %s/ in a browser\n\nPress Ctrl+C to stop.\n", in.url)
	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-in.served:
	}
	fmt.Fprintln(out, "Shutting down...")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return errors.Join(serveErr, in.shutdown(sctx))
}
