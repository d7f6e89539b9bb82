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
	c.Robokassa.Password2 = goldenPass2
	c.Robokassa.Password2File = ""
	c.Settings = map[string]string{"api_key": "third-party-token-7", "region": "eu"}
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
	values := map[string]any{
		"Config":           cfg,
		"*Config":          &cfg,
		"RobokassaConfig":  *cfg.Robokassa,
		"*RobokassaConfig": cfg.Robokassa,
		"ClientSDKConfig":  *cfg.ClientSDK,
		"*ClientSDKConfig": cfg.ClientSDK,
		"FakeConfig":       *cfg.Fake,
		"*FakeConfig":      cfg.Fake,
		"in a struct":      struct{ Payments Config }{cfg},
		"in a slice":       []Config{cfg},
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
		Provider:  "clientsdk",
		ClientSDK: &ClientSDKConfig{MerchantID: "13", ProductID: "15", Secret: sdkSecret, NotificationPath: "/webhooks"},
		Settings:  map[string]string{"token_file": "/run/secrets/token"},
		Options:   Options{Timeout: 0, RetryMaxAttempts: 2},
	}
	want := `providers.Config{Provider:"clientsdk", Robokassa:nil, ` +
		`ClientSDK:&providers.ClientSDKConfig{BaseURL:"", MerchantID:"13", ProductID:"15", Secret:"[redacted]", SecretFile:"", NotificationPath:"/webhooks", NotificationURL:""}, ` +
		`Fake:nil, Settings:map[string]string{"token_file":"/run/secrets/token"}, ` +
		`Options:providers.Options{Timeout:"0s", RetryMaxAttempts:2, RetryInitialDelay:"0s", RetryMaxDelay:"0s", MaxWebhookBytes:0, HTTPClient:nil, Logger:nil, Now:nil}}`
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
	wantLog := `cfg.provider=clientsdk cfg.clientsdk.base_url="" cfg.clientsdk.merchant_id=13 cfg.clientsdk.product_id=15 ` +
		`cfg.clientsdk.secret=[redacted] cfg.clientsdk.secret_file="" cfg.clientsdk.notification_path=/webhooks cfg.clientsdk.notification_url="" ` +
		`cfg.settings.token_file=/run/secrets/token cfg.options.timeout=0s cfg.options.retry_max_attempts=2 cfg.options.retry_initial_delay=0s ` +
		`cfg.options.retry_max_delay=0s cfg.options.max_webhook_bytes=0` + "\n"
	if got := b.String(); got != wantLog {
		t.Errorf("slog text:\ngot  %s\nwant %s", got, wantLog)
	}
}
