package paymentstest

import (
	"context"
	"strconv"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// UnsafeFakeWarning is what opening the fake through package providers
// logs (at Warn level, when a logger is set) when it verifies webhooks with
// the public [DefaultWebhookSecret], as the setting
// unsafe_public_webhook_secret allows.
const UnsafeFakeWarning = "providers: fake: UNSAFE: webhooks are verified with paymentstest's public secret " +
	"(unsafe_public_webhook_secret): anyone can forge them; for offline development only"

// Registration returns the in-memory fake's configuration for package
// providers: the PAYMENTS_FAKE_* variables and the "fake" JSON section,
// and the function that opens a new, empty [Fake] from them (reach it with
// client.Provider().(*paymentstest.Fake) to mark payments paid).
//
// The fake accepts every webhook signed with its webhook secret, and
// [DefaultWebhookSecret] is public, so PAYMENTS_PROVIDER=fake alone never
// opens an endpoint that accepts forged payments: Open needs a
// webhook_secret of the app's own (not the public default) or
// unsafe_public_webhook_secret=true, and then logs [UnsafeFakeWarning].
func Registration() providerkit.Registration {
	return providerkit.Registration{
		Name:    DefaultName,
		Summary: "paymentstest's in-memory fake, for developing and testing offline",
		Fields: []providerkit.Field{
			{Key: "webhook_secret", Env: "PAYMENTS_FAKE_WEBHOOK_SECRET", Help: "signs and verifies the fake's webhooks (required unless unsafe_public_webhook_secret)", Secret: true},
			{Key: "unsafe_public_webhook_secret", Env: "PAYMENTS_FAKE_UNSAFE_PUBLIC_WEBHOOK_SECRET", Help: "offline only: use paymentstest's public webhook secret; anyone can forge webhooks", Kind: providerkit.Bool, Default: "false"},
			{Key: "merchant_id", Env: "PAYMENTS_FAKE_MERCHANT_ID", Help: "the merchant account in the fake's event ids", Default: DefaultMerchantID},
			{Key: "currencies", Env: "PAYMENTS_FAKE_CURRENCIES", Help: "the ISO 4217 currencies the fake accepts", Kind: providerkit.List, Default: "RUB,USD,EUR"},
			{Key: "pay_url", Env: "PAYMENTS_FAKE_PAY_URL", Help: "base of the fake's payment page URLs", Default: DefaultPayURL},
		},
		Open: openFake,
	}
}

// openFake is the Registration's Open. It warns on s.Logger when the fake
// verifies webhooks with the public secret.
func openFake(ctx context.Context, s providerkit.Settings) (payments.Provider, error) {
	opts, err := optionsFrom(s)
	if err != nil {
		return nil, err
	}
	if opts.WebhookSecret == DefaultWebhookSecret && s.Logger != nil {
		s.Logger.WarnContext(ctx, UnsafeFakeWarning)
	}
	opts.Now = s.Now
	return New(&opts), nil
}

// optionsFrom returns the Options the settings describe, refusing a fake
// whose webhooks anyone could sign.
func optionsFrom(s providerkit.Settings) (Options, error) {
	opts := Options{Name: DefaultName, MerchantID: s.Text("merchant_id")}
	var err error
	if opts.PayURL, err = s.URL("pay_url", false); err != nil {
		return opts, err
	}
	for _, c := range s.List("currencies") {
		cur, err := payments.ParseCurrency(c) // any case; ASCII letters only
		if err != nil {
			return opts, s.Invalid("currencies", "has "+quoteSetting(c)+", which is not an ISO 4217 currency code", nil)
		}
		opts.Currencies = append(opts.Currencies, cur)
	}
	secret := s.Secret("webhook_secret").Reveal()
	if !s.Bool("unsafe_public_webhook_secret") {
		ways := "set webhook_secret or webhook_secret_file (PAYMENTS_FAKE_WEBHOOK_SECRET or _FILE) to a secret of your own, " +
			"or, for offline development only, unsafe_public_webhook_secret (PAYMENTS_FAKE_UNSAFE_PUBLIC_WEBHOOK_SECRET=true)"
		switch secret {
		case "":
			return opts, &providerkit.ConfigError{Provider: DefaultName, Field: "webhook_secret",
				Reason: "is required: the fake's default secret is public, so anyone could forge its webhooks; " + ways}
		case DefaultWebhookSecret:
			return opts, &providerkit.ConfigError{Provider: DefaultName, Field: "webhook_secret",
				Reason: "is paymentstest's public default, with which anyone can forge webhooks; " + ways}
		}
	}
	opts.WebhookSecret = payments.Secret(secret)
	if opts.WebhookSecret == "" {
		opts.WebhookSecret = DefaultWebhookSecret // allowed above
	}
	return opts, nil
}

// quoteSetting quotes a setting's value for an error, cut to 40 bytes.
func quoteSetting(v string) string {
	if len(v) > 40 {
		return strconv.Quote(v[:40]) + "..."
	}
	return strconv.Quote(v)
}
