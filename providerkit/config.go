package providerkit

import (
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/paykit/payments"
)

// Settings are what a [Registration]'s Open receives: the provider's
// settings, resolved (secret files read, required fields present, booleans
// and lists checked), by JSON key, and what package providers prepared
// around them. Values that were not given are "".
type Settings struct {
	// HTTPClient is the client to send requests with; it has a timeout.
	HTTPClient *http.Client `json:"-"`
	// Timeout is the configured timeout of each HTTP exchange; zero means
	// the default, which HTTPClient already has.
	Timeout time.Duration
	// Logger receives warnings about the configuration; nil means none.
	Logger *slog.Logger `json:"-"`
	// Now is the clock; nil means time.Now.
	Now func() time.Time `json:"-"`

	reg Registration
	// values are behind a function, which fmt (every verb, even a bad
	// one), slog and encoding/json show at most as an address: printing
	// Settings shows no value, and Settings need no redaction code of
	// their own. (A map of payments.Secret would not do: fmt prints an
	// unexported field by reflection, without calling its values'
	// methods; nor would a pointer, which fmt follows for a bad verb.)
	values func(key string) string
}

func (s Settings) get(key string) string {
	if s.values == nil {
		return ""
	}
	return s.values(key)
}

// NewSettings returns the Settings of provider r with values by JSON key,
// as package providers builds them. values must already be resolved:
// secrets inline, not as files. Tests of a Registration's Open use it.
func NewSettings(r Registration, values map[string]string) Settings {
	m := maps.Clone(values)
	return Settings{reg: r, values: func(key string) string { return m[key] }}
}

// Provider is the name of the provider the settings are for.
func (s Settings) Provider() string { return s.reg.Name }

// Has reports whether key was given (a non-empty value).
func (s Settings) Has(key string) bool { return s.get(key) != "" }

// Text returns the value of a Text field; "" when not given.
func (s Settings) Text(key string) string { return s.get(key) }

// Secret returns the value of a secret field.
func (s Settings) Secret(key string) payments.Secret { return payments.Secret(s.get(key)) }

// Bool returns the value of a Bool field; false when not given.
func (s Settings) Bool(key string) bool { return s.get(key) == "true" }

// List returns the elements of a List field, trimmed, without empty ones;
// nil when not given.
func (s Settings) List(key string) []string {
	var out []string
	for _, v := range strings.Split(s.get(key), ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Invalid returns the *ConfigError for the field with key: "providers:
// NAME: KEY REASON (env VAR)". reason is a predicate ("must be RUB or
// KZT"); it must not repeat a secret. cause, if not nil, is wrapped.
func (s Settings) Invalid(key, reason string, cause error) error {
	e := &ConfigError{Provider: s.reg.Name, Field: key, Reason: reason, Err: cause}
	if f, ok := s.reg.Field(key); ok {
		e.Env = f.Env
	} else if base, isFile := strings.CutSuffix(key, "_file"); isFile {
		if f, ok := s.reg.Field(base); ok && f.Secret {
			e.Env = f.FileEnv()
		}
	} else if cause == nil {
		e.Err = errNoField
	}
	return e
}

// URL returns the value of a URL field after checking it: an absolute
// http or https URL without user information or fragment, and without a
// query unless allowQuery. Secrets do not travel in URLs (they show in
// logs, process listings and Referer headers), so the error never repeats
// the URL. An empty value is "" without error.
func (s Settings) URL(key string, allowQuery bool) (string, error) {
	v := s.get(key)
	if v == "" {
		return "", nil
	}
	bad := func(reason string) error { return s.Invalid(key, reason, nil) }
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Opaque != "" {
		return "", bad("must be an absolute http or https URL")
	}
	if u.User != nil {
		return "", bad("must not carry a user name or password: give secrets in their own fields or files")
	}
	if !allowQuery && (u.RawQuery != "" || u.ForceQuery) {
		return "", bad("must not have a query: give secrets in their own fields or files")
	}
	if u.Fragment != "" || strings.Contains(v, "#") {
		return "", bad("must not have a fragment")
	}
	return v, nil
}
