package paymentstest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

// The fake behind a payments.Client: start a payment, let the buyer pay,
// receive the webhook, refund.
func Example() {
	ctx := context.Background()
	fake := paymentstest.New(nil)
	client, err := payments.New(fake, nil)
	if err != nil {
		panic(err)
	}

	p, err := client.InitPayment(ctx, &payments.InitRequest{OrderID: "order-1", Amount: payments.MustParseMoney("10.00", payments.RUB)})
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Status, p.NextStep.URL)

	_ = fake.MarkPaid("order-1") // the buyer paid on the payment page
	req, _ := fake.PaymentWebhook("order-1")
	ev, err := client.VerifyWebhook(ctx, req)
	if err != nil {
		panic(err)
	}
	fmt.Println(ev.ID, ev.OrderID, ev.Status, ev.Amount)

	fake.FailNext(payments.OpRefund, payments.NewError(payments.ErrUnavailable, "maintenance", "try later"))
	_, err = client.Refund(ctx, &payments.RefundRequest{OrderID: "order-1", Reference: "order-1-refund-1"})
	fmt.Println(errors.Is(err, payments.ErrUnavailable), fake.Calls(payments.OpRefund))

	r, err := client.Refund(ctx, &payments.RefundRequest{OrderID: "order-1", Reference: "order-1-refund-1"})
	if err != nil {
		panic(err)
	}
	fmt.Println(r.ID, r.Status, r.Amount)
	// Output:
	// pending https://pay.fake.invalid/pay/pay_1
	// merchant_1:evt_1 order-1 succeeded 10.00 RUB
	// true 1
	// ref_1 succeeded 10.00 RUB
}

// The same fake over HTTP: its Handler in an httptest.Server and an
// HTTPProvider talking to it.
func ExampleNewHTTPProvider() {
	fake := paymentstest.New(nil)
	srv := httptest.NewServer(fake.Handler())
	defer srv.Close()

	p, err := paymentstest.NewHTTPProvider(paymentstest.HTTPConfig{
		BaseURL:       srv.URL,
		APIKey:        paymentstest.DefaultAPIKey,
		WebhookSecret: paymentstest.DefaultWebhookSecret,
		HTTPClient:    srv.Client(),
	})
	if err != nil {
		panic(err)
	}
	fake.SetBalance(payments.MustParseMoney("5.00", payments.RUB))
	_, err = p.Withdraw(context.Background(), &payments.WithdrawalRequest{
		OrderID: "payout-1", Amount: payments.MustParseMoney("50.00", payments.RUB),
		Card: &payments.Card{Number: "4111111111111111"},
	})
	fmt.Println(errors.Is(err, payments.ErrInsufficientFunds))
	fmt.Println(err)
	// Output:
	// true
	// payments: fake: withdraw: insufficient funds [code insufficient_funds]: balance 5.00 RUB is below the payout of 50.00 RUB
}
