package robokassa

import (
	"context"
	"errors"
	"os"
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// Registration returns the provider's configuration for package providers:
// the ROBOKASSA_* variables and the "robokassa" JSON section, each with its
// help line, and the function that opens a Provider from them.
func Registration() providerkit.Registration {
	return providerkit.Registration{
		Name:    Name,
		Summary: "Robokassa (robokassa.ru, robokassa.kz): payment links and forms, ResultURL notifications, OpStateExt, refunds, invoices",
		Fields:  fields(),
		Open:    open,
	}
}

func fields() []providerkit.Field {
	secret := func(key, env, help string, required bool) providerkit.Field {
		return providerkit.Field{Key: key, Env: env, Help: help, Secret: true, Required: required}
	}
	return []providerkit.Field{
		{Key: "merchant_login", Env: "ROBOKASSA_MERCHANT_LOGIN", Help: "the shop's identifier", Required: true},
		secret("password1", "ROBOKASSA_PASSWORD1", "Password #1: signs payment links and the Invoice API", true),
		secret("password2", "ROBOKASSA_PASSWORD2", "Password #2: verifies ResultURL notifications, signs OpStateExt", true),
		secret("password3", "ROBOKASSA_PASSWORD3", "Password #3: signs Refund API requests (no refunds without it)", false),
		secret("test_password1", "ROBOKASSA_TEST_PASSWORD1", "test Password #1: signs test payment links (required in test mode)", false),
		secret("test_password2", "ROBOKASSA_TEST_PASSWORD2", "test Password #2: verifies test notifications (required in test mode)", false),
		{Key: "test_mode", Env: "ROBOKASSA_TEST_MODE", Help: "make test payments, signed with the test passwords", Kind: providerkit.Bool, Default: "false"},
		{Key: "algorithm", Env: "ROBOKASSA_ALGORITHM", Help: "the shop's hash algorithm: " + algorithmNames(), Required: true},
		{Key: "refund_algorithm", Env: "ROBOKASSA_REFUND_ALGORITHM", Help: "the Refund API's JWT algorithm: HS256, HS384 or HS512", Default: "HS256"},
		{Key: "refund_body", Env: "ROBOKASSA_REFUND_BODY", Help: "how refund JWTs are sent: raw_jwt or json_string", Default: "raw_jwt"},
		{Key: "invoice_body", Env: "ROBOKASSA_INVOICE_BODY", Help: "how Invoice API JWTs are sent: json_string or raw_jwt", Default: "json_string"},
		{Key: "currency", Env: "ROBOKASSA_CURRENCY", Help: "the shop's currency: RUB or KZT", Default: "RUB"},
		{Key: "auth_url", Env: "ROBOKASSA_AUTH_URL", Help: "base URL of the payment interface (a sandbox's URL goes here)", Default: HostRU + "; " + HostKZ + " for KZT"},
		{Key: "services_url", Env: "ROBOKASSA_SERVICES_URL", Help: "base URL of the Invoice and Refund APIs", Default: HostServices},
		{Key: "culture", Env: "ROBOKASSA_CULTURE", Help: "default language of the payment page: ru, en, kk"},
		{Key: "post_form", Env: "ROBOKASSA_POST_FORM", Help: "make payments a form to POST instead of a GET link", Kind: providerkit.Bool, Default: "false"},
		{Key: "result_url2", Env: "ROBOKASSA_RESULT_URL2", Help: "default ResultUrl2 (JWS notification URL) of payments; holds need one"},
		{Key: "result_url2_certificates", Env: "ROBOKASSA_RESULT_URL2_CERTIFICATES", Help: "PEM certificates verifying ResultUrl2 notifications, for Robokassa's yearly rotation (public, not a secret)", Default: "the bundled 2026-2027 certificate"},
		{Key: "result_url2_certificates_path", Env: "ROBOKASSA_RESULT_URL2_CERTIFICATES_PATH", Help: "file holding those PEM certificates (instead of result_url2_certificates)"},
		{Key: "fiscal_url", Env: "ROBOKASSA_FISCAL_URL", Help: "base URL of RoboFiscal (receipts after payment)", Default: HostFiscal},
		{Key: "shop_url", Env: "ROBOKASSA_SHOP_URL", Help: "the shop's site, sent as the url of receipts after payment"},
		{Key: "receipt_encoding", Env: "ROBOKASSA_RECEIPT_ENCODING", Help: "how receipts are encoded: url_encoded or raw_json", Default: "url_encoded"},
	}
}

// open is the Registration's Open.
func open(_ context.Context, s providerkit.Settings) (payments.Provider, error) {
	cfg, err := configFrom(s)
	if err != nil {
		return nil, err
	}
	cfg.HTTPClient = s.HTTPClient
	cfg.Now = s.Now
	p, err := New(cfg)
	if err != nil {
		return nil, settingsError(s, err)
	}
	return p, nil
}

// configFrom returns the validated Config the settings describe (without
// an HTTP client). Errors name the setting and its variable.
func configFrom(s providerkit.Settings) (Config, error) {
	cfg := Config{
		MerchantLogin:   s.Text("merchant_login"),
		Password1:       s.Secret("password1"),
		Password2:       s.Secret("password2"),
		Password3:       s.Secret("password3"),
		TestPassword1:   s.Secret("test_password1"),
		TestPassword2:   s.Secret("test_password2"),
		TestMode:        s.Bool("test_mode"),
		RefundAlgorithm: asciiUpper(s.Text("refund_algorithm")),
		Culture:         s.Text("culture"),
		PostForm:        s.Bool("post_form"),
		ResultURL2:      s.Text("result_url2"),
	}
	if c := s.Text("currency"); c != "" {
		cur, err := payments.ParseCurrency(c)
		if err != nil {
			return Config{}, s.Invalid("currency", "must be an ISO 4217 currency code such as RUB or KZT, got "+quote(c), nil)
		}
		cfg.Currency = cur
	}
	if a := s.Text("algorithm"); a != "" {
		alg, err := ParseAlgorithm(a)
		if err != nil {
			return Config{}, s.Invalid("algorithm", "must be "+algorithmNames()+", got "+quote(a), nil)
		}
		cfg.Algorithm = alg
	}
	var ok bool
	if cfg.RefundBody, ok = bodyFormat(s.Text("refund_body")); !ok {
		return Config{}, s.Invalid("refund_body", `must be "raw_jwt" or "json_string", got `+quote(s.Text("refund_body")), nil)
	}
	if cfg.InvoiceBody, ok = bodyFormat(s.Text("invoice_body")); !ok {
		return Config{}, s.Invalid("invoice_body", `must be "raw_jwt" or "json_string", got `+quote(s.Text("invoice_body")), nil)
	}
	switch e := s.Text("receipt_encoding"); e {
	case "", "url_encoded":
		cfg.ReceiptEncoding = ReceiptURLEncoded
	case "raw_json":
		cfg.ReceiptEncoding = ReceiptRawJSON
	default:
		return Config{}, s.Invalid("receipt_encoding", `must be "url_encoded" or "raw_json", got `+quote(e), nil)
	}
	var err error
	if cfg.AuthURL, err = s.URL("auth_url", false); err != nil {
		return Config{}, err
	}
	if cfg.ServicesURL, err = s.URL("services_url", false); err != nil {
		return Config{}, err
	}
	if cfg.FiscalURL, err = s.URL("fiscal_url", false); err != nil {
		return Config{}, err
	}
	if cfg.ShopURL, err = s.URL("shop_url", false); err != nil {
		return Config{}, err
	}
	if cfg.ResultURL2Certificates, err = certificatesFrom(s); err != nil {
		return Config{}, err
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, settingsError(s, err)
	}
	return cfg, nil
}

// algorithmNames lists Algorithms: "MD5, ... or SHA512".
func algorithmNames() string {
	algs := Algorithms()
	names := make([]string, len(algs))
	for i, a := range algs {
		names[i] = string(a)
	}
	last := len(names) - 1
	return strings.Join(names[:last], ", ") + " or " + names[last]
}

func bodyFormat(s string) (BodyFormat, bool) {
	switch s {
	case "":
		return BodyDefault, true
	case "raw_jwt":
		return BodyRawJWT, true
	case "json_string":
		return BodyJSONString, true
	}
	return BodyDefault, false
}

// settingsError turns a *ConfigError into the error of the setting at
// fault, naming its key and variable.
func settingsError(s providerkit.Settings, err error) error {
	var ce *ConfigError
	if !errors.As(err, &ce) {
		return s.Invalid("config", "is invalid: "+err.Error(), err)
	}
	reason := ce.Reason
	switch {
	case strings.HasPrefix(reason, "required"):
		reason = "is " + reason
	case strings.HasPrefix(reason, "must"):
	default:
		reason = "is invalid: " + reason
	}
	return s.Invalid(providerkit.SnakeCase(ce.Field), reason, err)
}

// certificatesFrom returns the ResultUrl2 certificates of the settings:
// the PEM text of result_url2_certificates, or the content of the file
// result_url2_certificates_path names; not both. They are public, so the
// file variant is an ordinary setting named _path: a _file/_FILE variant is
// what secrets have, and help config offers it for secrets only.
func certificatesFrom(s providerkit.Settings) (string, error) {
	const key, fileKey = "result_url2_certificates", "result_url2_certificates_path"
	text, file := s.Text(key), s.Text(fileKey)
	if file == "" {
		return text, nil
	}
	if text != "" {
		return "", s.Invalid(fileKey, "must not be given with "+key, nil)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", s.Invalid(fileKey, "cannot be read", err)
	}
	return string(b), nil
}
