package payments

import "errors"

// The default advice of an error wrapping ErrOutcomeUnknown, by operation.
// Each must be true of every provider; a provider for which one is not
// (its lookup cannot answer) sets Error.Advice itself.
const (
	adviceInit = "The payment may have been created: do not start it again blindly. " +
		"Look it up by its order id with PaymentStatus first."
	adviceRefund = "The refund may have been made: do not refund again blindly. " +
		"A PaymentStatus lookup by order id can tell only where the provider reports refunds there (Payment.RefundStatus); " +
		"where it does not, check the provider's dashboard or its refund notifications before refunding again."
	adviceWithdraw = "The payout may have been made: do not send it again blindly. " +
		"Look it up by its order id with WithdrawalStatus first."
	adviceRead = "This operation moves no money; it can be tried again."
)

// defaultAdvice is the Advice the Client gives for op when the provider gave
// none.
func defaultAdvice(op Operation) string {
	switch op {
	case OpInitPayment:
		return adviceInit
	case OpRefund:
		return adviceRefund
	case OpWithdraw:
		return adviceWithdraw
	}
	return adviceRead
}

// withAdvice fills in the default Advice of err, the Client's own *Error,
// when it wraps ErrOutcomeUnknown and the provider gave no advice.
func withAdvice(op Operation, err error) error {
	if e, ok := err.(*Error); ok && e.Advice == "" && errors.Is(e, ErrOutcomeUnknown) {
		e.Advice = defaultAdvice(op)
	}
	return err
}
