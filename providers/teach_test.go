package providers

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
)

// TestProviderNameAnyCase: a provider's name is accepted in any case by
// Open, FromEnv, JSON and Config.Set, and stored in lower case.
func TestProviderNameAnyCase(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"fake", "Fake", "FAKE", "fAkE"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var set Config
			set.Set(name, "webhook_secret", "fake-hook-secret-42")
			set.Provider = name
			env, err := FromEnv(envMap(map[string]string{"PAYMENTS_PROVIDER": name, "PAYMENTS_FAKE_WEBHOOK_SECRET": "fake-hook-secret-42"}))
			if err != nil {
				t.Fatal(err)
			}
			var fromJSON Config
			if err := json.Unmarshal([]byte(`{"provider":"`+name+`","`+name+`":{"webhook_secret":"fake-hook-secret-42"}}`), &fromJSON); err != nil {
				t.Fatal(err)
			}
			for src, cfg := range map[string]Config{"Set": set, "FromEnv": env, "JSON": fromJSON} {
				if _, ok := cfg.Sections["fake"]; !ok {
					t.Errorf("%s: sections %v, want the section under \"fake\"", src, cfg)
				}
				if src != "Set" && cfg.Provider != "fake" {
					t.Errorf("%s: Provider = %q, want \"fake\"", src, cfg.Provider)
				}
				c, err := Open(t.Context(), cfg)
				if err != nil {
					t.Fatalf("%s: Open: %v", src, err)
				}
				if got := c.Provider().Name(); got != "fake" {
					t.Errorf("%s: opened %q, want fake", src, got)
				}
			}
		})
	}
}

// TestOpenUnknownProviderSuggests: an unknown provider close to a
// registered one is suggested; the Kelvin sign is no "k" and nothing
// far off is suggested.
func TestOpenUnknownProviderSuggests(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, provider, want string
	}{
		{"typo", "robokasa", `names unknown provider "robokasa" (did you mean "robokassa"?)`},
		{"typo in capitals", "TBNAK", `names unknown provider "TBNAK" (did you mean "tbank"?)`},
		{"Kelvin sign", "fa\u212ae", "names unknown provider \"fa\u212ae\" (did you mean \"fake\"?)"},
		{"nothing close", "stripe", `names unknown provider "stripe"; registered providers:`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Open(t.Context(), Config{Provider: tt.provider})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %s", err, tt.want)
			}
			if !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("error %v does not wrap ErrInvalidRequest", err)
			}
		})
	}
}

// TestCheckEnv: variables with a known prefix that no registration reads
// are reported, with the closest known variable; unrelated variables,
// known ones and the program's own extra names are not.
func TestCheckEnv(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		environ []string
		want    []string
	}{
		{"typo in a secret", []string{"ROBOKASSA_PASWORD1=" + goldenPass1},
			[]string{`providers: ROBOKASSA_PASWORD1 is not a known variable and is ignored (did you mean "ROBOKASSA_PASSWORD1"?)`}},
		{"typo in the provider", []string{"PAYMENTS_PROVDER=robokassa"},
			[]string{`providers: PAYMENTS_PROVDER is not a known variable and is ignored (did you mean "PAYMENTS_PROVIDER"?)`}},
		{"secret file typo", []string{"CLIENTSDK_SECRET_FLIE=/run/s"},
			[]string{`providers: CLIENTSDK_SECRET_FLIE is not a known variable and is ignored (did you mean "CLIENTSDK_SECRET_FILE"?)`}},
		{"nothing close", []string{"TBANK_SOMETHING_ELSE_ENTIRELY=1"},
			[]string{`providers: TBANK_SOMETHING_ELSE_ENTIRELY is not a known variable and is ignored`}},
		{"unrelated and known variables", []string{"HOME=/root", "PATH=/bin", "ROBOKASSA_PASSWORD1=x", "CLIENTSDK_SECRET_FILE=/s", "PAYMENTS_TIMEOUT=1s", "PAYMENTS_CONFIG=/c.json", "ROBOKASS_X=1"}, nil},
		{"reported once", []string{"TBANK_PASWORD=a", "TBANK_PASWORD=b"},
			[]string{`providers: TBANK_PASWORD is not a known variable and is ignored (did you mean "TBANK_PASSWORD"?)`}},
		{"no value, no equals sign", []string{"ROBOKASSA_TESTMODE"},
			[]string{`providers: ROBOKASSA_TESTMODE is not a known variable and is ignored (did you mean "ROBOKASSA_TEST_MODE"?)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, err := range CheckEnv(tt.environ, "PAYMENTS_CONFIG") {
				var ce *ConfigError
				if !errors.As(err, &ce) {
					t.Errorf("%v is no *ConfigError", err)
				}
				got = append(got, err.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("CheckEnv (-want +got):\n%s", diff)
			}
			if s, ok := containsAny(strings.Join(got, "\n"), allSecrets); ok {
				t.Errorf("CheckEnv repeats the value %q", s)
			}
		})
	}
}

// TestCheckEnvThirdParty: a registered provider's prefix is checked too.
func TestCheckEnvThirdParty(t *testing.T) {
	t.Cleanup(Register(acmeRegistration()))
	errs := CheckEnv([]string{"ACME_API_KYE=x"})
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), `did you mean "ACME_API_KEY"?`) {
		t.Errorf("CheckEnv = %v, want ACME_API_KEY suggested", errs)
	}
}

func FuzzCheckEnv(f *testing.F) {
	f.Add("ROBOKASSA_PASWORD1=x", "PAYMENTS_PROVDER")
	f.Add("=", "")
	f.Add("PAYMENTS_\xff=1", "TBANK_")
	known := EnvNames()
	f.Fuzz(func(t *testing.T, a, b string) {
		// Every error is the name and at most a known variable: no value.
		for _, err := range CheckEnv([]string{a, b}) {
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("%v is no *ConfigError", err)
			}
			if !strings.HasPrefix(a, ce.Field) && !strings.HasPrefix(b, ce.Field) {
				t.Fatalf("error names %q, which is neither variable", ce.Field)
			}
			rest, ok := strings.CutPrefix(ce.Reason, "is not a known variable and is ignored")
			if !ok {
				t.Fatalf("reason %q", ce.Reason)
			}
			if rest != "" {
				name, ok := strings.CutPrefix(rest, " (did you mean ")
				name, ok2 := strings.CutSuffix(name, "?)")
				if uq, err := strconv.Unquote(name); !ok || !ok2 || err != nil || !slices.Contains(known, uq) {
					t.Fatalf("reason %q suggests no known variable", ce.Reason)
				}
			}
		}
	})
}

// TestCommonVarKeys: each common variable's Key is the JSON key that sets
// the same thing: a config file with it decodes, one with a letter
// changed does not.
func TestCommonVarKeys(t *testing.T) {
	t.Parallel()
	for _, v := range CommonVars() {
		t.Run(v.Name, func(t *testing.T) {
			t.Parallel()
			doc := func(key string) string {
				if obj, field, ok := strings.Cut(key, "."); ok {
					return `{"` + obj + `":{"` + field + `":null}}`
				}
				return `{"` + key + `":null}`
			}
			var c Config
			if err := json.Unmarshal([]byte(doc(v.Key)), &c); err != nil {
				t.Errorf("key %q of %s: %v", v.Key, v.Name, err)
			}
			if err := json.Unmarshal([]byte(doc(v.Key+"x")), &c); err == nil {
				t.Errorf("key %q accepted: the test proves nothing", v.Key+"x")
			}
			if got := envName("PAYMENTS_", strings.TrimPrefix(v.Key, "options.")); got != v.Name {
				t.Errorf("key %q is variable %s, want %s", v.Key, got, v.Name)
			}
		})
	}
}
