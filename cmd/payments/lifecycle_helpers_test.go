package main

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
	"github.com/paykit/payments/providerkit"
	"github.com/paykit/payments/providers"
)

// lifecycleNow is the fake's clock in the lifecycle tests, so that a
// hold's expiry is known: HoldPeriod (7 days) later.
var lifecycleNow = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)

// fakeSeq numbers the providers registered by sharedFake.
var fakeSeq atomic.Int64

// sharedFake registers, for the test's duration, a provider of its own
// name that opens the same paymentstest fake on every run of the tool, so
// that state set by one command (a hold, a paid parent) is seen by the
// next, and the test drives the fake between runs. Its one setting is a
// secret (testCSSecret) the tool must never print. Call it after
// t.Parallel: registrations made meanwhile show in help config.
func sharedFake(t *testing.T, opts *paymentstest.Options) (*paymentstest.Fake, *tool) {
	t.Helper()
	if opts == nil {
		opts = &paymentstest.Options{}
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return lifecycleNow }
	}
	fake := paymentstest.New(opts)
	n := fakeSeq.Add(1)
	name := fmt.Sprintf("lifecycle%d", n)
	env := fmt.Sprintf("LIFECYCLE%d_API_KEY", n)
	t.Cleanup(providers.Register(providerkit.Registration{
		Name:    name,
		Summary: "a paymentstest fake shared by the runs of one test",
		Fields:  []providerkit.Field{{Key: "api_key", Env: env, Help: "a secret that must never print", Secret: true, Required: true}},
		Open: func(_ context.Context, s providerkit.Settings) (payments.Provider, error) {
			if s.Secret("api_key").Reveal() != testCSSecret {
				return nil, s.Invalid("api_key", "is not the test's", nil)
			}
			return fake, nil
		},
	}))
	return fake, newTool(t, map[string]string{
		"PAYMENTS_PROVIDER":            name,
		env:                            testCSSecret,
		"PAYMENTS_RETRY_INITIAL_DELAY": "1ms",
	})
}

// heldPayment starts a two-step payment of amount under order with the
// tool and has the buyer pay it, so that it is held.
func heldPayment(t *testing.T, fake *paymentstest.Fake, tl *tool, order, amount string) {
	t.Helper()
	r := tl.run("link", "-json", "-order", order, "-amount", amount, "-hold")
	wantCode(t, r, exitOK)
	if p := decode[paymentJSON](t, r); p.Status != string(payments.StatusPending) {
		t.Fatalf("link -hold: %+v", p)
	}
	if err := fake.MarkPaid(order); err != nil {
		t.Fatal(err)
	}
	if p, _ := fake.Payment(order); p.Status != payments.StatusAuthorized {
		t.Fatalf("paid hold %s is %s, want authorized", order, p.Status)
	}
}

// paidPayment starts a payment of amount under order with the tool, with
// the extra link flags, and has the buyer pay it.
func paidPayment(t *testing.T, fake *paymentstest.Fake, tl *tool, order, amount string, flags ...string) {
	t.Helper()
	r := tl.run(append([]string{"link", "-order", order, "-amount", amount}, flags...)...)
	wantCode(t, r, exitOK)
	if err := fake.MarkPaid(order); err != nil {
		t.Fatal(err)
	}
}

// wantError checks that r failed with code and, as JSON, the error kind.
func wantError(t *testing.T, r result, code int, kind string) {
	t.Helper()
	wantCode(t, r, code)
	if e := decode[errorJSON](t, r); e.Error.Kind != kind {
		t.Errorf("error kind %q, want %q: %+v", e.Error.Kind, kind, e.Error)
	}
}

// wantLines fails unless out holds every line of want, in any order.
func wantLines(t *testing.T, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w+"\n") {
			t.Errorf("output lacks the line %q:\n%s", w, out)
		}
	}
}
