package conformance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/paykit/payments"
)

// base is a recorded scenario that fault scenarios replay with a fault.
type base struct {
	name string
	op   payments.Operation
	// card marks a base that needs Capabilities.CardPayments.
	card bool
	// needs, if set, reports whether a provider with caps declares what
	// the base needs besides op.
	needs func(caps payments.Capabilities) bool
	call  func(e *env, c *payments.Client, ctx context.Context) error
}

// applies reports whether a provider with caps runs b.
func (b base) applies(caps payments.Capabilities) bool {
	return caps.Supports(b.op) && (!b.card || caps.CardPayments) && (b.needs == nil || b.needs(caps))
}

var readBase = base{
	name: "status_succeeded",
	op:   payments.OpPaymentStatus,
	call: func(e *env, c *payments.Client, ctx context.Context) error {
		_, err := c.PaymentStatus(ctx, "1002")
		return err
	},
}

// moneyBases are the money-moving scenarios, in order of preference.
var moneyBases = []base{
	{name: "init_redirect", op: payments.OpInitPayment, call: func(e *env, c *payments.Client, ctx context.Context) error {
		_, err := c.InitPayment(ctx, e.initReq("1001"))
		return err
	}},
	{name: "init_card", op: payments.OpInitPayment, card: true, call: func(e *env, c *payments.Client, ctx context.Context) error {
		r := e.initReq("1010")
		r.Card = testCard()
		_, err := c.InitPayment(ctx, r)
		return err
	}},
	{name: "refund_full", op: payments.OpRefund, call: func(e *env, c *payments.Client, ctx context.Context) error {
		_, err := c.Refund(ctx, &payments.RefundRequest{OrderID: "1002", Reference: "r-1"})
		return err
	}},
	{name: "withdraw", op: payments.OpWithdraw, call: func(e *env, c *payments.Client, ctx context.Context) error {
		_, err := c.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "2001", Amount: e.money("50.00"), Card: &payments.Card{Number: TestCard}})
		return err
	}},
}

// readFixture loads the read base's fixture, failing the scenario when it
// is missing or makes no request: a status lookup must ask the provider.
func (e *env) readFixture() (*Fixture, bool) {
	fx, err := LoadFixture(e.h.FixtureDir, readBase.name)
	if err != nil {
		e.t.Fatal(err)
	}
	if fx == nil || len(fx.Exchanges) == 0 {
		e.failf("fixture %s.json is missing or makes no request: a status lookup must ask the provider", readBase.name)
		return nil, false
	}
	return fx, true
}

// moneyFixtures returns the money-moving scenarios that the provider
// declares and whose fixtures make at least one request, each with its
// fixture.
func (e *env) moneyFixtures() []moneyFixture {
	var out []moneyFixture
	for _, b := range slices.Concat(moneyBases, lifecycleBases) {
		if !b.applies(e.caps) {
			continue
		}
		fx, err := LoadFixture(e.h.FixtureDir, b.name)
		if err != nil {
			e.t.Fatal(err)
		}
		if fx != nil && len(fx.Exchanges) > 0 {
			out = append(out, moneyFixture{base: b, fx: fx})
		}
	}
	return out
}

// moneyFixture is a money-moving scenario with its recorded fixture.
type moneyFixture struct {
	base
	fx *Fixture
}

// replayWith runs b over its fixture through a fresh provider and client,
// with the replayer prepared by setup, and returns the error and replayer.
func (e *env) replayWith(b base, fx *Fixture, setup func(r *replayer, cancel context.CancelFunc)) (*replayer, error) {
	r := newReplayer(e.h.Name, fx)
	ctx, cancel := context.WithCancel(e.ctx())
	defer cancel()
	setup(r, cancel)
	c := suiteClient(e.t, e.h.NewProvider(e.t, r.Transport()))
	sub := *e
	sub.deliveries = fx.Webhooks
	err := b.call(&sub, c, ctx)
	for _, p := range r.finish() {
		e.failf("replay: %s", p)
	}
	return r, err
}

func faultScenarios() []Scenario {
	var out []Scenario
	for _, k := range allFaults {
		wantRead := k.kindFor(readBase.op)
		retryable := wantRead == payments.ErrUnavailable
		out = append(out, Scenario{
			Name:  "fault_read_" + string(k),
			Rule:  "a status lookup where " + k.describe() + " fails with " + wantRead.Error() + faultRetryRule(retryable),
			Op:    payments.OpPaymentStatus,
			local: true,
			run: func(e *env) {
				fx, ok := e.readFixture()
				if !ok {
					return
				}
				r, err := e.replayWith(readBase, fx, func(r *replayer, _ context.CancelFunc) {
					r.fault = &fault{kind: k, at: 0}
				})
				e.expectOneOf(err, []error{wantRead})
				want := 1
				if retryable {
					want = retryAttempts
				}
				if r.hits != want {
					e.failf("the faulted request was sent %d times, want %d", r.hits, want)
				}
			},
		})
		wantMoney := k.kindFor(payments.OpInitPayment)
		out = append(out, Scenario{
			Name: "fault_money_" + string(k),
			Rule: "an operation that moves money where, in any of its exchanges, " + k.describe() +
				" stops there: a fault in the exchange that moves money fails with " + wantMoney.Error() +
				" and is sent exactly once, a fault in a read step before it fails as a read",
			local: true,
			run: func(e *env) {
				bases := e.moneyFixtures()
				if len(bases) == 0 {
					e.t.Skip("no money-moving scenario of this provider makes an HTTP request (payment links are computed locally)")
				}
				for _, mf := range bases {
					for at := range mf.fx.Exchanges {
						name := fmt.Sprintf("%s_exchange_%d_of_%d", mf.name, at+1, len(mf.fx.Exchanges))
						e.t.Run(name, func(t *testing.T) {
							sub := *e
							sub.t = t
							sub.faultExchange(mf, k, at)
						})
					}
				}
			},
		})
	}
	out = append(out,
		Scenario{
			Name:  "context_canceled_in_flight_read",
			Rule:  "a status lookup whose context is canceled while in flight returns an error wrapping context.Canceled",
			local: true,
			run: func(e *env) {
				fx, ok := e.readFixture()
				if !ok {
					return
				}
				_, err := e.replayWith(readBase, fx, func(r *replayer, cancel context.CancelFunc) {
					r.fault = &fault{kind: faultTimeout, at: 0}
					r.cancelInFlight(cancel)
				})
				if !errors.Is(err, context.Canceled) {
					e.failf("got %v, want an error wrapping context.Canceled", err)
				}
			},
		},
		Scenario{
			Name:  "context_canceled_in_flight_money",
			Rule:  "an operation that moves money whose context is canceled in flight is ErrOutcomeUnknown (it may have happened) and wraps context.Canceled",
			local: true,
			run: func(e *env) {
				bases := e.moneyFixtures()
				if len(bases) == 0 {
					e.t.Skip("no money-moving scenario of this provider makes an HTTP request")
				}
				for _, mf := range bases {
					at := e.movingExchange(mf)
					_, err := e.replayWith(mf.base, mf.fx, func(r *replayer, cancel context.CancelFunc) {
						r.fault = &fault{kind: faultTimeout, at: at}
						r.cancelInFlight(cancel)
					})
					e.expectKind(err, payments.ErrOutcomeUnknown)
					if !errors.Is(err, context.Canceled) {
						e.failf("%s: got %v, want it to wrap context.Canceled too", mf.name, err)
					}
				}
			},
		},
	)
	return out
}

func faultRetryRule(retryable bool) string {
	if retryable {
		return ", after the Client retried it"
	}
	return ", without a retry"
}
