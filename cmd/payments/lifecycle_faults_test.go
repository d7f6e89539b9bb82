package main

import (
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

// lifecycleOps are the money-moving lifecycle commands, each with the
// state it needs made on the fake and its arguments.
var lifecycleOps = []struct {
	name  string
	op    payments.Operation
	setup func(t *testing.T, fake *paymentstest.Fake, tl *tool)
	args  []string
	stdin string
	check string // the command the advice after a lost answer names
}{
	{"capture", payments.OpCapture, func(t *testing.T, fake *paymentstest.Fake, tl *tool) { heldPayment(t, fake, tl, "o-1", "10.00") },
		[]string{"capture", "-order", "o-1", "-amount", "4.00"}, "", "status -order o-1"},
	{"cancel", payments.OpCancel, func(t *testing.T, fake *paymentstest.Fake, tl *tool) { heldPayment(t, fake, tl, "o-1", "10.00") },
		[]string{"cancel", "-order", "o-1"}, "", "status -order o-1"},
	{"charge", payments.OpCharge, func(t *testing.T, fake *paymentstest.Fake, tl *tool) {
		paidPayment(t, fake, tl, "o-1", "10.00", "-recurring")
	}, []string{"charge", "-parent", "o-1", "-order", "o-2", "-amount", "4.00"}, "", "status -order o-2"},
	{"receipt", payments.OpSendReceipt, func(t *testing.T, fake *paymentstest.Fake, tl *tool) { paidPayment(t, fake, tl, "o-1", "10.00") },
		[]string{"receipt", "-order", "o-1", "-id", "7001", "-receipt-stdin"}, settlement, "receipt-status -id 7001 -order o-1"},
}

// TestLifecycleOutcomeUnknown: when the answer of a capture, cancel,
// charge or receipt is lost, the tool exits 3 with the error's advice, as
// text and as JSON, and never sends the request again.
func TestLifecycleOutcomeUnknown(t *testing.T) {
	t.Parallel()
	for _, tt := range lifecycleOps {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake, tl := sharedFake(t, nil)
			tt.setup(t, fake, tl)
			lost := func() error {
				return payments.NewError(payments.ErrOutcomeUnknown, "timeout", "no answer after sending")
			}

			fake.FailNext(tt.op, lost())
			text := tl.runStdin(tt.stdin, tt.args...)
			wantCode(t, text, exitUnknown)
			if !strings.Contains(text.stderr, "Do NOT retry it") || !strings.Contains(text.stderr, "\nWith this tool: payments "+tt.check+"\n") {
				t.Errorf("no warning not to retry naming \"payments %s\":\n%s", tt.check, text.stderr)
			}
			if n := fake.Calls(tt.op); n != 1 {
				t.Errorf("%s was sent %d times; what moves money is never resent", tt.op, n)
			}

			fake.FailNext(tt.op, lost())
			r := tl.runStdin(tt.stdin, append([]string{"-json"}, tt.args...)...)
			wantCode(t, r, exitUnknown)
			e := decode[errorJSON](t, r).Error
			if e.Kind != kindOutcomeUnknown || e.Advice == "" {
				t.Errorf("JSON error %+v, want kind outcome_unknown with advice", e)
			}
			if !strings.Contains(text.stderr, e.Advice) {
				t.Errorf("the text output lacks the advice %q:\n%s", e.Advice, text.stderr)
			}
			if n := fake.Calls(tt.op); n != 2 {
				t.Errorf("%s was sent %d times in two runs", tt.op, n)
			}
		})
	}
}

// TestLifecycleUnavailable: an unavailable provider is exit code 4, and a
// money-moving command is still sent only once; a receipt lookup is
// retried and succeeds.
func TestLifecycleUnavailable(t *testing.T) {
	t.Parallel()
	down := func() error { return payments.NewError(payments.ErrUnavailable, "maintenance", "try later") }
	for _, tt := range lifecycleOps {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake, tl := sharedFake(t, nil)
			tt.setup(t, fake, tl)
			fake.FailNext(tt.op, down())
			wantError(t, tl.runStdin(tt.stdin, append([]string{"-json"}, tt.args...)...), exitUnavailable, kindUnavailable)
			if n := fake.Calls(tt.op); n != 1 {
				t.Errorf("%s was sent %d times; what moves money is never resent", tt.op, n)
			}
			// The state is unchanged: the same command now succeeds.
			wantCode(t, tl.runStdin(tt.stdin, tt.args...), exitOK)
		})
	}
	t.Run("receipt-status retried", func(t *testing.T) {
		t.Parallel()
		fake, tl := sharedFake(t, nil)
		paidPayment(t, fake, tl, "o-1", "10.00")
		wantCode(t, tl.runStdin(settlement, "receipt", "-order", "o-1", "-id", "7001", "-receipt-stdin"), exitOK)
		fake.FailNext(payments.OpReceiptStatus, down())
		r := tl.run("receipt-status", "-json", "-id", "7001")
		wantCode(t, r, exitOK)
		if n := fake.Calls(payments.OpReceiptStatus); n != 2 {
			t.Errorf("receipt_status called %d times, want 2 (one retry)", n)
		}
		for range 10 {
			fake.FailNext(payments.OpReceiptStatus, down())
		}
		wantError(t, tl.run("receipt-status", "-json", "-id", "7001"), exitUnavailable, kindUnavailable)
	})
}

// TestRefundStatusLifecycle: refund-status answers in text and JSON with
// the exit codes of the table: found 0, unknown 1, usage 2, unavailable 4.
func TestRefundStatusLifecycle(t *testing.T) {
	t.Parallel()
	fake, tl := sharedFake(t, nil)
	paidPayment(t, fake, tl, "o-1", "10.00")
	wantCode(t, tl.run("refund", "-order", "o-1", "-reference", "o-1-r1", "-amount", "3.00"), exitOK)

	r := tl.run("refund-status", "-json", "-order", "o-1", "-reference", "o-1-r1")
	wantCode(t, r, exitOK)
	want := refundJSON{Provider: "fake", RefundID: "ref_1", OrderID: "o-1", Reference: "o-1-r1", Status: "succeeded", Amount: "3.00", Currency: "RUB"}
	if got := decode[refundJSON](t, r); got != want {
		t.Errorf("refund-status -json = %+v, want %+v", got, want)
	}
	r = tl.run("refund-status", "-id", "ref_1")
	wantCode(t, r, exitOK)
	wantLines(t, r.stdout, "Refund of order o-1 with fake: succeeded", kvLine("amount", "3.00 RUB"))
	wantError(t, tl.run("refund-status", "-json", "-id", "ref_9"), exitFailed, kindNotFound)
	wantError(t, tl.run("refund-status", "-json", "-order", "o-1"), exitUsage, kindUsage)
	for range 10 {
		fake.FailNext(payments.OpRefundStatus, payments.NewError(payments.ErrUnavailable, "maintenance", "try later"))
	}
	wantError(t, tl.run("refund-status", "-json", "-id", "ref_1"), exitUnavailable, kindUnavailable)
}

// TestLifecycleUsageErrors: missing or conflicting flags and bad receipt
// input are usage errors (exit code 2), as text and JSON, before anything
// is sent.
func TestLifecycleUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		args  []string
		stdin string
		want  string
	}{
		{"capture no order", []string{"capture", "-amount", "1.00"}, "", "missing -order"},
		{"capture bad amount", []string{"capture", "-order", "1", "-amount", "1.001"}, "", "3 decimal places"},
		{"capture both receipts", []string{"capture", "-order", "1", "-receipt-file", "x", "-receipt-stdin"}, "", "not both"},
		{"capture receipt missing", []string{"capture", "-order", "1", "-receipt-file", "/nonexistent/receipt.json"}, "", "reading the receipt file"},
		{"cancel no order", []string{"cancel"}, "", "missing -order"},
		{"cancel argument", []string{"cancel", "-order", "1", "now"}, "", `unexpected argument "now"`},
		{"charge no parent", []string{"charge", "-order", "2", "-amount", "1.00"}, "", "missing -parent"},
		{"charge no order", []string{"charge", "-parent", "1", "-amount", "1.00"}, "", "missing -order"},
		{"charge no amount", []string{"charge", "-parent", "1", "-order", "2"}, "", "missing -amount"},
		{"charge same order", []string{"charge", "-parent", "1", "-order", "1", "-amount", "1.00"}, "", "-order must be a new order id"},
		{"charge bad receipt", []string{"charge", "-parent", "1", "-order", "2", "-amount", "1.00", "-receipt-stdin"}, `{"items":[]}`, `the receipt: no "items"`},
		{"receipt no order", []string{"receipt", "-id", "5", "-receipt-stdin"}, settlement, "missing -order"},
		{"receipt no id", []string{"receipt", "-order", "1", "-receipt-stdin"}, settlement, "missing -id"},
		{"receipt no lines", []string{"receipt", "-order", "1", "-id", "5"}, "", "missing -receipt-file or -receipt-stdin"},
		{"receipt empty stdin", []string{"receipt", "-order", "1", "-id", "5", "-receipt-stdin"}, "", "the receipt: the input is empty"},
		{"receipt malformed", []string{"receipt", "-order", "1", "-id", "5", "-receipt-stdin"}, `{"items":[{"name":"a",`, "not valid JSON"},
		{"receipt-status no id", []string{"receipt-status", "-order", "1"}, "", "missing -id"},
		{"link unknown method", []string{"link", "-order", "1", "-amount", "1.00", "-method", "cash"}, "", `unknown -method "cash"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake, tl := sharedFake(t, nil)
			r := tl.runStdin(tt.stdin, tt.args...)
			wantCode(t, r, exitUsage)
			if !strings.Contains(r.stderr, tt.want) || !strings.Contains(r.stderr, "usage") {
				t.Errorf("stderr lacks %q and a pointer to the usage:\n%s", tt.want, r.stderr)
			}
			r = tl.runStdin(tt.stdin, append([]string{"-json"}, tt.args...)...)
			wantCode(t, r, exitUsage)
			if e := decode[errorJSON](t, r); e.Error.Kind != kindUsage || !strings.Contains(e.Error.Message, tt.want) {
				t.Errorf("JSON error %+v, want kind usage with %q", e.Error, tt.want)
			}
			for _, op := range payments.Operations() {
				if n := fake.Calls(op); n != 0 {
					t.Errorf("a usage error reached the provider: %s called %d times", op, n)
				}
			}
		})
	}
}

// TestLifecycleHelp: the command list names the lifecycle commands and
// each one's help documents its flags.
func TestLifecycleHelp(t *testing.T) {
	t.Parallel()
	tl := newTool(t, nil)
	r := tl.run("help")
	wantCode(t, r, exitOK)
	for _, c := range []string{"capture", "cancel", "charge", "receipt", "receipt-status", "refund-status"} {
		if !strings.Contains(r.stdout, "\n  "+c+" ") {
			t.Errorf("help does not list %s:\n%s", c, r.stdout)
		}
	}
	for cmd, flags := range map[string][]string{
		"capture":        {"-order", "-amount", "-receipt-file", "-receipt-stdin", `"items"`},
		"cancel":         {"-order"},
		"charge":         {"-parent", "-order", "-amount", "-mandate", "-description", "-receipt-file"},
		"receipt":        {"-order", "-id", "-receipt-file", "-receipt-stdin", "receipt-status"},
		"receipt-status": {"-id", "-order"},
		"link":           {"-hold", "-recurring", "-method", "sbp"},
	} {
		r := tl.run("help", cmd)
		wantCode(t, r, exitOK)
		for _, f := range flags {
			if !strings.Contains(r.stdout, f) {
				t.Errorf("help %s lacks %s:\n%s", cmd, f, r.stdout)
			}
		}
	}
}

// TestLifecycleVerboseNoSecrets runs every lifecycle command with -v and
// -json; the tool's cleanup fails the test if any output holds the
// provider's secret.
func TestLifecycleVerboseNoSecrets(t *testing.T) {
	t.Parallel()
	fake, tl := sharedFake(t, nil)
	heldPayment(t, fake, tl, "h-1", "10.00")
	heldPayment(t, fake, tl, "h-2", "10.00")
	paidPayment(t, fake, tl, "p-1", "10.00", "-recurring")
	for _, args := range [][]string{
		{"capture", "-order", "h-1", "-amount", "1.00"},
		{"cancel", "-order", "h-2"},
		{"charge", "-parent", "p-1", "-order", "c-1", "-amount", "1.00"},
		{"charge", "-parent", "p-1", "-order", "c-2", "-amount", paymentstest.DeclinedChargeAmount},
		{"receipt", "-order", "p-1", "-id", "8001", "-receipt-stdin"},
		{"receipt-status", "-id", "8001"},
	} {
		tl.runStdin(settlement, append([]string{"-v"}, args...)...)
		tl.runStdin(settlement, append([]string{"-v", "-json"}, args...)...)
	}
	fake.FailNext(payments.OpCapture, payments.NewError(payments.ErrOutcomeUnknown, "timeout", "no answer"))
	heldPayment(t, fake, tl, "h-3", "10.00")
	wantCode(t, tl.run("-v", "capture", "-order", "h-3"), exitUnknown)
}
