package providers

import (
	"fmt"
	"io"
	"log/slog"
	"reflect"
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

func (f *fields) str(name, v string) { f.raw(name, strconv.Quote(v)) }

func (f *fields) wrap(typ string) string { return typ + "{" + f.b.String() + "}" }

// A section prints as its redacted copy (its secrets, listed once by its
// secrets method, replaced by [Redacted]) rendered field by field, so a
// field added to a section prints without more code.

// sectionString renders a section struct (string, bool and []string fields)
// in Go syntax: "typ{Name:value, ...}".
func sectionString(typ string, section any) string {
	v := reflect.ValueOf(section)
	var f fields
	for i := range v.NumField() {
		switch x := v.Field(i).Interface().(type) {
		case string:
			f.str(v.Type().Field(i).Name, x)
		case []string:
			f.raw(v.Type().Field(i).Name, fmt.Sprintf("%q", x))
		default:
			f.raw(v.Type().Field(i).Name, fmt.Sprint(x))
		}
	}
	return f.wrap(typ)
}

// sectionLogValue renders a section struct as a group keyed by its JSON
// keys; a []string is joined with commas.
func sectionLogValue(section any) slog.Value {
	v := reflect.ValueOf(section)
	attrs := make([]slog.Attr, v.NumField())
	for i := range attrs {
		key, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		x := v.Field(i).Interface()
		if list, ok := x.([]string); ok {
			x = strings.Join(list, ",")
		}
		attrs[i] = slog.Any(key, x)
	}
	return slog.GroupValue(attrs...)
}

// redacted returns c with every password redacted.
func (c RobokassaConfig) redacted() RobokassaConfig {
	redactSecrets(c.secrets())
	return c
}

// String describes the section in Go syntax with every password redacted.
func (c RobokassaConfig) String() string {
	return sectionString("providers.RobokassaConfig", c.redacted())
}

// GoString is String: passwords never print, not even with %#v.
func (c RobokassaConfig) GoString() string { return c.String() }

// Format implements fmt.Formatter so that every verb prints the redacted
// form.
func (c RobokassaConfig) Format(s fmt.State, _ rune) { _, _ = io.WriteString(s, c.String()) }

// LogValue implements slog.LogValuer with every password redacted.
func (c RobokassaConfig) LogValue() slog.Value { return sectionLogValue(c.redacted()) }

// redacted returns c with the secret redacted.
func (c ClientSDKConfig) redacted() ClientSDKConfig {
	redactSecrets(c.secrets())
	return c
}

// String describes the section in Go syntax with the secret redacted.
func (c ClientSDKConfig) String() string {
	return sectionString("providers.ClientSDKConfig", c.redacted())
}

// GoString is String: the secret never prints, not even with %#v.
func (c ClientSDKConfig) GoString() string { return c.String() }

// Format implements fmt.Formatter so that every verb prints the redacted
// form.
func (c ClientSDKConfig) Format(s fmt.State, _ rune) { _, _ = io.WriteString(s, c.String()) }

// LogValue implements slog.LogValuer with the secret redacted.
func (c ClientSDKConfig) LogValue() slog.Value { return sectionLogValue(c.redacted()) }

// redacted returns c with the webhook secret redacted.
func (c FakeConfig) redacted() FakeConfig {
	redactSecrets(c.secrets())
	return c
}

// String describes the section in Go syntax with the webhook secret
// redacted.
func (c FakeConfig) String() string { return sectionString("providers.FakeConfig", c.redacted()) }

// GoString is String: the webhook secret never prints, not even with %#v.
func (c FakeConfig) GoString() string { return c.String() }

// Format implements fmt.Formatter so that every verb prints the redacted
// form.
func (c FakeConfig) Format(s fmt.State, _ rune) { _, _ = io.WriteString(s, c.String()) }

// LogValue implements slog.LogValuer with the webhook secret redacted.
func (c FakeConfig) LogValue() slog.Value { return sectionLogValue(c.redacted()) }

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
