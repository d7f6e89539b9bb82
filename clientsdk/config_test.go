package clientsdk

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/paykit/payments"
)

func TestConfigValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		edit      func(*Config)
		wantField string // "" means valid
	}{
		{name: "valid", edit: func(*Config) {}},
		{name: "default base URL", edit: func(c *Config) { c.BaseURL = "" }},
		{name: "path from notification URL", edit: func(c *Config) { c.NotificationPath = "" }},
		{name: "path without notification URL", edit: func(c *Config) { c.NotificationURL = "" }},
		{name: "bad base URL", edit: func(c *Config) { c.BaseURL = "sbank.gogo.vc" }, wantField: "BaseURL"},
		{name: "base URL with query", edit: func(c *Config) { c.BaseURL = "https://sbank.gogo.vc/?x=1" }, wantField: "BaseURL"},
		{name: "missing merchant", edit: func(c *Config) { c.MerchantID = "" }, wantField: "MerchantID"},
		{name: "merchant with a quote", edit: func(c *Config) { c.MerchantID = `1"3` }, wantField: "MerchantID"},
		{name: "missing product", edit: func(c *Config) { c.ProductID = "" }, wantField: "ProductID"},
		{name: "missing secret", edit: func(c *Config) { c.Secret = "" }, wantField: "Secret"},
		{name: "no notification path at all", edit: func(c *Config) { c.NotificationPath, c.NotificationURL = "", "" }, wantField: "NotificationPath"},
		{name: "relative notification path", edit: func(c *Config) { c.NotificationPath = "webhooks" }, wantField: "NotificationPath"},
		{name: "notification path with query", edit: func(c *Config) { c.NotificationPath = "/webhooks?x" }, wantField: "NotificationPath"},
		{name: "notification path with a quote", edit: func(c *Config) { c.NotificationPath, c.NotificationURL = `/web"hooks`, "" }, wantField: "NotificationPath"},
		{name: "notification URL not absolute", edit: func(c *Config) { c.NotificationURL = "/webhooks" }, wantField: "NotificationURL"},
		{name: "notification URL on another path", edit: func(c *Config) { c.NotificationURL = "https://shop.example/hooks" }, wantField: "NotificationURL"},
		{name: "base URL with credentials", edit: func(c *Config) { c.BaseURL = "https://m:Url-secret-9@sbank.gogo.vc" }, wantField: "BaseURL"},
		{name: "notification URL with a token, not absolute", edit: func(c *Config) { c.NotificationURL = "/webhooks?token=Url-secret-9" }, wantField: "NotificationURL"},
		{name: "negative timeout", edit: func(c *Config) { c.Timeout = -time.Second }, wantField: "Timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := testConfig(httpmock.NewMockTransport())
			tt.edit(&cfg)
			err := cfg.Validate()
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				if _, err := New(cfg); err != nil {
					t.Fatalf("New = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, payments.ErrInvalidRequest) || !strings.Contains(err.Error(), tt.wantField) {
				t.Fatalf("Validate = %v, want an invalid-request error naming %s", err, tt.wantField)
			}
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Field != tt.wantField || !errors.Is(ce, payments.ErrInvalidRequest) {
				t.Fatalf("Validate = %v, want a *ConfigError of field %s wrapping ErrInvalidRequest", err, tt.wantField)
			}
			var pe *payments.Error
			if !errors.As(err, &pe) || pe.Err != ce || err.Error() != "payments: clientsdk: invalid request: config: "+ce.Reason {
				t.Errorf("Validate = %q, want a *payments.Error with the *ConfigError as its cause", err)
			}
			if strings.Contains(err.Error(), testSecret) || strings.Contains(err.Error(), "Url-secret-9") {
				t.Errorf("error %q shows a secret", err)
			}
			if _, err := New(cfg); err == nil {
				t.Fatal("New accepted an invalid config")
			}
		})
	}
}

// TestConfigErrorText pins the text of a validation error, which
// package providers shows to operators.
func TestConfigErrorText(t *testing.T) {
	t.Parallel()
	cfg := testConfig(nil)
	cfg.NotificationPath = "/hooks"
	err := cfg.Validate()
	const want = `payments: clientsdk: invalid request: config: NotificationURL's path "/webhooks" is not NotificationPath "/hooks": webhooks would not verify`
	if err == nil || err.Error() != want {
		t.Errorf("Validate = %v\nwant       %s", err, want)
	}
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Field != "NotificationURL" {
		t.Errorf("Validate = %v, want a *ConfigError of field NotificationURL", err)
	}
}

func TestNewDefaults(t *testing.T) {
	t.Parallel()
	cfg := testConfig(nil)
	cfg.BaseURL, cfg.HTTPClient, cfg.NotificationPath = "", nil, ""
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if p.baseURL != DefaultBaseURL {
		t.Errorf("base URL %q, want %q", p.baseURL, DefaultBaseURL)
	}
	if p.client.Timeout != DefaultTimeout {
		t.Errorf("timeout %v, want %v", p.client.Timeout, DefaultTimeout)
	}
	if p.notifPath != "/webhooks" {
		t.Errorf("notification path %q, want the path of NotificationURL", p.notifPath)
	}
	// A caller's client keeps its own timeout, and is not modified.
	own := &http.Client{Timeout: 5 * time.Second}
	cfg.HTTPClient, cfg.Timeout = own, time.Minute
	if p, err = New(cfg); err != nil {
		t.Fatal(err)
	}
	if p.client.Timeout != 5*time.Second || own.CheckRedirect != nil {
		t.Errorf("client timeout %v (want 5s), caller's CheckRedirect set: %v", p.client.Timeout, own.CheckRedirect != nil)
	}
	// A client without a timeout gets Timeout.
	cfg.HTTPClient = &http.Client{}
	if p, err = New(cfg); err != nil {
		t.Fatal(err)
	}
	if p.client.Timeout != time.Minute {
		t.Errorf("client timeout %v, want 1m", p.client.Timeout)
	}
}

// TestSecretNeverPrints formats a Config and a Provider every way an app
// might log them.
func TestSecretNeverPrints(t *testing.T) {
	t.Parallel()
	cfg := testConfig(httpmock.NewMockTransport())
	cfg.Secret = "s3cr3t-value-aa21"
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{cfg, &cfg, p} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
			if out := fmt.Sprintf(verb, v); strings.Contains(out, cfg.Secret.Reveal()) || strings.Contains(out, fmt.Sprintf("%x", cfg.Secret.Reveal())) {
				t.Errorf("%s of %T shows the secret: %s", verb, v, out)
			}
		}
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("config", "v", v)
		slog.New(slog.NewTextHandler(&buf, nil)).Info("config", "v", v)
		if strings.Contains(buf.String(), cfg.Secret.Reveal()) {
			t.Errorf("slog of %T shows the secret: %s", v, buf.String())
		}
		if !strings.Contains(buf.String(), "13") {
			t.Errorf("slog of %T lost the merchant id: %s", v, buf.String())
		}
	}
	if s := fmt.Sprint(cfg); !strings.Contains(s, payments.Redacted) {
		t.Errorf("Sprint = %s, want the secret marked %s", s, payments.Redacted)
	}
}

func TestCapabilities(t *testing.T) {
	t.Parallel()
	p, _ := newTestProvider(t)
	caps := p.Capabilities()
	for _, op := range []payments.Operation{payments.OpBalance, payments.OpWithdraw, payments.OpWithdrawalStatus, payments.OpVerifyWebhook} {
		if !caps.Supports(op) {
			t.Errorf("%s not declared", op)
		}
	}
	if caps.Supports(payments.OpRefund) || caps.Supports(payments.OpRefundStatus) {
		t.Error("refunds declared; the API has none")
	}
	if _, ok := any(p).(payments.Refunder); ok {
		t.Error("*Provider implements payments.Refunder")
	}
	if !caps.CardPayments || !caps.ThreeDS || caps.PaymentReceipts || caps.RefundReceipts || caps.MaxOrderIDLength != 0 || caps.Metadata || caps.MaxDescription != 0 {
		t.Errorf("capabilities %+v", caps)
	}
	if !caps.LookupByOrderID || caps.LookupByPaymentID {
		t.Errorf("lookups by order id %v, by payment id %v; want by order id only (/status takes order)", caps.LookupByOrderID, caps.LookupByPaymentID)
	}
	if !caps.SupportsCurrency(payments.RUB) || len(caps.Currencies) != 1 {
		t.Errorf("currencies %v, want RUB only", caps.Currencies)
	}
	c, err := payments.New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Refund(t.Context(), &payments.RefundRequest{OrderID: "1002", Reference: "r-1"})
	if !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Refund = %v, want errors.ErrUnsupported", err)
	}
}
