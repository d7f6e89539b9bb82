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
	// adviceCapture, adviceCancel and adviceCharge are the advice of the
	// lifecycle's money-moving operations; the *NoOrderLookup forms are
	// for a provider that cannot look a payment up by order id.
	adviceCapture = "The capture may have been made: do not capture again blindly. " +
		"Look the payment up by its order id with PaymentStatus first: authorized means it was not captured."
	adviceCaptureNoOrderLookup = "The capture may have been made: do not capture again blindly. " +
		"Look the payment up by its payment id with LookupPayment(ctx, PaymentQuery{PaymentID}) first: authorized means it was not captured."
	adviceCancel = "The cancel may have been made: do not cancel or capture blindly. " +
		"Look the payment up by its order id with PaymentStatus first: authorized means it was not cancelled."
	adviceCancelNoOrderLookup = "The cancel may have been made: do not cancel or capture blindly. " +
		"Look the payment up by its payment id with LookupPayment(ctx, PaymentQuery{PaymentID}) first: authorized means it was not cancelled."
	adviceCharge = "The charge may have been made: do not charge again blindly, and not under a new order id. " +
		"Look the charge up by its own order id (ChargeRequest.OrderID) with PaymentStatus first; " +
		"a provider that reports charges later may not know it yet, so look again before charging anew."
	adviceChargeNoOrderLookup = "The charge may have been made: do not charge again blindly, and not under a new order id. " +
		"This provider cannot look a payment up by order id: check its dashboard or wait for its notification first."
	// adviceSendReceipt is the advice of a receipt after payment: a
	// fiscal document, never sent twice blindly.
	adviceSendReceipt = "The receipt may have been registered: do not send it again blindly (a payment may have only so many receipts). " +
		"Look it up by its receipt id with ReceiptStatus(ctx, ReceiptQuery{ReceiptID, OrderID}) first."
	// adviceRefundByReference is the refund advice for a provider that
	// declares RefundLookupByReference.
	adviceRefundByReference = "The refund may have been made: do not refund again with a new reference. " +
		"Look it up by its order id and reference with LookupRefund(ctx, RefundQuery{OrderID, Reference}) first."
	// adviceRefundResendRefused is added to the refund advice of a
	// provider that does not take the reference as an idempotency key.
	adviceRefundResendRefused = "Sending it again with the same reference is refused by the Client (ErrDuplicate), " +
		"so that reference cannot refund twice; a new reference would."
	// adviceRefundResendSame is added to the refund advice of a provider
	// that takes the reference as an idempotency key.
	adviceRefundResendSame = "Sending it again with the same reference is safe: the provider answers with the same refund."
	// adviceInitNoOrderLookup is adviceInit for a provider that cannot look
	// a payment up by order id (it declares only LookupByPaymentID), when
	// the failed call returned no payment id to ask about.
	adviceInitNoOrderLookup = "The payment may have been created: do not start it again blindly. " +
		"This provider cannot look a payment up by order id: check its dashboard or wait for its notification first."
)

// defaultAdvice is the Advice the Client gives for op when the provider gave
// none, true for what the provider declares it can look up. The advice of
// a refund ends with what a resend with the same reference does.
func defaultAdvice(op Operation, caps Capabilities) string {
	switch op {
	case OpInitPayment:
		if caps.LookupByPaymentID && !caps.LookupByOrderID {
			return adviceInitNoOrderLookup
		}
		return adviceInit
	case OpRefund:
		if caps.RefundLookupByReference {
			return adviceRefundByReference + " " + refundResendAdvice(caps)
		}
		return adviceRefund + " " + refundResendAdvice(caps)
	case OpWithdraw:
		return adviceWithdraw
	case OpCapture:
		return byOrderLookup(caps, adviceCapture, adviceCaptureNoOrderLookup)
	case OpCancel:
		return byOrderLookup(caps, adviceCancel, adviceCancelNoOrderLookup)
	case OpCharge:
		return byOrderLookup(caps, adviceCharge, adviceChargeNoOrderLookup)
	case OpSendReceipt:
		return adviceSendReceipt
	}
	return adviceRead
}

// byOrderLookup returns byOrder for a provider that looks payments up by
// order id (or declares no lookup key, which means the order id), and
// otherwise without.
func byOrderLookup(caps Capabilities, byOrder, without string) string {
	if caps.LookupByPaymentID && !caps.LookupByOrderID {
		return without
	}
	return byOrder
}

// refundResendAdvice says what sending a refund again with the same
// reference does for a provider with caps.
func refundResendAdvice(caps Capabilities) string {
	if caps.IdempotentRefunds {
		return adviceRefundResendSame
	}
	return adviceRefundResendRefused
}

// withAdvice fills in the default Advice of err, the Client's own *Error,
// when it wraps ErrOutcomeUnknown and the provider gave no advice. A
// provider's own advice is kept as it is.
func withAdvice(op Operation, caps Capabilities, err error) error {
	if e, ok := err.(*Error); ok && e.Advice == "" && errors.Is(e, ErrOutcomeUnknown) {
		e.Advice = defaultAdvice(op, caps)
	}
	return err
}
