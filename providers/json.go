package providers

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/internal/suggest"
	"github.com/paykit/payments/providerkit"
)

// UnmarshalJSON decodes a Config strictly: the keys are "provider",
// "options" and the name of any registered provider, whose object holds
// the keys of that provider's settings (and "<key>_file" for a secret);
// any other key (a typo such as "pasword1" or "testmode") is an error,
// since ignoring it could silently take live payments or drop a secret.
// Keys match case-insensitively; durations are strings such as "10s".
// Errors are *ConfigError values naming the key; they never contain a
// value. A third-party provider must be registered before its section is
// decoded.
func (c *Config) UnmarshalJSON(data []byte) error {
	var top map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&top); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return &ConfigError{Field: "config", Reason: "has data after the configuration object"}
	}
	for _, k := range slices.Sorted(maps.Keys(top)) {
		raw, key := top[k], normalName(k)
		switch key {
		case "provider":
			if err := json.Unmarshal(raw, &c.Provider); err != nil {
				return kindError("provider", "string", raw)
			}
			c.Provider = normalName(c.Provider)
			continue
		case "options":
			if err := c.Options.UnmarshalJSON(raw); err != nil {
				return err
			}
			continue
		}
		r, ok := registration(key)
		if !ok {
			return unknownKey(k, append([]string{"provider", "options"}, Names()...))
		}
		sec, err := decodeSection(r, raw)
		if err != nil {
			return err
		}
		if c.Sections == nil {
			c.Sections = map[string]Section{}
		}
		c.Sections[r.Name] = sec
	}
	return nil
}

// unknownKey is the error of key k, which is none of candidates: it
// suggests the closest candidate, so that a typo in a secret's key is
// found at once rather than leaving the secret unset.
func unknownKey(k string, candidates []string) *ConfigError {
	reason := "has unknown key " + quote(k)
	if c, ok := suggest.Closest(k, candidates); ok {
		reason += "; did you mean " + quote(c) + "?"
	} else {
		reason += " (keys are snake_case; see the package documentation)"
	}
	return &ConfigError{Field: "config", Reason: reason}
}

// sectionKeys are the keys a section of r may have: each field's, and
// "<key>_file" for a secret.
func sectionKeys(r providerkit.Registration) []string {
	var keys []string
	for _, f := range r.Fields {
		keys = append(keys, f.Key)
		if f.Secret {
			keys = append(keys, f.FileKey())
		}
	}
	return keys
}

// decodeSection decodes the JSON object of provider r's section by the
// kinds of its fields.
func decodeSection(r providerkit.Registration, raw json.RawMessage) (Section, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, kindError(r.Name, "object", raw)
	}
	sec := Section{}
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		v, key := obj[k], normalName(k)
		f, ok := r.Field(key)
		kind := f.Kind
		if !ok {
			if base, isFile := strings.CutSuffix(key, "_file"); isFile {
				f, ok = r.Field(base)
				ok, kind = ok && f.Secret, providerkit.Text
			}
		}
		if !ok {
			err := unknownKey(k, sectionKeys(r))
			err.Provider = r.Name
			return nil, err
		}
		if string(v) == "null" {
			continue
		}
		name := r.Name + "." + key
		var text string
		switch kind {
		case providerkit.Bool:
			var b bool
			if err := json.Unmarshal(v, &b); err != nil {
				return nil, kindError(name, "boolean", v)
			}
			text = strconv.FormatBool(b)
		case providerkit.List:
			var list []string
			if err := json.Unmarshal(v, &list); err != nil {
				return nil, kindError(name, "array", v)
			}
			for _, x := range list {
				if strings.Contains(x, ",") {
					return nil, &ConfigError{Provider: r.Name, Field: key, Reason: "has an element with a comma"}
				}
			}
			text = strings.Join(list, ",")
		default:
			if err := json.Unmarshal(v, &text); err != nil {
				return nil, kindError(name, "string", v)
			}
		}
		if text != "" {
			sec[key] = text
		}
	}
	return sec, nil
}

// kindError is the error of a value of the wrong JSON kind: "must be a
// JSON string, not a JSON number", without the value.
func kindError(field, want string, raw json.RawMessage) error {
	return &ConfigError{Field: field, Reason: "must be " + jsonType(want) + ", not " + jsonType(rawKind(raw))}
}

// rawKind names the kind of a JSON value from its first byte.
func rawKind(raw json.RawMessage) string {
	s := bytes.TrimSpace(raw)
	if len(s) == 0 {
		return "value"
	}
	switch s[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// jsonError turns an encoding/json error into a *ConfigError that names the
// key without repeating any value; an unknown key gets a suggestion from
// known, the keys there are.
func jsonError(err error, known ...string) error {
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
		if k, uerr := strconv.Unquote(key); uerr == nil {
			return unknownKey(k, known)
		}
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
	WireLog           bool   `json:"wire_log,omitempty"`
}

// optionKeys are the keys of the "options" object.
var optionKeys = []string{"timeout", "retry_max_attempts", "retry_initial_delay", "retry_max_delay", "max_webhook_bytes", "wire_log"}

// durationKeys are the options written as duration strings.
var durationKeys = []string{"timeout", "retry_initial_delay", "retry_max_delay"}

// UnmarshalJSON decodes the "options" object strictly, with durations as
// strings ("10s", "250ms"). HTTPClient, Logger and Now are left as they
// are. A duration given as a number (`"timeout": 10`) is an error that
// asks for a string such as "10s": a bare number has no unit.
func (o *Options) UnmarshalJSON(data []byte) error {
	var j optionsJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		err = jsonError(err, optionKeys...)
		var ce *ConfigError
		if errors.As(err, &ce) {
			if slices.Contains(durationKeys, ce.Field) {
				_, got, _ := strings.Cut(ce.Reason, ", not ")
				ce.Reason = `must be a duration string such as "10s" or "250ms", not ` + got
			}
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
	o.WireLog = j.WireLog
	return err
}

// MarshalJSON writes the options with durations as strings; HTTPClient,
// Logger and Now are left out.
func (o Options) MarshalJSON() ([]byte, error) {
	j := optionsJSON{RetryMaxAttempts: o.RetryMaxAttempts, MaxWebhookBytes: o.MaxWebhookBytes, WireLog: o.WireLog}
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

// MarshalJSON writes the configuration with every secret replaced by
// payments.Redacted ("[redacted]"), so that it is safe to log or show: a
// setting is written as it is only when its provider's registration says
// it is not a secret, and paths of secret files are kept. Configs
// therefore do not round-trip through JSON with inline secrets: decoding
// the output gives "[redacted]" secrets, which [Open] refuses. A config
// that uses secret files does round-trip.
func (c Config) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"provider":`)
	writeJSON(&b, c.Provider)
	for _, name := range slices.Sorted(maps.Keys(c.Sections)) {
		b.WriteByte(',')
		writeJSON(&b, name)
		b.WriteString(":{")
		r, _ := registration(name)
		sec := c.Sections[name]
		for i, key := range slices.Sorted(maps.Keys(sec)) {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(&b, key)
			b.WriteByte(':')
			v := shown(r, key, sec[key])
			f, _ := r.Field(key)
			switch {
			case v != sec[key] || f.Key == "":
				writeJSON(&b, v)
			case f.Kind == providerkit.Bool:
				b.WriteString(strconv.FormatBool(v == "true"))
			case f.Kind == providerkit.List:
				writeJSON(&b, strings.Split(v, ","))
			default:
				writeJSON(&b, v)
			}
		}
		b.WriteByte('}')
	}
	opts, err := c.Options.MarshalJSON()
	if err != nil {
		return nil, err
	}
	if string(opts) != "{}" {
		b.WriteString(`,"options":`)
		b.Write(opts)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func writeJSON(b *bytes.Buffer, v any) {
	out, _ := json.Marshal(v) // strings and []string always marshal
	b.Write(out)
}

// shown is how the value of setting key of provider r prints: as it is when
// r declares key and not as a secret, or when key is the path of a secret
// file; redacted otherwise (a secret, or a key no registration declares).
func shown(r providerkit.Registration, key, v string) string {
	if f, ok := r.Field(key); ok && !f.Secret {
		return v
	}
	if base, isFile := strings.CutSuffix(key, "_file"); isFile {
		if f, ok := r.Field(base); ok && f.Secret {
			return v
		}
	}
	return payments.Secret(v).String()
}
