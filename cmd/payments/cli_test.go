package main

import (
	"context"
	"net/http/httputil"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
	"github.com/paykit/payments/providers"
)

// TestHelp checks that every command has --help and -h, that help goes to
// standard output with exit code 0, and that it documents the exit codes.
func TestHelp(t *testing.T) {
	t.Parallel()
	tl := newTool(t, nil)
	var cases [][]string
	cases = append(cases, []string{"--help"}, []string{"-h"}, []string{"help"}, []string{"help", "config"})
	for _, c := range commands() {
		cases = append(cases, []string{c.name, "--help"}, []string{c.name, "-h"}, []string{"help", c.name})
	}
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := tl.run(args...)
			wantCode(t, r, exitOK)
			if r.stderr != "" {
				t.Errorf("help wrote to standard error:\n%s", r.stderr)
			}
			if args[0] == "help" && len(args) == 2 && args[1] == "config" {
				for _, v := range []string{"PAYMENTS_PROVIDER", "ROBOKASSA_PASSWORD1_FILE", "CLIENTSDK_SECRET_FILE", "PAYMENTS_CONFIG"} {
					if !strings.Contains(r.stdout, v) {
						t.Errorf("help config lacks %s", v)
					}
				}
				return
			}
			for _, s := range []string{"Usage:", "Exit codes:", "3  outcome unknown", "5  the webhook is invalid"} {
				if !strings.Contains(r.stdout, s) {
					t.Errorf("help lacks %q:\n%s", s, r.stdout)
				}
			}
		})
	}
}

// TestUsageErrors checks exit code 2 and the message for bad invocations,
// as text on standard error and as a JSON error object with -json.
func TestUsageErrors(t *testing.T) {
	t.Parallel()
	env := map[string]string{"PAYMENTS_PROVIDER": "fake"}
	tests := []struct {
		name string
		args []string
		want string // in the message
	}{
		{"no command", nil, "no command given"},
		{"unknown command", []string{"pay"}, `unknown command "pay"`},
		{"unknown flag", []string{"link", "-order", "1", "-amount", "1.00", "-card", "4111"}, "flag provided but not defined: -card"},
		{"missing order", []string{"link", "-amount", "1.00"}, "missing -order"},
		{"missing amount", []string{"link", "-order", "1"}, "missing -amount"},
		{"bad amount", []string{"link", "-order", "1", "-amount", "1,50"}, `malformed amount "1,50"`},
		{"too many decimals", []string{"refund", "-order", "1", "-reference", "r1", "-amount", "1.005"}, "3 decimal places"},
		{"refund without reference", []string{"refund", "-order", "1"}, "missing -reference"},
		{"refund-status neither", []string{"refund-status"}, "give -id, or -order and -reference"},
		{"refund-status order alone", []string{"refund-status", "-id", "r-1", "-order", "1"}, "give -order and -reference together"},
		{"unknown currency", []string{"balance", "-currency", "XXY"}, `unknown currency "XXY"`},
		{"extra argument", []string{"status", "-order", "1", "now"}, `unexpected argument "now"`},
		{"status neither", []string{"status"}, "give -order or -id"},
		{"status id with amount", []string{"status", "-id", "p-1", "-amount", "1.00"}, "-amount takes -order, not -id"},
		{"no card", []string{"withdraw", "-order", "1", "-amount", "1.00"}, "missing -card-file or -card-stdin"},
		{"both cards", []string{"withdraw", "-order", "1", "-amount", "1.00", "-card-file", "x", "-card-stdin"}, "not both"},
		{"withdrawal neither", []string{"withdrawal-status"}, "give -order or -id"},
		{"withdrawal both", []string{"withdrawal-status", "-order", "1", "-id", "2"}, "not both"},
		{"verify two files", []string{"verify-webhook", "a", "b"}, "at most one file"},
		{"verify missing file", []string{"verify-webhook", "-file", "/nonexistent/capture"}, "reading the captured webhook"},
		{"help unknown", []string{"help", "pay"}, `unknown command "pay"`},
		{"sandbox algorithm", []string{"sandbox", "-algorithm", "CRC32"}, "-algorithm must be"},
		{"bad expiry", []string{"link", "-order", "1", "-amount", "1.00", "-expires", "-1h"}, "-expires must be positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tl := newTool(t, env)
			r := tl.run(tt.args...)
			wantCode(t, r, exitUsage)
			if !strings.Contains(r.stderr, tt.want) || !strings.Contains(r.stderr, "usage") {
				t.Errorf("stderr lacks %q and a pointer to the usage:\n%s", tt.want, r.stderr)
			}
			r = tl.run(append([]string{"-json"}, tt.args...)...)
			wantCode(t, r, exitUsage)
			if e := decode[errorJSON](t, r); e.Error.Kind != kindUsage || !strings.Contains(e.Error.Message, tt.want) {
				t.Errorf("JSON error %+v, want kind usage with %q", e.Error, tt.want)
			}
		})
	}
}

// TestConfigErrors checks that configuration problems, a missing secret
// above all, fail with exit code 2 before anything is sent, naming the
// variable and never a secret.
func TestConfigErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	badJSON := secretFile(t, dir, "bad.json", `{"provider":"robokassa","robokassa":{"password1": `+testRKPassword1+`}}`)
	typo := secretFile(t, dir, "typo.json", `{"provider":"robokassa","robokassa":{"merchant_login":"x","pasword1":"`+testRKPassword1+`"}}`)
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no provider", nil, []string{"status", "-order", "1"}, "no provider configured: set PAYMENTS_PROVIDER"},
		{"unknown provider", map[string]string{"PAYMENTS_PROVIDER": "stripe"}, []string{"status", "-order", "1"}, "robokassa"},
		{"missing robokassa password", map[string]string{
			"PAYMENTS_PROVIDER": "robokassa", "ROBOKASSA_MERCHANT_LOGIN": "shop", "ROBOKASSA_ALGORITHM": "MD5",
			"ROBOKASSA_PASSWORD2": testRKPassword2,
		}, []string{"link", "-order", "1", "-amount", "1.00"}, "ROBOKASSA_PASSWORD1"},
		{"missing clientsdk secret", map[string]string{
			"PAYMENTS_PROVIDER": "clientsdk", "CLIENTSDK_MERCHANT_ID": "13", "CLIENTSDK_PRODUCT_ID": "15", "CLIENTSDK_NOTIFICATION_PATH": "/webhooks",
		}, []string{"balance"}, "CLIENTSDK_SECRET"},
		{"unreadable secret file", map[string]string{
			"PAYMENTS_PROVIDER": "clientsdk", "CLIENTSDK_MERCHANT_ID": "13", "CLIENTSDK_PRODUCT_ID": "15", "CLIENTSDK_NOTIFICATION_PATH": "/webhooks",
			"CLIENTSDK_SECRET_FILE": filepath.Join(dir, "missing"),
		}, []string{"balance"}, "CLIENTSDK_SECRET"},
		{"malformed variable", map[string]string{"PAYMENTS_PROVIDER": "fake", "PAYMENTS_TIMEOUT": "soon"}, []string{"balance"}, "PAYMENTS_TIMEOUT"},
		{"missing config file", nil, []string{"-config", filepath.Join(dir, "none.json"), "balance"}, "reading the configuration"},
		{"malformed config file", nil, []string{"balance", "-config", badJSON}, "not valid JSON"},
		{"config file typo", nil, []string{"balance", "-config", typo}, "pasword1"},
		{"PAYMENTS_CONFIG", map[string]string{"PAYMENTS_CONFIG": badJSON}, []string{"balance"}, "not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tl := newTool(t, tt.env)
			r := tl.run(tt.args...)
			wantCode(t, r, exitUsage)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, r.stderr)
			}
			r = tl.run(append([]string{"--json"}, tt.args...)...)
			wantCode(t, r, exitUsage)
			if e := decode[errorJSON](t, r); e.Error.Kind != kindConfig {
				t.Errorf("JSON error kind %q, want %q", e.Error.Kind, kindConfig)
			}
		})
	}
}

// TestConfigFile reads the provider from a -config JSON file instead of
// the environment, with the secret in a file of its own.
func TestConfigFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	secret := secretFile(t, dir, "fake-secret", testCSSecret)
	cfg := secretFile(t, dir, "payments.json", `{"provider":"fake","fake":{"webhook_secret_file":"`+secret+`","currencies":["RUB","EUR"]}}`)
	// The environment names another provider: the file wins.
	tl := newTool(t, map[string]string{"PAYMENTS_PROVIDER": "robokassa"})
	r := tl.run("link", "-config", cfg, "-json", "-order", "order-1", "-amount", "15.50", "-currency", "eur")
	wantCode(t, r, exitOK)
	p := decode[paymentJSON](t, r)
	if p.Provider != "fake" || p.Amount != "15.50" || p.Currency != "EUR" || !strings.HasPrefix(p.NextStep.URL, paymentstest.DefaultPayURL) {
		t.Errorf("link JSON %+v", p)
	}
	// The fake is new on every run: it knows no order.
	r = tl.run("-config", cfg, "status", "-order", "order-1")
	wantCode(t, r, exitFailed)
}

// TestFakeWebhook verifies the fake provider's signed webhook, raw and
// tampered, and a webhook signed with another secret.
func TestFakeWebhook(t *testing.T) {
	t.Parallel()
	fake := paymentstest.New(nil)
	client, err := payments.New(fake, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := client.InitPayment(ctx, &payments.InitRequest{OrderID: "o-1", Amount: payments.MustParseMoney("12.30", payments.RUB)}); err != nil {
		t.Fatal(err)
	}
	if err := fake.MarkPaid("o-1"); err != nil {
		t.Fatal(err)
	}
	req, err := fake.PaymentWebhook("o-1")
	if err != nil {
		t.Fatal(err)
	}
	dump, err := httputil.DumpRequest(req, true)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "webhook.http")
	if err := os.WriteFile(file, dump, 0o600); err != nil {
		t.Fatal(err)
	}
	// The fake's default secret is public: PAYMENTS_PROVIDER=fake alone is
	// refused, naming both ways out.
	r := newTool(t, map[string]string{"PAYMENTS_PROVIDER": "fake"}).run("verify-webhook", file)
	wantCode(t, r, exitUsage)
	for _, want := range []string{"PAYMENTS_FAKE_WEBHOOK_SECRET", "PAYMENTS_FAKE_UNSAFE_PUBLIC_WEBHOOK_SECRET=true"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("fake without a secret: stderr lacks %s:\n%s", want, r.stderr)
		}
	}
	// With the opt-in, for offline development, it verifies and warns.
	tl := newTool(t, map[string]string{"PAYMENTS_PROVIDER": "fake", "PAYMENTS_FAKE_UNSAFE_PUBLIC_WEBHOOK_SECRET": "true"})
	r = tl.run("verify-webhook", file)
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "Webhook valid (fake)") || !strings.Contains(r.stdout, "12.30 RUB") {
		t.Errorf("output:\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, "warning: "+providers.UnsafeFakeWarning) {
		t.Errorf("no warning that the public secret is in use:\n%s", r.stderr)
	}

	other := newTool(t, map[string]string{"PAYMENTS_PROVIDER": "fake", "PAYMENTS_FAKE_WEBHOOK_SECRET": testCSSecret})
	r = other.run("verify-webhook", "-json", "-file", file)
	wantCode(t, r, exitWebhook)
	if v := decode[verifyJSON](t, r); v.Valid || v.Error.Kind != kindInvalidSignature {
		t.Errorf("another secret: %+v", v)
	}

	r = tl.runStdin("", "verify-webhook")
	wantCode(t, r, exitWebhook)
	if !strings.Contains(r.stderr, "malformed: the input is empty") {
		t.Errorf("empty input:\n%s", r.stderr)
	}
}

// TestCardInput checks that a card number is read only from a file or
// stdin, that bad input is a usage error which never echoes it, and that a
// file readable by others is warned about.
func TestCardInput(t *testing.T) {
	t.Parallel()
	env := map[string]string{"PAYMENTS_PROVIDER": "fake"}
	tests := []struct {
		name  string
		stdin string
		want  string
	}{
		{"not digits", "4111-1111-1111-111x", "only the card number"},
		{"Luhn", "4111111111111112", "fails the Luhn check"},
		{"short", "411111", "12 to 19 digits"},
		{"empty", "\n", "the card number is empty"},
		{"too long", strings.Repeat(testCard, 20), "larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tl := newTool(t, env)
			r := tl.runStdin(tt.stdin, "withdraw", "-order", "1", "-amount", "1.00", "-card-stdin")
			wantCode(t, r, exitUsage)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, r.stderr)
			}
			if strings.Contains(r.output(), "4111111111111112") || strings.Contains(r.output(), "111x") {
				t.Errorf("the card input was echoed:\n%s", r.output())
			}
		})
	}

	t.Run("readable file", func(t *testing.T) {
		t.Parallel()
		file := filepath.Join(t.TempDir(), "card")
		if err := os.WriteFile(file, []byte(testCard), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(file, 0o644); err != nil { // past the umask
			t.Fatal(err)
		}
		tl := newTool(t, env)
		r := tl.run("withdraw", "-order", "1", "-amount", "1.00", "-card-file", file)
		if !strings.Contains(r.stderr, "readable by other users") {
			t.Errorf("no warning about the card file's mode:\n%s", r.stderr)
		}
	})
}
