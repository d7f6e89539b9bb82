package payments_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
)

// The Client checks the provider's answers to lifecycle operations.
func TestClientLifecycleAnswers(t *testing.T) {
	t.Parallel()
	pay := func(order string, st payments.Status, amount string) func(*stub) {
		p := &payments.Payment{OrderID: order, Status: st}
		if amount != "" {
			p.Amount = rub(amount)
		}
		return func(s *stub) {
			s.captureFn = func(context.Context, *payments.CaptureRequest) (*payments.Payment, error) { return p, nil }
			s.cancelFn = func(context.Context, *payments.CancelRequest) (*payments.Payment, error) { return p, nil }
			s.chargeFn = func(context.Context, *payments.ChargeRequest) (*payments.Payment, error) { return p, nil }
		}
	}
	fiscal := func(r *payments.FiscalReceipt) func(*stub) {
		return func(s *stub) {
			s.sendReceiptFn = func(context.Context, *payments.ReceiptRequest) (*payments.FiscalReceipt, error) { return r, nil }
			s.receiptStatusFn = func(context.Context, payments.ReceiptQuery) (*payments.FiscalReceipt, error) { return r, nil }
		}
	}
	tests := []struct {
		name string
		op   payments.Operation
		set  func(*stub)
		kind error // nil: success
	}{
		{"capture answered for another order", payments.OpCapture, pay("9999", payments.StatusSucceeded, ""), payments.ErrAmountMismatch},
		{"capture still authorized", payments.OpCapture, pay("1001", payments.StatusAuthorized, ""), payments.ErrProtocol},
		{"capture of another amount", payments.OpCapture, pay("1001", payments.StatusSucceeded, "9.00"), payments.ErrAmountMismatch},
		{"capture accepted, processing", payments.OpCapture, pay("1001", payments.StatusProcessing, ""), nil},
		{"capture with an unknown status", payments.OpCapture, pay("1001", "held", ""), payments.ErrProtocol},
		{"capture answered with nothing", payments.OpCapture, func(s *stub) {
			s.captureFn = func(context.Context, *payments.CaptureRequest) (*payments.Payment, error) { return nil, nil }
		}, payments.ErrProtocol},
		{"cancel answered succeeded", payments.OpCancel, pay("1001", payments.StatusSucceeded, ""), payments.ErrProtocol},
		{"cancel answered canceled", payments.OpCancel, pay("1001", payments.StatusCanceled, ""), nil},
		{"cancel answered for another order", payments.OpCancel, pay("1002", payments.StatusCanceled, ""), payments.ErrAmountMismatch},
		{"charge answered for the parent", payments.OpCharge, pay("1001", payments.StatusSucceeded, "10.00"), payments.ErrAmountMismatch},
		{"charge of another amount", payments.OpCharge, pay("1003", payments.StatusSucceeded, "100.00"), payments.ErrAmountMismatch},
		{"charge accepted, pending", payments.OpCharge, pay("1003", payments.StatusPending, "10.00"), nil},
		{"charge held", payments.OpCharge, pay("1003", payments.StatusAuthorized, "10.00"), nil},
		{"charge refunded at once", payments.OpCharge, pay("1003", payments.StatusRefunded, "10.00"), payments.ErrProtocol},
		{"charge failed is a decline", payments.OpCharge, pay("1003", payments.StatusFailed, "10.00"), payments.ErrDeclined},
		{"receipt with an unknown status", payments.OpSendReceipt, fiscal(&payments.FiscalReceipt{ID: "5001", Status: "done"}), payments.ErrProtocol},
		{"receipt for another id", payments.OpSendReceipt, fiscal(&payments.FiscalReceipt{ID: "5002", Status: payments.FiscalPending}), payments.ErrAmountMismatch},
		{"receipt of another order", payments.OpReceiptStatus, fiscal(&payments.FiscalReceipt{OrderID: "1002", Status: payments.FiscalPending}), payments.ErrAmountMismatch},
		{"receipt answered with nothing", payments.OpReceiptStatus, fiscal(nil), payments.ErrProtocol},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			tt.set(s)
			err := optionalCall(tt.op)(context.Background(), newClient(t, s, nil))
			if tt.kind == nil {
				if err != nil {
					t.Fatalf("%s: %v", tt.op, err)
				}
				return
			}
			wantErr(t, err, tt.kind, tt.op)
		})
	}
}

// A declined charge keeps the provider's code and message; answers
// without ids get the request's.
func TestClientLifecycleFillsIn(t *testing.T) {
	t.Parallel()
	s := newStub()
	s.chargeFn = func(context.Context, *payments.ChargeRequest) (*payments.Payment, error) {
		return &payments.Payment{Status: payments.StatusFailed, ErrorCode: "51", ErrorMessage: "insufficient funds on the card"}, nil
	}
	c := newClient(t, s, nil)
	_, err := c.Charge(context.Background(), validCharge())
	pe := wantErr(t, err, payments.ErrDeclined, payments.OpCharge)
	if pe.Code != "51" || pe.Message != "insufficient funds on the card" {
		t.Errorf("decline Code %q, Message %q", pe.Code, pe.Message)
	}

	s.captureFn = func(context.Context, *payments.CaptureRequest) (*payments.Payment, error) {
		return &payments.Payment{Status: payments.StatusSucceeded}, nil
	}
	p, err := c.Capture(context.Background(), validCapture())
	if err != nil || p.OrderID != "1001" {
		t.Errorf("Capture = %+v, %v; want the order id filled in", p, err)
	}
	s.sendReceiptFn = func(context.Context, *payments.ReceiptRequest) (*payments.FiscalReceipt, error) {
		return &payments.FiscalReceipt{Status: payments.FiscalPending}, nil
	}
	r, err := c.SendReceipt(context.Background(), validReceipt())
	if err != nil {
		t.Fatal(err)
	}
	want := &payments.FiscalReceipt{ID: "5001", OrderID: "1001", Status: payments.FiscalPending}
	if diff := cmp.Diff(want, r); diff != "" {
		t.Errorf("SendReceipt (-want +got):\n%s", diff)
	}
}

// The default advice after an unknown outcome of a lifecycle operation
// names the lookup that can tell, never a resend.
func TestClientLifecycleAdvice(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		op      payments.Operation
		byPayID bool // the provider looks payments up only by payment id
		want    []string
	}{
		{"capture", payments.OpCapture, false, []string{"do not capture again blindly", "order id with PaymentStatus", "authorized means it was not captured"}},
		{"capture, payment id lookups", payments.OpCapture, true, []string{"LookupPayment(ctx, PaymentQuery{PaymentID})"}},
		{"cancel", payments.OpCancel, false, []string{"do not cancel or capture blindly", "order id with PaymentStatus"}},
		{"cancel, payment id lookups", payments.OpCancel, true, []string{"LookupPayment(ctx, PaymentQuery{PaymentID})"}},
		{"charge", payments.OpCharge, false, []string{"not under a new order id", "its own order id (ChargeRequest.OrderID) with PaymentStatus"}},
		{"charge, payment id lookups", payments.OpCharge, true, []string{"cannot look a payment up by order id"}},
		{"send receipt", payments.OpSendReceipt, false, []string{"do not send it again blindly", "ReceiptStatus(ctx, ReceiptQuery{ReceiptID, OrderID})"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			if tt.byPayID {
				s.caps.LookupByOrderID = false
			}
			for _, o := range moneyOps {
				if o.op == tt.op {
					o.set(s, errors.New("connection reset"))
				}
			}
			err := optionalCall(tt.op)(context.Background(), newClient(t, s, nil))
			pe := wantErr(t, err, payments.ErrOutcomeUnknown, tt.op)
			for _, w := range tt.want {
				if !strings.Contains(pe.Advice, w) {
					t.Errorf("Advice %q does not say %q", pe.Advice, w)
				}
			}
			if tt.byPayID && strings.Contains(pe.Advice, "order id with PaymentStatus") {
				t.Errorf("Advice %q names a lookup by order id the provider cannot make", pe.Advice)
			}
			if strings.Contains(strings.ToLower(pe.Advice), "safe") {
				t.Errorf("Advice %q calls something safe", pe.Advice)
			}
		})
	}
}

// ReceiptStatus is a read and is retried; SendReceipt is sent once (it is
// in moneyOps, whose tests check that), and a context error in flight is
// an unknown outcome for it.
func TestClientReceiptRetries(t *testing.T) {
	t.Parallel()
	s := newStub()
	n := 0
	s.receiptStatusFn = func(_ context.Context, q payments.ReceiptQuery) (*payments.FiscalReceipt, error) {
		if n++; n < 3 {
			return nil, payments.NewError(payments.ErrUnavailable, "", "busy")
		}
		return &payments.FiscalReceipt{ID: q.ReceiptID, Status: payments.FiscalRegistered}, nil
	}
	c := newClient(t, s, &payments.Options{Retry: payments.RetryPolicy{MaxAttempts: 3}})
	if err := callReceiptStatus(context.Background(), c); err != nil {
		t.Fatalf("ReceiptStatus after two unavailable answers: %v", err)
	}
	if got := s.Calls(payments.OpReceiptStatus); got != 3 {
		t.Errorf("ReceiptStatus called %d times, want 3", got)
	}
}
