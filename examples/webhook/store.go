package main

import (
	"context"
	"errors"
	"sync"

	"github.com/paykit/payments"
)

// errUnknownOrder is returned for a webhook about an order the store does
// not have. The endpoint then answers 500, so the provider delivers the
// notification again later instead of it being lost.
var errUnknownOrder = errors.New("webhook: unknown order")

// orderRecord is what the store keeps of an order.
type orderRecord struct {
	total  payments.Money
	status payments.Status // the last status a webhook reported; "" before any
	event  string          // the id of the event that set status
}

// memStore is the shop's order table, in memory: A PLACEHOLDER FOR A
// DATABASE. A real endpoint shares the shop's database, where checkout
// inserts each order with its total, and records each outcome in the same
// transaction as the de-duplication key (see newHandler).
type memStore struct {
	mu     sync.Mutex
	orders map[string]*orderRecord
}

func newMemStore() *memStore {
	return &memStore{orders: make(map[string]*orderRecord)}
}

// addOrder records an order with its total, as the shop's checkout does.
func (s *memStore) addOrder(id string, total payments.Money) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.orders[id] = &orderRecord{total: total}
}

// orderTotal returns what the order costs, for HandlerOptions.ExpectedAmount.
func (s *memStore) orderTotal(_ context.Context, id string) (payments.Money, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return payments.Money{}, errUnknownOrder
	}
	return o.total, nil
}

// recordPayment records a verified payment event. It is idempotent: the
// same event again changes nothing, and a paid order stays paid whatever a
// late or out-of-order delivery says. It reports whether anything changed.
func (s *memStore) recordPayment(_ context.Context, ev *payments.Event) (changed bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[ev.OrderID]
	if !ok {
		return false, errUnknownOrder
	}
	if o.event == ev.ID || o.status.Paid() {
		return false, nil
	}
	o.status, o.event = ev.Status, ev.ID
	return true, nil
}

// order returns the status of order id and the event that set it.
func (s *memStore) order(id string) (payments.Status, string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return "", "", false
	}
	return o.status, o.event, true
}
