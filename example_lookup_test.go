package payments_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

// A payment can be looked up by the provider's own payment id as well as by
// the shop's order id, where the provider declares it
// (Capabilities.LookupByPaymentID).
func ExampleClient_LookupPayment() {
	ctx := context.Background()
	client, err := payments.New(paymentstest.New(nil), nil)
	if err != nil {
		panic(err)
	}
	p, err := client.InitPayment(ctx, &payments.InitRequest{
		OrderID: "order-42",
		Amount:  payments.MustParseMoney("1500.00", payments.RUB),
	})
	if err != nil {
		panic(err)
	}

	if client.Capabilities().LookupByPaymentID {
		found, err := client.LookupPayment(ctx, payments.PaymentQuery{PaymentID: p.ID})
		if err != nil {
			panic(err)
		}
		fmt.Println(found.ID, found.OrderID, found.Status)
	}

	// Both ids: the provider uses either, and the answer must match both.
	_, err = client.LookupPayment(ctx, payments.PaymentQuery{OrderID: "order-42", PaymentID: "pay_9"})
	fmt.Println(errors.Is(err, payments.ErrAmountMismatch))
	// Output:
	// pay_1 order-42 pending
	// true
}
