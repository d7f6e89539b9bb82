package payments_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

// Reserve now, capture when shipped: a payment started with Hold is
// authorized when the buyer pays, and captured later, here in part (one
// item was out of stock) with the changed receipt. A second capture is
// refused with ErrInvalidState.
func ExampleClient_Capture() {
	ctx := context.Background()
	fake := paymentstest.New(nil)
	client, _ := payments.New(fake, nil)
	rub := func(s string) payments.Money { return payments.MustParseMoney(s, payments.RUB) }

	_, err := client.InitPayment(ctx, &payments.InitRequest{OrderID: "order-21", Amount: rub("1500.00"), Hold: true})
	if err != nil {
		panic(err)
	}
	_ = fake.MarkPaid("order-21") // the buyer paid: the money is held
	held, _ := client.PaymentStatus(ctx, "order-21")
	fmt.Println(held.Status, held.Amount, "for", client.Capabilities().HoldPeriod)

	shipped := rub("1000.00")
	p, err := client.Capture(ctx, &payments.CaptureRequest{
		OrderID: "order-21",
		Amount:  &shipped,
		Receipt: &payments.Receipt{Items: []payments.ReceiptItem{
			{Name: "Kettle", Quantity: decimal.NewFromInt(1), Amount: shipped, Tax: "vat22", PaymentMethod: "full_payment", PaymentObject: "commodity"},
		}},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Status, p.Amount)

	_, err = client.Capture(ctx, &payments.CaptureRequest{OrderID: "order-21"})
	fmt.Println(errors.Is(err, payments.ErrInvalidState))
	// Output:
	// authorized 1500.00 RUB for 168h0m0s
	// succeeded 1000.00 RUB
	// true
}

// A subscription: the first payment is a recurring parent; later charges
// reference it (and its mandate, where the provider issues one) under
// order ids of their own, without the buyer.
func ExampleClient_Charge() {
	ctx := context.Background()
	fake := paymentstest.New(nil)
	client, _ := payments.New(fake, nil)
	rub := func(s string) payments.Money { return payments.MustParseMoney(s, payments.RUB) }

	_, err := client.InitPayment(ctx, &payments.InitRequest{OrderID: "sub-1", Amount: rub("299.00"), Recurring: true})
	if err != nil {
		panic(err)
	}
	_ = fake.MarkPaid("sub-1")
	parent, _ := client.PaymentStatus(ctx, "sub-1")

	p, err := client.Charge(ctx, &payments.ChargeRequest{
		OrderID:       "sub-1-2026-07",
		ParentOrderID: "sub-1",
		Mandate:       parent.Mandate,
		Amount:        rub("299.00"),
		Description:   "July",
	})
	if err != nil {
		panic(err)
	}
	// A provider that reports charges later answers pending: the webhook
	// or PaymentStatus(ctx, "sub-1-2026-07") says how it ended.
	fmt.Println(p.OrderID, p.Status, p.Amount)

	_, err = client.Charge(ctx, &payments.ChargeRequest{OrderID: "sub-1-2026-08", ParentOrderID: "sub-1", Amount: rub(paymentstest.DeclinedChargeAmount)})
	fmt.Println(errors.Is(err, payments.ErrDeclined))
	// Output:
	// sub-1-2026-07 succeeded 299.00 RUB
	// true
}

// The settlement ("second") receipt when goods are delivered after a
// prepayment, looked up by its own id.
func ExampleClient_SendReceipt() {
	ctx := context.Background()
	fake := paymentstest.New(nil)
	client, _ := payments.New(fake, nil)
	amount := payments.MustParseMoney("500.00", payments.RUB)
	_, _ = client.InitPayment(ctx, &payments.InitRequest{OrderID: "1019", Amount: amount})
	_ = fake.MarkPaid("1019")

	r, err := client.SendReceipt(ctx, &payments.ReceiptRequest{
		OrderID:   "1019",
		ReceiptID: "2019",
		Kind:      payments.ReceiptSettlement,
		Receipt: payments.Receipt{Items: []payments.ReceiptItem{
			{Name: "Desk", Quantity: decimal.NewFromInt(1), Amount: amount, Tax: "none", PaymentMethod: "full_payment", PaymentObject: "commodity"},
		}},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(r.ID, r.Status)

	_ = fake.RegisterReceipt("2019") // the fiscal data operator registered it
	r, _ = client.ReceiptStatus(ctx, payments.ReceiptQuery{ReceiptID: "2019", OrderID: "1019"})
	fmt.Println(r.ID, r.Status)
	// Output:
	// 2019 pending
	// 2019 registered
}
