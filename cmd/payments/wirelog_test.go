package main

import (
	"encoding/pem"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/paykit/payments/sandbox"
)

// TestWireLogFlag: -wire-log, or PAYMENTS_WIRE_LOG=1, writes one scrubbed
// record per exchange to standard error; without either, none. The
// tool's cleanup fails the test if any output holds a secret or the card.
func TestWireLogFlag(t *testing.T) {
	t.Parallel()
	sh := newShop(t)
	sb := startSandbox(t, sh, "POST")
	record := regexp.MustCompile(`(?m)^time=\S+ level=INFO msg="payments: wire" .*\bmethod=(GET|POST) .*\bpath=\S+ .*\bstatus=200\b`)
	leak := regexp.MustCompile(`(?i)(^|[^a-z_])(signature|signaturevalue|pan|cvc|token)\\?"?[=:]\\?"?[^\\"\[\s]`)

	rk := newTool(t, robokassaEnv(t, sb))
	r := rk.run("-json", "link", "-order", "42", "-amount", "50.00")
	wantCode(t, r, exitOK)
	openPage(t, decode[paymentJSON](t, r).NextStep.URL)
	if _, err := sb.RobokassaPay(t.Context(), 42); err != nil {
		t.Fatal(err)
	}
	sh.next(t)
	r = rk.run("-wire-log", "status", "-order", "42")
	wantCode(t, r, exitOK)
	if !record.MatchString(r.stderr) || !strings.Contains(r.stderr, "Signature=[redacted]") {
		t.Errorf("-wire-log: no scrubbed record of the OpStateExt exchange:\n%s", r.stderr)
	}
	r = rk.run("refund", "-wire-log", "-order", "42", "-reference", "42-r1", "-amount", "1.00")
	if !record.MatchString(r.stderr) || strings.Contains(r.stderr, "eyJ") {
		t.Errorf("-wire-log after the command: no record, or the refund's JWT:\n%s", r.stderr)
	}
	if r := rk.run("status", "-order", "42"); strings.Contains(r.stderr, "payments: wire") {
		t.Errorf("without -wire-log: %s", r.stderr)
	}

	env := clientsdkEnv(t, sb, sh)
	env["PAYMENTS_WIRE_LOG"] = "1"
	cs := newTool(t, env)
	card := filepath.Join(t.TempDir(), "card")
	if err := os.WriteFile(card, []byte(testCard), 0o600); err != nil {
		t.Fatal(err)
	}
	// The sandbox merchant has no balance yet: the payout is refused,
	// and the exchange is logged all the same.
	r = cs.run("withdraw", "-order", "3001", "-amount", "2.00", "-card-file", card)
	if !record.MatchString(r.stderr) || !strings.Contains(r.stderr, "pan=[redacted]") {
		t.Errorf("PAYMENTS_WIRE_LOG=1: no scrubbed record of the payout:\n%s", r.stderr)
	}
	if m := leak.FindString(r.stderr); m != "" {
		t.Errorf("the wire log holds %q", m)
	}
}

// TestTBankRootCAs: the tool's own transport (retry progress, -v) and the
// wire log wrap the *http.Transport to which T-Bank adds TBANK_ROOT_CAS,
// the roots its hosts need; a command still opens the provider and
// verifies the server against those roots (the sandbox's test
// certificate, which no system trusts). It failed with "RootCAs needs
// HTTPClient.Transport to be nil or an *http.Transport".
func TestTBankRootCAs(t *testing.T) {
	t.Parallel()
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewTLSServer(sb.Handler())
	sb.SetBaseURL(srv.URL)
	t.Cleanup(func() { _ = sb.Close(); srv.Close() })
	env := map[string]string{
		"PAYMENTS_PROVIDER":  "tbank",
		"TBANK_TERMINAL_KEY": sandbox.TBankTerminalKey,
		"TBANK_PASSWORD":     sandbox.TBankPassword,
		"TBANK_BASE_URL":     sb.TBankAPI().BaseURL,
		"TBANK_ROOT_CAS":     string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})),
	}
	tl := newTool(t, env)
	for _, args := range [][]string{{"link", "-order", "tls-1", "-amount", "1.00"}, {"-wire-log", "-v", "status", "-order", "tls-1"}} {
		wantCode(t, tl.run(args...), exitOK)
	}
}
