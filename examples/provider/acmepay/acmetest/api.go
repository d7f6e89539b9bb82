package acmetest

import (
	"encoding/json"
	"net/http"

	"github.com/paykit/payments"
)

// currencies are those the account accepts.
var currencies = map[string]bool{"RUB": true, "USD": true, "EUR": true}

// create adds a pending payment; s.mu is held.
func (s *Server) create(orderID, amount, currency string) (*payment, error) {
	if !currencies[currency] {
		return nil, errAcme("unsupported_currency", "currency "+currency+" is not accepted")
	}
	m, err := payments.ParseMoney(amount, payments.Currency(currency))
	if err != nil || !m.Amount.IsPositive() || orderID == "" {
		return nil, errAcme("invalid_request", "order_id and a positive amount are required")
	}
	if _, ok := s.byOrder[orderID]; ok {
		return nil, errAcme("duplicate_order", "order "+orderID+" already has a payment")
	}
	id := s.nextID("pay_")
	p := &payment{ID: id, OrderID: orderID, Status: "pending", Amount: m.Amount, Currency: currency,
		Checkout: "https://pay.acmepay.example/checkout/" + id, byKey: map[string]*refund{}}
	s.payments[id], s.byOrder[orderID] = p, p
	return p, nil
}

func (s *Server) createPayment(r *http.Request) (any, error) {
	var in struct {
		OrderID  string `json:"order_id"`
		Amount   string `json:"amount"`
		Currency string `json:"currency"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		return nil, errAcme("invalid_request", "the body is not JSON")
	}
	return s.create(in.OrderID, in.Amount, in.Currency)
}

func (s *Server) paymentByOrder(r *http.Request) (any, error) {
	if p, ok := s.byOrder[r.URL.Query().Get("order_id")]; ok {
		return p, nil
	}
	return nil, errAcme("not_found", "no payment of this order")
}

func (s *Server) paymentByID(r *http.Request) (any, error) {
	if p, ok := s.payments[r.PathValue("id")]; ok {
		return p, nil
	}
	return nil, errAcme("not_found", "no such payment")
}

// createRefund refunds a payment once per Idempotency-Key: a repeat of a
// key answers the first refund and moves no money.
func (s *Server) createRefund(r *http.Request) (any, error) {
	p, ok := s.payments[r.PathValue("id")]
	if !ok {
		return nil, errAcme("not_found", "no such payment")
	}
	var in struct {
		Amount    string `json:"amount"`
		Reference string `json:"reference"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		return nil, errAcme("invalid_request", "the body is not JSON")
	}
	key := r.Header.Get("Idempotency-Key")
	if key == "" || key != in.Reference {
		return nil, errAcme("invalid_request", "Idempotency-Key must be the refund's reference")
	}
	if first, ok := p.byKey[key]; ok {
		if in.Amount != "" && in.Amount != first.Amount.StringFixed(exponent(first.Currency)) {
			return nil, errAcme("idempotency_key_reused", "this key was used for another amount")
		}
		return first, nil
	}
	left := p.Amount.Sub(p.refunded)
	amount := left
	if in.Amount != "" {
		m, err := payments.ParseMoney(in.Amount, payments.Currency(p.Currency))
		if err != nil || !m.Amount.IsPositive() || m.Amount.GreaterThan(left) {
			return nil, errAcme("invalid_request", "the amount must be positive and at most what is left")
		}
		amount = m.Amount
	}
	switch {
	case p.Status != "succeeded" && p.Status != "partially_refunded":
		return nil, errAcme("invalid_request", "the payment is not paid")
	case !left.IsPositive():
		return nil, errAcme("nothing_to_refund", "the payment is refunded")
	case s.balance.LessThan(amount):
		return nil, errAcme("insufficient_funds", "the balance does not cover the refund")
	}
	ref := &refund{ID: s.nextID("re_"), PaymentID: p.ID, OrderID: p.OrderID, Reference: key,
		Status: "succeeded", Amount: amount, Currency: p.Currency}
	s.refunds[ref.ID], p.byKey[key] = ref, ref
	s.balance = s.balance.Sub(amount)
	p.refunded = p.refunded.Add(amount)
	p.Status = "partially_refunded"
	if p.refunded.Equal(p.Amount) {
		p.Status = "refunded"
	}
	return ref, nil
}

func (s *Server) refundByID(r *http.Request) (any, error) {
	if ref, ok := s.refunds[r.PathValue("id")]; ok {
		return ref, nil
	}
	return nil, errAcme("not_found", "no such refund")
}

func (s *Server) refundByReference(r *http.Request) (any, error) {
	q := r.URL.Query()
	if p, ok := s.byOrder[q.Get("order_id")]; ok {
		if ref, ok := p.byKey[q.Get("reference")]; ok {
			return ref, nil
		}
	}
	return nil, errAcme("not_found", "no refund with this reference")
}
