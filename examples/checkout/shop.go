package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/paykit/payments"
)

// App is the shop: a product page, checkout, order pages and the webhook
// endpoint. It knows nothing of the provider behind its client.
type App struct {
	client  *payments.Client
	orders  *orderStore
	baseURL string // the shop's public URL, for the provider's return links
	banner  string // shown on every page: which provider, which sandbox
	log     *slog.Logger
	now     func() time.Time
	// caps and provider decide which products the shop offers: a
	// receipt or a hold needs a provider that declares it.
	caps     payments.Capabilities
	provider string
	email    string // prefills the checkout form's e-mail field
}

// AppOptions configures NewApp.
type AppOptions struct {
	// BaseURL is the shop's public URL without a trailing slash, such as
	// "https://shop.example". The provider sends buyers back to it.
	BaseURL string
	// Banner is a line shown on every page, such as "Provider robokassa
	// (sandbox)".
	Banner string
	// FirstOrderID is the first order number; zero means 1.
	FirstOrderID int64
	// Logger receives the shop's records; nil means slog.Default().
	Logger *slog.Logger
	// BuyerEmail prefills the e-mail field of the checkout form (a sample
	// address on the sandbox); empty leaves it for the buyer to fill in.
	BuyerEmail string
}

// NewApp returns the shop over client.
func NewApp(client *payments.Client, opts AppOptions) *App {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	return &App{
		client:   client,
		orders:   newOrderStore(opts.FirstOrderID),
		baseURL:  strings.TrimSuffix(opts.BaseURL, "/"),
		banner:   opts.Banner,
		log:      log,
		now:      time.Now,
		caps:     client.Capabilities(),
		provider: client.Provider().Name(),
		email:    opts.BuyerEmail,
	}
}

// webhookPath is where providers deliver their notifications. Robokassa's
// ResultURL and clientsdk's notification_url point here.
const webhookPath = "/webhook"

// webhook2Path is where Robokassa sends its ResultUrl2 notifications (a
// signed JWS): the only report of a hold. Payments that hold send it as
// InitRequest.NotificationURL.
const webhook2Path = "/webhook2"

// Handler returns the shop's routes.
func (a *App) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", a.products)
	mux.HandleFunc("POST /checkout", a.checkout)
	mux.HandleFunc("GET /orders/{id}", a.orderPage)
	a.holdRoutes(mux)
	// The provider calls these; WebhookHandler verifies the signature,
	// checks the amount against the order, drops repeated deliveries and
	// acknowledges only after a.onEvent succeeded. One handler serves
	// Robokassa's ResultURL and ResultUrl2 notifications, told apart by
	// their content.
	webhook := a.client.WebhookHandler(a.onEvent, &payments.HandlerOptions{
		ExpectedAmount: a.expectedAmount,
		OnError: func(r *http.Request, err error) {
			a.log.WarnContext(r.Context(), "webhook refused", "error", err)
		},
	})
	mux.Handle("POST "+webhookPath, webhook)
	mux.Handle("POST "+webhook2Path, webhook)
	return mux
}

// products lists what the provider can sell: a product that needs a
// receipt or a hold the provider does not declare is left out.
func (a *App) products(w http.ResponseWriter, r *http.Request) {
	var offer []product
	for _, p := range catalog {
		if unavailable(p, a.caps, a.provider) == "" {
			offer = append(offer, p)
		}
	}
	a.render(w, http.StatusOK, "products", pageData{Banner: a.banner, Products: offer, Email: a.email, Caps: a.caps})
}

// checkout creates an order for the chosen product, starts its payment and
// sends the buyer to the provider's page.
func (a *App) checkout(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10) // a product id and an e-mail, nothing more
	p, ok := findProduct(r.PostFormValue("product"))
	if !ok {
		a.render(w, http.StatusBadRequest, "error", pageData{Banner: a.banner, Message: "No such product."})
		return
	}
	if msg := unavailable(p, a.caps, a.provider); msg != "" {
		a.render(w, http.StatusBadRequest, "error", pageData{Banner: a.banner, Message: msg})
		return
	}
	email, msg := buyerEmail(r.PostFormValue("email"), p)
	method, methodMsg := payMethod(r.PostFormValue("method"), p, a.caps)
	if msg == "" {
		msg = methodMsg
	}
	if msg != "" {
		a.render(w, http.StatusBadRequest, "error", pageData{Banner: a.banner, Message: msg})
		return
	}
	o := a.orders.create(p, a.now())
	a.orders.update(o.ID, func(o *order) { o.Email = email })
	orderURL := a.baseURL + "/orders/" + o.ID
	req := &payments.InitRequest{
		OrderID:     o.ID,
		Amount:      o.Total,
		Description: "Order " + o.ID + ": " + p.Name,
		Language:    "en",
		SuccessURL:  orderURL,
		FailURL:     orderURL,
		Email:       email,
		// SBP: the next step opens the buyer's bank app (a QR code link).
		PaymentMethod: method,
	}
	if p.Receipt {
		req.Receipt = receipt(p, email)
	}
	if p.Hold {
		// Robokassa reports a hold only to ResultUrl2.
		req.Hold, req.NotificationURL = true, a.baseURL+webhook2Path
	}
	pay, err := a.client.InitPayment(r.Context(), req)
	if err != nil {
		a.log.WarnContext(r.Context(), "payment not started", "order", o.ID, "error", err)
		if errors.Is(err, payments.ErrOutcomeUnknown) {
			// The request may have reached the provider: never start the
			// same payment again; the order page looks it up instead.
			a.orders.update(o.ID, func(o *order) { o.Problem = "The payment provider did not answer; checking again." })
			http.Redirect(w, r, "/orders/"+o.ID, http.StatusSeeOther)
			return
		}
		a.orders.markFailed(o.ID, "", "", "", "The payment could not be started: "+shortError(err))
		http.Redirect(w, r, "/orders/"+o.ID, http.StatusSeeOther)
		return
	}
	a.log.InfoContext(r.Context(), "payment started", "order", o.ID, "amount", o.Total.String(), "next", string(pay.NextStep.Kind))
	// Render redirects the buyer or writes the auto-submitting form the
	// provider asked for; with nothing to do, the order page shows the
	// payment.
	if err := pay.NextStep.Render(w, r); err != nil {
		if !errors.Is(err, payments.ErrNoNextStep) {
			a.log.WarnContext(r.Context(), "the provider's next step cannot be shown", "order", o.ID, "error", err)
			a.orders.update(o.ID, func(o *order) { o.Problem = "The payment page could not be opened; checking the payment." })
		}
		http.Redirect(w, r, "/orders/"+o.ID, http.StatusSeeOther)
	}
}

// orderPage shows an order. An order still pending (no webhook yet, or a
// buyer back from a declined payment) is looked up at the provider first.
func (a *App) orderPage(w http.ResponseWriter, r *http.Request) {
	o, ok := a.orders.get(r.PathValue("id"))
	if !ok {
		a.render(w, http.StatusNotFound, "error", pageData{Banner: a.banner, Message: "No such order."})
		return
	}
	if o.State == statePending || o.State == stateAuthorized {
		o = a.lookUp(r.Context(), o)
	}
	d := pageData{Banner: a.banner, Order: &o}
	if o.Product.Receipt {
		d.Receipt = receipt(o.Product, o.Email)
	}
	a.render(w, http.StatusOK, "order", d)
}

// lookUp asks the provider about a pending or authorized order (a hold
// can be captured, cancelled or end by itself). A paid answer is accepted
// only through ConfirmPayment, which checks the amount and the currency
// against the order; a hold only for the order's total.
func (a *App) lookUp(ctx context.Context, o order) order {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	p, err := a.client.PaymentStatus(ctx, o.ID)
	if err != nil {
		if !errors.Is(err, payments.ErrNotFound) { // not found: the buyer has not opened the payment page yet
			a.log.WarnContext(ctx, "status lookup failed", "order", o.ID, "error", err)
		}
		return o
	}
	switch {
	case p.Status.Paid():
		c, err := a.client.ConfirmPayment(ctx, o.ID, o.Total)
		if err != nil {
			a.log.ErrorContext(ctx, "payment not confirmed", "order", o.ID, "error", err)
			o, _ = a.orders.update(o.ID, func(o *order) { o.Problem = "The provider's report does not match the order: " + shortError(err) })
			return o
		}
		o, _ = a.orders.markPaid(o.ID, viaLookup, "", c.Status)
	case p.Status == payments.StatusAuthorized:
		if !p.Amount.Equal(o.Total) {
			a.log.ErrorContext(ctx, "hold does not match the order", "order", o.ID, "held", p.Amount.String())
			o, _ = a.orders.update(o.ID, func(o *order) { o.Problem = "The provider holds " + p.Amount.String() + ", not the order's total." })
			return o
		}
		o, _ = a.orders.markAuthorized(o.ID, viaLookup, "")
	case p.Status == payments.StatusFailed, p.Status == payments.StatusCanceled, p.Status == payments.StatusExpired:
		o, _ = a.orders.markFailed(o.ID, viaLookup, "", p.Status, failureText(p.Status, p.ErrorMessage))
	default:
		o, _ = a.orders.update(o.ID, func(o *order) { o.ProviderStatus = p.Status })
	}
	return o
}

// expectedAmount tells WebhookHandler what the order costs, so that a
// notification for another amount or currency is refused.
func (a *App) expectedAmount(_ context.Context, ev *payments.Event) (payments.Money, error) {
	o, ok := a.orders.get(ev.OrderID)
	if !ok {
		return payments.Money{}, fmt.Errorf("checkout: webhook for unknown order %q", ev.OrderID)
	}
	return o.Total, nil
}

// onEvent handles a verified, de-duplicated, amount-checked notification.
// It is idempotent: a repeated event changes nothing.
func (a *App) onEvent(ctx context.Context, ev *payments.Event) error {
	if ev.Type != payments.EventPayment {
		return nil // acknowledged and ignored: this shop makes no payouts
	}
	switch {
	case ev.Status.Paid():
		a.orders.markPaid(ev.OrderID, viaWebhook, ev.ID, ev.Status)
		a.log.InfoContext(ctx, "order paid", "order", ev.OrderID, "event", ev.ID, "amount", ev.Amount.String())
	case ev.Status == payments.StatusAuthorized:
		a.orders.markAuthorized(ev.OrderID, viaWebhook, ev.ID)
		a.log.InfoContext(ctx, "order reserved", "order", ev.OrderID, "event", ev.ID, "amount", ev.Amount.String())
	case ev.Status == payments.StatusFailed, ev.Status == payments.StatusCanceled, ev.Status == payments.StatusExpired:
		a.orders.markFailed(ev.OrderID, viaWebhook, ev.ID, ev.Status, failureText(ev.Status, ev.ErrorMessage))
		a.log.InfoContext(ctx, "order failed", "order", ev.OrderID, "event", ev.ID, "status", string(ev.Status))
	}
	return nil
}

func failureText(st payments.Status, msg string) string {
	s := "The payment " + map[payments.Status]string{
		payments.StatusFailed:   "was declined",
		payments.StatusCanceled: "was canceled",
		payments.StatusExpired:  "expired",
	}[st]
	if msg != "" {
		s += ": " + msg
	}
	return s + "."
}

// shortError is the message of err without the library's detail, for
// buyers.
func shortError(err error) string {
	var pe *payments.Error
	if errors.As(err, &pe) && pe.Message != "" {
		return pe.Message
	}
	return "unexpected error"
}
