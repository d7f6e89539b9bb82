package conformance_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
)

// Providers wrong about the payment methods they declare, built on the
// fake's HTTP provider like those of brokenproviders_test.go. The fake
// declares card, sbp and sberpay.
const (
	ignoresMethod      providerBug = "ignores the payment method it declares"
	noMethodStep       providerBug = "gives a payment with a method no next step"
	relativeMethodStep providerBug = "sends the buyer of a payment with a method to a relative URL"
	refusesMethod      providerBug = "refuses a payment method it declares"
	losesMethodPayment providerBug = "does not find a payment with a method by its order id"
)

// recordedMethodBugs run recorded against a live fake (see
// TestBrokenChild), so that their fixtures match what they send: only the
// scenario's own checks can catch them, not the strict replay.
var recordedMethodBugs = map[providerBug]bool{ignoresMethod: true, losesMethodPayment: true}

// methodOrders holds the order ids the provider of losesMethodPayment
// started with a method (each bug runs in a process of its own).
var methodOrders sync.Map

// lost reports whether the provider of losesMethodPayment answers a lookup
// of q with ErrNotFound.
func (b *broken) lost(q payments.PaymentQuery) bool {
	_, ok := methodOrders.Load(q.OrderID)
	return b.bug == losesMethodPayment && ok
}

// methodScenarios are the scenarios of the fake's declared methods.
var methodScenarios = []string{"payment_method_card", "payment_method_sberpay", "payment_method_sbp"}

// methodBug is InitPayment of b for the payment-method bugs; done reports
// whether it answered.
func (b *broken) methodBug(ctx context.Context, req *payments.InitRequest) (p *payments.Payment, err error, done bool) {
	if req.PaymentMethod == "" {
		return nil, nil, false
	}
	switch b.bug {
	case ignoresMethod:
		r := *req
		r.PaymentMethod = ""
		p, err = b.HTTPProvider.InitPayment(ctx, &r)
	case noMethodStep:
		if p, err = b.HTTPProvider.InitPayment(ctx, req); err == nil {
			p.NextStep = payments.NextStep{}
		}
	case relativeMethodStep:
		if p, err = b.HTTPProvider.InitPayment(ctx, req); err == nil {
			p.NextStep.URL = "/pay/" + p.ID
		}
	case losesMethodPayment:
		methodOrders.Store(req.OrderID, true)
		return nil, nil, false
	case refusesMethod:
		err = payments.NewError(errors.ErrUnsupported, "unsupported_payment_method", "payment method "+string(req.PaymentMethod)+" is not offered")
	default:
		return nil, nil, false
	}
	return p, err, true
}

// Each payment-method bug fails exactly the payment_method_ scenarios of
// the methods it affects, which the healthy fake passes.
func TestSuiteCatchesBrokenPaymentMethods(t *testing.T) {
	t.Parallel()
	for _, bug := range []providerBug{ignoresMethod, noMethodStep, relativeMethodStep, refusesMethod, losesMethodPayment} {
		t.Run(string(bug), func(t *testing.T) {
			t.Parallel()
			out, _ := runBroken(t, bug)
			if diff := cmp.Diff(methodScenarios, failedScenarios(out, "TestBrokenChild")); diff != "" {
				t.Errorf("scenarios failed by a provider that %s (-want +got):\n%s\n%s", bug, diff, out)
			}
			healthy := healthyRun(t)
			for _, sc := range methodScenarios {
				if !strings.Contains(healthy, "--- PASS: TestBrokenChild/"+sc+" ") {
					t.Errorf("the healthy fake does not pass %s", sc)
				}
			}
		})
	}
}
