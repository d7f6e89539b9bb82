package robokassa

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// MaxWebhookBytes limits what VerifyWebhook reads of a notification: the
// query of a GET and the body of a POST (a ResultURL form or a ResultUrl2
// JWS). A notification
// is a few hundred bytes. The Client's own limit (Options.MaxWebhookBytes)
// applies to the body before this one.
const MaxWebhookBytes = 64 << 10

// UnsignedPrefix marks, in Event.Raw, the fields of a ResultURL
// notification that its signature does not cover.
const UnsignedPrefix = "unsigned:"

// VerifyWebhook verifies a Robokassa notification and returns it as an
// event: a ResultURL notification (a form sent by GET or POST, signed with
// Password #2) or a ResultUrl2 notification (a POSTed JWS signed by
// Robokassa, see [Provider.VerifyResultURL2]). It tells them apart by the
// body, not by the path or the Content-Type: a POST body that is a
// compact JWS (raw, base64 or a JSON string, see [ResultURL2Token]) is a
// ResultUrl2 notification, anything else is read as a ResultURL form. So
// one handler from payments.Client.WebhookHandler serves both, on paths of
// the app's choosing:
//
//	h := client.WebhookHandler(handle, nil)
//	mux.Handle("/robokassa/result", h)  // the shop's ResultURL setting
//	mux.Handle("/robokassa/result2", h) // InitRequest.NotificationURL (ResultUrl2)
//
// A ResultURL notification is a succeeded payment event. Its ID is
// "result:" followed by the shop's MerchantLogin and the InvId, each
// query-escaped and joined by ':' ("result:golden-shop:19";
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
// A ResultUrl2 notification is a payment event whose Status is
// payments.StatusAuthorized for state HOLD and payments.StatusSucceeded
// for state OK; see [Provider.ResultURL2Event] for its ID, amount and
// fields. Both kinds are acknowledged "OK{InvId}" with status 200.
//
// A query or body longer than [MaxWebhookBytes] is refused with an error
// wrapping payments.ErrInvalidRequest and an *http.MaxBytesError (the
// Client's handler answers 413).
func (p *Provider) VerifyWebhook(_ context.Context, r *http.Request) (*payments.Event, error) {
	const op = payments.OpVerifyWebhook
	if r != nil && r.Method == http.MethodPost && r.Body != nil {
		body, err := providerkit.ReadBody(r, MaxWebhookBytes)
		if err != nil {
			return nil, limitError(op, err)
		}
		if _, ok := ResultURL2Token(body); ok {
			n, err := p.VerifyResultURL2(body)
			if err != nil {
				return nil, err
			}
			return p.ResultURL2Event(n), nil
		}
		r2 := *r
		r2.Body = io.NopCloser(bytes.NewReader(body))
		r = &r2
	}
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

// ResultURL2Event returns the payment event of a verified ResultUrl2
// notification n.
//
// Its ID is "result2:" followed by the MerchantLogin, the InvId and the
// state, each query-escaped and joined by ':' ("result2:golden-shop:19:HOLD";
// "result2:test:…" in test mode): Robokassa delivers a notification up to
// six times, and the identity of one is its operation and state (the hold,
// then the capture, of one payment are two events). The InvId stands for
// the operation (data.opKey), which is a saved-card token and is kept out
// of ids. The ids differ from those of ResultURL notifications, so a paid
// payment whose shop asked for both arrives twice, as a ResultURL and as a
// ResultUrl2 event, both StatusSucceeded; payments.Client.WebhookHandler
// handles the second as a repeat all the same, since it keys a settled
// payment by its state (payments.Client.EventKey).
//
// Status is payments.StatusAuthorized for HOLD and
// payments.StatusSucceeded for OK. Amount is incSum: what the buyer paid,
// which is not necessarily the link's OutSum (it includes Robokassa's fee
// when the shop passes the fee on to the buyer); zero when Robokassa sent
// none. Raw holds the header and data fields under their JSON paths
// ("header.timestamp", "data.invId", "data.incSum", "data.state", ...),
// every one covered by the signature, except data.opKey, which is a
// saved-card token (use [ResultURL2Notification].OpKey, from
// [Provider.VerifyResultURL2]). Ack is 200 "OK{InvId}", what the official
// modules answer (any 2xx acknowledges).
func (p *Provider) ResultURL2Event(n *ResultURL2Notification) *payments.Event {
	status := payments.StatusSucceeded
	if n.State == StateHold {
		status = payments.StatusAuthorized
	}
	raw := map[string]string{
		"header.type":        n.Type,
		"header.version":     n.Version,
		"header.timestamp":   strconv.FormatInt(n.Timestamp.Unix(), 10),
		"data.shop":          n.Shop,
		"data.invId":         n.InvID,
		"data.paymentMethod": n.PaymentMethod,
		"data.state":         n.State,
	}
	if n.IncSum.Currency != "" {
		raw["data.incSum"] = n.IncSum.Amount.StringFixed(2)
	}
	return &payments.Event{
		ID:      p.idOf("result2", n.InvID, n.State),
		Type:    payments.EventPayment,
		OrderID: n.InvID,
		Status:  status,
		Amount:  n.IncSum,
		Raw:     raw,
		Ack:     ResultAck(n.InvID),
	}
}

// eventID is the de-duplication identity of a ResultURL notification:
// idOf("result", invID).
func (p *Provider) eventID(invID string) string { return p.idOf("result", invID) }

// idOf is the de-duplication identity of a notification: kind
// ("result" or "result2"), "test" in test mode, the merchant login and the
// parts (the InvId, and for ResultUrl2 the state), each query-escaped (so
// none contains ':') and joined by ':'.
func (p *Provider) idOf(kind string, parts ...string) string {
	var b strings.Builder
	b.WriteString(kind)
	b.WriteByte(':')
	if p.cfg.TestMode {
		b.WriteString("test:")
	}
	b.WriteString(url.QueryEscape(p.cfg.MerchantLogin))
	for _, s := range parts {
		b.WriteByte(':')
		b.WriteString(url.QueryEscape(s))
	}
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
	if err != nil {
		return nil, limitError(op, err)
	}
	return form, nil
}

// limitError stamps an error of providerkit.ReadForm or ReadBody with op
// and this provider; a query or body over MaxWebhookBytes keeps its
// *http.MaxBytesError and says which limit it broke.
func limitError(op payments.Operation, err error) error {
	var pe *payments.Error
	var mbe *http.MaxBytesError
	if errors.As(err, &pe) && errors.As(err, &mbe) && mbe.Limit == MaxWebhookBytes {
		cp := *pe
		what, _, _ := strings.Cut(cp.Message, " ")
		cp.Message = what + " is larger than robokassa.MaxWebhookBytes"
		err = &cp
	}
	return providerkit.Stamp(Name, op, err)
}
