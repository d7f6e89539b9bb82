package sandbox

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/paykit/payments/clientsdk"
)

// csWebhook is one notification to the shop: form fields in the order the
// SDK lists them, then the signature (github.com/Space-Around/client-payment-sdk-python).
type csWebhook struct {
	name      string
	target    string
	body      string
	duplicate bool // trigger 77.77: deliver it twice
}

// paymentWebhook builds the signed payment notification of p (the field
// set of the webhook example of
// github.com/Space-Around/client-payment-sdk-python), or nil when p has no
// notification URL. c.mu must be held.
func (c *clientsdkSide) paymentWebhook(p *csPayment) *csWebhook {
	if p.notificationURL == "" {
		c.s.logf("clientsdk order %q: no notification_url, no webhook", p.order)
		return nil
	}
	status := p.status
	if status != csComplete {
		status = csFailed
	}
	c.nextWebhook++
	fields := []clientsdk.Param{
		{Key: "webhook_type", Value: "invoice"},
		{Key: "invoice_id", Value: strconv.FormatInt(p.invoiceID, 10)},
		{Key: "amount", Value: p.amount.StringFixed(4)},
		{Key: "customer_fee", Value: "0.0000"},
		{Key: "order", Value: p.order},
		{Key: "merchant_id", Value: c.m.MerchantID},
		{Key: "product_id", Value: c.m.ProductID},
		{Key: "status", Value: status},
		{Key: "currency", Value: "RUB"},
		{Key: "webhook_id", Value: strconv.FormatInt(c.nextWebhook, 10)},
		{Key: "payment_error_code", Value: p.errorCode},
		{Key: "payment_error", Value: p.errorText},
	}
	return c.signWebhook(fmt.Sprintf("clientsdk webhook %d (order %q, %s)", c.nextWebhook, p.order, status), p.notificationURL, fields, p.trigger)
}

// payoutWebhook builds the signed payout notification of w, or nil when w
// has no notification URL. The field names are the SDK's (github.com/Space-Around/client-payment-sdk-python); webhook_type "withdrawal" is the sandbox's choice (undocumented).
// c.mu must be held.
func (c *clientsdkSide) payoutWebhook(w *csPayout) *csWebhook {
	if w.notificationURL == "" {
		c.s.logf("clientsdk payout %q: no notification_url, no webhook", w.order)
		return nil
	}
	c.nextWebhook++
	amount := w.amount.StringFixed(4)
	fields := []clientsdk.Param{
		{Key: "webhook_type", Value: "withdrawal"},
		{Key: "withdrawal_request_id", Value: strconv.FormatInt(w.id, 10)},
		{Key: "amount", Value: amount},
		{Key: "requested_amount", Value: amount},
		{Key: "customer_fee", Value: "0.0000"},
		{Key: "order", Value: w.order},
		{Key: "merchant_id", Value: c.m.MerchantID},
		{Key: "status", Value: w.status},
		{Key: "currency", Value: w.currency},
		{Key: "webhook_id", Value: strconv.FormatInt(c.nextWebhook, 10)},
		{Key: "payment_error_code", Value: w.errorCode},
		{Key: "payment_error", Value: w.errorText},
		{Key: "masked_pan", Value: w.maskedPAN},
	}
	return c.signWebhook(fmt.Sprintf("clientsdk webhook %d (payout %q, %s)", c.nextWebhook, w.order, w.status), w.notificationURL, fields, trigger(w.amount))
}

// signWebhook signs fields over the notification URL's path and the
// method POST (github.com/Space-Around/client-payment-sdk-python) and encodes the body.
func (c *clientsdkSide) signWebhook(name, target string, fields []clientsdk.Param, trig string) *csWebhook {
	u, err := url.Parse(target)
	if err != nil {
		c.s.logf("%s: bad notification URL", name)
		return nil
	}
	body, err := c.signedForm(u, http.MethodPost, fields)
	if err != nil {
		c.s.logf("%s: cannot sign: %v", name, err)
		return nil
	}
	return &csWebhook{name: name, target: target, body: body, duplicate: trig == TriggerDuplicateWebhook}
}

// signedForm signs fields for method over target's path ("/" for none), as
// webhooks and finish redirects are signed, and returns them form-encoded
// in their order with the signature last (github.com/Space-Around/client-payment-sdk-python).
func (c *clientsdkSide) signedForm(target *url.URL, method string, fields []clientsdk.Param) (string, error) {
	path := target.Path
	if path == "" {
		path = "/"
	}
	sig, err := clientsdk.Sign(path, method, fields, c.m.Secret)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, f := range fields {
		b.WriteString(url.QueryEscape(f.Key))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(f.Value))
		b.WriteByte('&')
	}
	b.WriteString("signature=")
	b.WriteString(url.QueryEscape(sig))
	return b.String(), nil
}

// delivery returns the Server delivery of h: a form POST, accepted on any
// 2xx (the API documents no reply; the SDK's Flask example answers 200).
func (h *csWebhook) delivery() delivery {
	return delivery{
		name: h.name,
		build: func(ctx context.Context) (*http.Request, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.target, strings.NewReader(h.body))
			if err != nil {
				return nil, err
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return req, nil
		},
		accepted: func(status int, _ string) bool { return status >= 200 && status <= 299 },
	}
}

// send delivers h with the Server's retries (nothing when h is nil); a
// duplicate webhook (trigger 77.77) is delivered once more, with the same
// webhook_id, after the first delivery ends. With waitFirst, send returns
// once the first attempt is answered (or fails, or ctx ends) and the
// retries go on in the background, so a shop's order page shows the new
// state right after the buyer's redirect.
func (c *clientsdkSide) send(ctx context.Context, h *csWebhook, waitFirst bool) {
	if h == nil {
		return
	}
	d := h.delivery()
	if h.duplicate {
		again := h.delivery()
		again.name += " (duplicate, trigger 77.77)"
		d.done = func(bool) { c.s.notify(again) }
	}
	if !waitFirst {
		c.s.notify(d)
		return
	}
	c.s.notifyWaitFirst(ctx, d)
}
