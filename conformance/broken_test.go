package conformance_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/conformance"
)

// brokenEnv names the provider bug a TestBrokenChild run has.
const brokenEnv = "CONFORMANCE_PROVIDER_BUG"

// faultMoney lists fault_money_<kind> for kinds.
func faultMoney(kinds ...string) []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = "fault_money_" + k
	}
	return out
}

// The suite proves its own checks: each broken provider fails exactly the
// scenarios named, and the healthy fake passes every one of them.
func TestSuiteCatchesBrokenProviders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		bug  providerBug
		want []string
	}{
		{bug: acceptsTamperedWebhook, want: []string{
			"webhook_garbage_signature", "webhook_handler_rejects_bad_signature", "webhook_missing_signature",
			"webhook_tampered_amount", "webhook_wrong_secret",
		}},
		{bug: resendsAfterTimeout, want: faultMoney("timeout_after_send")},
		{bug: readsAfterFault, want: append([]string{"context_canceled_in_flight_money"}, faultMoney("connection_reset", "dial_error", "timeout_after_send")...)},
		{bug: reportsOtherAmount, want: slices.Concat([]string{"lookup_by_provider_id"}, methodScenarios, []string{"status_succeeded"})},
		{bug: reportsOtherStatus, want: []string{"status_succeeded"}},
		{bug: webhookOtherAmount, want: []string{"webhook_valid"}},
		// Reported failed, a paid payment's event escapes the app's
		// ExpectedAmount, which guards only events that say money was
		// taken or held (HandlerOptions.ExpectedAmount).
		{bug: webhookOtherStatus, want: []string{"webhook_amount_mismatch", "webhook_valid"}},
		{bug: wrongAck, want: []string{"webhook_handler_acknowledges_after_success", "webhook_handler_deduplicates"}},
		{bug: unstableEventID, want: []string{"webhook_handler_deduplicates"}},
		{bug: ignoresCancel, want: []string{"context_canceled_in_flight_money", "context_canceled_in_flight_read"}},
		{bug: dialErrorSuccess, want: []string{"fault_money_dial_error", "fault_read_dial_error"}},
		{bug: movingDeclaredRead, want: []string{"money_exchange_declared_moving"}},
		{bug: leaksSecret, want: []string{"fixtures_hold_no_secrets"}},
		{bug: dropsReceipt, want: []string{"receipts_with_payment", "receipts_with_refund"}},
		{bug: lookupOtherPayment, want: []string{"lookup_by_provider_id"}},
		{bug: noChallengeStep, want: []string{"init_3ds"}},
		{bug: anonymousPayout, want: []string{"withdrawal_status"}},
		{bug: acceptsMalformedHook, want: []string{"webhook_malformed_body"}},
		{bug: malformedHookFails, want: []string{"webhook_malformed_body"}},
		{bug: signatureFirst, want: nil},
		{bug: cardInErrors, want: append([]string{"context_canceled_in_flight_money"}, allFaultMoney...)},
	}
	for _, tt := range tests {
		t.Run(string(tt.bug), func(t *testing.T) {
			t.Parallel()
			out, _ := runBroken(t, tt.bug)
			if diff := cmp.Diff(tt.want, failedScenarios(out, "TestBrokenChild")); diff != "" {
				t.Errorf("scenarios failed by a provider that %s (-want +got):\n%s\n%s", tt.bug, diff, out)
			}
			healthy := healthyRun(t)
			for _, sc := range tt.want {
				if !strings.Contains(healthy, "--- PASS: TestBrokenChild/"+sc+" ") {
					t.Errorf("the healthy fake does not pass %s", sc)
				}
			}
		})
	}
}

// The healthy fake runs every scenario: none is skipped for want of a
// fixture, a capability or a harness field.
func TestHealthyFakeSkipsNothing(t *testing.T) {
	t.Parallel()
	if m := regexp.MustCompile(`(?m)^\s*--- SKIP: TestBrokenChild/\S+`).FindAllString(healthyRun(t), -1); len(m) > 0 {
		t.Errorf("the healthy fake skipped %q", m)
	}
}

var (
	healthyOnce sync.Once
	healthyOut  string
	healthyOK   bool
)

// healthyRun returns the verbose output of TestBrokenChild with no bug,
// run once, failing t unless it passed.
func healthyRun(t *testing.T) string {
	t.Helper()
	healthyOnce.Do(func() { healthyOut, healthyOK = runBroken(t, "") })
	if !healthyOK {
		t.Fatalf("the suite failed the healthy fake:\n%s", healthyOut)
	}
	return healthyOut
}

// runBroken runs TestBrokenChild with bug and returns its verbose output
// and whether it passed.
func runBroken(t *testing.T, bug providerBug) (string, bool) {
	t.Helper()
	return runTest(t, "TestBrokenChild", brokenEnv+"="+string(bug))
}

// runTest runs the test named in a child process with env and returns its
// verbose output and whether it passed.
func runTest(t *testing.T, name string, env ...string) (string, bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+name+"$", "-test.v")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

// failedScenarios returns the names of the scenarios of test that failed
// in out (not their subtests), sorted.
func failedScenarios(out, test string) []string {
	failLine := regexp.MustCompile(`(?m)^\s*--- FAIL: ` + test + `/([^/\s]+) `)
	var got []string
	for _, m := range failLine.FindAllStringSubmatch(out, -1) {
		got = append(got, m[1])
	}
	sort.Strings(got)
	return got
}

// TestBrokenChild runs the suite against the fake's HTTP provider with the
// bug named by CONFORMANCE_PROVIDER_BUG; without it, against the healthy
// fake with the same harness.
func TestBrokenChild(t *testing.T) {
	bug := providerBug(os.Getenv(brokenEnv))
	h := fakeHarness(seedFake)
	h.NewProvider = func(t *testing.T, rt http.RoundTripper) payments.Provider {
		return brokenProvider(t, bug, "https://fake.invalid", rt)
	}
	if bug == leaksSecret || recordedMethodBugs[bug] {
		// The leak shows in fixtures recorded against a live fake; the
		// payment-method bugs record fixtures that match what they send.
		var live *httptest.Server
		h.FixtureDir, h.Record = t.TempDir(), true
		h.Seed = func(t *testing.T, s conformance.Scenario) {
			live = httptest.NewServer(seedFake(t, s).Handler())
			t.Cleanup(live.Close)
		}
		h.Live = func(t *testing.T, rt http.RoundTripper) payments.Provider {
			return brokenProvider(t, bug, live.URL, rt)
		}
	}
	conformance.Run(t, h)
}
