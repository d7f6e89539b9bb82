package conformance_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
)

// Providers wrong about the payment lifecycle, built on the fake's HTTP
// provider like those of brokenproviders_test.go.
const (
	capturesTwice       providerBug = "captures a hold a second time"
	resendsCapture      providerBug = "resends a capture after a timeout"
	declinedChargeOK    providerBug = "reports a declined charge as succeeded"
	capturesWholeHold   providerBug = "captures all of a hold when asked for a part"
	cancelAfterCapture  providerBug = "captures a cancelled hold"
	unknownParentCharge providerBug = "charges an unknown parent as a new payment"
)

// captured remembers, per broken provider, the orders it captured, for
// capturesTwice.
var captured sync.Map // *broken -> *sync.Map of order ids

func (b *broken) Capture(ctx context.Context, req *payments.CaptureRequest) (*payments.Payment, error) {
	p, err := b.HTTPProvider.Capture(ctx, req)
	switch {
	case b.bug == resendsCapture && timedOut(err) && ctx.Err() == nil:
		return b.HTTPProvider.Capture(ctx, req)
	case b.bug == capturesTwice:
		orders, _ := captured.LoadOrStore(b, &sync.Map{})
		if _, again := orders.(*sync.Map).LoadOrStore(req.OrderID, true); again && errors.Is(err, payments.ErrInvalidState) {
			return &payments.Payment{OrderID: req.OrderID, Status: payments.StatusSucceeded}, nil
		}
	case b.bug == capturesWholeHold && err == nil && req.Amount != nil:
		p.Amount = payments.MustParseMoney("10.00", req.Amount.Currency)
	case b.bug == cancelAfterCapture && errors.Is(err, payments.ErrInvalidState) && strings.Contains(err.Error(), "canceled"):
		return &payments.Payment{OrderID: req.OrderID, Status: payments.StatusSucceeded}, nil
	}
	return p, err
}

// timedOut reports whether err is a timeout.
func timedOut(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func (b *broken) Charge(ctx context.Context, req *payments.ChargeRequest) (*payments.Payment, error) {
	p, err := b.HTTPProvider.Charge(ctx, req)
	switch {
	case b.bug == declinedChargeOK && errors.Is(err, payments.ErrDeclined):
		return &payments.Payment{OrderID: req.OrderID, Status: payments.StatusSucceeded, Amount: req.Amount}, nil
	case b.bug == unknownParentCharge && errors.Is(err, payments.ErrNotFound):
		return &payments.Payment{OrderID: req.OrderID, Status: payments.StatusPending, Amount: req.Amount}, nil
	}
	return p, err
}

// The lifecycle scenarios prove their own checks: each broken provider
// fails exactly the scenarios named, which the healthy fake passes.
func TestSuiteCatchesBrokenLifecycle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		bug  providerBug
		want []string
	}{
		{bug: capturesTwice, want: []string{"capture_twice"}},
		{bug: resendsCapture, want: faultMoney("timeout_after_send")},
		{bug: declinedChargeOK, want: []string{"charge_declined"}},
		{bug: capturesWholeHold, want: []string{"hold_capture_partial"}},
		{bug: cancelAfterCapture, want: []string{"capture_after_cancel"}},
		{bug: unknownParentCharge, want: []string{"charge_unknown_parent"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.bug), func(t *testing.T) {
			t.Parallel()
			out, _ := runBroken(t, tt.bug)
			if diff := cmp.Diff(tt.want, failedScenarios(out, "TestBrokenChild")); diff != "" {
				t.Errorf("scenarios failed by a provider that %s (-want +got):\n%s\n%s", tt.bug, diff, out)
			}
			healthy := healthyRun(t)
			for _, sc := range tt.want {
				if !strings.Contains(healthy, "--- PASS: TestBrokenChild/"+sc+" ") {
					t.Errorf("the healthy fake does not pass %s", sc)
				}
			}
		})
	}
}

// A capture resent after a timeout is caught in the capture's own exchange.
func TestSuiteCatchesResentCapture(t *testing.T) {
	t.Parallel()
	out, _ := runBroken(t, resendsCapture)
	const sub = "--- FAIL: TestBrokenChild/fault_money_timeout_after_send/hold_capture_full_exchange_1_of_1 "
	if !strings.Contains(out, sub) {
		t.Errorf("the resent capture was not caught in hold_capture_full's exchange:\n%s", out)
	}
}
