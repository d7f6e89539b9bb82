package providers

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// A Config keeps every provider's settings as text (a Section), and only
// the provider's registration knows which of them are secrets, so Config
// keeps a printing block of its own, the one left in this package: String,
// GoString, Format, LogValue and MarshalJSON show each setting through
// shown, which redacts secrets and keys no registration declares.

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

func (f *fields) wrap(typ string) string { return typ + "{" + f.b.String() + "}" }

// String describes the configuration in Go syntax with every secret
// redacted.
func (c Config) String() string {
	var f fields
	f.raw("Provider", strconv.Quote(c.Provider))
	if c.Sections == nil {
		f.raw("Sections", "nil")
	} else {
		var secs fields
		for _, name := range slices.Sorted(maps.Keys(c.Sections)) {
			r, _ := registration(name)
			sec := c.Sections[name]
			var s fields
			for _, k := range slices.Sorted(maps.Keys(sec)) {
				s.raw(strconv.Quote(k), strconv.Quote(shown(r, k, sec[k])))
			}
			secs.raw(strconv.Quote(name), s.wrap(""))
		}
		f.raw("Sections", secs.wrap("map[string]providers.Section"))
	}
	f.raw("Options", c.Options.goString())
	return f.wrap("providers.Config")
}

// goString describes the options; HTTPClient, Logger, WireLogger, Observer
// and Now only as set or not. WireLog is shown, so that a configuration
// printed at start-up says whether provider traffic is being logged.
func (o Options) goString() string {
	var f fields
	f.raw("Timeout", strconv.Quote(o.Timeout.String()))
	f.raw("RetryMaxAttempts", strconv.Itoa(o.RetryMaxAttempts))
	f.raw("RetryInitialDelay", strconv.Quote(o.RetryInitialDelay.String()))
	f.raw("RetryMaxDelay", strconv.Quote(o.RetryMaxDelay.String()))
	f.raw("MaxWebhookBytes", strconv.FormatInt(o.MaxWebhookBytes, 10))
	f.raw("WireLog", strconv.FormatBool(o.WireLog))
	f.raw("HTTPClient", setOrNil(o.HTTPClient != nil))
	f.raw("Logger", setOrNil(o.Logger != nil))
	f.raw("WireLogger", setOrNil(o.WireLogger != nil))
	f.raw("Observer", setOrNil(o.Observer != nil))
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

// LogValue implements slog.LogValuer with every secret redacted: the
// provider, each section as a group of its settings, and the options.
func (c Config) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("provider", c.Provider)}
	for _, name := range slices.Sorted(maps.Keys(c.Sections)) {
		r, _ := registration(name)
		sec := c.Sections[name]
		s := make([]slog.Attr, 0, len(sec))
		for _, k := range slices.Sorted(maps.Keys(sec)) {
			s = append(s, slog.String(k, shown(r, k, sec[k])))
		}
		attrs = append(attrs, slog.Attr{Key: name, Value: slog.GroupValue(s...)})
	}
	o := c.Options
	attrs = append(attrs, slog.Group("options",
		slog.Duration("timeout", o.Timeout),
		slog.Int("retry_max_attempts", o.RetryMaxAttempts),
		slog.Duration("retry_initial_delay", o.RetryInitialDelay),
		slog.Duration("retry_max_delay", o.RetryMaxDelay),
		slog.Int64("max_webhook_bytes", o.MaxWebhookBytes),
		slog.Bool("wire_log", o.WireLog),
	))
	return slog.GroupValue(attrs...)
}

// A Section alone does not know its provider, so it cannot tell its
// secrets from the rest: printed, logged or marshalled on its own it shows
// its keys with every value redacted but the paths of files (*_file).
// Print the Config to see the values that are not secrets.

func (s Section) redacted() Section {
	out := make(Section, len(s))
	for k, v := range s {
		if !strings.HasSuffix(k, "_file") {
			v = Redacted
		}
		out[k] = v
	}
	return out
}

// String describes the section with every value but file paths redacted.
func (s Section) String() string {
	var f fields
	r := s.redacted()
	for _, k := range slices.Sorted(maps.Keys(r)) {
		f.raw(strconv.Quote(k), strconv.Quote(r[k]))
	}
	return f.wrap("providers.Section")
}

// GoString is String.
func (s Section) GoString() string { return s.String() }

// Format implements fmt.Formatter: every verb prints String.
func (s Section) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, s.String()) }

// LogValue implements slog.LogValuer with every value but file paths
// redacted.
func (s Section) LogValue() slog.Value {
	r := s.redacted()
	attrs := make([]slog.Attr, 0, len(r))
	for _, k := range slices.Sorted(maps.Keys(r)) {
		attrs = append(attrs, slog.String(k, r[k]))
	}
	return slog.GroupValue(attrs...)
}

// MarshalJSON writes the section with every value but file paths redacted.
func (s Section) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string(s.redacted()))
}
