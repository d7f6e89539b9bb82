package providers

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
)

// fullJSON sets every key of every section.
const fullJSON = `{
  "provider": "robokassa",
  "robokassa": {
    "merchant_login": "golden-shop",
    "password1": "Pass1_golden8", "password2_file": "/run/secrets/p2",
    "password3": "Pass3_golden8", "password1_file": "",
    "test_password1": "Test1_golden8", "test_password2": "Test2_golden8",
    "password3_file": "", "test_password1_file": "", "test_password2_file": "", "password2": "",
    "test_mode": true, "algorithm": "SHA256", "refund_algorithm": "HS512",
    "refund_body": "json_string", "invoice_body": "raw_jwt", "currency": "KZT",
    "auth_url": "https://auth.robokassa.kz", "services_url": "https://services.robokassa.ru",
    "culture": "kk", "post_form": true, "receipt_encoding": "raw_json"
  },
  "clientsdk": {
    "base_url": "https://sbank.test", "merchant_id": "13", "product_id": "15",
    "secret": "aa21444f3f71", "secret_file": "",
    "notification_path": "/webhooks", "notification_url": "https://shop.example/webhooks"
  },
  "fake": {"webhook_secret": "fake-hook-secret-42", "webhook_secret_file": "", "currencies": ["RUB", "EUR"], "pay_url": "https://pay.example/"},
  "acme": {"region": "eu", "api_key_file": "/run/secrets/token", "sandbox": false},
  "options": {"timeout": "10s", "retry_max_attempts": 5, "retry_initial_delay": "100ms", "retry_max_delay": "2s", "max_webhook_bytes": 4096}
}`

func fullConfig() Config {
	return Config{
		Provider: "robokassa",
		Sections: map[string]Section{
			"robokassa": {
				"merchant_login": goldenLogin, "password1": goldenPass1, "password2_file": "/run/secrets/p2", "password3": goldenPass3,
				"test_password1": goldenTest1, "test_password2": goldenTest2, "test_mode": "true", "algorithm": "SHA256",
				"refund_algorithm": "HS512", "refund_body": "json_string", "invoice_body": "raw_jwt", "currency": "KZT",
				"auth_url": "https://auth.robokassa.kz", "services_url": "https://services.robokassa.ru",
				"culture": "kk", "post_form": "true", "receipt_encoding": "raw_json",
			},
			"clientsdk": {
				"base_url": "https://sbank.test", "merchant_id": sdkMerchant, "product_id": sdkProduct, "secret": sdkSecret,
				"notification_path": "/webhooks", "notification_url": "https://shop.example/webhooks",
			},
			"fake": {"webhook_secret": "fake-hook-secret-42", "currencies": "RUB,EUR", "pay_url": "https://pay.example/"},
			"acme": {"region": "eu", "api_key_file": "/run/secrets/token", "sandbox": "false"},
		},
		Options: Options{
			Timeout: 10 * time.Second, RetryMaxAttempts: 5, RetryInitialDelay: 100 * time.Millisecond,
			RetryMaxDelay: 2 * time.Second, MaxWebhookBytes: 4096,
		},
	}
}

func TestUnmarshalJSON(t *testing.T) {
	t.Parallel()
	var got Config
	if err := json.Unmarshal([]byte(fullJSON), &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fullConfig(), got); diff != "" {
		t.Errorf("decoded config (-want +got):\n%s", diff)
	}
}

// TestUnmarshalJSONKeepsCodeOptions: decoding does not touch what only code
// sets.
func TestUnmarshalJSONKeepsCodeOptions(t *testing.T) {
	t.Parallel()
	now := func() time.Time { return time.Unix(0, 0) }
	c := Config{Options: Options{Now: now}}
	if err := json.Unmarshal([]byte(`{"provider":"fake","options":{"timeout":"1s"}}`), &c); err != nil {
		t.Fatal(err)
	}
	if c.Options.Now == nil || c.Options.Timeout != time.Second {
		t.Errorf("options = %v, want Now kept and Timeout 1s", c.Options.goString())
	}
}

// TestUnmarshalJSONEmbedded: a Config inside an app's own configuration is
// decoded the same, strictly.
func TestUnmarshalJSONEmbedded(t *testing.T) {
	t.Parallel()
	var app struct {
		Listen   string `json:"listen"`
		Payments Config `json:"payments"`
	}
	err := json.Unmarshal([]byte(`{"listen":":8080","payments":{"provider":"fake","fake":{"pay_url":"https://p.example/","colour":"red"}}}`), &app)
	var ce *ConfigError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), `"colour"`) {
		t.Errorf("error = %v, want a *ConfigError naming \"colour\"", err)
	}
}

func TestUnmarshalJSONErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		json      string
		wantField string
		wantText  string
	}{
		{"unknown top-level key", `{"provider":"robokassa","robokasa":{}}`, "config", `unknown key "robokasa"; did you mean "robokassa"?`},
		{"unknown section key", `{"robokassa":{"pasword1":"x"}}`, "config", `robokassa: config has unknown key "pasword1"; did you mean "password1"?`},
		{"unknown secret file key", `{"robokassa":{"password1_flie":"/x"}}`, "config", `unknown key "password1_flie"; did you mean "password1_file"?`},
		{"unknown key far from any", `{"robokassa":{"colour":"x"}}`, "config", `unknown key "colour" (keys are snake_case`},
		{"unknown options key", `{"options":{"timout":"1s"}}`, "options", `unknown key "timout"; did you mean "timeout"?`},
		{"unknown provider section", `{"provider":"tbank","tbnak":{}}`, "config", `unknown key "tbnak"; did you mean "tbank"?`},
		{"boolean as string", `{"robokassa":{"test_mode":"yes"}}`, "robokassa.test_mode", "must be a JSON boolean, not a JSON string"},
		{"secret as number", `{"robokassa":{"password1":12345678}}`, "robokassa.password1", "must be a JSON string, not a JSON number"},
		{"section as string", `{"clientsdk":"13"}`, "clientsdk", "must be a JSON object, not a JSON string"},
		{"third-party value as number", `{"acme":{"region":1}}`, "acme.region", "must be a JSON string, not a JSON number"},
		{"third-party boolean as string", `{"acme":{"sandbox":"1"}}`, "acme.sandbox", "must be a JSON boolean, not a JSON string"},
		{"file of a non-secret", `{"acme":{"region_file":"/r"}}`, "config", `unknown key "region_file"`},
		{"list element with a comma", `{"fake":{"currencies":["RUB,EUR"]}}`, "currencies", "has an element with a comma"},
		{"currencies as string", `{"fake":{"currencies":"RUB"}}`, "fake.currencies", "must be a JSON array, not a JSON string"},
		{"bad duration", `{"options":{"timeout":"10"}}`, "options.timeout", `must be a duration such as "10s", got "10"`},
		{"duration as number", `{"options":{"retry_max_delay":5}}`, "options.retry_max_delay", `must be a duration string such as "10s" or "250ms", not a JSON number`},
		{"timeout as number", `{"options":{"timeout":10}}`, "options.timeout", `must be a duration string such as "10s" or "250ms", not a JSON number`},
		{"timeout as boolean", `{"options":{"timeout":true}}`, "options.timeout", `must be a duration string such as "10s" or "250ms", not a JSON boolean`},
		{"attempts as string", `{"options":{"retry_max_attempts":"3"}}`, "options.retry_max_attempts", "must be a JSON integer, not a JSON string"},
		{"not an object", `["robokassa"]`, "config", "must be a JSON object, not a JSON array"},
		{"options not an object", `{"options":[]}`, "options", "must be a JSON object, not a JSON array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var c Config
			err := json.Unmarshal([]byte(tt.json), &c)
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error = %v (%T), want a *ConfigError", err, err)
			}
			if ce.Field != tt.wantField || !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("error = %q (field %q), want field %q and text %q", err, ce.Field, tt.wantField, tt.wantText)
			}
			if !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("error %v does not wrap payments.ErrInvalidRequest", err)
			}
			if s, ok := containsAny(err.Error(), []string{"12345678"}); ok {
				t.Errorf("error %q repeats the value %q", err, s)
			}
		})
	}
}

// TestUnmarshalJSONTrailingData: called directly, UnmarshalJSON refuses a
// second value after the object (json.Unmarshal refuses it itself).
func TestUnmarshalJSONTrailingData(t *testing.T) {
	t.Parallel()
	var c Config
	err := c.UnmarshalJSON([]byte(`{"provider":"fake"} {"provider":"robokassa"}`))
	if err == nil || err.Error() != "providers: config has data after the configuration object" {
		t.Errorf("error = %v, want trailing data refused", err)
	}
}

// TestMarshalJSONRedactsAndRefuses: marshalled configs carry no secret, keep
// file paths, and decode to a config that Open refuses instead of signing
// with "[redacted]".
func TestMarshalJSONRedactsAndRefuses(t *testing.T) {
	t.Parallel()
	cfg := fullConfig()
	b, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := containsAny(string(b), allSecrets); ok {
		t.Fatalf("json.Marshal wrote secret %q: %s", s, b)
	}
	for _, want := range []string{`"password1":"[redacted]"`, `"password2_file":"/run/secrets/p2"`, `"api_key_file":"/run/secrets/token"`, `"region":"eu"`, `"sandbox":false`, `"currencies":["RUB","EUR"]`, `"test_mode":true`, `"timeout":"10s"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("json.Marshal output lacks %s: %s", want, b)
		}
	}
	var back Config
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("marshalled config does not decode: %v", err)
	}
	if diff := cmp.Diff(fullConfig().Sections["acme"], back.Sections["acme"]); diff != "" {
		t.Errorf("a section without inline secrets does not round-trip (-want +got):\n%s", diff)
	}
	back.Provider = "clientsdk"
	_, err = Open(t.Context(), back)
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Field != "secret" || !strings.Contains(err.Error(), "redaction marker") {
		t.Errorf("Open of a re-decoded config: error = %v, want the redaction marker refused", err)
	}
}
