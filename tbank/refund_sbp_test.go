package tbank

import (
	"context"
	"errors"
	"testing"

	"github.com/paykit/payments"
)

// TestRefundSBPRefused: T-Bank's Cancel does not take ExternalRequestId as
// an idempotency key for SBP payments (/v2/Cancel, ExternalRequestId: "не
// работает для СБП", https://www.tbank.ru/kassa/dev/payments/), so a
// refund of a payment whose GetState Params name Source qrsbp is refused
// with errors.ErrUnsupported before Cancel is sent: the provider declares
// IdempotentRefunds, the Client passes repeats of a reference on, and a
// repeat after a lost answer would refund twice. A card payment's refund
// (Source cards) is sent as before.
func TestRefundSBPRefused(t *testing.T) {
	t.Parallel()
	state := func(source string) string {
		return `{"Success":true,"ErrorCode":"0","TerminalKey":"1700000000000DEMO","Status":"CONFIRMED","PaymentId":"7003551234","OrderId":"order-42","Amount":100000,` +
			`"Params":[{"Key":"Route","Value":"ACQ"},{"Key":"Source","Value":"` + source + `"}]}`
	}
	checkOrder := step{method: "CheckOrder", body: `{"Success":true,"ErrorCode":"0","Payments":[{"Status":"CONFIRMED","PaymentId":"7003551234"}]}`}
	amt := rub("400.00")
	req := &payments.RefundRequest{OrderID: "order-42", Amount: &amt, Reference: "refund-42-1"}

	p, s := newScripted(t, checkOrder, step{method: "GetState", body: state("qrsbp")})
	if _, err := p.Refund(context.Background(), req); !errors.Is(err, errors.ErrUnsupported) || errors.Is(err, payments.ErrOutcomeUnknown) {
		t.Errorf("refund of an SBP payment: %v, want errors.ErrUnsupported with nothing sent", err)
	}
	s.done()

	// Without Params in GetState, CheckOrder's SbpPaymentId (/v2/CheckOrder,
	// Payments[].SbpPaymentId) still tells an SBP session.
	p, s = newScripted(t, step{method: "CheckOrder", body: `{"Success":true,"ErrorCode":"0","Payments":[{"Status":"CONFIRMED","PaymentId":"7003551234","SbpPaymentId":"A60101234567890B0000020011700501"}]}`},
		step{method: "GetState", body: stateAnswer("CONFIRMED")})
	if _, err := p.Refund(context.Background(), req); !errors.Is(err, errors.ErrUnsupported) || errors.Is(err, payments.ErrOutcomeUnknown) {
		t.Errorf("refund of an SBP session by CheckOrder: %v, want errors.ErrUnsupported with nothing sent", err)
	}
	s.done()

	p, s = newScripted(t, checkOrder, step{method: "GetState", body: state("cards")},
		step{method: "Cancel", body: `{"Success":true,"ErrorCode":"0","Status":"PARTIAL_REFUNDED","OriginalAmount":100000,"NewAmount":60000,"PaymentId":"7003551234","OrderId":"order-42","ExternalRequestId":"refund-42-1"}`})
	if _, err := p.Refund(context.Background(), req); err != nil {
		t.Errorf("refund of a card payment: %v", err)
	}
	s.done()
}
