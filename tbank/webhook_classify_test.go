package tbank

import (
	"errors"
	"testing"

	"github.com/paykit/payments"
)

// TestNotificationPaymentNotANotice: a notification that reports a
// payment (an OrderId and a payment Status such as CONFIRMED) is a
// payment event even when it also carries the marks of a notice (a
// NotificationType, a RequestKey), and one with a payment status that
// names no order is refused rather than acknowledged as a card binding:
// a notice is answered OK without calling the app, so a payment
// misread as one would be lost. The shapes are NotificationPayment and
// NotificationAddCard of «Уведомления об операциях»
// (https://www.tbank.ru/kassa/dev/payments/); the extra fields are what
// a pay-and-bind payment may add (GetQr's RequestKey, an SBP account
// bound while paying).
func TestNotificationPaymentNotANotice(t *testing.T) {
	t.Parallel()
	const paid = `"TerminalKey":"1700000000000DEMO","OrderId":"order-42","Success":true,"Status":"CONFIRMED","PaymentId":7003551234,"ErrorCode":"0","Amount":100000`
	payments_ := []struct{ name, body string }{
		{"CONFIRMED with NotificationType LINKACCOUNT", `{` + paid + `,"NotificationType":"LINKACCOUNT"}`},
		{"CONFIRMED with NotificationType LINKCARD", `{` + paid + `,"NotificationType":"LINKCARD"}`},
		{"CONFIRMED with NotificationType RECEIPT", `{` + paid + `,"NotificationType":"RECEIPT"}`},
		{"CONFIRMED with NotificationType PAYMENT", `{` + paid + `,"NotificationType":"PAYMENT"}`},
		{"CONFIRMED with RequestKey", `{` + paid + `,"RequestKey":"13021e10-a3ed-4f14-bcd1-823b5ac37390"}`},
	}
	for _, tt := range payments_ {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, _ := newScripted(t)
			ev, err := notify(t, p, signedBody(t, tt.body, testPassword, ""))
			if err != nil {
				t.Fatal(err)
			}
			if ev.Type != payments.EventPayment || ev.Status != payments.StatusSucceeded || ev.OrderID != "order-42" || ev.PaymentID != "7003551234" {
				t.Errorf("event = %+v, want the payment event of order-42, succeeded", ev)
			}
		})
	}
	refused := []struct{ name, body string }{
		{"CONFIRMED with RequestKey and no OrderId", `{"TerminalKey":"1700000000000DEMO","RequestKey":"13021e10-a3ed-4f14-bcd1-823b5ac37390","Success":true,"Status":"CONFIRMED","PaymentId":7003551234,"ErrorCode":"0","Amount":100000}`},
		{"AUTHORIZED with RequestKey and no OrderId", `{"TerminalKey":"1700000000000DEMO","RequestKey":"13021e10-a3ed-4f14-bcd1-823b5ac37390","Success":true,"Status":"AUTHORIZED","PaymentId":7003551234,"ErrorCode":"0","Amount":100000}`},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, _ := newScripted(t)
			ev, err := notify(t, p, signedBody(t, tt.body, testPassword, ""))
			if !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("event %+v, error %v: want ErrInvalidRequest (refused, so that T-Bank sends it again), not a notice", ev, err)
			}
		})
	}
}
