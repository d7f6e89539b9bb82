package providers

import (
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paykit/payments/providerkit"
)

// envVar is one common environment variable and how it sets a Config.
type envVar struct {
	name string
	help string
	set  func(c *Config, v string) error
}

func integer[T int | int64](name, help string, field func(*Config) *T) envVar {
	return envVar{name, help, func(c *Config, v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 || int64(T(n)) != n {
			return &ConfigError{Field: name, Reason: "must be a non-negative integer, got " + quoteValue(v)}
		}
		*field(c) = T(n)
		return nil
	}}
}

func duration(name, help string, field func(*Config) *time.Duration) envVar {
	return envVar{name, help, func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return &ConfigError{Field: name, Reason: "must be a non-negative duration such as \"10s\", got " + quoteValue(v)}
		}
		*field(c) = d
		return nil
	}}
}

func boolean(name, help string, field func(*Config) *bool) envVar {
	return envVar{name, help, func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return &ConfigError{Field: name, Reason: "must be true or false (or 1 or 0), got " + quoteValue(v)}
		}
		*field(c) = b
		return nil
	}}
}

// commonVars are the variables of every configuration, whatever the
// provider; each provider's own come from its registration.
var commonVars = []envVar{
	{"PAYMENTS_PROVIDER", "the provider: a registered name (required)", func(c *Config, v string) error { c.Provider = normalName(v); return nil }},
	duration("PAYMENTS_TIMEOUT", "HTTP timeout per exchange (default 30s)", func(c *Config) *time.Duration { return &c.Options.Timeout }),
	integer("PAYMENTS_RETRY_MAX_ATTEMPTS", "tries of a read; 1 disables retries (default 3)", func(c *Config) *int { return &c.Options.RetryMaxAttempts }),
	duration("PAYMENTS_RETRY_INITIAL_DELAY", "first wait between tries (default 200ms)", func(c *Config) *time.Duration { return &c.Options.RetryInitialDelay }),
	duration("PAYMENTS_RETRY_MAX_DELAY", "longest wait between tries (default 5s)", func(c *Config) *time.Duration { return &c.Options.RetryMaxDelay }),
	integer("PAYMENTS_MAX_WEBHOOK_BYTES", "webhook body limit (default 65536)", func(c *Config) *int64 { return &c.Options.MaxWebhookBytes }),
	boolean("PAYMENTS_WIRE_LOG", "boolean: log each HTTP exchange with the provider, scrubbed, for support (default false)", func(c *Config) *bool { return &c.Options.WireLog }),
}

// CommonVar is a variable of every configuration, whatever the provider.
type CommonVar struct {
	// Name is the variable, such as "PAYMENTS_TIMEOUT".
	Name string
	// Key is its JSON key, such as "options.timeout" (the "timeout" key of
	// the "options" object) or "provider".
	Key string
	// Help says in one line what it sets.
	Help string
}

// CommonVars returns the variables of every configuration, whatever the
// provider: PAYMENTS_PROVIDER and the Options.
func CommonVars() []CommonVar {
	out := make([]CommonVar, len(commonVars))
	for i, v := range commonVars {
		out[i] = CommonVar{Name: v.name, Key: commonKey(v.name), Help: v.help}
	}
	return out
}

// commonKey is the JSON key of common variable name: "provider" for
// PAYMENTS_PROVIDER, else the snake_case key in "options"
// (PAYMENTS_TIMEOUT is options.timeout).
func commonKey(name string) string {
	key := strings.ToLower(strings.TrimPrefix(name, "PAYMENTS_"))
	if key == "provider" {
		return key
	}
	return "options." + key
}

// EnvNames returns the names of the environment variables [FromEnv] reads:
// the common ones, then each registered provider's (by name), a secret's
// NAME_FILE after it.
func EnvNames() []string {
	var names []string
	for _, v := range commonVars {
		names = append(names, v.name)
	}
	for _, r := range Registrations() {
		for _, f := range r.Fields {
			names = append(names, f.Env)
			if f.Secret {
				names = append(names, f.FileEnv())
			}
		}
	}
	return names
}

// FromEnv decodes a Config from environment variables, read with getenv
// (os.Getenv, or a map lookup in tests); an empty value is the same as an
// unset one. The variables are the common ones ([CommonVars]) and those of
// every registered provider's fields; a provider's section is present when
// any of its variables is set, so one environment may carry several and
// PAYMENTS_PROVIDER alone chooses.
//
// FromEnv checks only that each value parses (booleans, integers,
// durations); everything else, secret files included, is checked by
// [Open]. It returns every malformed variable, joined, as *ConfigError
// values that name the variable and never repeat a secret.
func FromEnv(getenv func(string) string) (Config, error) {
	var c Config
	var errs []error
	for _, v := range commonVars {
		if s := getenv(v.name); s != "" {
			if err := v.set(&c, s); err != nil {
				errs = append(errs, err)
			}
		}
	}
	for _, r := range Registrations() {
		for _, f := range r.Fields {
			if s := getenv(f.Env); s != "" {
				v, err := envValue(f, s)
				if err != nil {
					errs = append(errs, err)
					continue
				}
				c.Set(r.Name, f.Key, v)
			}
			if f.Secret {
				if s := getenv(f.FileEnv()); s != "" {
					c.Set(r.Name, f.FileKey(), s)
				}
			}
		}
	}
	return c, errors.Join(errs...)
}

// CheckEnv finds the likely typos among environment variables: each
// variable of environ (NAME=value entries, as os.Environ returns them)
// whose name starts with "PAYMENTS_" or with a registered provider's
// prefix (such as "ROBOKASSA_") but that [FromEnv] does not read, such as
// ROBOKASSA_PASWORD1 or PAYMENTS_PROVDER. Other variables are not looked
// at, and values never are. extra are more names to accept: those the
// program reads itself (the payments tool's PAYMENTS_CONFIG).
//
// Each problem is a *ConfigError naming the variable and, where a known
// variable is close, suggesting it; nil means none. FromEnv does not call
// CheckEnv: an unknown variable is ignored unless the program asks, as
// the payments tool does to warn about it.
func CheckEnv(environ []string, extra ...string) []error {
	known := append(EnvNames(), extra...)
	prefixes := []string{"PAYMENTS_"}
	for _, r := range Registrations() {
		if p := envPrefix(r); p != "" {
			prefixes = append(prefixes, p)
		}
	}
	var errs []error
	seen := map[string]bool{}
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if seen[name] || slices.Contains(known, name) || !slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(name, p) }) {
			continue
		}
		seen[name] = true
		errs = append(errs, &ConfigError{Field: name, Reason: "is not a known variable and is ignored" + didYouMean(name, known)})
	}
	return errs
}

// envValue is the Section value of field f set to variable value s.
func envValue(f providerkit.Field, s string) (string, error) {
	switch f.Kind {
	case providerkit.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return "", &ConfigError{Field: f.Env, Reason: "must be true or false (or 1 or 0), got " + quoteValue(s)}
		}
		return strconv.FormatBool(b), nil
	case providerkit.List:
		var items []string
		for _, x := range strings.Split(s, ",") {
			if x = strings.TrimSpace(x); x != "" {
				items = append(items, x)
			}
		}
		return strings.Join(items, ","), nil
	}
	return s, nil
}

// LoadEnv is FromEnv(os.Getenv).
func LoadEnv() (Config, error) {
	return FromEnv(os.Getenv)
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

func quote(s string) string { return strconv.Quote(s) }
