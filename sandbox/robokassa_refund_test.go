package sandbox

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/robokassa"
	"github.com/shopspring/decimal"
)

// payRK pays invoice inv of amount through the payment page and waits for
// the app to handle its ResultURL notification.
func (e *rkEnv) payRK(inv int64, amount string, receipt *robokassa.Receipt) {
	e.t.Helper()
	_, token := e.open(e.link(&robokassa.Link{Amount: rubs(amount), InvID: inv, Receipt: receipt}))
	e.press("pay", token)
	e.event()
}

// A refund without an amount refunds what is left, and the result never
// reports more than that: pay 10.00, refund 4.00 twice, then refund with a
// nil Amount (the result said 10.00 while 2.00 was refunded). Nothing left
// is ErrDuplicate, Robokassa's AlreadyRefunded.
func TestRobokassaRefundWhatIsLeft(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newRKEnv(t, rkEnvOptions{})
	e.payRK(21, "10.00", nil)
	four := rubs("4.00")
	for i := range 2 {
		r, err := e.client.Refund(ctx, &payments.RefundRequest{OrderID: "21", Reference: fmt.Sprint("part-", i), Amount: &four})
		if err != nil || !r.Amount.Equal(four) {
			t.Fatalf("partial refund %d: %+v, %v", i+1, r, err)
		}
	}
	r, err := e.client.Refund(ctx, &payments.RefundRequest{OrderID: "21", Reference: "r-2"})
	if err != nil {
		t.Fatalf("refund of the rest: %v", err)
	}
	// Refund/Create's answer has no amount: the provider reads
	// Refund/GetState for it, which the sandbox answers finished.
	if !r.Amount.Equal(rubs("2.00")) || r.Status != payments.StatusSucceeded || r.ID == "" {
		t.Errorf("refund of the rest = %+v; want an id, 2.00 RUB (from Refund/GetState), succeeded", r)
	}
	st, err := e.client.RefundStatus(ctx, r.ID)
	if err != nil || !st.Amount.Equal(rubs("2.00")) || st.Status != payments.StatusSucceeded {
		t.Errorf("RefundStatus = %+v, %v; want 2.00 RUB succeeded", st, err)
	}
	if p, _ := e.sb.RobokassaPayment(21); !p.Refunded.Equal(rubs("10.00")) {
		t.Errorf("sandbox refunded %v, want 10.00 RUB in all", p.Refunded)
	}
	for i, amount := range []*payments.Money{nil, ptrMoney(rubs("0.01"))} {
		_, err := e.client.Refund(ctx, &payments.RefundRequest{OrderID: "21", Reference: fmt.Sprint("nothing-left-", i), Amount: amount})
		var pe *payments.Error
		if !errors.Is(err, payments.ErrDuplicate) || !errors.As(err, &pe) || pe.Code != "AlreadyRefunded" {
			t.Errorf("refund (amount %v) when nothing is left: %v, want ErrDuplicate AlreadyRefunded", amount, err)
		}
	}
	if p, _ := e.sb.RobokassaPayment(21); !p.Refunded.Equal(rubs("10.00")) {
		t.Errorf("sandbox refunded %v after the refusals, want 10.00 RUB", p.Refunded)
	}
}

func ptrMoney(m payments.Money) *payments.Money { return &m }

// The 66.66 trigger makes the refund, then answers 500: the error says
// that neither lookup can tell and sends the reader to the merchant
// account (following "check with RefundStatus or PaymentStatus" refunded
// twice: 133.32).
func TestRobokassaRefundOutcomeUnknownAdvice(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newRKEnv(t, rkEnvOptions{})
	e.payRK(22, "200.00", nil)
	amount := rubs(TriggerOutcomeUnknown)
	_, err := e.client.Refund(ctx, &payments.RefundRequest{OrderID: "22", Reference: "r-4", Amount: &amount})
	var pe *payments.Error
	if !errors.Is(err, payments.ErrOutcomeUnknown) || !errors.As(err, &pe) {
		t.Fatalf("66.66: %v, want ErrOutcomeUnknown", err)
	}
	if !strings.Contains(pe.Advice, "merchant account") {
		t.Errorf("Advice %q does not send the reader to the merchant account", pe.Advice)
	}
	for _, lookup := range []string{"RefundStatus", "PaymentStatus"} {
		if !strings.Contains(pe.Advice, lookup) || !strings.Contains(pe.Advice, "cannot") {
			t.Errorf("Advice %q does not say that %s cannot tell", pe.Advice, lookup)
		}
	}
	if lower := strings.ToLower(pe.Advice); strings.Contains(lower, "check with") || strings.Contains(lower, "look the order up") {
		t.Errorf("Advice %q suggests a lookup", pe.Advice)
	}
	// What the advice rules out: the payment looks the same as before.
	p, err := e.client.PaymentStatus(ctx, "22")
	if err != nil || p.Status != payments.StatusSucceeded {
		t.Errorf("PaymentStatus = %+v, %v", p, err)
	}
	if sp, _ := e.sb.RobokassaPayment(22); !sp.Refunded.Equal(amount) {
		t.Errorf("sandbox refunded %v, want %v", sp.Refunded, amount)
	}
}

// Receipts with Russia's 22% VAT codes go through the payment page and
// the Refund API (the provider refused them before).
func TestRobokassaVAT22(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newRKEnv(t, rkEnvOptions{})
	e.payRK(23, "24.40", &robokassa.Receipt{Sno: "osn", Items: []robokassa.ReceiptItem{
		{Name: "Чай", Quantity: decimal.NewFromInt(2), Sum: decimalOf("24.40"), Tax: "vat22", PaymentMethod: "full_payment", PaymentObject: "commodity"},
	}})
	amount := rubs("12.20")
	r, err := e.client.Refund(ctx, &payments.RefundRequest{OrderID: "23", Reference: "r-5", Amount: &amount, Receipt: &payments.Receipt{TaxSystem: "osn", Items: []payments.ReceiptItem{
		{Name: "Чай", Quantity: decimal.NewFromInt(1), Amount: amount, Tax: "vat122", PaymentMethod: "full_payment", PaymentObject: "commodity"},
	}}})
	if err != nil || !r.Amount.Equal(amount) {
		t.Fatalf("refund with a vat122 line: %+v, %v", r, err)
	}
	if p, _ := e.sb.RobokassaPayment(23); !p.Refunded.Equal(amount) {
		t.Errorf("sandbox refunded %v, want %v", p.Refunded, amount)
	}
}

// Without Password3 the Client's refund says what to configure.
func TestRobokassaRefundWithoutPassword3(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{cfg: func(c *robokassa.Config) { c.Password3 = "" }})
	e.payRK(24, "10.00", nil)
	_, err := e.client.Refund(context.Background(), &payments.RefundRequest{OrderID: "24", Reference: "r-6"})
	if !errors.Is(err, errors.ErrUnsupported) || !strings.Contains(err.Error(), "ROBOKASSA_PASSWORD3") {
		t.Errorf("refund without Password3: %v, want ErrUnsupported naming ROBOKASSA_PASSWORD3", err)
	}
	if p, _ := e.sb.RobokassaPayment(24); !p.Refunded.Amount.IsZero() {
		t.Errorf("refunded %v", p.Refunded)
	}
}
