package payments_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

// TestExpectedAmountChecksMoneyTaken: HandlerOptions.ExpectedAmount guards
// the events that say the order's money was taken or held; a refund, a
// cancellation, a failure or a notice reports some other amount (T-Bank's
// PARTIAL_REFUNDED notification carries what was refunded), and refusing
// it with 422 made the provider resend it for days while the app never
// learnt of the refund.
func TestExpectedAmountChecksMoneyTaken(t *testing.T) {
	t.Parallel()
	total := rub("10.00")
	part := rub("4.00")
	tests := []struct {
		name    string
		d       paymentstest.WebhookData
		checked bool // ExpectedAmount applies: a mismatch is 422
	}{
		{"paid, other amount", paymentstest.WebhookData{Type: payments.EventPayment, Status: payments.StatusSucceeded, Amount: part}, true},
		{"held, other amount", paymentstest.WebhookData{Type: payments.EventPayment, Status: payments.StatusAuthorized, Amount: part}, true},
		{"partially refunded", paymentstest.WebhookData{Type: payments.EventPayment, Status: payments.StatusPartiallyRefunded, Amount: part}, false},
		{"refunded", paymentstest.WebhookData{Type: payments.EventPayment, Status: payments.StatusRefunded, Amount: part}, false},
		{"cancelled", paymentstest.WebhookData{Type: payments.EventPayment, Status: payments.StatusCanceled, Amount: part}, false},
		{"failed", paymentstest.WebhookData{Type: payments.EventPayment, Status: payments.StatusFailed, Amount: part}, false},
		{"refund event", paymentstest.WebhookData{Type: payments.EventRefund, Status: payments.StatusSucceeded, Amount: part}, false},
		{"notice", paymentstest.WebhookData{Type: payments.EventNotice, Notice: paymentstest.NoticeReceipt, Amount: part}, false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := paymentstest.New(nil)
			client, err := payments.New(fake, nil)
			if err != nil {
				t.Fatal(err)
			}
			tt.d.EventID = "evt-" + tt.name
			tt.d.OrderID = "order-" + string(rune('a'+i))
			var called int
			h := client.WebhookHandler(func(context.Context, *payments.Event) error { called++; return nil },
				&payments.HandlerOptions{
					Notices:        true,
					ExpectedAmount: func(context.Context, *payments.Event) (payments.Money, error) { return total, nil },
				})
			w := httptest.NewRecorder()
			h.ServeHTTP(w, fake.SignWebhook(tt.d))
			if tt.checked {
				if w.Code != http.StatusUnprocessableEntity || called != 0 {
					t.Errorf("answered %d, app called %d times; want 422 and not called", w.Code, called)
				}
				return
			}
			if w.Code != http.StatusOK || called != 1 {
				t.Errorf("answered %d %q, app called %d times; want 200 and called once", w.Code, w.Body.String(), called)
			}
		})
	}
}
