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
	// adviceInitNoOrderLookup is adviceInit for a provider that cannot look
	// a payment up by order id (it declares only LookupByPaymentID), when
	// the failed call returned no payment id to ask about.
	adviceInitNoOrderLookup = "The payment may have been created: do not start it again blindly. " +
		"This provider cannot look a payment up by order id: check its dashboard or wait for its notification first."
)

// defaultAdvice is the Advice the Client gives for op when the provider gave
// none, true for what the provider declares it can look up.
func defaultAdvice(op Operation, caps Capabilities) string {
	switch op {
	case OpInitPayment:
		if caps.LookupByPaymentID && !caps.LookupByOrderID {
			return adviceInitNoOrderLookup
		}
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
func withAdvice(op Operation, caps Capabilities, err error) error {
	if e, ok := err.(*Error); ok && e.Advice == "" && errors.Is(e, ErrOutcomeUnknown) {
		e.Advice = defaultAdvice(op, caps)
	}
	return err
}
