package sandbox

import (
	"errors"
	"testing"

	"github.com/paykit/payments"
)

// TestClientSDKTriggers checks every scenario trigger of triggers.go as
// the sbank/PayHub side applies it, through the real provider.
func TestClientSDKTriggers(t *testing.T) {
	t.Parallel()
	card := &payments.Card{Number: csTestCard}
	tests := []struct {
		name string
		run  func(t *testing.T, e *csEnv)
	}{
		{"13.13_declines_on_the_page", func(t *testing.T, e *csEnv) {
			pay, err := e.client.InitPayment(e.ctx(), e.initReq("T-1", TriggerDecline))
			if err != nil {
				t.Fatal(err)
			}
			form, html := e.openPage(pay.NextStep.URL)
			if form == nil {
				t.Fatalf("no form:\n%s", html)
			}
			e.pressRedirect(form, "pay")
			ev := e.waitEvent("T-1")
			if ev.Status != payments.StatusFailed || ev.ErrorMessage != "insufficient funds" {
				t.Errorf("event status %q error %q, want failed, insufficient funds", ev.Status, ev.ErrorMessage)
			}
			e.expectBalance("0")
		}},
		{"13.13_fails_payouts", func(t *testing.T, e *csEnv) {
			w, err := e.client.Withdraw(e.ctx(), &payments.WithdrawalRequest{OrderID: "T-2", Amount: e.rub(TriggerDecline), Card: card})
			if err != nil {
				t.Fatal(err)
			}
			if w.Status != payments.StatusFailed || w.ErrorCode != "common" {
				t.Errorf("payout status %q code %q, want failed, common", w.Status, w.ErrorCode)
			}
			if ev := e.waitEvent("T-2"); ev.Status != payments.StatusFailed {
				t.Errorf("payout event status %q, want failed", ev.Status)
			}
			e.expectBalance("0")
		}},
		{"42.42_refuses_init_before_acting", func(t *testing.T, e *csEnv) {
			_, err := e.client.InitPayment(e.ctx(), e.initReq("T-3", TriggerUnavailable))
			// The provider cannot tell a 503 after sending from a 500: a
			// money-moving call that got a 5xx is ErrOutcomeUnknown.
			if !errors.Is(err, payments.ErrOutcomeUnknown) {
				t.Fatalf("init: %v, want ErrOutcomeUnknown", err)
			}
			if _, err := e.client.PaymentStatus(e.ctx(), "T-3"); !errors.Is(err, payments.ErrNotFound) {
				t.Errorf("lookup after 42.42: %v, want ErrNotFound (nothing was created, safe to retry)", err)
			}
		}},
		{"42.42_refuses_payouts_before_acting", func(t *testing.T, e *csEnv) {
			e.fund("F-1", "100.00")
			_, err := e.client.Withdraw(e.ctx(), &payments.WithdrawalRequest{OrderID: "T-4", Amount: e.rub(TriggerUnavailable), Card: card})
			if !errors.Is(err, payments.ErrOutcomeUnknown) {
				t.Fatalf("withdraw: %v, want ErrOutcomeUnknown", err)
			}
			if _, err := e.client.WithdrawalStatus(e.ctx(), payments.WithdrawalQuery{OrderID: "T-4"}); !errors.Is(err, payments.ErrNotFound) {
				t.Errorf("lookup after 42.42: %v, want ErrNotFound", err)
			}
			e.expectBalance("100.00")
		}},
		{"66.66_creates_the_payment_then_answers_500", func(t *testing.T, e *csEnv) {
			_, err := e.client.InitPayment(e.ctx(), e.initReq("T-5", TriggerOutcomeUnknown))
			if !errors.Is(err, payments.ErrOutcomeUnknown) {
				t.Fatalf("init: %v, want ErrOutcomeUnknown", err)
			}
			st, err := e.client.PaymentStatus(e.ctx(), "T-5")
			if err != nil || st.Status != payments.StatusPending {
				t.Errorf("lookup after 66.66: %v, %v; want the payment, pending", st, err)
			}
		}},
		{"66.66_pays_by_card_then_answers_500", func(t *testing.T, e *csEnv) {
			r := e.initReq("T-6", TriggerOutcomeUnknown)
			r.Card = csCard()
			if _, err := e.client.InitPayment(e.ctx(), r); !errors.Is(err, payments.ErrOutcomeUnknown) {
				t.Fatalf("init: %v, want ErrOutcomeUnknown", err)
			}
			if ev := e.waitEvent("T-6"); ev.Status != payments.StatusSucceeded {
				t.Errorf("event status %q, want succeeded", ev.Status)
			}
			if _, err := e.client.ConfirmPayment(e.ctx(), "T-6", e.rub(TriggerOutcomeUnknown)); err != nil {
				t.Errorf("confirm after 66.66: %v", err)
			}
		}},
		{"66.66_creates_the_payout_then_answers_500", func(t *testing.T, e *csEnv) {
			e.fund("F-1", "100.00")
			_, err := e.client.Withdraw(e.ctx(), &payments.WithdrawalRequest{OrderID: "T-7", Amount: e.rub(TriggerOutcomeUnknown), Card: card})
			if !errors.Is(err, payments.ErrOutcomeUnknown) {
				t.Fatalf("withdraw: %v, want ErrOutcomeUnknown", err)
			}
			w, err := e.client.WithdrawalStatus(e.ctx(), payments.WithdrawalQuery{OrderID: "T-7"})
			if err != nil || w.Status != payments.StatusSucceeded {
				t.Errorf("lookup after 66.66: %v, %v; want the payout, succeeded", w, err)
			}
			e.expectBalance("33.34")
		}},
		{"77.77_delivers_every_webhook_twice", func(t *testing.T, e *csEnv) {
			if _, err := e.client.InitPayment(e.ctx(), e.initReq("T-8", TriggerDuplicateWebhook)); err != nil {
				t.Fatal(err)
			}
			if err := e.sb.ClientSDKPay(e.ctx(), "T-8"); err != nil {
				t.Fatal(err)
			}
			got := e.waitDeliveries("T-8", 2)
			if got[0].Get("webhook_id") != got[1].Get("webhook_id") || got[0].Get("signature") != got[1].Get("signature") {
				t.Errorf("the two deliveries differ: %v and %v", got[0], got[1])
			}
			e.sb.Close() // waits for deliveries in flight
			e.shop.mu.Lock()
			handled := 0
			for _, ev := range e.shop.handled {
				if ev.OrderID == "T-8" {
					handled++
				}
			}
			e.shop.mu.Unlock()
			if handled != 1 {
				t.Errorf("the app handled the payment %d times, want 1 (de-duplicated)", handled)
			}
		}},
		{"99.99_refuses_payouts_for_lack_of_funds", func(t *testing.T, e *csEnv) {
			e.fund("F-1", "1000.00")
			_, err := e.client.Withdraw(e.ctx(), &payments.WithdrawalRequest{OrderID: "T-9", Amount: e.rub(TriggerInsufficientFunds), Card: card})
			if !errors.Is(err, payments.ErrInsufficientFunds) {
				t.Fatalf("withdraw: %v, want ErrInsufficientFunds", err)
			}
			if _, ok := e.sb.ClientSDKWithdrawal("T-9"); ok {
				t.Error("a refused payout was created")
			}
		}},
		{"99.99_payments_behave_normally", func(t *testing.T, e *csEnv) {
			e.fund("T-10", TriggerInsufficientFunds)
			e.expectBalance(TriggerInsufficientFunds)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.run(t, newCSEnv(t))
		})
	}
}
