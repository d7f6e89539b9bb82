package tbank

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// maxOrderID is the longest OrderId both T-Bank's OpenAPI (36) and
// developer.tbank.ru (50) accept.
const maxOrderID = 36

// InitPayment creates a payment session (POST /v2/Init): one-stage, or
// two-stage (PayType "T") with req.Hold, a recurring parent (Recurrent
// "Y", CustomerKey = the order id) with req.Recurring. Payment.ID is
// T-Bank's PaymentId; the next step redirects the buyer to PaymentURL with
// a GET. With req.PaymentMethod payments.MethodSBP it is an SBP payment
// by QR code: Init, then GetQr, and the next step redirects to the QR
// payload (see sbpQR and RawQRPayload).
func (p *Provider) InitPayment(ctx context.Context, req *payments.InitRequest) (*payments.Payment, error) {
	ex := providerkit.Moving(payments.OpInitPayment)
	if err := checkSBP(req); err != nil {
		return nil, providerkit.Stamp(Name, payments.OpInitPayment, err)
	}
	body, err := p.initBody(req.OrderID, req.Amount, req.Description, req.Receipt)
	if err != nil {
		return nil, providerkit.Stamp(Name, payments.OpInitPayment, err)
	}
	body["PayType"] = "O"
	if req.Hold {
		body["PayType"] = "T"
	}
	if req.Recurring {
		body["Recurrent"] = "Y"
		body["CustomerKey"] = req.OrderID
		body["DATA"] = map[string]string{"OperationInitiatorType": "1"}
	}
	// T-Bank's payment form has ru (the default) and en: Init's Language in the API reference,
	// https://www.tbank.ru/kassa/dev/payments/ (/v2/Init); any other tag is left out.
	setIf(body, "Language", providerkit.Language(req.Language, "ru", "en"))
	setIf(body, "SuccessURL", req.SuccessURL)
	setIf(body, "FailURL", req.FailURL)
	setIf(body, "NotificationURL", req.NotificationURL)
	if !req.ExpiresAt.IsZero() {
		// Hashed exactly as sent: whole seconds, numeric offset.
		body["RedirectDueDate"] = req.ExpiresAt.Truncate(time.Second).Format("2006-01-02T15:04:05-07:00")
	}
	a, err := p.call(ctx, ex, "Init", body)
	if err != nil {
		return nil, providerkit.Stamp(Name, payments.OpInitPayment, err)
	}
	pay, err := paymentOf(ex, a)
	if err == nil && pay.Status == payments.StatusPending {
		if u := a.text("PaymentURL"); u != "" {
			pay.NextStep = payments.NextStep{Kind: payments.NextRedirect, URL: u}
		} else {
			err = providerkit.ProtocolError(ex, errors.New("a NEW payment without PaymentURL"))
		}
	}
	if err == nil && req.PaymentMethod == payments.MethodSBP {
		pay, err = p.sbpQR(ctx, pay) // see sbp.go
	}
	if err != nil {
		return nil, providerkit.Stamp(Name, payments.OpInitPayment, err)
	}
	return pay, nil
}

// initBody is the common part of Init for payments and charges.
func (p *Provider) initBody(orderID string, amount payments.Money, desc string, r *payments.Receipt) (map[string]any, error) {
	if amount.Currency != payments.RUB {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "tbank: only RUB is accepted")
	}
	kop, ok := amount.MinorUnits()
	if !ok || kop <= 0 {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "tbank: amount out of range")
	}
	body := map[string]any{"Amount": kop, "OrderId": orderID}
	setIf(body, "Description", desc)
	rc, err := p.receipt(r)
	if err != nil {
		return nil, err
	}
	if rc != nil {
		body["Receipt"] = rc
	}
	return body, nil
}

func setIf(m map[string]any, k, v string) {
	if v != "" {
		m[k] = v
	}
}

// PaymentStatus looks a payment up by T-Bank's PaymentId (GetState) or,
// without one, by the merchant's order id (CheckOrder, then GetState of
// the session chosen as [choose] says).
func (p *Provider) PaymentStatus(ctx context.Context, q payments.PaymentQuery) (*payments.Payment, error) {
	pay, _, err := p.findPayment(ctx, providerkit.Read(payments.OpPaymentStatus), q)
	if err != nil {
		return nil, providerkit.Stamp(Name, payments.OpPaymentStatus, err)
	}
	return pay, nil
}

// findPayment is PaymentStatus as exchange ex (a read, also inside a
// money-moving operation). It returns T-Bank's status text too.
func (p *Provider) findPayment(ctx context.Context, ex providerkit.Exchange, q payments.PaymentQuery) (*payments.Payment, string, error) {
	id, sbpID := q.PaymentID, ""
	if id == "" {
		a, err := p.call(ctx, ex, "CheckOrder", map[string]any{"OrderId": q.OrderID})
		if err != nil {
			return nil, "", err
		}
		var session answer
		session, err = choose(ex, a)
		if err != nil {
			return nil, "", err
		}
		id, sbpID = session.text("PaymentId"), session.text("SbpPaymentId")
	}
	a, err := p.call(ctx, ex, "GetState", map[string]any{"PaymentId": id})
	if err != nil {
		return nil, "", err
	}
	pay, err := paymentOf(ex, a)
	if err != nil {
		return nil, "", err
	}
	if sbpID != "" {
		pay.Raw["SbpPaymentId"] = sbpID
	}
	return pay, a.text("Status"), nil
}

// choose picks one session among CheckOrder's Payments, deterministically:
// the highest rank (paid, then held, in progress, waiting, cancelled,
// failed), and among equals the greatest PaymentId (T-Bank's ids grow, so
// the newest attempt). An order without sessions is not found. It returns
// the chosen session of Payments.
func choose(ex providerkit.Exchange, a answer) (answer, error) {
	var list []answer
	if raw, ok := a["Payments"]; ok {
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, providerkit.ProtocolError(ex, err)
		}
	}
	var chosen answer
	best, bestRank := "", -1
	for _, s := range list {
		id, r := s.text("PaymentId"), rank(s.text("Status"))
		if id == "" {
			return nil, providerkit.ProtocolError(ex, errors.New("a session without PaymentId"))
		}
		if r > bestRank || r == bestRank && idLess(best, id) {
			best, bestRank, chosen = id, r, s
		}
	}
	if best == "" {
		return nil, payments.NewError(payments.ErrNotFound, "", "no payment for this OrderId")
	}
	return chosen, nil
}

// idLess compares decimal ids numerically (shorter is smaller), falling
// back to text order.
func idLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// paymentOf converts an Init, GetState or Charge answer.
func paymentOf(ex providerkit.Exchange, a answer) (*payments.Payment, error) {
	id, status, order := a.text("PaymentId"), a.text("Status"), a.text("OrderId")
	if id == "" || status == "" {
		return nil, providerkit.ProtocolError(ex, errors.New("an answer without PaymentId or Status"))
	}
	pay := &payments.Payment{
		ID: id, OrderID: order, Status: statusOf(status), RefundStatus: refundStatuses[status],
		Mandate: a.text("RebillId"),
		Raw:     map[string]string{"PaymentId": id, "Status": status, "OrderId": order},
	}
	if amt := a.text("Amount"); amt != "" {
		m, err := kopecks(amt)
		if err != nil {
			return nil, providerkit.ProtocolError(ex, err)
		}
		pay.Amount = m
		pay.Raw["Amount"] = amt
	}
	if status == "REJECTED" || status == "AUTH_FAIL" {
		pay.ErrorCode, pay.ErrorMessage = a.text("ErrorCode"), a.text("Message")
	}
	if src := a.param("Source"); src != "" {
		pay.Raw["Source"] = src
	}
	return pay, nil
}

// param returns the Value of key in GetState's Params, [{Key, Value}]
// (Route; Source: cards, qrsbp, TinkoffPay, ...), or "" when there is
// none or Params is not such a list.
func (a answer) param(key string) string {
	raw, ok := a["Params"]
	if !ok {
		return ""
	}
	var list []answer
	if json.Unmarshal(raw, &list) != nil {
		return ""
	}
	for _, kv := range list {
		if kv.text("Key") == key {
			return kv.text("Value")
		}
	}
	return ""
}

// kopecks parses an amount in kopecks, sent as a number or a string.
func kopecks(s string) (payments.Money, error) {
	n, ok := atoi64(s)
	if !ok {
		return payments.Money{}, errors.New("amount is not a whole number of kopecks")
	}
	return payments.MinorUnits(n, payments.RUB)
}

func atoi64(s string) (int64, bool) {
	if s == "" || len(s) > 15 {
		return 0, false
	}
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}
