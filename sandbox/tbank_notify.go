package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// tbNotification is one payment notification to the shop.
type tbNotification struct {
	name      string
	target    string
	body      []byte
	duplicate bool // trigger 77.77: deliver it twice
	// then, if set, is sent once the first attempt at this one has ended:
	// the fiscal receipt's RECEIPT notification after CONFIRMED
	// (tbank_receipt_notice.go).
	then *tbNotification
}

// tbNotified are the statuses T-Bank notifies (https://www.tbank.ru/kassa/dev/payments/ tag
// «Уведомления об операциях»).
var tbNotified = map[string]bool{
	tbAuthorized: true, tbConfirmed: true, tbPartialReversed: true, tbReversed: true,
	tbCanceled: true, tbPartialRefunded: true, tbRefunded: true, tbRejected: true,
}

// notification builds p's notification of its current status with the
// operation's amount (kopecks), or nil when p has no NotificationURL or
// the status is not notified. The body is the NotificationPayment object
// (https://www.tbank.ru/kassa/dev/payments/ /v2/Notification): PaymentId, CardId and RebillId are
// JSON numbers, Success a boolean, and Token covers every root scalar
// (section «Проверка токенов»). b.mu must be held.
func (b *tbankSide) notification(p *tbPayment, amount int64) *tbNotification {
	if p.notificationURL == "" || !tbNotified[p.status] {
		if p.notificationURL == "" {
			b.s.logf("tbank payment %d: no NotificationURL, no notification", p.id)
		}
		return nil
	}
	success := p.status != tbRejected
	code := p.errorCode
	if code == "" {
		code = "0"
	}
	fields := map[string]any{
		"TerminalKey": b.t.TerminalKey,
		"OrderId":     p.order,
		"Success":     success,
		"Status":      p.status,
		"PaymentId":   json.Number(strconv.FormatInt(p.id, 10)),
		"ErrorCode":   code,
		"Amount":      json.Number(strconv.FormatInt(amount, 10)),
	}
	if p.message != "" {
		fields["Message"] = p.message
	}
	if p.card != "" {
		fields["Pan"] = p.card
		fields["ExpDate"] = "1230"
	}
	if p.cardID != 0 && success {
		fields["CardId"] = json.Number(strconv.FormatInt(p.cardID, 10))
	}
	if p.rebillID != "" && success {
		fields["RebillId"] = json.Number(p.rebillID)
	}
	if len(p.data) > 0 {
		fields["Data"] = p.data // an object: never signed
	}
	body, err := b.signedBody(fields)
	if err != nil {
		b.s.logf("tbank payment %d: cannot encode the notification: %v", p.id, err)
		return nil
	}
	n := &tbNotification{
		name:      fmt.Sprintf("tbank notification (payment %d, order %q, %s)", p.id, p.order, p.status),
		target:    p.notificationURL,
		body:      body,
		duplicate: p.trigger == TriggerDuplicateWebhook,
	}
	if p.status == tbConfirmed {
		n.then = b.receiptNotice(p, amount)
	}
	return n
}

// signedBody adds to fields the Token over their root scalars (strings,
// json.Number and bool values; objects and arrays are left out, section
// «Проверка токенов» of https://www.tbank.ru/kassa/dev/payments/index.html) and returns them as
// a JSON object.
func (b *tbankSide) signedBody(fields map[string]any) ([]byte, error) {
	scalars := map[string]string{}
	for k, v := range fields {
		switch v := v.(type) {
		case string:
			scalars[k] = v
		case json.Number:
			scalars[k] = v.String()
		case bool:
			scalars[k] = strconv.FormatBool(v)
		}
	}
	fields["Token"] = tbToken(scalars, b.t.Password.Reveal())
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(fields); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(body.Bytes(), []byte("\n")), nil
}

// delivery returns the Server delivery of n: a JSON POST, accepted only on
// HTTP 200 with the body exactly OK (https://www.tbank.ru/kassa/dev/payments/ tag «Уведомления об
// операциях»); anything else is retried.
func (n *tbNotification) delivery() delivery {
	return delivery{
		name: n.name,
		build: func(ctx context.Context) (*http.Request, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.target, bytes.NewReader(n.body))
			if err != nil {
				return nil, err
			}
			req.Header.Set("Content-Type", "application/json")
			return req, nil
		},
		accepted: func(status int, body string) bool { return status == http.StatusOK && body == "OK" },
	}
}

// send delivers n with the Server's retries (nothing when n is nil); under
// trigger 77.77 it is delivered once more after the first delivery ends.
// n.then, if set, is delivered (with retries of its own) once the first
// attempt at n has ended. With waitFirst, send returns once the first
// attempt has ended, and the retries go on in the background.
func (b *tbankSide) send(ctx context.Context, n *tbNotification, waitFirst bool) {
	if n == nil {
		return
	}
	d := n.delivery()
	if n.duplicate {
		again := n.delivery()
		again.name += " (duplicate, trigger 77.77)"
		d.done = func(bool) { b.s.notify(again) }
	}
	first := b.s.notify(d)
	if n.then != nil {
		b.sendAfter(first, n.then)
	}
	if !waitFirst {
		return
	}
	select {
	case <-first:
	case <-ctx.Done():
	case <-b.s.ctx.Done():
	}
}
