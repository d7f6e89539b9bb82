package conformance

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
)

// A Harness holds the provider's secrets (WebhookSecret, Secrets) so that
// the suite can sign webhooks and check fixtures for them; a failing test
// that prints its harness must not print them. Every fmt verb, slog handler
// and json.Marshal show the harness's name and settings with the secrets
// redacted and the functions left out.

const redactedMark = "[redacted]"

// harnessView is what a Harness prints: its settings, secrets redacted.
type harnessView struct {
	Name          string            `json:"name"`
	FixtureDir    string            `json:"fixture_dir,omitempty"`
	Currency      string            `json:"currency,omitempty"`
	WebhookSecret string            `json:"webhook_secret,omitempty"`
	Skip          map[string]string `json:"skip,omitempty"`
	Secrets       []string          `json:"secrets,omitempty"`
	Record        bool              `json:"record,omitempty"`
	Source        string            `json:"source,omitempty"`
	ScrubParams   []string          `json:"scrub_params,omitempty"`
}

func (h Harness) view() harnessView {
	v := harnessView{
		Name: h.Name, FixtureDir: h.FixtureDir, Currency: string(h.Currency),
		Skip: h.Skip, Record: h.Record, Source: h.Source, ScrubParams: h.ScrubParams,
	}
	if h.WebhookSecret != "" {
		v.WebhookSecret = redactedMark
	}
	for range h.Secrets {
		v.Secrets = append(v.Secrets, redactedMark)
	}
	return v
}

// String returns the harness's settings with every secret redacted.
func (h Harness) String() string {
	v := h.view()
	return fmt.Sprintf("conformance.Harness{Name: %q, FixtureDir: %q, Currency: %q, WebhookSecret: %q, Skip: %q, Secrets: [%s], Record: %t, Source: %q, ScrubParams: %q}",
		v.Name, v.FixtureDir, v.Currency, v.WebhookSecret, v.Skip, strings.Join(v.Secrets, " "), v.Record, v.Source, v.ScrubParams)
}

// GoString is String, for %#v.
func (h Harness) GoString() string { return h.String() }

// Format implements fmt.Formatter: every verb prints String.
func (h Harness) Format(f fmt.State, _ rune) { _, _ = fmt.Fprint(f, h.String()) }

// LogValue implements slog.LogValuer: the settings, secrets redacted.
func (h Harness) LogValue() slog.Value {
	v := h.view()
	return slog.GroupValue(
		slog.String("name", v.Name),
		slog.String("webhook_secret", v.WebhookSecret),
		slog.Int("secrets", len(v.Secrets)),
		slog.Bool("record", v.Record),
	)
}

// MarshalJSON implements json.Marshaler: the settings, secrets redacted,
// functions left out.
func (h Harness) MarshalJSON() ([]byte, error) { return json.Marshal(h.view()) }
