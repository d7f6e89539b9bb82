package payments_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
)

func TestClientNew(t *testing.T) {
	t.Parallel()
	if c, err := payments.New(nil, nil); err == nil || c != nil {
		t.Errorf("New(nil) = %v, %v; want an error", c, err)
	}
	s := newStub()
	c, err := payments.New(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Provider() != payments.Provider(s) {
		t.Error("Provider() is not the stub")
	}
	if diff := cmp.Diff(allCaps(), c.Capabilities()); diff != "" {
		t.Errorf("Capabilities() (-want +got):\n%s", diff)
	}
}

func TestClientValidInitReachesProvider(t *testing.T) {
	t.Parallel()
	s := newStub()
	s.caps.MaxDescription = 5
	c := newClient(t, s, nil)
	req := validInit()
	req.OrderID = strings.Repeat("x", 128)
	req.Description = "абвгд" // 5 characters, 10 bytes
	p, err := c.InitPayment(context.Background(), req)
	if err != nil {
		t.Fatalf("InitPayment = %v", err)
	}
	want := &payments.Payment{
		OrderID: req.OrderID, ID: "p-" + req.OrderID, Status: payments.StatusPending, Amount: rub("10"),
		NextStep: payments.NextStep{Kind: payments.NextRedirect, URL: "https://pay.example/" + req.OrderID},
	}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("InitPayment (-want +got):\n%s", diff)
	}
	if n := s.Calls(payments.OpInitPayment); n != 1 {
		t.Errorf("provider called %d times, want 1", n)
	}
}

func TestClientUnsupportedOperations(t *testing.T) {
	t.Parallel()
	for _, o := range optionalOps {
		t.Run(string(o.op), func(t *testing.T) {
			t.Parallel()

			// Declared and implemented: works.
			s := newStub()
			if err := o.call(context.Background(), newClient(t, s, nil)); err != nil {
				t.Fatalf("declared and implemented: %v", err)
			}
			if n := s.Calls(o.op); n != 1 {
				t.Errorf("declared and implemented: provider called %d times, want 1", n)
			}

			// Implemented but not declared.
			s = newStub()
			s.caps.Operations = nil
			pe := wantErr(t, o.call(context.Background(), newClient(t, s, nil)), errors.ErrUnsupported, o.op)
			if pe.Kind != errors.ErrUnsupported {
				t.Errorf("Kind = %v, want errors.ErrUnsupported", pe.Kind)
			}
			if n := s.Total(); n != 0 {
				t.Errorf("undeclared: provider called %d times", n)
			}

			// Declared but not implemented.
			s = newStub()
			wantErr(t, o.call(context.Background(), newClient(t, bare{s}, nil)), errors.ErrUnsupported, o.op)
			if n := s.Total(); n != 0 {
				t.Errorf("not implemented: provider called %d times", n)
			}
		})
	}
}

func TestClientRequiredOperationsAlwaysSupported(t *testing.T) {
	t.Parallel()
	s := newStub()
	// No operations declared; the lookup key is data of its own
	// (LookupByOrderID), not an operation.
	s.caps = payments.Capabilities{Currencies: []payments.Currency{payments.RUB}, LookupByOrderID: true}
	c := newClient(t, bare{s}, nil)
	if _, err := c.InitPayment(context.Background(), &payments.InitRequest{OrderID: "1", Amount: rub("1")}); err != nil {
		t.Errorf("InitPayment = %v", err)
	}
	if _, err := c.PaymentStatus(context.Background(), "1"); err != nil {
		t.Errorf("PaymentStatus = %v", err)
	}
}

// TestClientResultsReturned checks that the Client returns the provider's
// answer unchanged once it passes the checks, but for a refund's reference,
// which it fills in when the answer lacks it.
func TestClientResultsReturned(t *testing.T) {
	t.Parallel()
	c := newClient(t, newStub(), nil)
	ctx := context.Background()
	tests := []struct {
		name string
		call func() (any, error)
		want any
	}{
		{
			name: "ConfirmPayment",
			call: func() (any, error) { return c.ConfirmPayment(ctx, "1001", rub("10")) },
			want: &payments.Payment{OrderID: "1001", Status: payments.StatusSucceeded, Amount: rub("10")},
		},
		{
			name: "full Refund",
			call: func() (any, error) { return c.Refund(ctx, &payments.RefundRequest{OrderID: "1002", Reference: "r-1"}) },
			// The stub's answer carries no reference: the Client fills in
			// the request's (Refund.Reference).
			want: &payments.Refund{ID: "r-1", OrderID: "1002", Status: payments.StatusProcessing, Reference: "r-1"},
		},
		{
			name: "Balance",
			call: func() (any, error) { return c.Balance(ctx, payments.RUB) },
			want: &payments.Balance{Available: rub("100")},
		},
		{
			name: "WithdrawalStatus by id",
			call: func() (any, error) { return c.WithdrawalStatus(ctx, payments.WithdrawalQuery{ID: "w-1"}) },
			want: &payments.Withdrawal{ID: "w-1", Status: payments.StatusSucceeded},
		},
	}
	for _, tt := range tests {
		got, err := tt.call()
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}
