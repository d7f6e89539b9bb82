package conformance_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments/conformance"
)

// stepperEnv names the bug a TestStepperChild run has.
const stepperEnv = "CONFORMANCE_STEPPER_BUG"

// allFaults are the kinds of fault the suite injects, as in scenario names.
var allFaults = []string{"connection_reset", "dial_error", "http_302", "http_303", "http_405", "http_408",
	"http_410", "http_413", "http_503", "malformed_body", "oversized_body", "timeout_after_send", "truncated_body"}

// allFaultMoney is every fault_money_ scenario.
var allFaultMoney = faultMoney(allFaults...)

// inExchange names, for every fault but those whose names start with one
// of except, the subtest of its fault_money_ scenario that injects it into
// exchange at ("2_of_3") of base.
func inExchange(base, at string, except ...string) []string {
	var out []string
	for _, k := range allFaults {
		if !slices.ContainsFunc(except, func(p string) bool { return strings.HasPrefix(k, p) }) {
			out = append(out, "fault_money_"+k+"/"+base+"_exchange_"+at)
		}
	}
	return out
}

// The suite judges each exchange of a multi-step operation by what the
// provider declared: a stepper with one bug fails exactly the scenarios
// and fault subtests named (the exchange the bug is in), which the healthy
// stepper passes (TestConformanceStepper).
func TestSuiteCatchesBrokenSteppers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		bug      stepperBug
		want     []string // failed scenarios
		subtests []string // failed fault subtests
		log      string
	}{
		// A fault in the read after the refund was made must not say the
		// refund failed.
		{bug: failsAfterMoney, want: allFaultMoney, subtests: inExchange("refund_full", "3_of_3"),
			log: "http_503 injected into exchange 3 of 3 of refund_full"},
		// Nothing is sent after a fault, least of all the refund again.
		{bug: resendsAfterRead, want: allFaultMoney, subtests: inExchange("refund_full", "3_of_3")},
		// Every exchange declared a read: the last is then judged as the
		// one that moves money, and the declarations are refused.
		{bug: declaresAllReads,
			want:     append(append([]string{"context_canceled_in_flight_money"}, allFaultMoney...), "money_exchange_declared_moving"),
			subtests: append(inExchange("init_redirect", "2_of_2"), inExchange("refund_full", "3_of_3")...)},
		// A fault in a declared read before the money moved fails as a
		// read, not as an unknown outcome.
		{bug: unknownAfterRead, want: allFaultMoney, subtests: inExchange("refund_full", "1_of_3")},
		// An exchange nobody declared may move money: it is sent once.
		{bug: retriesUndeclared, want: faultMoney("connection_reset", "dial_error", "http_503", "timeout_after_send", "truncated_body"),
			subtests: inExchange("refund_full", "1_of_3", "http_30", "http_40", "http_41", "malformed", "oversized")},
	}
	for _, tt := range tests {
		t.Run(string(tt.bug), func(t *testing.T) {
			t.Parallel()
			out, _ := runTest(t, "TestStepperChild", stepperEnv+"="+string(tt.bug))
			if diff := cmp.Diff(tt.want, failedScenarios(out, "TestStepperChild")); diff != "" {
				t.Errorf("scenarios failed by a stepper that %s (-want +got):\n%s\n%s", tt.bug, diff, out)
			}
			sort.Strings(tt.subtests)
			if diff := cmp.Diff(tt.subtests, failedSubtests(out, "TestStepperChild", "fault_money_")); diff != "" {
				t.Errorf("fault subtests failed by a stepper that %s (-want +got):\n%s", tt.bug, diff)
			}
			if !strings.Contains(out, tt.log) {
				t.Errorf("the output does not say %q", tt.log)
			}
		})
	}
}

// failedSubtests returns the names, "scenario/subtest", of the subtests
// of scenarios named with prefix that failed in test's output, sorted.
func failedSubtests(out, test, prefix string) []string {
	re := regexp.MustCompile(`(?m)^\s*--- FAIL: ` + test + `/(` + prefix + `[^/\s]*/[^/\s]+) `)
	var got []string
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		got = append(got, m[1])
	}
	sort.Strings(got)
	return got
}

// unnamed is the TestStepperChild run whose harness leaves Name and
// FixtureDir to their defaults.
const unnamed stepperBug = "unnamed"

// A harness without Name or FixtureDir takes the provider's name, and
// fixtures from testdata/<name> in the test's directory; the suite then
// counts the scenarios it ran under that name.
func TestHarnessDefaultsFromProvider(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(os.Args[0], "-test.run=^TestStepperChild$", "-test.v")
	cmd.Env = append(os.Environ(), stepperEnv+"="+string(unnamed))
	cmd.Dir = t.TempDir()
	b, err := cmd.CombinedOutput()
	out := string(b)
	if err != nil {
		t.Fatalf("the suite failed a harness without name or fixture directory:\n%s", out)
	}
	verdicts := regexp.MustCompile(`(?m)^\s*--- (PASS|SKIP|FAIL): TestStepperChild/[^/\s]+ `).FindAllString(out, -1)
	if want := fmt.Sprintf("conformance: %s: %d scenarios", stepperName, len(verdicts)); !strings.Contains(out, want) {
		t.Errorf("the output does not say %q:\n%s", want, out)
	}
}

// TestStepperChild runs the suite against the stepper with the bug named
// by CONFORMANCE_STEPPER_BUG; the stepper declares its exchanges unless
// the bug is about one that does not.
func TestStepperChild(t *testing.T) {
	bug := stepperBug(os.Getenv(stepperEnv))
	switch bug {
	case "":
		t.Skip("run by TestSuiteCatchesBrokenSteppers")
	case unnamed:
		h := stepperHarness(t, true, "")
		stepperFixtures(t, filepath.Join("testdata", stepperName))
		h.Name, h.FixtureDir = "", ""
		conformance.Run(t, h)
		return
	}
	conformance.Run(t, stepperHarness(t, bug != retriesUndeclared, bug))
}
