package acmepay

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// SignatureHeader carries a webhook's signature: the lowercase hex
// HMAC-SHA256 of the raw body with the webhook secret.
const SignatureHeader = "Acme-Signature"

// maxWebhookBytes limits the webhook body this provider reads; the Client
// puts a limit of its own around it.
const maxWebhookBytes = 64 << 10

// wireEvent is the body of Acme's webhook, a POST of application/json:
//
//	{"id":"evt_1","account":"acct_demo","type":"payment","order_id":"1002",
//	 "payment_id":"pay_2","status":"succeeded","amount":"10.00","currency":"RUB"}
//
// type is "payment" or "refund"; a refund's order_id is the refunded
// payment's.
type wireEvent struct {
	ID        string `json:"id"`
	Account   string `json:"account"`
	Type      string `json:"type"`
	OrderID   string `json:"order_id"`
	PaymentID string `json:"payment_id"`
	Status    string `json:"status"`
	Amount    string `json:"amount"`
	Currency  string `json:"currency"`
}

// eventTypes maps Acme's event types onto the portable ones.
var eventTypes = map[string]payments.EventType{
	"payment": payments.EventPayment,
	"refund":  payments.EventRefund,
}

// VerifyWebhook checks a delivery's Acme-Signature over the raw body, in
// constant time, before it trusts a byte of it, and returns the event.
// A body that is not JSON is payments.ErrInvalidRequest; a missing,
// malformed or wrong signature is payments.ErrInvalidSignature. The event's
// acknowledgement is 200 {"received":true}.
func (p *Provider) VerifyWebhook(_ context.Context, r *http.Request) (*payments.Event, error) {
	ev, err := p.verify(r)
	return ev, providerkit.Stamp(Name, payments.OpVerifyWebhook, err)
}

func (p *Provider) verify(r *http.Request) (*payments.Event, error) {
	// Rule: ReadBody keeps an oversized body's *http.MaxBytesError as the
	// cause, so that the Client answers 413. Code that reads the body
	// itself wraps the read error with %w for the same reason.
	body, err := providerkit.ReadBody(r, maxWebhookBytes)
	if err != nil {
		return nil, err
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return nil, payments.NewError(payments.ErrInvalidRequest, "", "webhook is not application/json")
	}
	if !validSignature(body, r.Header.Get(SignatureHeader), p.webhookSecret.Reveal()) {
		return nil, payments.NewError(payments.ErrInvalidSignature, "", "missing or wrong "+SignatureHeader)
	}
	var w wireEvent
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "webhook body: %w", err)
	}
	typ, okType := eventTypes[w.Type]
	status, okStatus := statuses[w.Status]
	if !okType || !okStatus || w.ID == "" || w.Account == "" || w.OrderID == "" {
		return nil, payments.NewError(payments.ErrInvalidRequest, "", "webhook without id, account, order_id or a known type and status")
	}
	amount, err := payments.ParseMoney(w.Amount, payments.Currency(w.Currency))
	if err != nil {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "webhook amount: %w", err)
	}
	return &payments.Event{
		// The account is part of the identity, so that shops sharing
		// one event store never collide; each part is escaped.
		ID:   url.PathEscape(w.Account) + "/" + url.PathEscape(w.ID),
		Type: typ, OrderID: w.OrderID, PaymentID: w.PaymentID, Status: status, Amount: amount,
		Raw: map[string]string{
			"id": w.ID, "account": w.Account, "type": w.Type, "order_id": w.OrderID, "payment_id": w.PaymentID,
			"status": w.Status, "amount": w.Amount, "currency": w.Currency,
		},
		Ack: payments.Ack{StatusCode: http.StatusOK, ContentType: "application/json", Body: `{"received":true}`},
	}, nil
}

// validSignature reports whether sig is the hex HMAC-SHA256 of body with
// secret. hmac.Equal compares in constant time; an empty secret never
// verifies (New refuses it anyway).
func validSignature(body []byte, sig, secret string) bool {
	got, err := hex.DecodeString(sig)
	if err != nil || len(got) != sha256.Size || secret == "" {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hmac.Equal(got, mac.Sum(nil))
}
