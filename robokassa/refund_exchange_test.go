package robokassa

import (
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// exchangeTimeout is a read deadline that passed after the request was
// sent.
type exchangeTimeout struct{}

func (exchangeTimeout) Error() string   { return "i/o timeout" }
func (exchangeTimeout) Timeout() bool   { return true }
func (exchangeTimeout) Temporary() bool { return true }

// A refund's steps, by path suffix.
const (
	stepOpState  = "OpStateExt"
	stepCreate   = "Refund/Create"
	stepGetState = "Refund/GetState"
)

// refundSteps answers a refund's three steps, with fault replacing the
// answer of the step it names; it records each step sent and what the
// provider declared for it.
type refundSteps struct {
	fault map[string]func() (*http.Response, error)

	mu       sync.Mutex
	sent     []string
	declared map[string]providerkit.Exchange
}

func (s *refundSteps) transport() http.RoundTripper {
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		step := ""
		for _, st := range []string{stepOpState, stepCreate, stepGetState} {
			if strings.HasSuffix(r.URL.Path, st) {
				step = st
			}
		}
		s.mu.Lock()
		s.sent = append(s.sent, step)
		if ex, ok := providerkit.ExchangeOf(r); ok {
			s.declared[step] = ex
		}
		s.mu.Unlock()
		if f := s.fault[step]; f != nil {
			return f()
		}
		switch step {
		case stepOpState:
			return textResponse(200, opStatePaid), nil
		case stepCreate:
			return textResponse(200, `{"success":true,"message":null,"requestId":"r1"}`), nil
		case stepGetState:
			return textResponse(200, `{"requestId":"r1","amount":10.000000,"label":"finished"}`), nil
		}
		return textResponse(404, ""), nil
	})
}

func refundWith(t *testing.T, fault map[string]func() (*http.Response, error), amount *payments.Money) (*refundSteps, *payments.Refund, error) {
	t.Helper()
	s := &refundSteps{fault: fault, declared: map[string]providerkit.Exchange{}}
	c, err := payments.New(newProvider(t, s.transport(), nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Refund(t.Context(), &payments.RefundRequest{OrderID: "1002", Reference: "r-1", Amount: amount})
	return s, r, err
}

func status503() (*http.Response, error) { return textResponse(503, "Service Unavailable"), nil }

func timeoutAfterSend() (*http.Response, error) {
	return nil, &net.OpError{Op: "read", Net: "tcp", Err: exchangeTimeout{}}
}

// The OpStateExt lookup that a refund makes first is a read: a fault there
// means nothing was refunded (ErrUnavailable, never ErrOutcomeUnknown) and
// Refund/Create is never sent. A fault in Refund/Create itself may have
// moved money: ErrOutcomeUnknown with RefundAdvice.
func TestRefundFaultsByExchange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault map[string]func() (*http.Response, error)
		kind  error
		sent  []string
	}{
		{"503 on OpStateExt", map[string]func() (*http.Response, error){stepOpState: status503}, payments.ErrUnavailable, []string{stepOpState}},
		{"timeout on OpStateExt", map[string]func() (*http.Response, error){stepOpState: timeoutAfterSend}, payments.ErrUnavailable, []string{stepOpState}},
		{"503 on Refund/Create", map[string]func() (*http.Response, error){stepCreate: status503}, payments.ErrOutcomeUnknown, []string{stepOpState, stepCreate}},
		{"timeout on Refund/Create", map[string]func() (*http.Response, error){stepCreate: timeoutAfterSend}, payments.ErrOutcomeUnknown, []string{stepOpState, stepCreate}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			four := rub("4.00")
			s, r, err := refundWith(t, tt.fault, &four)
			var pe *payments.Error
			if r != nil || !errors.Is(err, tt.kind) || !errors.As(err, &pe) || pe.Op != payments.OpRefund || pe.Provider != Name {
				t.Fatalf("Refund = %+v, %v; want a %v error of robokassa's refund", r, err, tt.kind)
			}
			if tt.kind == payments.ErrUnavailable && errors.Is(err, payments.ErrOutcomeUnknown) {
				t.Errorf("a fault in the OpStateExt read is %v, also an unknown outcome", err)
			}
			if tt.kind == payments.ErrOutcomeUnknown && pe.Advice != RefundAdvice {
				t.Errorf("Advice = %q, want RefundAdvice", pe.Advice)
			}
			if diff := cmp.Diff(tt.sent, s.sent); diff != "" {
				t.Errorf("steps sent (-want +got):\n%s", diff)
			}
		})
	}
}

// Each step of a refund declares what it is: OpStateExt and Refund/GetState
// are reads, Refund/Create may move money; all three belong to the refund.
func TestRefundExchangesDeclared(t *testing.T) {
	t.Parallel()
	s, _, err := refundWith(t, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]providerkit.Exchange{
		stepOpState:  providerkit.Read(payments.OpRefund),
		stepCreate:   providerkit.Moving(payments.OpRefund),
		stepGetState: providerkit.Read(payments.OpRefund),
	}
	if diff := cmp.Diff(want, s.declared); diff != "" {
		t.Errorf("declared exchanges (-want +got):\n%s", diff)
	}
}

// A full refund reads Refund/GetState once after Refund/Create for the
// amount (Create's answer has none) and the refund's state. The refund is
// made whatever that read answers: a failed read, or an answer about
// another refund, leaves Amount zero and the status processing, never an
// error. A partial refund knows its amount and sends no GetState.
func TestFullRefundReadsGetState(t *testing.T) {
	t.Parallel()
	made := func(amount payments.Money, status payments.Status, label string) *payments.Refund {
		r := &payments.Refund{ID: "r1", OrderID: "1002", Amount: amount, Status: status, Reference: "r-1",
			Raw: map[string]string{"requestId": "r1", "InvId": "1002"}}
		if label != "" {
			r.Raw["label"] = label
		}
		return r
	}
	answer := func(status int, body string) func() (*http.Response, error) {
		return func() (*http.Response, error) { return textResponse(status, body), nil }
	}
	all := []string{stepOpState, stepCreate, stepGetState}
	four := rub("4.00")
	tests := []struct {
		name   string
		amount *payments.Money
		fault  func() (*http.Response, error)
		want   *payments.Refund
		sent   []string
	}{
		{"finished", nil, nil, made(rub("10.00"), payments.StatusSucceeded, "finished"), all},
		{"processing", nil, answer(200, `{"requestId":"r1","amount":10,"label":"processing"}`), made(rub("10.00"), payments.StatusProcessing, "processing"), all},
		{"no amount yet", nil, answer(200, `{"requestId":"r1","label":"processing"}`), made(payments.Money{}, payments.StatusProcessing, "processing"), all},
		{"unknown label", nil, answer(200, `{"requestId":"r1","amount":10,"label":"new"}`), made(rub("10.00"), payments.StatusProcessing, "new"), all},
		{"503", nil, status503, made(payments.Money{}, payments.StatusProcessing, ""), all},
		{"timeout", nil, timeoutAfterSend, made(payments.Money{}, payments.StatusProcessing, ""), all},
		{"malformed", nil, answer(200, `<html>`), made(payments.Money{}, payments.StatusProcessing, ""), all},
		{"not found", nil, answer(200, `{"message":"Id is invalid or request id does not exist"}`), made(payments.Money{}, payments.StatusProcessing, ""), all},
		{"another refund", nil, answer(200, `{"requestId":"r2","amount":10,"label":"finished"}`), made(payments.Money{}, payments.StatusProcessing, ""), all},
		{"partial sends no GetState", &four, nil, made(four, payments.StatusProcessing, ""), []string{stepOpState, stepCreate}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var fault map[string]func() (*http.Response, error)
			if tt.fault != nil {
				fault = map[string]func() (*http.Response, error){stepGetState: tt.fault}
			}
			s, got, err := refundWith(t, fault, tt.amount)
			if err != nil {
				t.Fatalf("Refund: %v; the refund was made", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("refund (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.sent, s.sent); diff != "" {
				t.Errorf("steps sent (-want +got):\n%s", diff)
			}
		})
	}
}
