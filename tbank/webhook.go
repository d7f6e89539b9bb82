package tbank

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// maxNotificationBytes limits the notification body this provider reads.
const maxNotificationBytes = 64 << 10

// Ack is T-Bank's acknowledgement of a notification: HTTP 200 with the
// body exactly OK («Уведомления об операциях»,
// https://www.tbank.ru/kassa/dev/payments/index.html). Anything else is a
// failed delivery, sent again.
var Ack = payments.Ack{StatusCode: http.StatusOK, ContentType: "text/plain; charset=utf-8", Body: "OK"}

// VerifyWebhook verifies a payment notification: a JSON object POSTed to
// NotificationURL whose Token is checked, in constant time, over the root
// scalar values exactly as received (nested objects such as Data left
// out, booleans as true/false, numbers as sent; see [Token]). A body that
// is not one JSON object is payments.ErrInvalidRequest; a missing or
// wrong Token is payments.ErrInvalidSignature; a notification for another
// terminal is payments.ErrInvalidRequest. The event's ID names the
// terminal, the PaymentId, the Status and the Amount (T-Bank sends no
// event id; partial refunds differ by Amount), and its Ack is [Ack].
//
// A verified notification that changes no payment (a fiscal receipt,
// Status or NotificationType RECEIPT; a card or SBP account binding,
// NotificationType LINKCARD or LINKACCOUNT) is a payments.EventNotice,
// acknowledged with [Ack] too: refused, T-Bank would send it again for a
// month.
func (p *Provider) VerifyWebhook(_ context.Context, r *http.Request) (*payments.Event, error) {
	ev, err := p.verify(r)
	return ev, providerkit.Stamp(Name, payments.OpVerifyWebhook, err)
}

func (p *Provider) verify(r *http.Request) (*payments.Event, error) {
	body, err := providerkit.ReadBody(r, maxNotificationBytes)
	if err != nil {
		return nil, err
	}
	return p.parseNotification(body)
}

// parseNotification verifies and converts a notification body.
func (p *Provider) parseNotification(body []byte) (*payments.Event, error) {
	fields, err := parseObject(body)
	if err != nil {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "notification body: %w", err)
	}
	a := answer(fields)
	got := a.text("Token")
	want, err := Token(fields, p.password.Reveal())
	if err != nil {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "notification body: %w", err)
	}
	if got == "" || !tokenEqual(got, want) {
		return nil, payments.NewError(payments.ErrInvalidSignature, "", "missing or wrong Token")
	}
	if a.text("TerminalKey") != p.terminal {
		return nil, payments.NewError(payments.ErrInvalidRequest, "", "notification for another TerminalKey")
	}
	if kind := noticeKind(a); kind != "" {
		return p.notice(a, fields, kind), nil
	}
	id, status, order := a.text("PaymentId"), a.text("Status"), a.text("OrderId")
	st, ok := statuses[status]
	if id == "" || order == "" || !ok {
		return nil, payments.NewError(payments.ErrInvalidRequest, "", "notification without PaymentId, OrderId or a known payment Status")
	}
	amt := a.text("Amount")
	amount, err := kopecks(amt)
	if err != nil {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "notification Amount: %w", err)
	}
	raw := rawFields(fields)
	ev := &payments.Event{
		ID:   url.PathEscape(p.terminal) + "/" + url.PathEscape(id) + "/" + url.PathEscape(status) + "/" + url.PathEscape(amt),
		Type: payments.EventPayment, OrderID: order, PaymentID: id, Status: st, Amount: amount,
		Mandate: a.text("RebillId"), Raw: raw, Ack: Ack,
	}
	if code := a.text("ErrorCode"); code != "" && code != "0" {
		ev.ErrorCode, ev.ErrorMessage = code, a.text("Message")
	}
	return ev, nil
}

// rawFields returns the root scalars of a notification as received, a
// card number masked.
func rawFields(fields map[string]json.RawMessage) map[string]string {
	raw := map[string]string{}
	for k, v := range fields {
		if s, ok, err := scalarText(v); err == nil && ok {
			raw[k] = s
		}
	}
	if pan, ok := raw["Pan"]; ok && providerkit.Luhn(pan) {
		raw["Pan"] = providerkit.MaskPAN(pan)
	}
	return raw
}

// noticeTypes are the NotificationType values of notifications that
// change no payment: a fiscal receipt, a card bound (AddCard), an SBP
// account bound (AddAccountQr) («Уведомления об операциях»,
// https://www.tbank.ru/kassa/dev/payments/).
var noticeTypes = map[string]bool{"RECEIPT": true, "LINKCARD": true, "LINKACCOUNT": true}

// noticeKind returns what kind of notice a verified notification is, or
// "" for a payment notification: its NotificationType where it is one of
// noticeTypes; RECEIPT for a fiscalisation notification (Status RECEIPT,
// NotificationFiscalization); LINKCARD for a card binding that names no
// order (RequestKey without OrderId, NotificationAddCard, whose Status is
// COMPLETED or REJECTED).
//
// A notice is acknowledged without reaching the app, so a payment misread
// as one is lost: a notification that reports a payment (an OrderId and a
// payment Status) is never a notice, whatever else it carries, and one
// with RequestKey but no OrderId is taken for a card binding only with a
// binding's Status; any other is refused as a payment notification without
// an OrderId, and T-Bank sends it again.
func noticeKind(a answer) string {
	status := a.text("Status")
	if _, ok := statuses[status]; ok && a.text("OrderId") != "" {
		return ""
	}
	switch nt := a.text("NotificationType"); {
	case noticeTypes[nt]:
		return nt
	case status == "RECEIPT":
		return "RECEIPT"
	case a.text("OrderId") == "" && a.text("RequestKey") != "" && (status == "COMPLETED" || status == "REJECTED"):
		return "LINKCARD"
	}
	return ""
}

// notice is the payments.EventNotice of a verified notification of kind:
// acknowledged with [Ack] like a payment notification, so that T-Bank
// stops sending it, and passed to the app only if it asks
// (payments.HandlerOptions.Notices). Its ID names the terminal, the kind
// and the ids the notification carries.
func (p *Provider) notice(a answer, fields map[string]json.RawMessage, kind string) *payments.Event {
	id := []string{p.terminal, "notice", kind}
	for _, k := range []string{"PaymentId", "RequestKey", "FiscalDocumentNumber", "Type", "Status"} {
		id = append(id, a.text(k))
	}
	for i, s := range id {
		id[i] = url.PathEscape(s)
	}
	return &payments.Event{
		ID: strings.Join(id, "/"), Type: payments.EventNotice,
		OrderID: a.text("OrderId"), PaymentID: a.text("PaymentId"), Raw: rawFields(fields), Ack: Ack,
	}
}
