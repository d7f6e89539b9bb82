package sandbox

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/paykit/payments/robokassa"
)

var rkAgainRE = regexp.MustCompile(`<form method="post" action="(/Merchant/sandbox/again)" class="sb-actions"><input type="hidden" name="token" value="([0-9]+\.[0-9a-f]+)"><button id="pay-again"`)

// TestRobokassaPayAgain: without a FailURL, the sandbox's page after a
// decline (by the buyer, or trigger 13.13) offers Pay again; it reopens
// the same invoice's payment page, where Pay pays it. The button works
// once, and a paid invoice's result offers none.
func TestRobokassaPayAgain(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		inv    int64
		amount string
		button string
	}{
		{"declined by the buyer", 301, "10.00", "decline"},
		{"declined by trigger 13.13", 302, TriggerDecline, "pay"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newRKEnv(t, rkEnvOptions{noShop: true})
			_, token := e.open(e.link(&robokassa.Link{Amount: rubs(tt.amount), InvID: tt.inv}))
			status, body, _ := e.press(tt.button, token)
			m := rkAgainRE.FindStringSubmatch(body)
			if status != http.StatusOK || !strings.Contains(body, "The payment was declined") || m == nil {
				t.Fatalf("after %s: HTTP %d without Pay again:\n%s", tt.button, status, body)
			}
			status, body, _ = e.post(e.sbURL+m[1], url.Values{"token": {m[2]}})
			if status != http.StatusOK || !strings.Contains(body, `id="pay"`) || !strings.Contains(body, `id="inv-id">`+strconv.FormatInt(tt.inv, 10)+`<`) {
				t.Fatalf("Pay again: HTTP %d, want the payment page of invoice %d:\n%s", status, tt.inv, body)
			}
			if st, _ := e.sb.RobokassaState(tt.inv); st != robokassa.StateInitiated {
				t.Errorf("after Pay again the invoice is in state %d, want %d", st, robokassa.StateInitiated)
			}
			if status, _, _ := e.post(e.sbURL+m[1], url.Values{"token": {m[2]}}); status != http.StatusBadRequest {
				t.Errorf("Pay again a second time with the same token: HTTP %d, want 400", status)
			}
			if tt.amount == TriggerDecline {
				return // declined again, whatever the buyer does
			}
			newToken := rkTokenRE.FindStringSubmatch(body)[1]
			status, body, _ = e.press("pay", newToken)
			if status != http.StatusOK || !strings.Contains(body, "The payment succeeded") || strings.Contains(body, `id="pay-again"`) {
				t.Fatalf("Pay on the new attempt: HTTP %d\n%s", status, body)
			}
			if st, _ := e.sb.RobokassaState(tt.inv); st != robokassa.StatePaid {
				t.Errorf("after paying again the invoice is in state %d, want %d", st, robokassa.StatePaid)
			}
		})
	}
}

// TestRobokassaPayAgainNeedsToken: Pay again with a wrong or foreign token
// reopens nothing.
func TestRobokassaPayAgainNeedsToken(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{noShop: true})
	_, token := e.open(e.link(&robokassa.Link{Amount: rubs("10.00"), InvID: 311}))
	_, body, _ := e.press("decline", token)
	m := rkAgainRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no Pay again:\n%s", body)
	}
	for _, bad := range []string{"", "311", "311.00", "312." + strings.Repeat("0", 32), m[2] + "0", token} {
		if status, _, _ := e.post(e.sbURL+"/Merchant/sandbox/again", url.Values{"token": {bad}}); status != http.StatusBadRequest {
			t.Errorf("token %q: HTTP %d, want 400", bad, status)
		}
	}
	if st, _ := e.sb.RobokassaState(311); st != robokassa.StateCanceled {
		t.Errorf("state %d, want %d", st, robokassa.StateCanceled)
	}
}

// TestRobokassaNoPayAgainWithFailURL: with the shop's FailURL the buyer
// goes back to the shop, which decides how to try again.
func TestRobokassaNoPayAgainWithFailURL(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{})
	_, token := e.open(e.link(&robokassa.Link{Amount: rubs("10.00"), InvID: 321}))
	status, body, loc := e.press("decline", token)
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, e.shopURL+"/fail") || strings.Contains(body, "pay-again") {
		t.Errorf("decline with a FailURL: HTTP %d to %q\n%s", status, loc, body)
	}
}
