package providerkit_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

const acmeKey = "acme-key-Zq9x7"

func acme() providerkit.Registration {
	return providerkit.Registration{
		Name: "acme",
		Fields: []providerkit.Field{
			{Key: "api_key", Env: "ACME_API_KEY", Secret: true, Required: true},
			{Key: "region", Env: "ACME_REGION"},
			{Key: "sandbox", Env: "ACME_SANDBOX", Kind: providerkit.Bool},
			{Key: "currencies", Env: "ACME_CURRENCIES", Kind: providerkit.List},
			{Key: "base_url", Env: "ACME_BASE_URL"},
		},
		Open: openNothing,
	}
}

func TestSettingsValues(t *testing.T) {
	t.Parallel()
	values := map[string]string{"api_key": acmeKey, "region": "eu", "sandbox": "true", "currencies": " RUB,, eur ,"}
	s := providerkit.NewSettings(acme(), values)
	values["region"] = "changed" // NewSettings keeps its own copy
	got := []any{s.Provider(), s.Secret("api_key").Reveal(), s.Text("region"), s.Bool("sandbox"), s.List("currencies"), s.Has("region"), s.Has("base_url"), s.Text("base_url"), s.List("base_url")}
	want := []any{"acme", acmeKey, "eu", true, []string{"RUB", "eur"}, true, false, "", []string(nil)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("accessors (-want +got):\n%s", diff)
	}
	var zero providerkit.Settings
	if zero.Text("region") != "" || zero.Has("api_key") || zero.Bool("sandbox") {
		t.Error("the zero Settings has values")
	}
}

// TestSettingsNeverPrint: Settings print, log and marshal without any
// value, under every verb, bad ones included (fmt follows a pointer for a
// bad verb, and prints an unexported map without the values' methods).
func TestSettingsNeverPrint(t *testing.T) {
	t.Parallel()
	s := providerkit.NewSettings(acme(), map[string]string{"api_key": acmeKey, "region": "eu"})
	var out bytes.Buffer
	for _, v := range []any{s, &s, []any{s}, map[string]any{"k": s}, struct{ S providerkit.Settings }{s}} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d", "%t", "%-30s"} {
			fmt.Fprintf(&out, verb+"\n", v)
		}
		b, _ := json.Marshal(v)
		out.Write(b)
		slog.New(slog.NewTextHandler(&out, nil)).Info("m", "s", v)
		slog.New(slog.NewJSONHandler(&out, nil)).Info("m", "s", v)
	}
	for _, secret := range []string{acmeKey, fmt.Sprintf("%x", acmeKey)} {
		if strings.Contains(out.String(), secret) {
			t.Fatalf("Settings printed a value:\n%s", out.String())
		}
	}
}

func TestSettingsInvalid(t *testing.T) {
	t.Parallel()
	s := providerkit.NewSettings(acme(), nil)
	cause := errors.New("the cause")
	tests := []struct {
		name      string
		err       error
		want      string
		wantCause error
	}{
		{"field", s.Invalid("region", "must be eu or us", nil), "providers: acme: region must be eu or us (env ACME_REGION)", nil},
		{"file of a secret", s.Invalid("api_key_file", "cannot be read", os.ErrNotExist), "providers: acme: api_key_file cannot be read (env ACME_API_KEY_FILE)", os.ErrNotExist},
		{"with a cause", s.Invalid("config", "is invalid: the cause", cause), "providers: acme: config is invalid: the cause", cause},
		{"no such field", s.Invalid("regoin", "is wrong", nil), "providers: acme: regoin is wrong", nil},
	}
	for _, tt := range tests {
		if tt.err.Error() != tt.want {
			t.Errorf("%s: error = %q\nwant    %q", tt.name, tt.err, tt.want)
		}
		if !errors.Is(tt.err, payments.ErrInvalidRequest) {
			t.Errorf("%s: error does not wrap payments.ErrInvalidRequest", tt.name)
		}
		if tt.wantCause != nil && !errors.Is(tt.err, tt.wantCause) {
			t.Errorf("%s: error does not wrap its cause", tt.name)
		}
		var ce *providerkit.ConfigError
		if !errors.As(tt.err, &ce) || ce.Provider != "acme" {
			t.Errorf("%s: error %v is not acme's *ConfigError", tt.name, tt.err)
		}
	}
	var ce *providerkit.ConfigError
	if !errors.As(s.Invalid("regoin", "is wrong", nil), &ce) || ce.Err == nil {
		t.Error("an error naming an undeclared key does not say so in its cause")
	}
}

func TestSettingsURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, url  string
		allowQuery bool
		want       string // "" for no error
	}{
		{"unset", "", false, ""},
		{"https", "https://pay.example/api", false, ""},
		{"http", "http://127.0.0.1:8080", false, ""},
		{"query allowed", "https://shop.example/hooks?shop=1", true, ""},
		{"relative", "pay.example/api", false, "must be an absolute http or https URL"},
		{"ftp", "ftp://pay.example", false, "must be an absolute http or https URL"},
		{"opaque", "https:pay.example", false, "must be an absolute http or https URL"},
		{"user info", "https://u:" + acmeKey + "@pay.example", false, "must not carry a user name or password"},
		{"query", "https://pay.example/?key=" + acmeKey, false, "must not have a query"},
		{"empty query", "https://pay.example/?", false, "must not have a query"},
		{"fragment", "https://pay.example/#" + acmeKey, true, "must not have a fragment"},
		{"empty fragment", "https://pay.example/#", true, "must not have a fragment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := providerkit.NewSettings(acme(), map[string]string{"base_url": tt.url})
			got, err := s.URL("base_url", tt.allowQuery)
			if tt.want == "" {
				if err != nil || got != tt.url {
					t.Errorf("URL = %q, %v; want %q", got, err, tt.url)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "ACME_BASE_URL") {
				t.Errorf("error = %v, want %q naming ACME_BASE_URL", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), acmeKey) {
				t.Errorf("error %q repeats the URL", err)
			}
		})
	}
}

func TestSnakeCase(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"TestPassword1": "test_password1", "AuthURL": "auth_url", "MerchantID": "merchant_id",
		"Password1": "password1", "Secret": "secret", "NotificationURL": "notification_url", "": "",
	} {
		if got := providerkit.SnakeCase(in); got != want {
			t.Errorf("SnakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestConfigErrorText(t *testing.T) {
	t.Parallel()
	cause := errors.New("open /x: no such file")
	tests := []struct {
		name string
		err  *providerkit.ConfigError
		want string
	}{
		{"common field", &providerkit.ConfigError{Field: "options.timeout", Env: "PAYMENTS_TIMEOUT", Reason: "must not be negative"}, "providers: options.timeout must not be negative (env PAYMENTS_TIMEOUT)"},
		{"provider field", &providerkit.ConfigError{Provider: "robokassa", Field: "password1", Env: "ROBOKASSA_PASSWORD1", Reason: "is required"}, "providers: robokassa: password1 is required (env ROBOKASSA_PASSWORD1)"},
		{"variable as field", &providerkit.ConfigError{Field: "PAYMENTS_TIMEOUT", Env: "PAYMENTS_TIMEOUT", Reason: "must be a duration"}, "providers: PAYMENTS_TIMEOUT must be a duration"},
		{"cause only", &providerkit.ConfigError{Provider: "acme", Field: "config", Err: cause}, "providers: acme: config: open /x: no such file"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("%s: %q\nwant %q", tt.name, got, tt.want)
		}
		if !errors.Is(tt.err, payments.ErrInvalidRequest) {
			t.Errorf("%s: does not wrap payments.ErrInvalidRequest", tt.name)
		}
	}
	if !errors.Is(tests[3].err, cause) {
		t.Error("ConfigError does not wrap its cause")
	}
}
