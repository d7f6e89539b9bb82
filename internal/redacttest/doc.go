// Package redacttest holds only tests: they walk every exported type of the
// module's public packages that holds a secret (a password, an API key, a
// webhook secret, a card number, a CVC or a saved-card token) and check that
// no fmt verb, slog handler or encoding/json shows the secret.
//
// # Discovery
//
// The public packages' sources are parsed with go/parser: a struct type with
// a text field named like a secret (Secret, Password, Key, Token, PAN, CVC,
// Number; not the *File paths), or with a field of such a type, holds a
// secret. Every exported one must be listed in the test's table, so a new
// type cannot skip the check; fields that only look like secrets are listed
// with the reason.
//
// # Rendering
//
// Each listed type is filled with a distinct sentinel per secret field and
// rendered alone, through a pointer and inside a struct, a slice and a map,
// with every fmt verb, slog's text and JSON handlers and json.Marshal; no
// output may contain a sentinel, in clear, hex or base64.
package redacttest
