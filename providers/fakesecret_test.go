package providers

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

// forgedPayment is what anyone who reads paymentstest's documentation can
// send: "succeeded, 9999.00 RUB", signed with the public default secret.
func forgedPayment() *http.Request {
	return paymentstest.New(nil).SignWebhook(paymentstest.WebhookData{
		EventID: "evt_1", Type: payments.EventPayment, OrderID: "1001", PaymentID: "pay_1",
		Status: payments.StatusSucceeded, Amount: payments.MustParseMoney("9999.00", payments.RUB),
	})
}

// deliver sends r to client's webhook handler and reports the answer and
// whether the app's function ran.
func deliver(client *payments.Client, r *http.Request) (code int, called bool) {
	h := client.WebhookHandler(func(context.Context, *payments.Event) error {
		called = true
		return nil
	}, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec.Code, called
}

// TestFakeRefusesPublicSecret: configuration alone never opens a fake whose
// webhook endpoint accepts the public secret. PAYMENTS_PROVIDER=fake alone,
// an empty section, the JSON {"provider":"fake"} and an explicit public
// default are all refused with a *ConfigError that names both ways out.
func TestFakeRefusesPublicSecret(t *testing.T) {
	t.Parallel()
	fromEnv := func(env map[string]string) Config {
		c, err := FromEnv(envMap(env))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	var fromJSON Config
	if err := json.Unmarshal([]byte(`{"provider":"fake","fake":{"currencies":["RUB"]}}`), &fromJSON); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		cfg  Config
	}{
		{"PAYMENTS_PROVIDER=fake alone", fromEnv(map[string]string{"PAYMENTS_PROVIDER": "fake"})},
		{"public default in the environment", fromEnv(map[string]string{"PAYMENTS_PROVIDER": "fake", "PAYMENTS_FAKE_WEBHOOK_SECRET": paymentstest.DefaultWebhookSecret})},
		{"opt-in false", fromEnv(map[string]string{"PAYMENTS_PROVIDER": "fake", "PAYMENTS_FAKE_UNSAFE_PUBLIC_WEBHOOK_SECRET": "false"})},
		{"JSON without a secret", fromJSON},
		{"empty section", configOf("fake", Section{})},
		{"public default from a file", configOf("fake", Section{"webhook_secret_file": writeSecret(t, "hook", paymentstest.DefaultWebhookSecret+"\n")})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, err := Open(t.Context(), tt.cfg)
			if err == nil {
				code, called := deliver(client, forgedPayment())
				t.Fatalf("Open succeeded; a forged \"succeeded, 9999.00 RUB\" webhook was answered %d, app called: %v", code, called)
			}
			var ce *ConfigError
			if !errors.As(err, &ce) || !errors.Is(err, payments.ErrInvalidRequest) || ce.Provider != "fake" || ce.Field != "webhook_secret" {
				t.Fatalf("Open: %#v, want a *ConfigError for fake's webhook_secret", err)
			}
			for _, want := range []string{"PAYMENTS_FAKE_WEBHOOK_SECRET", "webhook_secret_file", "unsafe_public_webhook_secret", "PAYMENTS_FAKE_UNSAFE_PUBLIC_WEBHOOK_SECRET=true"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not name %s", err, want)
				}
			}
			if strings.Contains(err.Error(), paymentstest.DefaultWebhookSecret) {
				t.Errorf("error %q repeats the secret", err)
			}
		})
	}
}

// TestFakeOwnSecret: with a secret of its own, the fake opens and its
// endpoint refuses the public secret's forgeries.
func TestFakeOwnSecret(t *testing.T) {
	t.Parallel()
	cfg, err := FromEnv(envMap(map[string]string{
		"PAYMENTS_PROVIDER": "fake", "PAYMENTS_FAKE_WEBHOOK_SECRET": "fake-hook-secret-42", "PAYMENTS_FAKE_MERCHANT_ID": "shop-7",
	}))
	if err != nil {
		t.Fatal(err)
	}
	client, err := Open(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if code, called := deliver(client, forgedPayment()); code != http.StatusForbidden || called {
		t.Errorf("forged webhook: answered %d, app called: %v; want 403, not called", code, called)
	}
	fake := client.Provider().(*paymentstest.Fake)
	ev, err := client.VerifyWebhook(t.Context(), fake.SignWebhook(paymentstest.WebhookData{
		EventID: "evt_1", Type: payments.EventPayment, OrderID: "1001", Status: payments.StatusSucceeded, Amount: payments.MustParseMoney("10.00", payments.RUB),
	}))
	if err != nil {
		t.Fatalf("the fake's own webhook: %v", err)
	}
	if ev.ID != "shop-7:evt_1" {
		t.Errorf("event id %q, want shop-7:evt_1 (PAYMENTS_FAKE_MERCHANT_ID)", ev.ID)
	}
}

// TestFakeUnsafeOptIn: the loudly named opt-in opens the fake with the
// public secret for offline development, and says it is unsafe: in the
// printed and logged config and in a warning on the Client's logger.
func TestFakeUnsafeOptIn(t *testing.T) {
	t.Parallel()
	cfg, err := FromEnv(envMap(map[string]string{"PAYMENTS_PROVIDER": "fake", "PAYMENTS_FAKE_UNSAFE_PUBLIC_WEBHOOK_SECRET": "true"}))
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	cfg.Options.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	client, err := Open(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if code, called := deliver(client, forgedPayment()); code != http.StatusOK || !called {
		t.Errorf("with the opt-in, the public secret's webhook: answered %d, app called: %v; want 200, called", code, called)
	}
	if !strings.Contains(logs.String(), `"level":"WARN","msg":"`+UnsafeFakeWarning+`"`) {
		t.Errorf("Open logged no warning:\n%s", logs.String())
	}
	var text bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("config", "cfg", cfg)
	b, _ := json.Marshal(cfg)
	for _, r := range []struct{ how, out, want string }{
		{"%v", fmt.Sprintf("%v", cfg), `"unsafe_public_webhook_secret":"true"`},
		{"slog", text.String(), "cfg.fake.unsafe_public_webhook_secret=true"},
		{"JSON", string(b), `"unsafe_public_webhook_secret":true`},
	} {
		if !strings.Contains(r.out, r.want) {
			t.Errorf("config as %s does not say it is unsafe (%s): %s", r.how, r.want, r.out)
		}
	}

	// Without a logger, Open still works and logs nothing.
	cfg.Options.Logger = nil
	if _, err := Open(t.Context(), cfg); err != nil {
		t.Fatal(err)
	}
	// The opt-in does not weaken a configured secret.
	cfg.Sections["fake"]["webhook_secret"] = "fake-hook-secret-42"
	client, err = Open(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if code, called := deliver(client, forgedPayment()); code != http.StatusForbidden || called {
		t.Errorf("opt-in with an own secret, forged webhook: answered %d, app called: %v; want 403", code, called)
	}
}
