package providers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// secretConfig sets every secret of every section, and the code-only
// options.
func secretConfig() Config {
	c := fullConfig()
	c.Sections["robokassa"]["password2"] = goldenPass2
	delete(c.Sections["robokassa"], "password2_file")
	c.Sections["acme"] = Section{"api_key": "third-party-token-7", "region": "eu"}
	c.Sections["unregistered"] = Section{"token": "third-party-token-7", "token_file": "/run/t"}
	c.Options.HTTPClient = &http.Client{}
	c.Options.Logger = slog.New(slog.DiscardHandler)
	return c
}

// TestNoSecretPrints: no secret reaches fmt (any verb, value or pointer),
// slog (JSON and text handlers, value or pointer) or json.Marshal, and the
// redacted output still says what is set.
func TestNoSecretPrints(t *testing.T) {
	t.Parallel()
	cfg := secretConfig()
	acme := cfg.Sections["acme"]
	values := map[string]any{
		"Config":      cfg,
		"*Config":     &cfg,
		"Section":     cfg.Sections["robokassa"],
		"*Section":    &acme,
		"Sections":    cfg.Sections,
		"in a struct": struct{ Payments Config }{cfg},
		"in a slice":  []Config{cfg},
	}
	for name, v := range values {
		outputs := map[string]string{}
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3v"} {
			outputs[verb] = fmt.Sprintf(verb, v)
		}
		outputs["Sprint"] = fmt.Sprint(v)
		outputs["Sprintln"] = fmt.Sprintln(v)
		var jb, tb bytes.Buffer
		slog.New(slog.NewJSONHandler(&jb, nil)).Info("config", "cfg", v)
		slog.New(slog.NewTextHandler(&tb, nil)).Info("config", "cfg", v)
		slog.New(slog.NewJSONHandler(&jb, nil)).Info("config", slog.Any("cfg", v), slog.Group("g", "cfg", v))
		outputs["slog JSON"] = jb.String()
		outputs["slog text"] = tb.String()
		b, err := json.Marshal(v)
		if err != nil {
			t.Errorf("%s: json.Marshal: %v", name, err)
		}
		outputs["json.Marshal"] = string(b)
		for how, out := range outputs {
			if s, ok := containsAny(out, allSecrets); ok {
				t.Errorf("%s printed with %s shows secret %q: %s", name, how, s, out)
			}
		}
		for _, how := range []string{"%v", "%+v", "%#v", "slog JSON", "slog text", "json.Marshal"} {
			if !strings.Contains(outputs[how], Redacted) {
				t.Errorf("%s printed with %s does not show that secrets are set: %s", name, how, outputs[how])
			}
		}
	}
}

func TestConfigString(t *testing.T) {
	t.Parallel()
	cfg := Config{
		Provider: "clientsdk",
		Sections: map[string]Section{
			"clientsdk":    {"merchant_id": "13", "product_id": "15", "secret": sdkSecret, "notification_path": "/webhooks"},
			"acme":         {"api_key_file": "/run/secrets/token", "region": "eu"},
			"unregistered": {"token": "third-party-token-7", "token_file": "/run/t"},
		},
		Options: Options{Timeout: 0, RetryMaxAttempts: 2},
	}
	want := `providers.Config{Provider:"clientsdk", Sections:map[string]providers.Section{` +
		`"acme":{"api_key_file":"/run/secrets/token", "region":"eu"}, ` +
		`"clientsdk":{"merchant_id":"13", "notification_path":"/webhooks", "product_id":"15", "secret":"[redacted]"}, ` +
		`"unregistered":{"token":"[redacted]", "token_file":"[redacted]"}}, ` +
		`Options:providers.Options{Timeout:"0s", RetryMaxAttempts:2, RetryInitialDelay:"0s", RetryMaxDelay:"0s", MaxWebhookBytes:0, WireLog:false, HTTPClient:nil, Logger:nil, WireLogger:nil, Observer:nil, Now:nil}}`
	for _, got := range []string{cfg.String(), cfg.GoString(), fmt.Sprintf("%#v", cfg), fmt.Sprintf("%v", &cfg)} {
		if got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	}
	var b bytes.Buffer
	slog.New(slog.NewTextHandler(&b, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey || a.Key == slog.LevelKey || a.Key == slog.MessageKey {
			return slog.Attr{}
		}
		return a
	}})).Info("", "cfg", cfg)
	wantLog := `cfg.provider=clientsdk cfg.acme.api_key_file=/run/secrets/token cfg.acme.region=eu ` +
		`cfg.clientsdk.merchant_id=13 cfg.clientsdk.notification_path=/webhooks cfg.clientsdk.product_id=15 cfg.clientsdk.secret=[redacted] ` +
		`cfg.unregistered.token=[redacted] cfg.unregistered.token_file=[redacted] ` +
		`cfg.options.timeout=0s cfg.options.retry_max_attempts=2 cfg.options.retry_initial_delay=0s ` +
		`cfg.options.retry_max_delay=0s cfg.options.max_webhook_bytes=0 cfg.options.wire_log=false` + "\n"
	if got := b.String(); got != wantLog {
		t.Errorf("slog text:\ngot  %s\nwant %s", got, wantLog)
	}
	if got, want := fmt.Sprint(cfg.Sections["clientsdk"]), `providers.Section{"merchant_id":"[redacted]", "notification_path":"[redacted]", "product_id":"[redacted]", "secret":"[redacted]"}`; got != want {
		t.Errorf("a Section alone:\ngot  %s\nwant %s", got, want)
	}
}
