package robokassa

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/paykit/payments"
)

func TestConfigValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		field string
		mod   func(*Config)
	}{
		{"MerchantLogin", func(c *Config) { c.MerchantLogin = "" }},
		{"MerchantLogin", func(c *Config) { c.MerchantLogin = "shop:x" }},
		{"MerchantLogin", func(c *Config) { c.MerchantLogin = "my shop" }},
		{"Password1", func(c *Config) { c.Password1 = "" }},
		{"Password2", func(c *Config) { c.Password2 = "" }},
		{"TestPassword1", func(c *Config) { c.TestMode = true; c.TestPassword1 = "" }},
		{"TestPassword2", func(c *Config) { c.TestMode = true; c.TestPassword2 = "" }},
		{"Algorithm", func(c *Config) { c.Algorithm = "" }},
		{"Algorithm", func(c *Config) { c.Algorithm = "md5" }}, // names are exact; ParseAlgorithm is lenient
		{"Algorithm", func(c *Config) { c.Algorithm = "GOST" }},
		{"RefundAlgorithm", func(c *Config) { c.RefundAlgorithm = "SHA256" }}, // HS256/384/512 only (https://docs.robokassa.ru/ru/refund-api)
		{"RefundAlgorithm", func(c *Config) { c.RefundAlgorithm = "MD5" }},
		{"RefundBody", func(c *Config) { c.RefundBody = 9 }},
		{"InvoiceBody", func(c *Config) { c.InvoiceBody = -1 }},
		{"ReceiptEncoding", func(c *Config) { c.ReceiptEncoding = 5 }},
		{"Currency", func(c *Config) { c.Currency = payments.USD }},
		{"AuthURL", func(c *Config) { c.AuthURL = "auth.robokassa.ru" }},
		{"AuthURL", func(c *Config) { c.AuthURL = "https://auth.robokassa.ru/?x=1" }},
		{"ServicesURL", func(c *Config) { c.ServicesURL = "ftp://services.robokassa.ru" }},
		{"ServicesURL", func(c *Config) { c.ServicesURL = "https://shop:Url-secret-9@services.robokassa.ru" }},
		{"Culture", func(c *Config) { c.Culture = "r u" }},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			t.Parallel()
			cfg := goldenConfig()
			tt.mod(&cfg)
			err := cfg.Validate()
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Field != tt.field {
				t.Fatalf("Validate() = %v, want a ConfigError on %s", err, tt.field)
			}
			if !errors.Is(err, payments.ErrInvalidRequest) || !strings.HasPrefix(err.Error(), "robokassa: invalid config: "+tt.field) {
				t.Errorf("error %q", err)
			}
			if strings.Contains(err.Error(), "Url-secret-9") {
				t.Errorf("error %q shows the URL's password", err)
			}
			if _, err := New(cfg); !errors.As(err, &ce) {
				t.Errorf("New accepted the config")
			}
		})
	}
	cfg := goldenConfig()
	cfg.Password3 = ""
	if err := cfg.Validate(); err != nil {
		t.Errorf("Password3 is optional: %v", err)
	}
}

func TestParseAlgorithm(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Algorithm{"md5": MD5, "RIPEMD160": RIPEMD160, "ripemd160": RIPEMD160, "sha1": SHA1, "SHA-256": SHA256, "sha384": SHA384, "Sha512": SHA512} {
		if got, err := ParseAlgorithm(in); err != nil || got != want {
			t.Errorf("ParseAlgorithm(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "sha3", "crc32", "HS256"} {
		if _, err := ParseAlgorithm(in); err == nil {
			t.Errorf("ParseAlgorithm(%q) accepted", in)
		}
	}
	if Algorithm("x").New() != nil || Algorithm("x").Valid() {
		t.Error("unknown algorithm has a hash")
	}
}

// Passwords never print: not through fmt with any verb, %#v, slog, nor
// nested in another struct, and not from the Provider either.
func TestSecretsRedacted(t *testing.T) {
	t.Parallel()
	cfg := goldenConfig()
	p := newProvider(t, nil, nil)
	secrets := []string{goldenPass1, goldenPass2, goldenPass3, goldenTest1, goldenTest2}
	var outs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d", "%T %v"} {
		outs = append(outs, fmt.Sprintf(verb, cfg), fmt.Sprintf(verb, &cfg), fmt.Sprintf(verb, p))
	}
	type wrapper struct {
		C Config
		P *Provider
	}
	outs = append(outs, fmt.Sprintf("%+v", wrapper{cfg, p}), fmt.Sprintf("%#v", wrapper{cfg, p}), fmt.Sprint(cfg), fmt.Sprintf("%#v", cfg), p.String(), p.GoString())
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("config", "cfg", cfg, "provider", p)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("config", "cfg", cfg)
	outs = append(outs, buf.String())
	// encoding/json, alone and in a struct, with a client set.
	withClient := cfg
	withClient.HTTPClient = &http.Client{}
	for _, v := range []any{cfg, &cfg, wrapper{cfg, p}, withClient} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Errorf("json.Marshal(%T): %v", v, err)
		}
		outs = append(outs, string(b))
		if _, ok := v.(Config); ok && (!strings.Contains(string(b), `"merchant_login":"golden-shop"`) || !strings.Contains(string(b), `"password2":"[redacted]"`)) {
			t.Errorf("json.Marshal(Config) = %s", b)
		}
	}
	for _, out := range outs {
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("output leaks %q: %s", s, out)
			}
		}
	}
	if !strings.Contains(buf.String(), `"merchant_login":"golden-shop"`) || !strings.Contains(buf.String(), `"password1":"[redacted]"`) {
		t.Errorf("log = %s", buf.String())
	}
	// Errors never carry a password either, even on a signature mismatch.
	_, err := p.VerifyResultURL(signed(resultForm(), "10.000000:19:wrong:Shp_order=42"))
	for _, s := range secrets {
		if err == nil || strings.Contains(err.Error(), s) {
			t.Errorf("error %v leaks or is nil", err)
		}
	}
}

// Without an HTTP client of its own, the provider uses one with a timeout
// (never http.DefaultClient, which has none).
func TestDefaultHTTPClientHasTimeout(t *testing.T) {
	t.Parallel()
	c := Config{MerchantLogin: "golden-shop", Password1: "Pass1_golden8", Password2: "Pass2_golden8", Algorithm: MD5}.withDefaults()
	if c.HTTPClient == nil || c.HTTPClient == http.DefaultClient || c.HTTPClient.Timeout != DefaultTimeout {
		t.Errorf("default HTTP client %+v, want one with a %v timeout", c.HTTPClient, DefaultTimeout)
	}
}
