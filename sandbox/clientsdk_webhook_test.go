package sandbox

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments/clientsdk"
	"github.com/shopspring/decimal"
)

// TestClientSDKWebhookGolden checks that the sandbox writes the payment
// notification the Python SDK verifies byte for byte (fields in the order of
// client_payment_sdk/models.py, github.com/Space-Around/client-payment-sdk-python;
// values made up, signature computed by that package's sign): the SDK's field order,
// 4-decimal amounts, empty error fields, and the signature the Python SDK
// verifies (secret aa21444f3f71, endpoint /webhooks).
func TestClientSDKWebhookGolden(t *testing.T) {
	t.Parallel()
	c := &clientsdkSide{
		s: &Server{},
		m: ClientSDKMerchant{MerchantID: "13", ProductID: "15", Secret: "aa21444f3f71"},
	}
	p := &csPayment{
		invoiceID:       696,
		order:           "fb11ff6c-7145-11ec-9e37-0242ac130019",
		amount:          decimal.RequireFromString("100"),
		notificationURL: "http://25ab-91-241-13-31.ngrok.io/webhooks",
		status:          csComplete,
	}
	h := c.paymentWebhook(p)
	const want = "webhook_type=invoice&invoice_id=696&amount=100.0000&customer_fee=0.0000&order=fb11ff6c-7145-11ec-9e37-0242ac130019&merchant_id=13&product_id=15&status=complete&currency=RUB&webhook_id=1&payment_error_code=&payment_error=&signature=Y1rs4Jlm0fG3rricMytidaR58-6Eknw1GaLUM1YsPYo"
	if diff := cmp.Diff(want, h.body); diff != "" {
		t.Errorf("webhook body (-want +got):\n%s", diff)
	}
	if h.target != p.notificationURL || h.duplicate {
		t.Errorf("target %q duplicate %v", h.target, h.duplicate)
	}
	form, err := url.ParseQuery(h.body)
	if err != nil {
		t.Fatal(err)
	}
	if err := clientsdk.VerifyFormSignature(form, "/webhooks", "aa21444f3f71"); err != nil {
		t.Errorf("clientsdk.VerifyFormSignature: %v", err)
	}
}

// TestClientSDKPayoutWebhookVerifies checks that payout notifications are
// signed over every field sent and carry the SDK's payout fields.
func TestClientSDKPayoutWebhookVerifies(t *testing.T) {
	t.Parallel()
	c := &clientsdkSide{s: &Server{}, m: ClientSDKMerchant{}.withDefaults()}
	w := &csPayout{
		id: 1523, order: "2001", amount: decimal.RequireFromString("50"), currency: "RUB",
		maskedPAN: "411111******1111", notificationURL: "https://shop.example/hooks/payouts", status: csComplete,
	}
	h := c.payoutWebhook(w)
	form, err := url.ParseQuery(h.body)
	if err != nil {
		t.Fatal(err)
	}
	if err := clientsdk.VerifyFormSignature(form, "/hooks/payouts", ClientSDKSecret); err != nil {
		t.Errorf("clientsdk.VerifyFormSignature: %v", err)
	}
	for k, v := range map[string]string{"withdrawal_request_id": "1523", "requested_amount": "50.0000", "masked_pan": "411111******1111", "status": "complete"} {
		if form.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, form.Get(k), v)
		}
	}
}
