package sandbox

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/robokassa"
)

// Each scenario trigger, as it applies to Robokassa.
func TestRobokassaTriggers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("13.13 Pay declines", func(t *testing.T) {
		t.Parallel()
		e := newRKEnv(t, rkEnvOptions{})
		_, token := e.open(e.link(&robokassa.Link{Amount: rubs(TriggerDecline), InvID: 1}))
		status, _, loc := e.press("pay", token)
		if status != http.StatusSeeOther || !strings.HasPrefix(loc, e.shopURL+"/fail?OutSum=13.130000&InvId=1&") {
			t.Fatalf("Pay answered %d to %q, want the FailURL", status, loc)
		}
		if st, _ := e.sb.RobokassaState(1); st != robokassa.StateCanceled {
			t.Errorf("state %d, want 10", st)
		}
		e.noEvent()
	})

	t.Run("42.42 the payment page is unavailable", func(t *testing.T) {
		t.Parallel()
		e := newRKEnv(t, rkEnvOptions{})
		if status, _, _ := e.get(e.link(&robokassa.Link{Amount: rubs(TriggerUnavailable), InvID: 2})); status != http.StatusServiceUnavailable {
			t.Fatalf("page: %d, want 503", status)
		}
		if _, ok := e.sb.RobokassaState(2); ok {
			t.Error("the invoice was recorded")
		}
	})

	t.Run("66.66 Pay takes the money, then answers 500", func(t *testing.T) {
		t.Parallel()
		e := newRKEnv(t, rkEnvOptions{})
		_, token := e.open(e.link(&robokassa.Link{Amount: rubs(TriggerOutcomeUnknown), InvID: 3}))
		if status, _, _ := e.press("pay", token); status != http.StatusInternalServerError {
			t.Fatalf("Pay: %d, want 500", status)
		}
		if e.event().OrderID != "3" {
			t.Error("wrong event")
		}
		p, err := e.client.PaymentStatus(ctx, "3")
		if err != nil || p.Status != payments.StatusSucceeded {
			t.Errorf("status = %+v, %v; want succeeded", p, err)
		}
	})

	t.Run("77.77 the notification is delivered twice", func(t *testing.T) {
		t.Parallel()
		e := newRKEnv(t, rkEnvOptions{})
		_, token := e.open(e.link(&robokassa.Link{Amount: rubs(TriggerDuplicateWebhook), InvID: 4}))
		e.press("pay", token)
		first, second := e.hit(), e.hit()
		if first != second {
			t.Errorf("the two deliveries differ:\n%s\n%s", first, second)
		}
		if e.event().OrderID != "4" {
			t.Error("wrong event")
		}
		e.noEvent() // the app's handler de-duplicated the second one
		eventually(t, "both deliveries counted", func() bool {
			p, _ := e.sb.RobokassaPayment(4)
			return p.Delivered == 2
		})
	})

	t.Run("99.99 refunds fail for lack of funds", func(t *testing.T) {
		t.Parallel()
		e := newRKEnv(t, rkEnvOptions{})
		_, token := e.open(e.link(&robokassa.Link{Amount: rubs(TriggerInsufficientFunds), InvID: 5}))
		e.press("pay", token)
		e.event()
		_, err := e.client.Refund(ctx, &payments.RefundRequest{OrderID: "5", Reference: "r-1"})
		var pe *payments.Error
		if !errors.Is(err, payments.ErrInsufficientFunds) || !errors.As(err, &pe) || pe.Code != "NotEnoughOperationFunds" {
			t.Fatalf("refund: %v, want NotEnoughOperationFunds", err)
		}
	})

	t.Run("refund triggers", func(t *testing.T) {
		t.Parallel()
		e := newRKEnv(t, rkEnvOptions{})
		_, token := e.open(e.link(&robokassa.Link{Amount: rubs("500.00"), InvID: 6}))
		e.press("pay", token)
		e.event()
		refund := func(amount string) error {
			m := rubs(amount)
			_, err := e.client.Refund(ctx, &payments.RefundRequest{OrderID: "6", Reference: "trigger-" + amount, Amount: &m})
			return err
		}
		// 42.42: a 503 before anything happens. A refund moves money, so
		// the library cannot tell that nothing happened.
		if err := refund(TriggerUnavailable); !errors.Is(err, payments.ErrOutcomeUnknown) {
			t.Errorf("42.42: %v, want ErrOutcomeUnknown", err)
		}
		if p, _ := e.sb.RobokassaPayment(6); !p.Refunded.Amount.IsZero() {
			t.Errorf("42.42 refunded %v", p.Refunded)
		}
		// 66.66: the refund is made, then a 500.
		if err := refund(TriggerOutcomeUnknown); !errors.Is(err, payments.ErrOutcomeUnknown) {
			t.Errorf("66.66: %v, want ErrOutcomeUnknown", err)
		}
		if p, _ := e.sb.RobokassaPayment(6); !p.Refunded.Equal(rubs("66.66")) {
			t.Errorf("66.66 refunded %v, want 66.66 RUB", p.Refunded)
		}
		if err := refund(TriggerInsufficientFunds); !errors.Is(err, payments.ErrInsufficientFunds) {
			t.Errorf("99.99: %v, want ErrInsufficientFunds", err)
		}
	})

	t.Run("invoice triggers", func(t *testing.T) {
		t.Parallel()
		e := newRKEnv(t, rkEnvOptions{})
		_, err := e.prov.CreateInvoice(ctx, &robokassa.Invoice{Amount: rubs(TriggerUnavailable), Description: "x"})
		if !errors.Is(err, payments.ErrOutcomeUnknown) {
			t.Errorf("42.42: %v, want ErrOutcomeUnknown (a 503 to a call that creates a payment)", err)
		}
		_, err = e.prov.CreateInvoice(ctx, &robokassa.Invoice{InvID: 77, Amount: rubs(TriggerOutcomeUnknown), Description: "x"})
		if !errors.Is(err, payments.ErrOutcomeUnknown) {
			t.Errorf("66.66: %v, want ErrOutcomeUnknown", err)
		}
		if st, ok := e.sb.RobokassaState(77); !ok || st != robokassa.StateInitiated {
			t.Errorf("66.66: invoice 77 state %d, %t; want created (5)", st, ok)
		}
	})
}
