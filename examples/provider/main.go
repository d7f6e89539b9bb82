// Command provider runs the provider-author example, package acmepay (an
// invented JSON provider, "Acme Pay"), against its in-memory test server
// (package acmetest), through the same calls an app makes: the provider is
// registered with one line and opened from configuration, then a payment
// is started, paid, notified by a signed webhook, confirmed and refunded
// in part, twice with one reference, which refunds once.
//
//	go run ./examples/provider
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"os"

	"github.com/paykit/payments"
	"github.com/paykit/payments/examples/provider/acmepay"
	"github.com/paykit/payments/examples/provider/acmepay/acmetest"
	"github.com/paykit/payments/providers"
)

// The demo's credentials; a real app reads them from its secrets.
const (
	apiKey        = "demo-api-key"
	webhookSecret = "demo-webhook-secret"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "provider:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer) error {
	acme := acmetest.New(apiKey)
	srv := httptest.NewServer(acme)
	defer srv.Close()

	// One line makes the third-party provider openable by configuration
	// (PAYMENTS_PROVIDER=acmepay and PAYMENTS_ACMEPAY_* work the same).
	defer providers.Register(acmepay.Registration())()
	var cfg providers.Config
	cfg.Provider = acmepay.Name
	cfg.Set("acmepay", "api_key", apiKey)
	cfg.Set("acmepay", "webhook_secret", webhookSecret)
	cfg.Set("acmepay", "base_url", srv.URL)
	client, err := providers.Open(ctx, cfg)
	if err != nil {
		return err
	}

	price := payments.MustParseMoney("10.00", payments.RUB)
	p, err := client.InitPayment(ctx, &payments.InitRequest{OrderID: "order-1", Amount: price, Description: "A book"})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "1. payment %s of %s is %s: redirect the buyer to %s\n", p.ID, p.Amount, p.Status, p.NextStep.URL)

	if err := acme.Pay("order-1"); err != nil { // the buyer pays on Acme's page
		return err
	}
	body, err := json.Marshal(map[string]string{"id": "evt_1", "account": "acct_demo", "type": "payment",
		"order_id": "order-1", "payment_id": p.ID, "status": "succeeded", "amount": "10.00", "currency": "RUB"})
	if err != nil {
		return err
	}
	handled := 0
	h := client.WebhookHandler(func(context.Context, *payments.Event) error { handled++; return nil }, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, acmetest.SignedWebhook(body, webhookSecret))
	fmt.Fprintf(out, "2. webhook answered %d %s, handled %d time(s)\n", rec.Code, rec.Body.String(), handled)

	if _, err := client.ConfirmPayment(ctx, "order-1", price); err != nil {
		return err
	}
	fmt.Fprintf(out, "3. Acme confirms %s paid for order-1\n", price)

	part := payments.MustParseMoney("4.00", payments.RUB)
	for i := 1; i <= 2; i++ {
		r, err := client.Refund(ctx, &payments.RefundRequest{OrderID: "order-1", Amount: &part, Reference: "order-1-refund-1"})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "4. refund attempt %d: refund %s of %s, %s\n", i, r.ID, r.Amount, r.Status)
	}
	r, err := client.LookupRefund(ctx, payments.RefundQuery{OrderID: "order-1", Reference: "order-1-refund-1"})
	if err != nil {
		return err
	}
	st, err := client.PaymentStatus(ctx, "order-1")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "5. found by reference: refund %s of %s; the payment is %s\n", r.ID, r.Amount, st.Status)
	return nil
}
