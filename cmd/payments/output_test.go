package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
)

// After an unknown outcome the CLI prints the error's advice, true for the
// provider, instead of a lookup that may not be able to answer; it falls
// back to the generic lookup only when the error has no advice.
func TestFailPrintsTheErrorsAdvice(t *testing.T) {
	t.Parallel()
	const advice = "Robokassa's status lookup does not show refunds: check the merchant account before refunding again."
	withAdvice := &payments.Error{Op: payments.OpRefund, Provider: "robokassa", Kind: payments.ErrOutcomeUnknown, Message: "HTTP 500", Advice: advice}
	without := &payments.Error{Op: payments.OpRefund, Provider: "robokassa", Kind: payments.ErrOutcomeUnknown, Message: "HTTP 500"}
	tests := []struct {
		name, cmd string
		err       *payments.Error
		want      string
	}{
		{"advice", "refund", withAdvice,
			"payments refund: robokassa: refund: outcome unknown: HTTP 500\n" +
				"The outcome is unknown: the request may have been carried out. Do NOT retry it. " + advice + "\n"},
		{"no advice", "refund", without,
			"payments refund: robokassa: refund: outcome unknown: HTTP 500\n" +
				"The outcome is unknown: the request may have been carried out. Do NOT retry it; check first with: payments status -order 1001\n"},
		{"no advice, payout", "withdraw", without,
			"payments withdraw: robokassa: refund: outcome unknown: HTTP 500\n" +
				"The outcome is unknown: the request may have been carried out. Do NOT retry it; check first with: payments withdrawal-status -order 1001\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stderr bytes.Buffer
			a := &app{stderr: &stderr, stdout: &bytes.Buffer{}, cmd: tt.cmd, order: "1001"}
			if code := a.fail(tt.err); code != exitUnknown {
				t.Errorf("exit code %d, want %d", code, exitUnknown)
			}
			if diff := cmp.Diff(tt.want, stderr.String()); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
		})
	}

	// With -json the advice is a field of the error object.
	for _, tt := range []struct {
		err  *payments.Error
		want string
	}{{withAdvice, advice}, {without, ""}} {
		var stdout bytes.Buffer
		a := &app{stderr: &bytes.Buffer{}, stdout: &stdout, cmd: "refund", order: "1001", json: true}
		a.fail(tt.err)
		var got errorJSON
		if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
			t.Fatalf("%s: %v", stdout.String(), err)
		}
		if got.Error.Advice != tt.want || got.Error.Kind != kindOutcomeUnknown {
			t.Errorf("JSON error %+v, want kind %s and advice %q", got.Error, kindOutcomeUnknown, tt.want)
		}
		if tt.want == "" && strings.Contains(stdout.String(), `"advice"`) {
			t.Errorf("JSON %s has an empty advice", stdout.String())
		}
	}
}
