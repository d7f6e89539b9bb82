package conformance

import (
	"context"
	"errors"
	"maps"
	"slices"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// An operation that moves money may take several HTTP exchanges (a refund
// that reads the payment's state first, then creates the refund, then
// reads the refund back). The suite injects each fault into every one of
// them in turn and judges the outcome by what the provider declared for
// the exchanges (providerkit.Exchange, read back with
// providerkit.ExchangeOf):
//
//   - an exchange declared to move money, and the last exchange when no
//     earlier one was declared to, fails with ErrOutcomeUnknown
//     (ErrUnavailable for a dial error) and is sent exactly once;
//   - an exchange declared a read before any that moves money fails as a
//     read would (faultKind.kindFor), and may have been retried;
//   - an exchange after one that moved money (a read of the result) must
//     not say the operation failed: it succeeds or fails with
//     ErrOutcomeUnknown;
//   - an undeclared earlier exchange (a provider that does not use
//     providerkit) fails with ErrUnavailable or ErrOutcomeUnknown and is
//     sent exactly once, since it may move money.
//
// After the fault nothing else is sent: the replayer reports any other
// request (see replayer.respond).

// exchangeRole is how the suite judges a fault in one exchange.
type exchangeRole int

const (
	roleMoving     exchangeRole = iota // moves money: unknown outcome, sent once
	roleRead                           // declared read before the money moved: fails as a read
	roleAfterMoney                     // after the money moved: success or unknown outcome
	roleUndeclared                     // earlier, undeclared: unavailable or unknown, sent once
)

// roleOf returns how a fault in exchange at of n is judged, given what the
// provider declared for the exchanges sent up to it.
func roleOf(at, n int, declared map[int]providerkit.Exchange) exchangeRole {
	d, ok := declared[at]
	moved := false
	for i := range at {
		moved = moved || declared[i].MovesMoney
	}
	switch {
	case ok && d.MovesMoney:
		return roleMoving
	case moved:
		return roleAfterMoney
	case at == n-1:
		return roleMoving
	case ok:
		return roleRead
	}
	return roleUndeclared
}

// want returns the errors a fault k in an exchange of role r may give;
// nil in the list means success.
func (r exchangeRole) want(k faultKind) []error {
	switch {
	case r == roleAfterMoney:
		return []error{nil, payments.ErrOutcomeUnknown}
	case r == roleRead:
		return []error{k.kindFor(payments.OpPaymentStatus)}
	case k == faultDial:
		return []error{payments.ErrUnavailable}
	case r == roleUndeclared:
		return []error{payments.ErrUnavailable, payments.ErrOutcomeUnknown}
	}
	return []error{payments.ErrOutcomeUnknown}
}

// faultExchange replays mf with fault k injected into exchange at and
// checks the outcome.
func (e *env) faultExchange(mf moneyFixture, k faultKind, at int) {
	e.t.Helper()
	n := len(mf.fx.Exchanges)
	e.t.Logf("%s injected into exchange %d of %d of %s", k, at+1, n, mf.name)
	r, err := e.replayWith(mf.base, mf.fx, func(r *replayer, _ context.CancelFunc) {
		r.fault = &fault{kind: k, at: at}
	})
	if r.hits == 0 {
		e.failf("exchange %d of %s was never requested", at+1, mf.name)
		return
	}
	role := roleOf(at, n, r.declared)
	e.expectOneOf(err, role.want(k))
	if (role == roleMoving || role == roleUndeclared) && r.hits != 1 {
		e.failf("exchange %d of %d, which may move money, was sent %d times, want exactly 1", at+1, n, r.hits)
	}
}

// expectOneOf checks that err wraps one of kinds (see expectKind); a nil
// kind accepts success. An error that also says the outcome is unknown
// when that is not one of kinds fails too: it tells the app that money
// may have moved when it cannot have.
func (e *env) expectOneOf(err error, kinds []error) {
	e.t.Helper()
	if err == nil && slices.Contains(kinds, nil) {
		return
	}
	if errors.Is(err, payments.ErrOutcomeUnknown) && !slices.Contains(kinds, payments.ErrOutcomeUnknown) {
		e.failf("got error %q, an unknown outcome, want one wrapping %v only: no money can have moved", err, kinds)
		return
	}
	if len(kinds) == 1 || err == nil {
		e.expectKind(err, kinds[len(kinds)-1])
		return
	}
	i := slices.IndexFunc(kinds, func(k error) bool { return errors.Is(err, k) })
	if i < 0 {
		e.failf("got error %q, want one wrapping one of %v", err, kinds)
		return
	}
	e.expectKind(err, kinds[i])
}

// declarationScenario checks what a provider declares for the exchanges
// of its money-moving operations: when it declares every one, at least one
// moves money.
func declarationScenario() Scenario {
	return Scenario{
		Name:  "money_exchange_declared_moving",
		Rule:  "an operation that moves money declares the exchange that moves it (providerkit.Moving), never only reads: its faults would be taken for harmless",
		local: true,
		run: func(e *env) {
			bases := e.moneyFixtures()
			if len(bases) == 0 {
				e.t.Skip("no money-moving scenario of this provider makes an HTTP request")
			}
			for _, mf := range bases {
				r, _ := e.replayWith(mf.base, mf.fx, func(*replayer, context.CancelFunc) {})
				if len(r.declared) == len(mf.fx.Exchanges) && !slices.ContainsFunc(slices.Collect(maps.Values(r.declared)), movesMoney) {
					e.failf("%s: each of its %d exchanges is declared a read (providerkit.Exchange.MovesMoney false)", mf.name, len(mf.fx.Exchanges))
				}
			}
		},
	}
}

func movesMoney(d providerkit.Exchange) bool { return d.MovesMoney }

// movingExchange returns the index of the exchange of mf that moves money:
// the last one the provider declares to (learnt from a clean replay), or
// the last exchange when it declares none.
func (e *env) movingExchange(mf moneyFixture) int {
	e.t.Helper()
	r, _ := e.replayWith(mf.base, mf.fx, func(*replayer, context.CancelFunc) {})
	at := len(mf.fx.Exchanges) - 1
	for i := at; i >= 0; i-- {
		if r.declared[i].MovesMoney {
			return i
		}
	}
	return at
}
