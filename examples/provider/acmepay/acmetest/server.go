// Package acmetest is a tiny in-memory Acme Pay server, for the tests of
// package acmepay and for recording its conformance fixtures. It speaks the
// invented Acme Pay API that package acmepay documents: JSON requests
// authenticated with a bearer key, refusals as {"error":{...}} in a 200
// body, refunds keyed by Idempotency-Key.
//
// # State
//
// A Server is one account: Create, Pay and Decline put payments in the
// states a test needs, SetBalance the balance refunds are paid from. Ids
// are counted (pay_1, re_2, ...), so recordings are the same every time.
//
// # Webhooks
//
// The server sends none; SignedWebhook builds the delivery Acme would send,
// for a test to hand to a webhook handler.
package acmetest

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

// Server is an Acme Pay account in memory; it is an http.Handler. It is
// safe for concurrent use.
type Server struct {
	apiKey string

	mu       sync.Mutex
	payments map[string]*payment // by id
	byOrder  map[string]*payment
	refunds  map[string]*refund // by id
	balance  decimal.Decimal
	ids      int
}

type payment struct {
	ID       string          `json:"id"`
	OrderID  string          `json:"order_id"`
	Status   string          `json:"status"`
	Amount   decimal.Decimal `json:"-"`
	Currency string          `json:"currency"`
	Checkout string          `json:"checkout_url,omitempty"`
	Failure  *apiError       `json:"failure,omitempty"`
	refunded decimal.Decimal
	byKey    map[string]*refund // refunds by Idempotency-Key
}

type refund struct {
	ID        string          `json:"id"`
	PaymentID string          `json:"payment_id"`
	OrderID   string          `json:"order_id"`
	Reference string          `json:"reference"`
	Status    string          `json:"status"`
	Amount    decimal.Decimal `json:"-"`
	Currency  string          `json:"currency"`
}

type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// errAcme is a refusal Acme sends as {"error":{...}} in a 200 body.
func errAcme(code, message string) error { return &apiError{Code: code, Message: message} }

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// New returns an empty account whose API key is apiKey.
func New(apiKey string) *Server {
	return &Server{apiKey: apiKey, payments: map[string]*payment{}, byOrder: map[string]*payment{}, refunds: map[string]*refund{}}
}

// Create adds a pending payment of order, as POST /v1/payments would.
func (s *Server) Create(orderID, amount string, currency payments.Currency) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.create(orderID, amount, string(currency))
	return err
}

// Pay marks order's payment paid, as the buyer paying would; the amount
// joins the balance.
func (s *Server) Pay(orderID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.byOrder[orderID]
	if !ok || p.Status != "pending" {
		return errors.New("acmetest: no pending payment of order " + orderID)
	}
	p.Status, p.Checkout = "succeeded", ""
	s.balance = s.balance.Add(p.Amount)
	return nil
}

// Decline marks order's payment failed with code card_declined.
func (s *Server) Decline(orderID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.byOrder[orderID]
	if !ok || p.Status != "pending" {
		return errors.New("acmetest: no pending payment of order " + orderID)
	}
	p.Status, p.Checkout, p.Failure = "failed", "", &apiError{Code: "card_declined", Message: "the card was declined"}
	return nil
}

// SetBalance sets the account's balance, which refunds are paid from.
func (s *Server) SetBalance(amount string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.balance = decimal.RequireFromString(amount)
}

// ServeHTTP serves Acme Pay's API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+s.apiKey {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": apiError{"invalid_api_key", "unknown API key"}})
		return
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/payments", s.handle(s.createPayment))
	mux.HandleFunc("GET /v1/payments", s.handle(s.paymentByOrder))
	mux.HandleFunc("GET /v1/payments/{id}", s.handle(s.paymentByID))
	mux.HandleFunc("POST /v1/payments/{id}/refunds", s.handle(s.createRefund))
	mux.HandleFunc("GET /v1/refunds", s.handle(s.refundByReference))
	mux.HandleFunc("GET /v1/refunds/{id}", s.handle(s.refundByID))
	mux.ServeHTTP(w, r)
}

// handle runs fn under the lock and writes its object, or its refusal
// in a 200 body as Acme does.
func (s *Server) handle(fn func(r *http.Request) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
		s.mu.Lock()
		v, err := fn(r)
		s.mu.Unlock()
		var ae *apiError
		switch {
		case errors.As(err, &ae):
			writeJSON(w, http.StatusOK, map[string]any{"error": ae})
		case err != nil:
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": apiError{"invalid_request", err.Error()}})
		default:
			writeJSON(w, http.StatusOK, v)
		}
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// nextID returns a new id with prefix; ids are counted so that recorded
// fixtures are the same every time.
func (s *Server) nextID(prefix string) string {
	s.ids++
	return prefix + strconv.Itoa(s.ids)
}

// MarshalJSON writes a payment with its amount as a decimal string.
func (p *payment) MarshalJSON() ([]byte, error) {
	type plain payment
	return json.Marshal(struct {
		*plain
		Amount string `json:"amount"`
	}{(*plain)(p), p.Amount.StringFixed(exponent(p.Currency))})
}

// MarshalJSON writes a refund with its amount as a decimal string.
func (r *refund) MarshalJSON() ([]byte, error) {
	type plain refund
	return json.Marshal(struct {
		*plain
		Amount string `json:"amount"`
	}{(*plain)(r), r.Amount.StringFixed(exponent(r.Currency))})
}

func exponent(currency string) int32 {
	e, _ := payments.Currency(currency).Exponent()
	return e
}
