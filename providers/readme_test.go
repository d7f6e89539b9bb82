package providers

import (
	"context"
	"flag"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
	"github.com/paykit/payments/providerkit"
)

var update = flag.Bool("update", false, "rewrite the README's provider table (TestREADMECapabilityTable)")

const (
	readmePath     = "../README.md"
	capTableBegin  = "<!-- capabilities:begin -->"
	capTableEnd    = "<!-- capabilities:end -->"
	capTableUpdate = "go test ./providers/ -run TestREADMECapabilityTable -update"
)

// capConfig is a configuration of a provider for the table: the minimal
// valid settings, and other variants whose declared capabilities the table
// notes where they differ.
type capConfig struct {
	label    string
	settings Section
}

// capConfigs are the settings the table opens the built-in providers
// with: the first of each is the one the table shows. A built-in provider
// without an entry is opened with placeholders for its required settings
// (placeholderSettings); one whose Open refuses them needs an entry here.
// The credentials are the public ones of helpers_test.go.
var capConfigs = map[string][]capConfig{
	"robokassa": {
		{"", Section{"merchant_login": goldenLogin, "password1": goldenPass1, "password2": goldenPass2, "algorithm": "SHA256"}},
		// Robokassa has no holds, recurring payments or method hints
		// in test mode (robokassa.Provider.Capabilities).
		{"test mode", Section{"merchant_login": goldenLogin, "password1": goldenPass1, "password2": goldenPass2, "algorithm": "SHA256",
			"test_mode": "true", "test_password1": goldenTest1, "test_password2": goldenTest2}},
		{"KZT shop", Section{"merchant_login": goldenLogin, "password1": goldenPass1, "password2": goldenPass2, "algorithm": "SHA256",
			"currency": "KZT"}},
	},
	"clientsdk": {
		{"", Section{"merchant_id": sdkMerchant, "product_id": sdkProduct, "secret": sdkSecret, "notification_path": "/webhooks"}},
	},
	"fake": {
		{"", Section{"webhook_secret": "fake-hook-secret-42"}},
	},
}

// placeholderSettings gives each required setting of r a placeholder.
func placeholderSettings(r providerkit.Registration) Section {
	s := Section{}
	for _, f := range r.Fields {
		switch {
		case !f.Required:
		case f.Secret:
			s[f.Key] = "placeholder-secret-8"
		case f.Kind == providerkit.Bool:
			s[f.Key] = "false"
		default:
			s[f.Key] = "demo"
		}
	}
	return s
}

// capColumns opens every provider of regs (the built-in ones), in their
// order with the in-memory fake last (it is for tests, not a provider an
// app chooses), as Open would, and collects the capabilities each
// declares.
func capColumns(t *testing.T, regs []providerkit.Registration) []capColumn {
	t.Helper()
	regs = slices.Clone(regs)
	slices.SortStableFunc(regs, func(a, b providerkit.Registration) int {
		return boolInt(a.Name == "fake") - boolInt(b.Name == "fake")
	})
	var cols []capColumn
	for _, r := range regs {
		configs, ok := capConfigs[r.Name]
		if !ok {
			configs = []capConfig{{"", placeholderSettings(r)}}
		}
		col := capColumn{name: r.Name}
		for _, c := range configs {
			variant := c.label
			if variant == "" {
				variant = "minimal settings"
			}
			values, err := resolve(r, c.settings)
			if err != nil {
				t.Fatalf("built-in provider %q (%s): %v; give its minimal valid settings in capConfigs (readme_test.go)", r.Name, variant, err)
			}
			s := providerkit.NewSettings(r, values)
			s.HTTPClient = Options{}.httpClient()
			p, err := r.Open(context.Background(), s)
			if err != nil {
				t.Fatalf("built-in provider %q (%s) does not open: %v; give its minimal valid settings in capConfigs (readme_test.go)", r.Name, variant, err)
			}
			col.variants = append(col.variants, capVariant{label: c.label, caps: p.Capabilities()})
		}
		cols = append(cols, col)
	}
	return cols
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestREADMECapabilityTable checks that the README's provider table
// (between the capabilities markers) is the one the built-in providers'
// declared capabilities give; -update rewrites it. Not parallel: -update
// writes the README.
func TestREADMECapabilityTable(t *testing.T) {
	want := "\n" + renderCapTable(capColumns(t, builtin())) + "\nGenerated from each built-in provider's `Capabilities()` by `" + capTableUpdate + "`. " +
		"The Client refuses what a provider does not declare, with an error wrapping `errors.ErrUnsupported`.\n\n"
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	before, rest, ok := strings.Cut(string(readme), capTableBegin+"\n")
	got, after, ok2 := strings.Cut(rest, capTableEnd)
	if !ok || !ok2 {
		t.Fatalf("%s has no %q line followed by %q", readmePath, capTableBegin, capTableEnd)
	}
	if got == want {
		return
	}
	if *update {
		out := before + capTableBegin + "\n" + want + capTableEnd + after
		if err := os.WriteFile(readmePath, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote the provider table in %s", readmePath)
		return
	}
	t.Errorf("the provider table in %s differs from the built-in providers' declared capabilities; run\n\t%s\n(-want +got):\n%s",
		readmePath, capTableUpdate, cmp.Diff(strings.Split(want, "\n"), strings.Split(got, "\n")))
}

// TestCapabilityTableCoversCapabilities fails when payments.Capabilities
// gains a field, or the package an operation, that no line of the README's
// provider table shows: add a capRow (captable_test.go) for it.
func TestCapabilityTableCoversCapabilities(t *testing.T) {
	t.Parallel()
	var all []string
	ct := reflect.TypeFor[payments.Capabilities]()
	for i := range ct.NumField() {
		if name := ct.Field(i).Name; name != "Operations" {
			all = append(all, name)
		}
	}
	for _, o := range payments.Operations() {
		all = append(all, op(o))
	}
	slices.Sort(all)
	if diff := cmp.Diff(all, capUses()); diff != "" {
		t.Errorf("the provider table's lines (capRows) do not show every declaration (-want +got):\n%s", diff)
	}
}

// TestCapabilityTableTakesNewProviders checks that a provider added to the
// built-in list gets a column without an entry in capConfigs, before the
// fake: a new built-in provider makes TestREADMECapabilityTable fail
// until the table is regenerated.
func TestCapabilityTableTakesNewProviders(t *testing.T) {
	t.Parallel()
	newpay := providerkit.Registration{
		Name: "newpay",
		Fields: []providerkit.Field{
			{Key: "terminal", Env: "NEWPAY_TERMINAL", Help: "the terminal", Required: true},
			{Key: "password", Env: "NEWPAY_PASSWORD", Help: "the password", Secret: true, Required: true},
		},
		Open: func(_ context.Context, s providerkit.Settings) (payments.Provider, error) {
			if !s.Has("terminal") || !s.Has("password") {
				return nil, s.Invalid("terminal", "and password are required", nil)
			}
			return paymentstest.New(&paymentstest.Options{Name: "newpay", WebhookSecret: s.Secret("password"), Currencies: []payments.Currency{payments.RUB}}), nil
		},
	}
	table := renderCapTable(capColumns(t, append(builtin(), newpay)))
	header, _, _ := strings.Cut(table, "\n")
	want := "| | `robokassa` | `clientsdk` | `tbank` | `newpay` | `fake` |"
	if diff := cmp.Diff(want, header); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
}
