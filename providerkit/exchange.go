package providerkit

import (
	"context"
	"net/http"

	"github.com/paykit/payments"
)

// Exchange describes one HTTP exchange of an operation: which operation it
// belongs to, whether this exchange may move money, and how large an answer
// it accepts. A provider states it for every request it sends, because one
// operation can take several exchanges of different kinds: a refund that
// first reads the payment's state sends a read and then a money-moving
// request, and only a fault in the second may have moved money.
type Exchange struct {
	// Op is the operation the exchange belongs to; errors name it.
	Op payments.Operation
	// MovesMoney says whether the provider may act on this request by
	// moving money. Faults of such an exchange that may come after the
	// provider acted are payments.ErrOutcomeUnknown; the same faults of a
	// read are payments.ErrUnavailable or payments.ErrProtocol.
	MovesMoney bool
	// Limit is the largest response body accepted, in bytes; zero or less
	// means MaxResponseBytes.
	Limit int64
}

// Read returns the Exchange of a read step of op: a request that cannot
// move money, even when op itself does (the status lookup a refund makes
// before it sends the refund).
func Read(op payments.Operation) Exchange { return Exchange{Op: op} }

// Moving returns the Exchange of a request of op that may move money.
func Moving(op payments.Operation) Exchange { return Exchange{Op: op, MovesMoney: true} }

// limit is the exchange's response limit with the default filled in.
func (ex Exchange) limit() int64 {
	if ex.Limit <= 0 {
		return MaxResponseBytes
	}
	return ex.Limit
}

// exchangeKey is the context key under which Do records the Exchange.
type exchangeKey struct{}

// ExchangeOf returns the Exchange that Do attached to r's context, and
// whether there was one. A test transport (http.RoundTripper) uses it to
// see what the provider declared for the request in hand, for example to
// check that a fault injected into a read is not reported as an unknown
// outcome.
func ExchangeOf(r *http.Request) (Exchange, bool) {
	if r == nil {
		return Exchange{}, false
	}
	ex, ok := r.Context().Value(exchangeKey{}).(Exchange)
	return ex, ok
}

// withExchange returns ctx carrying ex, for ExchangeOf.
func withExchange(ctx context.Context, ex Exchange) context.Context {
	return context.WithValue(ctx, exchangeKey{}, ex)
}
