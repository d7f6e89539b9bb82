package clientsdk

import (
	"context"
	"mime"
	"net/http"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// MaxWebhookBytes limits a webhook body read by VerifyWebhook (the Client
// applies its own, usually equal, limit first).
const MaxWebhookBytes = 64 << 10

// ack is the reply to a handled webhook: 200 text/plain "OK". The provider
// documents none (the SDK's Flask example answers 200), so any 2xx is
// assumed to stop its retries.
var ack = payments.Ack{StatusCode: http.StatusOK, ContentType: "text/plain", Body: "OK"}

// VerifyWebhook implements payments.WebhookVerifier for the provider's
// notifications: a form-encoded POST to the notification URL
// (github.com/Space-Around/client-payment-sdk-python client_payment_sdk/webhook.py and
// examples/webhook.py).
//
// The signature is verified over every received field except "signature"
// (not a closed list: unknown fields are kept and signed), with PATH set to
// Config.NotificationPath and the method POST, and compared in constant
// time. The "signature" field may be the bare 43-character signature or a
// compact JWS whose header is {"alg":"HS256"}, whose payload is empty or
// the signed payload, and whose last segment is the signature; nothing else
// matches (the Python SDK's substring test does not carry over).
//
// Empty fields: the signature is checked first over the fields as sent,
// empty values included (as the Python SDK signs them), and if that fails
// once more with the empty fields left out (as the PHP SDK's verifier
// does); no public source tells which the provider does.
//
// Fields whose signed form would be ambiguous (a quote, backslash or
// control character, see Sign) are refused with ErrInvalidRequest rather
// than verified, since a raw canonical form lets one signed field set pass
// for another. Repeated fields are refused too.
//
// Payment notifications (webhook_type "invoice") and payout notifications
// (a withdrawal_request_id, or webhook_type "withdrawal", "withdrawal_request"
// or "payout") both become events with the order, the provider's id,
// amount (or requested_amount) and currency (RUB when absent), fee
// (customer_fee), status (complete -> succeeded, failed -> failed, others
// through the status table) and error (payment_error_code,
// payment_error).
//
// Event.ID is "<merchant>:<type>:<provider id or order>:<status>:<webhook_id>",
// each part query-escaped (url.QueryEscape, so a ':' inside a part cannot
// pass for a separator). The merchant is the webhook's merchant_id (signed,
// like every field) or, when the webhook carries none, Config.MerchantID:
// shops sharing one payments.EventStore never collide. The status is
// compared as the status table compares it (lower case, trimmed), so
// "COMPLETE" and "complete" give one ID. A retry of one notification (same
// webhook_id; github.com/Space-Around/client-payment-sdk-python README and
// client_payment_sdk/models.py) has the same ID and a later state change a
// different one, whatever webhook_id turns out to mean.
//
// Amounts no real payment has are refused with ErrInvalidRequest (the
// Client's WebhookHandler answers 400), although correctly signed: a
// negative amount, a succeeded payment or payout without a positive
// amount, and a payment in a currency the provider does not declare (see
// Capabilities; the currency field defaults to RUB).
//
// Event.Raw holds every field as received, except that card numbers (pan,
// card, to_card, card_number) are masked. Event.Ack is 200 text/plain "OK"
// (the provider documents no reply; the SDK's Flask example answers 200).
func (p *Provider) VerifyWebhook(ctx context.Context, r *http.Request) (*payments.Event, error) {
	const op = payments.OpVerifyWebhook
	if r == nil {
		return nil, providerkit.Stamp(providerName, op, payments.Errorf(payments.ErrInvalidRequest, "nil request"))
	}
	if r.Method != http.MethodPost {
		return nil, providerkit.Stamp(providerName, op, payments.Errorf(payments.ErrInvalidRequest, "webhook method is %s, not POST", r.Method))
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/x-www-form-urlencoded" {
			return nil, providerkit.Stamp(providerName, op, payments.Errorf(payments.ErrInvalidRequest, "webhook content type is %q, not a form", ct))
		}
	}
	body, err := providerkit.ReadBody(r, MaxWebhookBytes)
	if err != nil {
		return nil, providerkit.Stamp(providerName, op, err)
	}
	ev, err := p.verifyBody(body)
	if err != nil {
		return nil, providerkit.Stamp(providerName, op, err)
	}
	return ev, nil
}

// verifyBody parses, verifies and interprets a webhook form body.
func (p *Provider) verifyBody(body []byte) (*payments.Event, error) {
	fields, sig, err := parseWebhookForm(body)
	if err != nil {
		return nil, err
	}
	if err := verifySignature(p.secret, p.notifPath, fields, sig); err != nil {
		return nil, err
	}
	values := make(map[string]string, len(fields))
	for _, f := range fields {
		values[f.Key] = f.Value
	}
	ev, err := p.buildEvent(values)
	if err != nil {
		return nil, err
	}
	ev.Raw["signature"] = sig
	return ev, nil
}
