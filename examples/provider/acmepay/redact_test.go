package acmepay_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/examples/provider/acmepay"
)

// TestSecretsNeverPrint: neither a Config nor a Provider shows its API key
// or webhook secret under any fmt verb or in JSON, and neither does an
// error of a failed request.
func TestSecretsNeverPrint(t *testing.T) {
	t.Parallel()
	cfg := acmepay.Config{APIKey: testAPIKey, WebhookSecret: testWebhookSecret}
	p := providerOn(t, &cannedTransport{answers: []answer{{500, http.Header{}, "boom"}}})
	_, err := p.PaymentStatus(context.Background(), payments.PaymentQuery{OrderID: "1"})
	if err == nil {
		t.Fatal("want an error from a 500")
	}
	js, jerr := json.Marshal(cfg)
	if jerr != nil {
		t.Fatal(jerr)
	}
	outs := []string{string(js), err.Error(), fmt.Sprintf("%+v", err)}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		outs = append(outs, fmt.Sprintf(verb, cfg), fmt.Sprintf(verb, p), fmt.Sprintf(verb, *p))
	}
	for _, out := range outs {
		if strings.Contains(out, testAPIKey) || strings.Contains(out, testWebhookSecret) {
			t.Errorf("printed %q holds a secret", out)
		}
	}
}
