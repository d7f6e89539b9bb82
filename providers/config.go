package providers

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/paykit/payments"
)

// Config names a payment provider and carries its settings. It decodes from
// JSON (json.Unmarshal: "provider", "options" and one object per provider,
// keyed by the provider's name, whose keys are the provider's setting
// keys; unknown keys are an error) and from the environment ([FromEnv],
// [LoadEnv]). Only the section of the chosen Provider is used, so an app may
// keep several sections and switch by changing Provider alone.
//
// Which keys and variables a provider has is its registration's business
// (providerkit.Registration): this package reads, checks, redacts and
// prints them from the registration alone. Secrets may be given inline or,
// better, as the path of a file that holds them (the *_file keys, the
// *_FILE variables), such as a Docker or Kubernetes secret; [Open] reads
// the files. A Config prints and logs with every secret redacted; see
// [Config.MarshalJSON] for why it therefore does not round-trip through
// JSON.
type Config struct {
	// Provider is the registered name of the provider: "robokassa",
	// "clientsdk", "fake" or a name passed to [Register]. Required. It
	// matches in any case: [Open] takes "Robokassa" for robokassa, and
	// [FromEnv] and JSON decoding store the name in lower case.
	Provider string
	// Sections are the providers' settings by provider name as registered
	// (lower case), such as Sections["robokassa"]["merchant_login"]. JSON:
	// the object under the provider's name, in any case.
	Sections map[string]Section
	// Options configure the *payments.Client and the HTTP client that
	// [Open] builds. JSON: the "options" object.
	Options Options
}

// Section is one provider's settings as text, by the setting's JSON key:
// booleans are "true" or "false", lists are comma-separated, and the path
// of a file holding secret "password1" is under "password1_file". Which
// keys exist and which are secrets is the provider's registration's
// business; a Section is never printed with a secret in it (see [Config]).
type Section map[string]string

// Set sets setting key of provider's section to value, creating the
// section: cfg.Set("robokassa", "password1_file", "/run/secrets/p1").
// The provider's name is stored in lower case, as [Open] looks it up.
func (c *Config) Set(provider, key, value string) {
	provider = normalName(provider)
	if c.Sections == nil {
		c.Sections = map[string]Section{}
	}
	if c.Sections[provider] == nil {
		c.Sections[provider] = Section{}
	}
	c.Sections[provider][key] = value
}

// Options configure what [Open] builds around the provider. Zero means the
// default. In JSON they are the "options" object with the keys timeout,
// retry_max_attempts, retry_initial_delay, retry_max_delay,
// max_webhook_bytes and wire_log, durations as strings ("10s").
// HTTPClient, Logger, WireLogger and Now are set in code only: they are
// never read from JSON or the environment, and never written.
type Options struct {
	// Timeout bounds each HTTP exchange when HTTPClient has no timeout of
	// its own; zero means 30s. JSON: a duration string such as "10s".
	Timeout time.Duration
	// RetryMaxAttempts is the number of tries of a read (status, balance);
	// zero means 3, 1 disables retries. What moves money is never retried.
	RetryMaxAttempts int
	// RetryInitialDelay is the first wait between tries; zero means 200ms.
	RetryInitialDelay time.Duration
	// RetryMaxDelay caps the wait between tries; zero means 5s.
	RetryMaxDelay time.Duration
	// MaxWebhookBytes limits webhook bodies; zero means 64 KiB.
	MaxWebhookBytes int64
	// WireLog logs every HTTP exchange with the provider for support
	// cases, scrubbed of passwords, signatures, tokens, mandates and card
	// data (see providerkit.WireLog). Off by default. JSON: "wire_log":
	// true; environment: PAYMENTS_WIRE_LOG=1.
	WireLog bool
	// WireLogger receives the wire log; nil means Logger, or
	// slog.Default() when Logger is nil too.
	WireLogger *slog.Logger `json:"-"`

	// HTTPClient sends the provider's requests; nil means a new client.
	// A client without a timeout is copied and given Timeout.
	HTTPClient *http.Client `json:"-"`
	// Logger receives the Client's records; nil means no logging.
	Logger *slog.Logger `json:"-"`
	// Observer is told about every operation and webhook delivery of the
	// Client (payments.Options.Observer), such as an otelpayments.Observer
	// for OpenTelemetry; nil means none.
	Observer payments.Observer `json:"-"`
	// Now is the clock; nil means time.Now.
	Now func() time.Time `json:"-"`
}

// DefaultTimeout is the HTTP timeout when Options.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// validate checks the options' numbers.
func (o Options) validate() error {
	bad := func(key string, reason string) error {
		return &ConfigError{Field: "options." + key, Env: envName("PAYMENTS_", key), Reason: reason}
	}
	switch {
	case o.Timeout < 0:
		return bad("timeout", "must not be negative")
	case o.RetryMaxAttempts < 0:
		return bad("retry_max_attempts", "must not be negative")
	case o.RetryInitialDelay < 0:
		return bad("retry_initial_delay", "must not be negative")
	case o.RetryMaxDelay < 0:
		return bad("retry_max_delay", "must not be negative")
	case o.MaxWebhookBytes < 0:
		return bad("max_webhook_bytes", "must not be negative")
	}
	return nil
}

// httpClient returns the client the provider gets: HTTPClient (copied and
// given Timeout when it has none) or a new one with Timeout.
func (o Options) httpClient() *http.Client {
	timeout := o.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	if o.HTTPClient != nil && o.HTTPClient.Timeout != 0 {
		return o.HTTPClient
	}
	var c http.Client
	if o.HTTPClient != nil {
		c = *o.HTTPClient
	}
	c.Timeout = timeout
	return &c
}
