package robokassa

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/paykit/payments"
)

// FuzzHoldReply feeds arbitrary answers to the Confirm/Cancel reply parser
// and through Capture: it never panics, it accepts only what reads as
// success:true after the tolerant normalisation (github.com/robokassa/sdk-php
// tests expect the JSON string "success: true"; github.com/robokassa/sdk-android
// ApiClient.kt looks for success:true or success: true),
// and Capture turns every answer into success or an error of the kinds a
// money-moving answer may have.
func FuzzHoldReply(f *testing.F) {
	for _, s := range []string{`"success: true"`, `"success: false"`, `success: true`, `success:true`, ` "SUCCESS : TRUE" `,
		`{"success":true}`, `"success: true`, `""`, ``, `"\u0073uccess: true"`, "<html>", "\"success:\ttrue\"\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		accepted, ok := parseHoldReply([]byte(body))
		if accepted && !ok {
			t.Fatalf("%q accepted but not understood", body)
		}
		if accepted {
			norm := strings.ToLower(strings.Join(strings.Fields(strings.Trim(strings.TrimSpace(body), `"`)), ""))
			if !strings.Contains(norm, "success") && !strings.Contains(body, `\u`) {
				t.Fatalf("%q accepted", body)
			}
		}
		s := &lifeServer{state: opStateAnswer("20", "10.000000"),
			answer: map[string]func() (*http.Response, error){"Confirm": reply(200, body)}}
		pay, err := newProvider(t, s, nil).Capture(t.Context(), &payments.CaptureRequest{OrderID: "19"})
		switch {
		case accepted && (err != nil || pay.Status != payments.StatusProcessing):
			t.Fatalf("%q: accepted, but Capture = %+v, %v", body, pay, err)
		case !accepted:
			expectKinds(t, "capture of "+strconv.Quote(body), err, payments.ErrInvalidState, payments.ErrOutcomeUnknown)
			if err == nil {
				t.Fatalf("%q: not accepted, but no error", body)
			}
		}
	})
}

// FuzzRecurringReply feeds arbitrary answers to the Merchant/Recurring
// reply parser and through Charge: it never panics, accepts only OK and
// the child's InvoiceID, and every other answer is ErrDeclined or
// ErrOutcomeUnknown (https://docs.robokassa.ru/recurring/; the reply OK{InvoiceID} as
// github.com/robokassa/sdk-php reads it).
func FuzzRecurringReply(f *testing.F) {
	for _, s := range []string{"OK21", "ok21", " OK21\r\n", "OK", "OK0", "OK-21", "OK+21", "OK21x", "OK99999999999999999999",
		"Recurring error", "<html></html>", "", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		n, ok := parseRecurringReply([]byte(body))
		if tb := strings.TrimSpace(body); ok && (n <= 0 || !strings.EqualFold(tb, "OK"+strconv.FormatInt(n, 10)) && !strings.EqualFold(tb, "OK+"+strconv.FormatInt(n, 10))) {
			t.Fatalf("%q parsed as %d", body, n)
		}
		pay, err := newProvider(t, chargeServer(reply(200, body)), nil).Charge(t.Context(),
			&payments.ChargeRequest{OrderID: "21", ParentOrderID: "20", Amount: rub("10.00")})
		if ok && n == 21 {
			if err != nil || pay.Status != payments.StatusPending {
				t.Fatalf("%q: Charge = %+v, %v", body, pay, err)
			}
			return
		}
		if err == nil {
			t.Fatalf("%q: no error", body)
		}
		expectKinds(t, "charge answer "+strconv.Quote(body), err, payments.ErrDeclined, payments.ErrOutcomeUnknown)
		if _, msg, _ := errDetail(err); len([]rune(msg)) > maxReplyText+1 {
			t.Fatalf("message of %d characters", len([]rune(msg)))
		}
	})
}
