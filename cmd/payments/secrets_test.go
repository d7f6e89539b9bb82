package main

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestNoSecretFlags checks that no command takes a secret or a card number
// as a flag, where it would show in process listings.
func TestNoSecretFlags(t *testing.T) {
	t.Parallel()
	secretish := regexp.MustCompile(`(?i)pass|secret|token|key|pan|cvc|cvv|card`)
	allowed := map[string]bool{"card-file": true, "card-stdin": true}
	a := &app{}
	for _, c := range commands() {
		fs := a.newFlagSet(c.name)
		c.setup(a, fs)
		fs.VisitAll(func(f *flag.Flag) {
			if secretish.MatchString(f.Name) && !allowed[f.Name] {
				t.Errorf("payments %s has a flag -%s that looks like it takes a secret", c.name, f.Name)
			}
		})
	}
}

// TestVerboseNoSecrets runs every operation with -v (client logs and HTTP
// lines) and -json against the sandbox; the tool's cleanup fails the test
// if any output holds a secret or the card number.
func TestVerboseNoSecrets(t *testing.T) {
	t.Parallel()
	sh := newShop(t)
	sb := startSandbox(t, sh, "POST")

	rk := newTool(t, robokassaEnv(t, sb))
	r := rk.run("-v", "-json", "link", "-order", "42", "-amount", "50.00", "-email", "buyer@example.com")
	wantCode(t, r, exitOK)
	openPage(t, decode[paymentJSON](t, r).NextStep.URL)
	if _, err := sb.RobokassaPay(t.Context(), 42); err != nil {
		t.Fatal(err)
	}
	captured := sh.next(t)
	for _, args := range [][]string{
		{"status", "-order", "42"},
		{"refund", "-order", "42", "-reference", "42-r1", "-amount", "1.00"},
		{"refund", "-order", "42", "-reference", "42-r2", "-amount", "66.66"},
		{"balance"},
	} {
		rk.run(append([]string{"-v"}, args...)...)
		rk.run(append([]string{"-v", "-json"}, args...)...)
	}
	rk.runStdin(string(captured), "-v", "verify-webhook")
	rk.runStdin(strings.Replace(string(captured), "InvId=42", "InvId=43", 1), "-v", "-json", "verify-webhook")

	cs := newTool(t, clientsdkEnv(t, sb, sh))
	wantCode(t, cs.run("-v", "link", "-order", "77", "-amount", "30.00"), exitOK)
	if err := sb.ClientSDKPay(t.Context(), "77"); err != nil {
		t.Fatal(err)
	}
	csHook := sh.next(t)
	card := filepath.Join(t.TempDir(), "card")
	if err := os.WriteFile(card, []byte(testCard), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"withdraw", "-order", "3001", "-amount", "2.00", "-card-file", card},
		{"withdraw", "-order", "3002", "-amount", "13.13", "-card-file", card},
		{"withdraw", "-order", "3003", "-amount", "66.66", "-card-file", card},
		{"withdrawal-status", "-order", "3001"},
		{"balance"},
	} {
		cs.run(append([]string{"-v"}, args...)...)
		cs.run(append([]string{"-v", "-json"}, args...)...)
	}
	// The payout's webhook carries the card; verifying it prints it masked.
	payoutHook := sh.next(t)
	for payoutHook != nil && !strings.Contains(string(payoutHook), "3001") {
		payoutHook = sh.next(t)
	}
	cs.runStdin(string(csHook), "-v", "verify-webhook")
	r = cs.runStdin(string(payoutHook), "-v", "-json", "verify-webhook")
	wantCode(t, r, exitOK)
	if v := decode[verifyJSON](t, r); v.Event == nil || v.Event.OrderID != "3001" {
		t.Errorf("payout webhook: %+v", v)
	}
}
