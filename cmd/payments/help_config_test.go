package main

import (
	"context"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/clientsdk"
	"github.com/paykit/payments/paymentstest"
	"github.com/paykit/payments/providerkit"
	"github.com/paykit/payments/providers"
	"github.com/paykit/payments/robokassa"
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

// checkFieldsListed fails unless every field of r has its line in out: the
// variable, its JSON key and its help; a secret says so, and its NAME_FILE
// variable has a line with its "_file" key.
func checkFieldsListed(t *testing.T, out string, r providerkit.Registration) {
	t.Helper()
	if !strings.Contains(out, "Provider "+r.Name+": "+r.Summary) {
		t.Errorf("help config lacks provider %s and its summary", r.Name)
	}
	for _, f := range r.Fields {
		line := helpLine(out, f.Env)
		fields := strings.Fields(line)
		if len(fields) < 2 || fields[1] != f.Key || !strings.Contains(line, f.Help) {
			t.Errorf("help config line of %s = %q, want its JSON key %q and help %q", f.Env, line, f.Key, f.Help)
		}
		if f.Secret != strings.Contains(line, "secret") && !strings.Contains(f.Help, "secret") {
			t.Errorf("help config line of %s = %q; secret: %v", f.Env, line, f.Secret)
		}
		if f.Required != strings.Contains(line, "required") && !strings.Contains(f.Help, "required") {
			t.Errorf("help config line of %s = %q; required: %v", f.Env, line, f.Required)
		}
		fileLine := helpLine(out, f.FileEnv())
		if f.Secret && !strings.Contains(fileLine, f.FileKey()) {
			t.Errorf("help config line of %s = %q, want the key %s", f.FileEnv(), fileLine, f.FileKey())
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
	for _, reg := range []providerkit.Registration{robokassa.Registration(), clientsdk.Registration(), paymentstest.Registration()} {
		checkFieldsListed(t, r.stdout, reg)
	}
	for _, v := range providers.CommonVars() {
		if line := helpLine(r.stdout, v.Name); !strings.Contains(line, v.Help) {
			t.Errorf("help config line of %s = %q, want %q", v.Name, line, v.Help)
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
