package paymentstest_test

import (
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

func recurringParent(t *testing.T, f *paymentstest.Fake, p payments.Provider, orderID string) payments.Payment {
	t.Helper()
	req := initReq(orderID, "10.00")
	req.Recurring = true
	mustInit(t, p, req)
	if err := f.MarkPaid(orderID); err != nil {
		t.Fatal(err)
	}
	parent, _ := f.Payment(orderID)
	return parent
}

// A paid recurring parent has a mandate and is charged under new order
// ids; a decline, an unknown parent and a parent that is not recurring
// fail as issue 10 says.
func TestCharge(t *testing.T) {
	t.Parallel()
	both(t, func(t *testing.T, f *paymentstest.Fake, p lifecycleProvider) {
		parent := recurringParent(t, f, p, "1001")
		if parent.Mandate != "mandate_1" {
			t.Fatalf("parent mandate %q, want mandate_1", parent.Mandate)
		}
		got, err := p.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: "1001"})
		if err != nil || got.Mandate != "mandate_1" {
			t.Fatalf("PaymentStatus mandate %+v, %v", got, err)
		}
		c, err := p.Charge(t.Context(), &payments.ChargeRequest{
			OrderID: "1002", ParentOrderID: "1001", Mandate: parent.Mandate, Amount: rub("7.00"), Receipt: lines("7.00"),
			Metadata: map[string]string{"plan": "basic"},
		})
		if err != nil {
			t.Fatal(err)
		}
		if c.OrderID != "1002" || c.Status != payments.StatusSucceeded || !c.Amount.Equal(rub("7.00")) ||
			c.Raw["parent_order_id"] != "1001" || c.Raw["meta_plan"] != "basic" {
			t.Errorf("charge = %+v", c)
		}
		if b := balance(t, f); !b.Equal(rub("17.00").Amount) {
			t.Errorf("balance %s after a paid parent and a charge", b)
		}
		for _, tt := range []struct {
			name string
			req  payments.ChargeRequest
			kind error
		}{
			{"declined", payments.ChargeRequest{OrderID: "1003", ParentOrderID: "1001", Amount: rub(paymentstest.DeclinedChargeAmount)}, payments.ErrDeclined},
			{"unknown parent", payments.ChargeRequest{OrderID: "1004", ParentOrderID: "404", Amount: rub("1")}, payments.ErrNotFound},
			{"parent is a charge, not recurring", payments.ChargeRequest{OrderID: "1005", ParentOrderID: "1002", Amount: rub("1")}, payments.ErrInvalidState},
			{"another mandate", payments.ChargeRequest{OrderID: "1006", ParentOrderID: "1001", Mandate: "mandate_9", Amount: rub("1")}, payments.ErrInvalidRequest},
			{"order id used", payments.ChargeRequest{OrderID: "1002", ParentOrderID: "1001", Amount: rub("1")}, payments.ErrDuplicate},
			{"receipt does not add up", payments.ChargeRequest{OrderID: "1007", ParentOrderID: "1001", Amount: rub("1"), Receipt: lines("2.00")}, payments.ErrInvalidRequest},
			{"currency not accepted", payments.ChargeRequest{OrderID: "1008", ParentOrderID: "1001", Amount: payments.MustParseMoney("1", payments.KZT)}, payments.ErrUnsupported},
		} {
			_, err := p.Charge(t.Context(), &tt.req)
			if err == nil {
				t.Errorf("%s: charged", tt.name)
				continue
			}
			wantKind(t, err, tt.kind)
		}
		if d, _ := f.Payment("1003"); d.Status != payments.StatusFailed || d.ErrorCode != "charge_declined" {
			t.Errorf("declined charge recorded as %s %q", d.Status, d.ErrorCode)
		}
		// An unpaid parent is not chargeable yet.
		req := initReq("1009", "10.00")
		req.Recurring = true
		mustInit(t, p, req)
		_, err = p.Charge(t.Context(), &payments.ChargeRequest{OrderID: "1010", ParentOrderID: "1009", Amount: rub("1")})
		wantKind(t, err, payments.ErrInvalidState)
	})
}

// With DeferCharges a charge is pending until the test settles it, as
// Robokassa's are until its ResultURL notification.
func TestChargeDeferred(t *testing.T) {
	t.Parallel()
	f := paymentstest.New(&paymentstest.Options{DeferCharges: true})
	recurringParent(t, f, f, "1001")
	c, err := f.Charge(t.Context(), &payments.ChargeRequest{OrderID: "1002", ParentOrderID: "1001", Amount: rub("5.00")})
	if err != nil || c.Status != payments.StatusPending {
		t.Fatalf("deferred charge = %+v, %v", c, err)
	}
	if err := f.MarkFailed("1002", "51", "insufficient funds"); err != nil {
		t.Fatal(err)
	}
	req, err := f.PaymentWebhook("1002")
	if err != nil {
		t.Fatal(err)
	}
	ev, err := f.VerifyWebhook(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Type != payments.EventPayment || ev.OrderID != "1002" || ev.Status != payments.StatusFailed || ev.ErrorCode != "51" {
		t.Errorf("charge result event %+v", ev)
	}
}

// The webhook of a paid recurring parent carries its mandate, and a hold
// arrives as an authorized payment event.
func TestLifecycleWebhooks(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	recurringParent(t, f, f, "1001")
	mustInit(t, f, holdReq("1002", "10.00"))
	if err := f.MarkPaid("1002"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		order   string
		status  payments.Status
		mandate string
	}{{"1001", payments.StatusSucceeded, "mandate_1"}, {"1002", payments.StatusAuthorized, ""}} {
		req, err := f.PaymentWebhook(tt.order)
		if err != nil {
			t.Fatal(err)
		}
		ev, err := f.VerifyWebhook(t.Context(), req)
		if err != nil {
			t.Fatal(err)
		}
		if ev.Status != tt.status || ev.Mandate != tt.mandate {
			t.Errorf("order %s: event status %s mandate %q, want %s %q", tt.order, ev.Status, ev.Mandate, tt.status, tt.mandate)
		}
	}
}

// Payment-method hints: a declared one is the payment's method, an
// undeclared one ErrUnsupported, an unknown one ErrInvalidRequest.
func TestPaymentMethodHints(t *testing.T) {
	t.Parallel()
	both(t, func(t *testing.T, _ *paymentstest.Fake, p lifecycleProvider) {
		req := initReq("1001", "10.00")
		req.PaymentMethod = payments.MethodSBP
		if got := mustInit(t, p, req); got.Method != "sbp" {
			t.Errorf("method %q, want sbp", got.Method)
		}
		req = initReq("1002", "10.00")
		req.PaymentMethod = payments.MethodMokka
		_, err := p.InitPayment(t.Context(), req)
		wantKind(t, err, payments.ErrUnsupported)
		req.PaymentMethod = "cash"
		_, err = p.InitPayment(t.Context(), req)
		wantKind(t, err, payments.ErrInvalidRequest)
	})
}
