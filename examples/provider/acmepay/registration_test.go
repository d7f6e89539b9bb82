package acmepay_test

import (
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/examples/provider/acmepay"
	"github.com/paykit/payments/examples/provider/acmepay/acmetest"
	"github.com/paykit/payments/providers"
)

// TestRegistration: one providers.Register line makes Acme Pay openable by
// configuration (JSON here; PAYMENTS_ACMEPAY_* variables work the same),
// and the client it opens takes a payment and refunds it on Acme's server.
func TestRegistration(t *testing.T) {
	if err := acmepay.Registration().Check(); err != nil {
		t.Fatalf("Registration().Check() = %v", err)
	}
	t.Cleanup(providers.Register(acmepay.Registration()))
	srv := acmetest.New(testAPIKey)
	live := httptest.NewServer(srv)
	t.Cleanup(live.Close)

	var cfg providers.Config
	err := cfg.UnmarshalJSON(fmt.Appendf(nil, `{"provider":"acmepay","acmepay":{"api_key":%q,"webhook_secret":%q,"base_url":%q}}`,
		testAPIKey, testWebhookSecret, live.URL))
	if err != nil {
		t.Fatal(err)
	}
	if printed := fmt.Sprintf("%v %+v %#v", cfg, cfg, cfg); strings.Contains(printed, testAPIKey) || strings.Contains(printed, testWebhookSecret) {
		t.Errorf("a printed config holds a secret: %s", printed)
	}
	client, err := providers.Open(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := client.Provider().Name(); got != acmepay.Name {
		t.Fatalf("opened provider %q, want %q", got, acmepay.Name)
	}
	ctx := t.Context()
	ten := payments.MustParseMoney("10.00", payments.RUB)
	p, err := client.InitPayment(ctx, &payments.InitRequest{OrderID: "A-1", Amount: ten})
	if err != nil {
		t.Fatal(err)
	}
	if p.NextStep.Kind != payments.NextRedirect || p.NextStep.URL == "" {
		t.Errorf("next step %+v, want a redirect to the checkout page", p.NextStep)
	}
	if err := srv.Pay("A-1"); err != nil {
		t.Fatal(err)
	}
	r, err := client.Refund(ctx, &payments.RefundRequest{OrderID: "A-1", Reference: "ref-1"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != payments.StatusSucceeded || !r.Amount.Equal(ten) {
		t.Errorf("refund %s %s, want succeeded %s", r.Status, r.Amount, ten)
	}
}

// TestRegistrationMissingSecret: a configuration without the API key fails
// at providers.Open, naming the variable and never repeating a secret.
func TestRegistrationMissingSecret(t *testing.T) {
	t.Cleanup(providers.Register(acmepay.Registration()))
	var cfg providers.Config
	cfg.Set("acmepay", "webhook_secret", testWebhookSecret)
	cfg.Provider = "acmepay"
	_, err := providers.Open(t.Context(), cfg)
	if !errors.Is(err, payments.ErrInvalidRequest) || !strings.Contains(fmt.Sprint(err), "PAYMENTS_ACMEPAY_API_KEY") {
		t.Errorf("Open without api_key: %v, want ErrInvalidRequest naming PAYMENTS_ACMEPAY_API_KEY", err)
	}
	if err != nil && strings.Contains(err.Error(), testWebhookSecret) {
		t.Errorf("error %q repeats the secret", err)
	}
}
