package clientsdk

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/conformance"
)

func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Harness{
		Name:       "clientsdk",
		FixtureDir: "../testdata/clientsdk",
		NewProvider: func(t *testing.T, rt http.RoundTripper) payments.Provider {
			cfg := testConfig(rt)
			cfg.Now = func() time.Time { return conformance.Clock }
			p, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			return p
		},
		WebhookSecret: testSecret,
		SignWebhook:   signWebhook,
		EditWebhook:   conformance.FormEditor("signature", "amount"),
		// The provider documents no reply (the SDK's Flask example answers
		// 200); the package documents 200 text/plain "OK" (see VerifyWebhook).
		Ack: func(conformance.Webhook) payments.Ack {
			return payments.Ack{StatusCode: http.StatusOK, ContentType: "text/plain", Body: "OK"}
		},
		Secrets:     []string{testSecret},
		ScrubParams: []string{"cvc"},
	})
}

// signWebhook builds a delivery like exampleE: the payment
// notification's fields in the SDK's order, signed over /webhooks.
func signWebhook(t *testing.T, w conformance.Webhook, secret string) *http.Request {
	t.Helper()
	status := "complete"
	if w.Status != payments.StatusSucceeded {
		status = "failed"
	}
	params := []Param{{"webhook_type", "invoice"}, {"invoice_id", "696"}}
	if w.Type == payments.EventWithdrawal {
		params = []Param{{"webhook_type", "withdrawal"}, {"withdrawal_request_id", "1523"}}
	}
	params = append(params,
		Param{"amount", w.Amount.Amount.StringFixed(4)},
		Param{"customer_fee", "0.0000"},
		Param{"order", w.OrderID},
		Param{"merchant_id", testMerchant},
		Param{"product_id", testProduct},
		Param{"status", status},
		Param{"currency", string(w.Amount.Currency)},
		Param{"webhook_id", w.EventID},
		Param{"payment_error_code", ""},
		Param{"payment_error", ""},
	)
	sig, err := Sign("/webhooks", "POST", params, secret)
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader(encodeParams(params, sig)))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}
