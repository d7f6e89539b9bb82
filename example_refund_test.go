package payments_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

// A refund's reference is chosen once and sent on every retry. When the
// answer is lost (ErrOutcomeUnknown), the refund is found by its order id
// and reference where the provider can look refunds up that way; a retry
// with the same reference never refunds twice.
func ExampleClient_LookupRefund() {
	ctx := context.Background()
	fake := paymentstest.New(nil)
	client, _ := payments.New(fake, nil)
	_, _ = client.InitPayment(ctx, &payments.InitRequest{OrderID: "order-7", Amount: payments.MustParseMoney("10.00", payments.RUB)})
	_ = fake.MarkPaid("order-7")

	part := payments.MustParseMoney("4.00", payments.RUB)
	req := &payments.RefundRequest{OrderID: "order-7", Reference: "order-7-refund-1", Amount: &part}
	r, err := client.Refund(ctx, req)
	if err != nil {
		panic(err)
	}

	if client.Capabilities().RefundLookupByReference {
		found, err := client.LookupRefund(ctx, payments.RefundQuery{OrderID: "order-7", Reference: "order-7-refund-1"})
		if err != nil {
			panic(err)
		}
		fmt.Println(found.ID == r.ID, found.Reference, found.Amount)
	}

	// The fake takes the reference as an idempotency key: the retry
	// answers with the same refund and moves no money.
	again, err := client.Refund(ctx, req)
	fmt.Println(again.ID == r.ID, err)
	// Output:
	// true order-7-refund-1 4.00 RUB
	// true <nil>
}

// For a provider that takes no idempotency key, the Client refuses to send
// a reference it already sent.
func ExampleOptions_sentRefunds() {
	ctx := context.Background()
	fake := paymentstest.New(nil)
	// Hide the fake's idempotency, as for a provider such as Robokassa.
	client, _ := payments.New(noIdempotency{fake}, &payments.Options{
		// One store shared by every instance of the app; a MemoryStore
		// serves one process (and is the default).
		SentRefunds: &payments.MemoryStore{},
	})
	_, _ = client.InitPayment(ctx, &payments.InitRequest{OrderID: "order-8", Amount: payments.MustParseMoney("10.00", payments.RUB)})
	_ = fake.MarkPaid("order-8")

	req := &payments.RefundRequest{OrderID: "order-8", Reference: "order-8-refund-1"}
	_, err := client.Refund(ctx, req)
	fmt.Println(err)
	_, err = client.Refund(ctx, req)
	fmt.Println(errors.Is(err, payments.ErrDuplicate), fake.Calls(payments.OpRefund))
	// Output:
	// <nil>
	// true 1
}

// noIdempotency is the fake without IdempotentRefunds.
type noIdempotency struct{ *paymentstest.Fake }

func (n noIdempotency) Capabilities() payments.Capabilities {
	c := n.Fake.Capabilities()
	c.IdempotentRefunds = false
	return c
}
