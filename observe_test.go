package payments_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
)

// observed is what a recorder keeps of one operation or delivery.
type observed struct {
	Op          payments.Operation
	Provider    string
	OrderID     string
	Outcome     string
	Status      int
	Verified    bool
	EventType   payments.EventType
	EventStatus payments.Status
	ErrorKind   string
}

// obsKey marks the context a recorder's Start returned.
type obsKey struct{}

// recorder is an Observer that records what it is told and checks that
// each End gets the context its Start returned.
type recorder struct {
	mu        sync.Mutex
	started   int
	ended     []observed
	wrongCtx  int
	negatives int
	errs      []error
}

func (r *recorder) StartOperation(ctx context.Context, op payments.OperationInfo) context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.started++
	if op.OrderID != "" {
		r.wrongCtx++ // the order id is told at the end only
	}
	return context.WithValue(ctx, obsKey{}, op.Op)
}

func (r *recorder) EndOperation(ctx context.Context, op payments.OperationInfo, res payments.OperationResult) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ctx.Value(obsKey{}) != op.Op {
		r.wrongCtx++
	}
	if res.Duration < 0 {
		r.negatives++
	}
	r.errs = append(r.errs, res.Err)
	r.ended = append(r.ended, observed{Op: op.Op, Provider: op.Provider, OrderID: op.OrderID, Outcome: res.Outcome})
}

func (r *recorder) StartDelivery(ctx context.Context, d payments.DeliveryInfo) context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.started++
	if d.Verified || d.Method != http.MethodPost {
		r.wrongCtx++
	}
	return context.WithValue(ctx, obsKey{}, payments.OpVerifyWebhook)
}

func (r *recorder) EndDelivery(ctx context.Context, d payments.DeliveryInfo, res payments.DeliveryResult) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ctx.Value(obsKey{}) != payments.OpVerifyWebhook {
		r.wrongCtx++
	}
	if res.Duration < 0 {
		r.negatives++
	}
	r.errs = append(r.errs, res.Err)
	r.ended = append(r.ended, observed{
		Provider: d.Provider, OrderID: d.OrderID, Outcome: res.Outcome, Status: res.StatusCode, Verified: d.Verified,
		EventType: d.EventType, EventStatus: d.EventStatus, ErrorKind: res.ErrorKind,
	})
}

// check reports a Start without its End, an End without the context its
// Start returned, and a negative duration.
func (r *recorder) check(t *testing.T) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.started != len(r.ended) || r.wrongCtx != 0 || r.negatives != 0 {
		t.Errorf("observer: %d started, %d ended, %d with a wrong context or early order id, %d negative durations",
			r.started, len(r.ended), r.wrongCtx, r.negatives)
	}
}

func (r *recorder) got() []observed {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]observed(nil), r.ended...)
}

// declined is a provider's decline.
var declined = payments.NewError(payments.ErrDeclined, "51", "insufficient funds on the card")

func TestObserverOperations(t *testing.T) {
	t.Parallel()
	ok := func(op payments.Operation, order string) observed {
		return observed{Op: op, Provider: "stub", OrderID: order, Outcome: payments.OutcomeOK}
	}
	tests := []struct {
		name  string
		setup func(s *stub)
		call  func(ctx context.Context, c *payments.Client) error
		want  observed
	}{
		{"init_payment", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.InitPayment(ctx, validInit())
			return err
		}, ok(payments.OpInitPayment, "1001")},
		{"payment_status", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.PaymentStatus(ctx, "1001")
			return err
		}, ok(payments.OpPaymentStatus, "1001")},
		{"refund", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.Refund(ctx, &payments.RefundRequest{OrderID: "1002", Reference: "r-1"})
			return err
		}, ok(payments.OpRefund, "1002")},
		{"refund_status", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.RefundStatus(ctx, "r-1")
			return err
		}, ok(payments.OpRefundStatus, "")},
		{"balance", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.Balance(ctx, payments.RUB)
			return err
		}, ok(payments.OpBalance, "")},
		{"withdraw", nil, func(ctx context.Context, c *payments.Client) error {
			card := testCard()
			_, err := c.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "2001", Amount: rub("50"), Card: &card})
			return err
		}, ok(payments.OpWithdraw, "2001")},
		{"withdrawal_status", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.WithdrawalStatus(ctx, payments.WithdrawalQuery{OrderID: "2001"})
			return err
		}, ok(payments.OpWithdrawalStatus, "2001")},
		{"capture", nil, callCapture, ok(payments.OpCapture, "1001")},
		{"cancel", nil, callCancel, ok(payments.OpCancel, "1001")},
		{"charge", nil, callCharge, ok(payments.OpCharge, "1003")},
		{"send_receipt", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.SendReceipt(ctx, validReceipt())
			return err
		}, ok(payments.OpSendReceipt, "1001")},
		{"receipt_status", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.ReceiptStatus(ctx, payments.ReceiptQuery{ReceiptID: "5001", OrderID: "1001"})
			return err
		}, ok(payments.OpReceiptStatus, "1001")},
		{"verify_webhook", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.VerifyWebhook(ctx, hookRequest(goodHook))
			return err
		}, ok(payments.OpVerifyWebhook, "1001")},
		{
			"declined",
			func(s *stub) {
				s.initFn = func(context.Context, *payments.InitRequest) (*payments.Payment, error) { return nil, declined }
			},
			func(ctx context.Context, c *payments.Client) error {
				_, err := c.InitPayment(ctx, validInit())
				return err
			},
			observed{Op: payments.OpInitPayment, Provider: "stub", OrderID: "1001", Outcome: "declined"},
		},
		{
			"outcome unknown",
			func(s *stub) {
				s.initFn = func(context.Context, *payments.InitRequest) (*payments.Payment, error) {
					return nil, errors.New("connection reset after the request was sent")
				}
			},
			func(ctx context.Context, c *payments.Client) error {
				_, err := c.InitPayment(ctx, validInit())
				return err
			},
			observed{Op: payments.OpInitPayment, Provider: "stub", OrderID: "1001", Outcome: "outcome_unknown"},
		},
		{"invalid request has no order id", nil, func(ctx context.Context, c *payments.Client) error {
			req := validInit()
			req.OrderID = "bad\norder"
			_, err := c.InitPayment(ctx, req)
			return err
		}, observed{Op: payments.OpInitPayment, Provider: "stub", Outcome: "invalid_request"}},
		{"invalid query has no order id", nil, func(ctx context.Context, c *payments.Client) error {
			// Logged for a refused query too (attrsWhenInvalid), but an
			// Observer is told only the order id of a valid request.
			_, err := c.WithdrawalStatus(ctx, payments.WithdrawalQuery{ID: "p-1", OrderID: "bad\norder"})
			return err
		}, observed{Op: payments.OpWithdrawalStatus, Provider: "stub", Outcome: "invalid_request"}},
		{"unsupported", func(s *stub) {
			s.caps.Operations = []payments.Operation{payments.OpInitPayment, payments.OpPaymentStatus}
		},
			callCapture, observed{Op: payments.OpCapture, Provider: "stub", Outcome: "unsupported"}},
		{"canceled before a money-moving call", nil, func(ctx context.Context, c *payments.Client) error {
			ctx, cancel := context.WithCancel(ctx)
			cancel()
			_, err := c.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "2001", Amount: rub("50"), Card: ptr(testCard())})
			return err
		}, observed{Op: payments.OpWithdraw, Provider: "stub", OrderID: "2001", Outcome: "canceled"}},
		{"forged webhook has no order id", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.VerifyWebhook(ctx, hookRequest("id=evt-1&order=1001&amount=10.00&sig=forged"))
			return err
		}, observed{Op: payments.OpVerifyWebhook, Provider: "stub", Outcome: "invalid_signature"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			if tt.setup != nil {
				tt.setup(s)
			}
			// The provider is called with the context the Observer's
			// StartOperation returned.
			var rec recorder
			c := newClient(t, providerCtxCheck{s, t}, &payments.Options{Observer: &rec})
			err := tt.call(context.Background(), c)
			if diff := cmp.Diff([]observed{tt.want}, rec.got()); diff != "" {
				t.Errorf("observed (-want +got):\n%s", diff)
			}
			rec.check(t)
			if len(rec.errs) == 1 && rec.errs[0] != err {
				t.Errorf("observer got error %v, the caller %v", rec.errs[0], err)
			}
		})
	}
}

// hookRequest is a webhook delivery of body.
func hookRequest(body string) *http.Request {
	r, _ := http.NewRequest(http.MethodPost, "/webhooks", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

// providerCtxCheck is the stub behind a Client, failing the test when an
// operation reaches it without the Observer's context.
type providerCtxCheck struct {
	*stub
	t *testing.T
}

func (p providerCtxCheck) InitPayment(ctx context.Context, req *payments.InitRequest) (*payments.Payment, error) {
	if ctx.Value(obsKey{}) != payments.OpInitPayment {
		p.t.Error("InitPayment reached the provider without the Observer's context")
	}
	return p.stub.InitPayment(ctx, req)
}

func TestErrorKind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"sentinel", payments.ErrOutcomeUnknown, "outcome_unknown"},
		{"provider error", declined, "declined"},
		{"wrapped", fmt.Errorf("shop: %w", payments.NewError(payments.ErrRateLimited, "", "")), "rate_limited"},
		{"kind before cause", &payments.Error{Kind: payments.ErrOutcomeUnknown, Err: context.DeadlineExceeded}, "outcome_unknown"},
		{"unsupported", payments.ErrUnsupported, "unsupported"},
		{"canceled", context.Canceled, "canceled"},
		{"deadline", fmt.Errorf("x: %w", context.DeadlineExceeded), "timeout"},
		{"other", errors.New("boom"), "error"},
		{"unclassified *Error", &payments.Error{Message: "?"}, "error"},
	}
	for _, tt := range tests {
		if got := payments.ErrorKind(tt.err); got != tt.want {
			t.Errorf("%s: ErrorKind(%v) = %q, want %q", tt.name, tt.err, got, tt.want)
		}
	}
}
