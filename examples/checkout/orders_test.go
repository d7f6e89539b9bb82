package main

import (
	"testing"
	"time"

	"github.com/paykit/payments"
)

// TestMarkFailedTwice: a cancelled hold is reported twice, by the webhook
// and by the order page's status lookup, in either order; the second report
// must leave the order cancelled (it used to turn it into "failed", which
// made the T-Bank hold test time out under load).
func TestMarkFailedTwice(t *testing.T) {
	t.Parallel()
	s := newOrderStore(1)
	o := s.create(product{ID: "bike", Hold: true, Price: payments.MustParseMoney("12000.00", payments.RUB)}, time.Now())
	s.markAuthorized(o.ID, viaLookup, "")
	if got, _ := s.markFailed(o.ID, viaLookup, "", payments.StatusCanceled, "canceled"); got.State != stateCancelled {
		t.Fatalf("first report: state %q, want %q", got.State, stateCancelled)
	}
	if got, _ := s.markFailed(o.ID, viaLookup, "", payments.StatusCanceled, "canceled"); got.State != stateCancelled {
		t.Errorf("second report: state %q, want %q", got.State, stateCancelled)
	}
}
