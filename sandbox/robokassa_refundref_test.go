package sandbox

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/robokassa"
)

// createCounter counts the Refund/Create requests a robokassa provider
// sends; with lose set it drops the answer of each (the sandbox has acted)
// and reports a read timeout instead, as a connection that timed out after
// the request went out would.
type createCounter struct {
	next    http.RoundTripper
	lose    bool
	creates atomic.Int32
}

func (c *createCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(r.URL.Path, "/Refund/Create") {
		return c.next.RoundTrip(r)
	}
	c.creates.Add(1)
	resp, err := c.next.RoundTrip(r)
	if err != nil || !c.lose {
		return resp, err
	}
	resp.Body.Close()
	return nil, &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}
}

// newRKRefundEnv is an rkEnv whose robokassa provider sends through a
// createCounter.
func newRKRefundEnv(t *testing.T, lose bool) (*rkEnv, *createCounter) {
	t.Helper()
	cc := &createCounter{lose: lose}
	e := newRKEnv(t, rkEnvOptions{cfg: func(cfg *robokassa.Config) {
		client := *cfg.HTTPClient
		cc.next = client.Transport
		if cc.next == nil {
			cc.next = http.DefaultTransport
		}
		client.Transport = cc
		cfg.HTTPClient = &client
	}})
	return e, cc
}

// Robokassa's Refund/Create takes no idempotency key
// (https://docs.robokassa.ru/ru/refund-api), so the Client refuses a
// refund reference it already sent: the second attempt never reaches
// Robokassa and the payment shows one refund.
func TestRobokassaRefundReferenceSentOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e, cc := newRKRefundEnv(t, false)
	e.payRK(31, "10.00", nil)
	four := rubs("4.00")
	req := &payments.RefundRequest{OrderID: "31", Reference: "X", Amount: &four}
	if _, err := e.client.Refund(ctx, req); err != nil {
		t.Fatal(err)
	}
	_, err := e.client.Refund(ctx, req)
	var pe *payments.Error
	if !errors.Is(err, payments.ErrDuplicate) || !errors.As(err, &pe) || !strings.Contains(pe.Message, "already sent") {
		t.Fatalf("the same reference again: %v, want ErrDuplicate saying it was already sent", err)
	}
	if n := cc.creates.Load(); n != 1 {
		t.Errorf("Refund/Create sent %d times, want 1", n)
	}
	if p, _ := e.sb.RobokassaPayment(31); !p.Refunded.Equal(four) {
		t.Errorf("sandbox refunded %v, want one refund of %v", p.Refunded, four)
	}
	// Another reference is another refund.
	if _, err := e.client.Refund(ctx, &payments.RefundRequest{OrderID: "31", Reference: "Y", Amount: &four}); err != nil {
		t.Fatal(err)
	}
	if p, _ := e.sb.RobokassaPayment(31); !p.Refunded.Equal(rubs("8.00")) {
		t.Errorf("sandbox refunded %v, want 8.00 RUB after a second reference", p.Refunded)
	}
}

// After a timeout on Refund/Create (the sandbox refunded, the answer was
// lost) the error is ErrOutcomeUnknown, and a resend with the same
// reference is refused without reaching Robokassa.
func TestRobokassaRefundReferenceAfterTimeout(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e, cc := newRKRefundEnv(t, true)
	e.payRK(32, "10.00", nil)
	four := rubs("4.00")
	req := &payments.RefundRequest{OrderID: "32", Reference: "X", Amount: &four}
	_, err := e.client.Refund(ctx, req)
	var pe *payments.Error
	if !errors.Is(err, payments.ErrOutcomeUnknown) || !errors.As(err, &pe) {
		t.Fatalf("refund with a lost answer: %v, want ErrOutcomeUnknown", err)
	}
	if !strings.Contains(pe.Advice, "same RefundRequest.Reference again (ErrDuplicate)") {
		t.Errorf("Advice %q does not say a resend with the same reference is refused", pe.Advice)
	}
	_, err = e.client.Refund(ctx, req)
	if !errors.Is(err, payments.ErrDuplicate) {
		t.Fatalf("resend after the timeout: %v, want ErrDuplicate", err)
	}
	if n := cc.creates.Load(); n != 1 {
		t.Errorf("Refund/Create sent %d times, want 1", n)
	}
	if p, _ := e.sb.RobokassaPayment(32); !p.Refunded.Equal(four) {
		t.Errorf("sandbox refunded %v, want one refund of %v", p.Refunded, four)
	}
}
