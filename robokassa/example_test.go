package robokassa_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/jarcoal/httpmock"
	"github.com/paykit/payments"
	"github.com/paykit/payments/robokassa"
)

// Example_paymentLink builds a signed link for a made-up shop (the base
// string of https://docs.robokassa.ru/script-parameters/; the signature is
// computed, not a published vector) with Robokassa's own API, and the same
// payment through the portable client.
func Example_paymentLink() {
	p, err := robokassa.New(robokassa.Config{
		MerchantLogin: "golden-shop",
		Password1:     "Pass1_golden8",
		Password2:     "Pass2_golden8",
		Algorithm:     robokassa.MD5, // as in the shop's technical settings
	})
	if err != nil {
		log.Fatal(err)
	}

	link, err := p.PaymentURL(&robokassa.Link{
		Amount:      payments.MustParseMoney("10.00", payments.RUB),
		InvID:       19,
		Description: "Shp one",
		Culture:     "ru",
		Encoding:    "utf-8",
		Shp:         map[string]string{"order": "42"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(link)

	client, err := payments.New(p, nil)
	if err != nil {
		log.Fatal(err)
	}
	pay, err := client.InitPayment(context.Background(), &payments.InitRequest{
		OrderID:     "19",
		Amount:      payments.MustParseMoney("10.00", payments.RUB),
		Description: "Shp one",
		Metadata:    map[string]string{"order": "42"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(pay.Status, pay.NextStep.Kind) // redirect the buyer to pay.NextStep.URL
	// Output:
	// https://auth.robokassa.ru/Merchant/Index.aspx?MerchantLogin=golden-shop&OutSum=10.00&InvId=19&Description=Shp+one&Culture=ru&Encoding=utf-8&Shp_order=42&SignatureValue=7C2A0012D1C2CDCB6F18CE57D4E24FB0
	// pending redirect
}

// Example_resultURLHandler serves Robokassa's ResultURL: the handler
// verifies the notification (Password #2), checks the amount, calls the
// app once per InvId and answers "OK{InvId}".
func Example_resultURLHandler() {
	p, err := robokassa.New(robokassa.Config{
		MerchantLogin: "golden-shop",
		Password1:     "Pass1_golden8",
		Password2:     "Pass2_golden8",
		Algorithm:     robokassa.MD5,
	})
	if err != nil {
		log.Fatal(err)
	}
	client, err := payments.New(p, nil)
	if err != nil {
		log.Fatal(err)
	}
	handler := client.WebhookHandler(func(ctx context.Context, ev *payments.Event) error {
		// Mark the order paid in the app's database; an error makes
		// Robokassa retry later.
		fmt.Println("paid:", ev.OrderID, ev.Amount, "order", ev.Metadata["order"])
		return nil
	}, &payments.HandlerOptions{
		ExpectedAmount: func(ctx context.Context, ev *payments.Event) (payments.Money, error) {
			return payments.MustParseMoney("10.00", payments.RUB), nil // look the order up
		},
	})
	mux := http.NewServeMux()
	mux.Handle("POST /robokassa/result", handler) // the ResultURL of the shop's technical settings

	// A ResultURL notification to the made-up shop, as Robokassa posts it
	// (https://docs.robokassa.ru/notifications-and-redirects;
	// signature computed with that rule).
	body := "OutSum=10.000000&InvId=19&Fee=0.000000&EMail=buyer%40example.com&PaymentMethod=BankCard&IncCurrLabel=BankCardPSR&Shp_order=42&SignatureValue=5C8ACA98142CE75FD50FDE9B187DB402"
	r := httptest.NewRequest(http.MethodPost, "/robokassa/result", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Body.String())
	// Output:
	// paid: 19 10.00 RUB order 42
	// 200 OK19
}

// Example_refund refunds part of a paid order (Password #3) and follows the
// refund. The HTTP exchanges are the fixtures in testdata/robokassa, in the
// shapes of https://docs.robokassa.ru/xml-interfaces (OpStateExt) and
// https://docs.robokassa.ru/ru/refund-api.
func Example_refund() {
	p, err := robokassa.New(robokassa.Config{
		MerchantLogin: "golden-shop",
		Password1:     "Pass1_golden8",
		Password2:     "Pass2_golden8",
		Password3:     "Pass3_golden8",
		Algorithm:     robokassa.MD5,
		HTTPClient:    exampleHTTPClient(),
	})
	if err != nil {
		log.Fatal(err)
	}
	client, err := payments.New(p, nil)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	amount := payments.MustParseMoney("4.00", payments.RUB)
	refund, err := client.Refund(ctx, &payments.RefundRequest{OrderID: "1002", Reference: "r-1", Amount: &amount})
	switch {
	case errors.Is(err, payments.ErrOutcomeUnknown):
		log.Fatal("maybe refunded: check with RefundStatus or PaymentStatus before retrying")
	case errors.Is(err, payments.ErrInsufficientFunds):
		log.Fatal("not enough left to refund")
	case err != nil:
		log.Fatal(err)
	}
	fmt.Println(refund.ID, refund.Amount, refund.Status)

	state, err := client.RefundStatus(ctx, refund.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(state.Status)
	// Output:
	// 68cd7fa6-1338-4745-ba5c-28d16cbcdb3d 4.00 RUB processing
	// succeeded
}

// exampleHTTPClient answers like Robokassa for Example_refund, offline.
func exampleHTTPClient() *http.Client {
	tr := httpmock.NewMockTransport()
	tr.RegisterResponder(http.MethodGet, "https://auth.robokassa.ru/Merchant/WebService/Service.asmx/OpStateExt",
		httpmock.NewStringResponder(200, `<OperationStateResponse xmlns="http://merchant.roboxchange.com/WebService/"><Result><Code>0</Code></Result><State><Code>100</Code></State><Info><OutSum>10.000000</OutSum><OpKey>00000000-0000-0000-0000-000000000000-0000000000</OpKey></Info></OperationStateResponse>`))
	tr.RegisterResponder(http.MethodPost, "https://services.robokassa.ru/RefundService/Refund/Create",
		httpmock.NewStringResponder(200, `{"success":true,"message":null,"requestId":"68cd7fa6-1338-4745-ba5c-28d16cbcdb3d"}`))
	tr.RegisterResponder(http.MethodGet, "https://services.robokassa.ru/RefundService/Refund/GetState",
		httpmock.NewStringResponder(200, `{"requestId":"68cd7fa6-1338-4745-ba5c-28d16cbcdb3d","amount":4.000000,"label":"finished"}`))
	return &http.Client{Transport: tr}
}
