package acmepay

import (
	"context"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// Registration describes Acme Pay's configuration for package providers:
// the PAYMENTS_ACMEPAY_* variables and the "acmepay" JSON section. An app
// makes the provider openable by configuration with one line:
//
//	providers.Register(acmepay.Registration())
func Registration() providerkit.Registration {
	return providerkit.Registration{
		Name:    Name,
		Summary: "Acme Pay, the invented JSON provider of the provider-author example",
		Fields: []providerkit.Field{
			{Key: "api_key", Env: "PAYMENTS_ACMEPAY_API_KEY", Help: "authenticates API requests", Secret: true, Required: true},
			{Key: "webhook_secret", Env: "PAYMENTS_ACMEPAY_WEBHOOK_SECRET", Help: "verifies the Acme-Signature of webhooks", Secret: true, Required: true},
			{Key: "base_url", Env: "PAYMENTS_ACMEPAY_BASE_URL", Help: "the API's base URL", Default: DefaultBaseURL},
		},
		Open: func(_ context.Context, s providerkit.Settings) (payments.Provider, error) {
			base, err := s.URL("base_url", false)
			if err != nil {
				return nil, err
			}
			return New(Config{
				APIKey: s.Secret("api_key"), WebhookSecret: s.Secret("webhook_secret"),
				BaseURL: base, HTTPClient: s.HTTPClient,
			})
		},
	}
}
