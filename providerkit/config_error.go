package providerkit

import (
	"strings"

	"github.com/paykit/payments"
)

// ConfigError reports a configuration that cannot be opened: a missing or
// malformed field, an environment variable that does not parse, an unknown
// provider. It unwraps to payments.ErrInvalidRequest and to its cause, and
// its text never contains a secret. Package providers reports it (as
// providers.ConfigError, the same type), so its text starts with
// "providers:".
type ConfigError struct {
	// Provider is the provider section at fault ("robokassa", "clientsdk",
	// "fake" or a registered name); empty for the common fields.
	Provider string
	// Field is the snake_case key of the field at fault within its section
	// ("password1", "options.timeout", "provider"), or the environment
	// variable's name for a variable that does not parse.
	Field string
	// Env is the environment variable that sets Field, when there is one.
	Env string
	// Reason says what is wrong, as a predicate of Field ("is required").
	Reason string
	// Err is the underlying cause, if any (such as a *robokassa.ConfigError
	// or an *os.PathError).
	Err error
}

// Error implements the error interface:
// "providers: robokassa: password1 is required (env ROBOKASSA_PASSWORD1)".
func (e *ConfigError) Error() string {
	var b strings.Builder
	b.WriteString("providers: ")
	if e.Provider != "" {
		b.WriteString(e.Provider)
		b.WriteString(": ")
	}
	b.WriteString(e.Field)
	if e.Reason != "" {
		if e.Field != "" {
			b.WriteByte(' ')
		}
		b.WriteString(e.Reason)
	} else if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if e.Env != "" && e.Env != e.Field {
		b.WriteString(" (env ")
		b.WriteString(e.Env)
		b.WriteByte(')')
	}
	return b.String()
}

// Unwrap returns payments.ErrInvalidRequest and the cause.
func (e *ConfigError) Unwrap() []error {
	if e.Err == nil {
		return []error{payments.ErrInvalidRequest}
	}
	return []error{payments.ErrInvalidRequest, e.Err}
}

// SnakeCase turns a Go field name into its snake_case key: "TestPassword1"
// is "test_password1" and "AuthURL" is "auth_url", so that an Open can
// name the field of a provider's own *ConfigError by its key.
func SnakeCase(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				prev := s[i-1]
				if prev >= 'a' && prev <= 'z' || prev >= '0' && prev <= '9' {
					b.WriteByte('_')
				}
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
