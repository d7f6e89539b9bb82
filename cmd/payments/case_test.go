package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providers"
)

// caseRow is one spelling of a provider name or currency code, and what
// it means everywhere: want is the normalised name or code, "" when every
// place refuses it.
type caseRow struct {
	name string
	in   string
	want string
}

// TestCurrencyCaseEverywhere: a currency code is accepted in any case and
// normalised to upper case by the library (ParseCurrency, ParseMoney,
// MinorUnits) and by the CLI's -currency (link, balance, receipts), and
// refused by all alike otherwise, Unicode look-alikes included.
func TestCurrencyCaseEverywhere(t *testing.T) {
	t.Parallel()
	rows := []caseRow{
		{"upper", "RUB", "RUB"},
		{"lower", "rub", "RUB"},
		{"mixed", "eUr", "EUR"},
		{"unknown", "xyz", ""},
		{"dotless i upper-cases to I under Unicode", "\u0131dr", ""},
		{"Kelvin sign lower-cases to k under Unicode", "\u212Azt", ""},
	}
	env := map[string]string{"PAYMENTS_PROVIDER": "fake", "PAYMENTS_FAKE_WEBHOOK_SECRET": testCSSecret, "PAYMENTS_FAKE_CURRENCIES": "RUB,EUR,USD,KZT,IDR"}
	for _, tt := range rows {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			want := payments.Currency(tt.want)
			// The library.
			c, err := payments.ParseCurrency(tt.in)
			if (err == nil) != (want != "") || c != want {
				t.Errorf("ParseCurrency(%q) = %q, %v; want %q", tt.in, c, err, want)
			}
			m, err := payments.ParseMoney("1.00", payments.Currency(tt.in))
			if (err == nil) != (want != "") || m.Currency != want {
				t.Errorf("ParseMoney(1.00, %q) = %v, %v; want %q", tt.in, m, err, want)
			}
			m, err = payments.MinorUnits(100, payments.Currency(tt.in))
			if (err == nil) != (want != "") || m.Currency != want {
				t.Errorf("MinorUnits(100, %q) = %v, %v; want %q", tt.in, m, err, want)
			}
			// The CLI.
			tl := newTool(t, env)
			r := tl.run("link", "-json", "-order", "o-1", "-amount", "1.00", "-currency", tt.in)
			rb := tl.run("balance", "-json", "-currency", tt.in)
			receipt := `{"items":[{"name":"T-shirt","quantity":"1","amount":"1.00","tax":"none"}]}`
			rr := tl.runStdin(receipt, "receipt", "-json", "-order", "o-1", "-id", "r-1", "-receipt-stdin", "-currency", tt.in)
			if want == "" {
				for cmd, r := range map[string]result{"link": r, "balance": rb, "receipt": rr} {
					if r.code != exitUsage || !strings.Contains(r.stdout, "unknown currency") {
						t.Errorf("%s -currency %q: exit %d, %s; want a usage error about the currency", cmd, tt.in, r.code, r.stdout)
					}
				}
				return
			}
			wantCode(t, r, exitOK)
			if p := decode[paymentJSON](t, r); p.Currency != tt.want {
				t.Errorf("link -currency %q: currency %q, want %q", tt.in, p.Currency, tt.want)
			}
			wantCode(t, rb, exitOK)
			if b := decode[balanceJSON](t, rb); b.Currency != tt.want {
				t.Errorf("balance -currency %q: currency %q, want %q", tt.in, b.Currency, tt.want)
			}
			// The fake of this run knows no order o-1: the receipt fails
			// after the currency was taken, not as a usage error.
			if rr.code == exitUsage || strings.Contains(rr.stdout, "unknown currency") {
				t.Errorf("receipt -currency %q: exit %d, %s", tt.in, rr.code, rr.stdout)
			}
		})
	}
}

// TestProviderCaseEverywhere: a provider's name is accepted in any case
// and normalised to lower case by the library (Open, FromEnv, JSON) and
// the CLI (PAYMENTS_PROVIDER, -config, sandbox -provider), and refused
// by all alike otherwise.
func TestProviderCaseEverywhere(t *testing.T) {
	t.Parallel()
	rows := []caseRow{
		{"lower", "fake", "fake"},
		{"capitalised", "Fake", "fake"},
		{"upper", "FAKE", "fake"},
		{"unknown", "fakes", ""},
		{"Kelvin sign lower-cases to k under Unicode", "FA\u212AE", ""},
	}
	for _, tt := range rows {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			section := `{"webhook_secret":"` + testCSSecret + `"}`
			// The library.
			var fromJSON providers.Config
			if err := json.Unmarshal([]byte(`{"provider":"`+tt.in+`","fake":`+section+`}`), &fromJSON); err != nil {
				t.Fatal(err)
			}
			fromEnv, err := providers.FromEnv(func(k string) string {
				return map[string]string{"PAYMENTS_PROVIDER": tt.in, "PAYMENTS_FAKE_WEBHOOK_SECRET": testCSSecret}[k]
			})
			if err != nil {
				t.Fatal(err)
			}
			var set providers.Config
			set.Provider = tt.in
			set.Set("fake", "webhook_secret", testCSSecret)
			for src, cfg := range map[string]providers.Config{"JSON": fromJSON, "FromEnv": fromEnv, "Config": set} {
				c, err := providers.Open(t.Context(), cfg)
				if tt.want == "" {
					if err == nil || !strings.Contains(err.Error(), "unknown provider") {
						t.Errorf("%s: Open(%q) = %v, want an unknown provider", src, tt.in, err)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s: Open(%q): %v", src, tt.in, err)
				} else if c.Provider().Name() != tt.want {
					t.Errorf("%s: Open(%q) opened %q", src, tt.in, c.Provider().Name())
				}
			}
			// The CLI, from the environment and from a -config file whose
			// section key is spelt the same way.
			cfg := secretFile(t, t.TempDir(), "payments.json", `{"provider":"`+tt.in+`","`+tt.in+`":`+section+`}`)
			tl := newTool(t, map[string]string{"PAYMENTS_PROVIDER": tt.in, "PAYMENTS_FAKE_WEBHOOK_SECRET": testCSSecret})
			for _, args := range [][]string{{"link"}, {"-config", cfg, "link"}} {
				r := tl.run(append(args, "-json", "-order", "o-1", "-amount", "1.00")...)
				if tt.want == "" {
					if r.code != exitUsage || !strings.Contains(r.stdout, "unknown") {
						t.Errorf("%v with %q: exit %d, %s; want a usage error", args, tt.in, r.code, r.stdout)
					}
					continue
				}
				wantCode(t, r, exitOK)
				if p := decode[paymentJSON](t, r); p.Provider != tt.want {
					t.Errorf("%v with %q: provider %q, want %q", args, tt.in, p.Provider, tt.want)
				}
			}
		})
	}
}

// TestSandboxProviderAnyCase: payments sandbox -provider takes the name in
// any case and prints it in lower case; a typo is refused with a
// suggestion.
func TestSandboxProviderAnyCase(t *testing.T) {
	t.Parallel()
	s := startSandboxCommand(t, "-provider", "TBank")
	waitFor(t, "the banner", func() bool { return strings.Contains(s.stdout.String(), "PAYMENTS_PROVIDER=tbank") })
	r := newTool(t, nil).run("sandbox", "-addr", "127.0.0.1:0", "-provider", "tbnak")
	wantCode(t, r, exitUsage)
	if !strings.Contains(r.stderr, "-provider must be robokassa, clientsdk or tbank (did you mean tbank?)") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
}
