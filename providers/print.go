package providers

import (
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
)

// fields writes "Name:value" pairs in Go syntax, for String and GoString.
type fields struct {
	b strings.Builder
	n int
}

func (f *fields) raw(name, v string) {
	if f.n > 0 {
		f.b.WriteString(", ")
	}
	f.n++
	f.b.WriteString(name)
	f.b.WriteByte(':')
	f.b.WriteString(v)
}

func (f *fields) str(name, v string)    { f.raw(name, strconv.Quote(v)) }
func (f *fields) secret(name, v string) { f.raw(name, strconv.Quote(redact(v))) }
func (f *fields) boolean(name string, v bool) {
	f.raw(name, strconv.FormatBool(v))
}

func (f *fields) wrap(typ string) string { return typ + "{" + f.b.String() + "}" }

// String describes the section in Go syntax with every password redacted.
func (c RobokassaConfig) String() string {
	var f fields
	f.str("MerchantLogin", c.MerchantLogin)
	f.secret("Password1", c.Password1)
	f.str("Password1File", c.Password1File)
	f.secret("Password2", c.Password2)
	f.str("Password2File", c.Password2File)
	f.secret("Password3", c.Password3)
	f.str("Password3File", c.Password3File)
	f.secret("TestPassword1", c.TestPassword1)
	f.str("TestPassword1File", c.TestPassword1File)
	f.secret("TestPassword2", c.TestPassword2)
	f.str("TestPassword2File", c.TestPassword2File)
	f.boolean("TestMode", c.TestMode)
	f.str("Algorithm", c.Algorithm)
	f.str("RefundAlgorithm", c.RefundAlgorithm)
	f.str("RefundBody", c.RefundBody)
	f.str("InvoiceBody", c.InvoiceBody)
	f.str("Currency", c.Currency)
	f.str("AuthURL", c.AuthURL)
	f.str("ServicesURL", c.ServicesURL)
	f.str("Culture", c.Culture)
	f.boolean("PostForm", c.PostForm)
	f.str("ReceiptEncoding", c.ReceiptEncoding)
	return f.wrap("providers.RobokassaConfig")
}

// GoString is String: passwords never print, not even with %#v.
func (c RobokassaConfig) GoString() string { return c.String() }

// Format implements fmt.Formatter so that every verb prints the redacted
// form.
func (c RobokassaConfig) Format(s fmt.State, _ rune) { _, _ = io.WriteString(s, c.String()) }

// LogValue implements slog.LogValuer with every password redacted.
func (c RobokassaConfig) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("merchant_login", c.MerchantLogin),
		slog.String("password1", redact(c.Password1)),
		slog.String("password1_file", c.Password1File),
		slog.String("password2", redact(c.Password2)),
		slog.String("password2_file", c.Password2File),
		slog.String("password3", redact(c.Password3)),
		slog.String("password3_file", c.Password3File),
		slog.String("test_password1", redact(c.TestPassword1)),
		slog.String("test_password1_file", c.TestPassword1File),
		slog.String("test_password2", redact(c.TestPassword2)),
		slog.String("test_password2_file", c.TestPassword2File),
		slog.Bool("test_mode", c.TestMode),
		slog.String("algorithm", c.Algorithm),
		slog.String("refund_algorithm", c.RefundAlgorithm),
		slog.String("refund_body", c.RefundBody),
		slog.String("invoice_body", c.InvoiceBody),
		slog.String("currency", c.Currency),
		slog.String("auth_url", c.AuthURL),
		slog.String("services_url", c.ServicesURL),
		slog.String("culture", c.Culture),
		slog.Bool("post_form", c.PostForm),
		slog.String("receipt_encoding", c.ReceiptEncoding),
	)
}

// String describes the section in Go syntax with the secret redacted.
func (c ClientSDKConfig) String() string {
	var f fields
	f.str("BaseURL", c.BaseURL)
	f.str("MerchantID", c.MerchantID)
	f.str("ProductID", c.ProductID)
	f.secret("Secret", c.Secret)
	f.str("SecretFile", c.SecretFile)
	f.str("NotificationPath", c.NotificationPath)
	f.str("NotificationURL", c.NotificationURL)
	return f.wrap("providers.ClientSDKConfig")
}

// GoString is String: the secret never prints, not even with %#v.
func (c ClientSDKConfig) GoString() string { return c.String() }

// Format implements fmt.Formatter so that every verb prints the redacted
// form.
func (c ClientSDKConfig) Format(s fmt.State, _ rune) { _, _ = io.WriteString(s, c.String()) }

// LogValue implements slog.LogValuer with the secret redacted.
func (c ClientSDKConfig) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("base_url", c.BaseURL),
		slog.String("merchant_id", c.MerchantID),
		slog.String("product_id", c.ProductID),
		slog.String("secret", redact(c.Secret)),
		slog.String("secret_file", c.SecretFile),
		slog.String("notification_path", c.NotificationPath),
		slog.String("notification_url", c.NotificationURL),
	)
}

// String describes the section in Go syntax with the webhook secret
// redacted.
func (c FakeConfig) String() string {
	var f fields
	f.secret("WebhookSecret", c.WebhookSecret)
	f.str("WebhookSecretFile", c.WebhookSecretFile)
	f.raw("Currencies", fmt.Sprintf("%q", c.Currencies))
	f.str("PayURL", c.PayURL)
	return f.wrap("providers.FakeConfig")
}

// GoString is String: the webhook secret never prints, not even with %#v.
func (c FakeConfig) GoString() string { return c.String() }

// Format implements fmt.Formatter so that every verb prints the redacted
// form.
func (c FakeConfig) Format(s fmt.State, _ rune) { _, _ = io.WriteString(s, c.String()) }

// LogValue implements slog.LogValuer with the webhook secret redacted.
func (c FakeConfig) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("webhook_secret", redact(c.WebhookSecret)),
		slog.String("webhook_secret_file", c.WebhookSecretFile),
		slog.String("currencies", strings.Join(c.Currencies, ",")),
		slog.String("pay_url", c.PayURL),
	)
}

// String describes the configuration in Go syntax with every secret and
// every Settings value (but the *_file paths) redacted.
func (c Config) String() string {
	var f fields
	f.str("Provider", c.Provider)
	section := func(name string, isNil bool, s fmt.Stringer) {
		if isNil {
			f.raw(name, "nil")
		} else {
			f.raw(name, "&"+s.String())
		}
	}
	section("Robokassa", c.Robokassa == nil, c.Robokassa)
	section("ClientSDK", c.ClientSDK == nil, c.ClientSDK)
	section("Fake", c.Fake == nil, c.Fake)
	if c.Settings == nil {
		f.raw("Settings", "nil")
	} else {
		var s fields
		for _, k := range sortedKeys(c.Settings) {
			s.raw(strconv.Quote(k), strconv.Quote(settingValue(k, c.Settings[k])))
		}
		f.raw("Settings", s.wrap("map[string]string"))
	}
	f.raw("Options", c.Options.goString())
	return f.wrap("providers.Config")
}

// goString describes the options; HTTPClient, Logger and Now only as set
// or not.
func (o Options) goString() string {
	var f fields
	f.raw("Timeout", strconv.Quote(o.Timeout.String()))
	f.raw("RetryMaxAttempts", strconv.Itoa(o.RetryMaxAttempts))
	f.raw("RetryInitialDelay", strconv.Quote(o.RetryInitialDelay.String()))
	f.raw("RetryMaxDelay", strconv.Quote(o.RetryMaxDelay.String()))
	f.raw("MaxWebhookBytes", strconv.FormatInt(o.MaxWebhookBytes, 10))
	f.raw("HTTPClient", setOrNil(o.HTTPClient != nil))
	f.raw("Logger", setOrNil(o.Logger != nil))
	f.raw("Now", setOrNil(o.Now != nil))
	return f.wrap("providers.Options")
}

func setOrNil(set bool) string {
	if set {
		return "set"
	}
	return "nil"
}

// GoString is String: secrets never print, not even with %#v.
func (c Config) GoString() string { return c.String() }

// Format implements fmt.Formatter so that every verb prints the redacted
// form.
func (c Config) Format(s fmt.State, _ rune) { _, _ = io.WriteString(s, c.String()) }

// LogValue implements slog.LogValuer with every secret and Settings value
// redacted; sections that are not set are left out.
func (c Config) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("provider", c.Provider)}
	if c.Robokassa != nil {
		attrs = append(attrs, slog.Attr{Key: "robokassa", Value: c.Robokassa.LogValue()})
	}
	if c.ClientSDK != nil {
		attrs = append(attrs, slog.Attr{Key: "clientsdk", Value: c.ClientSDK.LogValue()})
	}
	if c.Fake != nil {
		attrs = append(attrs, slog.Attr{Key: "fake", Value: c.Fake.LogValue()})
	}
	if len(c.Settings) > 0 {
		s := make([]slog.Attr, 0, len(c.Settings))
		for _, k := range sortedKeys(c.Settings) {
			s = append(s, slog.String(k, settingValue(k, c.Settings[k])))
		}
		attrs = append(attrs, slog.Attr{Key: "settings", Value: slog.GroupValue(s...)})
	}
	o := c.Options
	attrs = append(attrs, slog.Group("options",
		slog.Duration("timeout", o.Timeout),
		slog.Int("retry_max_attempts", o.RetryMaxAttempts),
		slog.Duration("retry_initial_delay", o.RetryInitialDelay),
		slog.Duration("retry_max_delay", o.RetryMaxDelay),
		slog.Int64("max_webhook_bytes", o.MaxWebhookBytes),
	))
	return slog.GroupValue(attrs...)
}
