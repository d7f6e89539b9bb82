package paymentstest

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/paykit/payments"
)

// HTTPConfig configures an [HTTPProvider]. Its String, GoString and
// LogValue never show APIKey or WebhookSecret.
type HTTPConfig struct {
	// BaseURL is where the fake's API is served, such as an
	// httptest.Server's URL. Required: an absolute http or https URL.
	BaseURL string
	// APIKey is sent as "Authorization: Bearer <APIKey>". Required.
	APIKey string
	// WebhookSecret verifies webhooks. Required.
	WebhookSecret string
	// HTTPClient sends the requests; nil means a new client with Timeout.
	HTTPClient *http.Client
	// Timeout bounds each request when HTTPClient is nil; zero means
	// DefaultTimeout.
	Timeout time.Duration
	// Name is the provider's name; default "fake".
	Name string
	// MerchantID identifies the fake's merchant account, as
	// Options.MerchantID; default DefaultMerchantID.
	MerchantID string
	// Currencies the provider declares; default RUB, USD and EUR.
	Currencies []payments.Currency
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

// String implements fmt.Stringer with APIKey and WebhookSecret redacted.
func (c HTTPConfig) String() string {
	client := "nil"
	if c.HTTPClient != nil {
		client = "set"
	}
	return fmt.Sprintf("paymentstest.HTTPConfig{BaseURL:%q, APIKey:%q, WebhookSecret:%q, HTTPClient:%s, Timeout:%q, Name:%q, MerchantID:%q, Currencies:%v}",
		c.BaseURL, redact(c.APIKey), redact(c.WebhookSecret), client, c.Timeout.String(), c.Name, c.MerchantID, c.Currencies)
}

// GoString implements fmt.GoStringer with APIKey and WebhookSecret
// redacted.
func (c HTTPConfig) GoString() string { return c.String() }

// MarshalJSON writes the config with APIKey and WebhookSecret redacted, so
// that it is safe in JSON logs.
func (c HTTPConfig) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		BaseURL       string              `json:"base_url"`
		APIKey        string              `json:"api_key"`
		WebhookSecret string              `json:"webhook_secret"`
		Timeout       string              `json:"timeout"`
		Name          string              `json:"name"`
		MerchantID    string              `json:"merchant_id"`
		Currencies    []payments.Currency `json:"currencies"`
	}{c.BaseURL, redact(c.APIKey), redact(c.WebhookSecret), c.Timeout.String(), c.Name, c.MerchantID, c.Currencies})
}

// LogValue implements slog.LogValuer with APIKey and WebhookSecret
// redacted.
func (c HTTPConfig) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("base_url", c.BaseURL),
		slog.String("api_key", redact(c.APIKey)),
		slog.String("webhook_secret", redact(c.WebhookSecret)),
		slog.Duration("timeout", c.Timeout),
		slog.String("name", c.Name),
		slog.String("merchant_id", c.MerchantID),
		slog.Any("currencies", c.Currencies),
	)
}
