package providers

import (
	"context"
	"errors"

	"github.com/paykit/payments"
	"github.com/paykit/payments/clientsdk"
)

const (
	// clientsdkName is the registered name of the clientsdk provider.
	clientsdkName = "clientsdk"
	// clientsdkPrefix starts the environment variables of its section.
	clientsdkPrefix = "CLIENTSDK_"
)

// ClientSDKConfig is the "clientsdk" section: the settings of
// clientsdk.Config as text. The secret is given inline or as the path of a
// file holding it, not both. It never prints the secret.
type ClientSDKConfig struct {
	// BaseURL is the API's base URL; empty means clientsdk.DefaultBaseURL.
	// A sandbox's URL goes here.
	BaseURL string `json:"base_url,omitempty"`
	// MerchantID is the merchant's id. Required.
	MerchantID string `json:"merchant_id"`
	// ProductID is the shop's product id. Required.
	ProductID string `json:"product_id"`
	// Secret signs requests and webhooks. Required (or SecretFile).
	Secret string `json:"secret,omitempty"`
	// SecretFile is the path of a file holding Secret.
	SecretFile string `json:"secret_file,omitempty"`
	// NotificationPath is the path of the webhook URL ("/webhooks"), over
	// which webhooks are signed. Required unless NotificationURL is set.
	NotificationPath string `json:"notification_path,omitempty"`
	// NotificationURL is the default webhook URL sent with payments and
	// payouts. It may have a query but no user name or password.
	NotificationURL string `json:"notification_url,omitempty"`
}

// secrets lists the section's secret; see sectionSecret.
func (c *ClientSDKConfig) secrets() []sectionSecret {
	return []sectionSecret{{"secret", &c.Secret, &c.SecretFile}}
}

// ProviderConfig reads the secret file, checks the section and returns the
// clientsdk.Config it describes, validated (without an HTTP client, timeout
// or clock). Errors are *ConfigError values naming the field and its
// environment variable.
func (c *ClientSDKConfig) ProviderConfig() (clientsdk.Config, error) {
	bad := func(key, reason string) error {
		return &ConfigError{Provider: clientsdkName, Field: key, Env: envName(clientsdkPrefix, key), Reason: reason}
	}
	s := *c // with the secret read from its file
	if err := resolveSecrets(s.secrets(), clientsdkName, clientsdkPrefix); err != nil {
		return clientsdk.Config{}, err
	}
	switch {
	case c.MerchantID == "":
		return clientsdk.Config{}, bad("merchant_id", "is required")
	case c.ProductID == "":
		return clientsdk.Config{}, bad("product_id", "is required")
	case s.Secret == "":
		return clientsdk.Config{}, bad("secret", "is required")
	case c.NotificationPath == "" && c.NotificationURL == "":
		return clientsdk.Config{}, bad("notification_path", "is required unless notification_url is set: webhooks are signed over it")
	}
	if err := checkURL(clientsdkName, clientsdkPrefix, "base_url", c.BaseURL, false); err != nil {
		return clientsdk.Config{}, err
	}
	if err := checkURL(clientsdkName, clientsdkPrefix, "notification_url", c.NotificationURL, true); err != nil {
		return clientsdk.Config{}, err
	}
	cc := clientsdk.Config{
		BaseURL:          c.BaseURL,
		MerchantID:       c.MerchantID,
		ProductID:        c.ProductID,
		Secret:           s.Secret,
		NotificationPath: c.NotificationPath,
		NotificationURL:  c.NotificationURL,
	}
	if err := cc.Validate(); err != nil {
		return clientsdk.Config{}, clientsdkError(err)
	}
	return cc, nil
}

// clientsdkError turns the provider's validation error (a *payments.Error
// whose cause is a *clientsdk.ConfigError) into a *ConfigError naming the
// section's key and variable.
func clientsdkError(err error) error {
	var ce *clientsdk.ConfigError
	if !errors.As(err, &ce) {
		return &ConfigError{Provider: clientsdkName, Field: "config", Reason: "is invalid: " + err.Error(), Err: err}
	}
	key := snakeCase(ce.Field)
	return &ConfigError{Provider: clientsdkName, Field: key, Env: envName(clientsdkPrefix, key), Reason: "is invalid: " + ce.Reason, Err: err}
}

// openClientSDK is the Opener of "clientsdk".
func openClientSDK(_ context.Context, cfg Config) (payments.Provider, error) {
	if cfg.ClientSDK == nil {
		return nil, missingSection(clientsdkName, clientsdkPrefix)
	}
	cc, err := cfg.ClientSDK.ProviderConfig()
	if err != nil {
		return nil, err
	}
	cc.HTTPClient = cfg.Options.HTTPClient
	cc.Timeout = cfg.Options.Timeout
	cc.Now = cfg.Options.Now
	p, err := clientsdk.New(cc)
	if err != nil {
		return nil, clientsdkError(err)
	}
	return p, nil
}
