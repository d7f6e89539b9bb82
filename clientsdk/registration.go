package clientsdk

import (
	"context"
	"errors"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// Registration returns the provider's configuration for package providers:
// the CLIENTSDK_* variables and the "clientsdk" JSON section, each with its
// help line, and the function that opens a Provider from them.
func Registration() providerkit.Registration {
	return providerkit.Registration{
		Name:    providerName,
		Summary: "the sbank/PayHub API behind client-payment-sdk: card payments, 3-D Secure, status, balance, payouts",
		Fields: []providerkit.Field{
			{Key: "base_url", Env: "CLIENTSDK_BASE_URL", Help: "the API's base URL (a sandbox's URL goes here)", Default: DefaultBaseURL},
			{Key: "merchant_id", Env: "CLIENTSDK_MERCHANT_ID", Help: "the merchant's id", Required: true},
			{Key: "product_id", Env: "CLIENTSDK_PRODUCT_ID", Help: "the shop's product id", Required: true},
			{Key: "secret", Env: "CLIENTSDK_SECRET", Help: "the API secret: signs requests and webhooks", Secret: true, Required: true},
			{Key: "notification_path", Env: "CLIENTSDK_NOTIFICATION_PATH", Help: "path of the webhook URL, over which webhooks are signed (required unless notification_url is set)"},
			{Key: "notification_url", Env: "CLIENTSDK_NOTIFICATION_URL", Help: "default webhook URL sent with payments and payouts"},
		},
		Open: open,
	}
}

// open is the Registration's Open.
func open(_ context.Context, s providerkit.Settings) (payments.Provider, error) {
	cfg, err := configFrom(s)
	if err != nil {
		return nil, err
	}
	cfg.HTTPClient, cfg.Timeout, cfg.Now = s.HTTPClient, s.Timeout, s.Now
	p, err := New(cfg)
	if err != nil {
		return nil, settingsError(s, err)
	}
	return p, nil
}

// configFrom returns the validated Config the settings describe (without
// an HTTP client, timeout or clock). Errors name the setting and its
// variable.
func configFrom(s providerkit.Settings) (Config, error) {
	if !s.Has("notification_path") && !s.Has("notification_url") {
		return Config{}, s.Invalid("notification_path", "is required unless notification_url is set: webhooks are signed over it", nil)
	}
	cfg := Config{
		MerchantID:       s.Text("merchant_id"),
		ProductID:        s.Text("product_id"),
		Secret:           s.Secret("secret"),
		NotificationPath: s.Text("notification_path"),
	}
	var err error
	if cfg.BaseURL, err = s.URL("base_url", false); err != nil {
		return Config{}, err
	}
	if cfg.NotificationURL, err = s.URL("notification_url", true); err != nil {
		return Config{}, err
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, settingsError(s, err)
	}
	return cfg, nil
}

// settingsError turns the provider's validation error (a *payments.Error
// whose cause is a *ConfigError) into the error of the setting at fault,
// naming its key and variable.
func settingsError(s providerkit.Settings, err error) error {
	var ce *ConfigError
	if !errors.As(err, &ce) {
		return s.Invalid("config", "is invalid: "+err.Error(), err)
	}
	return s.Invalid(providerkit.SnakeCase(ce.Field), "is invalid: "+ce.Reason, err)
}
