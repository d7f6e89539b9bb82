package robokassa

import (
	"context"
	"io"
	"mime"
	"net/http"
	"net/url"

	"github.com/paykit/payments"
)

// VerifyWebhook verifies a ResultURL notification sent by GET (query) or
// POST (form body) and returns it as a succeeded payment event whose id is
// "result:" plus the InvId, whose metadata are the Shp_ parameters and whose
// acknowledgement is "OK{InvId}". The body is read as given (the Client
// limits its size).
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
	return &payments.Event{
		ID:       "result:" + n.InvID,
		Type:     payments.EventPayment,
		OrderID:  n.InvID,
		Status:   payments.StatusSucceeded,
		Amount:   n.Amount,
		Fee:      n.Fee,
		Metadata: n.Shp,
		Raw:      n.Fields,
		Ack:      ResultAck(n.InvID),
	}, nil
}

// readForm returns the fields of a GET query or a POST form body.
func readForm(op payments.Operation, r *http.Request) (url.Values, error) {
	if r == nil {
		return nil, invalidf(op, "nil request")
	}
	var raw string
	switch r.Method {
	case http.MethodGet, "":
		if r.URL == nil {
			return nil, invalidf(op, "request has no URL")
		}
		raw = r.URL.RawQuery
	case http.MethodPost:
		if ct := r.Header.Get("Content-Type"); ct != "" {
			mt, _, err := mime.ParseMediaType(ct)
			if err != nil || mt != "application/x-www-form-urlencoded" {
				return nil, invalidf(op, "content type %q is not a form; ResultUrl2 JWS notifications are not verified here", ct)
			}
		}
		if r.Body == nil {
			return nil, invalidf(op, "empty body")
		}
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, &payments.Error{Op: op, Provider: Name, Kind: payments.ErrInvalidRequest, Message: "reading the body", Err: err}
		}
		raw = string(b)
	default:
		return nil, invalidf(op, "method %s; Robokassa sends GET or POST", r.Method)
	}
	form, err := url.ParseQuery(raw)
	if err != nil {
		return nil, &payments.Error{Op: op, Provider: Name, Kind: payments.ErrInvalidRequest, Message: "malformed form", Err: err}
	}
	return form, nil
}
