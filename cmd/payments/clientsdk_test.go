package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments/sandbox"
)

// TestClientSDKFlow drives every command against the sandbox's
// sbank/PayHub side: a link, the buyer paying, status, balance, payouts
// (card from a file and from stdin), their status, the trigger amounts, an
// unsupported refund, and the captured webhook verified and tampered with.
func TestClientSDKFlow(t *testing.T) {
	t.Parallel()
	sh := newShop(t)
	sb := startSandbox(t, sh, "POST")
	tl := newTool(t, clientsdkEnv(t, sb, sh))

	r := tl.run("link", "-order", "1001", "-amount", "10.00", "-description", "Two books")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "Payment 1001 for 10.00 RUB with clientsdk") || !strings.Contains(r.stdout, "Send the buyer to:\n  "+sb.URL()) {
		t.Errorf("link output:\n%s", r.stdout)
	}
	if err := sb.ClientSDKPay(t.Context(), "1001"); err != nil {
		t.Fatal(err)
	}
	captured := sh.next(t)

	r = tl.run("-json", "status", "-order", "1001")
	wantCode(t, r, exitOK)
	st := decode[paymentJSON](t, r)
	if st.Status != "succeeded" || !st.Paid || st.Amount != "10.00" || st.Currency != "RUB" {
		t.Errorf("status JSON %+v", st)
	}

	r = tl.run("balance", "-json")
	wantCode(t, r, exitOK)
	if diff := cmp.Diff(balanceJSON{Provider: "clientsdk", Available: "10.00", Currency: "RUB"}, decode[balanceJSON](t, r)); diff != "" {
		t.Errorf("balance (-want +got):\n%s", diff)
	}
	r = tl.run("balance")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "10.00 RUB available") {
		t.Errorf("balance output:\n%s", r.stdout)
	}

	// A payout to a card read from a file (spaces allowed), human output.
	card := filepath.Join(t.TempDir(), "card")
	if err := os.WriteFile(card, []byte("4111 1111 1111 1111\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = tl.run("withdraw", "-order", "2001", "-amount", "5.00", "-card-file", card)
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "Payout 2001 with clientsdk") || !strings.Contains(r.stdout, testCardMasked) {
		t.Errorf("withdraw output:\n%s", r.stdout)
	}
	// From standard input, JSON output.
	r = tl.runStdin(testCard, "withdraw", "-json", "-order", "2002", "-amount", "1.00", "-card-stdin")
	wantCode(t, r, exitOK)
	wd := decode[withdrawalJSON](t, r)
	if wd.OrderID != "2002" || wd.Card != testCardMasked || wd.Amount != "1.00" || wd.ID == "" {
		t.Errorf("withdraw JSON %+v", wd)
	}

	r = tl.run("withdrawal-status", "-order", "2001", "-json")
	wantCode(t, r, exitOK)
	if ws := decode[withdrawalJSON](t, r); ws.OrderID != "2001" || ws.Status == "" {
		t.Errorf("withdrawal-status JSON %+v", ws)
	}
	r = tl.run("withdrawal-status", "-id", wd.ID)
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "with clientsdk") {
		t.Errorf("withdrawal-status output:\n%s", r.stdout)
	}

	// Trigger amounts.
	r = tl.runStdin(testCard, "withdraw", "-json", "-order", "2003", "-amount", sandbox.TriggerInsufficientFunds, "-card-stdin")
	wantCode(t, r, exitFailed)
	if e := decode[errorJSON](t, r); e.Error.Kind != kindInsufficient {
		t.Errorf("payout of 99.99: kind %q, want %q", e.Error.Kind, kindInsufficient)
	}
	r = tl.run("link", "-order", "1002", "-amount", sandbox.TriggerOutcomeUnknown)
	wantCode(t, r, exitUnknown)
	if !strings.Contains(r.stderr, "Do NOT retry it. ") || !strings.Contains(r.stderr, "order id with PaymentStatus") {
		t.Errorf("outcome unknown advice:\n%s", r.stderr)
	}
	r = tl.run("-json", "link", "-order", "1003", "-amount", sandbox.TriggerOutcomeUnknown)
	wantCode(t, r, exitUnknown)
	if e := decode[errorJSON](t, r); e.Error.Kind != kindOutcomeUnknown {
		t.Errorf("kind %q, want %q", e.Error.Kind, kindOutcomeUnknown)
	}
	// The sandbox acted: the status lookup the advice names finds it.
	wantCode(t, tl.run("status", "-order", "1003"), exitOK)

	// No refunds in this API.
	r = tl.run("refund", "-json", "-order", "1001", "-reference", "1001-r1")
	wantCode(t, r, exitUsage)
	if e := decode[errorJSON](t, r); e.Error.Kind != kindUnsupported {
		t.Errorf("refund kind %q, want %q", e.Error.Kind, kindUnsupported)
	}

	// The captured webhook verifies, raw and as a bare body.
	r = tl.runStdin(string(captured), "verify-webhook", "-json")
	wantCode(t, r, exitOK)
	v := decode[verifyJSON](t, r)
	if !v.Valid || v.Event.OrderID != "1001" || v.Event.Status != "succeeded" || v.Event.Amount != "10.00" || v.Ack.Body != "OK" {
		t.Errorf("verify JSON %+v %+v", v, v.Event)
	}
	_, body, _ := bytes.Cut(captured, []byte("\r\n\r\n"))
	r = tl.runStdin(string(body)+"\n", "verify-webhook")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "Webhook valid (clientsdk)") || !strings.Contains(r.stdout, "bare body: POST /webhooks") {
		t.Errorf("bare body output:\n%s", r.stdout)
	}

	// Tampered: another amount of the same length.
	tampered := bytes.Replace(captured, []byte("amount=10.0000"), []byte("amount=90.0000"), 1)
	if bytes.Equal(tampered, captured) {
		t.Fatalf("no amount to tamper with in:\n%s", captured)
	}
	r = tl.runStdin(string(tampered), "-json", "verify-webhook")
	wantCode(t, r, exitWebhook)
	v = decode[verifyJSON](t, r)
	if v.Valid || v.Error == nil || v.Error.Kind != kindInvalidSignature || !strings.Contains(v.Error.Message, "does not match") {
		t.Errorf("tampered webhook JSON %+v", v)
	}
	// Without its signature.
	unsigned := bytes.Replace(body, []byte("signature="), []byte("xsignature="), 1)
	r = tl.runStdin(string(unsigned), "verify-webhook")
	wantCode(t, r, exitWebhook)
	if !strings.Contains(r.stdout, "no signature") {
		t.Errorf("unsigned webhook output:\n%s", r.stdout)
	}
}
