package main

import (
	"strconv"
	"sync"
	"time"

	"github.com/paykit/payments"
)

// product is something the shop sells.
type product struct {
	ID          string
	Name        string
	Description string
	Price       payments.Money
}

// catalog is the shop's whole range.
var catalog = []product{
	{ID: "tshirt", Name: "Gopher T-shirt", Description: "Cotton, blue, with a gopher on the front.", Price: payments.MustParseMoney("1500.00", payments.RUB)},
	{ID: "mug", Name: "Gopher mug", Description: "Holds 350 ml of coffee.", Price: payments.MustParseMoney("490.00", payments.RUB)},
}

func findProduct(id string) (product, bool) {
	for _, p := range catalog {
		if p.ID == id {
			return p, true
		}
	}
	return product{}, false
}

// orderState is the shop's own view of an order.
type orderState string

const (
	statePending orderState = "pending" // waiting for the buyer or the provider
	statePaid    orderState = "paid"    // the money arrived: ship it
	stateFailed  orderState = "failed"  // declined, canceled or expired
)

// Where the shop learnt that an order was paid or failed.
const (
	viaWebhook = "webhook" // the provider's verified notification
	viaLookup  = "lookup"  // a status lookup (ConfirmPayment)
)

// order is one purchase. Orders are values: the store hands out copies.
type order struct {
	ID      string
	Product product
	Total   payments.Money
	State   orderState
	// Via says how the state was learnt (viaWebhook or viaLookup).
	Via string
	// Event is the id of the webhook that settled the order, if one did.
	Event string
	// ProviderStatus is the provider's last reported status, if known.
	ProviderStatus payments.Status
	// Problem explains a payment that could not be started or confirmed.
	Problem string
	Created time.Time
}

// orderStore keeps orders in memory: a placeholder for the shop's database.
// Order ids count up from first, because Robokassa's InvId must be a
// positive integer; a database sequence does this in a real shop.
type orderStore struct {
	mu     sync.Mutex
	next   int64
	orders map[string]*order
}

func newOrderStore(first int64) *orderStore {
	if first <= 0 {
		first = 1
	}
	return &orderStore{next: first, orders: make(map[string]*order)}
}

// create records a new pending order for p and returns it.
func (s *orderStore) create(p product, now time.Time) order {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := strconv.FormatInt(s.next, 10)
	s.next++
	o := &order{ID: id, Product: p, Total: p.Price, State: statePending, Created: now}
	s.orders[id] = o
	return *o
}

// get returns a copy of the order with id.
func (s *orderStore) get(id string) (order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return order{}, false
	}
	return *o, true
}

// update applies fn to the order with id under the lock and returns the
// result; false if there is no such order.
func (s *orderStore) update(id string, fn func(o *order)) (order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return order{}, false
	}
	fn(o)
	return *o, true
}

// markPaid records that order id was paid. It is idempotent: a paid order
// stays as it was first recorded. A failed order becomes paid, because the
// provider's word that money arrived wins over an earlier failure.
func (s *orderStore) markPaid(id, via, event string, st payments.Status) (order, bool) {
	return s.update(id, func(o *order) {
		if o.State == statePaid {
			return
		}
		o.State, o.Via, o.Event, o.ProviderStatus, o.Problem = statePaid, via, event, st, ""
	})
}

// markFailed records that order id failed, unless it is already paid.
func (s *orderStore) markFailed(id, via, event string, st payments.Status, problem string) (order, bool) {
	return s.update(id, func(o *order) {
		if o.State == statePaid {
			return
		}
		o.State, o.Via, o.Event, o.ProviderStatus, o.Problem = stateFailed, via, event, st, problem
	})
}
