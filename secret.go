package payments

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"strconv"
)

// Redacted is what a set [Secret] shows instead of its value when it is
// printed, logged or marshalled.
const Redacted = "[redacted]"

// Secret is a password, key or token that signs or authenticates requests.
// Every way of showing it hides it: String, GoString, Format (every fmt
// verb and flag, %v, %+v, %#v, %s, %q, %x, %d...), LogValue and MarshalJSON
// give [Redacted] for a set secret and "" for an empty one, so that logs
// still tell "not configured" from "configured" without revealing
// anything. A struct whose secret fields are Secrets is therefore safe to
// print, log and marshal field by field, without code of its own.
//
// That holds where fmt can call the Secret's methods: in exported fields,
// slices, maps and interfaces. fmt prints an unexported field by
// reflection without calling methods, so a type that keeps a Secret (or a
// struct holding one) in an unexported field, such as a provider holding
// its Config, still needs String, GoString and Format of its own.
//
// A Secret is made from a string with a conversion, payments.Secret(s),
// and decodes from a plain JSON string or text (UnmarshalJSON,
// UnmarshalText), so it can be read from configuration files. Code that
// signs with it calls [Secret.Reveal].
type Secret string

// Reveal returns the secret's value, for signing. Never log or print it.
func (s Secret) Reveal() string { return string(s) }

// IsSet reports whether the secret is not empty.
func (s Secret) IsSet() bool { return s != "" }

// String returns [Redacted], or "" for an empty secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return Redacted
}

// GoString returns the quoted String, so that %#v of a struct holding a
// Secret reads `Password:"[redacted]"`.
func (s Secret) GoString() string { return strconv.Quote(s.String()) }

// Format implements fmt.Formatter: %q and %#v print the quoted String,
// every other verb prints String, honouring width and the '-' flag. No
// verb prints the value (without Format, %x or %d would print its bytes).
func (s Secret) Format(f fmt.State, verb rune) {
	text := s.String()
	if verb == 'q' || verb == 'v' && f.Flag('#') {
		text = strconv.Quote(text)
	}
	if w, ok := f.Width(); ok && w > len(text) {
		pad := make([]byte, w-len(text))
		for i := range pad {
			pad[i] = ' '
		}
		if f.Flag('-') {
			text += string(pad)
		} else {
			text = string(pad) + text
		}
	}
	_, _ = io.WriteString(f, text)
}

// LogValue implements slog.LogValuer: the String.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalJSON writes the String as a JSON string. A marshalled secret
// therefore does not decode back to its value: JSON output is for logs.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// UnmarshalJSON reads a plain JSON string (or null, which leaves s as it
// is, as for a string). Its errors never contain the input: a numeric
// password given as a JSON number is reported as "number", not repeated.
func (s *Secret) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return nil
	}
	var v string
	if err := json.Unmarshal(data, &v); err != nil {
		return &json.UnmarshalTypeError{Value: jsonKind(data), Type: reflect.TypeFor[Secret]()}
	}
	*s = Secret(v)
	return nil
}

// UnmarshalText sets s to text, as is.
func (s *Secret) UnmarshalText(text []byte) error {
	*s = Secret(text)
	return nil
}

// jsonKind names the kind of a JSON value that is not a string, for an
// UnmarshalTypeError that does not repeat the value.
func jsonKind(data []byte) string {
	for _, c := range data {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '{':
			return "object"
		case '[':
			return "array"
		case 't', 'f':
			return "bool"
		case '"':
			return "string"
		default:
			return "number"
		}
	}
	return "value"
}
