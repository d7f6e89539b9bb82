package acmepay

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/paykit/payments"
)

// Name is the provider's name: its errors say "payments: acmepay: ...", and
// its Registration opens it as PAYMENTS_PROVIDER=acmepay.
const Name = "acmepay"

// DefaultBaseURL is where Acme Pay's API lives. The host is invented; tests
// point Config.BaseURL at their own server.
const DefaultBaseURL = "https://api.acmepay.example"

// Config configures a Provider. APIKey and WebhookSecret are required.
type Config struct {
	// APIKey authenticates every request (Authorization: Bearer).
	APIKey payments.Secret
	// WebhookSecret verifies the Acme-Signature of webhooks.
	WebhookSecret payments.Secret
	// BaseURL is the API's base URL; empty means DefaultBaseURL.
	BaseURL string
	// HTTPClient sends the requests; nil means a client with a 30-second
	// timeout. Tests set its Transport.
	HTTPClient *http.Client `json:"-"`
}

// Validate reports the first problem of c, without repeating a secret.
func (c Config) Validate() error {
	switch {
	case !c.APIKey.IsSet():
		return payments.Errorf(payments.ErrInvalidRequest, "acmepay: APIKey is required")
	case !c.WebhookSecret.IsSet():
		return payments.Errorf(payments.ErrInvalidRequest, "acmepay: WebhookSecret is required")
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" {
			return payments.Errorf(payments.ErrInvalidRequest, "acmepay: BaseURL must be an http(s) URL without a query")
		}
	}
	return nil
}

// Provider is the Acme Pay provider. It implements payments.Provider,
// payments.Refunder and payments.WebhookVerifier. It is safe for concurrent
// use.
type Provider struct {
	apiKey        payments.Secret
	webhookSecret payments.Secret
	base          string
	http          *http.Client
}

// Compile-time checks of the interfaces the provider declares.
var (
	_ payments.Provider        = (*Provider)(nil)
	_ payments.Refunder        = (*Provider)(nil)
	_ payments.WebhookVerifier = (*Provider)(nil)
)

// New returns a Provider for cfg, or the error of cfg.Validate: a bad
// configuration fails here, not at the first payment.
func New(cfg Config) (*Provider, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	base := strings.TrimRight(cfg.BaseURL, "/")
	if base == "" {
		base = DefaultBaseURL
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Provider{apiKey: cfg.APIKey, webhookSecret: cfg.WebhookSecret, base: base, http: hc}, nil
}

// Name returns "acmepay".
func (p *Provider) Name() string { return Name }

// Capabilities declares what Acme Pay does: redirect payments looked up by
// either id, partial refunds keyed by the merchant's reference (sent as
// Idempotency-Key, found again by order id and reference), and webhooks.
func (p *Provider) Capabilities() payments.Capabilities {
	return payments.Capabilities{
		Operations: []payments.Operation{
			payments.OpRefund, payments.OpRefundStatus, payments.OpVerifyWebhook,
		},
		Currencies:              []payments.Currency{payments.RUB, payments.USD, payments.EUR},
		PartialRefunds:          true,
		LookupByOrderID:         true,
		LookupByPaymentID:       true,
		IdempotentRefunds:       true,
		RefundLookupByReference: true,
		MaxOrderIDLength:        64,
		MaxDescription:          255,
	}
}

// String describes the provider without its secrets. The provider keeps
// them in unexported fields, which fmt prints by reflection without
// calling their methods, so String, GoString and Format stand in for
// every verb. Their receivers are values, so that a dereferenced Provider
// prints safely too.
func (p Provider) String() string { return "acmepay.Provider{" + p.base + "}" }

// GoString is String, for %#v.
func (p Provider) GoString() string { return p.String() }

// Format implements fmt.Formatter: every verb prints String.
func (p Provider) Format(f fmt.State, _ rune) { _, _ = fmt.Fprint(f, p.String()) }
