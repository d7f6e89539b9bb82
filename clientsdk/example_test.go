package clientsdk_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/clientsdk"
)

// An init: a redirect (or SBP) payment whose next step the app renders.
func ExampleProvider_InitPayment() {
	p, err := clientsdk.New(clientsdk.Config{
		MerchantID:      "13",
		ProductID:       "15",
		Secret:          payments.Secret(os.Getenv("SBANK_SECRET")),
		NotificationURL: "https://shop.example/webhooks",
	})
	if err != nil {
		log.Fatal(err)
	}
	client, err := payments.New(p, nil)
	if err != nil {
		log.Fatal(err)
	}
	pay, err := client.InitPayment(context.Background(), &payments.InitRequest{
		OrderID:     "1001",
		Amount:      payments.MustParseMoney("10.00", payments.RUB),
		Description: "Order 1001",
		Language:    "en",
		SuccessURL:  "https://shop.example/success",
	})
	switch {
	case errors.Is(err, payments.ErrOutcomeUnknown):
		// Sent, no answer: look order 1001 up with PaymentStatus before retrying.
		log.Fatal(err)
	case err != nil:
		log.Fatal(err)
	}
	switch pay.NextStep.Kind {
	case payments.NextRedirect:
		fmt.Println("redirect the buyer to", pay.NextStep.URL)
	case payments.NextPostForm:
		fmt.Println("post", len(pay.NextStep.Fields), "fields to", pay.NextStep.URL)
	}
}

// A webhook handler: verify, de-duplicate, handle, then answer "OK".
func ExampleProvider_VerifyWebhook() {
	p, err := clientsdk.New(clientsdk.Config{
		MerchantID:       "13",
		ProductID:        "15",
		Secret:           "aa21444f3f71", // the SDK examples' public test secret
		NotificationPath: "/webhooks",
	})
	if err != nil {
		log.Fatal(err)
	}
	client, err := payments.New(p, nil)
	if err != nil {
		log.Fatal(err)
	}
	handler := client.WebhookHandler(func(ctx context.Context, ev *payments.Event) error {
		fmt.Println(ev.Type, ev.OrderID, ev.Status, ev.Amount)
		return nil // mark the order paid here; an error makes the provider retry
	}, nil)
	mux := http.NewServeMux()
	mux.Handle("POST /webhooks", handler)

	// A delivery as the provider posts it: the payment notification's fields
	// (client_payment_sdk/models.py of github.com/Space-Around/client-payment-sdk-python),
	// values made up, signed with the SDK examples' public test secret.
	body := "webhook_type=invoice&invoice_id=696&amount=100.0000&customer_fee=0.0000&order=fb11ff6c-7145-11ec-9e37-0242ac130019&merchant_id=13&product_id=15&status=complete&currency=RUB&webhook_id=1&payment_error_code=&payment_error=&signature=Y1rs4Jlm0fG3rricMytidaR58-6Eknw1GaLUM1YsPYo"
	req := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body.String())
	// Output:
	// payment fb11ff6c-7145-11ec-9e37-0242ac130019 succeeded 100.00 RUB
	// 200 OK
}

// A withdrawal to a card, then its status by order id.
func ExampleProvider_Withdraw() {
	p, err := clientsdk.New(clientsdk.Config{
		MerchantID:      "13",
		ProductID:       "15",
		Secret:          payments.Secret(os.Getenv("SBANK_SECRET")),
		NotificationURL: "https://shop.example/webhooks",
	})
	if err != nil {
		log.Fatal(err)
	}
	client, err := payments.New(p, nil)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	w, err := client.Withdraw(ctx, &payments.WithdrawalRequest{
		OrderID: "2001",
		Amount:  payments.MustParseMoney("50.00", payments.RUB),
		Card:    &payments.Card{Number: "4111111111111111"},
	})
	switch {
	case errors.Is(err, payments.ErrInsufficientFunds):
		log.Fatal("top the balance up first")
	case errors.Is(err, payments.ErrOutcomeUnknown):
		// Never resend blindly: ask for payout 2001 by its order id.
		w, err = client.WithdrawalStatus(ctx, payments.WithdrawalQuery{OrderID: "2001"})
	}
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("payout", w.ID, w.Status)
}

// Sign computes a request signature as the Python SDK does (the SDK
// author's reference vector, tmp.py at commit 3166d3e of
// github.com/Space-Around/client-payment-sdk-python).
func ExampleSign() {
	sig, err := clientsdk.Sign("/init", "GET", []clientsdk.Param{
		{Key: "amount", Value: "10"},
		{Key: "merchant_id", Value: "13"},
		{Key: "order", Value: "order-00001"},
		{Key: "product_id", Value: "15"},
	}, "aa21444f3f71")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sig)
	// Output: SK0TkoeNslHBhKp4EI3_oCVfCJ1gBENQbgNf7YGfQWo
}
