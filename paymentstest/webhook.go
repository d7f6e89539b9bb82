package paymentstest

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

const (
	fieldSignature = "signature"
	// maxWebhookBytes limits the form the fake reads.
	maxWebhookBytes = 64 << 10
)

// WebhookData describes one webhook delivery of the fake, for
// [Fake.SignWebhook]. The delivery is a form-encoded POST to "/webhooks"
// with these fields (empty optional ones are left out):
//
//	event_id       the delivery's identity ("evt_1"), required
//	type           payment, refund, withdrawal or notice, required
//	notice         what a notice is about ("receipt"), required for a notice only
//	order_id       the merchant's order id, required
//	payment_id     the provider's id ("pay_1"), optional
//	status         a payments.Status value ("succeeded"), required; a notice has none
//	amount         decimal amount ("10.00"), required; optional for a notice
//	currency       ISO 4217 code of amount and fee ("RUB"), required with amount
//	fee            decimal fee in the same currency, optional
//	error_code     the provider's failure code, optional
//	error_message  the provider's failure message, optional
//	mandate        the recurring parent's mandate id ("mandate_1"), optional
//	meta_<key>     the merchant's metadata, optional
//	signature      lowercase hex HMAC-SHA256(secret, canonical), required
//
// canonical is every field except signature as key=value, with the values
// exactly as received (not URL-escaped), sorted by key and joined with "&":
//
//	amount=10.00&currency=RUB&event_id=evt_1&order_id=1002&payment_id=pay_2&status=succeeded&type=payment
//
// Each field appears once; a form with a repeated field is malformed.
//
// A notice (Type payments.EventNotice, see [Fake.NoticeWebhook]) changes
// no payment: it has a notice field, no status, and an amount only when
// Amount has a currency.
type WebhookData struct {
	// EventID identifies the delivery; the same for retries. The verified
	// event's ID is [EventID] of the merchant account and EventID.
	EventID string
	// Type is what the event is about.
	Type payments.EventType
	// Notice says what an EventNotice is about ([NoticeReceipt]);
	// required for Type payments.EventNotice, left out otherwise.
	Notice string
	// OrderID is the merchant's order id.
	OrderID string
	// PaymentID is the fake's id of the payment or payout; optional.
	PaymentID string
	// Status is the new state.
	Status payments.Status
	// Amount of the payment, refund or payout.
	Amount payments.Money
	// Fee charged, in Amount's currency; optional (zero means none).
	Fee payments.Money
	// ErrorCode and ErrorMessage explain a failure; optional.
	ErrorCode string
	// ErrorMessage is the provider's failure message; optional.
	ErrorMessage string
	// Metadata are the merchant's own pairs, sent as meta_<key> fields.
	Metadata map[string]string
	// Mandate is a paid recurring parent's mandate id; optional.
	Mandate string
}

// form returns the fields of d, unsigned.
func (d WebhookData) form() map[string]string {
	fields := map[string]string{
		"event_id": d.EventID,
		"type":     string(d.Type),
		"order_id": d.OrderID,
		"status":   string(d.Status),
		"amount":   d.Amount.Format(),
		"currency": string(d.Amount.Currency),
	}
	optional := map[string]string{
		"payment_id":    d.PaymentID,
		"error_code":    d.ErrorCode,
		"error_message": d.ErrorMessage,
		"mandate":       d.Mandate,
	}
	if !d.Fee.IsZero() {
		optional["fee"] = d.Fee.Format()
	}
	for k, v := range d.Metadata {
		optional[metaPrefix+k] = v
	}
	for k, v := range optional {
		if v != "" {
			fields[k] = v
		}
	}
	if d.Type == payments.EventNotice {
		noticeForm(d, fields)
	}
	return fields
}

// SignWebhook returns the fake's webhook for d, signed with
// Options.WebhookSecret: a server-side POST request to "/webhooks", ready to
// pass to VerifyWebhook or to an http.Handler.
func (f *Fake) SignWebhook(d WebhookData) *http.Request {
	return f.SignWebhookWith(d, f.opts.WebhookSecret.Reveal())
}

// SignWebhookWith is SignWebhook with another secret, for tests of
// deliveries signed with a wrong one.
func (f *Fake) SignWebhookWith(d WebhookData, secret string) *http.Request {
	fields := d.form()
	fields[fieldSignature] = hex.EncodeToString(sign(secret, fields))
	vals := make(url.Values, len(fields))
	for k, v := range fields {
		vals.Set(k, v)
	}
	r := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader(vals.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

// PaymentWebhook returns the signed webhook the fake would send now about
// the payment of orderID: its current status, amount, failure, metadata
// and mandate. Holds, captures, cancellations (and expired holds) and
// charge results are such payment events: authorized, succeeded, canceled,
// failed.
// Every call is a new delivery with the next event id ("evt_1", "evt_2"...).
// An unknown order is ErrNotFound.
func (f *Fake) PaymentWebhook(orderID string) (*http.Request, error) {
	f.mu.Lock()
	rec, ok := f.payments[orderID]
	if !ok {
		f.mu.Unlock()
		return nil, f.fail("", payments.ErrNotFound, "not_found", "no payment for order %s", orderID)
	}
	f.refresh(rec)
	d := WebhookData{
		EventID:      f.nextID("evt"),
		Type:         payments.EventPayment,
		OrderID:      orderID,
		PaymentID:    rec.p.ID,
		Status:       rec.p.Status,
		Amount:       rec.p.Amount,
		Fee:          rec.p.Fee,
		ErrorCode:    rec.p.ErrorCode,
		ErrorMessage: rec.p.ErrorMessage,
		Metadata:     metadataOf(rec.p.Raw),
		Mandate:      rec.p.Mandate,
	}
	f.mu.Unlock()
	return f.SignWebhook(d), nil
}

// VerifyWebhook implements payments.WebhookVerifier for the fake's signed
// form (see [WebhookData]), with Options.WebhookSecret. A body that cannot
// be parsed or lacks a required field is ErrInvalidRequest; a missing,
// malformed or wrong signature is ErrInvalidSignature. The event's ID is
// EventID(Options.MerchantID, event_id), and its Ack is 200 "ok" in
// text/plain.
func (f *Fake) VerifyWebhook(ctx context.Context, r *http.Request) (*payments.Event, error) {
	f.mu.Lock()
	err := f.begin(ctx, payments.OpVerifyWebhook)
	f.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return verifyWebhook(r, f.opts.WebhookSecret.Reveal(), f.opts.Name, f.opts.MerchantID)
}

// sign returns HMAC-SHA256(secret, canonical(fields)).
func sign(secret string, fields map[string]string) []byte {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		if k != fieldSignature {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	mac := hmac.New(sha256.New, []byte(secret))
	for i, k := range keys {
		if i > 0 {
			io.WriteString(mac, "&")
		}
		io.WriteString(mac, k)
		io.WriteString(mac, "=")
		io.WriteString(mac, fields[k])
	}
	return mac.Sum(nil)
}

// verifyWebhook reads the form from r, checks its signature with secret in
// constant time, and returns the event of merchant's account.
func verifyWebhook(r *http.Request, secret, provider, merchant string) (*payments.Event, error) {
	const op = payments.OpVerifyWebhook
	fail := func(kind error, format string, args ...any) error {
		e := payments.Errorf(kind, format, args...)
		e.Op, e.Provider = op, provider
		return e
	}
	if secret == "" {
		return nil, fail(payments.ErrInvalidSignature, "no webhook secret configured")
	}
	if r == nil || r.Body == nil {
		return nil, fail(payments.ErrInvalidRequest, "no body")
	}
	body, err := providerkit.ReadBody(r, maxWebhookBytes)
	if err != nil {
		return nil, providerkit.Stamp(provider, op, err)
	}
	fields, err := parseForm(string(body))
	if err != nil {
		return nil, &payments.Error{Op: op, Provider: provider, Kind: payments.ErrInvalidRequest, Message: "malformed form", Err: err}
	}
	sig, ok := fields[fieldSignature]
	if !ok || sig == "" {
		return nil, fail(payments.ErrInvalidSignature, "no signature")
	}
	got, err := hex.DecodeString(sig)
	if err != nil || len(got) != sha256.Size {
		return nil, fail(payments.ErrInvalidSignature, "malformed signature")
	}
	if !hmac.Equal(got, sign(secret, fields)) {
		return nil, fail(payments.ErrInvalidSignature, "signature does not match")
	}
	ev, err := eventFromForm(merchant, fields)
	if err != nil {
		return nil, fail(payments.ErrInvalidRequest, "%v", err)
	}
	return ev, nil
}

// parseForm parses a form-encoded body into single-valued fields. A field
// given twice is an error: the signature covers one value per key.
func parseForm(body string) (map[string]string, error) {
	vals, err := url.ParseQuery(body)
	if err != nil {
		return nil, err
	}
	fields := make(map[string]string, len(vals))
	for k, vs := range vals {
		if len(vs) != 1 {
			return nil, errors.New("field " + strconv.Quote(k) + " is given more than once")
		}
		fields[k] = vs[0]
	}
	return fields, nil
}

// EventID returns the Event.ID of the fake's webhook delivery eventID
// ("evt_1") to the merchant account merchantID: both query-escaped and
// joined by ':', so that the id names the account and no two pairs give
// the same id ("merchant_1:evt_1").
func EventID(merchantID, eventID string) string {
	return url.QueryEscape(merchantID) + ":" + url.QueryEscape(eventID)
}

// eventFromForm builds the event of verified fields for merchant's account.
func eventFromForm(merchant string, fields map[string]string) (*payments.Event, error) {
	required := []string{"event_id", "type", "order_id", "status", "amount", "currency"}
	if fields["type"] == string(payments.EventNotice) {
		required = []string{"event_id", "type", "notice", "order_id"}
	}
	for _, k := range required {
		if fields[k] == "" {
			return nil, errors.New("field " + k + " is required")
		}
	}
	ev := &payments.Event{
		ID:           EventID(merchant, fields["event_id"]),
		Type:         payments.EventType(fields["type"]),
		OrderID:      fields["order_id"],
		PaymentID:    fields["payment_id"],
		Status:       payments.Status(fields["status"]),
		ErrorCode:    fields["error_code"],
		ErrorMessage: fields["error_message"],
		Metadata:     metadataOf(fields),
		Mandate:      fields["mandate"],
		Raw:          fields,
		Ack:          payments.Ack{StatusCode: http.StatusOK, ContentType: "text/plain", Body: "ok"},
	}
	switch ev.Type {
	case payments.EventPayment, payments.EventRefund, payments.EventWithdrawal:
		if _, ok := fields["notice"]; ok {
			return nil, errors.New("field notice is only for type notice")
		}
	case payments.EventNotice:
		return noticeFromForm(ev, fields)
	default:
		return nil, errors.New("unknown type " + strconv.Quote(fields["type"]))
	}
	if !ev.Status.Valid() {
		return nil, errors.New("unknown status " + strconv.Quote(fields["status"]))
	}
	cur := payments.Currency(fields["currency"])
	var err error
	if ev.Amount, err = payments.ParseMoney(fields["amount"], cur); err != nil {
		return nil, errors.New("amount: " + errMessage(err))
	}
	if fee, ok := fields["fee"]; ok {
		if ev.Fee, err = payments.ParseMoney(fee, cur); err != nil {
			return nil, errors.New("fee: " + errMessage(err))
		}
	}
	return ev, nil
}
