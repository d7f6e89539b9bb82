package main

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/clientsdk"
	"github.com/paykit/payments/paymentstest"
	"github.com/paykit/payments/providerkit"
	"github.com/paykit/payments/providers"
	"github.com/paykit/payments/robokassa"
	"github.com/paykit/payments/tbank"
)

// helpLine returns the line of "payments help config" that starts with
// variable env, or "".
func helpLine(out, env string) string {
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == env {
			return line
		}
	}
	return ""
}

// lineAfterKey splits a help config line into its variable, its JSON key
// and the text after them.
func lineAfterKey(line string) (env, key, text string) {
	f := strings.Fields(line)
	if len(f) < 3 {
		return "", "", ""
	}
	_, rest, _ := strings.Cut(line, " "+f[1]+" ")
	return f[0], f[1], strings.TrimSpace(rest)
}

// checkFieldsListed fails unless every field of r has its line in out: the
// variable, its JSON key, then "secret", "required" and the kind exactly
// as the field has them, its help and its default; a secret's NAME_FILE
// variable has a line with its "_file" key naming the secret.
func checkFieldsListed(t *testing.T, out string, r providerkit.Registration) {
	t.Helper()
	if !strings.Contains(out, "Provider "+r.Name+": "+r.Summary) {
		t.Errorf("help config lacks provider %s and its summary", r.Name)
	}
	for _, f := range r.Fields {
		line := helpLine(out, f.Env)
		_, key, text := lineAfterKey(line)
		var attrs []string
		if f.Secret {
			attrs = append(attrs, "secret")
		}
		if f.Required {
			attrs = append(attrs, "required")
		}
		if f.Kind != providerkit.Text {
			attrs = append(attrs, f.Kind.String())
		}
		want := f.Help
		if len(attrs) > 0 {
			want = strings.Join(attrs, ", ") + ": " + f.Help
		}
		if key != f.Key || !strings.HasPrefix(text, want) {
			t.Errorf("help config line of %s = %q, want its JSON key %q, then %q", f.Env, line, f.Key, want)
		}
		if f.Default != "" && !strings.HasSuffix(text, "(default "+f.Default+")") {
			t.Errorf("help config line of %s = %q, want its default %q", f.Env, line, f.Default)
		}
		fileLine := helpLine(out, f.FileEnv())
		_, fileKey, fileText := lineAfterKey(fileLine)
		if f.Secret && (fileKey != f.FileKey() || fileText != "file holding "+f.Env+" (instead of it)") {
			t.Errorf("help config line of %s = %q, want the key %s and the secret it holds", f.FileEnv(), fileLine, f.FileKey())
		}
		if !f.Secret && fileLine != "" {
			t.Errorf("help config offers %s for a setting that is not secret", f.FileEnv())
		}
	}
}

// TestHelpConfigListsEveryField: "payments help config" prints every
// variable of every built-in provider's registration with its JSON key and
// meaning, from the registrations themselves.
func TestHelpConfigListsEveryField(t *testing.T) {
	t.Parallel()
	r := newTool(t, nil).run("help", "config")
	wantCode(t, r, exitOK)
	regs := providers.Registrations()
	for _, name := range []string{robokassa.Registration().Name, clientsdk.Registration().Name, tbank.Registration().Name, paymentstest.Registration().Name} {
		if !slices.ContainsFunc(regs, func(r providerkit.Registration) bool { return r.Name == name }) {
			t.Errorf("built-in provider %s is not registered", name)
		}
	}
	for _, reg := range regs {
		checkFieldsListed(t, r.stdout, reg)
	}
	for _, v := range providers.CommonVars() {
		line := helpLine(r.stdout, v.Name)
		if _, key, text := lineAfterKey(line); key != v.Key || text != v.Help {
			t.Errorf("help config line of %s = %q, want its JSON key %q and %q", v.Name, line, v.Key, v.Help)
		}
	}
}

// TestHelpConfigThirdParty: a provider registered by the program (here by
// the test) is listed like the built-in ones, with no change to this tool.
func TestHelpConfigThirdParty(t *testing.T) {
	// Not parallel: the registration shows in other tests' provider lists.
	reg := providerkit.Registration{
		Name:    "acme-help",
		Summary: "Acme Payments, registered by the program",
		Fields: []providerkit.Field{
			{Key: "api_key", Env: "ACME_HELP_API_KEY", Help: "the API key", Secret: true, Required: true},
			{Key: "region", Env: "ACME_HELP_REGION", Help: "the data centre", Default: "eu"},
		},
		Open: func(context.Context, providerkit.Settings) (payments.Provider, error) {
			return paymentstest.New(nil), nil
		},
	}
	unregister := providers.Register(reg)
	r := newTool(t, nil).run("help", "config")
	unregister()
	wantCode(t, r, exitOK)
	checkFieldsListed(t, r.stdout, reg)
	if line := helpLine(r.stdout, "ACME_HELP_REGION"); !strings.Contains(line, "(default eu)") {
		t.Errorf("help config line of ACME_HELP_REGION = %q, want its default", line)
	}
	if r = newTool(t, nil).run("help", "config"); strings.Contains(r.stdout, "ACME_HELP") {
		t.Error("help config still lists a provider after its registration was removed")
	}
}
