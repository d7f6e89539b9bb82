package conformance

import (
	"net/http"
	"testing"

	"github.com/paykit/payments"
)

// Harness tells the suite how to build and exercise one provider. It is a
// struct so that it can gain fields without breaking provider authors; the
// zero value of every optional field means "not applicable".
type Harness struct {
	// Name is the provider's name; fixtures live in FixtureDir.
	Name string

	// FixtureDir holds one JSON file per scenario (<scenario>.json). The
	// default is "testdata" + "/" + Name relative to the test's working
	// directory.
	FixtureDir string

	// NewProvider returns the provider under test with every HTTP request
	// sent through rt (set it as the Transport of the provider's
	// http.Client). The provider's base URLs may point anywhere: replay
	// matches method, path, query and body, not the host. Required.
	NewProvider func(t *testing.T, rt http.RoundTripper) payments.Provider

	// Currency is the currency of the scenarios' amounts; default the first
	// declared currency.
	Currency payments.Currency

	// WebhookSecret is the secret webhooks are signed with. SignWebhook
	// signs one delivery: a request as the provider would send it, signed
	// with secret (the suite also passes a wrong one). Nil if the provider
	// sends no webhooks.
	WebhookSecret string
	// SignWebhook builds a signed webhook delivery for w.
	SignWebhook func(t *testing.T, w Webhook, secret string) *http.Request
	// EditWebhook changes a signed delivery as e says (a new amount, the
	// signature dropped or garbled), for the tampering scenarios, whatever
	// the delivery's content type. FormEditor, JSONEditor and
	// HeaderSignature cover the common cases. Required when the provider verifies webhooks: a
	// tampering scenario fails when it is nil or returns an error.
	EditWebhook func(t *testing.T, r *http.Request, e WebhookEdit) (*http.Request, error)
	// Ack returns the reply the provider's documentation expects to a
	// handled delivery of w. The acknowledgement scenarios compare the
	// handler's HTTP reply with it (status, body, and the content type
	// when set), not with the provider's own Event.Ack. Required when the
	// provider verifies webhooks.
	Ack func(w Webhook) payments.Ack

	// Skip lists the scenarios this provider skips, by name, each with the
	// reason, which the scenario reports through t.Skip. A name that is no
	// scenario of the suite, or an empty reason, fails the run.
	Skip map[string]string

	// Secrets lists every configured secret (passwords, API keys). No
	// fixture may contain any of them, nor a card number in clear.
	Secrets []string

	// Live, if set, returns the provider configured against a live or
	// sandbox endpoint with its HTTP sent through rt; the -record flag uses
	// it to re-record fixtures. Seed, if set, prepares the live side's state
	// for one scenario before it is recorded.
	Live func(t *testing.T, rt http.RoundTripper) payments.Provider
	// Seed prepares live state for scenario s (record mode only): at
	// least the payments listed in s.Given, each started with
	// Given.Request and brought to its Given.Status the provider's way.
	Seed func(t *testing.T, s Scenario)
	// SeedWebhooks, if set, returns the webhook deliveries the live side
	// sent while Seed prepared s, as received (record mode only). They
	// are kept in s's fixture (Fixture.Webhooks) and replayed with it.
	// A charge scenario takes the recurring parent's mandate from the
	// parent's verified delivery (Event.Mandate) when the status lookup
	// carries none, as with T-Bank, whose RebillId arrives only in the
	// notification.
	SeedWebhooks func(t *testing.T, s Scenario) []*http.Request
	// Record forces record mode (as the -record flag does) when Live is
	// set: every scenario that makes requests runs against Live and its
	// fixture is rewritten. Tests that record against a local sandbox set
	// it, then replay the result with a second Run.
	Record bool
	// Source is the "source" text of recorded fixtures: where their bodies
	// come from. Default "recorded with -record".
	Source string

	// ScrubParams names query, form and JSON fields whose values are
	// replaced by "<scrubbed>" when recording (for example a CVC); a
	// scrubbed value in a fixture matches any value on replay. A request
	// with such a field, like one with card data, is recorded without its
	// signature (see the package doc).
	ScrubParams []string
}

// Webhook describes one webhook delivery for SignWebhook.
type Webhook struct {
	// EventID identifies the delivery (the same for retries).
	EventID string
	// Type is what the event is about.
	Type payments.EventType
	// OrderID is the merchant's order id.
	OrderID string
	// Amount of the payment or payout.
	Amount payments.Money
	// Status is the new state: StatusSucceeded or StatusFailed.
	Status payments.Status
}
