package sandbox_test

import (
	"context"
	"fmt"
	"log"
	"net/http"

	"github.com/paykit/payments"
	"github.com/paykit/payments/clientsdk"
	"github.com/paykit/payments/sandbox"
)

// The sandbox plays the sbank/PayHub API for the real clientsdk provider:
// start a payment, let the "buyer" pay, and look the payment up.
func ExampleServer_ClientSDKPay() {
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		log.Fatal(err)
	}
	if err := sb.Start("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	defer sb.Close()

	p, err := clientsdk.New(clientsdk.Config{
		BaseURL:          sb.URL(),
		MerchantID:       sandbox.ClientSDKMerchantID,
		ProductID:        sandbox.ClientSDKProductID,
		Secret:           sandbox.ClientSDKSecret,
		NotificationPath: "/webhooks",
		HTTPClient:       &http.Client{Transport: &http.Transport{}},
	})
	if err != nil {
		log.Fatal(err)
	}
	client, err := payments.New(p, nil)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	pay, err := client.InitPayment(ctx, &payments.InitRequest{
		OrderID: "order-1",
		Amount:  payments.MustParseMoney("10.00", payments.RUB),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("next step:", pay.NextStep.Kind)

	// What the buyer's Pay button on the sandbox page does.
	if err := sb.ClientSDKPay(ctx, "order-1"); err != nil {
		log.Fatal(err)
	}
	paid, err := client.ConfirmPayment(ctx, "order-1", payments.MustParseMoney("10.00", payments.RUB))
	if err != nil {
		log.Fatal(err)
	}
	status, _ := sb.ClientSDKPayment("order-1")
	fmt.Println("status:", paid.Status, "in the sandbox:", status)
	// Output:
	// next step: redirect
	// status: succeeded in the sandbox: complete
}
