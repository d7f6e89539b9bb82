package main

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/paykit/payments"
)

// orderState is the shop's own view of an order.
type orderState string

const (
	statePending orderState = "pending" // waiting for the buyer or the provider
	statePaid    orderState = "paid"    // the money arrived: ship it
	stateFailed  orderState = "failed"  // declined, canceled or expired

	// The states of a hold (product.Hold): the buyer's money is reserved
	// (authorized), then charged when the shop ships (captured) or released
	// (cancelled: by the shop, or by the provider when the hold period
	// ends).
	stateAuthorized orderState = "authorized"
	stateCaptured   orderState = "captured"
	stateCancelled  orderState = "cancelled"
)

// What the shop asked the provider to do with a hold.
const (
	actionShip   = "ship"   // Client.Capture
	actionCancel = "cancel" // Client.Cancel
)

// Why a Ship or Cancel request is refused before the provider is asked.
var (
	errNoOrder        = errors.New("no such order")
	errBadToken       = errors.New("the form is stale or forged: reload the order page")
	errNotHeld        = errors.New("the order is not reserved (any more)")
	errActionUnderWay = errors.New("the order is already being shipped or cancelled")
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
	// Email is the buyer's e-mail from the checkout form, where the
	// receipt goes; Pay again sends it again.
	Email string
	// Action is what the shop asked the provider to do with the hold
	// (actionShip, actionCancel) and has not seen done yet; while it is set
	// the order page offers no button, so that money is never moved
	// twice.
	Action string
	// Advice says how to find out what happened to an Action whose outcome
	// is unknown (payments.Error.Advice); the shop never resends it.
	Advice string
	// Token is the order's CSRF token: the Ship and Cancel forms carry it,
	// and a POST without it is refused.
	Token   string
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
	o := &order{ID: id, Product: p, Total: p.Price, State: statePending, Token: newToken(), Created: now}
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

// markPaid records that order id was paid: paid, or captured for a hold.
// It is idempotent: a paid order stays as it was first recorded. A failed
// or cancelled order becomes paid, because the provider's word that money
// arrived wins over an earlier failure.
func (s *orderStore) markPaid(id, via, event string, st payments.Status) (order, bool) {
	return s.update(id, func(o *order) {
		if o.settled() {
			return
		}
		state := statePaid
		if o.Product.Hold {
			state = stateCaptured
		}
		o.State, o.Via, o.Event, o.ProviderStatus, o.Problem = state, via, event, st, ""
		o.Action, o.Advice = "", ""
	})
}

// markAuthorized records that the money of order id is held. Only a
// pending order becomes authorized: a hold reported late (the ResultUrl2
// notification of the hold after the capture's) changes nothing.
func (s *orderStore) markAuthorized(id, via, event string) (order, bool) {
	return s.update(id, func(o *order) {
		if o.State != statePending {
			return
		}
		o.State, o.Via, o.Event, o.ProviderStatus, o.Problem = stateAuthorized, via, event, payments.StatusAuthorized, ""
	})
}

// markFailed records that order id failed (cancelled, for a hold that was
// authorized), unless it is already paid, failed or cancelled: the webhook
// and a status lookup may both report one cancellation, in either order,
// and the second must not turn "cancelled" into "failed".
func (s *orderStore) markFailed(id, via, event string, st payments.Status, problem string) (order, bool) {
	return s.update(id, func(o *order) {
		if o.settled() || o.State == stateFailed || o.State == stateCancelled {
			return
		}
		state := stateFailed
		if o.State == stateAuthorized {
			state, problem = stateCancelled, cancelledText(o.Action, st)
		}
		o.State, o.Via, o.Event, o.ProviderStatus, o.Problem = state, via, event, st, problem
		o.Action, o.Advice = "", ""
	})
}

// settled reports whether the money arrived (paid or captured).
func (o *order) settled() bool { return o.State == statePaid || o.State == stateCaptured }

// claim records that the shop is about to ask the provider to do action
// with the hold of order id, and reports whether it may: only an
// authorized order with no action under way may, so two clicks on Ship
// capture once. The token must be the order's.
func (s *orderStore) claim(id, token, action string) (order, error) {
	var err error
	o, ok := s.update(id, func(o *order) {
		switch {
		case subtle.ConstantTimeCompare([]byte(token), []byte(o.Token)) != 1:
			err = errBadToken
		case o.State != stateAuthorized:
			err = errNotHeld
		case o.Action != "":
			err = errActionUnderWay
		default:
			o.Action, o.Problem, o.Advice = action, "", ""
		}
	})
	if !ok {
		return order{}, errNoOrder
	}
	return o, err
}

// release records that the provider refused action (nothing happened), so
// the buttons come back with problem explained.
func (s *orderStore) release(id, action, problem string) (order, bool) {
	return s.update(id, func(o *order) {
		if o.Action == action {
			o.Action, o.Problem = "", problem
		}
	})
}

// newToken returns a random CSRF token.
func newToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24)
	return hex.EncodeToString(b)
}
