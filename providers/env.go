package providers

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"time"
)

// settingPrefix starts the variables of third-party Settings.
const settingPrefix = "PAYMENTS_SETTING_"

// envVar is one environment variable and how it sets a Config.
type envVar struct {
	name string
	set  func(c *Config, v string) error
}

func rk(c *Config) *RobokassaConfig {
	if c.Robokassa == nil {
		c.Robokassa = new(RobokassaConfig)
	}
	return c.Robokassa
}

func csdk(c *Config) *ClientSDKConfig {
	if c.ClientSDK == nil {
		c.ClientSDK = new(ClientSDKConfig)
	}
	return c.ClientSDK
}

func fk(c *Config) *FakeConfig {
	if c.Fake == nil {
		c.Fake = new(FakeConfig)
	}
	return c.Fake
}

func str(name string, field func(*Config) *string) envVar {
	return envVar{name, func(c *Config, v string) error { *field(c) = v; return nil }}
}

func boolean(name string, field func(*Config) *bool) envVar {
	return envVar{name, func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return &ConfigError{Field: name, Reason: "must be true or false (or 1 or 0), got " + quoteValue(v)}
		}
		*field(c) = b
		return nil
	}}
}

func integer[T int | int64](name string, field func(*Config) *T) envVar {
	return envVar{name, func(c *Config, v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 || int64(T(n)) != n {
			return &ConfigError{Field: name, Reason: "must be a non-negative integer, got " + quoteValue(v)}
		}
		*field(c) = T(n)
		return nil
	}}
}

func duration(name string, field func(*Config) *time.Duration) envVar {
	return envVar{name, func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return &ConfigError{Field: name, Reason: "must be a non-negative duration such as \"10s\", got " + quoteValue(v)}
		}
		*field(c) = d
		return nil
	}}
}

// envVars are the variables FromEnv reads, in the order of the package
// documentation, which lists every one of them.
var envVars = []envVar{
	str("PAYMENTS_PROVIDER", func(c *Config) *string { return &c.Provider }),
	duration("PAYMENTS_TIMEOUT", func(c *Config) *time.Duration { return &c.Options.Timeout }),
	integer("PAYMENTS_RETRY_MAX_ATTEMPTS", func(c *Config) *int { return &c.Options.RetryMaxAttempts }),
	duration("PAYMENTS_RETRY_INITIAL_DELAY", func(c *Config) *time.Duration { return &c.Options.RetryInitialDelay }),
	duration("PAYMENTS_RETRY_MAX_DELAY", func(c *Config) *time.Duration { return &c.Options.RetryMaxDelay }),
	integer("PAYMENTS_MAX_WEBHOOK_BYTES", func(c *Config) *int64 { return &c.Options.MaxWebhookBytes }),

	str("ROBOKASSA_MERCHANT_LOGIN", func(c *Config) *string { return &rk(c).MerchantLogin }),
	str("ROBOKASSA_PASSWORD1", func(c *Config) *string { return &rk(c).Password1 }),
	str("ROBOKASSA_PASSWORD1_FILE", func(c *Config) *string { return &rk(c).Password1File }),
	str("ROBOKASSA_PASSWORD2", func(c *Config) *string { return &rk(c).Password2 }),
	str("ROBOKASSA_PASSWORD2_FILE", func(c *Config) *string { return &rk(c).Password2File }),
	str("ROBOKASSA_PASSWORD3", func(c *Config) *string { return &rk(c).Password3 }),
	str("ROBOKASSA_PASSWORD3_FILE", func(c *Config) *string { return &rk(c).Password3File }),
	str("ROBOKASSA_TEST_PASSWORD1", func(c *Config) *string { return &rk(c).TestPassword1 }),
	str("ROBOKASSA_TEST_PASSWORD1_FILE", func(c *Config) *string { return &rk(c).TestPassword1File }),
	str("ROBOKASSA_TEST_PASSWORD2", func(c *Config) *string { return &rk(c).TestPassword2 }),
	str("ROBOKASSA_TEST_PASSWORD2_FILE", func(c *Config) *string { return &rk(c).TestPassword2File }),
	boolean("ROBOKASSA_TEST_MODE", func(c *Config) *bool { return &rk(c).TestMode }),
	str("ROBOKASSA_ALGORITHM", func(c *Config) *string { return &rk(c).Algorithm }),
	str("ROBOKASSA_REFUND_ALGORITHM", func(c *Config) *string { return &rk(c).RefundAlgorithm }),
	str("ROBOKASSA_REFUND_BODY", func(c *Config) *string { return &rk(c).RefundBody }),
	str("ROBOKASSA_INVOICE_BODY", func(c *Config) *string { return &rk(c).InvoiceBody }),
	str("ROBOKASSA_CURRENCY", func(c *Config) *string { return &rk(c).Currency }),
	str("ROBOKASSA_AUTH_URL", func(c *Config) *string { return &rk(c).AuthURL }),
	str("ROBOKASSA_SERVICES_URL", func(c *Config) *string { return &rk(c).ServicesURL }),
	str("ROBOKASSA_CULTURE", func(c *Config) *string { return &rk(c).Culture }),
	boolean("ROBOKASSA_POST_FORM", func(c *Config) *bool { return &rk(c).PostForm }),
	str("ROBOKASSA_RECEIPT_ENCODING", func(c *Config) *string { return &rk(c).ReceiptEncoding }),

	str("CLIENTSDK_BASE_URL", func(c *Config) *string { return &csdk(c).BaseURL }),
	str("CLIENTSDK_MERCHANT_ID", func(c *Config) *string { return &csdk(c).MerchantID }),
	str("CLIENTSDK_PRODUCT_ID", func(c *Config) *string { return &csdk(c).ProductID }),
	str("CLIENTSDK_SECRET", func(c *Config) *string { return &csdk(c).Secret }),
	str("CLIENTSDK_SECRET_FILE", func(c *Config) *string { return &csdk(c).SecretFile }),
	str("CLIENTSDK_NOTIFICATION_PATH", func(c *Config) *string { return &csdk(c).NotificationPath }),
	str("CLIENTSDK_NOTIFICATION_URL", func(c *Config) *string { return &csdk(c).NotificationURL }),

	str("PAYMENTS_FAKE_WEBHOOK_SECRET", func(c *Config) *string { return &fk(c).WebhookSecret }),
	str("PAYMENTS_FAKE_WEBHOOK_SECRET_FILE", func(c *Config) *string { return &fk(c).WebhookSecretFile }),
	boolean("PAYMENTS_FAKE_UNSAFE_PUBLIC_WEBHOOK_SECRET", func(c *Config) *bool { return &fk(c).UnsafePublicWebhookSecret }),
	str("PAYMENTS_FAKE_MERCHANT_ID", func(c *Config) *string { return &fk(c).MerchantID }),
	{"PAYMENTS_FAKE_CURRENCIES", func(c *Config, v string) error {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				fk(c).Currencies = append(fk(c).Currencies, s)
			}
		}
		return nil
	}},
	str("PAYMENTS_FAKE_PAY_URL", func(c *Config) *string { return &fk(c).PayURL }),

	{"PAYMENTS_SETTINGS", nil}, // handled by fromSettingsEnv
}

// EnvNames returns the names of the environment variables [FromEnv] reads,
// in the order of the package documentation, without the per-key
// PAYMENTS_SETTING_<KEY> and PAYMENTS_SETTING_<KEY>_FILE variables named by
// PAYMENTS_SETTINGS.
func EnvNames() []string {
	names := make([]string, len(envVars))
	for i, v := range envVars {
		names[i] = v.name
	}
	return names
}

// FromEnv decodes a Config from environment variables, read with getenv
// (os.Getenv, or a map lookup in tests); an empty value is the same as an
// unset one. A provider's section is present when any of its variables is
// set, so one environment may carry several and PAYMENTS_PROVIDER alone
// chooses. The variables are listed in the package documentation.
//
// FromEnv checks only that each value parses (booleans, integers,
// durations, setting keys); everything else, secret files included, is
// checked by [Open]. It returns every malformed variable, joined, as
// *ConfigError values that name the variable and never repeat a secret.
func FromEnv(getenv func(string) string) (Config, error) {
	var c Config
	var errs []error
	for _, v := range envVars {
		if v.set == nil {
			continue
		}
		if s := getenv(v.name); s != "" {
			if err := v.set(&c, s); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if err := fromSettingsEnv(&c, getenv); err != nil {
		errs = append(errs, err)
	}
	return c, errors.Join(errs...)
}

// LoadEnv is FromEnv(os.Getenv).
func LoadEnv() (Config, error) {
	return FromEnv(os.Getenv)
}

// fromSettingsEnv reads the Settings named by PAYMENTS_SETTINGS, a
// comma-separated list of snake_case keys: key "api_key" comes from
// PAYMENTS_SETTING_API_KEY, or from the file named by
// PAYMENTS_SETTING_API_KEY_FILE (kept as the key "api_key_file").
func fromSettingsEnv(c *Config, getenv func(string) string) error {
	list := getenv("PAYMENTS_SETTINGS")
	if list == "" {
		return nil
	}
	for _, key := range strings.Split(list, ",") {
		key = strings.TrimSpace(key)
		if key == "" {
			continue
		}
		if !validSettingKey(key) {
			return &ConfigError{Field: "PAYMENTS_SETTINGS", Reason: "has key " + quote(key) + "; keys are lower-case letters, digits and '_', starting with a letter"}
		}
		for _, k := range []string{key, key + "_file"} {
			if v := getenv(envName(settingPrefix, k)); v != "" {
				if c.Settings == nil {
					c.Settings = make(map[string]string)
				}
				c.Settings[k] = v
			}
		}
	}
	return nil
}

func validSettingKey(k string) bool {
	if k == "" || k[0] < 'a' || k[0] > 'z' {
		return false
	}
	return !strings.ContainsFunc(k, func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_'
	})
}

// quoteValue quotes a malformed value for an error, cut to 40 bytes: the
// variables that are parsed hold no secrets, but a value pasted into the
// wrong variable might.
func quoteValue(v string) string {
	if len(v) > 40 {
		return quote(v[:40]) + "..."
	}
	return quote(v)
}
