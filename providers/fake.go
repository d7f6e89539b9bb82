package providers

import (
	"context"
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

const (
	// fakeName is the registered name of the in-process fake provider.
	fakeName = paymentstest.DefaultName
	// fakePrefix starts the environment variables of its section.
	fakePrefix = "PAYMENTS_FAKE_"
)

// FakeConfig is the "fake" section: paymentstest's in-memory fake, for
// developing and testing offline. Every Open makes a new, empty fake; reach
// it with client.Provider().(*paymentstest.Fake) to mark payments paid. It
// never prints the webhook secret.
type FakeConfig struct {
	// WebhookSecret signs and verifies the fake's webhooks; empty means
	// paymentstest.DefaultWebhookSecret.
	WebhookSecret string `json:"webhook_secret,omitempty"`
	// WebhookSecretFile is the path of a file holding WebhookSecret.
	WebhookSecretFile string `json:"webhook_secret_file,omitempty"`
	// Currencies the fake accepts, as ISO 4217 codes; empty means RUB, USD
	// and EUR.
	Currencies []string `json:"currencies,omitempty"`
	// PayURL is the base of the fake's payment page URLs; empty means
	// paymentstest.DefaultPayURL.
	PayURL string `json:"pay_url,omitempty"`
}

// secrets lists the section's secret; see sectionSecret.
func (c *FakeConfig) secrets() []sectionSecret {
	return []sectionSecret{{"webhook_secret", &c.WebhookSecret, &c.WebhookSecretFile}}
}

// ProviderConfig reads the secret file, checks the section and returns the
// paymentstest.Options it describes (without a clock). A nil section is
// the defaults.
func (c *FakeConfig) ProviderConfig() (paymentstest.Options, error) {
	opts := paymentstest.Options{Name: fakeName}
	if c == nil {
		return opts, nil
	}
	s := *c // with the secret read from its file
	if err := resolveSecrets(s.secrets(), fakeName, fakePrefix); err != nil {
		return opts, err
	}
	if err := checkURL(fakeName, fakePrefix, "pay_url", c.PayURL, false); err != nil {
		return opts, err
	}
	for _, s := range c.Currencies {
		cur := payments.Currency(strings.ToUpper(strings.TrimSpace(s)))
		if !cur.Valid() {
			return opts, &ConfigError{Provider: fakeName, Field: "currencies", Env: envName(fakePrefix, "currencies"), Reason: "has " + quote(s) + ", which is not an ISO 4217 currency code"}
		}
		opts.Currencies = append(opts.Currencies, cur)
	}
	opts.WebhookSecret = s.WebhookSecret
	opts.PayURL = c.PayURL
	return opts, nil
}

// openFake is the Opener of "fake".
func openFake(_ context.Context, cfg Config) (payments.Provider, error) {
	opts, err := cfg.Fake.ProviderConfig()
	if err != nil {
		return nil, err
	}
	opts.Now = cfg.Options.Now
	return paymentstest.New(&opts), nil
}
