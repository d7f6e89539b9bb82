// Package redacttest holds only a test: it walks every exported type of the
// module's public packages that holds a secret (a password, an API key, a
// webhook secret, a card number, a CVC or a saved-card token) and checks
// that no fmt verb, slog handler or encoding/json shows the secret.
package redacttest
