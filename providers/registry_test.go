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
	"github.com/paykit/payments/providerkit"
)

// acme is a third-party provider as its author would write it, in its own
// package: a registration declaring its settings, and nothing in this
// package. It is registered for the whole test binary, as a program
// registers it at setup.
var _ = Register(acmeRegistration())

func acmeRegistration() providerkit.Registration {
	return providerkit.Registration{
		Name:    "acme",
		Summary: "Acme Payments, a third-party provider",
		Fields: []providerkit.Field{
			{Key: "api_key", Env: "ACME_API_KEY", Help: "the API key", Secret: true, Required: true},
			{Key: "region", Env: "ACME_REGION", Help: "the data centre: eu or us", Default: "eu"},
			{Key: "sandbox", Env: "ACME_SANDBOX", Help: "use Acme's test environment", Kind: providerkit.Bool},
			{Key: "mode", Env: "ACME_MODE", Help: "test switch: unavailable or nil"},
		},
		Open: openAcme,
	}
}

// acmeSeen records the Settings the acme opener last received.
var acmeSeen = make(chan providerkit.Settings, 100)

func openAcme(_ context.Context, s providerkit.Settings) (payments.Provider, error) {
	select {
	case acmeSeen <- s:
	default: // the fuzz targets open acme too, and nobody reads
	}
	if s.HTTPClient == nil || s.HTTPClient.Timeout == 0 {
		return nil, errors.New("acme: no HTTP client with a timeout")
	}
	switch s.Text("mode") {
	case "unavailable":
		return nil, payments.NewError(payments.ErrUnavailable, "", "acme is down")
	case "nil":
		return nil, nil
	}
	if r := s.Text("region"); r != "" && r != "eu" && r != "us" {
		return nil, s.Invalid("region", "must be eu or us, got "+quote(r), nil)
	}
	return paymentstest.New(&paymentstest.Options{Name: "acme", WebhookSecret: s.Secret("api_key")}), nil
}

func TestNames(t *testing.T) {
	t.Parallel()
	want := []string{"acme", "clientsdk", "fake", "robokassa", "tbank"}
	if diff := cmp.Diff(want, Names()); diff != "" {
		t.Errorf("Names (-want +got):\n%s", diff)
	}
	if !slices.IsSorted(Names()) {
		t.Error("Names is not sorted")
	}
}

// TestBuiltinRegistrationsCheck: every built-in registration is well
// formed, and no two providers claim one variable.
func TestBuiltinRegistrationsCheck(t *testing.T) {
	t.Parallel()
	seen := map[string]string{}
	for _, r := range builtin() {
		if err := r.Check(); err != nil {
			t.Error(err)
		}
		for _, f := range r.Fields {
			if other := seen[f.Env]; other != "" {
				t.Errorf("%s and %s both read %s", other, r.Name, f.Env)
			}
			seen[f.Env] = r.Name
		}
	}
}

func TestRegisterPanics(t *testing.T) {
	t.Parallel()
	open := func(context.Context, providerkit.Settings) (payments.Provider, error) { return nil, nil }
	tests := []struct {
		name string
		reg  providerkit.Registration
		want string
	}{
		{"nil open", providerkit.Registration{Name: "other"}, `providerkit: registration "other": Open is nil`},
		{"empty name", providerkit.Registration{Open: open}, `providerkit: registration "": malformed name: want lower-case letters, digits, '-' and '_', starting with a letter`},
		{"upper case", providerkit.Registration{Name: "Acme", Open: open}, `providerkit: registration "Acme": malformed name: want lower-case letters, digits, '-' and '_', starting with a letter`},
		{"space", providerkit.Registration{Name: "my pay", Open: open}, `providerkit: registration "my pay": malformed name: want lower-case letters, digits, '-' and '_', starting with a letter`},
		{"bad key", providerkit.Registration{Name: "other", Open: open, Fields: []providerkit.Field{{Key: "API-KEY", Env: "OTHER_API_KEY"}}},
			`providerkit: registration "other": field key "API-KEY": want lower-case letters, digits and '_', starting with a letter`},
		{"no variable", providerkit.Registration{Name: "other", Open: open, Fields: []providerkit.Field{{Key: "api_key"}}},
			`providerkit: registration "other": field api_key: malformed variable ""`},
		{"key twice", providerkit.Registration{Name: "other", Open: open, Fields: []providerkit.Field{{Key: "token_file", Env: "OTHER_A"}, {Key: "token", Env: "OTHER_B", Secret: true}}},
			`providerkit: registration "other": key token_file given twice`},
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
			Register(tt.reg)
		})
	}
	if diff := cmp.Diff([]string{"acme", "clientsdk", "fake", "robokassa", "tbank"}, Names()); diff != "" {
		t.Errorf("a failed Register changed the registry (-want +got):\n%s", diff)
	}
}

// TestThirdPartyProvider: a provider registered from its registration alone
// gets its variables, NAME_FILE for its secret, its JSON section, required
// fields, redaction and its own errors, with no code in this package; the
// opener gets an HTTP client with a timeout, and its errors reach the
// caller.
func TestThirdPartyProvider(t *testing.T) {
	// Not parallel: it reads what the acme opener records.
	tokenFile := writeSecret(t, "token", "third-party-token-7\n")
	env := map[string]string{
		"PAYMENTS_PROVIDER": "acme",
		"ACME_API_KEY_FILE": tokenFile,
		"ACME_REGION":       "us",
		"ACME_SANDBOX":      "1",
	}
	cfg, err := FromEnv(envMap(env))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Section{"api_key_file": tokenFile, "region": "us", "sandbox": "true"}, cfg.Sections["acme"]); diff != "" {
		t.Errorf("section from the environment (-want +got):\n%s", diff)
	}
	c, err := Open(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := <-acmeSeen
	got := map[string]string{"api_key": s.Secret("api_key").Reveal(), "region": s.Text("region"), "sandbox": fmt.Sprint(s.Bool("sandbox"))}
	if diff := cmp.Diff(map[string]string{"api_key": "third-party-token-7", "region": "us", "sandbox": "true"}, got); diff != "" {
		t.Errorf("settings the opener got (-want +got):\n%s", diff)
	}
	if c.Provider().Name() != "acme" {
		t.Errorf("provider = %q, want acme", c.Provider().Name())
	}
	if diff := cmp.Diff(Section{"api_key_file": tokenFile, "region": "us", "sandbox": "true"}, cfg.Sections["acme"]); diff != "" {
		t.Errorf("Open changed the caller's section (-want +got):\n%s", diff)
	}

	// JSON, by the registration's kinds, and redaction of the secret.
	var fromJSON Config
	if err := fromJSON.UnmarshalJSON([]byte(`{"provider":"acme","acme":{"api_key":"third-party-token-7","region":"eu","sandbox":true}}`)); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Section{"api_key": "third-party-token-7", "region": "eu", "sandbox": "true"}, fromJSON.Sections["acme"]); diff != "" {
		t.Errorf("section from JSON (-want +got):\n%s", diff)
	}
	b, err := fromJSON.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(`{"provider":"acme","acme":{"api_key":"[redacted]","region":"eu","sandbox":true}}`, string(b)); diff != "" {
		t.Errorf("MarshalJSON (-want +got):\n%s", diff)
	}
	for _, out := range []string{fmt.Sprint(fromJSON), fmt.Sprintf("%#v", fromJSON), fmt.Sprintf("%x", fromJSON)} {
		if strings.Contains(out, "third-party-token-7") || !strings.Contains(out, `"api_key":"[redacted]"`) || !strings.Contains(out, `"region":"eu"`) {
			t.Errorf("printed config: %s", out)
		}
	}
	if err := fromJSON.UnmarshalJSON([]byte(`{"acme":{"api_kee":"x"}}`)); err == nil || !strings.Contains(err.Error(), `unknown key "api_kee"`) {
		t.Errorf("unknown acme key: error = %v", err)
	}

	tests := []struct {
		name     string
		section  Section
		want     string
		wantKind error
	}{
		{"missing setting", Section{"region": "eu"}, "providers: acme: api_key is required (env ACME_API_KEY)", payments.ErrInvalidRequest},
		{"value and file", Section{"api_key": "third-party-token-7", "api_key_file": tokenFile}, "providers: acme: api_key and api_key_file are both set; set one (env ACME_API_KEY)", payments.ErrInvalidRequest},
		{"redacted value", Section{"api_key": Redacted}, "providers: acme: api_key holds the redaction marker [redacted]: the config was copied from printed output; set the real secret (env ACME_API_KEY)", payments.ErrInvalidRequest},
		{"invalid setting", Section{"api_key": "third-party-token-7", "region": "mars"}, `providers: acme: region must be eu or us, got "mars" (env ACME_REGION)`, payments.ErrInvalidRequest},
		{"opener failure", Section{"api_key": "k", "mode": "unavailable"}, "providers: acme: payments: provider unavailable: acme is down", payments.ErrUnavailable},
		{"no provider", Section{"api_key": "k", "mode": "nil"}, "providers: acme: opener returned no provider", nil},
		{"no section", nil, `providers: acme: acme section is missing: give a "acme" object or ACME_* variables`, payments.ErrInvalidRequest},
	}
	for _, tt := range tests {
		_, err := Open(t.Context(), configOf("acme", tt.section))
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
// panic, even under a name already registered, whose registration comes
// back afterwards. The built-in providers are there without any init
// function.
func TestRegisterScoped(t *testing.T) {
	// Not parallel: other tests compare Names() while they run.
	open := func(context.Context, providerkit.Settings) (payments.Provider, error) {
		return paymentstest.New(nil), nil
	}
	for round := range 3 {
		unregister := Register(providerkit.Registration{Name: "scoped-test", Open: open})
		again := Register(providerkit.Registration{Name: "scoped-test", Summary: "second", Open: open})
		if r, ok := registration("scoped-test"); !ok || r.Summary != "second" {
			t.Fatalf("round %d: the later registration is not in use: %v", round, r.Summary)
		}
		again()
		if r, ok := registration("scoped-test"); !ok || r.Summary != "" {
			t.Fatalf("round %d: removing the later registration did not bring back the first", round)
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
