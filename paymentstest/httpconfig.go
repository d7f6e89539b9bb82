package paymentstest

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/paykit/payments"
)

// HTTPConfig configures an [HTTPProvider]. APIKey and WebhookSecret are
// payments.Secret values, so an HTTPConfig prints, logs and marshals (for
// logs: JSON leaves out HTTPClient) without them.
type HTTPConfig struct {
	// BaseURL is where the fake's API is served, such as an
	// httptest.Server's URL. Required: an absolute http or https URL.
	BaseURL string `json:"base_url"`
	// APIKey is sent as "Authorization: Bearer <APIKey>". Required.
	APIKey payments.Secret `json:"api_key"`
	// WebhookSecret verifies webhooks. Required.
	WebhookSecret payments.Secret `json:"webhook_secret"`
	// HTTPClient sends the requests; nil means a new client with Timeout.
	HTTPClient *http.Client `json:"-"`
	// Timeout bounds each request when HTTPClient is nil; zero means
	// DefaultTimeout.
	Timeout time.Duration `json:"timeout"`
	// Name is the provider's name; default "fake".
	Name string `json:"name"`
	// MerchantID identifies the fake's merchant account, as
	// Options.MerchantID; default DefaultMerchantID.
	MerchantID string `json:"merchant_id"`
	// Currencies the provider declares; default RUB, USD and EUR.
	Currencies []payments.Currency `json:"currencies"`
}

// Validate reports the first missing or invalid field by name.
func (c HTTPConfig) Validate() error {
	invalid := func(format string, args ...any) error {
		name := c.Name
		if name == "" {
			name = DefaultName
		}
		return &payments.Error{Provider: name, Kind: payments.ErrInvalidRequest, Message: fmt.Sprintf(format, args...)}
	}
	switch {
	case c.BaseURL == "":
		return invalid("HTTPConfig.BaseURL is required")
	case c.APIKey == "":
		return invalid("HTTPConfig.APIKey is required")
	case c.WebhookSecret == "":
		return invalid("HTTPConfig.WebhookSecret is required")
	case c.Timeout < 0:
		return invalid("HTTPConfig.Timeout must not be negative")
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalid("HTTPConfig.BaseURL must be an absolute http or https URL")
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return invalid("HTTPConfig.BaseURL must have no query, fragment or user info")
	}
	for _, cur := range c.Currencies {
		if !cur.Valid() {
			return invalid("HTTPConfig.Currencies: %q is not an ISO 4217 code", string(cur))
		}
	}
	return nil
}
