package clientsdk

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/paykit/payments"
)

// DefaultBaseURL is the API host both public SDKs use
// (github.com/Space-Around/client-payment-sdk-python client_payment_sdk/client.py;
// github.com/creater777/sbank tests/_fixtures/config.php).
const DefaultBaseURL = "https://sbank.gogo.vc"

// DefaultTimeout bounds every HTTP exchange when Config.Timeout is zero and
// the HTTP client has no timeout of its own.
const DefaultTimeout = 30 * time.Second

// Config configures a Provider. Its Secret is a payments.Secret, which every
// fmt verb, slog and encoding/json show as "[redacted]", so a Config is
// safe to print, log and marshal without printing code of its own. JSON
// (for logs) uses the snake_case keys of the struct tags and leaves out
// HTTPClient and Now.
type Config struct {
	// BaseURL is the API's base URL; empty means DefaultBaseURL. Endpoint
	// paths ("/init") are appended to it.
	BaseURL string `json:"base_url"`
	// MerchantID is the merchant's id ("13" in the public examples).
	// Required.
	MerchantID string `json:"merchant_id"`
	// ProductID is the shop's product id ("15" in the public examples),
	// sent with payments and status lookups. Required.
	ProductID string `json:"product_id"`
	// Secret is the API secret that signs requests and webhooks. Required;
	// it never prints.
	Secret payments.Secret `json:"secret"`
	// NotificationPath is the path of the notification URL ("/webhooks"):
	// the provider signs webhooks over it (github.com/Space-Around/client-payment-sdk-python
	// client_payment_sdk/webhook.py and examples/webhook.py). Required
	// unless NotificationURL is set, whose path is then used.
	NotificationPath string `json:"notification_path"`
	// NotificationURL is the default webhook URL sent with payments and
	// payouts that do not name their own. Optional. Its path must be
	// NotificationPath.
	NotificationURL string `json:"notification_url"`
	// HTTPClient sends the requests; nil means a new client. Redirects are
	// never followed, and a client without a timeout gets Timeout.
	HTTPClient *http.Client `json:"-"`
	// Timeout bounds each HTTP exchange when HTTPClient has no timeout of
	// its own; zero means DefaultTimeout.
	Timeout time.Duration `json:"timeout"`
	// Now is the clock, used for card expiry and payment lifetimes; nil
	// means time.Now.
	Now func() time.Time `json:"-"`
}

// Validate reports the first problem with the configuration: a
// *payments.Error whose cause (Err) is a *ConfigError naming the field.
// Both wrap payments.ErrInvalidRequest.
func (c Config) Validate() error {
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			// The URL is not quoted: a user:password part would leak.
			return configError("BaseURL", "BaseURL must be an absolute http(s) URL without credentials, query or fragment")
		}
	}
	if err := checkID("MerchantID", c.MerchantID); err != nil {
		return err
	}
	if err := checkID("ProductID", c.ProductID); err != nil {
		return err
	}
	if c.Secret == "" {
		return configError("Secret", "Secret is required")
	}
	path, err := c.notificationPath()
	if err != nil {
		return err
	}
	if path == "" {
		return configError("NotificationPath", "NotificationPath is required (or a NotificationURL to take it from)")
	}
	if c.Timeout < 0 {
		return configError("Timeout", "Timeout must not be negative")
	}
	return nil
}

// notificationPath returns NotificationPath, or the path of
// NotificationURL, checking that both agree.
func (c Config) notificationPath() (string, error) {
	if c.NotificationPath != "" {
		if !strings.HasPrefix(c.NotificationPath, "/") || strings.ContainsAny(c.NotificationPath, "?#") {
			return "", configError("NotificationPath", "NotificationPath must be a path starting with '/', got %q", c.NotificationPath)
		}
		if !plainText(c.NotificationPath) {
			return "", configError("NotificationPath", "NotificationPath must be plain text")
		}
	}
	if c.NotificationURL == "" {
		return c.NotificationPath, nil
	}
	path, err := notificationURLPath(c.NotificationURL)
	if err != nil {
		return "", configError("NotificationURL", "NotificationURL: %v", err)
	}
	if c.NotificationPath != "" && path != c.NotificationPath {
		return "", configError("NotificationURL", "NotificationURL's path %q is not NotificationPath %q: webhooks would not verify", path, c.NotificationPath)
	}
	return path, nil
}

// notificationURLPath parses an absolute http(s) notification URL and
// returns its path ("/" for none).
func notificationURLPath(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		// The URL is not quoted: its query may carry a token.
		return "", errors.New("not an absolute http(s) URL")
	}
	if u.Path == "" {
		return "/", nil
	}
	return u.Path, nil
}

func checkID(field, v string) error {
	if v == "" {
		return configError(field, "%s is required", field)
	}
	if !plainText(v) {
		return configError(field, "%s must be plain text", field)
	}
	return nil
}

// ConfigError reports an invalid Config field (or an empty secret given to
// VerifyFormSignature). It unwraps to payments.ErrInvalidRequest. Validate
// and New return it as the cause (Err) of a *payments.Error, so that
// errors.As finds either; neither ever shows the secret.
type ConfigError struct {
	// Field is the Config field at fault, such as "MerchantID".
	Field string
	// Reason says what is wrong, as a sentence that starts with the field's
	// name: "MerchantID is required".
	Reason string
}

// Error returns Reason.
func (e *ConfigError) Error() string { return e.Reason }

// Unwrap returns payments.ErrInvalidRequest.
func (e *ConfigError) Unwrap() error { return payments.ErrInvalidRequest }

// configError returns the *payments.Error of an invalid field: "payments:
// clientsdk: invalid request: config: " and the reason.
func configError(field, format string, args ...any) error {
	return &payments.Error{Provider: providerName, Kind: payments.ErrInvalidRequest, Message: "config",
		Err: &ConfigError{Field: field, Reason: fmt.Sprintf(format, args...)}}
}
