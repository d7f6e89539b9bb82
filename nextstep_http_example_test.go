package payments_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

// A checkout handler sends the buyer on with Render, whatever the provider
// asked for: a redirect or a form to POST. Nothing to do (NextNone) is
// ErrNoNextStep: show the order instead.
func ExampleNextStep_Render() {
	client, err := payments.New(paymentstest.New(nil), nil)
	if err != nil {
		panic(err)
	}
	checkout := func(w http.ResponseWriter, r *http.Request) {
		p, err := client.InitPayment(r.Context(), &payments.InitRequest{
			OrderID:     "order-42",
			Amount:      payments.MustParseMoney("1500.00", payments.RUB),
			Description: "Two books",
		})
		if err != nil {
			http.Error(w, "the payment could not be started", http.StatusBadGateway)
			return
		}
		err = p.NextStep.Render(w, r)
		if errors.Is(err, payments.ErrNoNextStep) {
			http.Redirect(w, r, "/orders/order-42", http.StatusSeeOther)
		} else if err != nil {
			http.Error(w, "the payment cannot continue", http.StatusBadGateway)
		}
	}
	rec := httptest.NewRecorder()
	checkout(rec, httptest.NewRequest(http.MethodPost, "/checkout", nil))
	fmt.Println(rec.Code, rec.Header().Get("Location"))

	// A provider that wants a POST (Robokassa with a receipt, 3-D Secure)
	// gets a page with an auto-submitting form, every value escaped.
	step := payments.NextStep{
		Kind:   payments.NextPostForm,
		URL:    "https://auth.robokassa.ru/Merchant/Index.aspx",
		Fields: []payments.Field{{Name: "OutSum", Value: "11.00"}, {Name: "Description", Value: `Tea "Earl Grey" <1 kg>`}},
	}
	rec = httptest.NewRecorder()
	if err := step.Render(rec, nil); err != nil {
		panic(err)
	}
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Cache-Control"))
	for _, line := range strings.Split(rec.Body.String(), "\n") {
		if strings.HasPrefix(line, "<form") || strings.HasPrefix(line, "<input") {
			fmt.Println(line)
		}
	}
	// Output:
	// 303 https://pay.fake.invalid/pay/pay_1
	// 200 text/html; charset=utf-8 no-store
	// <form id="payments-next-step" method="post" action="https://auth.robokassa.ru/Merchant/Index.aspx" accept-charset="UTF-8">
	// <input type="hidden" name="OutSum" value="11.00">
	// <input type="hidden" name="Description" value="Tea &#34;Earl Grey&#34; &lt;1 kg&gt;">
}
