package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

// kvLine is a detail line as the text output prints it.
func kvLine(label, value string) string { return fmt.Sprintf("  %-11s %s", label+":", value) }

// TestCaptureAndCancel drives holds through the tool: capture in full and
// in part (text and JSON), and the refusals of a payment that is not held
// (exit code 1, kind invalid_state).
func TestCaptureAndCancel(t *testing.T) {
	t.Parallel()
	fake, tl := sharedFake(t, nil)
	heldUntil := "2026-05-08T10:00:00Z" // lifecycleNow + paymentstest.HoldPeriod

	// The held payment shows as authorized with its expiry.
	heldPayment(t, fake, tl, "h-1", "10.00")
	r := tl.run("status", "-order", "h-1")
	wantCode(t, r, exitOK)
	wantLines(t, r.stdout, "Order h-1 with fake: authorized (not paid yet)", kvLine("held until", heldUntil))

	// Part of it, as text.
	r = tl.run("capture", "-order", "h-1", "-amount", "6.00")
	wantCode(t, r, exitOK)
	wantLines(t, r.stdout, "Capture of order h-1 with fake: succeeded", kvLine("amount", "6.00 RUB"), kvLine("payment id", "pay_1"))
	if p, _ := fake.Payment("h-1"); p.Status != payments.StatusSucceeded || !p.Amount.Equal(payments.MustParseMoney("6.00", payments.RUB)) {
		t.Errorf("the fake holds %s %s after capturing 6.00", p.Status, p.Amount)
	}
	// Twice: refused, as text with the reason and as JSON.
	r = tl.run("capture", "-order", "h-1")
	wantCode(t, r, exitFailed)
	if r.stdout != "" || !strings.Contains(r.stderr, "payments capture: ") ||
		!strings.Contains(r.stderr, `see its state with "payments status -order h-1"`) {
		t.Errorf("capture twice: stdout %q stderr %q", r.stdout, r.stderr)
	}
	wantError(t, tl.run("-json", "capture", "-order", "h-1"), exitFailed, kindInvalidState)
	wantError(t, tl.run("cancel", "-json", "-order", "h-1"), exitFailed, kindInvalidState)

	// All of it, as JSON.
	heldPayment(t, fake, tl, "h-2", "10.00")
	r = tl.run("capture", "-json", "-order", "h-2")
	wantCode(t, r, exitOK)
	want := paymentJSON{Provider: "fake", OrderID: "h-2", PaymentID: "pay_2", Status: "succeeded", Paid: true, Final: true, Amount: "10.00", Currency: "RUB"}
	if diff := cmp.Diff(want, decode[paymentJSON](t, r)); diff != "" {
		t.Errorf("capture -json (-want +got):\n%s", diff)
	}

	// Above the hold: refused, and the hold stays.
	heldPayment(t, fake, tl, "h-3", "10.00")
	wantError(t, tl.run("capture", "-json", "-order", "h-3", "-amount", "10.01"), exitFailed, kindInvalidState)
	if p, _ := fake.Payment("h-3"); p.Status != payments.StatusAuthorized {
		t.Errorf("after a refused capture the payment is %s, want authorized", p.Status)
	}

	// Cancel, as text and JSON, then capture after cancel and cancel twice.
	r = tl.run("cancel", "-order", "h-3")
	wantCode(t, r, exitOK)
	wantLines(t, r.stdout, "Cancel of order h-3 with fake: canceled")
	wantError(t, tl.run("-json", "capture", "-order", "h-3"), exitFailed, kindInvalidState)
	wantError(t, tl.run("-json", "cancel", "-order", "h-3"), exitFailed, kindInvalidState)
	heldPayment(t, fake, tl, "h-4", "3.00")
	r = tl.run("cancel", "-json", "-order", "h-4")
	wantCode(t, r, exitOK)
	if got := decode[paymentJSON](t, r); got.Status != "canceled" || got.OrderID != "h-4" || got.Paid {
		t.Errorf("cancel -json: %+v", got)
	}

	// A payment taken in one step was never held; an unknown one is not found.
	paidPayment(t, fake, tl, "p-1", "5.00")
	wantError(t, tl.run("-json", "capture", "-order", "p-1"), exitFailed, kindInvalidState)
	wantError(t, tl.run("-json", "capture", "-order", "nope"), exitFailed, kindNotFound)
	wantError(t, tl.run("-json", "cancel", "-order", "nope"), exitFailed, kindNotFound)
}

// TestCaptureReceipt: capture sends the changed receipt read from a file
// or standard input; one that does not add up to the captured amount is
// refused by the Client before anything is sent.
func TestCaptureReceipt(t *testing.T) {
	t.Parallel()
	fake, tl := sharedFake(t, nil)
	six := `{"items":[{"name":"Book","quantity":"2","amount":"6.00","tax":"vat22","payment_method":"full_payment","payment_object":"commodity"}]}`
	file := filepath.Join(t.TempDir(), "receipt.json")
	if err := os.WriteFile(file, []byte(six), 0o600); err != nil {
		t.Fatal(err)
	}

	heldPayment(t, fake, tl, "c-1", "10.00")
	r := tl.run("capture", "-json", "-order", "c-1", "-amount", "6.00", "-receipt-file", file)
	wantCode(t, r, exitOK)
	if got := decode[paymentJSON](t, r); got.Status != "succeeded" || got.Amount != "6.00" {
		t.Errorf("capture with a receipt: %+v", got)
	}

	heldPayment(t, fake, tl, "c-2", "10.00")
	before := fake.Calls(payments.OpCapture)
	wantError(t, tl.runStdin(six, "-json", "capture", "-order", "c-2", "-amount", "7.00", "-receipt-stdin"), exitUsage, kindInvalidRequest)
	if p, _ := fake.Payment("c-2"); p.Status != payments.StatusAuthorized {
		t.Errorf("after a refused receipt the payment is %s, want authorized", p.Status)
	}
	if n := fake.Calls(payments.OpCapture) - before; n != 0 {
		t.Errorf("a capture whose receipt does not add up reached the provider %d times", n)
	}
	r = tl.runStdin(six, "capture", "-order", "c-2", "-amount", "6.00", "-receipt-stdin")
	wantCode(t, r, exitOK)
}

// TestCharge drives recurring charges: the parent's mandate shown by
// status, a charge as text and JSON, and the refusals (declined, unknown
// parent, a parent that is not recurring, another parent's mandate).
func TestCharge(t *testing.T) {
	t.Parallel()
	fake, tl := sharedFake(t, nil)
	paidPayment(t, fake, tl, "parent-1", "10.00", "-recurring")
	paidPayment(t, fake, tl, "single-1", "10.00")

	r := tl.run("status", "-json", "-order", "parent-1")
	wantCode(t, r, exitOK)
	if p := decode[paymentJSON](t, r); p.Mandate != "mandate_1" || p.Status != "succeeded" {
		t.Errorf("status of the paid parent: %+v", p)
	}

	r = tl.run("charge", "-parent", "parent-1", "-order", "charge-1", "-amount", "4.50", "-mandate", "mandate_1", "-description", "May")
	wantCode(t, r, exitOK)
	wantLines(t, r.stdout, "Charge charge-1 with fake: succeeded", kvLine("amount", "4.50 RUB"), kvLine("parent", "parent-1"))
	if p, ok := fake.Payment("charge-1"); !ok || p.Raw["parent_order_id"] != "parent-1" || !p.Amount.Equal(payments.MustParseMoney("4.50", payments.RUB)) {
		t.Errorf("the fake holds %+v for the charge", p)
	}

	r = tl.run("charge", "-json", "-parent", "parent-1", "-order", "charge-2", "-amount", "5.00", "-currency", "rub")
	wantCode(t, r, exitOK)
	want := paymentJSON{Provider: "fake", OrderID: "charge-2", PaymentID: "pay_4", Status: "succeeded", Paid: true, Final: true, Amount: "5.00", Currency: "RUB", Method: "card", ParentOrder: "parent-1"}
	if diff := cmp.Diff(want, decode[paymentJSON](t, r)); diff != "" {
		t.Errorf("charge -json (-want +got):\n%s", diff)
	}

	tests := []struct {
		name string
		args []string
		code int
		kind string
	}{
		{"declined", []string{"-parent", "parent-1", "-order", "charge-3", "-amount", paymentstest.DeclinedChargeAmount}, exitFailed, kindDeclined},
		{"unknown parent", []string{"-parent", "nope", "-order", "charge-4", "-amount", "1.00"}, exitFailed, kindNotFound},
		{"not recurring", []string{"-parent", "single-1", "-order", "charge-5", "-amount", "1.00"}, exitFailed, kindInvalidState},
		{"order used", []string{"-parent", "parent-1", "-order", "charge-1", "-amount", "1.00"}, exitFailed, kindDuplicate},
		{"other mandate", []string{"-parent", "parent-1", "-order", "charge-6", "-amount", "1.00", "-mandate", "mandate_9"}, exitUsage, kindInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, tl.run(append([]string{"charge", "-json"}, tt.args...)...), tt.code, tt.kind)
		})
	}
}

// TestChargeDeferred: a charge the provider reports later is pending, and
// the text output says how to find out how it ended.
func TestChargeDeferred(t *testing.T) {
	t.Parallel()
	fake, tl := sharedFake(t, &paymentstest.Options{DeferCharges: true})
	paidPayment(t, fake, tl, "parent-1", "10.00", "-recurring")
	r := tl.run("charge", "-parent", "parent-1", "-order", "charge-1", "-amount", "4.50")
	wantCode(t, r, exitOK)
	wantLines(t, r.stdout, "Charge charge-1 with fake: pending",
		`Not final yet: look it up later with "payments status -order charge-1".`)
	if err := fake.MarkPaid("charge-1"); err != nil {
		t.Fatal(err)
	}
	r = tl.run("status", "-json", "-order", "charge-1")
	wantCode(t, r, exitOK)
	if p := decode[paymentJSON](t, r); p.Status != "succeeded" {
		t.Errorf("the deferred charge after MarkPaid: %+v", p)
	}
}

// TestLinkLifecycleFlags: link passes -hold, -recurring and -method to the
// provider; an unknown method is a usage error before anything is sent, a
// known one the provider does not preselect is unsupported (exit code 2).
func TestLinkLifecycleFlags(t *testing.T) {
	t.Parallel()
	fake, tl := sharedFake(t, nil)
	r := tl.run("link", "-json", "-order", "m-1", "-amount", "10.00", "-method", "SBP", "-recurring")
	wantCode(t, r, exitOK)
	if p := decode[paymentJSON](t, r); p.Method != "sbp" {
		t.Errorf("link -method SBP: %+v", p)
	}
	if err := fake.MarkPaid("m-1"); err != nil {
		t.Fatal(err)
	}
	if p, _ := fake.Payment("m-1"); p.Status != payments.StatusSucceeded || p.Mandate == "" {
		t.Errorf("a paid -recurring payment: %s, mandate %q", p.Status, p.Mandate)
	}
	before := fake.Calls(payments.OpInitPayment)
	wantError(t, tl.run("link", "-json", "-order", "m-2", "-amount", "10.00", "-method", "cash"), exitUsage, kindUsage)
	if n := fake.Calls(payments.OpInitPayment) - before; n != 0 {
		t.Errorf("a link with an unknown method reached the provider %d times", n)
	}
	wantError(t, tl.run("link", "-json", "-order", "m-3", "-amount", "10.00", "-method", "podeli"), exitUsage, kindUnsupported)
}
