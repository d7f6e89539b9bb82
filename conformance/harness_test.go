package conformance_test

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/conformance"
	"github.com/paykit/payments/paymentstest"
)

// harnessBug is a way a harness can be incomplete or wrong.
type harnessBug string

const (
	noEditor       harnessBug = "gives no webhook editor"
	wrongEditor    harnessBug = "edits JSON while the webhooks are forms"
	noAck          harnessBug = "gives no expected acknowledgement"
	otherAck       harnessBug = "expects another acknowledgement than the provider writes"
	otherAckType   harnessBug = "expects another acknowledgement content type"
	unknownSkip    harnessBug = "skips a scenario that does not exist"
	reasonlessSkip harnessBug = "skips a scenario without a reason"
)

// childEnv names the harness bug a TestHarnessChild run has.
const childEnv = "CONFORMANCE_HARNESS_BUG"

// runChild runs TestHarnessChild with env and returns its verbose output
// and whether it passed.
func runChild(t *testing.T, env ...string) (string, bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHarnessChild$", "-test.v")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

// The suite refuses a harness it cannot trust, failing the scenarios named
// (or the run, for a bad skip list) with the message named, instead of
// tampering blindly or checking the provider against itself.
func TestSuiteCatchesBrokenHarnesses(t *testing.T) {
	t.Parallel()
	tamper := []string{"webhook_tampered_amount", "webhook_missing_signature", "webhook_garbage_signature"}
	ack := []string{"webhook_handler_acknowledges_after_success", "webhook_handler_deduplicates"}
	tests := []struct {
		bug       harnessBug
		scenarios []string
		message   string
	}{
		{bug: noEditor, scenarios: tamper, message: "Harness.EditWebhook is nil"},
		{bug: wrongEditor, scenarios: tamper, message: "Harness.EditWebhook cannot apply"},
		{bug: noAck, scenarios: ack, message: "Harness.Ack is nil"},
		{bug: otherAck, scenarios: ack, message: `want 200 "OK1002" (Harness.Ack)`},
		{bug: otherAckType, scenarios: ack, message: `want "application/json" (Harness.Ack)`},
		{bug: unknownSkip, message: `Harness.Skip names "webhook_valdi", which is no scenario`},
		{bug: reasonlessSkip, message: `Harness.Skip gives no reason for skipping "webhook_valid"`},
	}
	for _, tt := range tests {
		t.Run(string(tt.bug), func(t *testing.T) {
			t.Parallel()
			out, ok := runChild(t, childEnv+"="+string(tt.bug))
			if ok {
				t.Fatalf("the suite passed a harness that %s:\n%s", tt.bug, out)
			}
			for _, sc := range tt.scenarios {
				if !strings.Contains(out, "--- FAIL: TestHarnessChild/"+sc+" ") {
					t.Errorf("a harness that %s passed scenario %s:\n%s", tt.bug, sc, out)
				}
			}
			if !strings.Contains(out, tt.message) {
				t.Errorf("the output does not say %q:\n%s", tt.message, out)
			}
		})
	}
}

// Harness.Skip skips the scenarios it names, each reported with its reason
// in the verbose output, and the run passes.
func TestSkipIsReported(t *testing.T) {
	t.Parallel()
	out, ok := runChild(t, childEnv+"=skips")
	if !ok {
		t.Fatalf("a harness skipping two scenarios failed:\n%s", out)
	}
	for _, want := range []string{
		"--- SKIP: TestHarnessChild/webhook_oversized_body ",
		"skipped by Harness.Skip: the body limit is the proxy's",
		"--- SKIP: TestHarnessChild/status_pending ",
		"skipped by Harness.Skip: no pending state",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output does not show %q:\n%s", want, out)
		}
	}
}

// Record mode writes a fixture, with the harness's source text, for each
// scenario that passed, and none for a scenario that was skipped or failed.
func TestRecordKeepsOnlyPassedScenarios(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out, ok := runChild(t, childEnv+"=record", "CONFORMANCE_RECORD_DIR="+dir)
	if ok {
		t.Fatalf("recording against a fake that never settles order 1002 passed:\n%s", out)
	}
	if !strings.Contains(out, "--- FAIL: TestHarnessChild/status_succeeded ") {
		t.Fatalf("status_succeeded did not fail:\n%s", out)
	}
	for _, name := range []string{"status_succeeded", "status_pending"} {
		if _, err := os.Stat(filepath.Join(dir, name+".json")); err == nil {
			t.Errorf("%s.json was written for a failed or skipped scenario", name)
		}
	}
	fx, err := conformance.LoadFixture(dir, "status_failed")
	if err != nil || fx == nil {
		t.Fatalf("status_failed.json, a passed scenario, was not recorded: %v\n%s", err, out)
	}
	if fx.Source != "recorded by TestRecordKeepsOnlyPassedScenarios" {
		t.Errorf("status_failed.json has source %q, want the harness's", fx.Source)
	}
}

// TestHarnessChild runs the suite against the fake's HTTP provider with
// the harness bug named by CONFORMANCE_HARNESS_BUG; without it, with the
// fake's correct harness.
func TestHarnessChild(t *testing.T) {
	h := fakeHarness(seedFake)
	switch os.Getenv(childEnv) {
	case "":
	case string(noEditor):
		h.EditWebhook = nil
	case string(wrongEditor):
		h.EditWebhook = conformance.JSONEditor("signature", "amount")
	case string(noAck):
		h.Ack = nil
	case string(otherAck):
		h.Ack = func(w conformance.Webhook) payments.Ack { return payments.Ack{Body: "OK" + w.OrderID} }
	case string(otherAckType):
		h.Ack = func(conformance.Webhook) payments.Ack {
			return payments.Ack{StatusCode: http.StatusOK, ContentType: "application/json", Body: "ok"}
		}
	case string(unknownSkip):
		h.Skip = map[string]string{"webhook_valdi": "a typo"}
	case string(reasonlessSkip):
		h.Skip = map[string]string{"webhook_valid": " "}
	case "skips":
		h.Skip = map[string]string{
			"webhook_oversized_body": "the body limit is the proxy's",
			"status_pending":         "no pending state",
		}
	case "record":
		dir := os.Getenv("CONFORMANCE_RECORD_DIR")
		h = fakeHarness(func(t *testing.T, s conformance.Scenario) *paymentstest.Fake {
			if s.Name == "status_succeeded" {
				return seedFake(t, conformance.Scenario{Name: "status_pending"})
			}
			return seedFake(t, s)
		})
		h.FixtureDir, h.Record = dir, true
		h.Source = "recorded by TestRecordKeepsOnlyPassedScenarios"
		h.Skip = map[string]string{"status_pending": "no pending state"}
	default:
		t.Fatalf("unknown %s", childEnv)
	}
	conformance.Run(t, h)
}
