package providers

import (
	"context"
	"errors"
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/robokassa"
)

// robokassaPrefix starts the environment variables of the robokassa section.
const robokassaPrefix = "ROBOKASSA_"

// RobokassaConfig is the "robokassa" section: the settings of
// robokassa.Config as text. Each secret is given inline or as the path of a
// file holding it (the *File fields), not both. It never prints a secret.
type RobokassaConfig struct {
	// MerchantLogin is the shop's identifier. Required.
	MerchantLogin string `json:"merchant_login"`
	// Password1 signs payment links. Required (or Password1File).
	Password1 string `json:"password1,omitempty"`
	// Password1File is the path of a file holding Password1.
	Password1File string `json:"password1_file,omitempty"`
	// Password2 verifies ResultURL notifications and signs OpStateExt.
	// Required (or Password2File).
	Password2 string `json:"password2,omitempty"`
	// Password2File is the path of a file holding Password2.
	Password2File string `json:"password2_file,omitempty"`
	// Password3 signs Refund API requests; without it there are no refunds.
	Password3 string `json:"password3,omitempty"`
	// Password3File is the path of a file holding Password3.
	Password3File string `json:"password3_file,omitempty"`
	// TestPassword1 signs test payment links; required in test mode.
	TestPassword1 string `json:"test_password1,omitempty"`
	// TestPassword1File is the path of a file holding TestPassword1.
	TestPassword1File string `json:"test_password1_file,omitempty"`
	// TestPassword2 verifies test notifications; required in test mode.
	TestPassword2 string `json:"test_password2,omitempty"`
	// TestPassword2File is the path of a file holding TestPassword2.
	TestPassword2File string `json:"test_password2_file,omitempty"`
	// TestMode makes payments test payments, signed with the test passwords.
	TestMode bool `json:"test_mode,omitempty"`
	// Algorithm is the shop's hash algorithm: MD5, RIPEMD160, SHA1, SHA256,
	// SHA384 or SHA512 (any case, "sha-256" too). Required.
	Algorithm string `json:"algorithm"`
	// RefundAlgorithm is the Refund API's JWT algorithm: HS256 (default),
	// HS384 or HS512.
	RefundAlgorithm string `json:"refund_algorithm,omitempty"`
	// RefundBody is how refund JWTs are sent: "raw_jwt" (default) or
	// "json_string".
	RefundBody string `json:"refund_body,omitempty"`
	// InvoiceBody is how Invoice API JWTs are sent: "json_string"
	// (default) or "raw_jwt".
	InvoiceBody string `json:"invoice_body,omitempty"`
	// Currency is the shop's currency: RUB (default) or KZT.
	Currency string `json:"currency,omitempty"`
	// AuthURL is the base URL of the payment interface; empty means
	// robokassa.HostRU (HostKZ for KZT). A sandbox's URL goes here.
	AuthURL string `json:"auth_url,omitempty"`
	// ServicesURL is the base URL of the Invoice and Refund APIs; empty
	// means robokassa.HostServices.
	ServicesURL string `json:"services_url,omitempty"`
	// Culture is the default language of the payment page ("ru", "en").
	Culture string `json:"culture,omitempty"`
	// PostForm makes payments a form to POST instead of a GET link.
	PostForm bool `json:"post_form,omitempty"`
	// ReceiptEncoding is how receipts are encoded: "url_encoded" (default)
	// or "raw_json".
	ReceiptEncoding string `json:"receipt_encoding,omitempty"`
}

// secrets lists the section's secrets; see sectionSecret.
func (c *RobokassaConfig) secrets() []sectionSecret {
	return []sectionSecret{
		{"password1", &c.Password1, &c.Password1File},
		{"password2", &c.Password2, &c.Password2File},
		{"password3", &c.Password3, &c.Password3File},
		{"test_password1", &c.TestPassword1, &c.TestPassword1File},
		{"test_password2", &c.TestPassword2, &c.TestPassword2File},
	}
}

// ProviderConfig reads the secret files, checks the section and returns the
// robokassa.Config it describes, validated (without an HTTP client: set
// HTTPClient before robokassa.New). Errors are *ConfigError values naming
// the field and its environment variable.
func (c *RobokassaConfig) ProviderConfig() (robokassa.Config, error) {
	const name = robokassa.Name
	bad := func(key, reason string) error {
		return &ConfigError{Provider: name, Field: key, Env: envName(robokassaPrefix, key), Reason: reason}
	}
	s := *c // with the secrets read from their files
	if err := resolveSecrets(s.secrets(), name, robokassaPrefix); err != nil {
		return robokassa.Config{}, err
	}
	rc := robokassa.Config{
		MerchantLogin:   c.MerchantLogin,
		Password1:       s.Password1,
		Password2:       s.Password2,
		Password3:       s.Password3,
		TestPassword1:   s.TestPassword1,
		TestPassword2:   s.TestPassword2,
		TestMode:        c.TestMode,
		RefundAlgorithm: strings.ToUpper(c.RefundAlgorithm),
		Currency:        payments.Currency(strings.ToUpper(c.Currency)),
		AuthURL:         c.AuthURL,
		ServicesURL:     c.ServicesURL,
		Culture:         c.Culture,
		PostForm:        c.PostForm,
	}
	if c.Algorithm != "" {
		a, err := robokassa.ParseAlgorithm(c.Algorithm)
		if err != nil {
			return robokassa.Config{}, bad("algorithm", "must be "+algorithmNames()+", got "+quote(c.Algorithm))
		}
		rc.Algorithm = a
	}
	var ok bool
	if rc.RefundBody, ok = bodyFormat(c.RefundBody); !ok {
		return robokassa.Config{}, bad("refund_body", `must be "raw_jwt" or "json_string", got `+quote(c.RefundBody))
	}
	if rc.InvoiceBody, ok = bodyFormat(c.InvoiceBody); !ok {
		return robokassa.Config{}, bad("invoice_body", `must be "raw_jwt" or "json_string", got `+quote(c.InvoiceBody))
	}
	switch c.ReceiptEncoding {
	case "", "url_encoded":
		rc.ReceiptEncoding = robokassa.ReceiptURLEncoded
	case "raw_json":
		rc.ReceiptEncoding = robokassa.ReceiptRawJSON
	default:
		return robokassa.Config{}, bad("receipt_encoding", `must be "url_encoded" or "raw_json", got `+quote(c.ReceiptEncoding))
	}
	if err := checkURL(name, robokassaPrefix, "auth_url", c.AuthURL, false); err != nil {
		return robokassa.Config{}, err
	}
	if err := checkURL(name, robokassaPrefix, "services_url", c.ServicesURL, false); err != nil {
		return robokassa.Config{}, err
	}
	if err := rc.Validate(); err != nil {
		return robokassa.Config{}, robokassaError(err)
	}
	return rc, nil
}

// algorithmNames lists robokassa.Algorithms: "MD5, ... or SHA512".
func algorithmNames() string {
	algs := robokassa.Algorithms()
	names := make([]string, len(algs))
	for i, a := range algs {
		names[i] = string(a)
	}
	last := len(names) - 1
	return strings.Join(names[:last], ", ") + " or " + names[last]
}

func bodyFormat(s string) (robokassa.BodyFormat, bool) {
	switch s {
	case "":
		return robokassa.BodyDefault, true
	case "raw_jwt":
		return robokassa.BodyRawJWT, true
	case "json_string":
		return robokassa.BodyJSONString, true
	}
	return robokassa.BodyDefault, false
}

// robokassaError turns the provider's *robokassa.ConfigError into a
// *ConfigError naming the section's key and variable.
func robokassaError(err error) error {
	var ce *robokassa.ConfigError
	if !errors.As(err, &ce) {
		return &ConfigError{Provider: robokassa.Name, Field: "config", Reason: "is invalid: " + err.Error(), Err: err}
	}
	key := snakeCase(ce.Field)
	reason := ce.Reason
	switch {
	case strings.HasPrefix(reason, "required"):
		reason = "is " + reason
	case strings.HasPrefix(reason, "must"):
	default:
		reason = "is invalid: " + reason
	}
	return &ConfigError{Provider: robokassa.Name, Field: key, Env: envName(robokassaPrefix, key), Reason: reason, Err: err}
}

// openRobokassa is the Opener of "robokassa".
func openRobokassa(_ context.Context, cfg Config) (payments.Provider, error) {
	if cfg.Robokassa == nil {
		return nil, missingSection(robokassa.Name, robokassaPrefix)
	}
	rc, err := cfg.Robokassa.ProviderConfig()
	if err != nil {
		return nil, err
	}
	rc.HTTPClient = cfg.Options.HTTPClient
	p, err := robokassa.New(rc)
	if err != nil {
		return nil, robokassaError(err)
	}
	return p, nil
}

// missingSection is the error for a provider chosen without its section.
func missingSection(name, prefix string) error {
	return &ConfigError{Provider: name, Field: name, Reason: "section is missing: give a \"" + name + "\" object or " + prefix + "* variables"}
}
