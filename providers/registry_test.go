package providers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

// acme is a third-party provider as its author would register it: from
// init, configured by Settings.
func init() {
	Register("acme", openAcme)
}

// acmeSeen records the Settings the acme opener last received.
var acmeSeen = make(chan map[string]string, 100)

func openAcme(_ context.Context, cfg Config) (payments.Provider, error) {
	select {
	case acmeSeen <- cfg.Settings:
	default: // the fuzz targets open acme too, and nobody reads
	}
	if cfg.Options.HTTPClient == nil || cfg.Options.HTTPClient.Timeout == 0 {
		return nil, errors.New("acme: no HTTP client with a timeout")
	}
	switch cfg.Settings["mode"] {
	case "unavailable":
		return nil, payments.NewError(payments.ErrUnavailable, "", "acme is down")
	case "nil":
		return nil, nil
	}
	key := cfg.Settings["api_key"]
	if key == "" {
		return nil, &ConfigError{Provider: "acme", Field: "settings.api_key", Env: "PAYMENTS_SETTING_API_KEY", Reason: "is required"}
	}
	return paymentstest.New(&paymentstest.Options{Name: "acme", WebhookSecret: key}), nil
}

func TestNames(t *testing.T) {
	t.Parallel()
	want := []string{"acme", "clientsdk", "fake", "robokassa"}
	if diff := cmp.Diff(want, Names()); diff != "" {
		t.Errorf("Names (-want +got):\n%s", diff)
	}
	if !slices.IsSorted(Names()) {
		t.Error("Names is not sorted")
	}
}

func TestRegisterPanics(t *testing.T) {
	t.Parallel()
	opener := func(context.Context, Config) (payments.Provider, error) { return nil, nil }
	tests := []struct {
		name   string
		reg    string
		opener Opener
		want   string
	}{
		{"twice", "acme", opener, "providers: Register called twice for provider acme"},
		{"a built-in name", "robokassa", opener, "providers: Register called twice for provider robokassa"},
		{"nil opener", "other", nil, "providers: Register: nil opener for other"},
		{"empty name", "", opener, `providers: Register: malformed provider name ""`},
		{"upper case", "Acme", opener, `providers: Register: malformed provider name "Acme"`},
		{"space", "my pay", opener, `providers: Register: malformed provider name "my pay"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			defer func() {
				r := recover()
				if fmt.Sprint(r) != tt.want {
					t.Errorf("panic = %v, want %q", r, tt.want)
				}
			}()
			Register(tt.reg, tt.opener)
		})
	}
	if diff := cmp.Diff([]string{"acme", "clientsdk", "fake", "robokassa"}, Names()); diff != "" {
		t.Errorf("a failed Register changed the registry (-want +got):\n%s", diff)
	}
}

// TestThirdPartyProvider runs a registered provider from Settings: files
// are read and passed under the shorter key, the opener gets an HTTP client
// with a timeout, and its errors reach the caller.
func TestThirdPartyProvider(t *testing.T) {
	// Not parallel: it reads what the acme opener records.
	tokenFile := writeSecret(t, "token", "third-party-token-7\n")
	env := map[string]string{
		"PAYMENTS_PROVIDER":             "acme",
		"PAYMENTS_SETTINGS":             "api_key,region",
		"PAYMENTS_SETTING_API_KEY_FILE": tokenFile,
		"PAYMENTS_SETTING_REGION":       "eu",
	}
	cfg, err := FromEnv(envMap(env))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Open(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"api_key": "third-party-token-7", "region": "eu"}, <-acmeSeen); diff != "" {
		t.Errorf("settings the opener got (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"api_key_file": tokenFile, "region": "eu"}, cfg.Settings); diff != "" {
		t.Errorf("Open changed the caller's settings (-want +got):\n%s", diff)
	}
	if c.Provider().Name() != "acme" {
		t.Errorf("provider = %q, want acme", c.Provider().Name())
	}

	tests := []struct {
		name     string
		settings map[string]string
		want     string
		wantKind error
	}{
		{"missing setting", map[string]string{"region": "eu"}, "providers: acme: settings.api_key is required (env PAYMENTS_SETTING_API_KEY)", payments.ErrInvalidRequest},
		{"value and file", map[string]string{"api_key": "third-party-token-7", "api_key_file": tokenFile}, "providers: acme: settings.api_key and api_key_file are both set; set one (env PAYMENTS_SETTING_API_KEY)", payments.ErrInvalidRequest},
		{"redacted value", map[string]string{"api_key": Redacted}, "providers: acme: settings.api_key holds the redaction marker [redacted]: the config was copied from printed output; set the real secret (env PAYMENTS_SETTING_API_KEY)", payments.ErrInvalidRequest},
		{"opener failure", map[string]string{"mode": "unavailable"}, "providers: acme: payments: provider unavailable: acme is down", payments.ErrUnavailable},
		{"bad key", map[string]string{"API-KEY": "third-party-token-7"}, `providers: acme: settings has key "API-KEY"; keys are lower-case letters, digits and '_', starting with a letter`, payments.ErrInvalidRequest},
		{"no provider", map[string]string{"mode": "nil"}, "providers: acme: opener returned no provider", nil},
	}
	for _, tt := range tests {
		_, err := Open(t.Context(), Config{Provider: "acme", Settings: tt.settings})
		for len(acmeSeen) > 0 {
			<-acmeSeen
		}
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: error = %v\nwant    %s", tt.name, err, tt.want)
		}
		if tt.wantKind != nil && !errors.Is(err, tt.wantKind) {
			t.Errorf("%s: error %v does not wrap %v", tt.name, err, tt.wantKind)
		}
		if err != nil && strings.Contains(err.Error(), "third-party-token-7") {
			t.Errorf("%s: error %q repeats the secret", tt.name, err)
		}
	}
}

// Register returns a function that removes the registration, so that a
// test can register a provider for its own duration, and the next test (or
// the same test run again with -count) can register it again without a
// panic. The built-in providers are there without any init function.
func TestRegisterScoped(t *testing.T) {
	// Not parallel: other tests compare Names() while they run.
	opener := func(context.Context, Config) (payments.Provider, error) { return paymentstest.New(nil), nil }
	for round := range 3 {
		unregister := Register("scoped-test", opener)
		if !slices.Contains(Names(), "scoped-test") {
			t.Fatalf("round %d: registered name missing from Names()", round)
		}
		unregister()
		unregister() // idempotent
		if slices.Contains(Names(), "scoped-test") {
			t.Fatalf("round %d: name still registered after unregister", round)
		}
	}
	for _, name := range []string{"robokassa", "clientsdk", "fake"} {
		if _, err := lookup(name); err != nil {
			t.Errorf("built-in %q: %v", name, err)
		}
	}
}
