package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments/sandbox"
)

// TestRobokassaFlow drives every command against the sandbox's Robokassa
// side: a link, the buyer paying, the status, refunds (one whose outcome is
// unknown), an unsupported balance, and the captured ResultURL
// notification verified, then tampered with.
func TestRobokassaFlow(t *testing.T) {
	t.Parallel()
	sh := newShop(t)
	sb := startSandbox(t, sh, "POST")
	tl := newTool(t, robokassaEnv(t, sb))

	// link, human output
	r := tl.run("link", "-order", "1001", "-amount", "200.00", "-description", "Two books")
	wantCode(t, r, exitOK)
	for _, want := range []string{"Payment 1001 for 200.00 RUB with robokassa: pending", "Send the buyer to:", sb.URL() + "/Merchant/Index.aspx?"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("link output lacks %q:\n%s", want, r.stdout)
		}
	}

	// link, JSON output
	r = tl.run("link", "--json", "-order", "1001", "-amount", "200.00", "-description", "Two books")
	wantCode(t, r, exitOK)
	link := decode[paymentJSON](t, r)
	if !strings.HasPrefix(link.NextStep.URL, sb.URL()+"/Merchant/Index.aspx?") {
		t.Fatalf("link URL %q", link.NextStep.URL)
	}
	link.NextStep.URL = ""
	want := paymentJSON{Provider: "robokassa", OrderID: "1001", Status: "pending", Amount: "200.00", Currency: "RUB", NextStep: nextStepJSON{Kind: "redirect"}}
	if diff := cmp.Diff(want, link); diff != "" {
		t.Errorf("link JSON (-want +got):\n%s", diff)
	}

	// Not paid yet: Robokassa does not know the invoice until its page opens.
	r = tl.run("-json", "status", "-order", "1001")
	wantCode(t, r, exitFailed)
	if e := decode[errorJSON](t, r); e.Error.Kind != kindNotFound || e.Error.Code != "3" {
		t.Errorf("status of an unopened invoice: %+v, want not_found with Robokassa's code 3", e.Error)
	}

	// The buyer opens the page and pays.
	r = tl.run("-json", "link", "-order", "1001", "-amount", "200.00", "-description", "Two books")
	openPage(t, decode[paymentJSON](t, r).NextStep.URL)
	if _, err := sb.RobokassaPay(t.Context(), 1001); err != nil {
		t.Fatal(err)
	}
	captured := sh.next(t)

	r = tl.run("status", "-order", "1001")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "Order 1001 with robokassa: succeeded (paid)") || !strings.Contains(r.stdout, "200.00 RUB") {
		t.Errorf("status output:\n%s", r.stdout)
	}
	r = tl.run("status", "-order", "1001", "-amount", "200.00", "-json")
	wantCode(t, r, exitOK)
	if st := decode[paymentJSON](t, r); st.Status != "succeeded" || !st.Paid || st.Amount != "200.00" {
		t.Errorf("status JSON %+v", st)
	}
	r = tl.run("status", "-order", "1001", "-amount", "90.00")
	wantCode(t, r, exitFailed)

	// Refunds: a part, then one whose answer is lost (trigger 66.66).
	r = tl.run("refund", "-order", "1001", "-reference", "1001-r1", "-amount", "4.00")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "Refund of order 1001 with robokassa") || !strings.Contains(r.stdout, "1001-r1") {
		t.Errorf("refund output:\n%s", r.stdout)
	}
	// Robokassa cannot look a refund up by reference.
	r = tl.run("-json", "refund-status", "-order", "1001", "-reference", "1001-r1")
	wantCode(t, r, exitUsage)
	if e := decode[errorJSON](t, r); e.Error.Kind != kindUnsupported {
		t.Errorf("refund-status by reference: %+v, want unsupported", e.Error)
	}
	r = tl.run("refund", "-order", "1001", "-reference", "1001-r2", "-amount", sandbox.TriggerOutcomeUnknown)
	wantCode(t, r, exitUnknown)
	// The error's advice, not a status lookup, which cannot show refunds.
	if !strings.Contains(r.stderr, "Do NOT retry it. ") || strings.Contains(r.stderr, "check first with: payments status") {
		t.Errorf("outcome unknown without the error's advice:\n%s", r.stderr)
	}
	r = tl.run("refund", "-json", "-order", "1001", "-reference", "1001-r3", "-amount", sandbox.TriggerOutcomeUnknown)
	wantCode(t, r, exitUnknown)
	if e := decode[errorJSON](t, r); e.Error.Kind != kindOutcomeUnknown {
		t.Errorf("error kind %q, want %q", e.Error.Kind, kindOutcomeUnknown)
	}

	// Robokassa has no balance or payouts, and looks payments up by order id only.
	wantCode(t, tl.run("balance"), exitUsage)
	r = tl.run("-json", "status", "-id", "pay-1001")
	wantCode(t, r, exitUsage)
	if e := decode[errorJSON](t, r); e.Error.Kind != kindUnsupported {
		t.Errorf("status by payment id: %+v, want unsupported", e.Error)
	}
	wantCode(t, tl.runStdin(testCard, "withdraw", "-order", "2001", "-amount", "5.00", "-card-stdin"), exitUsage)

	// The captured ResultURL notification verifies...
	r = tl.runStdin(string(captured), "verify-webhook")
	wantCode(t, r, exitOK)
	for _, s := range []string{"Webhook valid (robokassa): payment event result:cli-test-shop:1001", "200.00 RUB", `"OK1001"`, "raw HTTP request: POST /result"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("verify-webhook output lacks %q:\n%s", s, r.stdout)
		}
	}
	// ...and a tampered one does not, saying why.
	tampered := bytes.Replace(captured, []byte("OutSum=200.00"), []byte("OutSum=900.00"), 1)
	if bytes.Equal(tampered, captured) {
		t.Fatalf("no OutSum=200.00 to tamper with in:\n%s", captured)
	}
	r = tl.runStdin(string(tampered), "verify-webhook")
	wantCode(t, r, exitWebhook)
	if !strings.Contains(r.stdout, "Webhook INVALID (robokassa)") || !strings.Contains(r.stdout, "SignatureValue does not match") || !strings.Contains(r.stdout, "ROBOKASSA_PASSWORD2") {
		t.Errorf("tampered webhook output:\n%s", r.stdout)
	}
}

// TestRobokassaGETNotification verifies a ResultURL notification sent by
// GET, captured raw and as a bare query given with -method GET.
func TestRobokassaGETNotification(t *testing.T) {
	t.Parallel()
	sh := newShop(t)
	sb := startSandbox(t, sh, "GET")
	tl := newTool(t, robokassaEnv(t, sb))

	r := tl.run("-json", "link", "-order", "7", "-amount", "10.00")
	wantCode(t, r, exitOK)
	openPage(t, decode[paymentJSON](t, r).NextStep.URL)
	if _, err := sb.RobokassaPay(t.Context(), 7); err != nil {
		t.Fatal(err)
	}
	captured := sh.next(t)
	if !bytes.HasPrefix(captured, []byte("GET /result?")) {
		t.Fatalf("not a GET notification:\n%s", captured)
	}
	r = tl.runStdin(string(captured), "-json", "verify-webhook")
	wantCode(t, r, exitOK)
	v := decode[verifyJSON](t, r)
	if !v.Valid || v.Event.OrderID != "7" || v.Ack.Body != "OK7" || v.Input.Format != formatRawRequest || v.Input.Method != "GET" {
		t.Errorf("verify JSON %+v", v)
	}

	line, _, _ := bytes.Cut(captured, []byte(" HTTP/"))
	_, query, _ := strings.Cut(string(line), "?")
	file := secretFile(t, t.TempDir(), "query.txt", query+"\n")
	r = tl.run("verify-webhook", "-file", file, "-method", "GET", "-json")
	wantCode(t, r, exitOK)
	if v := decode[verifyJSON](t, r); !v.Valid || v.Input.Format != formatFormBody {
		t.Errorf("bare query: %+v", v)
	}
}
