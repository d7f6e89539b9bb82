package providers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"strings"
	"testing"
)

// FuzzJSONConfig decodes arbitrary JSON into a Config. Decoding never
// panics; its errors are *ConfigError values (or the *json.SyntaxError of
// input that is not JSON at all); a decoded config marshals and decodes
// again; how it prints does not depend on its secrets' values; and Open
// (with secret files left out) never panics.
func FuzzJSONConfig(f *testing.F) {
	for _, seed := range []string{
		fullJSON, robokassaJSON, clientsdkJSON,
		`{"provider":"fake","fake":{"currencies":["RUB"]}}`,
		`{"provider":"acme","acme":{"api_key":"k","mode":"nil","sandbox":true}}`,
		`{"robokassa":{"pasword1":"x"}}`,
		`{"options":{"timeout":"10"}}`,
		`{"options":{"timeout":5}}`,
		`{"robokassa":{"test_mode":"yes"}}`,
		`{"clientsdk":{"base_url":"https://u:p@h/"}}`,
		`null`, `[]`, `"robokassa"`, `{`, `{"provider":"robokassa","provider":"clientsdk"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var c Config
		err := json.Unmarshal(data, &c)
		if err != nil {
			var ce *ConfigError
			var se *json.SyntaxError
			if !errors.As(err, &ce) && !errors.As(err, &se) {
				t.Fatalf("error %v (%T) is neither a *ConfigError nor a *json.SyntaxError", err, err)
			}
			return
		}
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatalf("json.Marshal of a decoded config: %v", err)
		}
		var back Config
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("marshalled config %s does not decode: %v", b, err)
		}
		checkPrinting(t, c)
		openOffline(t, c)
	})
}

// FuzzEnvConfig decodes an arbitrary environment (NAME=value lines).
// FromEnv never panics; its errors are *ConfigError values naming a
// variable; how a decoded config prints does not depend on its secrets'
// values; and Open (with secret files left out) never panics.
func FuzzEnvConfig(f *testing.F) {
	lines := func(m map[string]string) string {
		var b strings.Builder
		for k, v := range m {
			fmt.Fprintf(&b, "%s=%s\n", k, v)
		}
		return b.String()
	}
	for _, seed := range []string{
		lines(fullEnv), lines(envWith("robokassa")), lines(envWith("clientsdk")),
		"PAYMENTS_PROVIDER=fake\nPAYMENTS_FAKE_CURRENCIES=RUB,XXX\n",
		"ROBOKASSA_TEST_MODE=maybe\nPAYMENTS_TIMEOUT=1\n",
		"PAYMENTS_PROVIDER=acme\nACME_SANDBOX=bad\nACME_API_KEY=k\n",
		"PAYMENTS_RETRY_MAX_ATTEMPTS=99999999999999999999\n",
		"PAYMENTS_FAKE_CURRENCIES=,,,\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, input string) {
		env := map[string]string{}
		for _, line := range strings.Split(input, "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				env[k] = v
			}
		}
		c, err := FromEnv(envMap(env))
		if err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) || !strings.HasPrefix(ce.Field, "PAYMENTS_") && !strings.HasPrefix(ce.Field, "ROBOKASSA_") && !strings.HasPrefix(ce.Field, "CLIENTSDK_") && !strings.HasPrefix(ce.Field, "ACME_") {
				t.Fatalf("error %v does not name a variable", err)
			}
			return
		}
		checkPrinting(t, c)
		openOffline(t, c)
	})
}

// checkPrinting fails if c's printed forms depend on its secrets' values
// (beyond whether they are set).
func checkPrinting(t *testing.T, c Config) {
	t.Helper()
	a, b := printAll(withSecrets(c, "first-secret")), printAll(withSecrets(c, "second-secret"))
	if a != b {
		t.Fatalf("printed forms depend on the secrets:\n%s\n%s", a, b)
	}
	if strings.Contains(a, "first-secret") {
		t.Fatalf("a secret printed: %s", a)
	}
}

func printAll(c Config) string {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%v|%+v|%#v|%x|", c, c, c, c)
	slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}})).Info("", "cfg", c)
	b, _ := json.Marshal(c)
	buf.Write(b)
	return buf.String()
}

// withSecrets returns a deep copy of c with every set secret (and every
// value of a key no registration declares, but the file paths) replaced by
// v.
func withSecrets(c Config, v string) Config {
	secs := make(map[string]Section, len(c.Sections))
	for name, sec := range c.Sections {
		r, _ := registration(name)
		out := maps.Clone(sec)
		for k, x := range out {
			if x != "" && shown(r, k, x) != x {
				out[k] = v
			}
		}
		secs[name] = out
	}
	if c.Sections != nil {
		c.Sections = secs
	}
	return c
}

// openOffline opens c with its secret files left out (a fuzzed path could
// name a pipe that never ends) and never any network.
func openOffline(t *testing.T, c Config) {
	t.Helper()
	secs := make(map[string]Section, len(c.Sections))
	for name, sec := range c.Sections {
		out := maps.Clone(sec)
		maps.DeleteFunc(out, func(k, _ string) bool { return strings.HasSuffix(k, "_file") })
		secs[name] = out
	}
	c.Sections = secs
	c.Options.HTTPClient = nil
	if _, err := Open(t.Context(), c); err != nil && err.Error() == "" {
		t.Fatal("empty error text")
	}
}
