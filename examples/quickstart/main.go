// Command quickstart runs the main job of the library offline, on the fake
// provider from package paymentstest: start a payment, take the provider's
// signed webhook through the ready handler, confirm the amount, refund part
// of it and pay out from the balance.
//
//	go run ./examples/quickstart
//
// With a real provider (payments.New over robokassa.New or clientsdk.New,
// or providers.Open from configuration) the calls on client stay the same,
// as far as the provider offers them (Robokassa has no balance or payouts);
// only the fake's MarkPaid and PaymentWebhook stand in for the buyer paying
// and the provider calling the webhook.
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer) error {
	fake := paymentstest.New(nil)
	client, err := payments.New(fake, nil)
	if err != nil {
		return err
	}

	price := payments.MustParseMoney("1500.00", payments.RUB)
	p, err := client.InitPayment(ctx, &payments.InitRequest{
		OrderID:     "order-1001",
		Amount:      price,
		Description: "Two books",
		Email:       "buyer@example.com",
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "1. payment %s for %s is %s: %s the buyer to %s\n", p.OrderID, price, p.Status, p.NextStep.Kind, p.NextStep.URL)

	// The buyer pays on the provider's page; the provider then calls the
	// shop's webhook endpoint. Here the fake plays the provider.
	if err := fake.MarkPaid("order-1001"); err != nil {
		return err
	}
	shipped := map[string]bool{}
	handled := 0
	handler := client.WebhookHandler(func(ctx context.Context, ev *payments.Event) error {
		// Verified and de-duplicated: mark the order paid, ship it.
		handled++
		shipped[ev.OrderID] = ev.Status == payments.StatusSucceeded
		return nil
	}, &payments.HandlerOptions{
		ExpectedAmount: func(context.Context, *payments.Event) (payments.Money, error) { return price, nil },
	})
	delivery, err := fake.PaymentWebhook("order-1001")
	if err != nil {
		return err
	}
	body, err := io.ReadAll(delivery.Body)
	if err != nil {
		return err
	}
	for attempt := 1; attempt <= 2; attempt++ { // providers retry; the second delivery is acknowledged, not handled again
		req := httptest.NewRequest(delivery.Method, delivery.URL.String(), bytes.NewReader(body))
		req.Header = delivery.Header.Clone()
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		fmt.Fprintf(out, "2. webhook delivery %d: answered %d %q, handled %d time(s), order shipped: %v\n", attempt, rec.Code, rec.Body.String(), handled, shipped["order-1001"])
	}

	paid, err := client.ConfirmPayment(ctx, "order-1001", price)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "3. the provider confirms %s paid for %s\n", paid.Amount, paid.OrderID)

	// The reference is the shop's own id of this refund: choose it once,
	// store it with the order, and send the same one on every retry, so
	// that a retry never refunds twice.
	part := payments.MustParseMoney("500.00", payments.RUB)
	r, err := client.Refund(ctx, &payments.RefundRequest{OrderID: "order-1001", Reference: "order-1001-refund-1", Amount: &part})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "4. refund %s (reference %s) of %s: %s\n", r.ID, r.Reference, r.Amount, r.Status)

	b, err := client.Balance(ctx, payments.RUB)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "5. balance: %s\n", b.Available)

	card := &payments.Card{Number: "4111111111111111"} // a test card
	w, err := client.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "payout-1", Amount: b.Available, Card: card})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "6. payout %s of %s to %s: %s\n", w.ID, w.Amount, card.Masked(), w.Status)
	return nil
}
