package clientsdk

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/paykit/payments"
)

// DefaultBaseURL is the API host both public SDKs use (wire notes §1, §2.1).
const DefaultBaseURL = "https://sbank.gogo.vc"

// DefaultTimeout bounds every HTTP exchange when Config.Timeout is zero and
// the HTTP client has no timeout of its own.
const DefaultTimeout = 30 * time.Second

// Config configures a Provider. Its String, GoString, Format and LogValue
// never show the secret, so a Config is safe to print and log.
type Config struct {
	// BaseURL is the API's base URL; empty means DefaultBaseURL. Endpoint
	// paths ("/init") are appended to it.
	BaseURL string
	// MerchantID is the merchant's id ("13" in the public examples).
	// Required.
	MerchantID string
	// ProductID is the shop's product id ("15" in the public examples),
	// sent with payments and status lookups. Required.
	ProductID string
	// Secret is the API secret that signs requests and webhooks. Required;
	// it never prints.
	Secret string
	// NotificationPath is the path of the notification URL ("/webhooks"):
	// the provider signs webhooks over it (wire notes §2.6). Required
	// unless NotificationURL is set, whose path is then used.
	NotificationPath string
	// NotificationURL is the default webhook URL sent with payments and
	// payouts that do not name their own. Optional. Its path must be
	// NotificationPath.
	NotificationURL string
	// HTTPClient sends the requests; nil means a new client. Redirects are
	// never followed, and a client without a timeout gets Timeout.
	HTTPClient *http.Client
	// Timeout bounds each HTTP exchange when HTTPClient has no timeout of
	// its own; zero means DefaultTimeout.
	Timeout time.Duration
	// Now is the clock, used for card expiry and payment lifetimes; nil
	// means time.Now.
	Now func() time.Time
}

// Validate reports the first problem with the configuration, naming the
// field. Its errors wrap payments.ErrInvalidRequest.
func (c Config) Validate() error {
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return configErrorf("BaseURL must be an absolute http(s) URL without query, got %q", c.BaseURL)
		}
	}
	if err := checkID("MerchantID", c.MerchantID); err != nil {
		return err
	}
	if err := checkID("ProductID", c.ProductID); err != nil {
		return err
	}
	if c.Secret == "" {
		return configErrorf("Secret is required")
	}
	path, err := c.notificationPath()
	if err != nil {
		return err
	}
	if path == "" {
		return configErrorf("NotificationPath is required (or a NotificationURL to take it from)")
	}
	if c.Timeout < 0 {
		return configErrorf("Timeout must not be negative")
	}
	return nil
}

// notificationPath returns NotificationPath, or the path of
// NotificationURL, checking that both agree.
func (c Config) notificationPath() (string, error) {
	if c.NotificationPath != "" {
		if !strings.HasPrefix(c.NotificationPath, "/") || strings.ContainsAny(c.NotificationPath, "?#") {
			return "", configErrorf("NotificationPath must be a path starting with '/', got %q", c.NotificationPath)
		}
		if err := checkText("NotificationPath", c.NotificationPath); err != nil {
			return "", configErrorf("NotificationPath: %v", err)
		}
	}
	if c.NotificationURL == "" {
		return c.NotificationPath, nil
	}
	path, err := notificationURLPath(c.NotificationURL)
	if err != nil {
		return "", configErrorf("NotificationURL: %v", err)
	}
	if c.NotificationPath != "" && path != c.NotificationPath {
		return "", configErrorf("NotificationURL's path %q is not NotificationPath %q: webhooks would not verify", path, c.NotificationPath)
	}
	return path, nil
}

// notificationURLPath parses an absolute http(s) notification URL and
// returns its path ("/" for none).
func notificationURLPath(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("%q is not an absolute http(s) URL", s)
	}
	if u.Path == "" {
		return "/", nil
	}
	return u.Path, nil
}

func checkID(field, v string) error {
	if v == "" {
		return configErrorf("%s is required", field)
	}
	if err := checkText(field, v); err != nil {
		return configErrorf("%s must be plain text", field)
	}
	return nil
}

func configErrorf(format string, args ...any) error {
	return &payments.Error{Provider: providerName, Kind: payments.ErrInvalidRequest, Message: "config", Err: fmt.Errorf(format, args...)}
}

const redacted = "<redacted>"

func (c Config) secretMark() string {
	if c.Secret == "" {
		return ""
	}
	return redacted
}

// String implements fmt.Stringer without the secret.
func (c Config) String() string {
	return fmt.Sprintf("clientsdk.Config{BaseURL:%s MerchantID:%s ProductID:%s Secret:%s NotificationPath:%s NotificationURL:%s Timeout:%s}",
		c.BaseURL, c.MerchantID, c.ProductID, c.secretMark(), c.NotificationPath, c.NotificationURL, c.Timeout)
}

// GoString implements fmt.GoStringer without the secret.
func (c Config) GoString() string {
	return fmt.Sprintf("clientsdk.Config{BaseURL:%q, MerchantID:%q, ProductID:%q, Secret:%q, NotificationPath:%q, NotificationURL:%q, Timeout:%d}",
		c.BaseURL, c.MerchantID, c.ProductID, c.secretMark(), c.NotificationPath, c.NotificationURL, int64(c.Timeout))
}

// Format implements fmt.Formatter so that every verb prints the redacted
// form.
func (c Config) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, c.GoString())
		return
	}
	fmt.Fprint(f, c.String())
}

// LogValue implements slog.LogValuer without the secret.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("base_url", c.BaseURL),
		slog.String("merchant_id", c.MerchantID),
		slog.String("product_id", c.ProductID),
		slog.String("secret", c.secretMark()),
		slog.String("notification_path", c.NotificationPath),
		slog.String("notification_url", c.NotificationURL),
		slog.Duration("timeout", c.Timeout),
	)
}
