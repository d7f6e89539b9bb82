package tbank

import (
	"context"
	"errors"
	"testing"

	"github.com/paykit/payments"
)

func stateAnswer(status string) string {
	return `{"Success":true,"ErrorCode":"0","Status":"` + status + `","PaymentId":"7003551234","OrderId":"order-42","Amount":100000}`
}

// TestCapture: Confirm of a hold, partial, signed as the Confirm fixture
// of the made-up terminal 1700000000000DEMO (password Golden_tbank_pw1) (Token computed with the rule of section
// «Токен», https://www.tbank.ru/kassa/dev/payments/index.html; not a published vector).
func TestCapture(t *testing.T) {
	t.Parallel()
	p, s := newScripted(t, step{method: "GetState", body: stateAnswer("AUTHORIZED")},
		step{method: "Confirm", body: `{"Success":true,"ErrorCode":"0","Status":"CONFIRMED","PaymentId":"7003551234","OrderId":"order-42"}`})
	amt := rub("900.00")
	pay, err := p.Capture(context.Background(), &payments.CaptureRequest{OrderID: "order-42", PaymentID: "7003551234", Amount: &amt})
	if err != nil {
		t.Fatal(err)
	}
	s.done()
	if got := s.sentText(1, "Token"); got != "202f491de83738266ac4035b15a51714cc03442a6b8a90d1fc2dd7be01c6f44d" {
		t.Errorf("Confirm Token = %s, want the fixture's", got)
	}
	if pay.Status != payments.StatusSucceeded || !pay.Amount.Equal(amt) {
		t.Errorf("payment = %+v", pay)
	}
}

// TestNotHeld: Capture and Cancel of a payment that is not held send
// nothing that moves money (a Cancel of a CONFIRMED payment would refund
// it) and are ErrInvalidState; so is a capture above the hold.
func TestNotHeld(t *testing.T) {
	t.Parallel()
	p, s := newScripted(t, step{method: "GetState", body: stateAnswer("CONFIRMED")}, step{method: "GetState", body: stateAnswer("CONFIRMED")},
		step{method: "GetState", body: stateAnswer("AUTHORIZED")})
	if _, err := p.Cancel(context.Background(), &payments.CancelRequest{OrderID: "order-42", PaymentID: "7003551234"}); !errors.Is(err, payments.ErrInvalidState) {
		t.Errorf("Cancel err = %v", err)
	}
	if _, err := p.Capture(context.Background(), &payments.CaptureRequest{OrderID: "order-42", PaymentID: "7003551234"}); !errors.Is(err, payments.ErrInvalidState) {
		t.Errorf("Capture err = %v", err)
	}
	more := rub("1000.01")
	if _, err := p.Capture(context.Background(), &payments.CaptureRequest{OrderID: "order-42", PaymentID: "7003551234", Amount: &more}); !errors.Is(err, payments.ErrInvalidState) {
		t.Errorf("Capture above the hold err = %v", err)
	}
	s.done()
}

func TestCancelHold(t *testing.T) {
	t.Parallel()
	p, s := newScripted(t, step{method: "CheckOrder", body: `{"Success":true,"ErrorCode":"0","Payments":[{"Status":"AUTHORIZED","PaymentId":"7003551234"}]}`},
		step{method: "GetState", body: stateAnswer("AUTHORIZED")},
		step{method: "Cancel", body: `{"Success":true,"ErrorCode":"0","Status":"REVERSED","OriginalAmount":100000,"NewAmount":0,"PaymentId":7003551234,"OrderId":"order-42"}`})
	pay, err := p.Cancel(context.Background(), &payments.CancelRequest{OrderID: "order-42"})
	if err != nil {
		t.Fatal(err)
	}
	s.done()
	if _, ok := s.sent[2]["Amount"]; ok {
		t.Error("a void sent Amount")
	}
	if pay.Status != payments.StatusCanceled {
		t.Errorf("status = %s", pay.Status)
	}
}

// TestRefund: a partial refund is Cancel with Amount and
// ExternalRequestId = Reference, signed as the Cancel fixture of
// the made-up terminal 1700000000000DEMO (password Golden_tbank_pw1) (computed, not published); the
// refunded amount is OriginalAmount − NewAmount.
func TestRefund(t *testing.T) {
	t.Parallel()
	p, s := newScripted(t, step{method: "CheckOrder", body: `{"Success":true,"ErrorCode":"0","Payments":[{"Status":"CONFIRMED","PaymentId":"7003551234"}]}`},
		step{method: "GetState", body: stateAnswer("CONFIRMED")},
		step{method: "Cancel", body: `{"Success":true,"ErrorCode":"0","Status":"PARTIAL_REFUNDED","OriginalAmount":100000,"NewAmount":60000,"PaymentId":"7003551234","OrderId":"order-42","ExternalRequestId":"refund-42-1"}`})
	amt := rub("400.00")
	r, err := p.Refund(context.Background(), &payments.RefundRequest{OrderID: "order-42", Amount: &amt, Reference: "refund-42-1"})
	if err != nil {
		t.Fatal(err)
	}
	s.done()
	if got := s.sentText(2, "Token"); got != "c867b69906e5db58d307eaf246dc5f4af485ec7e1682f79c1106526a29f24bd1" {
		t.Errorf("Cancel Token = %s, want the fixture's", got)
	}
	if r.ID != "7003551234/refund-42-1" || r.Status != payments.StatusSucceeded || !r.Amount.Equal(amt) || r.Reference != "refund-42-1" {
		t.Errorf("refund = %+v", r)
	}
}

// TestRefundOutcomeUnknown: a lost Cancel answer is an unknown outcome
// whose advice is to resend the same reference.
func TestRefundOutcomeUnknown(t *testing.T) {
	t.Parallel()
	p, _ := newScripted(t, step{method: "CheckOrder", body: `{"Success":true,"ErrorCode":"0","Payments":[{"Status":"CONFIRMED","PaymentId":"7003551234"}]}`},
		step{method: "GetState", body: stateAnswer("CONFIRMED")}, step{method: "Cancel", status: 504, body: ""})
	amt := rub("1.00")
	_, err := p.Refund(context.Background(), &payments.RefundRequest{OrderID: "order-42", Amount: &amt, Reference: "r1"})
	var pe *payments.Error
	if !errors.Is(err, payments.ErrOutcomeUnknown) || !errors.As(err, &pe) || pe.Advice != refundAdvice {
		t.Errorf("err = %v (%+v)", err, pe)
	}
}

func TestRefundStatus(t *testing.T) {
	t.Parallel()
	p, s := newScripted(t, step{method: "GetState", body: stateAnswer("REFUNDING")}, step{method: "GetState", body: stateAnswer("CONFIRMED")})
	r, err := p.RefundStatus(context.Background(), payments.RefundQuery{RefundID: "7003551234/refund-42-1"})
	if err != nil || r.Status != payments.StatusProcessing || r.Reference != "refund-42-1" {
		t.Errorf("RefundStatus = %+v, %v", r, err)
	}
	if _, err := p.RefundStatus(context.Background(), payments.RefundQuery{RefundID: "7003551234/refund-42-1"}); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("a payment without refunds: err = %v", err)
	}
	if _, err := p.RefundStatus(context.Background(), payments.RefundQuery{RefundID: "nonsense"}); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("a malformed id: err = %v", err)
	}
	s.done()
}

// TestCharge: Init of the child (OperationInitiatorType R), then Charge
// with the parent's RebillId, signed as the Charge fixture of
// the made-up terminal 1700000000000DEMO (password Golden_tbank_pw1) (computed, not published).
func TestCharge(t *testing.T) {
	t.Parallel()
	p, s := newScripted(t, step{method: "Init", body: `{"Success":true,"ErrorCode":"0","Status":"NEW","PaymentId":"7003551299","OrderId":"order-43","Amount":50000,"PaymentURL":"https://securepay.tinkoff.ru/new/x"}`},
		step{method: "Charge", body: `{"Success":true,"ErrorCode":"0","Status":"CONFIRMED","PaymentId":"7003551299","OrderId":"order-43","Amount":50000}`},
		step{method: "Init", body: `{"Success":true,"ErrorCode":"0","Status":"NEW","PaymentId":"7003551300","OrderId":"order-44","Amount":50000}`},
		step{method: "Charge", body: `{"Success":true,"ErrorCode":"0","Status":"REJECTED","PaymentId":"7003551300","OrderId":"order-44","Amount":50000}`})
	pay, err := p.Charge(context.Background(), &payments.ChargeRequest{OrderID: "order-43", ParentOrderID: "order-42", Mandate: "1741204285536", Amount: rub("500.00")})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.sentText(1, "Token"); got != "3d1b3125acf71abec3eaa11ddb04fb7f2ac2742d96c374ce95993d78782db84e" {
		t.Errorf("Charge Token = %s, want the fixture's", got)
	}
	if string(s.sent[0]["DATA"]) != `{"OperationInitiatorType":"R"}` || pay.Status != payments.StatusSucceeded || pay.ID != "7003551299" {
		t.Errorf("payment = %+v, DATA %s", pay, s.sent[0]["DATA"])
	}
	_, err = p.Charge(context.Background(), &payments.ChargeRequest{OrderID: "order-44", ParentOrderID: "order-42", Mandate: "1741204285536", Amount: rub("500.00")})
	if !errors.Is(err, payments.ErrDeclined) {
		t.Errorf("REJECTED charge err = %v", err)
	}
	s.done()
}
