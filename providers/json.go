package providers

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// UnmarshalJSON decodes a Config strictly: a key this package does not know
// (a typo such as "pasword1" or "testmode") is an error, since ignoring it
// could silently take live payments or drop a secret. The keys are the
// snake_case names of the struct tags; durations are strings such as "10s".
// Errors are *ConfigError values naming the key; they never contain a
// value.
func (c *Config) UnmarshalJSON(data []byte) error {
	type plain Config // without methods, so that decoding does not recurse
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode((*plain)(c)); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return &ConfigError{Field: "config", Reason: "has data after the configuration object"}
	}
	return nil
}

// jsonError turns an encoding/json error into a *ConfigError that names the
// key without repeating any value.
func jsonError(err error) error {
	var ce *ConfigError
	if errors.As(err, &ce) {
		return err
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		got, _, _ := strings.Cut(te.Value, " ") // "number -1" -> "number"
		if got == "bool" {
			got = "boolean"
		}
		field := te.Field
		if field == "" {
			field = "config"
		}
		return &ConfigError{Field: field, Reason: "must be " + jsonType(jsonKind(te.Type.Kind().String())) + ", not " + jsonType(got), Err: err}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &ConfigError{Field: "config", Reason: "is not valid JSON", Err: err}
	}
	if key, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return &ConfigError{Field: "config", Reason: "has unknown key " + key + " (keys are snake_case; see the package documentation)"}
	}
	return &ConfigError{Field: "config", Reason: "is not a configuration object", Err: err}
}

// jsonType names a JSON kind for an error: "a JSON string".
func jsonType(kind string) string {
	return "a JSON " + kind
}

func jsonKind(goKind string) string {
	switch goKind {
	case "bool":
		return "boolean"
	case "int", "int64", "uint", "uint64", "int32":
		return "integer"
	case "struct", "map", "ptr":
		return "object"
	case "slice":
		return "array"
	}
	return goKind
}

// optionsJSON is the JSON form of Options, with durations as strings.
type optionsJSON struct {
	Timeout           string `json:"timeout,omitempty"`
	RetryMaxAttempts  int    `json:"retry_max_attempts,omitempty"`
	RetryInitialDelay string `json:"retry_initial_delay,omitempty"`
	RetryMaxDelay     string `json:"retry_max_delay,omitempty"`
	MaxWebhookBytes   int64  `json:"max_webhook_bytes,omitempty"`
}

// UnmarshalJSON decodes the "options" object strictly, with durations as
// strings ("10s", "250ms"). HTTPClient, Logger and Now are left as they
// are.
func (o *Options) UnmarshalJSON(data []byte) error {
	var j optionsJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		err = jsonError(err)
		var ce *ConfigError
		if errors.As(err, &ce) {
			if ce.Field == "config" {
				ce.Field = "options"
			} else {
				ce.Field = "options." + ce.Field
			}
		}
		return err
	}
	var err error
	parse := func(key, s string) time.Duration {
		if s == "" || err != nil {
			return 0
		}
		d, perr := time.ParseDuration(s)
		if perr != nil {
			err = &ConfigError{Field: "options." + key, Reason: "must be a duration such as \"10s\", got " + quote(s)}
		}
		return d
	}
	o.Timeout = parse("timeout", j.Timeout)
	o.RetryInitialDelay = parse("retry_initial_delay", j.RetryInitialDelay)
	o.RetryMaxDelay = parse("retry_max_delay", j.RetryMaxDelay)
	o.RetryMaxAttempts = j.RetryMaxAttempts
	o.MaxWebhookBytes = j.MaxWebhookBytes
	return err
}

// MarshalJSON writes the options with durations as strings; HTTPClient,
// Logger and Now are left out.
func (o Options) MarshalJSON() ([]byte, error) {
	j := optionsJSON{RetryMaxAttempts: o.RetryMaxAttempts, MaxWebhookBytes: o.MaxWebhookBytes}
	if o.Timeout != 0 {
		j.Timeout = o.Timeout.String()
	}
	if o.RetryInitialDelay != 0 {
		j.RetryInitialDelay = o.RetryInitialDelay.String()
	}
	if o.RetryMaxDelay != 0 {
		j.RetryMaxDelay = o.RetryMaxDelay.String()
	}
	return json.Marshal(j)
}

// MarshalJSON writes the configuration with every secret (and every
// Settings value) replaced by [Redacted], so that it is safe to log or
// show. Configs therefore do not round-trip through JSON: decoding the
// output gives "[redacted]" secrets, which [Open] refuses. Paths of secret
// files are kept, so a config that uses them does round-trip.
func (c Config) MarshalJSON() ([]byte, error) {
	type plain Config
	p := plain(c)
	if c.Settings != nil {
		p.Settings = make(map[string]string, len(c.Settings))
		for k, v := range c.Settings {
			p.Settings[k] = settingValue(k, v)
		}
	}
	return json.Marshal(p)
}

// settingValue is how a Settings value prints: file paths as they are,
// anything else redacted.
func settingValue(key, v string) string {
	if strings.HasSuffix(key, "_file") {
		return v
	}
	return redact(v)
}

// MarshalJSON writes the section with every password redacted; see
// [Config.MarshalJSON].
func (c RobokassaConfig) MarshalJSON() ([]byte, error) {
	type plain RobokassaConfig
	return json.Marshal(plain(c.redacted()))
}

// MarshalJSON writes the section with the secret redacted; see
// [Config.MarshalJSON].
func (c ClientSDKConfig) MarshalJSON() ([]byte, error) {
	type plain ClientSDKConfig
	return json.Marshal(plain(c.redacted()))
}

// MarshalJSON writes the section with the webhook secret redacted; see
// [Config.MarshalJSON].
func (c FakeConfig) MarshalJSON() ([]byte, error) {
	type plain FakeConfig
	return json.Marshal(plain(c.redacted()))
}

func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}
