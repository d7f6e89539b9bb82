package tbank

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// Name is the provider's name: PAYMENTS_PROVIDER=tbank.
const Name = "tbank"

// DefaultBaseURL is T-Bank's production API (servers of «Прием платежей»,
// https://www.tbank.ru/kassa/dev/payments/index.html). DEMO terminals use
// it too; working terminals test on TestBaseURL.
const DefaultBaseURL = "https://securepay.tinkoff.ru/v2"

// TestBaseURL is T-Bank's test environment, reachable from allow-listed IP
// addresses only (https://developer.tbank.ru/eacq/intro/errors/test).
const TestBaseURL = "https://rest-api-test.tinkoff.ru/v2"

// Config configures a Provider. TerminalKey and Password are required.
type Config struct {
	// TerminalKey is the terminal's key (TerminalKey), sent with every
	// request; DEMO terminals' keys end in "DEMO".
	TerminalKey string
	// Password is the terminal's password: it signs requests and verifies
	// notifications (Token) and is never sent.
	Password payments.Secret
	// BaseURL is the API's base URL, up to and including /v2; empty means
	// DefaultBaseURL.
	BaseURL string
	// HTTPClient sends the requests; nil means a client with a 30-second
	// timeout.
	HTTPClient *http.Client `json:"-"`
	// RootCAs is PEM text of certificates to trust in addition to the
	// system's roots. T-Bank's API hosts present certificates issued under
	// the Russian Trusted Root CA (Минцифры,
	// https://developer.tbank.ru/eacq/intro/certificates/), which many
	// default trust stores lack; give that root here (it is published at
	// https://www.gosuslugi.ru/crt). Verification is never switched off.
	// With HTTPClient set, its Transport must be nil, an *http.Transport
	// or a providerkit.TransportWrapper (a wire log) over one.
	RootCAs string
	// Taxation is the shop's tax system (Receipt.Taxation: osn,
	// usn_income, usn_income_outcome, esn, patent), used for receipts
	// whose TaxSystem is empty. T-Bank requires one on every receipt.
	Taxation string
	// FFDVersion is the fiscal data format of receipts: "1.05" (the
	// default) or "1.2".
	FFDVersion string
	// MeasurementUnit is the unit of FFD 1.2 receipt lines whose
	// ReceiptItem.MeasurementUnit is empty (MeasurementUnit, tag 2108,
	// required in FFD 1.2); empty means "шт" (pieces). It follows the
	// rules of ReceiptItem.MeasurementUnit (payments.ValidateMeasurementUnit).
	MeasurementUnit string
}

// Validate reports the first problem of c, without repeating a secret.
func (c Config) Validate() error {
	switch {
	case c.TerminalKey == "":
		return payments.Errorf(payments.ErrInvalidRequest, "tbank: TerminalKey is required")
	case len(c.TerminalKey) > 64:
		return payments.Errorf(payments.ErrInvalidRequest, "tbank: TerminalKey is longer than 64 characters")
	case !c.Password.IsSet():
		return payments.Errorf(payments.ErrInvalidRequest, "tbank: Password is required")
	case c.Taxation != "" && !taxations[c.Taxation]:
		return payments.Errorf(payments.ErrInvalidRequest, "tbank: Taxation must be one of osn, usn_income, usn_income_outcome, esn, patent")
	case c.FFDVersion != "" && c.FFDVersion != "1.05" && c.FFDVersion != "1.2":
		return payments.Errorf(payments.ErrInvalidRequest, "tbank: FFDVersion must be 1.05 or 1.2")
	}
	if err := payments.ValidateMeasurementUnit(c.MeasurementUnit); err != nil {
		return payments.Errorf(payments.ErrInvalidRequest, "tbank: MeasurementUnit: %w", err)
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.User != nil {
			return payments.Errorf(payments.ErrInvalidRequest, "tbank: BaseURL must be an http(s) URL without a query")
		}
	}
	if c.RootCAs != "" {
		if !x509.NewCertPool().AppendCertsFromPEM([]byte(c.RootCAs)) {
			return payments.Errorf(payments.ErrInvalidRequest, "tbank: RootCAs holds no PEM certificate")
		}
	}
	return nil
}

// Provider is the T-Bank provider. It is safe for concurrent use.
type Provider struct {
	terminal string
	password payments.Secret
	base     string
	http     *http.Client
	ffd      string
	unit     string
	taxation string
}

// Compile-time checks of the interfaces the provider declares.
var (
	_ payments.Provider        = (*Provider)(nil)
	_ payments.Refunder        = (*Provider)(nil)
	_ payments.Capturer        = (*Provider)(nil)
	_ payments.Canceler        = (*Provider)(nil)
	_ payments.Charger         = (*Provider)(nil)
	_ payments.WebhookVerifier = (*Provider)(nil)
	_ payments.AccountNamer    = (*Provider)(nil)
)

// New returns a Provider for cfg, or the error of cfg.Validate.
func New(cfg Config) (*Provider, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	base := strings.TrimRight(cfg.BaseURL, "/")
	if base == "" {
		base = DefaultBaseURL
	}
	hc, err := httpClient(cfg)
	if err != nil {
		return nil, err
	}
	unit := cfg.MeasurementUnit
	if unit == "" {
		unit = "шт"
	}
	return &Provider{terminal: cfg.TerminalKey, password: cfg.Password, base: base, http: hc, ffd: cfg.FFDVersion, unit: unit, taxation: cfg.Taxation}, nil
}

// httpClient returns cfg's client, with cfg.RootCAs added to the system's
// roots when given.
func httpClient(cfg Config) (*http.Client, error) {
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	if cfg.RootCAs == "" {
		return hc, nil
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	pool.AppendCertsFromPEM([]byte(cfg.RootCAs))
	// The transport may be wrapped (a wire log): the roots go to the
	// *http.Transport underneath.
	tr, ok := providerkit.EditTransport(hc.Transport, func(t *http.Transport) {
		if t.TLSClientConfig == nil {
			t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
		}
		t.TLSClientConfig.RootCAs = pool
	})
	if !ok {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "tbank: RootCAs needs HTTPClient.Transport to be nil, an *http.Transport or a providerkit.TransportWrapper over one")
	}
	c := *hc
	c.Transport = tr
	return &c, nil
}

// Name returns "tbank".
func (p *Provider) Name() string { return Name }

// MerchantAccount is the TerminalKey: events of different terminals never
// share an identity.
func (p *Provider) MerchantAccount() string { return p.terminal }

// String describes the provider without its password.
func (p Provider) String() string { return "tbank.Provider{" + p.terminal + " " + p.base + "}" }

// GoString is String, for %#v.
func (p Provider) GoString() string { return p.String() }

// Format implements fmt.Formatter: every verb prints String.
func (p Provider) Format(f fmt.State, _ rune) { _, _ = fmt.Fprint(f, p.String()) }
