package providerkit_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

func openNothing(context.Context, providerkit.Settings) (payments.Provider, error) { return nil, nil }

func TestRegistrationCheck(t *testing.T) {
	t.Parallel()
	field := func(key, env string, secret bool) providerkit.Field {
		return providerkit.Field{Key: key, Env: env, Secret: secret}
	}
	tests := []struct {
		name   string
		fields []providerkit.Field
		want   string // "" for no error
	}{
		{"good", []providerkit.Field{field("api_key", "ACME_API_KEY", true), field("region", "ACME_REGION", false)}, ""},
		{"no fields", nil, ""},
		{"empty key", []providerkit.Field{field("", "ACME_X", false)}, `providerkit: registration "acme": field key "": want lower-case letters, digits and '_', starting with a letter`},
		{"key with a dot", []providerkit.Field{field("api.key", "ACME_X", false)}, `providerkit: registration "acme": field key "api.key": want lower-case letters, digits and '_', starting with a letter`},
		{"lower-case variable", []providerkit.Field{field("region", "acme_region", false)}, `providerkit: registration "acme": field region: malformed variable "acme_region"`},
		{"variable with =", []providerkit.Field{field("region", "ACME=REGION", false)}, `providerkit: registration "acme": field region: malformed variable "ACME=REGION"`},
		{"key twice", []providerkit.Field{field("region", "ACME_A", false), field("region", "ACME_B", false)}, `providerkit: registration "acme": key region given twice`},
		{"variable twice", []providerkit.Field{field("a", "ACME_A", false), field("b", "ACME_A", false)}, `providerkit: registration "acme": variable ACME_A given twice`},
		{"file variable taken", []providerkit.Field{field("a", "ACME_A", true), field("b", "ACME_A_FILE", false)}, `providerkit: registration "acme": variable ACME_A_FILE given twice`},
		{"file key taken", []providerkit.Field{field("a_file", "ACME_B", false), field("a", "ACME_A", true)}, `providerkit: registration "acme": key a_file given twice`},
		{"unknown kind", []providerkit.Field{{Key: "a", Env: "ACME_A", Kind: 7}}, `providerkit: registration "acme": field a: unknown kind 7`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := providerkit.Registration{Name: "acme", Fields: tt.fields, Open: openNothing}.Check()
			got := ""
			if err != nil {
				got = err.Error()
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Check (-want +got):\n%s", diff)
			}
		})
	}
	if err := (providerkit.Registration{Name: "acme"}).Check(); err == nil {
		t.Error("a registration without Open passes Check")
	}
}

func TestValidName(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"robokassa": true, "acme-pay": true, "acme_2": true, "a": true,
		"": false, "Acme": false, "2acme": false, "-acme": false, "acme pay": false, "acme.pay": false, "акме": false,
	} {
		if got := providerkit.ValidName(name); got != want {
			t.Errorf("ValidName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestKindAndField(t *testing.T) {
	t.Parallel()
	got := []string{providerkit.Text.String(), providerkit.Bool.String(), providerkit.List.String()}
	if diff := cmp.Diff([]string{"text", "boolean", "list"}, got); diff != "" {
		t.Errorf("Kind.String (-want +got):\n%s", diff)
	}
	f := providerkit.Field{Key: "password1", Env: "ROBOKASSA_PASSWORD1", Secret: true}
	if f.FileKey() != "password1_file" || f.FileEnv() != "ROBOKASSA_PASSWORD1_FILE" {
		t.Errorf("FileKey, FileEnv = %q, %q", f.FileKey(), f.FileEnv())
	}
	r := providerkit.Registration{Name: "acme", Fields: []providerkit.Field{f}}
	if got, ok := r.Field("password1"); !ok || got.Env != f.Env {
		t.Errorf("Field(password1) = %+v, %v", got, ok)
	}
	if _, ok := r.Field("password1_file"); ok {
		t.Error("Field finds a file key")
	}
}
