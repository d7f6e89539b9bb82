package payments_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
)

// secretHolder is a config as a provider would write it: no printing code
// of its own, only a Secret field.
type secretHolder struct {
	Login    string
	Password payments.Secret
}

const secretValue = "s3cr3t-Value"

func TestSecretNeverPrints(t *testing.T) {
	t.Parallel()
	s := payments.Secret(secretValue)
	h := secretHolder{Login: "shop", Password: s}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t", "%10s", "%-12v", "%T"}
	for _, verb := range verbs {
		for _, v := range []any{s, &s, h, &h, []payments.Secret{s}, map[string]payments.Secret{"k": s}} {
			if got := fmt.Sprintf(verb, v); strings.Contains(got, secretValue) || strings.Contains(got, fmt.Sprintf("%x", secretValue)) {
				t.Errorf("Sprintf(%q, %T) = %q, shows the secret", verb, v, got)
			}
		}
	}
	var buf bytes.Buffer
	for _, hd := range []slog.Handler{slog.NewTextHandler(&buf, nil), slog.NewJSONHandler(&buf, nil)} {
		slog.New(hd).Info("config", "secret", s, "holder", h, "struct", &secretHolder{Password: s})
	}
	b, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	buf.Write(b)
	if strings.Contains(buf.String(), secretValue) {
		t.Errorf("logs or JSON show the secret: %s", buf.String())
	}
}

func TestSecretShows(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		secret payments.Secret
		format string
		want   string
	}{
		{"v", secretValue, "%v", "[redacted]"},
		{"s", secretValue, "%s", "[redacted]"},
		{"q", secretValue, "%q", `"[redacted]"`},
		{"go syntax", secretValue, "%#v", `"[redacted]"`},
		{"x", secretValue, "%x", "[redacted]"},
		{"d", secretValue, "%d", "[redacted]"},
		{"width", secretValue, "%12s", "  [redacted]"},
		{"left", secretValue, "%-12s|", "[redacted]  |"},
		{"empty v", "", "%v", ""},
		{"empty q", "", "%q", `""`},
		{"struct", secretValue, "%+v", "{Login:shop Password:[redacted]}"},
		{"struct go syntax", secretValue, "%#v", `payments_test.secretHolder{Login:"shop", Password:"[redacted]"}`},
		{"empty in struct", "", "%+v", "{Login:shop Password:}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var v any = tt.secret
			if strings.HasPrefix(tt.name, "struct") || strings.HasPrefix(tt.name, "empty in") {
				v = secretHolder{Login: "shop", Password: tt.secret}
			}
			if diff := cmp.Diff(tt.want, fmt.Sprintf(tt.format, v)); diff != "" {
				t.Errorf("Sprintf(%q) (-want +got):\n%s", tt.format, diff)
			}
		})
	}
}

func TestSecretJSONAndLog(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(secretHolder{Login: "shop", Password: secretValue})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(`{"Login":"shop","Password":"[redacted]"}`, string(b)); diff != "" {
		t.Errorf("json.Marshal (-want +got):\n%s", diff)
	}
	b, _ = json.Marshal(secretHolder{})
	if diff := cmp.Diff(`{"Login":"","Password":""}`, string(b)); diff != "" {
		t.Errorf("json.Marshal of an empty secret (-want +got):\n%s", diff)
	}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}})).Info("m", "password", payments.Secret(secretValue), "unset", payments.Secret(""))
	if diff := cmp.Diff("level=INFO msg=m password=[redacted] unset=\"\"\n", buf.String()); diff != "" {
		t.Errorf("slog (-want +got):\n%s", diff)
	}
}

func TestSecretDecodes(t *testing.T) {
	t.Parallel()
	var h secretHolder
	if err := json.Unmarshal([]byte(`{"Login":"shop","Password":"pa:ss\u00e9"}`), &h); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("pa:ssé", h.Password.Reveal()); diff != "" {
		t.Errorf("Reveal after UnmarshalJSON (-want +got):\n%s", diff)
	}
	if err := json.Unmarshal([]byte(`{"Password":null}`), &h); err != nil || h.Password.Reveal() != "pa:ssé" {
		t.Errorf("null: err %v, value changed: %v", err, h.Password.Reveal() != "pa:ssé")
	}
	var s payments.Secret
	if err := s.UnmarshalText([]byte("text-secret")); err != nil || s.Reveal() != "text-secret" || !s.IsSet() {
		t.Errorf("UnmarshalText: err %v, set %v", err, s.IsSet())
	}
	for _, in := range []string{`{"Password":12345678}`, `{"Password":[1]}`, `{"Password":true}`} {
		err := json.Unmarshal([]byte(in), &h)
		if err == nil {
			t.Errorf("Unmarshal(%s) = nil error, want one", in)
			continue
		}
		if strings.Contains(err.Error(), "12345678") {
			t.Errorf("Unmarshal(%s) error %q repeats the value", in, err)
		}
	}
	if payments.Secret("").IsSet() {
		t.Error("empty secret IsSet")
	}
}

func FuzzSecretUnmarshalJSON(f *testing.F) {
	for _, s := range []string{`"x"`, `null`, `12345678`, `"\u0000"`, `{`, `""`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var s payments.Secret
		if err := s.UnmarshalJSON(data); err != nil {
			if len(data) > 3 && strings.Contains(err.Error(), string(data)) {
				t.Errorf("error %q repeats the input", err)
			}
			return
		}
		if fmt.Sprint(s) != s.String() || (s.IsSet() && fmt.Sprintf("%x", s) != payments.Redacted) {
			t.Errorf("decoded secret prints %q", fmt.Sprintf("%x", s))
		}
	})
}
