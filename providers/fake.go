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
//
// The fake accepts every webhook signed with its webhook secret, and
// paymentstest.DefaultWebhookSecret is public, so that PAYMENTS_PROVIDER=fake
// alone never makes an endpoint that accepts forged payments: [Open] needs
// either a WebhookSecret of your own (not the public default) or
// UnsafePublicWebhookSecret.
type FakeConfig struct {
	// WebhookSecret signs and verifies the fake's webhooks. Required
	// (or WebhookSecretFile) unless UnsafePublicWebhookSecret is set;
	// paymentstest.DefaultWebhookSecret is refused, as it is public.
	WebhookSecret string `json:"webhook_secret,omitempty"`
	// WebhookSecretFile is the path of a file holding WebhookSecret.
	WebhookSecretFile string `json:"webhook_secret_file,omitempty"`
	// UnsafePublicWebhookSecret, for offline development only, lets the
	// fake sign and verify webhooks with the public
	// paymentstest.DefaultWebhookSecret when WebhookSecret is not set:
	// anyone can then forge a webhook the app accepts. Open logs a warning
	// when it is used.
	UnsafePublicWebhookSecret bool `json:"unsafe_public_webhook_secret,omitempty"`
	// MerchantID names the fake's merchant account in its events' IDs;
	// empty means paymentstest.DefaultMerchantID.
	MerchantID string `json:"merchant_id,omitempty"`
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
// paymentstest.Options it describes (without a clock). A nil section has
// no webhook secret, so it is refused like an empty one: see [FakeConfig].
func (c *FakeConfig) ProviderConfig() (paymentstest.Options, error) {
	opts := paymentstest.Options{Name: fakeName}
	if c == nil {
		c = &FakeConfig{}
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
	if err := s.checkSecret(); err != nil {
		return opts, err
	}
	opts.WebhookSecret = s.WebhookSecret
	if opts.WebhookSecret == "" {
		opts.WebhookSecret = paymentstest.DefaultWebhookSecret // allowed by checkSecret
	}
	opts.MerchantID = c.MerchantID
	opts.PayURL = c.PayURL
	return opts, nil
}

// checkSecret refuses a resolved section whose webhooks anyone could sign:
// no secret, or the public default, without UnsafePublicWebhookSecret.
func (c *FakeConfig) checkSecret() error {
	if c.UnsafePublicWebhookSecret {
		return nil
	}
	ways := "set webhook_secret or webhook_secret_file (PAYMENTS_FAKE_WEBHOOK_SECRET or _FILE) to a secret of your own, " +
		"or, for offline development only, unsafe_public_webhook_secret (PAYMENTS_FAKE_UNSAFE_PUBLIC_WEBHOOK_SECRET=true)"
	bad := func(reason string) error {
		return &ConfigError{Provider: fakeName, Field: "webhook_secret", Reason: reason + ways}
	}
	switch c.WebhookSecret {
	case "":
		return bad("is required: the fake's default secret is public, so anyone could forge its webhooks; ")
	case paymentstest.DefaultWebhookSecret:
		return bad("is paymentstest's public default, with which anyone can forge webhooks; ")
	}
	return nil
}

// openFake is the Opener of "fake". It warns on cfg.Options.Logger when the
// fake verifies webhooks with the public secret.
func openFake(ctx context.Context, cfg Config) (payments.Provider, error) {
	opts, err := cfg.Fake.ProviderConfig()
	if err != nil {
		return nil, err
	}
	if opts.WebhookSecret == paymentstest.DefaultWebhookSecret && cfg.Options.Logger != nil {
		cfg.Options.Logger.WarnContext(ctx, UnsafeFakeWarning)
	}
	opts.Now = cfg.Options.Now
	return paymentstest.New(&opts), nil
}

// UnsafeFakeWarning is what [Open] logs (at Warn level, when
// Options.Logger is set) when it opens the fake with the public webhook
// secret, as FakeConfig.UnsafePublicWebhookSecret allows.
const UnsafeFakeWarning = "providers: fake: UNSAFE: webhooks are verified with paymentstest's public secret " +
	"(unsafe_public_webhook_secret): anyone can forge them; for offline development only"
