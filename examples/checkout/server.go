package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/paykit/payments/providers"
	"github.com/paykit/payments/sandbox"
)

// instance is a running shop.
type instance struct {
	url      string          // the shop's public URL, no trailing slash
	provider string          // the provider's name
	app      *App            // the shop
	sandbox  *sandbox.Server // nil against a real provider
	srv      *http.Server
	served   chan error // Serve's result
	http     *http.Client
}

// start listens, starts the sandbox if asked, opens the provider from the
// configuration and serves the shop in the background.
func start(ctx context.Context, s settings) (*instance, error) {
	ln := s.listener
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", s.addr); err != nil {
			return nil, fmt.Errorf("%w (choose another address with -addr, or -addr 127.0.0.1:0)", err)
		}
	}
	in := &instance{url: localURL(ln.Addr()), served: make(chan error, 1), http: newHTTPClient()}
	log := slog.New(slog.NewTextHandler(s.out, nil))
	if s.publicURL != "" {
		in.url = strings.TrimRight(s.publicURL, "/")
	} else if !s.sandbox {
		log.Warn("no -public-url (CHECKOUT_PUBLIC_URL): the provider will send buyers back to " + in.url)
	}
	fail := func(err error) (*instance, error) {
		ln.Close()
		if in.sandbox != nil {
			in.sandbox.Close()
		}
		return nil, err
	}

	var cfg providers.Config
	first := s.firstOrder
	if s.sandbox {
		sb, c, err := startSandbox(s, in.url, in.http, log)
		if err != nil {
			return fail(err)
		}
		in.sandbox, cfg = sb, c
		if first == 0 {
			first = 1
		}
	} else {
		c, err := providers.FromEnv(s.getenv)
		if err != nil {
			return fail(err)
		}
		if s.provider != "" {
			c.Provider = s.provider
		}
		cfg = c
		if first == 0 {
			// The in-memory counter restarts with the process; real
			// providers refuse a reused order id, so start from the clock.
			first = time.Now().Unix()
		}
	}
	cfg.Options.HTTPClient = in.http
	cfg.Options.Logger = log
	cfg.Options.Observer = s.observer
	client, err := providers.Open(ctx, cfg)
	if err != nil {
		return fail(err)
	}
	in.provider = cfg.Provider
	banner := "Provider: " + cfg.Provider + " (configured from the environment)"
	if in.sandbox != nil {
		banner = "Provider: " + cfg.Provider + " on the local sandbox (" + in.sandbox.URL() + "): no money moves"
	}
	opts := AppOptions{BaseURL: in.url, Banner: banner, FirstOrderID: first, Logger: log}
	if in.sandbox != nil {
		opts.BuyerEmail = sandboxBuyerEmail
	}
	in.app = NewApp(client, opts)
	in.srv = &http.Server{
		Handler:           in.app.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go func() { in.served <- in.srv.Serve(ln) }()
	return in, nil
}

// localURL is the URL of a listener on this machine: an unspecified address
// (":8080", "0.0.0.0:8080") is reached at 127.0.0.1.
func localURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// shutdown stops the shop, letting requests in flight finish, then the
// sandbox (whose notifications in flight end).
func (in *instance) shutdown(ctx context.Context) error {
	err := in.srv.Shutdown(ctx)
	if in.sandbox != nil {
		err = errors.Join(err, in.sandbox.Close())
	}
	in.http.CloseIdleConnections()
	return err
}

// newHTTPClient is the client for the provider's API and the sandbox's
// notifications: the standard transport settings with a connection pool of
// its own, and a timeout on every exchange.
func newHTTPClient() *http.Client {
	return &http.Client{Timeout: 15 * time.Second, Transport: http.DefaultTransport.(*http.Transport).Clone()}
}
