package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/paykit/payments/internal/suggest"
	"github.com/paykit/payments/robokassa"
	"github.com/paykit/payments/sandbox"
)

// sandboxNote is said wherever the sandbox's credentials are printed.
const sandboxNote = "sandbox-only public test values: they work with this local sandbox only, never with a real provider"

func sandboxCommand() *command {
	return &command{
		name:    "sandbox",
		summary: "run the local sandbox (Robokassa, clientsdk and T-Bank) until interrupted",
		usage:   "payments sandbox [-addr 127.0.0.1:8090] [-provider robokassa|clientsdk|tbank] [-result-url URL] [-success-url URL] [-fail-url URL] [flags]",
		about: `Runs the local sandbox, one HTTP server that speaks Robokassa's, the
sbank/PayHub (clientsdk) and T-Bank's wire protocols with state, until Ctrl-C
(SIGINT) or SIGTERM. It prints its URL, its shop's, merchant's and terminal's
identifiers and the environment variables that point an app (or this tool)
at it: every provider's variables and one PAYMENTS_PROVIDER line, for -provider
(robokassa unless told otherwise). Then it prints one line per request,
notification and retry on standard error.

The sandbox's passwords and secret are fixed public test values; they are
printed because they work only here.

Amounts trigger scenarios: 13.13 declines, 42.42 is unavailable (503),
66.66 leaves the outcome unknown (acts, then answers 500), 77.77 delivers
every webhook twice, 99.99 refuses refunds and payouts for lack of funds.

Example:
  payments sandbox -result-url http://127.0.0.1:8080/robokassa/result \
    -success-url http://127.0.0.1:8080/paid -fail-url http://127.0.0.1:8080/failed`,
		setup: func(a *app, fs *flag.FlagSet) func([]string) int {
			addr := fs.String("addr", "127.0.0.1:8090", "listen on this `address` (port 0 picks a free port)")
			resultURL := fs.String("result-url", "", "Robokassa: the shop's ResultURL, where paid notifications are sent")
			successURL := fs.String("success-url", "", "Robokassa: where the buyer goes after paying")
			failURL := fs.String("fail-url", "", "Robokassa: where the buyer goes after declining")
			resultMethod := fs.String("result-method", http.MethodPost, "Robokassa: how ResultURL is called, POST or GET")
			algorithm := fs.String("algorithm", string(robokassa.MD5), "Robokassa: the shop's hash `algorithm` (MD5, RIPEMD160, SHA1, SHA256, SHA384, SHA512)")
			notifyURL := fs.String("notification-url", "", "clientsdk and T-Bank: default webhook URL for payments (and clientsdk payouts) that name none")
			retries := fs.Int("retries", 5, "deliveries of a notification before giving up")
			retryDelay := fs.Duration("retry-delay", 200*time.Millisecond, "wait before the first redelivery, doubled after each")
			provider := fs.String("provider", "robokassa", "the `provider` the printed PAYMENTS_PROVIDER selects: robokassa, clientsdk or tbank")
			return func([]string) int {
				// Any case, as everywhere: "TBank" is tbank.
				if p := lowerASCII(strings.TrimSpace(*provider)); slices.Contains(sandboxProviders, p) {
					*provider = p
				} else {
					return a.usageError("-provider must be robokassa, clientsdk or tbank%s", suggest.DidYouMean(*provider, sandboxProviders))
				}
				alg, err := robokassa.ParseAlgorithm(*algorithm)
				if err != nil {
					return a.usageError("-algorithm must be one of MD5, RIPEMD160, SHA1, SHA256, SHA384, SHA512")
				}
				if *retries < 1 {
					return a.usageError("-retries must be at least 1")
				}
				opts := sandbox.Options{
					Robokassa: sandbox.RobokassaShop{
						Algorithm:    alg,
						ResultURL:    *resultURL,
						SuccessURL:   *successURL,
						FailURL:      *failURL,
						ResultMethod: strings.ToUpper(*resultMethod),
					},
					ClientSDK:  sandbox.ClientSDKMerchant{NotificationURL: *notifyURL},
					TBank:      sandbox.TBankTerminal{NotificationURL: *notifyURL},
					HTTPClient: &http.Client{Timeout: 10 * time.Second, Transport: a.transport},
					Retries:    *retries,
					RetryDelay: *retryDelay,
					Logf:       a.sandboxLogf,
				}
				return a.runSandbox(*addr, opts, *provider)
			}
		},
	}
}

// sandboxLogf prints one sandbox event on standard error, as text or (with
// -json) as a JSON object. The sandbox never logs secrets or card numbers.
func (a *app) sandboxLogf(format string, args ...any) {
	now := time.Now()
	msg := fmt.Sprintf(format, args...)
	if a.json {
		b := jsonLine(struct {
			Time  string `json:"time"`
			Event string `json:"event"`
		}{now.Format(time.RFC3339Nano), msg})
		_, _ = a.stderr.Write(b)
		return
	}
	fmt.Fprintf(a.stderr, "%s %s\n", now.Format("15:04:05"), msg)
}

func (a *app) runSandbox(addr string, opts sandbox.Options, provider string) int {
	srv, err := sandbox.New(opts)
	if err != nil {
		return a.fail(usagef("%v", err))
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		_ = srv.Close()
		return a.fail(usagef("cannot listen on %s: %v (pick another -addr)", addr, err))
	}
	srv.SetBaseURL("http://" + ln.Addr().String())
	hs := &http.Server{Handler: a.logRequests(srv.Handler()), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()

	res := sandboxResult(srv, opts, provider)
	a.emit(res, func(w io.Writer) { writeSandbox(w, res) })
	select {
	case <-a.ctx.Done():
	case err := <-served:
		_ = srv.Close()
		return a.fail(&cliError{kind: kindError, exit: exitFailed, msg: "the sandbox stopped serving: " + err.Error()})
	}
	a.sandboxLogf("stopping: waiting for notifications in flight")
	_ = srv.Close() // stops and waits for the notifications
	ctx, cancel := context.WithTimeout(context.WithoutCancel(a.ctx), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(ctx); err != nil {
		_ = hs.Close()
	}
	a.sandboxLogf("stopped")
	return exitOK
}

// logRequests logs one line per request served: method, path (never the
// query or body, which carry signatures and card data), status and time.
func (a *app) logRequests(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		a.sandboxLogf("%s %s -> %d (%s)", r.Method, r.URL.Path, sw.status, time.Since(start).Round(10*time.Microsecond))
	})
}

// statusWriter records the status code of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// lowerASCII is s with its ASCII letters in lower case, as package
// providers matches provider names: no Unicode folding (under which the
// Kelvin sign would spell "k").
func lowerASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}
