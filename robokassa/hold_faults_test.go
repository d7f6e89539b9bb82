package robokassa

import (
	"errors"
	"net"
	"net/http"
	"testing"

	"github.com/paykit/payments"
)

// TestHoldAnswersAndFaults: Confirm and Cancel move money, so a fault or
// an answer that cannot be understood is ErrOutcomeUnknown with advice
// true for Robokassa (OpStateExt states; never resend), a refusal
// ("success: false") is ErrInvalidState, and a fault of the OpStateExt
// read before them is ErrUnavailable with nothing sent
// (https://docs.robokassa.ru/holding/; the replies as in github.com/robokassa/sdk-php
// tests/ExamplesTest.php and github.com/robokassa/sdk-android ApiClient.kt).
func TestHoldAnswersAndFaults(t *testing.T) {
	t.Parallel()
	timeout := func() (*http.Response, error) { return nil, &net.OpError{Op: "read", Err: exchangeTimeout{}} }
	tests := []struct {
		name     string
		op       payments.Operation
		answer   func() (*http.Response, error)
		stateErr func() (*http.Response, error)
		wantErr  error
		advice   string
		sentHold bool
	}{
		{"confirm accepted, tolerant", payments.OpCapture, reply(200, ` " Success:True " `), nil, nil, "", true},
		{"confirm accepted, unquoted", payments.OpCapture, reply(200, "success: true"), nil, nil, "", true},
		{"confirm refused", payments.OpCapture, reply(200, `"success: false"`), nil, payments.ErrInvalidState, "", true},
		{"confirm JSON object", payments.OpCapture, reply(200, `{"success":true}`), nil, payments.ErrOutcomeUnknown, CaptureAdvice, true},
		{"confirm empty", payments.OpCapture, reply(200, ``), nil, payments.ErrOutcomeUnknown, CaptureAdvice, true},
		{"confirm 503", payments.OpCapture, reply(503, `busy`), nil, payments.ErrOutcomeUnknown, CaptureAdvice, true},
		{"confirm timeout", payments.OpCapture, timeout, nil, payments.ErrOutcomeUnknown, CaptureAdvice, true},
		{"confirm 400", payments.OpCapture, reply(400, `bad`), nil, payments.ErrInvalidRequest, "", true},
		{"state timeout", payments.OpCapture, reply(200, `"success: true"`), timeout, payments.ErrUnavailable, "", false},
		{"state 503", payments.OpCapture, reply(200, `"success: true"`), reply(503, ""), payments.ErrUnavailable, "", false},
		{"state not found", payments.OpCapture, reply(200, `"success: true"`),
			reply(200, `<OperationStateResponse><Result><Code>3</Code></Result></OperationStateResponse>`), payments.ErrNotFound, "", false},
		{"cancel accepted", payments.OpCancel, reply(200, `"success: true"`), nil, nil, "", true},
		{"cancel refused", payments.OpCancel, reply(200, `"success: false"`), nil, payments.ErrInvalidState, "", true},
		{"cancel garbage", payments.OpCancel, reply(200, `<html>oops</html>`), nil, payments.ErrOutcomeUnknown, CancelAdvice, true},
		{"cancel timeout", payments.OpCancel, timeout, nil, payments.ErrOutcomeUnknown, CancelAdvice, true},
		{"cancel state timeout", payments.OpCancel, reply(200, `"success: true"`), timeout, payments.ErrUnavailable, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := "Confirm"
			if tt.op == payments.OpCancel {
				path = "Cancel"
			}
			s := &lifeServer{state: opStateAnswer("20", "10.000000"),
				answer: map[string]func() (*http.Response, error){path: tt.answer, "OpStateExt": tt.stateErr}}
			c := lifeClient(t, s, nil)
			var err error
			if tt.op == payments.OpCapture {
				_, err = c.Capture(t.Context(), &payments.CaptureRequest{OrderID: "19"})
			} else {
				_, err = c.Cancel(t.Context(), &payments.CancelRequest{OrderID: "19"})
			}
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("err = %v", err)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if _, _, advice := errDetail(err); advice != tt.advice {
				t.Errorf("Advice = %q, want %q", advice, tt.advice)
			}
			sent := s.paths()
			if got := len(sent) == 2; got != tt.sentHold {
				t.Errorf("requests %v; hold request sent = %v, want %v", sent, got, tt.sentHold)
			}
			for _, st := range s.sent {
				if st.path == pathConfirm || st.path == pathCancel {
					if !st.declared.MovesMoney {
						t.Errorf("%s declared as a read", st.path)
					}
				} else if st.declared.MovesMoney {
					t.Errorf("%s declared as moving money", st.path)
				}
			}
		})
	}
}

// TestHoldTestMode: Robokassa has no Confirm or Cancel in test mode
// (robokassa/sdk-php refuses them): the provider refuses with
// errors.ErrUnsupported and sends nothing.
func TestHoldTestMode(t *testing.T) {
	t.Parallel()
	s := &lifeServer{state: opStateAnswer("20", "10.000000")}
	p := newProvider(t, s, func(c *Config) { c.TestMode = true })
	if _, err := p.Capture(t.Context(), &payments.CaptureRequest{OrderID: "19"}); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Capture err = %v", err)
	}
	if _, err := p.Cancel(t.Context(), &payments.CancelRequest{OrderID: "19"}); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Cancel err = %v", err)
	}
	if _, err := p.Charge(t.Context(), &payments.ChargeRequest{OrderID: "21", ParentOrderID: "20", Amount: rub("10.00")}); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Charge err = %v", err)
	}
	if n := len(s.paths()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestHeldUntil: a held payment's PaymentStatus says when Robokassa
// cancels it, HoldPeriod after the state date (https://docs.robokassa.ru/holding/: 7
// days).
func TestHeldUntil(t *testing.T) {
	t.Parallel()
	s := &lifeServer{state: opStateAnswer("20", "10.000000")}
	pay, err := lifeClient(t, s, nil).PaymentStatus(t.Context(), "19")
	if err != nil {
		t.Fatal(err)
	}
	want := parseDate("2026-11-29T09:58:00.0000000+03:00").Add(HoldPeriod)
	if pay.Status != payments.StatusAuthorized || !pay.HeldUntil.Equal(want) {
		t.Errorf("status %s HeldUntil %v, want authorized %v", pay.Status, pay.HeldUntil, want)
	}
	s.state = opStateAnswer("100", "10.000000")
	pay, err = lifeClient(t, s, nil).PaymentStatus(t.Context(), "19")
	if err != nil {
		t.Fatal(err)
	}
	if !pay.HeldUntil.IsZero() {
		t.Errorf("paid payment HeldUntil = %v", pay.HeldUntil)
	}
}
