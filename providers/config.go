package providers

import (
	"log/slog"
	"net/http"
	"time"
)

// Config names a payment provider and carries its settings. It decodes from
// JSON (json.Unmarshal; the keys are the snake_case names in the struct
// tags, and unknown keys are an error) and from the environment ([FromEnv],
// [LoadEnv]). Only the section of the chosen Provider is used, so an app may
// keep several sections and switch by changing Provider alone.
//
// Secrets may be given inline or, better, as the path of a file that holds
// them (the *_file keys, the *_FILE variables), such as a Docker or
// Kubernetes secret; [Open] reads the files. A Config prints and logs with
// every secret redacted; see [Config.MarshalJSON] for why it therefore does
// not round-trip through JSON.
type Config struct {
	// Provider is the registered name of the provider: "robokassa",
	// "clientsdk", "fake" or a name passed to [Register]. Required.
	Provider string `json:"provider"`
	// Robokassa is the section of the "robokassa" provider.
	Robokassa *RobokassaConfig `json:"robokassa,omitempty"`
	// ClientSDK is the section of the "clientsdk" provider.
	ClientSDK *ClientSDKConfig `json:"clientsdk,omitempty"`
	// Fake is the section of the "fake" provider; nil means its defaults.
	Fake *FakeConfig `json:"fake,omitempty"`
	// Settings are the settings of a third-party provider, by snake_case
	// key. A key ending in "_file" names a file holding the value of the key
	// without the suffix: [Open] reads it and passes the opener the value
	// under the shorter key. Values never print, as any of them may be a
	// secret.
	Settings map[string]string `json:"settings,omitempty"`
	// Options configure the *payments.Client and the HTTP client that
	// [Open] builds.
	Options Options `json:"options,omitzero"`
}

// Options configure what [Open] builds around the provider. Zero means the
// default. In JSON they are the "options" object with the keys timeout,
// retry_max_attempts, retry_initial_delay, retry_max_delay and
// max_webhook_bytes, durations as strings ("10s"). HTTPClient, Logger and
// Now are set in code only: they are never read from JSON or the
// environment, and never written.
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

	// HTTPClient sends the provider's requests; nil means a new client.
	// A client without a timeout is copied and given Timeout.
	HTTPClient *http.Client `json:"-"`
	// Logger receives the Client's records; nil means no logging.
	Logger *slog.Logger `json:"-"`
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
