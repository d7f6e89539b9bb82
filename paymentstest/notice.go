package paymentstest

import (
	"errors"
	"net/http"

	"github.com/paykit/payments"
)

// NoticeReceipt is the notice a provider sends once the fiscal receipt of
// a payment is registered (as T-Bank's RECEIPT notifications, «Уведомления
// об операциях», https://www.tbank.ru/kassa/dev/payments/): it changes no
// payment, and the provider sends it again until it is acknowledged.
const NoticeReceipt = "receipt"

// NoticeWebhook returns the signed notice the fake would send now about
// the payment of orderID: a payments.EventNotice (form field type
// "notice") that changes no payment, with notice saying what it is about
// ([NoticeReceipt] for a fiscal receipt registered after the payment),
// the payment's order id, id, amount and currency, and no status.
// payments.Client.WebhookHandler acknowledges it (200 "ok") without
// calling the app's function, unless HandlerOptions.Notices is set, so
// that a test can check that its app acknowledges notices and ignores
// them. Every call is a new delivery with the next event id, like
// [Fake.PaymentWebhook]. An unknown order is ErrNotFound; an empty
// notice is ErrInvalidRequest.
//
// The fake's HTTP API ([Fake.Handler]) sends no webhooks, so notices,
// like the other webhooks, are built in process; [HTTPProvider] verifies
// them like its other webhooks, with HTTPConfig.WebhookSecret.
func (f *Fake) NoticeWebhook(orderID, notice string) (*http.Request, error) {
	if notice == "" {
		return nil, f.fail("", payments.ErrInvalidRequest, "invalid_notice", "notice is required")
	}
	f.mu.Lock()
	rec, ok := f.payments[orderID]
	if !ok {
		f.mu.Unlock()
		return nil, f.fail("", payments.ErrNotFound, "not_found", "no payment for order %s", orderID)
	}
	d := WebhookData{
		EventID:   f.nextID("evt"),
		Type:      payments.EventNotice,
		Notice:    notice,
		OrderID:   orderID,
		PaymentID: rec.p.ID,
		Amount:    rec.p.Amount,
	}
	f.mu.Unlock()
	return f.SignWebhook(d), nil
}

// noticeForm adjusts the form of the notice d: its notice field, and no
// status or amount when d has none.
func noticeForm(d WebhookData, fields map[string]string) {
	if d.Notice != "" {
		fields["notice"] = d.Notice
	}
	if d.Status == "" {
		delete(fields, "status")
	}
	if d.Amount.Currency == "" {
		delete(fields, "amount")
		delete(fields, "currency")
	}
}

// noticeFromForm completes the EventNotice ev of verified fields: it has
// no status, and an amount (with its currency) only if the form gives
// one.
func noticeFromForm(ev *payments.Event, fields map[string]string) (*payments.Event, error) {
	if _, ok := fields["status"]; ok {
		return nil, errors.New("a notice has no status")
	}
	amount, hasAmount := fields["amount"]
	cur, hasCurrency := fields["currency"]
	_, hasFee := fields["fee"]
	switch {
	case hasAmount != hasCurrency:
		return nil, errors.New("a notice's amount and currency come together")
	case hasFee:
		return nil, errors.New("a notice has no fee")
	case !hasAmount:
		return ev, nil
	}
	var err error
	if ev.Amount, err = payments.ParseMoney(amount, payments.Currency(cur)); err != nil {
		return nil, errors.New("amount: " + errMessage(err))
	}
	return ev, nil
}
