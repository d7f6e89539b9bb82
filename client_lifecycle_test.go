package payments_test

import (
	"context"
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

// Requests of the lifecycle that the Client refuses before the provider
// sees them.
func TestClientLifecycleValidation(t *testing.T) {
	t.Parallel()
	line := func(amount, method string) payments.ReceiptItem {
		return payments.ReceiptItem{Name: "Tea", Quantity: decimal.NewFromInt(1), Amount: rub(amount), Tax: "none", PaymentMethod: method}
	}
	tests := []struct {
		name string
		call func(context.Context, *payments.Client) error
		kind error
	}{
		{"nil capture", func(ctx context.Context, c *payments.Client) error { _, err := c.Capture(ctx, nil); return err }, payments.ErrInvalidRequest},
		{"capture without order id", func(ctx context.Context, c *payments.Client) error {
			_, err := c.Capture(ctx, &payments.CaptureRequest{})
			return err
		}, payments.ErrInvalidRequest},
		{"capture with a control character in the payment id", func(ctx context.Context, c *payments.Client) error {
			_, err := c.Capture(ctx, &payments.CaptureRequest{OrderID: "1001", PaymentID: "p\n1"})
			return err
		}, payments.ErrInvalidRequest},
		{"capture of zero", func(ctx context.Context, c *payments.Client) error {
			_, err := c.Capture(ctx, &payments.CaptureRequest{OrderID: "1001", Amount: ptr(rub("0"))})
			return err
		}, payments.ErrInvalidRequest},
		{"capture of a negative amount", func(ctx context.Context, c *payments.Client) error {
			_, err := c.Capture(ctx, &payments.CaptureRequest{OrderID: "1001", Amount: ptr(rub("-1"))})
			return err
		}, payments.ErrInvalidRequest},
		{"capture in an undeclared currency", func(ctx context.Context, c *payments.Client) error {
			_, err := c.Capture(ctx, &payments.CaptureRequest{OrderID: "1001", Amount: ptr(payments.MustParseMoney("1", payments.USD))})
			return err
		}, payments.ErrUnsupported},
		{"capture receipt that does not add up", func(ctx context.Context, c *payments.Client) error {
			r := payments.Receipt{Items: []payments.ReceiptItem{line("9.00", "")}}
			_, err := c.Capture(ctx, &payments.CaptureRequest{OrderID: "1001", Amount: ptr(rub("10.00")), Receipt: &r})
			return err
		}, payments.ErrInvalidRequest},
		{"nil cancel", func(ctx context.Context, c *payments.Client) error { _, err := c.Cancel(ctx, nil); return err }, payments.ErrInvalidRequest},
		{"cancel without order id", func(ctx context.Context, c *payments.Client) error {
			_, err := c.Cancel(ctx, &payments.CancelRequest{PaymentID: "p-1"})
			return err
		}, payments.ErrInvalidRequest},
		{"nil charge", func(ctx context.Context, c *payments.Client) error { _, err := c.Charge(ctx, nil); return err }, payments.ErrInvalidRequest},
		{"charge without parent", func(ctx context.Context, c *payments.Client) error {
			req := validCharge()
			req.ParentOrderID = ""
			_, err := c.Charge(ctx, req)
			return err
		}, payments.ErrInvalidRequest},
		{"charge under the parent's order id", func(ctx context.Context, c *payments.Client) error {
			req := validCharge()
			req.OrderID = req.ParentOrderID
			_, err := c.Charge(ctx, req)
			return err
		}, payments.ErrInvalidRequest},
		{"charge of zero", func(ctx context.Context, c *payments.Client) error {
			req := validCharge()
			req.Amount, req.Receipt = rub("0"), nil
			_, err := c.Charge(ctx, req)
			return err
		}, payments.ErrInvalidRequest},
		{"charge with too many decimals", func(ctx context.Context, c *payments.Client) error {
			req := validCharge()
			req.Amount, req.Receipt = payments.Money{Amount: decimal.RequireFromString("1.001"), Currency: payments.RUB}, nil
			_, err := c.Charge(ctx, req)
			return err
		}, payments.ErrInvalidRequest},
		{"charge receipt that does not add up", func(ctx context.Context, c *payments.Client) error {
			req := validCharge()
			req.Amount = rub("11.00")
			_, err := c.Charge(ctx, req)
			return err
		}, payments.ErrInvalidRequest},
		{"charge with a bad metadata key", func(ctx context.Context, c *payments.Client) error {
			req := validCharge()
			req.Metadata = map[string]string{"a b": "v"}
			_, err := c.Charge(ctx, req)
			return err
		}, payments.ErrInvalidRequest},
		{"charge with a control character in the mandate", func(ctx context.Context, c *payments.Client) error {
			req := validCharge()
			req.Mandate = "m\x00"
			_, err := c.Charge(ctx, req)
			return err
		}, payments.ErrInvalidRequest},
		{"nil receipt", func(ctx context.Context, c *payments.Client) error { _, err := c.SendReceipt(ctx, nil); return err }, payments.ErrInvalidRequest},
		{"receipt without receipt id", func(ctx context.Context, c *payments.Client) error {
			req := validReceipt()
			req.ReceiptID = ""
			_, err := c.SendReceipt(ctx, req)
			return err
		}, payments.ErrInvalidRequest},
		{"receipt under the order id", func(ctx context.Context, c *payments.Client) error {
			req := validReceipt()
			req.ReceiptID = req.OrderID
			_, err := c.SendReceipt(ctx, req)
			return err
		}, payments.ErrInvalidRequest},
		{"receipt of an unknown kind", func(ctx context.Context, c *payments.Client) error {
			req := validReceipt()
			req.Kind = "correction"
			_, err := c.SendReceipt(ctx, req)
			return err
		}, payments.ErrInvalidRequest},
		{"receipt without a kind", func(ctx context.Context, c *payments.Client) error {
			req := validReceipt()
			req.Kind = ""
			_, err := c.SendReceipt(ctx, req)
			return err
		}, payments.ErrInvalidRequest},
		{"receipt without lines", func(ctx context.Context, c *payments.Client) error {
			req := validReceipt()
			req.Receipt.Items = nil
			_, err := c.SendReceipt(ctx, req)
			return err
		}, payments.ErrInvalidRequest},
		{"settlement receipt with a prepayment line", func(ctx context.Context, c *payments.Client) error {
			req := validReceipt()
			req.Receipt.Items = []payments.ReceiptItem{line("10.00", "full_prepayment")}
			_, err := c.SendReceipt(ctx, req)
			return err
		}, payments.ErrInvalidRequest},
		{"receipt status without receipt id", func(ctx context.Context, c *payments.Client) error {
			_, err := c.ReceiptStatus(ctx, payments.ReceiptQuery{OrderID: "1001"})
			return err
		}, payments.ErrInvalidRequest},
		{"unknown payment method", func(ctx context.Context, c *payments.Client) error {
			req := validInit()
			req.PaymentMethod = "bitcoin"
			_, err := c.InitPayment(ctx, req)
			return err
		}, payments.ErrInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			err := tt.call(context.Background(), newClient(t, s, nil))
			if !errors.Is(err, tt.kind) {
				t.Fatalf("error %v, want %v", err, tt.kind)
			}
			if n := s.Total(); n != 0 {
				t.Errorf("provider called %d times for an invalid request", n)
			}
		})
	}
}

// What the provider does not declare is refused with ErrUnsupported before
// it is called; declared, the same request reaches it.
func TestClientLifecycleUndeclared(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		undeclar func(*payments.Capabilities)
		call     func(context.Context, *payments.Client) error
	}{
		{"hold", func(c *payments.Capabilities) { c.Holds = false }, func(ctx context.Context, c *payments.Client) error {
			req := validInit()
			req.Hold = true
			_, err := c.InitPayment(ctx, req)
			return err
		}},
		{"recurring parent", func(c *payments.Capabilities) { c.Recurring = false }, func(ctx context.Context, c *payments.Client) error {
			req := validInit()
			req.Recurring = true
			_, err := c.InitPayment(ctx, req)
			return err
		}},
		{"payment method", func(c *payments.Capabilities) { c.PaymentMethods = []payments.PaymentMethod{payments.MethodCard} },
			func(ctx context.Context, c *payments.Client) error {
				req := validInit()
				req.PaymentMethod = payments.MethodSBP
				_, err := c.InitPayment(ctx, req)
				return err
			}},
		{"partial capture", func(c *payments.Capabilities) { c.PartialCapture = false }, func(ctx context.Context, c *payments.Client) error {
			_, err := c.Capture(ctx, &payments.CaptureRequest{OrderID: "1001", Amount: ptr(rub("5"))})
			return err
		}},
		{"capture receipt", func(c *payments.Capabilities) { c.CaptureReceipts = false }, func(ctx context.Context, c *payments.Client) error {
			r := settlementReceipt()
			_, err := c.Capture(ctx, &payments.CaptureRequest{OrderID: "1001", Receipt: &r})
			return err
		}},
		{"charge receipt", func(c *payments.Capabilities) { c.PaymentReceipts = false }, callCharge},
		{"charge metadata", func(c *payments.Capabilities) { c.Metadata = false }, func(ctx context.Context, c *payments.Client) error {
			req := validCharge()
			req.Receipt = nil
			_, err := c.Charge(ctx, req)
			return err
		}},
		{"send receipt without ReceiptsAfterPayment", func(c *payments.Capabilities) { c.ReceiptsAfterPayment = false }, callSendReceipt},
		{"receipt status without ReceiptsAfterPayment", func(c *payments.Capabilities) { c.ReceiptsAfterPayment = false }, callReceiptStatus},
	}
	for _, op := range []payments.Operation{payments.OpCapture, payments.OpCancel, payments.OpCharge, payments.OpSendReceipt, payments.OpReceiptStatus} {
		tests = append(tests, struct {
			name     string
			undeclar func(*payments.Capabilities)
			call     func(context.Context, *payments.Client) error
		}{"operation " + string(op), func(c *payments.Capabilities) {
			c.Operations = removeOp(c.Operations, op)
		}, optionalCall(op)})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			if err := tt.call(context.Background(), newClient(t, s, nil)); err != nil {
				t.Fatalf("declared: %v", err)
			}
			s = newStub()
			tt.undeclar(&s.caps)
			err := tt.call(context.Background(), newClient(t, s, nil))
			if !errors.Is(err, payments.ErrUnsupported) {
				t.Fatalf("undeclared: error %v, want errors.ErrUnsupported", err)
			}
			if n := s.Total(); n != 0 {
				t.Errorf("provider called %d times for what it does not declare", n)
			}
		})
	}
}

func removeOp(ops []payments.Operation, op payments.Operation) []payments.Operation {
	var out []payments.Operation
	for _, o := range ops {
		if o != op {
			out = append(out, o)
		}
	}
	return out
}

// A provider that does not implement the lifecycle interfaces is
// unsupported even when it declares them.
func TestClientLifecycleNotImplemented(t *testing.T) {
	t.Parallel()
	for _, op := range []payments.Operation{payments.OpCapture, payments.OpCancel, payments.OpCharge, payments.OpSendReceipt, payments.OpReceiptStatus} {
		err := optionalCall(op)(context.Background(), newClient(t, bare{newStub()}, nil))
		wantErr(t, err, payments.ErrUnsupported, op)
	}
}

// The hints of InitRequest reach a provider that declares them.
func TestClientInitLifecycleReachesProvider(t *testing.T) {
	t.Parallel()
	s := newStub()
	var got payments.InitRequest
	s.initFn = func(_ context.Context, req *payments.InitRequest) (*payments.Payment, error) {
		got = *req
		return &payments.Payment{OrderID: req.OrderID, Status: payments.StatusPending, Amount: req.Amount}, nil
	}
	req := validInit()
	req.Hold, req.Recurring, req.PaymentMethod = true, true, payments.MethodSBP
	if _, err := newClient(t, s, nil).InitPayment(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if !got.Hold || !got.Recurring || got.PaymentMethod != payments.MethodSBP {
		t.Errorf("provider saw Hold %t, Recurring %t, PaymentMethod %q", got.Hold, got.Recurring, got.PaymentMethod)
	}
}

// A charge by mandate needs the mandate where the provider declares it.
func TestClientChargeMandateRequired(t *testing.T) {
	t.Parallel()
	s := newStub()
	s.caps.RecurringMandate = true
	req := validCharge()
	req.Mandate = ""
	_, err := newClient(t, s, nil).Charge(context.Background(), req)
	wantErr(t, err, payments.ErrInvalidRequest, payments.OpCharge)
	if s.Total() != 0 {
		t.Error("provider called without the mandate")
	}
	s.caps.RecurringMandate = false
	if _, err := newClient(t, s, nil).Charge(context.Background(), req); err != nil {
		t.Errorf("charge without mandate by a provider that needs none: %v", err)
	}
}
