package conformance_test

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments/conformance"
)

// stepperEnv names the bug a TestStepperChild run has.
const stepperEnv = "CONFORMANCE_STEPPER_BUG"

// allFaultMoney is every fault_money_ scenario.
var allFaultMoney = faultMoney("connection_reset", "dial_error", "http_302", "http_303", "http_405", "http_408",
	"http_410", "http_413", "http_503", "malformed_body", "oversized_body", "timeout_after_send", "truncated_body")

// The suite judges each exchange of a multi-step refund by what the
// provider declared: a stepper with one bug fails exactly the scenarios
// named, which the healthy stepper passes (TestConformanceStepper).
func TestSuiteCatchesBrokenSteppers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		bug  stepperBug
		want []string
	}{
		// A fault in the read after the refund was made must not say the
		// refund failed.
		{bug: failsAfterMoney, want: allFaultMoney},
		// Nothing is sent after a fault, least of all the refund again.
		{bug: resendsAfterRead, want: allFaultMoney},
		// All three exchanges declared reads: the last is then judged as
		// the one that moves money, and the declarations are refused.
		{bug: declaresAllReads, want: append(append([]string{"context_canceled_in_flight_money"}, allFaultMoney...), "money_exchange_declared_moving")},
		// A fault in a declared read before the money moved fails as a
		// read, not as an unknown outcome.
		{bug: unknownAfterRead, want: allFaultMoney},
	}
	for _, tt := range tests {
		t.Run(string(tt.bug), func(t *testing.T) {
			t.Parallel()
			out, _ := runTest(t, "TestStepperChild", stepperEnv+"="+string(tt.bug))
			if diff := cmp.Diff(tt.want, failedScenarios(out, "TestStepperChild")); diff != "" {
				t.Errorf("scenarios failed by a stepper that %s (-want +got):\n%s\n%s", tt.bug, diff, out)
			}
		})
	}
}

// TestStepperChild runs the suite against the declaring stepper with the
// bug named by CONFORMANCE_STEPPER_BUG.
func TestStepperChild(t *testing.T) {
	bug := stepperBug(os.Getenv(stepperEnv))
	if bug == "" {
		t.Skip("run by TestSuiteCatchesBrokenSteppers")
	}
	conformance.Run(t, stepperHarness(t, true, bug))
}
