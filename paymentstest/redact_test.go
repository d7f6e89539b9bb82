package paymentstest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

const (
	secretKey     = "sk_test_9f8e7d6c5b4a"
	secretWebhook = "whsec_0a1b2c3d4e5f"
	secretCVC     = "987"
)

// renderings returns v as every fmt verb, slog handler and json.Marshal
// show it. The records leave out the time, whose digits could contain a
// short secret such as a CVC by chance.
func renderings(t *testing.T, v any) map[string]string {
	t.Helper()
	out := map[string]string{
		"%v":  fmt.Sprintf("%v", v),
		"%+v": fmt.Sprintf("%+v", v),
		"%#v": fmt.Sprintf("%#v", v),
		"%s":  fmt.Sprintf("%s", v),
	}
	noTime := &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}
	var js, text bytes.Buffer
	slog.New(slog.NewJSONHandler(&js, noTime)).Info("config", "value", v)
	slog.New(slog.NewTextHandler(&text, noTime)).Info("config", "value", v)
	out["slog JSON"] = js.String()
	out["slog text"] = text.String()
	b, err := json.Marshal(v)
	if err != nil {
		t.Errorf("json.Marshal(%T): %v", v, err)
	}
	out["json.Marshal"] = string(b)
	return out
}

func checkRedacted(t *testing.T, what string, v any, secrets ...string) {
	t.Helper()
	for how, s := range renderings(t, v) {
		for _, secret := range secrets {
			if strings.Contains(s, secret) {
				t.Errorf("%s as %s shows %q: %s", what, how, secret, s)
			}
		}
	}
}

func TestRedaction(t *testing.T) {
	t.Parallel()
	cfg := paymentstest.HTTPConfig{BaseURL: "https://fake.example", APIKey: secretKey, WebhookSecret: secretWebhook,
		HTTPClient: &http.Client{}, Currencies: []payments.Currency{payments.RUB}}
	p, err := paymentstest.NewHTTPProvider(cfg)
	if err != nil {
		t.Fatal(err)
	}
	opts := paymentstest.Options{APIKey: secretKey, WebhookSecret: secretWebhook}
	c := &payments.Card{Number: testCard, ExpMonth: 12, ExpYear: 2030, CVC: secretCVC}
	req := &payments.InitRequest{OrderID: "1010", Amount: rub("10.00"), Card: c}
	wreq := payments.WithdrawalRequest{OrderID: "2001", Amount: rub("1.00"), Card: c}
	values := []struct {
		name string
		v    any
	}{
		{"HTTPConfig", cfg},
		{"*HTTPConfig", &cfg},
		{"*HTTPProvider", p},
		{"Options", opts},
		{"*Fake", paymentstest.New(&opts)},
		{"Card", *c},
		{"*InitRequest", req},
		{"WithdrawalRequest", wreq},
		{"struct holding a config", struct{ Cfg paymentstest.HTTPConfig }{cfg}},
		{"struct holding options", struct{ Opts paymentstest.Options }{opts}},
	}
	for _, tt := range values {
		checkRedacted(t, tt.name, tt.v, secretKey, secretWebhook, testCard, secretCVC)
	}
	// The redacted forms still say what they are.
	for _, v := range []any{cfg, opts} {
		for how, s := range renderings(t, v) {
			if !strings.Contains(s, payments.Redacted) {
				t.Errorf("%T as %s does not show that its secrets are set: %s", v, how, s)
			}
		}
	}
	if s := fmt.Sprint(cfg); !strings.Contains(s, "https://fake.example") {
		t.Errorf("HTTPConfig prints %q", s)
	}
	if s := fmt.Sprint(paymentstest.HTTPConfig{}); strings.Contains(s, payments.Redacted) {
		t.Errorf("an empty key prints as set: %q", s)
	}
}

// TestCardNeverInErrorsOrState checks that card numbers reach neither
// errors nor stored state, in process and over HTTP.
func TestCardNeverInErrorsOrState(t *testing.T) {
	t.Parallel()
	f, p := serve(t)
	bad := card()
	bad.Number = "4111111111111112"
	good := card()
	good.CVC = secretCVC
	for name, prov := range map[string]payments.Provider{"fake": f, "http": p} {
		_, err := prov.InitPayment(t.Context(), &payments.InitRequest{OrderID: "1010" + name, Amount: rub("10.00"), Card: bad})
		wantKind(t, err, payments.ErrInvalidRequest)
		if strings.Contains(err.Error(), bad.Number) || strings.Contains(fmt.Sprintf("%#v", err), bad.Number) {
			t.Errorf("%s: error shows the card number: %v", name, err)
		}
		pay, err := prov.InitPayment(t.Context(), &payments.InitRequest{OrderID: "1011" + name, Amount: rub("10.00"), Card: good})
		if err != nil {
			t.Fatal(err)
		}
		if s := fmt.Sprintf("%#v", pay); strings.Contains(s, testCard) || strings.Contains(s, secretCVC) || !strings.Contains(s, maskCard) {
			t.Errorf("%s: payment %s", name, s)
		}
	}
	stored, _ := f.Payment("1011http")
	if s := fmt.Sprintf("%#v", stored); strings.Contains(s, testCard) || strings.Contains(s, secretCVC) {
		t.Errorf("stored payment holds the card number or CVC: %s", s)
	}
}
