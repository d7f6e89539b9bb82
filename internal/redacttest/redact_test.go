package redacttest

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/clientsdk"
	"github.com/paykit/payments/conformance"
	"github.com/paykit/payments/paymentstest"
	"github.com/paykit/payments/providerkit"
	"github.com/paykit/payments/providers"
	"github.com/paykit/payments/robokassa"
	"github.com/paykit/payments/sandbox"
	"github.com/paykit/payments/tbank"
)

// holders are the exported types that hold a secret, each with a function
// that returns one (or a pointer to one) whose every secret field (a field
// named like a secret, see secretName, through nested structs) is filled
// by fill with its own sentinel. TestEveryHolderListed keeps the list
// complete.
var holders = map[string]func(t *testing.T, s *sentinels) any{
	"payments.Card":              func(_ *testing.T, s *sentinels) any { return fill(s, payments.Card{ExpMonth: 12, ExpYear: 2030}) },
	"payments.InitRequest":       func(_ *testing.T, s *sentinels) any { return fill(s, payments.InitRequest{OrderID: "1001"}) },
	"payments.WithdrawalRequest": func(_ *testing.T, s *sentinels) any { return fill(s, payments.WithdrawalRequest{OrderID: "2001"}) },

	"robokassa.Config": func(_ *testing.T, s *sentinels) any { return fill(s, rkConfig()) },
	"robokassa.Link":   func(_ *testing.T, s *sentinels) any { return fill(s, robokassa.Link{InvID: 19, Description: "books"}) },
	// An OpKey is the Token of a saved-card payment with the same card.
	"robokassa.OperationState": func(_ *testing.T, s *sentinels) any { return fill(s, robokassa.OperationState{InvID: 19}) },
	"robokassa.RefundCreate":   func(_ *testing.T, s *sentinels) any { return fill(s, robokassa.RefundCreate{}) },
	// A ResultUrl2 notification's OpKey, the same saved-card token.
	"robokassa.ResultURL2Notification": func(_ *testing.T, s *sentinels) any {
		return fill(s, robokassa.ResultURL2Notification{InvID: "19", State: robokassa.StateOK})
	},
	// An invoice's Token pays with a saved card.
	"robokassa.Invoice": func(_ *testing.T, s *sentinels) any {
		return fill(s, robokassa.Invoice{InvID: 19, Description: "books"})
	},
	"robokassa.Provider": func(t *testing.T, s *sentinels) any {
		p, err := robokassa.New(fill(s, rkConfig()))
		if err != nil {
			t.Fatal(err)
		}
		return p
	},

	"clientsdk.Config": func(_ *testing.T, s *sentinels) any { return fill(s, csConfig()) },
	"clientsdk.Provider": func(t *testing.T, s *sentinels) any {
		p, err := clientsdk.New(fill(s, csConfig()))
		if err != nil {
			t.Fatal(err)
		}
		return p
	},

	"tbank.Config": func(_ *testing.T, s *sentinels) any { return fill(s, tbank.Config{TerminalKey: "1700000000000DEMO"}) },
	"tbank.Provider": func(t *testing.T, s *sentinels) any {
		p, err := tbank.New(fill(s, tbank.Config{TerminalKey: "1700000000000DEMO"}))
		if err != nil {
			t.Fatal(err)
		}
		return p
	},

	"sandbox.RobokassaShop":     func(_ *testing.T, s *sentinels) any { return fill(s, sandbox.RobokassaShop{MerchantLogin: "shop"}) },
	"sandbox.ClientSDKMerchant": func(_ *testing.T, s *sentinels) any { return fill(s, sandbox.ClientSDKMerchant{MerchantID: "13"}) },
	"sandbox.Options":           func(_ *testing.T, s *sentinels) any { return fill(s, sandbox.Options{Retries: 2}) },
	"sandbox.TBankTerminal":     func(_ *testing.T, s *sentinels) any { return fill(s, sandbox.TBankTerminal{TerminalKey: "K"}) },
	"sandbox.TBankAPI": func(_ *testing.T, s *sentinels) any {
		return fill(s, sandbox.TBankAPI{BaseURL: "http://127.0.0.1/tbank/v2"})
	},
	"sandbox.Server": func(t *testing.T, s *sentinels) any {
		srv, err := sandbox.New(fill(s, sandbox.Options{}))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = srv.Close() })
		return srv
	},

	"conformance.Harness": func(_ *testing.T, s *sentinels) any {
		return fill(s, conformance.Harness{Name: "shop", Source: "recorded", Record: true})
	},
	"paymentstest.Options":    func(_ *testing.T, s *sentinels) any { return fill(s, paymentstest.Options{Name: "fake"}) },
	"paymentstest.HTTPConfig": func(_ *testing.T, s *sentinels) any { return fill(s, httpConfig()) },
	"paymentstest.Fake": func(_ *testing.T, s *sentinels) any {
		opts := fill(s, paymentstest.Options{})
		return paymentstest.New(&opts)
	},
	"paymentstest.HTTPProvider": func(t *testing.T, s *sentinels) any {
		p, err := paymentstest.NewHTTPProvider(fill(s, httpConfig()))
		if err != nil {
			t.Fatal(err)
		}
		return p
	},

	"providers.Config": func(_ *testing.T, s *sentinels) any {
		c := providers.Config{Provider: "robokassa"}
		c.Set("robokassa", "merchant_login", "shop")
		c.Set("robokassa", "password1", s.new("Sections.robokassa.password1"))
		c.Set("robokassa", "test_password2", s.new("Sections.robokassa.test_password2"))
		c.Set("robokassa", "password2_file", "/run/secrets/p2")
		c.Set("clientsdk", "secret", s.new("Sections.clientsdk.secret"))
		c.Set("fake", "webhook_secret", s.new("Sections.fake.webhook_secret"))
		// A provider no registration names: every value but is redacted.
		c.Set("acme", "api_key", s.new("Sections.acme.api_key"))
		c.Set("acme", "token_file", s.new("Sections.acme.token_file"))
		return c
	},
	"providerkit.Settings": func(_ *testing.T, s *sentinels) any {
		return providerkit.NewSettings(robokassa.Registration(), map[string]string{
			"merchant_login": "shop", "password1": s.new("Settings.password1"), "password2": s.new("Settings.password2"),
		})
	},
}

// hidden are holders whose secrets the scan cannot see, each with the
// reason; TestNoSecretPrints checks them all the same.
var hidden = map[string]string{
	"providerkit.Settings": "keeps its values behind a function, so that no printing shows them",
}

func rkConfig() robokassa.Config {
	return robokassa.Config{MerchantLogin: "shop", Algorithm: robokassa.SHA256, TestMode: true}
}

func csConfig() clientsdk.Config {
	return clientsdk.Config{MerchantID: "13", ProductID: "15", NotificationPath: "/webhooks"}
}

func httpConfig() paymentstest.HTTPConfig {
	return paymentstest.HTTPConfig{BaseURL: "https://fake.example"}
}

// TestEveryHolderListed: every exported type of the scanned packages that
// holds a secret is in holders, so that a new one cannot skip
// TestNoSecretPrints, and every entry of holders is such a type.
func TestEveryHolderListed(t *testing.T) {
	t.Parallel()
	found, used := discover(t)
	for _, name := range slices.Sorted(maps.Keys(found)) {
		if holders[name] == nil {
			t.Errorf("%s holds a secret (%s) but is not in holders: add it, and make it redact in every fmt verb, slog and JSON",
				name, strings.Join(found[name], ", "))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(holders)) {
		if found[name] == nil && hidden[name] == "" {
			t.Errorf("holders lists %s, which the scan does not find holding a secret", name)
		}
	}
	for field := range notSecret {
		if !used[field] {
			t.Errorf("notSecret lists %s, which no scanned type has", field)
		}
	}
}

// TestNoSecretPrints: no secret of any holder reaches any fmt verb, slog's
// text or JSON handler, or json.Marshal; not alone, not through a pointer,
// not inside a struct, a slice or a map; not in clear, in hex or in base64.
func TestNoSecretPrints(t *testing.T) {
	t.Parallel()
	for _, name := range slices.Sorted(maps.Keys(holders)) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := &sentinels{}
			v := holders[name](t, s)
			if len(s.values) == 0 {
				t.Fatalf("%s: fill set no secret", name)
			}
			leaks := map[string]string{} // rendering -> the output that shows a secret
			for how, out := range renderings(v) {
				for _, secret := range s.values {
					for _, enc := range encodings(secret) {
						if strings.Contains(out, enc) {
							leaks[how] = out
						}
					}
				}
			}
			for i, how := range slices.Sorted(maps.Keys(leaks)) {
				if i == 3 {
					t.Errorf("... and %d more renderings", len(leaks)-i)
					break
				}
				out := leaks[how]
				if len(out) > 300 {
					out = out[:300] + "..."
				}
				t.Errorf("%s shows a secret: %s", how, out)
			}
		})
	}
}

// sentinels are the secrets fill sets, by field.
type sentinels struct {
	values map[string]string
}

// new returns the sentinel of field: digits for a card number (masking
// keeps the first six and last four, never the whole), text otherwise.
func (s *sentinels) new(field string) string {
	if s.values == nil {
		s.values = map[string]string{}
	}
	v := "Zq9S3cr3t" + strings.NewReplacer(".", "", "_", "").Replace(field) + "x7"
	if strings.HasSuffix(field, "Number") {
		v = fmt.Sprintf("42763800%08d", len(s.values)+1)
	}
	s.values[field] = v
	return v
}

// fill returns v with every exported secret field set to a new sentinel,
// allocating nil pointers to the module's structs on the way.
func fill[T any](s *sentinels, v T) T {
	fillValue(s, reflect.ValueOf(&v).Elem(), reflect.TypeFor[T]().Name())
	return v
}

func fillValue(s *sentinels, v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			if v.Type().Elem().Kind() != reflect.Struct || !ours(v.Type().Elem()) {
				return
			}
			v.Set(reflect.New(v.Type().Elem()))
		}
		fillValue(s, v.Elem(), path)
	case reflect.Struct:
		if !ours(v.Type()) {
			return
		}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			fv, fpath := v.Field(i), path+"."+f.Name
			if !isSecret(v.Type(), f.Name) {
				fillValue(s, fv, fpath)
				continue
			}
			switch {
			case fv.Kind() == reflect.String:
				fv.SetString(s.new(fpath))
			case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.Uint8:
				fv.SetBytes([]byte(s.new(fpath)))
			case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.String:
				fv.Set(reflect.ValueOf([]string{s.new(fpath)}).Convert(fv.Type()))
			case fv.Kind() == reflect.Map && fv.Type().Elem().Kind() == reflect.String:
				fv.Set(reflect.ValueOf(map[string]string{"k": s.new(fpath)}).Convert(fv.Type()))
			}
		}
	}
}

// ours reports whether t is a type of this module.
func ours(t reflect.Type) bool {
	return strings.HasPrefix(t.PkgPath(), "github.com/paykit/payments")
}

// isSecret reports whether the field name of struct type t holds a secret:
// its name matches secretName, it is not in notSecret, and it is not the
// path of a file holding a secret (the *File fields print by design).
func isSecret(t reflect.Type, name string) bool {
	pkg := t.PkgPath()[strings.LastIndex(t.PkgPath(), "/")+1:]
	return secretName.MatchString(name) && notSecret[pkg+"."+t.Name()+"."+name] == "" && !strings.HasSuffix(name, "File")
}

// encodings are the forms a secret may take in output: clear, hex (%x of a
// string), upper-case hex and base64 (encoding/json of a []byte).
func encodings(secret string) []string {
	h := hex.EncodeToString([]byte(secret))
	return []string{secret, h, strings.ToUpper(h), base64.StdEncoding.EncodeToString([]byte(secret))}
}

// verbs are the fmt verbs tried, with flags and widths. %p is not among
// them: fmt prints a non-pointer operand of %p in its bad-verb form without
// calling any of its methods, so no type can redact it (go vet reports such
// calls).
var verbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%+q", "%#q", "%x", "%X", "% x", "%#x", "%d", "%t", "%o", "%b", "%e", "%g", "%c", "%U", "%10.4v", "%-30s", "%08d"}

// renderings returns v as every fmt verb, Sprint and Sprintln, slog's text
// and JSON handlers and json.Marshal show it, alone and wrapped (a pointer
// to it, a struct field, a slice element, a map value).
func renderings(v any) map[string]string {
	wrapped := map[string]any{
		"value":     v,
		"in struct": struct{ V any }{v},
		"in slice":  []any{v},
		"in map":    map[string]any{"k": v},
	}
	if rv := reflect.ValueOf(v); rv.Kind() != reflect.Pointer {
		p := reflect.New(rv.Type())
		p.Elem().Set(rv)
		wrapped["pointer"] = p.Interface()
	}
	out := map[string]string{}
	for wrap, w := range wrapped {
		for _, verb := range verbs {
			out[wrap+" "+verb] = fmt.Sprintf(verb, w)
		}
		out[wrap+" Sprint"] = fmt.Sprint(w)
		out[wrap+" Sprintln"] = fmt.Sprintln(w)
		var text, js bytes.Buffer
		for _, h := range []slog.Handler{slog.NewTextHandler(&text, nil), slog.NewJSONHandler(&js, nil)} {
			slog.New(h).Info("m", "v", w, slog.Any("any", w), slog.Group("g", "v", w))
		}
		out[wrap+" slog text"] = text.String()
		out[wrap+" slog JSON"] = js.String()
		b, err := json.Marshal(w)
		if err != nil {
			out[wrap+" json.Marshal"] = err.Error()
		} else {
			out[wrap+" json.Marshal"] = string(b)
		}
	}
	return out
}
