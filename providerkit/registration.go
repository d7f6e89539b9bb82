package providerkit

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/paykit/payments"
)

// Registration is everything package providers needs to offer a provider
// by name: its configuration (each [Field] with its environment variable,
// JSON key, help line and whether it is a secret) and the function that
// opens it. A provider package declares it in its own directory, as a
// function returning it (robokassa.Registration), and an app or
// providers' built-in list registers it with one line; nothing else in
// package providers knows the provider.
//
// From the Fields alone, providers reads the environment and JSON, reads
// the NAME_FILE variant of every secret, refuses a missing required field,
// redacts secrets when a configuration is printed, and prints the help of
// "payments help config".
type Registration struct {
	// Name is the provider's name, the value of PAYMENTS_PROVIDER and the
	// JSON key of its section: lower-case letters, digits, '-' and '_',
	// starting with a letter. Required.
	Name string
	// Summary says in one line what the provider is, for help.
	Summary string
	// Fields are the provider's settings, in the order help lists them.
	Fields []Field
	// Open builds the provider from the resolved settings. It checks what
	// the Fields cannot say (formats, fields required together) and
	// returns errors from [Settings.Invalid] naming the field, so that a
	// bad configuration fails at providers.Open, not at the first payment.
	// Required.
	Open func(ctx context.Context, s Settings) (payments.Provider, error)
}

// Field is one setting of a provider.
type Field struct {
	// Key is the setting's snake_case JSON key in the provider's section,
	// such as "password1". Required; unique within the Registration.
	Key string
	// Env is the environment variable that sets it, such as
	// "ROBOKASSA_PASSWORD1". Required; unique across registrations.
	Env string
	// Help says in one line what the setting is for, for help and errors.
	Help string
	// Secret marks a password, key or token: it is never printed, logged
	// or marshalled, and it may instead be read from a file named by
	// Env+"_FILE" or by the JSON key Key+"_file" (one trailing newline
	// removed); giving both is an error.
	Secret bool
	// Required makes providers.Open refuse the configuration without it.
	// Settings required only together with another belong in Open.
	Required bool
	// Default is the value used when the setting is not given, as help
	// shows it; Open applies it (or a provider's own constructor does).
	Default string
	// Kind is how the value is written: Text (the default), Bool or List.
	Kind Kind
}

// Kind is how a [Field]'s value is written in JSON and in the environment.
// [Settings] holds every value as text either way.
type Kind int

const (
	// Text is a JSON string; the variable's value as is.
	Text Kind = iota
	// Bool is a JSON boolean; in the environment true/false or 1/0. In
	// [Settings] it is "true" or "false".
	Bool
	// List is a JSON array of strings; in the environment a
	// comma-separated list. In [Settings] it is comma-separated.
	List
)

// String names the kind for help: "text", "boolean" or "list".
func (k Kind) String() string {
	switch k {
	case Bool:
		return "boolean"
	case List:
		return "list"
	}
	return "text"
}

// Field returns the field whose JSON key is key.
func (r Registration) Field(key string) (Field, bool) {
	for _, f := range r.Fields {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// FileKey is the JSON key of the file holding a secret field: Key+"_file".
func (f Field) FileKey() string { return f.Key + "_file" }

// FileEnv is the variable naming the file holding a secret field:
// Env+"_FILE".
func (f Field) FileEnv() string { return f.Env + "_FILE" }

// Check reports the first problem with the registration itself (a
// programming error, not a configuration error): a malformed name, a
// missing Open, a field without key or variable, a key, variable or file
// key given twice, or an unknown Kind.
func (r Registration) Check() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("providerkit: registration %q: "+format, append([]any{r.Name}, args...)...)
	}
	if !ValidName(r.Name) {
		return bad("malformed name: want lower-case letters, digits, '-' and '_', starting with a letter")
	}
	if r.Open == nil {
		return bad("Open is nil")
	}
	keys, envs := map[string]bool{}, map[string]bool{}
	for _, f := range r.Fields {
		if !validKey(f.Key) {
			return bad("field key %q: want lower-case letters, digits and '_', starting with a letter", f.Key)
		}
		if f.Env == "" || strings.ToUpper(f.Env) != f.Env || strings.ContainsAny(f.Env, " =\x00") {
			return bad("field %s: malformed variable %q", f.Key, f.Env)
		}
		if f.Kind < Text || f.Kind > List {
			return bad("field %s: unknown kind %d", f.Key, int(f.Kind))
		}
		names := []string{f.Key}
		vars := []string{f.Env}
		if f.Secret {
			names, vars = append(names, f.FileKey()), append(vars, f.FileEnv())
		}
		for _, k := range names {
			if keys[k] {
				return bad("key %s given twice", k)
			}
			keys[k] = true
		}
		for _, e := range vars {
			if envs[e] {
				return bad("variable %s given twice", e)
			}
			envs[e] = true
		}
	}
	return nil
}

// ValidName reports whether name is a well-formed provider name:
// lower-case letters, digits, '-' and '_', starting with a letter.
func ValidName(name string) bool {
	if name == "" || name[0] < 'a' || name[0] > 'z' {
		return false
	}
	return !strings.ContainsFunc(name, func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' && r != '_'
	})
}

func validKey(k string) bool {
	if k == "" || k[0] < 'a' || k[0] > 'z' {
		return false
	}
	return !strings.ContainsFunc(k, func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_'
	})
}

// errNoField is the cause of Settings.Invalid for a key the registration
// does not declare: a bug in the provider's Open.
var errNoField = errors.New("providerkit: no such field")
