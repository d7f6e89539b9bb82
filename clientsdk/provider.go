package clientsdk

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/paykit/payments"
)

// providerName is the provider's name in errors and logs.
const providerName = "clientsdk"

// Provider is the sbank/PayHub provider. It implements payments.Provider,
// payments.BalanceReader, payments.Withdrawer and payments.WebhookVerifier,
// but not payments.Refunder: the API has no refunds. A Provider is safe
// for concurrent use and never prints its secret.
type Provider struct {
	cfg       Config
	baseURL   string
	notifPath string
	client    *http.Client
	signer    jose.Signer
	secret    []byte
}

// Interface checks.
var (
	_ payments.Provider        = (*Provider)(nil)
	_ payments.BalanceReader   = (*Provider)(nil)
	_ payments.Withdrawer      = (*Provider)(nil)
	_ payments.WebhookVerifier = (*Provider)(nil)
)

// New returns a Provider for cfg, or an error naming the first bad field.
func New(cfg Config) (*Provider, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	path, _ := cfg.notificationPath() // checked by Validate
	var client http.Client
	if cfg.HTTPClient != nil {
		client = *cfg.HTTPClient
	}
	if client.Timeout == 0 {
		client.Timeout = cfg.Timeout
	}
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	signer, err := newJWSSigner(cfg.Secret.Reveal())
	if err != nil {
		return nil, err
	}
	return &Provider{
		cfg:       cfg,
		baseURL:   strings.TrimSuffix(cfg.BaseURL, "/"),
		notifPath: path,
		client:    &client,
		signer:    signer,
		secret:    []byte(cfg.Secret.Reveal()),
	}, nil
}

// Name implements payments.Provider: "clientsdk".
func (p *Provider) Name() string { return providerName }

// MerchantAccount implements payments.AccountNamer: Config.MerchantID.
func (p *Provider) MerchantAccount() string { return p.cfg.MerchantID }

// Capabilities implements payments.Provider. The API takes payments in
// roubles only (its only documented currency), card data and 3-D Secure
// 2.0 browser data directly, and has balance, payouts and webhooks; it has
// no refunds, receipts or metadata, and no documented description limit.
func (p *Provider) Capabilities() payments.Capabilities {
	return payments.Capabilities{
		Operations: []payments.Operation{
			payments.OpBalance, payments.OpWithdraw, payments.OpWithdrawalStatus, payments.OpVerifyWebhook,
		},
		Currencies:   []payments.Currency{payments.RUB},
		CardPayments: true,
		ThreeDS:      true,
		// /status takes "order", the merchant's order id, only.
		LookupByOrderID: true,
		// No receipts (PaymentReceipts, RefundReceipts): the SDKs send none.
		// MaxOrderIDLength stays zero: the SDKs document no limit on
		// "order" (github.com/Space-Around/client-payment-sdk-python; its
		// examples use 36-character UUIDs).
	}
}

// String implements fmt.Stringer without the secret.
func (p *Provider) String() string {
	return fmt.Sprintf("clientsdk.Provider{%+v}", p.cfg)
}

// GoString implements fmt.GoStringer without the secret.
func (p *Provider) GoString() string {
	return fmt.Sprintf("&clientsdk.Provider{cfg:%#v}", p.cfg)
}

// Format implements fmt.Formatter so that every verb prints the redacted
// form.
func (p *Provider) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, p.GoString())
		return
	}
	fmt.Fprint(f, p.String())
}

// LogValue implements slog.LogValuer without the secret.
func (p *Provider) LogValue() slog.Value {
	return slog.GroupValue(slog.String("provider", providerName), slog.Any("config", p.cfg))
}

func (p *Provider) now() time.Time { return p.cfg.Now() }
