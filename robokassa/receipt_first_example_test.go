package robokassa_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
	"github.com/paykit/payments/robokassa"
)

// Example_paymentWithReceipt is the common Russian case: a payment with a
// 54-FZ receipt. Robokassa takes a receipt only in a form the buyer's
// browser POSTs (the Receipt parameter is signed after InvId,
// https://docs.robokassa.ru/fiscalization/), so the next step is a form,
// and NextStep.Render writes it as an auto-submitting page. The shop and
// its passwords are made up; the signature is computed, not a published
// vector.
func Example_paymentWithReceipt() {
	p, err := robokassa.New(robokassa.Config{
		MerchantLogin: "golden-shop",
		Password1:     "Pass1_golden8",
		Password2:     "Pass2_golden8",
		Algorithm:     robokassa.SHA256, // as in the shop's technical settings
	})
	if err != nil {
		log.Fatal(err)
	}
	client, err := payments.New(p, nil)
	if err != nil {
		log.Fatal(err)
	}

	price := payments.MustParseMoney("450.00", payments.RUB)
	pay, err := client.InitPayment(context.Background(), &payments.InitRequest{
		OrderID:     "1001", // Robokassa's InvId: a positive integer
		Amount:      price,  // must equal the receipt's total
		Description: "Notebook",
		Receipt: &payments.Receipt{
			TaxSystem: "usn_income", // empty: the shop's default
			Items: []payments.ReceiptItem{{
				Name:          "Notebook A5",
				Quantity:      decimal.NewFromInt(1),
				Amount:        price, // the line total
				Tax:           "none",
				PaymentMethod: "full_payment",
				PaymentObject: "commodity",
			}},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(pay.NextStep.Kind, pay.NextStep.URL)
	for _, f := range pay.NextStep.Fields {
		if f.Name == "Receipt" {
			receipt, _ := url.QueryUnescape(f.Value) // sent URL-encoded, as Robokassa asks
			fmt.Println(f.Name, receipt)
		}
	}

	// In an http.HandlerFunc: pay.NextStep.Render(w, r).
	w := httptest.NewRecorder()
	if err := pay.NextStep.Render(w, nil); err != nil {
		log.Fatal(err)
	}
	fmt.Println(w.Code, w.Header().Get("Content-Type"), strings.Contains(w.Body.String(), "auth.robokassa.ru/Merchant/Index.aspx"))
	// Output:
	// post_form https://auth.robokassa.ru/Merchant/Index.aspx
	// Receipt {"sno":"usn_income","items":[{"name":"Notebook A5","quantity":1,"sum":450,"tax":"none","payment_method":"full_payment","payment_object":"commodity"}]}
	// 200 text/html; charset=utf-8 true
}
