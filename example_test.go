package payments_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

// The main flow: start a payment, send the buyer to the next step, take the
// provider's webhook, and confirm the amount before shipping.
func Example() {
	ctx := context.Background()
	fake := paymentstest.New(nil) // any payments.Provider: robokassa, clientsdk, ...
	client, err := payments.New(fake, nil)
	if err != nil {
		panic(err)
	}

	amount := payments.MustParseMoney("1500.00", payments.RUB)
	p, err := client.InitPayment(ctx, &payments.InitRequest{
		OrderID:     "order-42",
		Amount:      amount,
		Description: "Two books",
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Status, p.NextStep.Kind, p.NextStep.URL)

	// The buyer pays; the provider calls the shop's webhook endpoint.
	_ = fake.MarkPaid("order-42")
	webhook, _ := fake.PaymentWebhook("order-42")
	handler := client.WebhookHandler(func(ctx context.Context, ev *payments.Event) error {
		fmt.Println("webhook:", ev.OrderID, ev.Status, ev.Amount)
		return nil // ship the order here; an error makes the provider retry
	}, nil)
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, webhook)
	fmt.Println("acknowledged:", rec.Code, rec.Body.String())

	// Before shipping, check what the provider says was paid.
	paid, err := client.ConfirmPayment(ctx, "order-42", amount)
	if err != nil {
		panic(err)
	}
	fmt.Println(paid.Status, paid.Amount)
	// Output:
	// pending redirect https://pay.fake.invalid/pay/pay_1
	// webhook: order-42 succeeded 1500.00 RUB
	// acknowledged: 200 ok
	// succeeded 1500.00 RUB
}

// Amounts are decimals in a currency, parsed from text, never floats, and
// never rounded.
func ExampleParseMoney() {
	m, err := payments.ParseMoney("79.10", payments.EUR)
	fmt.Println(m, err)
	_, err = payments.ParseMoney("79.105", payments.EUR)
	fmt.Println(errors.Is(err, payments.ErrInvalidRequest))
	yen, _ := payments.ParseMoney("500", "JPY")
	fmt.Println(yen.Format())
	// Output:
	// 79.10 EUR <nil>
	// true
	// 500
}

// Errors say what kind of failure it was (errors.Is) and carry the
// provider's details (errors.As). What moves money is never resent.
func ExampleError() {
	ctx := context.Background()
	fake := paymentstest.New(nil)
	client, _ := payments.New(fake, nil)
	fake.FailNext(payments.OpInitPayment, payments.NewError(payments.ErrDeclined, "card_declined", "Do not honour"))

	_, err := client.InitPayment(ctx, &payments.InitRequest{
		OrderID: "order-7",
		Amount:  payments.MustParseMoney("10.00", payments.RUB),
	})
	var pe *payments.Error
	if errors.Is(err, payments.ErrDeclined) && errors.As(err, &pe) {
		fmt.Println(pe.Provider, pe.Op, pe.Code, pe.Message)
	}
	fmt.Println("sent", fake.Calls(payments.OpInitPayment), "time(s)")
	// Output:
	// fake init_payment card_declined Do not honour
	// sent 1 time(s)
}

// Operations a provider lacks return errors.ErrUnsupported.
func ExampleClient_Capabilities() {
	client, _ := payments.New(paymentstest.New(nil), nil)
	caps := client.Capabilities()
	fmt.Println(caps.Supports(payments.OpRefund), caps.PartialRefunds, caps.SupportsCurrency(payments.RUB))
	// Output:
	// true true true
}

// Refund a paid order in part, then look the refund up.
func ExampleClient_Refund() {
	ctx := context.Background()
	fake := paymentstest.New(nil)
	client, _ := payments.New(fake, nil)
	_, _ = client.InitPayment(ctx, &payments.InitRequest{OrderID: "order-9", Amount: payments.MustParseMoney("10.00", payments.RUB)})
	_ = fake.MarkPaid("order-9")

	part := payments.MustParseMoney("4.00", payments.RUB)
	r, err := client.Refund(ctx, &payments.RefundRequest{OrderID: "order-9", Reference: "order-9-refund-1", Amount: &part})
	if err != nil {
		panic(err)
	}
	fmt.Println(r.ID, r.Status, r.Amount)
	p, _ := client.PaymentStatus(ctx, "order-9")
	fmt.Println(p.Status)
	// Output:
	// ref_1 succeeded 4.00 RUB
	// partially_refunded
}
