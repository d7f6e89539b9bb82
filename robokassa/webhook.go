package robokassa

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// MaxWebhookBytes limits what VerifyWebhook reads of a ResultURL
// notification: the query of a GET and the body of a POST. A notification
// is a few hundred bytes. The Client's own limit (Options.MaxWebhookBytes)
// applies to the body before this one.
const MaxWebhookBytes = 64 << 10

// UnsignedPrefix marks, in Event.Raw, the fields of a ResultURL
// notification that its signature does not cover.
const UnsignedPrefix = "unsigned:"

// VerifyWebhook verifies a ResultURL notification sent by GET (query) or
// POST (form body) and returns it as a succeeded payment event.
//
// The event's ID is "result:" followed by the shop's MerchantLogin and the
// InvId, each query-escaped and joined by ':' ("result:golden-shop:19";
// "result:test:golden-shop:19" in test mode), so that shops sharing one
// payments.EventStore, and a shop's test and live payments, never share an
// id. Its metadata are the Shp_ parameters and its acknowledgement is
// "OK{InvId}".
//
// Robokassa signs OutSum, InvId and the Shp_ parameters only
// (https://docs.robokassa.ru/ru/notifications-and-redirects). Event.Raw
// holds those, and SignatureValue, under their names, and every other
// field (Fee, EMail, PaymentMethod, IncCurrLabel, IsTest, ...) under
// [UnsignedPrefix] and its name ("unsigned:Fee"): anyone who can reach the
// endpoint can set them. Event.Fee is left zero for the same reason; the
// fee Robokassa reports is Notification.Fee of [Provider.VerifyResultURL],
// unverified.
//
// A query or body longer than [MaxWebhookBytes] is refused with an error
// wrapping payments.ErrInvalidRequest and an *http.MaxBytesError (the
// Client's handler answers 413).
func (p *Provider) VerifyWebhook(_ context.Context, r *http.Request) (*payments.Event, error) {
	const op = payments.OpVerifyWebhook
	form, err := readForm(op, r)
	if err != nil {
		return nil, err
	}
	n, err := p.VerifyResultURL(form)
	if err != nil {
		return nil, err
	}
	raw := make(map[string]string, len(n.Fields))
	for k, v := range n.Fields {
		if !signedField(k) {
			k = UnsignedPrefix + k
		}
		raw[k] = v
	}
	return &payments.Event{
		ID:       p.eventID(n.InvID),
		Type:     payments.EventPayment,
		OrderID:  n.InvID,
		Status:   payments.StatusSucceeded,
		Amount:   n.Amount,
		Metadata: n.Shp,
		Raw:      raw,
		Ack:      ResultAck(n.InvID),
	}, nil
}

// eventID is the de-duplication identity of a ResultURL notification:
// "result", "test" in test mode, the merchant login and the InvId, each
// query-escaped (so none contains ':') and joined by ':'.
func (p *Provider) eventID(invID string) string {
	var b strings.Builder
	b.WriteString("result:")
	if p.cfg.TestMode {
		b.WriteString("test:")
	}
	b.WriteString(url.QueryEscape(p.cfg.MerchantLogin))
	b.WriteByte(':')
	b.WriteString(url.QueryEscape(invID))
	return b.String()
}

// signedField reports whether a ResultURL field is covered by its signature
// (or is the signature).
func signedField(name string) bool {
	for _, names := range [...][]string{namesOutSum, namesInvID, namesSignature} {
		for _, n := range names {
			if name == n {
				return true
			}
		}
	}
	return isShp(name)
}

// readForm returns the fields of a GET query or a POST form body, each at
// most MaxWebhookBytes long (providerkit.ReadForm), in errors of op named
// for this provider. A query or body over the limit keeps its
// *http.MaxBytesError and says which limit it broke.
func readForm(op payments.Operation, r *http.Request) (url.Values, error) {
	form, err := providerkit.ReadForm(r, MaxWebhookBytes)
	if err == nil {
		return form, nil
	}
	var pe *payments.Error
	var mbe *http.MaxBytesError
	if errors.As(err, &pe) && errors.As(err, &mbe) && mbe.Limit == MaxWebhookBytes {
		cp := *pe
		what, _, _ := strings.Cut(cp.Message, " ")
		cp.Message = what + " is larger than robokassa.MaxWebhookBytes"
		err = &cp
	}
	return nil, providerkit.Stamp(Name, op, err)
}
