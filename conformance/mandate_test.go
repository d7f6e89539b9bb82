package conformance_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/conformance"
	"github.com/paykit/payments/paymentstest"
)

// mandateEnv names how a TestMandateChild run's live side hands over the
// recurring parent's mandate: "webhook" (only in the parent's webhook, as
// T-Bank's RebillId) or "none" (nowhere).
const mandateEnv = "CONFORMANCE_MANDATE"

// webhookMandate is the fake's HTTP provider declaring RecurringMandate
// with a status lookup that carries no mandate: as T-Bank, whose GetState
// has no RebillId, the mandate is only in the parent's webhook.
type webhookMandate struct{ *paymentstest.HTTPProvider }

func (p webhookMandate) Capabilities() payments.Capabilities {
	c := p.HTTPProvider.Capabilities()
	c.RecurringMandate = true
	return c
}

func (p webhookMandate) PaymentStatus(ctx context.Context, q payments.PaymentQuery) (*payments.Payment, error) {
	pay, err := p.HTTPProvider.PaymentStatus(ctx, q)
	if pay != nil {
		pay.Mandate = ""
	}
	return pay, err
}

// TestMandateChild records the suite against a live fake whose mandate
// is only in webhooks, handing the suite the parent's webhook through
// Harness.SeedWebhooks when CONFORMANCE_MANDATE is "webhook", then
// replays what it recorded.
func TestMandateChild(t *testing.T) {
	mode := os.Getenv(mandateEnv)
	if mode == "" {
		t.Skip("run by TestSuiteTakesMandateFromWebhook")
	}
	var fake *paymentstest.Fake
	var live *httptest.Server
	h := fakeHarness(seedFake)
	h.FixtureDir, h.Record = t.TempDir(), true
	h.NewProvider = func(t *testing.T, rt http.RoundTripper) payments.Provider {
		return webhookMandate{fakeHTTPProvider(t, "https://fake.invalid", rt).(*paymentstest.HTTPProvider)}
	}
	h.Seed = func(t *testing.T, s conformance.Scenario) {
		fake = seedFake(t, s)
		live = httptest.NewServer(fake.Handler())
		t.Cleanup(live.Close)
	}
	h.Live = func(t *testing.T, rt http.RoundTripper) payments.Provider {
		return webhookMandate{fakeHTTPProvider(t, live.URL, rt).(*paymentstest.HTTPProvider)}
	}
	if mode == "webhook" {
		h.SeedWebhooks = func(t *testing.T, s conformance.Scenario) []*http.Request {
			var out []*http.Request
			for _, g := range s.Given {
				if g.Recurring {
					r, err := fake.PaymentWebhook(g.OrderID)
					if err != nil {
						t.Fatal(err)
					}
					out = append(out, r)
				}
			}
			return out
		}
	}
	t.Run("record", func(t *testing.T) { conformance.Run(t, h) })
	h.Record = false
	t.Run("replay", func(t *testing.T) { conformance.Run(t, h) })
}

// The charge scenarios take the parent's mandate from its verified
// webhook when the status lookup carries none, recorded with the fixture
// and verified again on replay (fault scenarios included); a provider
// that gives the mandate nowhere fails them.
func TestSuiteTakesMandateFromWebhook(t *testing.T) {
	t.Parallel()
	tests := []struct {
		mode string
		want []string
	}{
		{mode: "webhook", want: nil},
		// Recorded without a mandate, the charges fail and keep no
		// fixture, so their replay fails too.
		{mode: "none", want: []string{"record/charge_declined", "record/charge_success", "replay/charge_declined", "replay/charge_success"}},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			t.Parallel()
			out, _ := runTest(t, "TestMandateChild", mandateEnv+"="+tt.mode)
			if diff := cmp.Diff(tt.want, failedRunScenarios(out)); diff != "" {
				t.Errorf("failed scenarios (-want +got):\n%s\n%s", diff, out)
			}
			if tt.mode != "webhook" {
				return
			}
			for _, sc := range []string{"record/charge_success", "record/charge_declined", "replay/charge_success", "replay/charge_declined",
				"replay/fault_money_timeout_after_send/charge_success_exchange_2_of_2"} {
				if !strings.Contains(out, "--- PASS: TestMandateChild/"+sc+" ") {
					t.Errorf("%s did not pass:\n%s", sc, out)
				}
			}
		})
	}
}

// failedRunScenarios returns the record/ and replay/ scenarios of
// TestMandateChild that failed in out, sorted.
func failedRunScenarios(out string) []string {
	failLine := regexp.MustCompile(`(?m)^\s*--- FAIL: TestMandateChild/((?:record|replay)/[^/\s]+) `)
	var got []string
	for _, m := range failLine.FindAllStringSubmatch(out, -1) {
		got = append(got, m[1])
	}
	sort.Strings(got)
	return got
}
